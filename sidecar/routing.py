"""Routing: one pure function from a classified request to a :class:`Decision`.

Order of rules:

1. The model name may force a route: ``sidecar/local`` or the local model's name ->
   local; ``sidecar/frontier`` or the gateway model's name -> frontier; ``sidecar/auto``
   -> the routing table; ``sidecar/<other>`` is an error. Any other name (a client's own
   ``claude-*`` or ``gpt-*``) goes through the ``[models]`` map: by default small models
   (``*haiku*``, ``gpt-*-nano*``: agents' title and summary calls) go local and every
   other name is routed automatically.
2. The routing table (``[routes]``) maps the task kind to a route.
3. Escalation: a chat prompt estimated larger than the local context (minus the
   answer's reserve, :func:`reply_reserve`) goes to the frontier, whatever its task kind.
   FIM prompts (``/v1/completions``) are trimmed to fit instead. Agent turns are then
   adjusted for their session (:mod:`sidecar.sessions`); agents' side requests (task
   ``background``) are not.
4. Budget: when the caller's frontier budget is spent, frontier work is served locally,
   marked degraded; a request that forces the frontier is refused (429).
5. No gateway configured: the frontier route is served locally, marked degraded.

Fallback at run time (gateway failure -> local, local failure -> gateway) is the engine's.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from sidecar.classify import Classification, classify
from sidecar.classify.classifier import DEFAULT_OPTIONS, Options
from sidecar.config import RoutingSettings
from sidecar.errors import BudgetExceeded, UnknownRoute
from sidecar.request import Decision, Endpoint, Request, Route, TaskKind
from sidecar.sessions import Sessions, Turn, is_agent_request, read_turn

# Characters per token used for the escalation estimate: code tokenises at ~3-4 characters
# per token, so 3 errs towards escalating a prompt that might not fit.
CHARS_PER_TOKEN = 3.0

ROUTE_MODELS = {"sidecar/local": Route.LOCAL, "sidecar/frontier": Route.FRONTIER}
AUTO_MODEL = "sidecar/auto"
DEFAULT_CLAUDE = "claude-sonnet-4-5"


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
        model_map: (fnmatch pattern, route model) pairs for client model names, in order.
        gateway_api: ``openai``, ``anthropic`` or ``both`` (``gateway.api``).
        anthropic_model: ``gateway.anthropic_model``.

    """

    local_model: str
    frontier_model: str
    gateway_configured: bool
    local_n_ctx: int
    local_max_tokens: int
    over_budget: str | None = None
    model_map: tuple[tuple[str, str], ...] = (("*", AUTO_MODEL),)
    gateway_api: str = "openai"
    anthropic_model: str = ""


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
    pattern = mapped_pattern(model, targets)
    return ROUTE_MODELS.get(dict(targets.model_map)[pattern]) if pattern else None


def mapped_pattern(model: str, targets: RouteTargets) -> str | None:
    """Return the first ``[models]`` pattern matching ``model`` (case-insensitive), or None."""
    name = model.lower()
    for pattern, _ in targets.model_map:
        if fnmatch.fnmatchcase(name, pattern.lower()):
            return pattern
    return None


def speaks_anthropic(endpoint: Endpoint, gateway_api: str) -> bool:
    """Return whether a frontier call for ``endpoint`` goes to the gateway's Messages API."""
    return gateway_api == "anthropic" or (gateway_api == "both" and endpoint is Endpoint.MESSAGES)


def frontier_model(request: Request, targets: RouteTargets) -> str:
    """Return the model name a frontier call for ``request`` sends upstream."""
    return upstream_model(
        request, targets.gateway_api, targets.frontier_model, targets.anthropic_model
    )


def upstream_model(request: Request, api: str, openai_model: str, anthropic_model: str) -> str:
    """Return the gateway model for ``request``.

    OpenAI-shaped calls use ``gateway.model``. Anthropic-shaped calls use
    ``gateway.anthropic_model``, else the client's own ``claude-*`` name, else
    ``claude-sonnet-4-5``.
    """
    if not speaks_anthropic(request.endpoint, api):
        return openai_model
    if anthropic_model:
        return anthropic_model
    return request.model if request.model.lower().startswith("claude") else DEFAULT_CLAUDE


def agent_turn(request: Request, sessions: Sessions | None) -> Turn | None:
    """Return the turn facts of an agent request routed with session memory, else None.

    Read once per request and handed to :func:`classify_request` and :func:`decide`.
    """
    if sessions is None or not is_agent_request(request):
        return None
    return read_turn(request)


