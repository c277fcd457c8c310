"""Code actions and commands on a selection: Review, Refactor, Explain, Plan change.

``textDocument/codeAction`` offers the four as commands on the selection (or the enclosing
definition when nothing is selected). Each command runs through the daemon like any other
call (routed and recorded; its task kind is the command's, sent as ``X-Sidecar-Task``, so
it is never misclassified), with the byte-stable messages of :mod:`sidecar.lsp.prompting`
and ``workDoneProgress`` (cancellable through ``window/workDoneProgress/cancel``):

- ``sidecar.review``: findings published as diagnostics (source ``sidecar``), one line each;
- ``sidecar.refactor`` (arguments: uri, range, instruction): the rewrite applied with
  ``workspace/applyEdit``;
- ``sidecar.explain``: the explanation returned, and shown in ``window/showMessage`` unless
  the client presents command results itself (the experimental client capability
  ``{"sidecarCommandResults": true}``, which the VS Code extension sets);
- ``sidecar.plan`` (arguments: uri, range, description): routed as planning; the plan is
  written as a Markdown document, shown with ``window/showDocument`` and returned.

A command stops when its progress is cancelled and when the client cancels the
``workspace/executeCommand`` request itself (``$/cancelRequest``, LSP 3.17 "Cancellation
Support"): the model call is abandoned, nothing is published or applied, and the client
gets the ``RequestCancelled`` error (-32800).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from lsprotocol import types

from sidecar.errors import SidecarError
from sidecar.lsp import prompting
from sidecar.lsp.fim_context import enclosing_definition

# Imported at run time: pygls reads command handlers' type hints to convert arguments.
from sidecar.lsp.server import SidecarServer

if TYPE_CHECKING:
    from sidecar.lsp.documents import Document

COMMANDS = {
    "sidecar.review": "Review",
    "sidecar.refactor": "Refactor",
    "sidecar.explain": "Explain",
    "sidecar.plan": "Plan change",
}
_FINDING = re.compile(
    r"^\W*(?:line\s*)?(\d+)\s*[:.\-)]\s*(?:(error|warning|warn|info|information|hint)\s*[:\-]\s*)?(.+)$",
    re.IGNORECASE,
)
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "warn": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
_FENCE = re.compile(r"```[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)


def target_range(doc: Document, selection: types.Range) -> types.Range:
    """Return the selection, or the enclosing definition when the selection is empty."""
    if selection.start != selection.end or doc.tree is None:
        return selection
    node = enclosing_definition(doc.tree, doc.offset(selection.start))
    if node is None:
        return selection
    return types.Range(doc.position(node.start_byte), doc.position(node.end_byte))


def parse_findings(answer: str, first_line: int, last_line: int) -> list[types.Diagnostic]:
    """Turn ``LINE: SEVERITY: message`` lines into diagnostics inside the reviewed lines."""
    found = []
    for raw in answer.splitlines():
        match = _FINDING.match(raw.strip())
        if not match:
            continue
        line = min(max(first_line + int(match.group(1)) - 1, first_line), last_line)
        severity = _SEVERITY.get(
            (match.group(2) or "warning").lower(), types.DiagnosticSeverity.Warning
        )
        message = match.group(3).strip().split("\n")[0][:300]
        found.append(types.Diagnostic(
            range=types.Range(types.Position(line, 0), types.Position(line + 1, 0)),
            message=message, severity=severity, source="sidecar",
        ))  # fmt: skip
    if not found and answer.strip() and answer.strip().lower() != "none":
        summary = answer.strip().splitlines()[0][:300]
        found.append(types.Diagnostic(
            range=types.Range(types.Position(first_line, 0), types.Position(first_line + 1, 0)),
            message=summary, severity=types.DiagnosticSeverity.Information, source="sidecar",
        ))  # fmt: skip
    return found


def _arguments(ls: SidecarServer, args: tuple[Any, ...]) -> tuple[Document, types.Range, str]:
    if not args or not isinstance(args[0], str):
        raise ValueError("expected arguments: uri, range, [instruction]")
    doc = ls.documents.get(args[0])
    if doc is None:
        raise ValueError(f"document not open: {args[0]}")
    if len(args) > 1 and args[1]:
        selection = ls.protocol._converter.structure(args[1], types.Range)
    else:
        selection = types.Range(types.Position(0, 0), doc.position(len(doc.data)))
    instruction = str(args[2]) if len(args) > 2 and args[2] else ""
    return doc, target_range(doc, selection), instruction


TASKS = {"review": "review", "refactor": "refactor", "explain": "review", "plan": "planning"}
"""The task kind of each command's request: the daemon routes it without classifying."""


async def _ask(
    ls: SidecarServer, kind: str, doc: Document, code: str, instruction: str = ""
) -> tuple[str, dict[str, Any]]:
    daemon = await ls.ready_daemon()
    path = doc.uri.removeprefix("file://")
    messages = prompting.messages(
        kind,
        code,
        language=_language_tag(doc),
        filename=doc.uri.rsplit("/", 1)[-1],
        instruction=instruction,
    )
    answer = await daemon.chat(messages, files=(path,), task=TASKS[kind])
    ls.notify_routed(answer.sidecar)
    return answer.text, answer.sidecar


def shows_results(ls: SidecarServer) -> bool:
    """Whether the client presents command results itself (so no ``window/showMessage``).

    Read from the experimental client capability ``{"sidecarCommandResults": true}``.
    """
    experimental = ls.client_capabilities.experimental
    return isinstance(experimental, dict) and experimental.get("sidecarCommandResults") is True


