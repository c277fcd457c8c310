"""Budgets that hold and billing that is never lost, on real HTTP with the stand-in gateway.

- 50 concurrent frontier calls against a nearly spent budget, through two surfaces at once:
  spend ends at most one call over the limit (each call reserves its cost before dispatch).
- A spent budget removes the gateway from the fallback order.
- ``kill -9`` of ``sidecar serve`` during a burst: every call the gateway received has its
  row (written at dispatch), marked ``interrupted`` when the daemon starts again.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sidecar.daemon import DaemonInfo, read_discovery
from sidecar.ledger.store import Ledger
from tests.conftest import TOKEN, Sidecar, start_sidecar, write_config
from tests.support.standin import StandinGateway, ThreadedStandin

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# $1,000 per million output tokens, nothing for input: the stand-in's 7 completion tokens
# cost exactly $0.007, which is also the reservation of a call with max_tokens 7.
PRICING = {"gpt-5": {"input": 0.0, "cached_input": 0.0, "output": 1000.0}}
CALL_USD = 0.007
LIMIT_USD = 0.02
PLAN = "Plan the migration of the billing service to event sourcing."


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def budgeted(tmp_path: Path, gateway: StandinGateway) -> AsyncIterator[Sidecar]:
    runner, sidecar = await start_sidecar(
        tmp_path,
        {
            "gateway": {"base_url": gateway.url, "max_retries": 0},
            "pricing": PRICING,
            "budgets": {"daily_usd": LIMIT_USD},
        },
    )
    yield sidecar
    await runner.cleanup()


async def frontier_call(http: aiohttp.ClientSession, sidecar: Sidecar, surface: str) -> int:
    path = "/chat/completions" if surface == "chat" else "/messages"
    body: dict[str, Any] = {
        "model": "sidecar/frontier",
        "max_tokens": 7,
        "messages": [{"role": "user", "content": PLAN}],
    }
    async with http.post(sidecar.base_url + path, json=body, headers=AUTH) as response:
        await response.read()
        return response.status


async def test_fifty_concurrent_frontier_calls_overshoot_by_at_most_one_call(
    http: aiohttp.ClientSession, budgeted: Sidecar, gateway: StandinGateway
) -> None:
    surfaces = ["chat", "messages"] * 25
    statuses = await asyncio.gather(*(frontier_call(http, budgeted, s) for s in surfaces))
    rows = budgeted.rows()
    spent = sum(row["cost_usd"] for row in rows)
    served = [row for row in rows if row["outcome"] == "ok"]
    assert spent <= LIMIT_USD + CALL_USD + 1e-9, f"spent ${spent:.3f} of ${LIMIT_USD}"
    assert len(served) == len(gateway.received) >= 2
    assert statuses.count(200) == len(served)
    assert set(statuses) == {200, 429}
    assert {row["endpoint"] for row in served} == {"/v1/chat/completions", "/v1/messages"}
    assert all(row["cost_usd"] == pytest.approx(CALL_USD) for row in served)


async def test_a_spent_budget_removes_the_gateway_from_fallback(
    http: aiohttp.ClientSession, budgeted: Sidecar, gateway: StandinGateway
) -> None:
    ledger = Ledger(budgeted.ledger_path)
    try:  # the day's budget spent by an earlier call
        from sidecar.ledger.store import CallRecord, utc_now

        ledger.record(CallRecord(
            ts=utc_now(), request_id="earlier", developer="dev@example.com", app="x",
            endpoint="/v1/chat/completions", requested_model="gpt-5", outcome="ok",
            status=200, route="frontier", cost_usd=LIMIT_USD,
        ))  # fmt: skip
    finally:
        ledger.close()
    await asyncio.sleep(2.1)  # past the budget counters' refresh
    review = [
        {"role": "user", "content": "Review this:\n```python\ndef f(x):\n    return 1/x\n```"}
    ]
    body = {"model": "sidecar/auto", "messages": review, "max_tokens": 400}
    call = asyncio.create_task(
        http.post(budgeted.base_url + "/chat/completions", json=body, headers=AUTH)
    )
    for _ in range(200):
        async with http.get(budgeted.url + "/healthz") as response:
            health = await response.json()
        if health["local"]["in_flight"]:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    os.kill(health["local"]["worker"]["pid"], signal.SIGSEGV)
    response = await call
    answer = await response.json()
    response.release()
    assert response.status == 502, answer  # no fallback to the gateway: the budget is spent
    assert gateway.received == []
    last = budgeted.rows()[-1]
    assert (last["route"], last["outcome"], last["fallback"]) == ("local", "error", None)


@pytest.fixture
def slow_gateway() -> Iterator[StandinGateway]:
    standin = StandinGateway()
    standin.fail_next("hang", times=100)  # every call hangs: all in flight at the kill
    with ThreadedStandin(standin) as gw:
        yield gw


def serve(tmp_path: Path, log_name: str) -> tuple[subprocess.Popen[bytes], DaemonInfo]:
    with open(tmp_path / log_name, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sidecar", "serve"], stderr=out)
    deadline = time.monotonic() + 90
    while (info := read_discovery()) is None or info.pid != proc.pid:
        assert proc.poll() is None, (tmp_path / log_name).read_text()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return proc, info


async def test_kill_9_during_a_burst_loses_no_billed_call(
    tmp_path: Path, slow_gateway: StandinGateway
) -> None:
    ledger_file = tmp_path / "ledger.sqlite3"
    write_config(tmp_path, (
        f'[gateway]\nbase_url = "{slow_gateway.url}"\nmax_retries = 0\n'
        f'[ledger]\npath = "{ledger_file}"\n'
    ))  # fmt: skip
    proc, info = await asyncio.to_thread(serve, tmp_path, "serve-1.log")
    headers = {"Authorization": f"Bearer {info.token}"}
    body = {"model": "sidecar/frontier", "messages": [{"role": "user", "content": PLAN}]}
    async with aiohttp.ClientSession() as http:

        async def one() -> Any:
            async with http.post(
                info.url + "/v1/chat/completions", json=body, headers=headers
            ) as r:
                return r.status

        burst = [asyncio.create_task(one()) for _ in range(20)]
        for _ in range(600):  # up to 30 s
            if len(slow_gateway.received) == 20:
                break
            await asyncio.sleep(0.05)
        proc.kill()  # SIGKILL: no handler runs, no row is completed
        proc.wait()
        await asyncio.gather(*burst, return_exceptions=True)
    received = len(slow_gateway.received)
    assert received == 20

    restarted, _ = await asyncio.to_thread(serve, tmp_path, "serve-2.log")
    try:
        ledger = Ledger(ledger_file)
        try:
            rows = list(ledger.rows())
        finally:
            ledger.close()
    finally:
        restarted.terminate()
        restarted.wait(30)
    frontier = [row for row in rows if row["route"] == "frontier"]
    assert len(frontier) == received
    assert {row["outcome"] for row in frontier} == {"interrupted"}
    assert all(row["cost_usd"] > 0 for row in frontier)  # the reservation stays billed


async def test_a_soft_limit_warns_before_the_budget_is_spent(
    http: aiohttp.ClientSession, tmp_path: Path, gateway: StandinGateway
) -> None:
    runner, sidecar = await start_sidecar(tmp_path, {
        "gateway": {"base_url": gateway.url},
        "pricing": PRICING,  # the stand-in answers as gpt-5
        "budgets": {"daily_usd": 0.03, "soft_ratio": 0.8},
    })  # fmt: skip
    body = {
        "model": "sidecar/frontier",
        "max_tokens": 7,
        "messages": [{"role": "user", "content": PLAN}],
    }
    try:
        warnings = []
        for _ in range(5):  # $0.007 each: $0.028 spent before the fifth is 93% of $0.03
            async with http.post(
                sidecar.base_url + "/chat/completions", json=body, headers=AUTH
            ) as r:
                answer = await r.json()
                warnings.append(r.headers.get("X-Sidecar-Budget-Warning"))
        assert warnings[:4] == [None] * 4
        assert warnings[4] == "developer daily budget 93% used ($0.03 of $0.03)"
        assert answer["sidecar"]["budget_warning"] == warnings[4]
        async with http.get(sidecar.url + "/healthz") as r:
            assert "warning" not in (await r.json())["gateway"]  # the model is priced
    finally:
        await runner.cleanup()


async def test_an_unpriced_gateway_model_is_reported(
    http: aiohttp.ClientSession, tmp_path: Path, gateway: StandinGateway
) -> None:
    runner, sidecar = await start_sidecar(
        tmp_path, {"gateway": {"base_url": gateway.url, "model": "house-model-7"}}
    )
    try:
        async with http.get(sidecar.url + "/healthz") as r:
            warning = (await r.json())["gateway"]["warning"]
        assert "gateway.model 'house-model-7' has no price" in warning
    finally:
        await runner.cleanup()
