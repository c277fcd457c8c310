"""Classification accuracy and speed on the labelled request set.

Usage: python benchmarks/classify.py [tests/data/labelled_requests.jsonl] [--misses]

Prints accuracy per kind, a confusion matrix (rows: label, columns: predicted), the share
of planning requests that would be served locally, and p50/p99 classify time in ms
(classify + route, as the server runs them, after one warm-up pass).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidecar.classify import classify  # noqa: E402
from sidecar.config import RoutingSettings  # noqa: E402
from sidecar.protocols import openai  # noqa: E402
from sidecar.request import Request, Route, TaskKind  # noqa: E402
from sidecar.routing import RouteTargets, decide  # noqa: E402

KINDS = [k.value for k in TaskKind]
TARGETS = RouteTargets("local-model", "gpt-5", True, 4096, 256)


def load(path: Path) -> list[tuple[dict[str, Any], Request]]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        parse = (
            openai.parse_completions
            if item["endpoint"] == "/v1/completions"
            else (openai.parse_chat)
        )
        items.append((item, parse(item["body"])))
    return items


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else ROOT / "tests/data/labelled_requests.jsonl"
    items = load(path)
    table = RoutingSettings()
    for _, request in items:  # warm-up: grammars and queries load lazily
        classify(request)
    confusion: Counter[tuple[str, str]] = Counter()
    times: list[float] = []
    misses = []
    planning_local = 0
    for item, request in items:
        start = time.perf_counter()
        decision = decide(request, classify(request), table, TARGETS)
        times.append((time.perf_counter() - start) * 1000)
        confusion[(item["label"], decision.task.value)] += 1
        if item["label"] == "planning" and decision.route is Route.LOCAL:
            planning_local += 1
        if decision.task.value != item["label"]:
            misses.append((item, decision))

    console = Console(width=120)
    per_kind = Table(title=f"Accuracy per kind ({path.name}, {len(items)} requests)")
    for column in ("kind", "requests", "correct", "accuracy"):
        per_kind.add_column(column, justify="left" if column == "kind" else "right")
    total_correct = 0
    for kind in KINDS:
        n = sum(confusion[(kind, p)] for p in KINDS)
        correct = confusion[(kind, kind)]
        total_correct += correct
        per_kind.add_row(kind, str(n), str(correct), f"{correct / n:.1%}" if n else "-")
    per_kind.add_row(
        "all",
        str(len(items)),
        str(total_correct),
        f"{total_correct / len(items):.1%}",
        end_section=True,
    )
    console.print(per_kind)

    matrix = Table(title="Confusion matrix (rows: label, columns: predicted)")
    matrix.add_column("label \\ predicted")
    for kind in KINDS:
        matrix.add_column(kind, justify="right")
    for kind in KINDS:
        matrix.add_row(kind, *(str(confusion[(kind, p)]) for p in KINDS))
    console.print(matrix)

    n_planning = sum(confusion[("planning", p)] for p in KINDS)
    speed = Table(title="Routing quality and classify time")
    speed.add_column("measure")
    speed.add_column("value", justify="right")
    speed.add_column("target", justify="right")
    speed.add_row("planning served locally", f"{planning_local / max(1, n_planning):.1%}", "< 5%")
    speed.add_row("classify+route p50 (ms)", f"{statistics.median(times):.3f}", "")
    speed.add_row("classify+route p99 (ms)", f"{percentile(times, 0.99):.3f}", "< 5")
    speed.add_row("classify+route max (ms)", f"{max(times):.3f}", "")
    console.print(speed)

    if "--misses" in sys.argv:
        for item, decision in misses:
            console.print(
                f"[bold]{item['id']}[/] ({item.get('client')}): label {item['label']}, "
                f"got {decision.task.value}: {list(decision.reasons)[:6]}"
            )


if __name__ == "__main__":
    main()
