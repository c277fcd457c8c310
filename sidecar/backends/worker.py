"""The local model's worker process: llama.cpp runs here, so a native crash kills only it.

The daemon starts ``python -m sidecar.backends.worker SETTINGS_JSON on|off`` (the second
argument is weight repacking, see :func:`weight_repack`) and talks to it over the pipes
(Ollama's runner pattern). The worker is a :class:`~sidecar.backends.local.LocalBackend`
with its priority queue and preemption, behind a frame protocol. A frame is a 4-byte
big-endian length and a pickle (both ends are this package, on one machine):

=====================================  ==================================================
parent -> worker                       meaning
=====================================  ==================================================
``("stream", id, Request, priority)``  generate; priority None means by endpoint
``("cancel", id)``                     stop that generation at its next token
=====================================  ==================================================

=====================================  ==================================================
worker -> parent                       meaning
=====================================  ==================================================
``("ready", health)``                  once: the model loaded and decoded a probe token
``("failed", message)``                once: the model cannot load (no crash; no restart)
``("chunk", id, Chunk)``               a piece of the answer
``("error", id, ErrorInfo)``           the generation failed (a LocalModelError)
``("end", id)``                        nothing more for ``id``
=====================================  ==================================================

The worker exits when its stdin closes (the daemon went away). Its stdout is the protocol
channel only: file descriptor 1 is pointed at stderr, so native code that prints cannot
corrupt a frame.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, Literal

from sidecar.config import LocalSettings
from sidecar.errors import LocalModelError, SidecarError
from sidecar.request import Chunk

if TYPE_CHECKING:
    from sidecar.backends.local import LocalBackend

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">I")
AMX_FLAGS = frozenset({"amx_tile", "amx_int8", "amx_bf16", "amx_fp16", "amx_complex"})
"""CPU flags (``/proc/cpuinfo``) of Intel AMX, whose llama.cpp matmul can crash."""

ErrorInfo = tuple[str, int, str, str | None]
"""A LocalModelError on the wire: (message, HTTP status, error type, error code)."""


def frame(message: Any) -> bytes:
    """Return ``message`` as one frame (length prefix + pickle)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


async def read_frame(reader: asyncio.StreamReader) -> Any:
    """Read one frame.

    Raises:
        asyncio.IncompleteReadError: the other end closed the pipe.

    """
    (size,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    return pickle.loads(await reader.readexactly(size))


def error_info(exc: SidecarError) -> ErrorInfo:
    """Return a backend error as it crosses the pipe."""
    return (exc.message, exc.status, exc.error_type, exc.code)


def rebuild_error(info: ErrorInfo) -> LocalModelError:
    """Return the :class:`LocalModelError` that :func:`error_info` described."""
    message, status, error_type, code = info
    exc = LocalModelError(message)
    exc.status, exc.error_type, exc.code = status, error_type, code
    return exc


def cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> frozenset[str]:
    """Return the CPU feature flags the kernel reports (empty where there is no cpuinfo)."""
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def weight_repack(setting: Literal["auto", "on", "off"], flags: Iterable[str]) -> bool:
    """Decide whether llama.cpp may repack weights into CPU-specific buffers.

    ``auto`` is off on CPUs with AMX: llama.cpp's AMX matmul, used for repacked weights,
    segfaults on the first decode there ("segfault in ggml_backend_amx_mul_mat",
    llama.cpp #20824; Ollama #17249). Without repacking the CPU backend's own kernels
    run, a few percent slower on AVX-512 machines and never crashing.

    Args:
        setting: ``local.weight_repack``.
        flags: the CPU's feature flags (:func:`cpu_flags`).

    """
    if setting != "auto":
        return setting == "on"
    return not (AMX_FLAGS & set(flags))


class _Worker:
    """The worker side: one LocalBackend, generations keyed by the parent's ids.

    Chunks are framed and written on the model's thread as they are generated (no hop
    through this process's event loop per token); the event loop only reads requests and
    cancellations.
    """

    def __init__(self, write: Callable[[bytes], object]):
        self._write = write
        self._lock = threading.Lock()
        self._cancels: dict[int, threading.Event] = {}

    def send(self, message: Any) -> None:
        data = frame(message)
        with self._lock:
            self._write(data)

    async def serve(self, backend: LocalBackend, reader: asyncio.StreamReader) -> None:
        while True:
            try:
                message = await read_frame(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                break  # the daemon is gone
            if message[0] == "stream":
                _, ident, request, priority = message
                self._cancels[ident] = backend.submit(
                    request, functools.partial(self._put, ident), priority=priority
                )
            elif message[0] == "cancel":
                cancelled = self._cancels.pop(message[1], None)
                if cancelled is not None:
                    cancelled.set()
        for cancelled in self._cancels.values():
            cancelled.set()

    def _put(self, ident: int, item: Chunk | BaseException | None) -> None:
        """Frame one item of generation ``ident`` (on the model's thread)."""
        if item is None:
            self._cancels.pop(ident, None)
            self.send(("end", ident))
        elif isinstance(item, SidecarError):
            self.send(("error", ident, error_info(item)))
        elif isinstance(item, BaseException):
            log.error("local generation failed", exc_info=item)
            self.send(("error", ident, error_info(LocalModelError(f"local generation: {item}"))))
        else:
            self.send(("chunk", ident, item))


async def _main(settings_json: str, repack: bool, out: IO[bytes]) -> None:
    from sidecar.backends.local import LocalBackend

    def write(data: bytes) -> None:
        out.write(data)
        out.flush()

    worker = _Worker(write)
    backend = LocalBackend(LocalSettings.model_validate_json(settings_json), weight_repack=repack)
    try:
        await backend.start()
    except LocalModelError as exc:
        worker.send(("failed", exc.message))
        return
    worker.send(("ready", {**backend.health(), "pid": os.getpid()}))
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        await worker.serve(backend, reader)
    finally:
        await backend.close()


def main() -> None:
    """Run the worker: ``python -m sidecar.backends.worker SETTINGS_JSON on|off``."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stdout is now the log; the protocol has its own descriptor
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s worker %(name)s: %(message)s",
    )
    asyncio.run(_main(sys.argv[1], sys.argv[2] == "on", out))


if __name__ == "__main__":
    main()
