"""Per-keystroke document update: incremental edit + reparse vs a full reparse.

Usage: python benchmarks/document_update.py [--keystrokes N]

A 5,000-line Python file (modules of the standard library, concatenated) is typed into,
one character per change as an editor sends them, at positions inside function bodies.
For each keystroke it times ``Document.apply`` (bytes splice, line starts, ``Tree.edit``;
the reparse is deferred to the next read of the tree), then the incremental reparse that
the next read of ``Document.tree`` does (as if a completion request followed every
keystroke), and every tenth keystroke, on the same text, a parse from scratch.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidecar.classify.context import parse  # noqa: E402
from sidecar.lsp.documents import Document  # noqa: E402

LINES = 5000
STATEMENTS = (
    "result = compute(value, limit=10)",
    "if not items:",
    "    return None",
    "log.debug('%s', name)",
    "total += len(parts)",
)


def source() -> str:
    import argparse
    import json
    import logging
    import typing

    lines: list[str] = []
    for module in (typing, argparse, logging, json):
        assert module.__file__
        lines += Path(module.__file__).read_text().split("\n")
    return "\n".join(lines[:LINES]) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    keystrokes = (
        int(sys.argv[sys.argv.index("--keystrokes") + 1]) if "--keystrokes" in sys.argv else 2000
    )
    text = source()
    doc = Document("file:///bench.py", text, "python")
    rng = random.Random(1)
    lines = text.split("\n")
    body_lines = [i for i, line in enumerate(lines) if line.startswith("        ") and line.strip()]
    incremental: list[float] = []
    reparse: list[float] = []
    full: list[float] = []
    version = 0
    # Type whole statements one character at a time, as a person does, at random places
    # inside function bodies: the file is broken only while a statement is half typed.
    while version < keystrokes:
        row = rng.choice(body_lines)
        indent = " " * (len(lines[row]) - len(lines[row].lstrip()))
        statement = indent + rng.choice(STATEMENTS) + "\n"
        for col, char in enumerate(statement):
            version += 1
            where = types.Position(row, col)
            change = types.TextDocumentContentChangePartial(
                range=types.Range(where, where), text=char
            )
            begin = time.perf_counter()
            doc.apply(change, version)
            incremental.append((time.perf_counter() - begin) * 1000)
            begin = time.perf_counter()
            assert doc.tree is not None
            reparse.append((time.perf_counter() - begin) * 1000 + incremental[-1])
            if version % 10 == 0:  # a full parse every 10 keystrokes keeps the run short
                data = doc.data
                begin = time.perf_counter()
                parse(data.decode(), "python")
                full.append((time.perf_counter() - begin) * 1000)
        lines = doc.text.split("\n")
        body_lines = [
            i for i, line in enumerate(lines) if line.startswith("        ") and line.strip()
        ]

    table = Table(title=f"Per-keystroke update, {LINES}-line Python file, {keystrokes} keystrokes")
    for column in ("path", "samples", "p50 ms", "p99 ms", "max ms", "target"):
        table.add_column(column, justify="left" if column == "path" else "right")
    rows = (
        ("keystroke (splice, line starts, Tree.edit)", incremental, "p99 < 1 ms"),
        ("keystroke + incremental reparse", reparse, ""),
        ("full reparse", full, ""),
    )
    for name, values, target in rows:
        table.add_row(
            name,
            str(len(values)),
            f"{statistics.median(values):.3f}",
            f"{percentile(values, 0.99):.3f}",
            f"{max(values):.3f}",
            target,
        )
    table.add_row(
        "ratio full / incremental reparse (p50)",
        "",
        f"{statistics.median(full) / statistics.median(reparse):.1f}x",
        "",
        "",
        "",
    )
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
