"""Routing on requests nobody tuned it for: the rules alone vs the learned decision.

Reads the evaluation part of the labelled corpus (``tests/data/routing/eval.jsonl``, never
used for training or for tuning the rules) and prints, side by side for each way of
deciding:

- accuracy overall, per kind and per human language;
- planning sent local (planning requests decided as anything else, so served by the local
  model under the default table) and routine sent frontier (other requests decided as
  planning);
- decision time per request in process (classify, p50/p99, after a warm-up pass) and,
  unless ``--no-http``, over HTTP with the dry-run header against an in-process sidecar;
- expected frontier cost per 1,000 requests at the model's planning threshold vs sending
  everything to the frontier (prompt tokens estimated with tiktoken, 500 completion tokens
  per call, at ``gateway.model``'s price).

Run: ``python benchmarks/routing_eval.py [--misses] [--no-http] [--file PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import aiohttp
from _harness import AUTH, bench_settings, fmt, isolated_dirs, median, percentile, start_sidecar
from rich.console import Console
from rich.table import Table

from sidecar.backends.local import LocalBackend
from sidecar.classify import classify, second_opinion
from sidecar.classify.classifier import Options
from sidecar.classify.learned import shipped_model
from sidecar.classify.train import EVAL_FILE, Example, load
from sidecar.config import LocalSettings, RoutingSettings
from sidecar.ledger.pricing import cost_usd, find_price
from sidecar.ledger.tokens import estimate_tokens
from sidecar.request import TaskKind, Usage

KINDS = ("completion", "review", "refactor", "planning")
COMPLETION_TOKENS = 500


def decide_all(examples: list[Example], options: Options) -> tuple[list[str], list[float]]:
    """Return each example's decided kind and the decision times (ms, second pass)."""
    for example in examples:  # warm-up: parsers, regexes, the model's arrays
        classify(example.request, options)
    kinds, times = [], []
    for example in examples:
        started = time.perf_counter()
        task = classify(example.request, options).task
        times.append((time.perf_counter() - started) * 1000)
        kinds.append("completion" if task is TaskKind.BACKGROUND else task.value)
    return kinds, times


def rates(examples: list[Example], decided: list[str]) -> dict[str, Any]:
    """Return accuracy per kind and language, planning sent local, routine sent frontier."""
    hit: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    by_language: dict[str, list[bool]] = defaultdict(list)
    planning_local = planning = routine_frontier = routine = 0
    for example, kind in zip(examples, decided, strict=True):
        label = example.label.value
        ok = kind == label
        seen[label] += 1
        hit[label] += ok
        by_language[str(example.row.get("human_language", "?"))].append(ok)
        if label == "planning":
            planning += 1
            planning_local += kind != "planning"
        else:
            routine += 1
            routine_frontier += kind == "planning"
    return {
        "accuracy": sum(hit.values()) / max(1, len(examples)),
        "per_kind": {k: hit[k] / seen[k] if seen[k] else None for k in KINDS},
        "per_language": {k: sum(v) / len(v) for k, v in by_language.items()},
        "languages_n": {k: len(v) for k, v in by_language.items()},
        "planning_sent_local": planning_local / max(1, planning),
        "routine_sent_frontier": routine_frontier / max(1, routine),
    }


def cost_per_thousand(examples: list[Example], decided: list[str]) -> tuple[float, float]:
    """Return (frontier USD per 1,000 requests as decided, if all went to the frontier)."""
    settings = bench_settings()
    price = find_price(settings.price_table(), settings.gateway.model)
    routed = everything = 0.0
    for example, kind in zip(examples, decided, strict=True):
        usage = Usage(estimate_tokens(example.request.text()), COMPLETION_TOKENS)
        cost = cost_usd(price, usage)
        everything += cost
        routed += cost if kind == "planning" else 0.0
    scale = 1000 / max(1, len(examples))
    return routed * scale, everything * scale


async def with_second_opinion(
    examples: list[Example], band: tuple[float, float]
) -> tuple[list[str], int, list[float]]:
    """Return the kinds decided with the bundled local model's second opinion.

    Also how many requests were uncertain (asked) and the time of each ask (ms).
    """
    backend = LocalBackend(LocalSettings())
    await backend.start()
    kinds, asked_ms = [], []
    try:
        for example in examples:
            decided = classify(example.request, Options())
            if second_opinion.uncertain(decided, band):
                started = time.perf_counter()
                answer = await backend.complete(second_opinion.question(example.request))
                asked_ms.append((time.perf_counter() - started) * 1000)
                decided = second_opinion.combine(decided, second_opinion.parse(answer.text))
            task = decided.task
            kinds.append("completion" if task is TaskKind.BACKGROUND else task.value)
    finally:
        await backend.close()
    return kinds, len(asked_ms), asked_ms


