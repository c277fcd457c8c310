"""Secret redaction: recall and precision on a generated corpus, and time per 100 KB.

Usage: python benchmarks/redaction.py [--seeds N] [--rounds N]

- Corpus: ``build_corpus(seed)`` from tests/unit/test_redact.py for N seeds (default 200):
  ten documents per seed (Python settings, a JS client, YAML CI, a .env file, chat prose, a
  JSON tool result, a unified diff, PEM keys, a one-line service-account JSON, a shell
  session) with 37 generated secrets in 21 provider formats. Recall = planted secrets of
  which no 10-character slice is left after ``Redactor.redact``; precision = findings that
  cover a planted secret / all findings. False positives are also counted on ~5 MB of
  clean text: the first 400 stdlib modules, sidecar's own sources and every Markdown file.
- Time, interleaved round-robin after a warm-up, ms per 100 KB of input (median and p99):
  (a) clean: stdlib source (argparse, logging, dataclasses, subprocess) and sidecar's docs,
  100 KB, 60/40; (b) the same with one seed's corpus spliced in at ten places (~8 KB of
  secrets); (c) ``redact_json`` of a 50 KB Anthropic Messages body (system prompt, a user
  question, tool calls reading files, tool results with source code, one of them a config
  file full of secrets). Target: < 2 ms per 100 KB for (a).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import random
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import REPO_ROOT, CpuMeter, fmt, isolated_dirs, machine_summary, percentile
from _harness import median as p50
from _harness import wait_for_quiet as quiet
from rich.console import Console
from rich.table import Table

from sidecar.config import config_dir
from sidecar.security.redact import Finding, Redactor, Vault, load_or_create_key
from sidecar.security.secret_scan import SecretScanner
from tests.unit.test_redact import Document, build_corpus, leaked


def clean_text(size: int) -> str:
    code = "".join(Path(m.__file__ or "").read_text() for m in (argparse, logging, dataclasses))
    code += Path(subprocess.__file__).read_text()
    prose = "".join(p.read_text() for p in sorted((REPO_ROOT / "docs").glob("*.md")))
    prose += (REPO_ROOT / "benchmarks" / "README.md").read_text()
    return code[: size * 6 // 10] + "\n" + prose[: size - size * 6 // 10 - 1]


def with_secrets(text: str, docs: list[Document]) -> str:
    step = len(text) // (len(docs) + 1)
    parts, done = [], 0
    for i, doc in enumerate(docs, 1):
        cut = text.find("\n", step * i) + 1
        parts += [text[done:cut], doc.text]
        done = cut
    return "".join([*parts, text[done:]])


def agent_body(size: int, docs: list[Document]) -> dict[str, Any]:
    code = clean_text(200_000)
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "The deploy fails with 401. " + docs[4].text},
    ]
    at, n = 0, 0
    while len(json.dumps(messages)) < size - 6_000:
        chunk = code[at : at + 4_000]
        at += 4_000
        n += 1
        call = {"type": "tool_use", "id": f"toolu_{n:02}", "name": "read_file"}
        call["input"] = {"path": f"src/module_{n}.py", "limit": 200}
        messages.append(
            {"role": "assistant", "content": [{"type": "text", "text": "Reading."}, call]}
        )
        content = docs[5].text if n == 3 else chunk
        result = {"type": "tool_result", "tool_use_id": f"toolu_{n:02}", "content": content}
        messages.append({"role": "user", "content": [result]})
    system = [{"type": "text", "text": code[-5_000:], "cache_control": {"type": "ephemeral"}}]
    tools = [
        {"name": "read_file", "description": "Read a file.", "input_schema": {"type": "object"}}
    ]
    return {
        "model": "claude-sonnet-4-5",
        "max_tokens": 8192,
        "system": system,
        "tools": tools,
        "messages": messages,
    }


def plain_plugins() -> list[Any]:
    """Return every detect-secrets plugin but public IPs, built directly, default limits."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    classes = get_mapping_from_secret_type_to_class().values()
    return [cls() for cls in classes if cls.__name__ != "IPPublicDetector"]


def plain_values(plugins: list[Any], text: str) -> set[str]:
    """Return what detect-secrets' plugins alone report, line by line.

    As in its file scan: quoted high-entropy strings only, no filters. The baseline.
    """
    values = set()
    for line in text.splitlines():
        for plugin in plugins:
            eager = {"enable_eager_search": False} if hasattr(plugin, "entropy_limit") else {}
            for secret in plugin.analyze_line(filename="prompt", line=line, **eager):
                values.add(secret.secret_value)
    values.discard(None)
    return values


Counts = tuple[Counter[str], Counter[str], Counter[str], Counter[str], Counter[str]]


def accuracy(redactor: Redactor, seeds: int) -> Counts:
    """Return recall and precision counts over ``seeds`` corpora.

    Per planted format: planted, missed, missed by detect-secrets alone; per found kind:
    findings, and findings that are no planted secret.
    """
    plugins = plain_plugins()
    plain: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for seed in range(seeds):
        for doc in build_corpus(seed):
            redacted, findings = redactor.redact(doc.text, Vault())
            baseline = doc.text
            for value in sorted(plain_values(plugins, doc.text), key=len, reverse=True):
                baseline = baseline.replace(value, "X")
            for secret in doc.secrets:
                planted[secret.kind] += 1
                missed[secret.kind] += leaked(secret, redacted)
                plain[secret.kind] += leaked(secret, baseline)
            for f in findings:
                value = doc.text[f.start : f.end]
                found[f.kind] += 1
                hit = any(
                    s.value in value or value in s.value or s.value.splitlines()[1] in value
                    if s.kind == "private_key"
                    else s.value in value or value in s.value
                    for s in doc.secrets
                )
                wrong[f.kind] += not hit
    return planted, missed, plain, found, wrong


