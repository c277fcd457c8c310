"""sidecar lsp end to end: pytest-lsp drives the real server over stdio on the bundled model."""

from __future__ import annotations

import sys
import textwrap as stdlib_module
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from sidecar.classify.context import parse
from tests.conftest import write_config
from tests.support.standin import StandinGateway, ThreadedStandin

UNION: Any = Union[types.Command, types.CodeAction]  # noqa: UP007 - the key lsprotocol registered
SOURCE = Path(stdlib_module.__file__).read_text()  # a real module of Python's standard library


@pytest.fixture
def gateway_url() -> Iterator[str]:
    # pytest-lsp fixtures cannot depend on async fixtures: the stand-in runs in a thread.
    with ThreadedStandin(
        StandinGateway(reply="1. Add a width check in wrap().\n2. Test it.")
    ) as gw:
        yield gw.url


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "sidecar", "lsp"]),
    params=["visual-studio-code", "neovim"],
)
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, gateway_url: str, tmp_path: Path
) -> AsyncIterator[None]:
    edits: list[types.ApplyWorkspaceEditParams] = []

    @lsp_client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        edits.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    routed: list[Any] = []

    @lsp_client.feature("sidecar/routed")
    def on_routed(params: Any) -> None:
        routed.append(params)

    # lsprotocol 2025.0.0 structures any object with a "command" key as a Command, so a
    # CodeAction carrying a command arrives as a Command in Python clients; tell them apart
    # by the type of "command" (a string only in a Command).
    converter = lsp_client.protocol._converter

    def command_or_action(obj: Any, _: Any) -> Any:
        kind = types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        return converter.structure(obj, kind)

    converter.register_structure_hook(UNION, command_or_action)
    lsp_client.edits = edits  # type: ignore[attr-defined]
    lsp_client.routed = routed  # type: ignore[attr-defined]
    # The daemon this LSP starts reads the config file (in SIDECAR_CONFIG, set per test).
    write_config(tmp_path, (
        f'[gateway]\nbase_url = "{gateway_url}"\nmax_retries = 0\n'
        f'[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n[budgets]\ndaily_usd = 5.0\n'
    ))  # fmt: skip
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(request.param),
        client_info=types.ClientInfo(name=f"test-{request.param}"),
        initialization_options={"local": {"completionTemperature": 0}},
        root_uri=tmp_path.as_uri(),
    ))  # fmt: skip
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    ))  # fmt: skip


def type_text(
    client: LanguageClient, uri: str, line: int, col: int, text: str, version: int
) -> None:
    where = types.Range(types.Position(line, col), types.Position(line, col))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=where, text=text)],
    ))  # fmt: skip


async def test_inline_completion_on_a_stdlib_module(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "textwrap.py").as_uri()
    open_document(client, uri, SOURCE)
    last = SOURCE.count("\n")
    typed = "\ndef indent_all(lines, prefix):\n    result = []\n    for line in lines:\n        "
    for version, char in enumerate(typed, start=2):  # one keystroke at a time
        lines = (SOURCE + typed[: version - 2]).split("\n")
        type_text(client, uri, len(lines) - 1, len(lines[-1]), char, version)
    cursor = types.Position(last + typed.count("\n"), len(typed.rsplit("\n", 1)[-1]))
    result = await client.text_document_inline_completion_async(types.InlineCompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=cursor,
        context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Invoked),
    ))  # fmt: skip
    assert result is not None
    items = result.items if isinstance(result, types.InlineCompletionList) else result
    assert items, "no completion"
    text = items[0].insert_text
    assert isinstance(text, str) and text.strip()
    completed = SOURCE + typed + text + "\n"
    before = parse(SOURCE + typed + "pass\n", "python").root_node
    after = parse(completed, "python").root_node
    assert not after.has_error or before.has_error
    [routed] = client.routed  # type: ignore[attr-defined]
    assert routed.task == "completion" and routed.route == "local"


async def test_completion_items_insert_the_same_text(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "mod.py").as_uri()
    open_document(client, uri, "import os\n\n\ndef home_dir():\n    return os.path.\n")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 19),
    ))  # fmt: skip
    assert isinstance(result, types.CompletionList)
    for item in result.items:
        assert item.detail == "sidecar" and isinstance(item.text_edit, types.TextEdit)


async def test_code_actions_and_commands(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "calc.py").as_uri()
    code = "def average(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n"
    open_document(client, uri, code)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(1, 4), types.Position(1, 4)),
        context=types.CodeActionContext(diagnostics=[]),
    ))  # fmt: skip
    assert actions is not None
    titles = {a.title for a in actions if isinstance(a, types.CodeAction)}
    assert titles == {
        "sidecar: Review",
        "sidecar: Refactor",
        "sidecar: Explain",
        "sidecar: Plan change",
    }
    command = next(a for a in actions if isinstance(a, types.CodeAction)).command
    assert command is not None and command.arguments is not None
    target: Any = command.arguments[1]  # no selection: the enclosing definition
    assert target["start"]["line"] == 0 and target["end"]["line"] == 4

    async def run(name: str, *extra: Any) -> Any:
        return await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command=name, arguments=[uri, target, *extra]
        ))  # fmt: skip

    review = await run("sidecar.review")
    assert review["sidecar"]["task"] == "review"
    assert all(d.source == "sidecar" for d in client.diagnostics[uri])
    assert client.diagnostics[uri], "review published no finding"

    refactor = await run("sidecar.refactor", "Use the built-in sum() instead of the loop.")
    assert refactor["applied"] is True and refactor["sidecar"]["route"] == "local"
    [edit] = client.edits  # type: ignore[attr-defined]
    assert edit.edit.changes is not None and uri in edit.edit.changes

    explain = await run("sidecar.explain")
    assert explain["markdown"] and any(m.message == explain["markdown"] for m in client.messages)

    plan = await run("sidecar.plan", "support weighted averages across the stats package")
    assert plan["sidecar"]["task"] == "planning" and plan["sidecar"]["route"] == "frontier"
    assert "Add a width check" in plan["markdown"]
    plan_file = Path(plan["uri"].removeprefix("file://"))
    assert plan_file.read_bytes().startswith(b"# Plan:")  # noqa: ASYNC240 - a small local file
    assert len(client.progress_reports) >= 4
    for reports in client.progress_reports.values():
        assert isinstance(reports[0], types.WorkDoneProgressBegin)
        assert isinstance(reports[-1], types.WorkDoneProgressEnd)

    usage = await client.protocol.send_request_async("sidecar/usage", {})
    assert usage.calls == 4 and 0 < usage.local_share < 1
    assert usage.budget_usd == 5.0 and usage.budget_scope == "developer daily"
    assert usage.budget_left_usd == pytest.approx(5.0 - usage.cost_usd) and usage.cost_usd > 0