async def http_dry_run(examples: list[Example]) -> list[float]:
    """Return the dry-run decision time over HTTP per request (ms), after a warm-up pass."""
    with isolated_dirs("sidecar-routing-eval") as tmp:
        sidecar = await start_sidecar(tmp, bench_settings())
        try:
            headers = {**AUTH, "X-Sidecar-Dry-Run": "1"}
            times = []
            async with aiohttp.ClientSession() as session:
                for warm in (True, False):
                    for example in examples:
                        url = sidecar.url + example.row["endpoint"]
                        sent = {**(example.row.get("headers") or {}), **headers}
                        started = time.perf_counter()
                        async with session.post(url, json=example.row["body"], headers=sent) as r:
                            await r.read()
                        if not warm:
                            times.append((time.perf_counter() - started) * 1000)
            return times
        finally:
            await sidecar.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=EVAL_FILE)
    parser.add_argument("--misses", action="store_true", help="list the learned model's misses")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP dry-run timing")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON too")
    parser.add_argument(
        "--second-opinion",
        action="store_true",
        help="add a column with the bundled local model's second opinion (slow)",
    )
    args = parser.parse_args()
    console = Console(width=140)
    examples = load([args.file])
    model = shipped_model()
    threshold = model.meta.get("planning_threshold") if model else None
    trained = f"{model.meta['examples']} training requests" if model else "none"
    console.print(
        f"{len(examples)} evaluation requests from {args.file.name}; learned model: {trained}"
        + (f", planning threshold {threshold}" if model else "")
    )
    ways = {"rules": Options(learned=False)}
    if model is not None:
        ways["learned"] = Options()
    results: dict[str, dict[str, Any]] = {}
    decided: dict[str, list[str]] = {}
    for name, options in ways.items():
        kinds, times = decide_all(examples, options)
        decided[name] = kinds
        results[name] = rates(examples, kinds)
        results[name]["ms_p50"] = median(times)
        results[name]["ms_p99"] = percentile(times, 99)
        results[name]["cost"] = cost_per_thousand(examples, kinds)

    asked_note = ""
    if args.second_opinion and model is not None:
        band = RoutingSettings().second_opinion_band
        kinds, asked, asked_ms = asyncio.run(with_second_opinion(examples, band))
        name = "learned + 2nd opinion"
        ways[name] = Options()
        decided[name] = kinds
        results[name] = rates(examples, kinds)
        results[name]["ms_p50"] = median(asked_ms) if asked_ms else 0.0
        results[name]["ms_p99"] = percentile(asked_ms, 99) if asked_ms else 0.0
        results[name]["cost"] = cost_per_thousand(examples, kinds)
        asked_note = (
            f"second opinion asked for {asked} of {len(examples)} requests (planning "
            f"probability in [{band[0]}, {band[1]})); its ms columns are the local model's "
            "answer time alone"
        )
    table = Table(title="Routing on the evaluation part (task decided vs label)")
    table.add_column("measure")
    for name in ways:
        table.add_column(name, justify="right")

    def row(label: str, values: list[str]) -> None:
        table.add_row(label, *values)

    row("accuracy", [f"{results[n]['accuracy']:.1%}" for n in ways])
    for kind in KINDS:
        row(f"  {kind}", [f"{(results[n]['per_kind'][kind] or 0):.1%}" for n in ways])
    languages = sorted(
        results["rules"]["per_language"], key=lambda k: -results["rules"]["languages_n"][k]
    )
    for language in languages:
        n = results["rules"]["languages_n"][language]
        shares = [f"{results[w]['per_language'][language]:.1%}" for w in ways]
        row(f"  lang {language} (n={n})", shares)
    row("planning sent local", [f"{results[n]['planning_sent_local']:.1%}" for n in ways])
    row("routine sent frontier", [f"{results[n]['routine_sent_frontier']:.1%}" for n in ways])
    row("decision ms p50 (in process)", [fmt(results[n]["ms_p50"], 2) for n in ways])
    row("decision ms p99 (in process)", [fmt(results[n]["ms_p99"], 2) for n in ways])
    row(
        "frontier USD / 1,000 requests",
        [f"${results[n]['cost'][0]:.2f} (all: ${results[n]['cost'][1]:.2f})" for n in ways],
    )
    console.print(table)
    if asked_note:
        console.print(asked_note)

    if not args.no_http:
        times = asyncio.run(http_dry_run(examples))
        console.print(
            f"HTTP dry run ({'learned' if model else 'rules'}, as configured by default): "
            f"p50 {fmt(median(times), 2)} ms, p99 {fmt(percentile(times, 99), 2)} ms "
            f"over {len(times)} requests"
        )
    if args.misses and "learned" in decided:
        for example, kind in zip(examples, decided["learned"], strict=True):
            if kind != example.label.value:
                console.print(
                    f"[red]{example.id}[/red] {example.label.value} -> {kind} "
                    f"({example.row.get('client')}, {example.row.get('human_language')}, "
                    f"{example.row.get('rule', '')})"
                )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