def _cancel_with_request(ls: SidecarServer, task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` when the client cancels the request that runs it (``$/cancelRequest``).

    pygls runs a command handler in a task of its own under another id, so cancelling a
    ``workspace/executeCommand`` request only cancels the request's future (and answers
    ``RequestCancelled``) while the handler went on; this links the two.
    """
    protocol = ls.protocol
    msg_id = protocol.msg_id
    request = protocol._request_futures.get(msg_id) if msg_id is not None else None
    if request is not None:
        request.add_done_callback(lambda done: task.cancel() if done.cancelled() else None)


async def _with_progress(ls: SidecarServer, title: str, work: Any) -> Any:
    """Run ``work`` (a coroutine) under a cancellable work-done progress, if supported."""
    token = f"sidecar-{uuid.uuid4().hex[:12]}"
    window = ls.client_capabilities.window
    supported = bool(window and window.work_done_progress)
    task: asyncio.Task[Any] = asyncio.ensure_future(work)
    _cancel_with_request(ls, task)
    if supported:
        try:
            await ls.work_done_progress.create_async(token)
            ls.work_done_progress.begin(
                token, types.WorkDoneProgressBegin(title=f"sidecar: {title}", cancellable=True)
            )
        except Exception:
            supported = False
    ls.progress_tasks[token] = task
    try:
        return await task
    except asyncio.CancelledError:
        return {"cancelled": True}
    finally:
        ls.progress_tasks.pop(token, None)
        if supported:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))


def _code(doc: Document, where: types.Range) -> str:
    start, end = doc.offset(where.start), doc.offset(where.end)
    return doc.data[start:end].decode("utf-8", "replace")


def _language_tag(doc: Document) -> str:
    return doc.language or ""


def setup(server: SidecarServer) -> None:
    """Register code actions, the four commands and progress cancellation."""

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.RefactorRewrite, types.CodeActionKind.Source]
        ),
    )
    def code_actions(ls: SidecarServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return []
        where = target_range(doc, params.range)
        actions = []
        for command, title in COMMANDS.items():
            kind = (
                types.CodeActionKind.RefactorRewrite
                if command == "sidecar.refactor"
                else types.CodeActionKind.Source
            )
            arguments: list[Any] = [doc.uri, where]
            label = f"sidecar: {title}"
            run = types.Command(title=label, command=command, arguments=arguments)
            actions.append(types.CodeAction(title=label, kind=kind, command=run))
        return actions

    @server.command("sidecar.review")
    async def review(ls: SidecarServer, *args: Any) -> dict[str, Any]:
        doc, where, _ = _arguments(ls, args)

        async def work() -> dict[str, Any]:
            code = _code(doc, where)
            text, info = await _ask(ls, "review", doc, code)
            findings = parse_findings(text, where.start.line, where.end.line)
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=doc.uri, diagnostics=findings, version=doc.version,
            ))  # fmt: skip
            return {"findings": len(findings), "sidecar": info}

        return await _run(ls, "Review", work())

    @server.command("sidecar.refactor")
    async def refactor(ls: SidecarServer, *args: Any) -> dict[str, Any]:
        doc, where, instruction = _arguments(ls, args)
        instruction = instruction or "Refactor this code for readability."

        async def work() -> dict[str, Any]:
            code = _code(doc, where)
            text, info = await _ask(ls, "refactor", doc, code, instruction)
            fenced = _FENCE.search(text)
            new_text = (fenced.group(1) if fenced else text).rstrip("\n")
            if code.endswith("\n"):
                new_text += "\n"
            edit = types.WorkspaceEdit(changes={doc.uri: [types.TextEdit(where, new_text)]})
            applied = await ls.workspace_apply_edit_async(
                types.ApplyWorkspaceEditParams(edit=edit, label="sidecar: Refactor")
            )
            return {"applied": bool(applied and applied.applied), "sidecar": info}

        return await _run(ls, "Refactor", work())

    @server.command("sidecar.explain")
    async def explain(ls: SidecarServer, *args: Any) -> dict[str, Any]:
        doc, where, _ = _arguments(ls, args)

        async def work() -> dict[str, Any]:
            text, info = await _ask(ls, "explain", doc, _code(doc, where))
            if not shows_results(ls):
                ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, text))
            return {"markdown": text, "sidecar": info}

        return await _run(ls, "Explain", work())

    @server.command("sidecar.plan")
    async def plan(ls: SidecarServer, *args: Any) -> dict[str, Any]:
        doc, where, description = _arguments(ls, args)
        description = description or "the change this code needs next"

        async def work() -> dict[str, Any]:
            text, info = await _ask(ls, "plan", doc, _code(doc, where), description)
            folder = Path(platformdirs.user_cache_dir("sidecar")) / "plans"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"plan-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}.md"
            path.write_text(f"# Plan: {description}\n\n{text}\n", encoding="utf-8")
            window = ls.client_capabilities.window
            if window and window.show_document and window.show_document.support:
                await ls.window_show_document_async(
                    types.ShowDocumentParams(uri=path.as_uri(), take_focus=True)
                )
            return {"uri": path.as_uri(), "markdown": text, "sidecar": info}

        return await _run(ls, "Plan change", work())

    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def cancel(ls: SidecarServer, params: types.WorkDoneProgressCancelParams) -> None:
        task = ls.progress_tasks.get(str(params.token))
        if task is not None:
            task.cancel()


async def _run(ls: SidecarServer, title: str, work: Any) -> dict[str, Any]:
    try:
        result: dict[str, Any] = await _with_progress(ls, title, work)
    except SidecarError as exc:
        ls.window_show_message(
            types.ShowMessageParams(types.MessageType.Error, f"sidecar {title}: {exc.message}")
        )
        return {"error": exc.message}
    return result
