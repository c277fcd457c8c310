"""Status for an editor: the ``sidecar/usage`` request (``sidecar/routed`` is sent per call).

``sidecar/usage`` answers ``{"calls", "cost_usd", "local_share", "frontier_cost_usd",
"saving_usd", "budget_usd", "budget_left_usd", "budget_scope"}`` for today (the local
calendar day; costs in USD, ``local_share`` 0..1). The budget fields describe the limit
with the least left (``[budgets]``), or are null when no limit applies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sidecar.ledger.report import summarise

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer


def setup(server: SidecarServer) -> None:
    """Register ``sidecar/usage``."""

    @server.feature("sidecar/usage")
    async def usage(ls: SidecarServer, params: Any) -> dict[str, Any]:
        engine = await ls.ready_engine()
        today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        since = today.astimezone(UTC).isoformat(timespec="milliseconds")
        rows = [r for r in engine.ledger.rows(since) if r["developer"] == ls.developer]
        _, total = summarise(rows, "developer")
        limit = engine.budgets.tightest(ls.caller)
        return {
            "calls": total.calls,
            "cost_usd": round(total.cost_usd, 6),
            "frontier_cost_usd": round(total.frontier_cost_usd, 6),
            "saving_usd": round(total.saving_usd, 6),
            "local_share": round(total.local_share, 4),
            "budget_usd": limit.limit_usd if limit else None,
            "budget_left_usd": round(limit.left_usd, 6) if limit else None,
            "budget_scope": limit.scope if limit else None,
        }
