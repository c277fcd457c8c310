"""Routing: one pure function from a classified request to a :class:`Decision`.

Order of rules:

1. The model name may force a route: ``sidecar/local`` or the local model's name ->
   local; ``sidecar/frontier`` or the gateway model's name -> frontier; ``sidecar/auto``
   and any other name -> the routing table. ``sidecar/<other>`` is an error.
2. The routing table (``[routes]``) maps the task kind to a route.
3. Escalation: a non-completion prompt estimated larger than the local context (minus
   the completion budget) goes to the frontier. Completions are trimmed to fit instead.
4. Budget: when the caller's frontier budget is spent, frontier work is served locally,
   marked degraded; a request that forces the frontier is refused (429).
5. No gateway configured: the frontier route is served locally, marked degraded.

Fallback at run time (gateway failure -> local, local failure -> gateway) is the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sidecar.classify import Classification
from sidecar.config import RoutingSettings
from sidecar.errors import BudgetExceeded, UnknownRoute
from sidecar.request import Decision, Request, Route, TaskKind

# Characters per token used for the escalation estimate: code tokenises at ~3-4 characters
# per token, so 3 errs towards escalating a prompt that might not fit.
CHARS_PER_TOKEN = 3.0

ROUTE_MODELS = {"sidecar/local": Route.LOCAL, "sidecar/frontier": Route.FRONTIER}
AUTO_MODEL = "sidecar/auto"


@dataclass(frozen=True, slots=True)
class RouteTargets:
    """What the routes lead to right now.

    Attributes:
        local_model: concrete local model name.
        frontier_model: concrete gateway model name.
        gateway_configured: whether the frontier route exists.
        local_n_ctx: local context window (tokens).
        local_max_tokens: default completion budget for chat on the local model (tokens).
        over_budget: why the caller's frontier budget is closed, or None when it is open.

    """

    local_model: str
    frontier_model: str
    gateway_configured: bool
    local_n_ctx: int
    local_max_tokens: int
    over_budget: str | None = None


def requested_route(model: str, targets: RouteTargets) -> Route | None:
    """Return the route a model name forces, or None for automatic routing.

    Raises:
        UnknownRoute: ``model`` is ``sidecar/<x>`` with an unknown ``<x>``.

    """
    if model in ROUTE_MODELS:
        return ROUTE_MODELS[model]
    if model == AUTO_MODEL:
        return None
    if model.startswith("sidecar/"):
        raise UnknownRoute(model)
    if model and model == targets.local_model:
        return Route.LOCAL
    if model and model == targets.frontier_model:
        return Route.FRONTIER
    return None


def decide(
    request: Request,
    classification: Classification,
    table: RoutingSettings,
    targets: RouteTargets,
) -> Decision:
    """Return where ``request`` should be served, with reasons.

    Raises:
        UnknownRoute: the model name asks for a route that does not exist.
        BudgetExceeded: the model name forces the frontier and its budget is spent.

    """
    task = classification.task
    reasons = list(classification.reasons)
    forced = requested_route(request.model, targets)
    if forced is not None:
        route = forced
        reasons.append(f"model {request.model!r} forces {route.value}")
    else:
        route = Route(getattr(table, task.value))
        reasons.append(f"table: {task.value} -> {route.value}")
        if route is Route.LOCAL and task is not TaskKind.COMPLETION and table.escalate_over_context:
            estimate = int(len(request.text()) / CHARS_PER_TOKEN)
            budget = request.max_tokens or targets.local_max_tokens
            if estimate + budget > targets.local_n_ctx:
                route = Route.FRONTIER
                reasons.append(
                    f"escalated: prompt ~{estimate} tokens + {budget} exceeds local context "
                    f"{targets.local_n_ctx}"
                )
    degraded = False
    if route is Route.FRONTIER and targets.over_budget:
        if forced is Route.FRONTIER:
            raise BudgetExceeded(targets.over_budget)
        route, degraded = Route.LOCAL, True
        reasons.append(f"{targets.over_budget}: served locally (degraded)")
    if route is Route.FRONTIER and not targets.gateway_configured:
        route, degraded = Route.LOCAL, True
        reasons.append("no gateway configured: served locally (degraded)")
    model = targets.local_model if route is Route.LOCAL else targets.frontier_model
    return Decision(
        task=task,
        route=route,
        model=model,
        reasons=tuple(reasons),
        requested_route=forced,
        degraded=degraded,
    )
