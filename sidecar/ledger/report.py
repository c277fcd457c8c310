"""Usage reports from the ledger: calls, tokens, cost, local share, caching and the saving.

The frontier-equivalent cost of a call is what its tokens would have cost on the
configured frontier model (recorded per row when the call was made); the saving is that
minus what the call actually cost. Caching is reported as a hit rate by calls (calls with
a ``cache_kind``) and by prompt tokens (cached / prompt tokens), with what it saved (USD).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

GroupBy = Literal["developer", "app", "task", "model", "route", "day", "redaction", "cache"]
GROUP_CHOICES: tuple[str, ...] = (
    "developer", "app", "task", "model", "route", "day", "redaction", "cache",
)  # fmt: skip


@dataclass(slots=True)
class ReportRow:
    """Totals for one group (USD for costs, tokens for token counts)."""

    group: str
    calls: int = 0
    failed: int = 0
    local_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float = 0.0
    frontier_cost_usd: float = 0.0
    cache_hits: int = 0
    cache_saved_usd: float = 0.0

    @property
    def cache_hit_rate(self) -> float:
        """Share of served calls (0..1) that were cached in any way (exact, KV, provider)."""
        served = self.calls - self.failed
        return self.cache_hits / served if served else 0.0

    @property
    def cached_token_share(self) -> float:
        """Share of prompt tokens (0..1) served from a cache."""
        return self.cached_tokens / self.prompt_tokens if self.prompt_tokens else 0.0

    @property
    def local_share(self) -> float:
        """Share of served calls (0..1) that ran on the local model."""
        served = self.calls - self.failed
        return self.local_calls / served if served else 0.0

    @property
    def saving_usd(self) -> float:
        """Frontier-equivalent cost minus actual cost, in USD."""
        return self.frontier_cost_usd - self.cost_usd

    def as_dict(self) -> dict[str, Any]:
        """Return the row as plain data (for JSON and CSV)."""
        return {
            "group": self.group, "calls": self.calls, "failed": self.failed,
            "local_share": round(self.local_share, 4), "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens, "cached_tokens": self.cached_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "frontier_cost_usd": round(self.frontier_cost_usd, 6),
            "saving_usd": round(self.saving_usd, 6),
            "cache_hits": self.cache_hits, "cache_hit_rate": round(self.cache_hit_rate, 4),
            "cached_token_share": round(self.cached_token_share, 4),
            "cache_saved_usd": round(self.cache_saved_usd, 6),
        }  # fmt: skip


def _key(row: dict[str, Any], by: str) -> str:
    if by == "day":
        return str(row["ts"])[:10]
    if by == "redaction":  # the kinds of secret the call's request had replaced
        return "+".join(sorted(row.get("redactions") or {})) or "none"
    if by == "cache":
        return str(row.get("cache_kind") or "none")
    return str(row.get(by) or "-")


def summarise(rows: Iterable[dict[str, Any]], by: str) -> tuple[list[ReportRow], ReportRow]:
    """Group ledger rows by ``by`` and total them.

    Returns:
        (groups sorted by cost then calls, descending; the grand total row).

    """
    groups: dict[str, ReportRow] = {}
    total = ReportRow("total")
    for row in rows:
        key = _key(row, by)
        group = groups.setdefault(key, ReportRow(key))
        for target in (group, total):
            target.calls += 1
            if row["outcome"] in ("error", "rejected"):
                target.failed += 1
            elif row["route"] == "local":
                target.local_calls += 1
            target.prompt_tokens += row["prompt_tokens"]
            target.completion_tokens += row["completion_tokens"]
            target.cached_tokens += row["cached_tokens"]
            target.cost_usd += row["cost_usd"]
            target.frontier_cost_usd += row["frontier_cost_usd"]
            if row.get("cache_kind") and row["outcome"] not in ("error", "rejected"):
                target.cache_hits += 1
            target.cache_saved_usd += row.get("cache_saved_usd") or 0.0
    ordered = sorted(groups.values(), key=lambda r: (-r.cost_usd, -r.calls, r.group))
    return ordered, total
