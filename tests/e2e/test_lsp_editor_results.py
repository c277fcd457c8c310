"""What the VS Code extension relies on in sidecar lsp, over stdio on the bundled model.

- ``$/cancelRequest`` on ``workspace/executeCommand`` stops the command: no finding is
  published, no call is routed, and the request answers ``RequestCancelled``;
- a client with the experimental capability ``sidecarCommandResults`` gets Explain's text
  in the result only, not also in ``window/showMessage``;
- ``sidecar/usage`` carries the budget's soft ratio and the config file's path.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.conftest import write_config

CODE = "def average(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n"
WHOLE = {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "sidecar", "lsp"])
)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    routed: list[Any] = []

    @lsp_client.feature("sidecar/routed")
    def on_routed(params: Any) -> None:
        routed.append(params)

    lsp_client.routed = routed  # type: ignore[attr-defined]
    write_config(tmp_path, (
        f'[local]\nn_threads = 1\n[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n'
        "[budgets]\ndaily_usd = 2.0\nsoft_ratio = 0.75\n"
    ))  # fmt: skip
    capabilities = client_capabilities("visual-studio-code")
    capabilities.experimental = {"sidecarCommandResults": True}
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities,
        client_info=types.ClientInfo(name="test-vscode-extension"),
        root_uri=tmp_path.as_uri(),
    ))  # fmt: skip
    yield
    await lsp_client.shutdown_session()


async def test_cancel_results_and_usage(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "calc.py").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=CODE)
    ))  # fmt: skip

    # The first call also starts the daemon (seconds): cancel the review while it waits.
    review = types.ExecuteCommandParams(command="sidecar.review", arguments=[uri, WHOLE])
    pending = client.protocol.send_request(
        types.WORKSPACE_EXECUTE_COMMAND, review, msg_id="review-to-cancel"
    )
    await asyncio.sleep(0.3)
    assert not pending.done(), "the review finished before it could be cancelled"
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="review-to-cancel"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(asyncio.wrap_future(pending), 30)

    # Explain after it: the only call that reaches the model, so the only one routed. Had
    # the cancelled review gone on, it would have been routed (and published) first.
    explain: Any = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="sidecar.explain", arguments=[uri, WHOLE])
    )
    assert explain["markdown"].strip()
    routed = client.routed  # type: ignore[attr-defined]
    assert [r.task for r in routed] == [explain["sidecar"]["task"]]
    assert uri not in client.diagnostics
    # The client shows the explanation itself: no message carries it.
    assert not any(m.message == explain["markdown"] for m in client.messages)

    usage = await client.protocol.send_request_async("sidecar/usage", {})
    assert usage.calls == 1 and usage.budget_usd == 2.0
    assert usage.budget_soft_ratio == 0.75
    assert usage.config_path == str(tmp_path / "config" / "config.toml")
