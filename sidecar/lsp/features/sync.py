"""Document sync: open, incremental change (tree edit + reparse), close (LSP 3.17)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer


def setup(server: SidecarServer) -> None:
    """Register the document sync handlers."""

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SidecarServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.documents.open(params.text_document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SidecarServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.documents.change(params)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SidecarServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)
        task = ls.inflight.pop(params.text_document.uri, None)
        if task is not None:
            task.cancel()
