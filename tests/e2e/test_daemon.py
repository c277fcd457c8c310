"""One daemon per workstation: two editors (pytest-lsp) and an OpenAI SDK client share it.

The first ``sidecar lsp`` finds no daemon and starts one; the second attaches to it. One
``sidecar serve`` and one model worker run for all three clients, every call lands in one
ledger, an editor's completion runs before another client's long chat, and the daemon an
editor started exits once every editor has gone and it has been idle.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from openai import AsyncOpenAI
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from sidecar.daemon import DaemonInfo, pid_alive, probe, read_discovery
from sidecar.ledger.store import Ledger
from tests.conftest import write_config

CODE = (
    "import os\n\n\ndef config_dir(app):\n"
    '    """Return the per-user config folder of app."""\n'
    "    base = os.environ.get('XDG_CONFIG_HOME') or os.path.expanduser('~/.config')\n"
    "    return os.path.join(base, app)\n\n\ndef data_dir(app):\n    "
)
CURSOR = types.Position(CODE.count("\n"), 4)


def sidecar_processes(runtime: Path, marker: bytes) -> list[int]:
    """Return pids whose command line has ``marker`` and whose env names this test's runtime dir."""
    wanted = f"SIDECAR_RUNTIME_DIR={runtime}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and wanted in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


async def editor(name: str, spec: str, tmp_path: Path, max_tokens: int = 64) -> LanguageClient:
    client: Any = await ClientServerConfig(
        server_command=[sys.executable, "-m", "sidecar", "lsp"]
    ).start()
    client.routed = []

    @client.feature("sidecar/routed")
    def on_routed(params: Any) -> None:
        client.routed.append(params)

    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(spec),
        client_info=types.ClientInfo(name=name),
        initialization_options={
            "local": {"completionTemperature": 0, "completionMaxTokens": max_tokens}
        },
        root_uri=tmp_path.as_uri(),
    ))  # fmt: skip
    return client  # type: ignore[no-any-return]


async def complete(client: LanguageClient, uri: str) -> float:
    """Ask for an inline completion at the end of CODE; return when it was answered."""
    await client.text_document_inline_completion_async(types.InlineCompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=CURSOR,
        context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Invoked),
    ))  # fmt: skip
    return time.monotonic()


