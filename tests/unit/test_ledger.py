from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sidecar.config import DEFAULT_PRICING, Price
from sidecar.ledger.pricing import cost_usd, find_price
from sidecar.ledger.report import summarise
from sidecar.ledger.store import CallRecord, Ledger
from sidecar.ledger.tokens import estimate_tokens
from sidecar.request import Usage


def row(**kw: object) -> CallRecord:
    base: dict[str, object] = dict(
        ts="2026-11-20T10:00:00.000+00:00",
        request_id="r",
        developer="ann",
        app="aider",
        endpoint="/v1/chat/completions",
        requested_model="sidecar/auto",
        outcome="ok",
        status=200,
        task="review",
        route="local",
        model="m",
    )
    base.update(kw)
    return CallRecord(**base)  # type: ignore[arg-type]


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    Ledger(path).close()
    ledger = Ledger(path)
    names = [r[0] for r in ledger._db.execute("SELECT name FROM _migrations")]
    assert names == ["0001_calls", "0002_spend_indexes", "0003_redactions", "0004_cache", "0005_corrections"]
    ledger.close()


def test_rows_round_trip(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.record(row(reasons=["a", "b"], stream=True, ttft_ms=12.5))
    ledger.record(row(ts="2026-11-22T00:00:00.000+00:00", outcome="rejected", status=400))
    rows = list(ledger.rows())
    assert rows[0]["reasons"] == ["a", "b"] and rows[0]["stream"] == 1
    assert rows[0]["ttft_ms"] == 12.5
    assert [r["status"] for r in ledger.rows(since="2026-11-21")] == [400]
    ledger.close()


def test_price_lookup_uses_the_longest_prefix() -> None:
    assert (
        find_price(DEFAULT_PRICING, "claude-opus-4-5-20251101")
        is DEFAULT_PRICING["claude-opus-4-5"]
    )
    assert find_price(DEFAULT_PRICING, "gpt-4o-mini-2024") is DEFAULT_PRICING["gpt-4o-mini"]
    assert find_price(DEFAULT_PRICING, "mystery") is None
    assert find_price(DEFAULT_PRICING, "SmolLM2", local=True) is DEFAULT_PRICING["local"]


def test_cost_counts_cached_tokens_at_the_cached_price() -> None:
    price = Price(input=2.0, cached_input=0.5, output=8.0)
    assert cost_usd(price, Usage(1000, 100, 400)) == pytest.approx(
        (600 * 2 + 400 * 0.5 + 800) / 1e6
    )
    assert cost_usd(Price(input=1.0, output=1.0), Usage(10, 0, 10)) == pytest.approx(10 / 1e6)
    assert cost_usd(None, Usage(10, 10)) == 0.0


def test_summary_by_group() -> None:
    rows: list[dict[str, Any]] = [
        dict(
            developer="ann",
            route="local",
            outcome="ok",
            prompt_tokens=100,
            completion_tokens=10,
            cached_tokens=0,
            cost_usd=0.0,
            frontier_cost_usd=0.002,
            ts="2026-11-20",
        ),
        dict(
            developer="ann",
            route="frontier",
            outcome="ok",
            prompt_tokens=50,
            completion_tokens=5,
            cached_tokens=5,
            cost_usd=0.001,
            frontier_cost_usd=0.001,
            ts="2026-11-20",
        ),
        dict(
            developer="bob",
            route=None,
            outcome="rejected",
            prompt_tokens=0,
            completion_tokens=0,
            cached_tokens=0,
            cost_usd=0.0,
            frontier_cost_usd=0.0,
            ts="2026-11-21",
        ),
    ]
    groups, total = summarise(rows, "developer")
    ann = next(g for g in groups if g.group == "ann")
    assert (ann.calls, ann.local_share, ann.prompt_tokens) == (2, 0.5, 150)
    assert ann.saving_usd == pytest.approx(0.002)
    assert (total.calls, total.failed) == (3, 1)
    assert [g.group for g in summarise(rows, "day")[0]] == ["2026-11-20", "2026-11-21"]


def test_token_estimates_work_offline() -> None:
    assert estimate_tokens("hello world") == 2
    assert estimate_tokens("") == 0
    assert estimate_tokens("<|endoftext|>") > 0


def test_budgets_sum_spend_per_developer_and_app_and_close_the_frontier(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from sidecar.config import BudgetSettings
    from sidecar.ledger.budget import Budgets
    from sidecar.request import Caller

    now = datetime.now(UTC)
    ledger = Ledger(tmp_path / "l.sqlite3")
    ts = now.isoformat(timespec="milliseconds")
    old = (now - timedelta(days=40)).isoformat(timespec="milliseconds")
    ledger.record(row(ts=ts, developer="ann", app="aider", cost_usd=1.5))
    ledger.record(row(ts=ts, developer="bob", app="aider", cost_usd=4.0))
    ledger.record(row(ts=old, developer="ann", app="aider", cost_usd=100.0))
    ann = Caller("ann", "aider")

    assert Budgets(BudgetSettings(), ledger).exhausted(ann) is None
    assert Budgets(BudgetSettings(), ledger).tightest(ann) is None

    budgets = Budgets(BudgetSettings(daily_usd=2.0, monthly_usd=50.0, apps={"aider": 5.8}), ledger)
    assert budgets.exhausted(ann) is None
    tightest = budgets.tightest(ann)
    assert tightest is not None and tightest.scope == "app 'aider' daily"
    assert tightest.left_usd == pytest.approx(0.3)  # 5.8 - (1.5 + 4.0), all developers
    budgets.add(ann, 0.6)  # this process's own call, before the next ledger refresh
    reason = budgets.exhausted(ann)
    assert reason is not None and "developer daily limit $2.00" in reason
    ledger.close()
