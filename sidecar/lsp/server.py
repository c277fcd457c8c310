"""``sidecar lsp``: a pygls language server over stdio, on the same engine as ``serve``.

The server owns the open documents (with their tree-sitter trees), the engine (opened
on ``initialized``, closed on ``shutdown``), the completion cache and the in-flight
completion per document. Features live one per module under ``features/``, each wired
in by a ``setup(server)`` function; a feature that fails to set up is logged and left
out, never fatal (esbonio's ``call_features`` pattern).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from sidecar.config import Settings, load_settings
from sidecar.engine import Engine
from sidecar.errors import ConfigError
from sidecar.identity import developer_name
from sidecar.lsp.documents import Documents
from sidecar.request import Caller

log = logging.getLogger(__name__)

CACHE_SIZE = 512
"""Completions kept in the exact cache (keyed on the FIM prompt)."""


def camel_to_snake(value: Any) -> Any:
    """Map an editor's camelCase settings JSON onto the config file's snake_case keys."""
    if isinstance(value, dict):
        return {
            re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): camel_to_snake(v) for k, v in value.items()
        }
    return value


class SidecarServer(LanguageServer):
    """The language server: documents, engine, completion cache, in-flight completions."""

    def __init__(self) -> None:
        from importlib.metadata import version

        super().__init__("sidecar", version("sidecar"))
        self.documents = Documents()
        self.settings = Settings()
        self.engine: Engine | None = None
        self.engine_ready = asyncio.Event()
        self.client_name = "lsp"
        self.developer = ""
        self.completion_cache: OrderedDict[str, str] = OrderedDict()
        self.inflight: dict[str, asyncio.Task[Any]] = {}
        self.progress_tasks: dict[str, asyncio.Task[Any]] = {}
        self._stack: contextlib.AsyncExitStack | None = None
        self._engine_lock = asyncio.Lock()

    @property
    def caller(self) -> Caller:
        """Who the ledger records for this editor's calls."""
        return Caller(developer=self.developer, app=self.client_name)

    def apply_options(self, options: Any) -> None:
        """Apply ``initializationOptions`` or a configuration change (same keys as the file).

        Invalid options are reported with ``window/showMessage`` and the previous settings
        are kept.
        """
        overrides = camel_to_snake(options) if isinstance(options, dict) else {}
        overrides = overrides.get("sidecar", overrides)
        try:
            self.settings = load_settings(None, overrides)
        except ConfigError as exc:
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"sidecar: {exc.message}")
            )

    async def start_engine(self) -> None:
        """Open the engine for the current settings (closing a previous one)."""
        from sidecar.runtime import open_engine

        async with self._engine_lock:  # a configuration change may arrive mid-load
            await self.stop_engine()
            self.engine_ready.clear()
            self._stack = contextlib.AsyncExitStack()
            self.developer = developer_name(self.settings.identity.developer)
            self.engine = await self._stack.enter_async_context(open_engine(self.settings))
            self.engine_ready.set()

    async def stop_engine(self) -> None:
        """Close the engine and its resources."""
        if self._stack is not None:
            stack, self._stack = self._stack, None
            self.engine = None
            await stack.aclose()

    async def ready_engine(self) -> Engine:
        """Wait until the engine is open and return it."""
        await self.engine_ready.wait()
        assert self.engine is not None
        return self.engine

    def notify_routed(self, payload: dict[str, Any]) -> None:
        """Send the ``sidecar/routed`` notification (task, route, model, cost_usd)."""
        self.protocol.notify("sidecar/routed", payload)


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