async def attached(info: DaemonInfo, count: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    health: dict[str, Any] | None = None
    while time.monotonic() < deadline:
        health = await probe(info)
        if health is not None and health["attached"] == count:
            return health
        await asyncio.sleep(0.05)
    pytest.fail(f"daemon never had {count} editors attached: {health}")


async def wait_discovery() -> DaemonInfo:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        info = read_discovery()
        if info is not None and await probe(info) is not None:
            return info
        await asyncio.sleep(0.1)
    pytest.fail("the first editor did not start a daemon")


@pytest.fixture
async def editors(tmp_path: Path) -> AsyncIterator[tuple[LanguageClient, LanguageClient]]:
    write_config(
        tmp_path, f'[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n', server="idle_exit_s = 2\n"
    )
    first = await editor("editor-a", "visual-studio-code", tmp_path)
    second: LanguageClient | None = None
    try:
        await wait_discovery()
        second = await editor("editor-b", "neovim", tmp_path)
        yield first, second
    finally:
        for client in (first, second):
            if client is not None:
                await leave(client)
                await client.stop()


async def leave(client: LanguageClient) -> None:
    """Shut the editor's server down (once)."""
    if not getattr(client, "left", False):
        client.left = True  # type: ignore[attr-defined]
        await client.shutdown_session()


async def test_two_editors_and_an_sdk_share_one_daemon(
    editors: tuple[LanguageClient, LanguageClient], tmp_path: Path
) -> None:
    first, second = editors
    runtime = Path(os.environ["SIDECAR_RUNTIME_DIR"])
    info = read_discovery()
    assert info is not None and info.started_by == "editor"
    assert (runtime / "daemon.json").stat().st_mode & 0o777 == 0o600
    health = await attached(info, 2)
    # The second editor attached to the first one's daemon: one daemon, one model worker.
    assert read_discovery() == info
    assert sidecar_processes(runtime, b"\0serve\0") == [info.pid]
    assert sidecar_processes(runtime, b"sidecar.backends.worker") == [
        health["local"]["worker"]["pid"]
    ]

    uris = []
    for index, client in enumerate((first, second)):
        uri = (tmp_path / f"paths_{index}.py").as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=CODE)
        ))  # fmt: skip
        uris.append(uri)

    sdk = AsyncOpenAI(base_url=info.url + "/v1", api_key=info.token, max_retries=0)
    # Another client's long chat is generating when an editor asks for a completion: the
    # completion runs first (it waits one chat token at most), then the chat goes on.
    stream = await sdk.chat.completions.create(
        model="sidecar/local",
        messages=[{"role": "user", "content": "Tell a long story about a lighthouse."}],
        max_tokens=300,
        temperature=0,
        stream=True,
    )
    chunks = 0
    completion: asyncio.Task[float] | None = None
    async for _chunk in stream:
        chunks += 1
        if chunks == 2:
            completion = asyncio.create_task(complete(second, uris[1]))
    chat_done = time.monotonic()
    await sdk.close()
    assert completion is not None
    assert await completion < chat_done, "the completion waited for the whole chat"
    assert chunks > 20
    await complete(first, uris[0])

    for client in (first, second):
        [routed] = client.routed  # type: ignore[attr-defined]
        assert routed.task == "completion" and routed.route == "local"
    assert sidecar_processes(runtime, b"sidecar.backends.worker") == [
        health["local"]["worker"]["pid"]
    ]
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    try:
        rows = list(ledger.rows())
    finally:
        ledger.close()
    apps = sorted(row["app"] for row in rows)
    assert apps == ["AsyncOpenAI/Python", "editor-a", "editor-b"], apps
    assert all(row["outcome"] == "ok" and row["route"] == "local" for row in rows)
    usage = await first.protocol.send_request_async("sidecar/usage", {})
    assert usage.calls == 3 and usage.local_share == 1


async def test_the_daemon_an_editor_started_exits_when_idle(
    editors: tuple[LanguageClient, LanguageClient],
) -> None:
    first, second = editors
    info = read_discovery()
    assert info is not None
    await attached(info, 2)
    await leave(first)
    await attached(info, 1)
    await asyncio.sleep(3)  # past idle_exit_s, but one editor is still attached
    assert pid_alive(info.pid)
    await leave(second)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if read_discovery() is None and not pid_alive(info.pid):
            return
        await asyncio.sleep(0.1)
    pytest.fail("the daemon did not exit after its editors left")


async def test_a_newer_completion_stops_the_older_one_in_the_daemon(tmp_path: Path) -> None:
    write_config(tmp_path, f'[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n')
    client = await editor("editor-a", "neovim", tmp_path, max_tokens=400)
    try:
        info = await wait_discovery()
        uri = (tmp_path / "table.py").as_uri()
        text = "SQUARES = [\n    1,\n    4,\n    9,\n    16,\n    25,\n    "
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        ))  # fmt: skip
        end = types.Position(text.count("\n"), 4)

        async def ask(position: types.Position) -> Any:
            return await client.text_document_inline_completion_async(types.InlineCompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=position,
                context=types.InlineCompletionContext(trigger_kind=types.InlineCompletionTriggerKind.Automatic),
            ))  # fmt: skip

        older = asyncio.create_task(ask(end))
        for _ in range(500):
            if ((await probe(info)) or {}).get("local", {}).get("in_flight"):
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)  # the older one is generating (400 tokens take ~4 s)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(end, end), text="3")],
        ))  # fmt: skip
        await asyncio.gather(older, ask(types.Position(end.line, 5)), return_exceptions=True)
        ledger = Ledger(tmp_path / "ledger.sqlite3")
        try:
            first, second = ledger.rows()
        finally:
            ledger.close()
        assert (first["outcome"], first["status"]) == ("cancelled", 499)
        assert first["latency_ms"] < 2500, "the older generation ran on"
        assert second["outcome"] == "ok"
    finally:
        await leave(client)
        await client.stop()
