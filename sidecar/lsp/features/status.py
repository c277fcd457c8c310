"""Status for an editor: the ``sidecar/usage`` request (``sidecar/routed`` is sent per call).

``sidecar/usage`` answers ``{"calls", "cost_usd", "local_share", "frontier_cost_usd",
"saving_usd", "budget_usd", "budget_left_usd", "budget_scope"}`` for today (the local
calendar day; costs in USD, ``local_share`` 0..1), from the daemon's ledger
(``GET /v1/sidecar/usage``). The budget fields describe the limit with the least left
(``[budgets]``), or are null when no limit applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer


def setup(server: SidecarServer) -> None:
    """Register ``sidecar/usage``."""

    @server.feature("sidecar/usage")
    async def usage(ls: SidecarServer, params: Any) -> dict[str, Any]:
        daemon = await ls.ready_daemon()
        return await daemon.usage()
