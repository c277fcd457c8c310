"""Budgets: frontier spend per developer (day, month) and per app (day), from the ledger.

Spend is the sum of ``cost_usd`` on ledger rows since the start of the local calendar
day or month, so every process writing the same ledger (``sidecar serve``,
``sidecar lsp``) counts against the same limits. Sums are cached for
:data:`REFRESH_S` seconds and this process's own calls are added as they finish, so a
routing decision costs no query in the common case.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sidecar.config import BudgetSettings
from sidecar.ledger.store import Ledger
from sidecar.request import Caller

REFRESH_S = 2.0


@dataclass(frozen=True, slots=True)
class BudgetLimit:
    """One configured limit and the spend against it (USD)."""

    scope: str  # "developer daily", "developer monthly", "app daily"
    limit_usd: float
    spent_usd: float

    @property
    def left_usd(self) -> float:
        """What is left before the limit (never negative), USD."""
        return max(0.0, self.limit_usd - self.spent_usd)


def _period_starts(now: datetime) -> tuple[str, str]:
    """Return the UTC ISO times of the local day's and month's starts."""
    local = now.astimezone()
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    return (
        day.astimezone(UTC).isoformat(timespec="milliseconds"),
        month.astimezone(UTC).isoformat(timespec="milliseconds"),
    )


class Budgets:
    """Check and report spend against ``[budgets]``.

    Args:
        settings: the ``[budgets]`` settings.
        ledger: the ledger the spend is read from.

    """

    def __init__(self, settings: BudgetSettings, ledger: Ledger):
        self.settings = settings
        self.ledger = ledger
        self._cache: dict[tuple[str, str], tuple[float, tuple[str, str], list[float]]] = {}

    @property
    def configured(self) -> bool:
        """Whether any limit is set."""
        s = self.settings
        return s.daily_usd is not None or s.monthly_usd is not None or bool(s.apps)

    def limits(self, caller: Caller) -> list[BudgetLimit]:
        """Return every limit that applies to ``caller`` with its current spend (USD)."""
        if not self.configured:
            return []
        day_usd, month_usd, app_usd = self._spend(caller)
        s = self.settings
        limits = []
        if s.daily_usd is not None:
            limits.append(BudgetLimit("developer daily", s.daily_usd, day_usd))
        if s.monthly_usd is not None:
            limits.append(BudgetLimit("developer monthly", s.monthly_usd, month_usd))
        if caller.app in s.apps:
            limits.append(BudgetLimit(f"app {caller.app!r} daily", s.apps[caller.app], app_usd))
        return limits

    def exhausted(self, caller: Caller) -> str | None:
        """Return why the frontier is closed to ``caller`` (a reason), or None if it is open."""
        for limit in self.limits(caller):
            if limit.spent_usd >= limit.limit_usd:
                return (
                    f"budget: {limit.scope} limit ${limit.limit_usd:.2f} reached "
                    f"(${limit.spent_usd:.2f} spent)"
                )
        return None

    def warning(self, caller: Caller) -> str | None:
        """Return a warning when a limit of ``caller`` is past ``soft_ratio`` (not reached)."""
        ratio = self.settings.soft_ratio
        for limit in self.limits(caller):
            if ratio * limit.limit_usd <= limit.spent_usd < limit.limit_usd:
                used = limit.spent_usd / limit.limit_usd if limit.limit_usd else 1.0
                return (
                    f"{limit.scope} budget {used:.0%} used (${limit.spent_usd:.2f} of "
                    f"${limit.limit_usd:.2f})"
                )
        return None

    def tightest(self, caller: Caller) -> BudgetLimit | None:
        """Return the limit with the least left, or None when no limit applies."""
        limits = self.limits(caller)
        return min(limits, key=lambda limit: limit.left_usd) if limits else None

    def add(self, caller: Caller, cost_usd: float) -> None:
        """Count a finished call of this process without waiting for the next refresh."""
        cached = self._cache.get((caller.developer, caller.app))
        if cached is not None and cost_usd:
            totals = cached[2]
            for i in range(3):
                totals[i] += cost_usd

    def _spend(self, caller: Caller) -> tuple[float, float, float]:
        key = (caller.developer, caller.app)
        periods = _period_starts(datetime.now(UTC))
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is None or cached[1] != periods or now - cached[0] > REFRESH_S:
            day, month = periods
            totals = [
                self.ledger.spend(day, developer=caller.developer),
                self.ledger.spend(month, developer=caller.developer),
                self.ledger.spend(day, app=caller.app) if caller.app in self.settings.apps else 0.0,
            ]
            cached = (now, periods, totals)
            self._cache[key] = cached
        day_usd, month_usd, app_usd = cached[2]
        return day_usd, month_usd, app_usd
