"""Configuration: ``initializationOptions`` and ``workspace/didChangeConfiguration``.

Keys are those of the config file, in camelCase or snake_case (``{"local":
{"completionTemperature": 0}}``), optionally under a ``sidecar`` section; an editor sets
only its own keys (:data:`sidecar.lsp.server.EDITOR_KEYS`). The daemon is found or started
on ``initialized`` and detached from on ``shutdown``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer


def setup(server: SidecarServer) -> None:
    """Register the configuration handlers."""

    @server.feature(types.INITIALIZE)
    def initialize(ls: SidecarServer, params: types.InitializeParams) -> None:
        info = params.client_info
        ls.client_name = info.name if info and info.name else "lsp"
        ls.apply_options(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: SidecarServer, params: types.InitializedParams) -> None:
        encoding = ls.server_capabilities.position_encoding
        ls.documents.encoding = str(encoding) if encoding else "utf-16"
        ls.connect_daemon()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def changed(ls: SidecarServer, params: types.DidChangeConfigurationParams) -> None:
        if not params.settings:
            return
        before = ls.settings
        ls.apply_options(params.settings)
        if ls.settings != before:
            ls.connect_daemon()

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: SidecarServer, params: None) -> None:
        await ls.disconnect_daemon()
