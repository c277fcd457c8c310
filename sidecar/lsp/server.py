"""``sidecar lsp``: a pygls language server over stdio, a thin client of the daemon.

The server owns the open documents (with their tree-sitter trees), the completion cache
and the in-flight completion per document; every model call goes to the workstation's one
daemon (:mod:`sidecar.lsp.client`), found or started on ``initialized`` and detached on
``shutdown``, so any number of editors share one model, KV cache, queue and budget.
Features live one per module under ``features/``, each wired in by a ``setup(server)``
function; a feature that fails to set up is logged and left out, never fatal (esbonio's
``call_features`` pattern).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from sidecar.config import Settings, config_path, load_settings
from sidecar.errors import ConfigError, DaemonError
from sidecar.lsp.client import DaemonClient
from sidecar.lsp.documents import Documents

log = logging.getLogger(__name__)

CACHE_SIZE = 512
"""Completions kept in the exact cache (keyed on the FIM prompt)."""
EDITOR_KEYS = {"local": frozenset({"completion_max_tokens", "completion_temperature"})}
"""Settings an editor may set; the rest (model, gateway, routes, budgets, ledger) are the
daemon's, read from its config file, so one editor cannot change what all clients share."""


def editor_overrides(overrides: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Split editor options into the keys an editor may set and the names of the others."""
    kept: dict[str, Any] = {}
    ignored: list[str] = []
    for section, values in overrides.items():
        allowed = EDITOR_KEYS.get(section, frozenset())
        if not isinstance(values, dict):
            ignored.append(section)
            continue
        for key, value in values.items():
            if key in allowed:
                kept.setdefault(section, {})[key] = value
            else:
                ignored.append(f"{section}.{key}")
    return kept, ignored


def camel_to_snake(value: Any) -> Any:
    """Map an editor's camelCase settings JSON onto the config file's snake_case keys."""
    if isinstance(value, dict):
        return {
            re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): camel_to_snake(v) for k, v in value.items()
        }
    return value


class SidecarServer(LanguageServer):
    """The language server: documents, daemon client, completion cache, in-flight calls."""

    def __init__(self) -> None:
        from importlib.metadata import version

        super().__init__("sidecar", version("sidecar"))
        self.documents = Documents()
        self.settings = Settings()
        self.daemon: DaemonClient | None = None
        self.client_name = "lsp"
        self.completion_cache: OrderedDict[str, str] = OrderedDict()
        self.inflight: dict[str, asyncio.Task[Any]] = {}
        self.progress_tasks: dict[str, asyncio.Task[Any]] = {}
        self._connecting: asyncio.Task[Any] | None = None
        self._warned: set[str] = set()
        self._budget_warned: date | None = None

    def apply_options(self, options: Any) -> None:
        """Apply ``initializationOptions`` or a configuration change (same keys as the file).

        Only the editor's own keys apply (:data:`EDITOR_KEYS`); others are named in one
        ``window/showMessage`` warning that points at the daemon's config file. Invalid
        options are reported the same way and the previous settings kept.
        """
        overrides = camel_to_snake(options) if isinstance(options, dict) else {}
        overrides = overrides.get("sidecar", overrides)
        kept, ignored = editor_overrides(overrides)
        new = sorted(set(ignored) - self._warned)
        if new:
            self._warned.update(new)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, (
                f"sidecar: {', '.join(new)} ignored: the shared sidecar daemon reads them from "
                f"{config_path()}, so every editor and agent uses one model, gateway and budget."
            )))  # fmt: skip
        try:
            self.settings = load_settings(None, kept)
        except ConfigError as exc:
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"sidecar: {exc.message}")
            )

    def connect_daemon(self) -> None:
        """Find or start the daemon in the background (``initialized``)."""
        if self.daemon is None:
            self.daemon = DaemonClient(self.settings, self.client_name)
        self._connecting = asyncio.ensure_future(self.daemon.connect())
        self._connecting.add_done_callback(self._report_connect)

    def _report_connect(self, task: asyncio.Future[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, DaemonError):
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"sidecar: {exc.message}")
            )
        elif exc is not None:
            log.error("connecting to the sidecar daemon failed", exc_info=exc)

    async def ready_daemon(self) -> DaemonClient:
        """Return the daemon client once attached (a failed start is tried again here).

        Raises:
            DaemonError: the daemon cannot be started or runs another version.

        """
        if self.daemon is None:
            self.connect_daemon()
        assert self.daemon is not None
        if self._connecting is not None and not self._connecting.done():
            with contextlib.suppress(DaemonError):
                await asyncio.shield(self._connecting)
        await self.daemon.connect()
        return self.daemon

    async def disconnect_daemon(self) -> None:
        """Detach from the daemon (``shutdown``)."""
        if self._connecting is not None:
            self._connecting.cancel()
        if self.daemon is not None:
            await self.daemon.close()

    def notify_routed(self, info: dict[str, Any]) -> None:
        """Send ``sidecar/routed`` (task, route, model, cost_usd) from a call's sidecar info.

        A budget warning in the info is shown with ``window/showMessage`` once a day.
        """
        warning = info.get("budget_warning")
        if warning and self._budget_warned != date.today():
            self._budget_warned = date.today()
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Warning, f"sidecar: {warning}")
            )
        payload = {key: info.get(key) for key in ("task", "route", "model")}
        self.protocol.notify("sidecar/routed", {**payload, "cost_usd": info.get("cost_usd", 0.0)})


def create_server() -> SidecarServer:
    """Build the server with every feature wired in."""
    from sidecar.lsp.features import actions, completion, configuration, status, sync

    server = SidecarServer()
    setups: list[tuple[str, Callable[[SidecarServer], None]]] = [
        ("configuration", configuration.setup),
        ("sync", sync.setup),
        ("completion", completion.setup),
        ("actions", actions.setup),
        ("status", status.setup),
    ]
    for name, setup in setups:
        try:
            setup(server)
        except Exception:  # isolation boundary: one broken feature must not stop the server
            log.exception("sidecar lsp: feature %s failed to set up", name)
    return server


def main() -> None:
    """Run the server over stdio (stdout is the LSP channel: logs go to stderr)."""
    create_server().start_io()