def classify_options(table: RoutingSettings) -> Options:
    """Return the classifier's options from the ``[routes]`` settings."""
    return Options(
        learned=table.classifier == "learned", planning_threshold=table.planning_threshold
    )


def classify_request(
    request: Request,
    sessions: Sessions | None,
    turn: Turn | None = None,
    options: Options = DEFAULT_OPTIONS,
) -> Classification:
    """Classify ``request``; a tool follow-up of a known agent session by its phase alone.

    A follow-up is not reclassified (:mod:`sidecar.sessions`), and most agent calls are
    follow-ups: skipping the classifier saves 2-4 ms of time to first byte on each of them
    (a 50 KB Codex or Claude Code request). ``turn`` is :func:`agent_turn`'s, if the caller
    has it; ``options`` how to decide (learned model or rules, planning threshold).
    """
    turn = turn or agent_turn(request, sessions)
    if sessions is None or turn is None or not turn.follow_up or request.response_format:
        return classify(request, options)
    phase = sessions.phase(turn.session)
    if phase is None:
        return classify(request, options)
    task = TaskKind.PLANNING if phase == "planning" else TaskKind.REFACTOR
    return Classification(task, [f"tool follow-up in a {phase} session: not reclassified"])


def reply_reserve(request: Request, targets: RouteTargets) -> int:
    """Return the answer tokens a local prompt must leave room for (local model's tokens).

    ``max_tokens`` counts as a need up to a quarter of the local context (or the local
    default, if larger); above that it is a ceiling, as agents send 32k-128k on every call,
    and the local backend clamps it to the room left.
    """
    ceiling = max(targets.local_max_tokens, targets.local_n_ctx // 4)
    return min(request.max_tokens or targets.local_max_tokens, ceiling)


def decide(
    request: Request,
    classification: Classification,
    table: RoutingSettings,
    targets: RouteTargets,
    sessions: Sessions | None = None,
    turn: Turn | None = None,
    *,
    remember: bool = True,
) -> Decision:
    """Return where ``request`` should be served, with reasons.

    ``sessions`` (stateful) adjusts agent requests for their session
    (:mod:`sidecar.sessions`); without it every request is routed on its own. ``turn`` is
    the request's :func:`agent_turn`, read here when not given. ``remember`` False (a dry
    run) decides with the sessions as they are without recording the turn.

    Raises:
        UnknownRoute: the model name asks for a route that does not exist.
        BudgetExceeded: the model name forces the frontier and its budget is spent.

    """
    task = classification.task
    reasons = list(classification.reasons)
    forced = requested_route(request.model, targets)
    if forced is not None:
        route = forced
        pattern = mapped_pattern(request.model, targets)
        via = f" ([models] {pattern!r})" if pattern and request.model not in ROUTE_MODELS else ""
        reasons.append(f"model {request.model!r} forces {route.value}{via}")
    else:
        route = Route(getattr(table, task.value))
        reasons.append(f"table: {task.value} -> {route.value}")
        fits = True
        # FIM prompts are trimmed to fit; a chat prompt (of any task kind) cannot be.
        if request.endpoint is not Endpoint.COMPLETIONS and table.escalate_over_context:
            estimate = int(len(request.text()) / CHARS_PER_TOKEN)
            budget = reply_reserve(request, targets)
            fits = estimate + budget <= targets.local_n_ctx
            if route is Route.LOCAL and not fits:
                route = Route.FRONTIER
                reasons.append(
                    f"escalated: prompt ~{estimate} tokens + {budget} exceeds local context "
                    f"{targets.local_n_ctx}"
                )
        background = task is TaskKind.BACKGROUND
        if sessions is not None and not background and is_agent_request(request):
            execution = Route(table.refactor) if fits else Route.FRONTIER
            task, route, notes = sessions.adjust(
                turn or read_turn(request),
                task,
                route,
                fits_local=fits,
                execution=execution,
                remember=remember,
            )
            reasons += notes
    degraded = False
    if route is Route.FRONTIER and targets.over_budget:
        if forced is Route.FRONTIER:
            raise BudgetExceeded(targets.over_budget)
        route, degraded = Route.LOCAL, True
        reasons.append(f"{targets.over_budget}: served locally (degraded)")
    if route is Route.FRONTIER and not targets.gateway_configured:
        route, degraded = Route.LOCAL, True
        reasons.append("no gateway configured: served locally (degraded)")
    model = targets.local_model if route is Route.LOCAL else frontier_model(request, targets)
    return Decision(
        task=task,
        route=route,
        model=model,
        reasons=tuple(reasons),
        requested_route=forced,
        degraded=degraded,
    )
