"""The language server's line to the daemon: every model call goes over loopback HTTP.

``sidecar lsp`` keeps the editor-side work (documents, trees, FIM context, clean-up, its
completion cache) and sends model calls to the workstation's one daemon through its
OpenAI-compatible API (``/v1/completions`` for FIM, ``/v1/chat/completions`` for code
actions), as any other client does; the daemon classifies, routes, records and budgets.
Completions run first in the daemon's queue whichever process sent them. Cancelling the
task of a call closes its connection, and the daemon stops the generation at its next
token.

While connected the client holds ``/v1/sidecar/attach`` open, so a daemon an editor
started stays up while any editor is attached. When the daemon goes away (stopped, idle
exit, crash), the next call finds or starts one again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from sidecar.config import Settings
from sidecar.daemon import DaemonInfo, ensure_daemon
from sidecar.errors import DaemonError, SidecarError

log = logging.getLogger(__name__)

RETRY_AFTER_S = 10.0
"""Seconds after a failed start or attach before the next attempt."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A model call's answer as the daemon gave it.

    Attributes:
        text: the generated text (choice 0).
        sidecar: the daemon's ``sidecar`` field: task, route, model, reasons, degraded,
            fallback, cost_usd (USD).

    """

    text: str
    sidecar: dict[str, Any]


class DaemonClient:
    """Find or start the daemon, attach to it, and send it model calls.

    Args:
        settings: the editor's settings (``server.start_timeout_s`` is used here).
        app: the editor's name, recorded as the app on every ledger row.

    """

    def __init__(self, settings: Settings, app: str):
        self.settings = settings
        self.app = app
        self.info: DaemonInfo | None = None
        self._session: aiohttp.ClientSession | None = None
        self._attach: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._failure: tuple[float, DaemonError] | None = None

    async def connect(self) -> DaemonInfo:
        """Attach to the running daemon, starting one if none answers.

        A failure is remembered for :data:`RETRY_AFTER_S` seconds, so an editor typing
        while the daemon cannot start gets the error at once instead of a start attempt
        per keystroke.

        Raises:
            DaemonError: it could not be started, or it runs another version.

        """
        async with self._lock:
            if self.info is not None and self._session is not None:
                return self.info
            if self._failure is not None and time.monotonic() - self._failure[0] < RETRY_AFTER_S:
                raise self._failure[1]
            try:
                info = await ensure_daemon(self.settings)
            except DaemonError as exc:
                self._failure = (time.monotonic(), exc)
                raise
            self._failure = None
            session = aiohttp.ClientSession(
                base_url=info.url,
                headers={"Authorization": f"Bearer {info.token}", "X-Sidecar-App": self.app},
                timeout=aiohttp.ClientTimeout(total=None, connect=5),
            )
            self.info, self._session = info, session
            self._attach = asyncio.create_task(self._hold(session), name="sidecar-attach")
            log.info("attached to sidecar daemon %s at %s (pid %d)", info.version, info.url,
                     info.pid)  # fmt: skip
            return info

    async def close(self) -> None:
        """Detach (the daemon stays up; one an editor started exits when idle)."""
        if self._attach is not None:
            self._attach.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._attach
            self._attach = None
        await self._drop()

    async def _drop(self) -> None:
        session, self._session, self.info = self._session, None, None
        if session is not None:
            await session.close()

    async def _hold(self, session: aiohttp.ClientSession) -> None:
        """Hold ``/v1/sidecar/attach`` open; forget the daemon when it closes."""
        try:
            async with session.get("/v1/sidecar/attach") as response:
                async for _ in response.content:
                    pass
        except aiohttp.ClientError as exc:
            log.info("daemon connection lost: %s", exc)
        if self._session is session:
            log.info("sidecar daemon went away; the next call finds or starts one")
            self._attach = None
            await self._drop()

    async def complete_fim(
        self, prefix: str, suffix: str, *, max_tokens: int, temperature: float
    ) -> Answer:
        """Fill in the middle between ``prefix`` and ``suffix`` (characters) on the daemon.

        Raises:
            SidecarError: the daemon refused or failed the call (its message), or
                :class:`DaemonError` when it cannot be reached.

        """
        body = {
            "model": "sidecar/auto",
            "prompt": prefix,
            "suffix": suffix,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        data = await self.post("/v1/completions", body)
        return Answer(str(data["choices"][0]["text"]), dict(data.get("sidecar", {})))

    async def chat(
        self,
        messages: list[dict[str, str]],
        *,
        files: tuple[str, ...] = (),
        task: str | None = None,
    ) -> Answer:
        """Send a chat completion (``[{"role", "content"}]``) to ``sidecar/auto``.

        ``files`` are the paths the content comes from (``X-Sidecar-Files``), so the data
        boundary keeps a ``.env`` or a key file off the gateway. ``task`` is the kind the
        editor command already knows (``X-Sidecar-Task``: review, refactor, planning), so
        the daemon routes it without classifying.

        Raises:
            SidecarError: as :meth:`complete_fim`.

        """
        body = {"model": "sidecar/auto", "messages": messages}
        headers = {"X-Sidecar-Files": ",".join(files)} if files else {}
        if task:
            headers["X-Sidecar-Task"] = task
        data = await self._call("POST", "/v1/chat/completions", body, headers or None)
        content = data["choices"][0]["message"].get("content") or ""
        return Answer(str(content), dict(data.get("sidecar", {})))

    async def usage(self) -> dict[str, Any]:
        """Return today's usage and budget (``GET /v1/sidecar/usage``).

        Raises:
            SidecarError: as :meth:`complete_fim`.

        """
        return await self._call("GET", "/v1/sidecar/usage", None)

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to the daemon's ``path`` and return its JSON answer.

        A daemon that went away is found or started again once before giving up.

        Raises:
            SidecarError: as :meth:`complete_fim`.

        """
        return await self._call("POST", path, body)

    async def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        for attempt in (1, 2):
            await self.connect()
            session = self._session
            assert session is not None
            try:
                async with session.request(method, path, json=body, headers=headers) as response:
                    data = await response.json(content_type=None)
                    status = response.status
            except (aiohttp.ClientConnectionError, aiohttp.ServerDisconnectedError) as exc:
                await self._drop()
                if attempt == 2:
                    raise DaemonError(f"sidecar daemon unreachable: {exc}") from exc
                continue
            except ValueError as exc:
                raise DaemonError(f"sidecar daemon sent an answer that is not JSON: {exc}") from exc
            if status >= 400:
                error = data.get("error", {}) if isinstance(data, dict) else {}
                failed = SidecarError(
                    str(error.get("message", f"HTTP {status}")), code=error.get("code")
                )
                failed.status = status
                raise failed
            if not isinstance(data, dict):
                raise DaemonError("sidecar daemon sent an answer of the wrong shape")
            return data
        raise AssertionError("unreachable")
