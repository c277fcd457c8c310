"""Budgets under concurrency: reservation overhead per call, and overspend at 50 at once.

Usage: python benchmarks/budgets.py [--rounds N]   (about 30 s on 2 cores)

The sidecar runs in this process (``create_app`` on 127.0.0.1) with the stand-in gateway
(``tests/support/standin.py``) in this process too; every request is a forced frontier
chat (``sidecar/frontier``, ``max_tokens`` 7), so each writes its ledger row at dispatch,
and with a budget reserves and settles its cost.

1. Overhead: 20 concurrent clients send requests with and without ``[budgets]``
   configured (the budget far from spent), in alternating rounds; latency per request
   (median, p99) and the difference of the medians is the reservation's cost.
2. Overspend: 50 requests at once against ``daily_usd`` = 0.02 where each call costs
   exactly $0.007 (the stand-in's 7 completion tokens at $1,000 per million): spend over
   the limit, in USD and in calls. Target: at most one call.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

import aiohttp
from _harness import (
    AUTH,
    bench_settings,
    fmt,
    isolated_dirs,
    machine_summary,
    median,
    percentile,
    start_sidecar,
)
from rich.console import Console
from rich.table import Table

from sidecar.ledger.store import Ledger
from tests.support.standin import StandinGateway

PRICING = {"gpt-5": {"input": 0.0, "cached_input": 0.0, "output": 1000.0}}
CALL_USD = 0.007
LIMIT_USD = 0.02
BODY = {
    "model": "sidecar/frontier",
    "max_tokens": 7,
    "messages": [{"role": "user", "content": "Plan the move of billing to event sourcing."}],
}


async def burst(http: aiohttp.ClientSession, url: str, clients: int, each: int) -> list[float]:
    """Send ``clients`` x ``each`` requests, ``clients`` at a time; return latencies (ms)."""
    latencies: list[float] = []

    async def client() -> None:
        for _ in range(each):
            started = time.perf_counter()
            async with http.post(url + "/v1/chat/completions", json=BODY, headers=AUTH) as r:
                await r.read()
                assert r.status in (200, 429), r.status
            latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


async def run_sidecar(tmp: Path, gateway: StandinGateway, budgets: dict[str, Any]) -> Any:
    settings = bench_settings(
        {
            "gateway": {"base_url": gateway.url, "max_retries": 0},
            "pricing": PRICING,
            "budgets": budgets,
        }
    )
    return await start_sidecar(tmp, settings)


async def main(rounds: int) -> None:
    console = Console(width=120)
    console.print(f"[bold]budgets[/bold]  {machine_summary()}")
    gateway = StandinGateway()
    await gateway.start()
    try:
        with isolated_dirs("sidecar-bench-budgets-") as tmp:
            plain = await run_sidecar(tmp / "plain", gateway, {})
            held = await run_sidecar(tmp / "held", gateway, {"daily_usd": 1e9})
            latency: dict[str, list[float]] = {"no budget": [], "budget (reserve + settle)": []}
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
                for sidecar in (plain, held):
                    await burst(http, sidecar.url, 20, 2)  # warm-up
                for index in range(rounds):
                    pair = [(plain, "no budget"), (held, "budget (reserve + settle)")]
                    for sidecar, name in pair if index % 2 == 0 else pair[::-1]:
                        latency[name] += await burst(http, sidecar.url, 20, 10)
            await plain.close()
            await held.close()

            limited = await run_sidecar(tmp / "limited", gateway, {"daily_usd": LIMIT_USD})
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:
                await burst(http, limited.url, 50, 1)
            await limited.close()
            ledger = Ledger(tmp / "limited" / "ledger.sqlite3")
            rows = list(ledger.rows())
            ledger.close()
    finally:
        await gateway.close()

    table = Table(title=f"1. Per-call latency at 20 concurrent clients ({rounds} rounds x 200)")
    for column in ("path", "requests", "p50 ms", "p99 ms", "p50 - no budget, ms"):
        table.add_column(column, justify="left" if column == "path" else "right")
    base = median(latency["no budget"])
    for name, values in latency.items():
        table.add_row(
            name,
            str(len(values)),
            fmt(median(values), 2),
            fmt(percentile(values, 99), 2),
            fmt(median(values) - base, 2),
        )
    console.print(table)

    served = [r for r in rows if r["outcome"] == "ok"]
    spent = sum(r["cost_usd"] for r in rows)
    over = max(0.0, spent - LIMIT_USD)
    table = Table(title="2. Overspend: 50 concurrent frontier calls, $0.02 daily budget")
    columns = ("served", "refused (429)", "spent $", "limit $", "over $", "over, calls")
    for column in (*columns, "target", "met"):
        table.add_column(column, justify="right")
    table.add_row(
        str(len(served)),
        str(sum(1 for r in rows if r["status"] == 429)),
        f"{spent:.3f}",
        f"{LIMIT_USD:.3f}",
        f"{over:.3f}",
        fmt(over / CALL_USD, 2),
        "<= 1 call",
        "yes" if over <= CALL_USD + 1e-9 else "NO",
    )
    console.print(table)
    console.print(
        "Each call reserves prompt chars / 3 tokens at the input price plus max_tokens at the "
        "output price before dispatch, and settles to the reported usage after."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds per path")
    asyncio.run(main(parser.parse_args().rounds))
