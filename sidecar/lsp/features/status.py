"""Status for an editor: the ``sidecar/usage`` request (``sidecar/routed`` is sent per call).

``sidecar/usage`` answers ``{"calls", "cost_usd", "local_share", "frontier_cost_usd",
"saving_usd", "budget_usd", "budget_left_usd"}`` for today (UTC); budgets are not
configured yet, so the two budget fields are null.
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
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        rows = [
            r
            for r in engine.ledger.rows(today.isoformat(timespec="milliseconds"))
            if r["developer"] == ls.developer
        ]
        _, total = summarise(rows, "developer")
        return {
            "calls": total.calls,
            "cost_usd": round(total.cost_usd, 6),
            "frontier_cost_usd": round(total.frontier_cost_usd, 6),
            "saving_usd": round(total.saving_usd, 6),
            "local_share": round(total.local_share, 4),
            "budget_usd": None,
            "budget_left_usd": None,
        }