def clean_false_positives(scanner: SecretScanner) -> tuple[int, Counter[str]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(stdlib.glob("*.py"))[:400] + sorted((REPO_ROOT / "sidecar").rglob("*.py"))
    files += sorted(REPO_ROOT.rglob("*.md"))
    size, kinds = 0, Counter[str]()
    for path in files:
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        size += len(text)
        kinds.update(span.kind for span in scanner.scan(text))
    return size, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    console = Console(width=130)
    with isolated_dirs("sidecar-redaction-"):
        started = time.perf_counter()
        scanner = SecretScanner()
        build_ms = (time.perf_counter() - started) * 1000
        redactor = Redactor(load_or_create_key(config_dir()), scanner)

    console.print(f"redaction  {machine_summary()}")
    planted, missed, plain, found, wrong = accuracy(redactor, args.seeds)
    size, clean_kinds = clean_false_positives(scanner)

    table = Table(
        title=f"Recall per planted format ({args.seeds} seeds, {planted.total():,} secrets)"
    )
    for column in ("format", "planted", "missed", "recall", "detect-secrets alone"):
        table.add_column(column, justify="left" if column == "format" else "right")
    for kind in sorted(planted):
        n, m, b = planted[kind], missed[kind], plain[kind]
        table.add_row(kind, f"{n:,}", str(m), f"{(n - m) / n:.2%}", f"{(n - b) / n:.2%}")
    n, m, b = planted.total(), missed.total(), plain.total()
    table.add_row("all", f"{n:,}", str(m), f"{(n - m) / n:.2%}", f"{(n - b) / n:.2%}", style="bold")
    console.print(table)

    table = Table(title="Precision per detected kind (corpus), false positives on clean text")
    for column in (
        "kind",
        "findings",
        "not a planted secret",
        "precision",
        f"on {size / 1e6:.1f} MB clean",
    ):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in sorted(set(found) | set(clean_kinds)):
        precision = f"{(found[kind] - wrong[kind]) / found[kind]:.2%}" if found[kind] else "-"
        table.add_row(kind, f"{found[kind]:,}", str(wrong[kind]), precision, str(clean_kinds[kind]))
    total = found.total()
    table.add_row(
        "all",
        f"{total:,}",
        str(wrong.total()),
        f"{(total - wrong.total()) / total:.2%}",
        str(clean_kinds.total()),
        style="bold",
    )
    console.print(table)

    docs = build_corpus(10_000)
    clean = clean_text(100_000)
    dirty = with_secrets(clean, docs)
    body = agent_body(50_000, docs)
    body_bytes = len(json.dumps(body))
    # Worst cases for the screen: anchors everywhere (AC, SK, AP in upper-case words) and a
    # quoted hex digest on every line (each one a high-entropy finding, as in Cargo.lock).
    row = "INSERT INTO ACCOUNTS (ACCESS_KEY, SKU, APPLICATION) VALUES ('ACME', 'SKIP', 'APP');\n"
    sql = (row * (100_000 // len(row) + 1))[:100_000]
    rng = random.Random(0)
    lock = "".join(f'checksum = "{rng.randbytes(32).hex()}"\n' for _ in range(1_300))[:100_000]
    cases: list[tuple[str, int, Callable[[], tuple[Any, list[Finding]]]]] = [
        ("clean prose + code", len(clean), lambda: redactor.redact(clean, Vault())),
        ("with secrets", len(dirty), lambda: redactor.redact(dirty, Vault())),
        ("agent JSON body, redact_json", body_bytes, lambda: redactor.redact_json(body, Vault())),
        ("upper-case SQL (many anchors)", len(sql), lambda: redactor.redact(sql, Vault())),
        ("a hex digest per line", len(lock), lambda: redactor.redact(lock, Vault())),
    ]
    counts = [len(fn()[1]) for _, _, fn in cases]  # also the warm-up
    note = quiet()
    meter = CpuMeter()
    times: list[list[float]] = [[] for _ in cases]
    for round_ in range(args.rounds):
        for i in range(len(cases)):
            index = (i + round_) % len(cases)
            _, chars, fn = cases[index]
            start = time.perf_counter()
            fn()
            times[index].append((time.perf_counter() - start) * 1000 * 100_000 / chars)

    plugins = plain_plugins()
    plain_ms = []
    for _ in range(3):
        start = time.perf_counter()
        plain_values(plugins, clean)
        plain_ms.append((time.perf_counter() - start) * 1000 * 100_000 / len(clean))

    table = Table(title=f"Time per 100 KB of input ({args.rounds} interleaved rounds)")
    columns = ("input", "size", "findings", "ms p50", "ms/100 KB p50", "ms/100 KB p99")
    for column in (*columns, "target", "met"):
        table.add_column(column, justify="left" if column == "input" else "right")
    for (name, chars, _), found_n, samples in zip(cases, counts, times, strict=True):
        target = "< 2" if name.startswith("clean") else ""
        met = ("yes" if p50(samples) < 2 else "NO") if target else ""
        table.add_row(
            name,
            f"{chars / 1000:.0f} KB",
            str(found_n),
            fmt(p50(samples) * chars / 100_000, 3),
            fmt(p50(samples), 3),
            fmt(percentile(samples, 99), 3),
            target,
            met,
        )
    console.print(table)
    console.print(
        f"For comparison, every detect-secrets plugin on every line of the clean text (no "
        f"screen): {p50(plain_ms):,.0f} ms per 100 KB (median of 3)."
    )
    console.print(
        f"SecretScanner() built in {build_ms:.0f} ms (imports detect-secrets); {note}; "
        f"{meter.report()}"
    )


if __name__ == "__main__":
    sys.exit(main())
