"""Status for an editor: the ``sidecar/usage`` request (``sidecar/routed`` is sent per call).

``sidecar/usage`` answers ``{"calls", "cost_usd", "local_share", "frontier_cost_usd",
"saving_usd", "budget_usd", "budget_left_usd", "budget_scope", "budget_soft_ratio",
"config_path"}`` for today (the local calendar day; costs in USD, ``local_share`` 0..1), from
the daemon's ledger (``GET /v1/sidecar/usage``). The budget fields describe the limit with
the least left (``[budgets]``), or are null when no limit applies; ``budget_soft_ratio``
(0..1] is the share of a limit from which answers carry a warning (``budgets.soft_ratio``),
so an editor can colour its status the moment the daemon starts warning; ``config_path`` is
the config file that holds the daemon's own settings (model, gateway, routes, budgets).

Errors: a daemon that cannot be started or reached, or that refuses the call, answers the
request with a JSON-RPC error carrying the daemon's message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sidecar.config import config_path

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer


def setup(server: SidecarServer) -> None:
    """Register ``sidecar/usage``."""

    @server.feature("sidecar/usage")
    async def usage(ls: SidecarServer, params: Any) -> dict[str, Any]:
        daemon = await ls.ready_daemon()
        usage = await daemon.usage()
        return {
            **usage,
            "budget_soft_ratio": ls.settings.budgets.soft_ratio,
            "config_path": str(config_path()),
        }
