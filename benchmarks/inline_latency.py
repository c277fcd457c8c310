"""Inline completion on the bundled model: keystroke to first token, and a typing burst.

Usage: python benchmarks/inline_latency.py

Goes through the same engine as ``sidecar lsp`` (syntax-aware FIM context, local model,
ledger). Prints time from the keystroke (context build included) to the first generated
token, cold (a different file just evaluated) and warm (the same prefix already in the KV
cache, one more character typed), and for a burst of 10 keystrokes 30 ms apart, where
each new request cancels the previous one as the language server does, how many
completions ran to the end. The third case measures a completion typed while a long
chat is generating on the same model (the chat is preempted, not waited for).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidecar.config import load_settings  # noqa: E402
from sidecar.engine import Engine  # noqa: E402
from sidecar.lsp.documents import Document  # noqa: E402
from sidecar.lsp.fim_context import build_context  # noqa: E402
from sidecar.request import Caller, Endpoint, Message, Request  # noqa: E402
from sidecar.runtime import open_engine  # noqa: E402

CALLER = Caller("bench", "inline-latency")
BASE = "import json\n\n\ndef load_config(path):\n    with open(path) as f:\n        data = json."


LONG_CHAT = Request(
    Endpoint.CHAT,
    "sidecar/local",
    messages=(Message("user", "Explain, step by step and at length, how a hash map works."),),
    max_tokens=400,
    stream=True,
)


async def during_chat_ms(engine: Engine, doc: Document) -> float:
    """Return keystroke -> first token for a completion while a chat is generating."""
    streaming = await engine.stream(LONG_CHAT, CALLER, "bench")
    chunks = streaming.chunks()
    try:
        await anext(chunks)
        await asyncio.sleep(0.1)  # the chat is mid-generation
        return await first_token_ms(engine, doc, len(doc.data))
    finally:
        await streaming.close()


async def first_token_ms(engine: Engine, doc: Document, offset: int) -> float:
    start = time.perf_counter()
    context = build_context(doc, offset, [], 1536)
    request = Request(
        Endpoint.COMPLETIONS,
        "sidecar/auto",
        prompt=context.prefix,
        suffix=context.suffix,
        max_tokens=16,
        temperature=0.0,
        stream=True,
    )
    streaming = await engine.stream(request, CALLER, "bench")
    try:
        async for chunk in streaming.chunks():
            if chunk.text:
                return (time.perf_counter() - start) * 1000
    finally:
        await streaming.close()
    return (time.perf_counter() - start) * 1000


def typed(doc: Document, text: str, version: int) -> None:
    end = doc.position(len(doc.data))
    doc.apply(
        types.TextDocumentContentChangePartial(range=types.Range(end, end), text=text), version
    )


async def main() -> None:
    os.environ.setdefault("SIDECAR_CONFIG_DIR", tempfile.mkdtemp())
    settings = load_settings(Path("/nonexistent.toml"))
    ledger = Path(tempfile.mkdtemp()) / "ledger.sqlite3"
    cold: list[float] = []
    warm: list[float] = []
    async with open_engine(settings, ledger_file=ledger, gateway_key="") as engine:
        for run in range(6):
            other = Document("file:///other.py", f"# run {run}\n" + "x = 1\n" * 200, "python")
            await first_token_ms(engine, other, len(other.data))  # evict the prefix
            doc = Document("file:///config.py", f"# {run}\n" + BASE, "python")
            cold.append(await first_token_ms(engine, doc, len(doc.data)))
            typed(doc, "l", 2)
            warm.append(await first_token_ms(engine, doc, len(doc.data)))

        behind_chat: list[float] = []
        for run in range(4):
            doc = Document("file:///chat.py", f"# chat {run}\n" + BASE, "python")
            behind_chat.append(await during_chat_ms(engine, doc))

        doc = Document("file:///burst.py", BASE, "python")
        tasks: list[asyncio.Task[float]] = []
        for version, char in enumerate("loads(f.re", start=2):
            if tasks and not tasks[-1].done():
                tasks[-1].cancel()
            typed(doc, char, version)
            tasks.append(asyncio.ensure_future(first_token_ms(engine, doc, len(doc.data))))
            await asyncio.sleep(0.03)
        results = await asyncio.gather(*tasks, return_exceptions=True)
        finished = sum(not isinstance(r, BaseException) for r in results)
        rows = list(engine.ledger.rows())

    cancelled = sum(r["outcome"] == "cancelled" for r in rows[-len(tasks) :])
    table = Table(title="Inline completion on the bundled model (keystroke -> first token)")
    for column in ("case", "runs", "p50 ms", "max ms", "target"):
        table.add_column(column, justify="left" if column == "case" else "right")
    table.add_row("cold", str(len(cold)), f"{statistics.median(cold):.1f}", f"{max(cold):.1f}", "")
    table.add_row(
        "warm (prefix in KV cache)",
        str(len(warm)),
        f"{statistics.median(warm):.1f}",
        f"{max(warm):.1f}",
        "p50 < 150 ms",
    )
    table.add_row(
        "cold, while a chat generates",
        str(len(behind_chat)),
        f"{statistics.median(behind_chat):.1f}",
        f"{max(behind_chat):.1f}",
        "no wait for the chat",
    )
    Console(width=120).print(table)
    burst = Table(title="Typing burst: 10 keystrokes 30 ms apart, each cancels the previous")
    for column in ("requests", "finished", "cancelled (ledger)", "target"):
        burst.add_column(column, justify="right")
    burst.add_row(str(len(tasks)), str(finished), str(cancelled), "<= 1 left running")
    Console(width=120).print(burst)


if __name__ == "__main__":
    asyncio.run(main())
