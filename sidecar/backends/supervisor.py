"""The daemon's local backend: a supervised worker process that holds the model.

:class:`WorkerBackend` implements :class:`~sidecar.backends.Backend` by sending each
request to the worker (:mod:`sidecar.backends.worker`) and relaying its chunks; priority,
preemption and the KV cache live in the worker, so every client of the daemon shares them.
The event loop never blocks on the model, and a native crash in llama.cpp (segfault,
abort, OOM kill) ends only the worker (Ollama's runner pattern):

- each call in flight gets a :class:`~sidecar.errors.LocalModelError` naming the exit
  (the engine then falls back to the gateway unless the call was forced local, and
  records the row with the reason);
- the worker restarts with exponential backoff (0.5 s doubling to 30 s; back to 0.5 s
  after a minute up), and ``/healthz`` shows the restarts and the last exit signal;
- a worker that crashes while loading with weight repacking on is retried without it
  (the AMX crash, :func:`~sidecar.backends.worker.weight_repack`);
- after :data:`MAX_LOAD_CRASHES` crashes in a row before the model is ready, the daemon
  stops retrying and serves gateway routes only, saying why in ``/healthz``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import logging
import signal
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, Literal

from sidecar.backends.local import LocalBackend, collect, relay
from sidecar.backends.worker import AMX_FLAGS, cpu_flags, read_frame, rebuild_error, weight_repack
from sidecar.backends.worker import frame as encode_frame
from sidecar.config import LocalSettings
from sidecar.errors import LocalModelError
from sidecar.request import Caller, Chunk, Request, Result

log = logging.getLogger(__name__)

MAX_LOAD_CRASHES = 5
"""Crashes in a row before the model is ready after which restarts stop."""
BACKOFF_S = (0.5, 30.0)
"""First and longest wait before a restart, in seconds."""
WORKER_COMMAND = (sys.executable, "-m", "sidecar.backends.worker")
"""How the daemon starts its worker (arguments follow)."""
STABLE_S = 60.0
"""A worker up this long (seconds) resets the backoff."""

State = Literal["starting", "ready", "restarting", "failed", "closed"]


def describe_exit(returncode: int | None) -> str:
    """Return ``SIGSEGV``-style names for signals, ``exit 3`` for codes."""
    if returncode is None:
        return "unknown"
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit {returncode}"


class WorkerBackend:
    """The local model in a supervised worker process.

    Args:
        settings: the ``[local]`` settings (sent to the worker).
        flags: the CPU's feature flags; None reads ``/proc/cpuinfo``.
        command: the worker's command line before its two arguments (settings JSON and
            ``on``/``off``); :data:`WORKER_COMMAND` by default.
        backoff_s: first and longest wait before a restart, in seconds.

    Call :meth:`start` before use and :meth:`close` at the end. All token counts are in
    the local model's tokens.

    """

    route_name = "local"

    def __init__(
        self,
        settings: LocalSettings,
        *,
        flags: frozenset[str] | None = None,
        command: tuple[str, ...] = WORKER_COMMAND,
        backoff_s: tuple[float, float] = BACKOFF_S,
    ):
        self.settings = settings
        self.command = command
        self.backoff_s = backoff_s
        self.model_name = LocalBackend(settings).model_name
        flags = cpu_flags() if flags is None else flags
        self.cpu_amx = bool(AMX_FLAGS & flags)
        self.weight_repack = weight_repack(settings.weight_repack, flags)
        self.state: State = "starting"
        self.restarts = 0
        self.last_exit: str | None = None
        self.last_exit_at: str | None = None
        self.error: str | None = None
        self._info: dict[str, Any] = {}
        self._proc: asyncio.subprocess.Process | None = None
        self._streams: dict[int, asyncio.Queue[Any]] = {}
        self._ids = itertools.count()
        self._settled = asyncio.Event()
        self._supervisor: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def pid(self) -> int | None:
        """The worker's process id, or None while none runs."""
        return self._proc.pid if self._proc is not None and self._proc.returncode is None else None

    def model_for(self, request: Request) -> str:
        """Return the local model's name (one model serves every request)."""
        return self.model_name

    # lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the worker and wait until the model is loaded (or cannot be).

        Crashes while loading are retried as described in the module docstring before
        this returns.

        Raises:
            LocalModelError: the model cannot be loaded; the daemon serves the gateway.

        """
        if self._supervisor is None:
            self._supervisor = asyncio.create_task(self._supervise(), name="sidecar-worker")
        await self._settled.wait()
        if self.state == "failed":
            raise LocalModelError(self.error or "the local model worker failed")

    async def close(self) -> None:
        """Stop the worker (stdin closed, then SIGKILL after 10 s) and its supervisor."""
        self.state, self._closing = "closed", True
        proc = self._proc
        if proc is not None and proc.returncode is None:
            assert proc.stdin is not None
            proc.stdin.close()
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
            self._supervisor = None

    def health(self) -> dict[str, Any]:
        """Return the backend's status for ``/healthz``.

        ``status`` is ``ok``, ``loading``, ``restarting`` or ``error``; ``worker`` has the
        worker's pid, restarts, last exit (``SIGSEGV``, ``exit 1``) and when (UTC ISO).
        """
        status = {"ready": "ok", "starting": "loading", "restarting": "restarting"}.get(
            self.state, "error"
        )
        info = {k: v for k, v in self._info.items() if k not in ("status", "queued", "pid")}
        return {
            "model": self.model_name,
            "n_ctx": self.settings.n_ctx,
            **info,
            "status": status,
            "in_flight": len(self._streams),
            "worker": {
                "pid": self.pid,
                "restarts": self.restarts,
                "last_exit": self.last_exit,
                "last_exit_at": self.last_exit_at,
                "weight_repack": self.weight_repack,
                "cpu_amx": self.cpu_amx,
            },
            **({"error": self.error} if self.error else {}),
        }

    # supervision ----------------------------------------------------------------------

    async def _spawn(self) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            *self.command,
            self.settings.model_dump_json(),
            "on" if self.weight_repack else "off",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )

    async def _supervise(self) -> None:
        try:
            await self._restart_loop()
        except Exception as exc:  # isolation boundary: the daemon goes on, gateway only
            log.error("local model supervisor failed", exc_info=True)
            self.error = f"the local model worker could not be run: {exc}"
            self._fail_all(self.error)
            self._settle("failed")

    async def _restart_loop(self) -> None:
        backoff, load_crashes = self.backoff_s[0], 0
        while not self._closing:
            proc = await self._spawn()
            self._proc = proc
            started = time.monotonic()
            assert proc.stdout is not None
            outcome = await self._read(proc.stdout)
            returncode = await proc.wait()
            how = describe_exit(returncode)
            self._fail_all(f"the local model worker died ({how})")
            if self._closing:
                return
            if outcome == "failed":  # the model cannot load: a restart would fail the same way
                self._settle("failed")
                return
            self.restarts += 1
            self.last_exit, self.last_exit_at = how, datetime.now(UTC).isoformat(timespec="seconds")
            if outcome == "ready":
                load_crashes = 0
                if time.monotonic() - started >= STABLE_S:
                    backoff = self.backoff_s[0]
                log.error("local model worker died (%s); restarting in %.1f s", how, backoff)
            else:
                load_crashes += 1
                if self.weight_repack and returncode < 0:
                    self.weight_repack = False
                    log.error("worker crashed loading the model (%s); retrying without "
                              "weight repacking", how)  # fmt: skip
                if load_crashes >= MAX_LOAD_CRASHES:
                    self.error = (
                        f"the local model worker crashed {load_crashes} times while loading "
                        f"{self._info.get('path') or self.settings.model_path or self.model_name}"
                        f" (last: {how}); serving gateway routes only. Check the model file and "
                        "local.n_gpu_layers, then restart sidecar."
                    )
                    log.error("%s", self.error)
                    self._settle("failed")
                    return
            self.state = "restarting"
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.backoff_s[1])

    async def _read(self, stdout: asyncio.StreamReader) -> str:
        """Dispatch the worker's frames until it exits; return how far it got."""
        outcome = "crashed"
        while True:
            try:
                message = await read_frame(stdout)
            except (asyncio.IncompleteReadError, ConnectionError):
                return outcome
            kind = message[0]
            if kind in ("chunk", "error", "end"):
                queue = self._streams.get(message[1])
                if queue is not None:
                    queue.put_nowait(
                        message[2] if kind == "chunk"
                        else rebuild_error(message[2]) if kind == "error"
                        else None
                    )  # fmt: skip
            elif kind == "ready":
                outcome, self._info, self.error = "ready", message[1], None
                self.model_name = str(self._info.get("model", self.model_name))
                self._settle("ready")
            elif kind == "failed":
                outcome, self.error = "failed", str(message[1])
                log.error("local model unavailable: %s", self.error)

    def _settle(self, state: State) -> None:
        self.state = state
        self._settled.set()

    def _fail_all(self, reason: str) -> None:
        for queue in self._streams.values():
            queue.put_nowait(LocalModelError(reason))
        self._streams.clear()

    def _send(self, message: Any) -> None:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.returncode is not None:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            proc.stdin.write(encode_frame(message))

    # requests -------------------------------------------------------------------------

    async def complete(self, request: Request, caller: Caller | None = None) -> Result:
        """Return the whole answer for ``request``.

        Raises:
            LocalModelError: the model is not loaded, generation failed, the prompt does
                not fit (status 400, code ``context_length_exceeded``) or the worker died.

        """
        return await collect(self.stream(request), self.model_name)

    async def stream(
        self, request: Request, caller: Caller | None = None, *, priority: int | None = None
    ) -> AsyncIterator[Chunk]:
        """Stream the answer from the worker: text chunks, then finish reason and usage.

        Closing the iterator early cancels the generation at its next token.

        Raises:
            LocalModelError: as :meth:`complete`; a worker that is restarting fails the
                call before its first chunk, so the engine can fall back.

        """
        if self.state != "ready":
            raise LocalModelError(self._unavailable())
        ident = next(self._ids)
        queue: asyncio.Queue[Any] = asyncio.Queue()
        self._streams[ident] = queue
        # The original body and headers are for gateway pass-through; the model needs
        # neither, and a 50 KB agent body need not cross the pipe.
        self._send(("stream", ident, dataclasses.replace(request, body={}, headers={}), priority))
        try:
            async for chunk in relay(queue):
                yield chunk
        finally:
            if self._streams.pop(ident, None) is not None:
                self._send(("cancel", ident))

    def _unavailable(self) -> str:
        if self.state == "restarting":
            return f"the local model worker is restarting after {self.last_exit}"
        if self.state == "starting":
            return "the local model is still loading"
        return self.error or "the local model is not available"
