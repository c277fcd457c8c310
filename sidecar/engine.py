"""The engine: classify -> route -> backend (with fallback) -> ledger, for every surface.

A surface turns its wire shape into a :class:`~sidecar.request.Request` and calls
:meth:`Engine.complete` or :meth:`Engine.stream`; the engine decides the route, calls the
backend, falls back when a backend fails before answering (gateway -> local marked
``degraded``; local -> gateway), and records exactly one ledger row per call, failed
calls included. Requests rejected before the engine sees them are recorded with
:meth:`Engine.record_rejected`.

The row is written when the call is dispatched (outcome ``in_flight``) and completed when
it ends, so a process killed mid-call leaves a row that the next start marks
``interrupted``, never a missing one. A frontier call first reserves its estimated cost
(prompt characters / 3 tokens, completion bounded by ``max_tokens``) on that row and in
the budget counters, and settles to the actual cost at the end: concurrent calls see each
other's reservations, so a hard limit is overshot by at most the one call that crossed it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sidecar.backends import Backend
from sidecar.classify import Classification, second_opinion
from sidecar.classify.corrections import Corrections
from sidecar.config import Price, Settings
from sidecar.errors import BackendError, NeverEscalate, RequestError, SidecarError
from sidecar.ledger.budget import Budgets
from sidecar.ledger.pricing import cost_usd, find_price, uncached
from sidecar.ledger.report import summarise
from sidecar.ledger.store import CallRecord, Ledger, utc_now
from sidecar.ledger.tokens import estimate_tokens
from sidecar.request import Caller, Chunk, Decision, Request, Result, Route, TaskKind, Usage
from sidecar.response_cache import (
    CACHEABLE_FINISH,
    DEFAULT_POLICY,
    Entry,
    ResponseCache,
    deterministic,
    request_key,
)
from sidecar.routing import (
    CHARS_PER_TOKEN,
    RouteTargets,
    agent_turn,
    classify_options,
    classify_request,
    decide,
)
from sidecar.security.boundary import Boundary, Crossing
from sidecar.sessions import Sessions, Turn

log = logging.getLogger(__name__)

RECENT_CALLS = 4096
"""Calls whose features are kept in memory, so a correction can apply to later ones."""


def unpriced_warning(settings: Settings) -> str | None:
    """Return a warning when ``gateway.model`` has no price (its calls would cost $0)."""
    model = settings.gateway.model
    if find_price(settings.price_table(), model) is not None:
        return None
    return (
        f"gateway.model {model!r} has no price: its calls are recorded at $0 and budgets "
        f'cannot hold; add [pricing."{model}"] (input, cached_input, output in USD per '
        "million tokens) to the config file"
    )


DEFAULT_COMPLETION_BOUND = 4096
"""Completion tokens a frontier call without ``max_tokens`` is assumed to use at most, for
its budget reservation."""


def _now_ms() -> float:
    return time.perf_counter() * 1000.0


@dataclass(slots=True)
class Call:
    """Bookkeeping for one call in progress; becomes one ledger row.

    Attributes:
        route, model: where it is being served (after any fallback).
        fallbacks: what failed over, e.g. ``frontier->local: gateway returned HTTP 503``.
        ttft_ms: milliseconds from start to the first generated text.
        row_id: the ledger row, written when the call is first dispatched.
        reserved_usd: the estimated cost held against the budgets while a frontier call
            runs (USD), settled to the actual cost when it ends.

    """

    request: Request
    caller: Caller
    request_id: str
    decision: Decision
    classification: Classification | None = None
    ts: str = field(default_factory=utc_now)
    started_ms: float = field(default_factory=_now_ms)
    route: Route | None = None
    model: str | None = None
    fallbacks: list[str] = field(default_factory=list)
    ttft_ms: float | None = None
    usage: Usage | None = None
    text_parts: list[str] = field(default_factory=list)
    recorded: bool = False
    cost_usd: float = 0.0
    row_id: int | None = None
    reserved_usd: float = 0.0
    budget_warning: str | None = None
    crossing: Crossing | None = None
    cache_kind: str | None = None
    cache_saved_usd: float = 0.0
    cache_key: str | None = None
    cache_status: str | None = None

    @property
    def degraded(self) -> bool:
        """True when the call is served by a stand-in for its preferred route."""
        return self.decision.degraded or (self.route is Route.LOCAL and bool(self.fallbacks))

    def sidecar_info(self) -> dict[str, object]:
        """Return the ``sidecar`` field added to response bodies."""
        return {
            **self.decision.as_json(),
            "route": (self.route or self.decision.route).value,
            "model": self.model or self.decision.model,
            "degraded": self.degraded,
            "fallback": self.fallbacks,
            **({"cost_usd": round(self.cost_usd, 8)} if self.recorded else {}),
            **({"budget_warning": self.budget_warning} if self.budget_warning else {}),
            **({"cache": self.cache_kind} if self.cache_kind == "exact" else {}),
        }


class StreamingCall:
    """A streamed call whose first chunk has arrived (so the route is final).

    Iterate :meth:`chunks`; always :meth:`close` in a ``finally`` so the ledger row is
    written and the backend stream released, whether the client read to the end or left.
    """

    def __init__(self, engine: Engine, call: Call, first: Chunk | None, rest: AsyncIterator[Chunk]):
        self.engine = engine
        self.call = call
        self._first = first
        self._rest = rest
        self._outcome = "ok"
        self._error: str | None = None
        self._status = 200
        self._kept: list[Chunk] | None = [] if call.cache_key and not call.cache_kind else None

    async def chunks(self) -> AsyncIterator[Chunk]:
        """Yield the answer's chunks; the last carries the finish reason and usage.

        Raises:
            BackendError: the backend failed mid-stream (recorded as ``error``).

        """
        try:
            if self._first is not None:
                yield self._observe(self._first)
            async for chunk in self._rest:
                yield self._observe(chunk)
        except BackendError as exc:
            self._outcome, self._error, self._status = "error", exc.message, exc.status
            raise
        except (asyncio.CancelledError, GeneratorExit):
            self._outcome = "cancelled"
            raise

    def _observe(self, chunk: Chunk) -> Chunk:
        call = self.call
        if chunk.text or chunk.tool_calls or chunk.thinking:
            if call.ttft_ms is None:
                call.ttft_ms = _now_ms() - call.started_ms
            call.text_parts.append(chunk.text + "".join(d.arguments for d in chunk.tool_calls))
        if chunk.usage is not None:
            call.usage = chunk.usage
        if self._kept is not None:
            self._kept.append(chunk)
        return chunk

    def mark_cancelled(self) -> None:
        """Record the call as cancelled (the client went away mid-stream)."""
        self._outcome = "cancelled"

    async def close(self) -> Usage:
        """Release the backend stream, write the ledger row (once) and return the usage."""
        aclose = getattr(self._rest, "aclose", None)
        if aclose is not None:
            try:
                await aclose()
            except BackendError as exc:
                log.debug("backend stream close: %s", exc)
        if self.call.recorded:
            return self.engine.finish(self.call, self._outcome, self._status, self._error)
        usage = self.engine.finish(self.call, self._outcome, self._status, self._error)
        kept, self._kept = self._kept, None
        if kept and self._outcome == "ok":
            self.engine.store(self.call, Entry(self.call.model or "", usage, 0.0, chunks=kept))
        return usage


class Engine:
    """Classify, route, call a backend, record.

    Args:
        settings: all settings.
        local: the local backend (route ``local``).
        gateway: the gateway backend (route ``frontier``).
        ledger: where every call is recorded.
        gateway_configured: whether the frontier route exists.
        boundary: the data boundary (secret redaction, never-escalate files); by default
            only the never-escalate files of ``settings.boundary``.
        response_cache: the exact response cache, or None for none.

    """

    def __init__(
        self,
        settings: Settings,
        local: Backend,
        gateway: Backend,
        ledger: Ledger,
        *,
        gateway_configured: bool,
        boundary: Boundary | None = None,
        response_cache: ResponseCache | None = None,
    ):
        self.settings = settings
        self.response_cache = response_cache
        self.boundary = boundary or Boundary(None, settings.boundary.never_escalate)
        self.local = local
        self.gateway = gateway
        self.ledger = ledger
        self.gateway_configured = gateway_configured
        self.prices = settings.price_table()
        self._frontier_price = find_price(self.prices, gateway.model_name)
        self.pricing_warning = unpriced_warning(settings) if gateway_configured else None
        if self.pricing_warning:
            log.error("%s", self.pricing_warning)
        self.budgets = Budgets(settings.budgets, ledger)
        self._model_map = tuple(settings.model_map().items())
        self.sessions = Sessions(
            sticky=settings.routes.sticky_sessions,
            files_escalation=settings.routes.agent_files_escalation,
        )
        self.classify_options = classify_options(settings.routes)
        self.corrections = Corrections()
        for row in ledger.corrections():
            if row["features"]:
                rows, values = zip(*row["features"], strict=True)
                vector = (tuple(int(r) for r in rows), tuple(float(v) for v in values))
                self.corrections.add(
                    row["developer"], vector, TaskKind(row["to_task"]), row["request_id"]
                )
        self._recent: OrderedDict[str, _Recent] = OrderedDict()

    def targets(self, caller: Caller | None = None) -> RouteTargets:
        """Return what the routes currently lead to (for ``caller``'s budget)."""
        return RouteTargets(
            local_model=self.local.model_name,
            frontier_model=self.gateway.model_name,
            gateway_configured=self.gateway_configured,
            local_n_ctx=self.settings.local.n_ctx,
            local_max_tokens=self.settings.local.default_max_tokens,
            over_budget=self.budgets.exhausted(caller) if caller is not None else None,
            model_map=self._model_map,
            gateway_api=self.settings.gateway.api,
            anthropic_model=self.settings.gateway.anthropic_model,
        )

    def decide(
        self, request: Request, caller: Caller | None = None, *, dry_run: bool = False
    ) -> Decision:
        """Classify and route ``request`` without calling a backend.

        A dry run decides exactly as the real call would (agent sessions consulted) but
        leaves the sessions as they are.

        Raises:
            UnknownRoute: the model name asks for a route that does not exist.
            BudgetExceeded: the request forces the frontier and ``caller``'s budget is spent.
            NeverEscalate: it names a never-escalate file and the config refuses those.

        """
        return self._decide(request, caller, dry_run=dry_run)[0]

    def _decide(
        self, request: Request, caller: Caller | None, *, dry_run: bool
    ) -> tuple[Decision, Classification]:
        targets = self.targets(caller)
        sessions = self.sessions
        turn = agent_turn(request, sessions)
        if request.forced_task is not None:
            classification = Classification(
                request.forced_task, [f"task {request.forced_task.value} set by the client"]
            )
        else:
            classification = classify_request(request, sessions, turn, self.classify_options)
            if caller is not None:
                classification = self._corrected(classification, caller.developer)
        decision = self._route(request, classification, targets, turn, remember=not dry_run)
        return self._hold_back(request, decision), classification

    async def decide_with_opinion(self, request: Request, caller: Caller) -> Decision:
        """Return the dry-run decision, the local model's second opinion included.

        The same decision the real call would take (:meth:`decide` plus
        :meth:`_second_opinion`), without recording anything.

        Raises:
            As :meth:`decide`.

        """
        decision, classification = self._decide(request, caller, dry_run=True)
        revised = await self._opinion(request, caller, decision, classification)
        if revised is None:
            return decision
        turn = agent_turn(request, self.sessions)
        decision = self._route(request, revised, self.targets(caller), turn, remember=False)
        return self._hold_back(request, decision)

    async def _second_opinion(self, call: Call) -> None:
        """Ask the local model about an uncertain decision (``routes.second_opinion``)."""
        if call.classification is None:
            return
        revised = await self._opinion(
            call.request, call.caller, call.decision, call.classification
        )
        if revised is None:
            return
        call.classification = revised
        turn = agent_turn(call.request, self.sessions)
        decision = self._route(
            call.request, revised, self.targets(call.caller), turn, remember=True
        )
        call.decision = self._hold_back(call.request, decision)

    async def _opinion(
        self,
        request: Request,
        caller: Caller,
        decision: Decision,
        classification: Classification,
    ) -> Classification | None:
        """Return the classification with the second opinion, or None when none is asked."""
        routes = self.settings.routes
        if (
            not routes.second_opinion
            or decision.requested_route is not None
            or not second_opinion.uncertain(classification, routes.second_opinion_band)
        ):
            return None
        try:
            async with asyncio.timeout(routes.second_opinion_ms / 1000):
                result = await self.local.complete(second_opinion.question(request), caller)
            opinion = second_opinion.parse(result.text)
        except (TimeoutError, SidecarError) as exc:
            log.info("second opinion: none within %d ms (%s)", routes.second_opinion_ms, exc)
            opinion = None
        return second_opinion.combine(classification, opinion)

    def _route(
        self,
        request: Request,
        classification: Classification,
        targets: RouteTargets,
        turn: Turn | None,
        *,
        remember: bool,
    ) -> Decision:
        """Route ``classification`` by the table, the targets and the agent sessions."""
        return decide(
            request,
            classification,
            self.settings.routes,
            targets,
            self.sessions,
            turn,
            remember=remember,
        )

    def _corrected(self, classification: Classification, developer: str) -> Classification:
        """Return ``classification``, or the kind the developer gave a request like it."""
        if classification.vector is None:
            return classification
        match = self.corrections.match(developer, classification.vector)
        if match is None or match.task is classification.task:
            return classification
        reasons = [
            f"corrected: like {match.request_id} (similarity {match.similarity:g}), "
            f"which you marked {match.task.value}",
            *classification.reasons,
        ]
        return Classification(
            match.task, reasons, classification.scores, classification.vector
        )

    def correct(
        self, request_id: str, task: TaskKind, *, source: str, developer: str | None = None
    ) -> dict[str, Any]:
        """Record that call ``request_id`` should have been ``task``; return what was kept.

        The correction goes on the ledger (``corrections`` table) and, when the call was
        decided by the learned model in this process, applies to later requests of the
        same developer that are like it (:mod:`sidecar.classify.corrections`).

        Returns:
            ``{"request_id", "from", "to", "developer", "applies_to_similar"}``.

        Raises:
            RequestError: 404 when no call ``request_id`` is known; 400 for a background
                kind.

        """
        if task is TaskKind.BACKGROUND:
            raise RequestError("a call can be corrected to completion, review, refactor or "
                               "planning", param="task")  # fmt: skip
        recent = self._recent.get(request_id)
        row = None if recent is not None else self.ledger.call(request_id)
        if recent is None and row is None:
            raise RequestError(
                f"no call with request id {request_id!r} in the ledger",
                status=404,
                code="not_found",
                param="request_id",
            )
        who = developer or (recent.developer if recent else str(row["developer"]) if row else "")
        from_task = recent.task.value if recent else (row or {}).get("task")
        vector = recent.vector if recent else None
        features = [[r, v] for r, v in zip(*vector, strict=True)] if vector else None
        self.ledger.add_correction(request_id, who, from_task, task.value, source, features)
        applied = bool(vector) and self.corrections.add(who, vector or ((), ()), task, request_id)
        log.info("routing corrected: %s %s -> %s (%s)", request_id, from_task, task.value, source)
        return {
            "request_id": request_id,
            "from": from_task,
            "to": task.value,
            "developer": who,
            "applies_to_similar": applied,
        }

    def _hold_back(self, request: Request, decision: Decision) -> Decision:
        """Keep a request that names a never-escalate file off the gateway.

        Raises:
            NeverEscalate: ``boundary.on_never_escalate`` is ``refuse`` and the request
                would have gone to the frontier.

        """
        if not self.gateway_configured:
            return decision
        files = self.boundary.sensitive_files(request)
        if not files:
            return decision
        shown = ", ".join(files[:3]) + (" ..." if len(files) > 3 else "")
        if decision.route is Route.FRONTIER:
            if self.settings.boundary.on_never_escalate == "refuse":
                raise NeverEscalate(shown)
            model = self.local.model_name
        else:
            model = decision.model
        return dataclasses.replace(
            decision,
            route=Route.LOCAL,
            model=model,
            requested_route=Route.LOCAL,  # no fallback to the gateway either
            reasons=(*decision.reasons, f"boundary: {shown} never leaves the machine"),
        )

    def _backends(self, call: Call) -> list[tuple[Route, Backend]]:
        decision = call.decision
        first = decision.route
        order = [(first, self._backend(first))]
        if first is Route.FRONTIER:
            order.append((Route.LOCAL, self.local))
        elif (
            self.gateway_configured
            and decision.requested_route is not Route.LOCAL
            and not decision.degraded
            and self.budgets.exhausted(call.caller) is None
        ):
            # A forced sidecar/local keeps code on the machine, and a spent budget keeps
            # the call local: no fallback to the gateway.
            order.append((Route.FRONTIER, self.gateway))
        return order

    def _backend(self, route: Route) -> Backend:
        return self.local if route is Route.LOCAL else self.gateway

    def _failover(self, call: Call, route: Route, exc: BackendError, last: bool) -> bool:
        """Record a fallback to the next route; with none left, finish the call as an error.

        Returns:
            True when no backend is left (the caller re-raises ``exc``).

        """
        if last:
            self.finish(call, "error", exc.status, exc.message)
            return True
        other = Route.LOCAL if route is Route.FRONTIER else Route.FRONTIER
        call.fallbacks.append(f"{route.value}->{other.value}: {exc.message}")
        log.warning("%s failed, falling back to %s: %s", route.value, other.value, exc.message)
        return False

    async def complete(
        self, request: Request, caller: Caller, request_id: str
    ) -> tuple[Call, Result]:
        """Serve a non-streamed call.

        Returns:
            The call's bookkeeping (route, model, fallbacks) and the result.

        Raises:
            UnknownRoute: bad model name (recorded as rejected).
            BackendError: every backend in the fallback order failed (recorded as error).

        """
        call = self._start(request, caller, request_id)
        await self._second_opinion(call)
        entry = self._lookup(call)
        if entry is not None and entry.result is not None:
            result = entry.result
            result.usage = self.finish(call, "ok", 200, None)
            return call, result
        order = self._backends(call)
        for index, (route, backend) in enumerate(order):
            sent = self._dispatch(call, route, backend)
            try:
                result = await backend.complete(sent, caller)
                if route is Route.FRONTIER and call.crossing is not None:
                    result = call.crossing.restore_result(result)
            except BackendError as exc:
                if self._failover(call, route, exc, last=index == len(order) - 1):
                    raise
                continue
            except asyncio.CancelledError:
                self.finish(call, "cancelled", 499, "client went away")
                raise
            call.model = result.model
            call.usage = result.usage
            call.ttft_ms = result.ttft_ms
            call.text_parts.append(result.text)
            result.usage = self.finish(call, "ok", 200, None)
            if result.finish_reason in CACHEABLE_FINISH:
                self.store(call, Entry(result.model, result.usage, 0.0, result=result))
            return call, result
        raise AssertionError("fallback order is never empty")

    async def stream(self, request: Request, caller: Caller, request_id: str) -> StreamingCall:
        """Start a streamed call: returns once the first chunk arrived (route is final).

        Raises:
            UnknownRoute: bad model name (recorded as rejected).
            BackendError: every backend failed before its first chunk (recorded as error).

        """
        call = self._start(request, caller, request_id)
        await self._second_opinion(call)
        entry = self._lookup(call)
        if entry is not None and entry.chunks is not None:
            return StreamingCall(self, call, None, _replay(entry.chunks))
        order = self._backends(call)
        for index, (route, backend) in enumerate(order):
            sent = self._dispatch(call, route, backend)
            chunks = backend.stream(sent, caller)
            if route is Route.FRONTIER and call.crossing is not None and len(call.crossing.vault):
                chunks = call.crossing.restore_stream(chunks)  # only when something was redacted
            iterator = chunks.__aiter__()
            try:
                first: Chunk | None = await iterator.__anext__()
            except StopAsyncIteration:
                first = None
            except BackendError as exc:
                if self._failover(call, route, exc, last=index == len(order) - 1):
                    raise
                continue
            except asyncio.CancelledError:
                self.finish(call, "cancelled", 499, "client went away")
                raise
            return StreamingCall(self, call, first, iterator)
        raise AssertionError("fallback order is never empty")

    def _lookup(self, call: Call) -> Entry | None:
        """Return the cached answer for ``call``, marking the call as an exact cache hit.

        Sets ``call.cache_key`` when the request is cacheable (deterministic, or opted in,
        and not excluded by its cache policy) and ``call.cache_status`` to ``hit``,
        ``miss`` or ``bypass`` (cacheable, but the policy forbids the lookup).
        """
        cache = self.response_cache
        request = call.request
        policy = request.cache or DEFAULT_POLICY
        if cache is None or not request.body or not (policy.lookup or policy.store):
            return None
        if not (policy.force or deterministic(request.body, request.temperature)):
            return None
        decision = call.decision
        call.cache_key = request_key(
            request.endpoint.value,
            request.stream,
            decision.route.value,
            decision.model,
            call.caller.developer,
            request.body,
        )
        if not policy.lookup:
            call.cache_status = "bypass"
            return None
        entry = cache.get(call.cache_key, policy.max_age_s)
        shape_ok = entry is not None and (entry.chunks is not None) == request.stream
        if entry is None or not shape_ok:
            call.cache_status = "miss"
            return None
        call.cache_status = "hit"
        call.cache_kind = "exact"
        call.cache_saved_usd = entry.cost_usd
        call.route, call.model = decision.route, entry.model
        call.usage = entry.usage
        call.ttft_ms = _now_ms() - call.started_ms
        return entry

    def store(self, call: Call, entry: Entry) -> None:
        """Keep ``call``'s answer in the response cache, when it may be replayed.

        Only a cacheable call (``call.cache_key``) whose policy allows storing, that ended
        normally on its preferred route (no fallback), and is not itself a replay.
        """
        cache = self.response_cache
        policy = call.request.cache or DEFAULT_POLICY
        if (
            cache is None
            or call.cache_key is None
            or call.cache_kind == "exact"
            or not policy.store
            or call.fallbacks
            or call.decision.degraded
        ):
            return
        if entry.chunks is not None:
            finishes = [c.finish_reason for c in entry.chunks if c.finish_reason]
            if not finishes or finishes[-1] not in CACHEABLE_FINISH:
                return
        entry.model = call.model or entry.model
        entry.cost_usd = call.cost_usd
        cache.put(call.cache_key, entry)

    def _start(self, request: Request, caller: Caller, request_id: str) -> Call:
        try:
            decision, classification = self._decide(request, caller, dry_run=False)
        except SidecarError as exc:
            self.record_rejected(
                request.endpoint.value,
                request.model,
                caller,
                request_id,
                exc,
                stream=request.stream,
            )
            raise
        call = Call(request=request, caller=caller, request_id=request_id, decision=decision)
        call.classification = classification
        call.budget_warning = self.budgets.warning(caller)
        self._recent[request_id] = _Recent(caller.developer, decision.task, classification.vector)
        if len(self._recent) > RECENT_CALLS:
            self._recent.popitem(last=False)
        return call

    def finish(self, call: Call, outcome: str, status: int, error: str | None) -> Usage:
        """Write the call's ledger row (once) and return its usage (estimated if unknown)."""
        usage = call.usage
        if usage is None or (usage.prompt_tokens == 0 and usage.completion_tokens == 0):
            usage = Usage(
                prompt_tokens=estimate_tokens(call.request.text()),
                completion_tokens=estimate_tokens("".join(call.text_parts)),
                estimated=True,
            )
        if call.recorded:
            return usage
        call.recorded = True
        if outcome == "ok" and call.degraded:
            outcome = "degraded"
        served = outcome in ("ok", "degraded", "cancelled") or call.text_parts
        model = call.model or call.decision.model
        price = self._price(model, local=call.route is Route.LOCAL)
        frontier_cost = cost_usd(self._frontier_price, usage) if served else 0.0
        returned = usage
        if call.cache_kind == "exact":  # replayed: no backend call, nothing billed
            usage = Usage(usage.prompt_tokens, usage.completion_tokens, usage.prompt_tokens)
            price = None
        cost = cost_usd(price, usage) if served else 0.0
        call.cost_usd = cost
        if served and call.cache_kind is None and _cache_hit(call.route, usage):
            call.cache_kind = "kv-prefix" if call.route is Route.LOCAL else "provider"
        if served and call.cache_kind in ("kv-prefix", "provider"):
            call.cache_saved_usd = max(0.0, cost_usd(price, uncached(usage)) - cost)
        row = self._row(call, outcome, status, error, usage, (cost, frontier_cost))
        call.row_id = self._write(row, call.row_id)
        self.budgets.add(call.caller, cost - call.reserved_usd)  # settle the reservation
        log.info(
            "%s %s %s -> %s %s: %s %d ms%s",
            row.app,
            row.endpoint,
            row.task,
            row.route,
            row.model,
            outcome,
            row.latency_ms,
            f" ({row.fallback})" if row.fallback else "",
        )
        return returned

    def _price(self, model: str, *, local: bool) -> Price | None:
        """Return the price of ``model``; a frontier model with none costs the gateway's.

        A frontier model with no configured price (a client's own model name passed
        through) is costed at the gateway model's price rather than free, so that budgets
        still hold; ``[pricing]`` gives it its own.
        """
        found = find_price(self.prices, model, local=local)
        return found if found is not None or local else self._frontier_price

    def _dispatch(self, call: Call, route: Route, backend: Backend) -> Request:
        """Record that ``call`` goes to ``route`` now; return the request to send.

        Its row exists from here on. A frontier call first reserves its estimated cost
        against the budgets (see the module docstring; a fallback to the frontier reserves
        then) and crosses the data boundary: what is sent has its secrets redacted.
        """
        call.route, call.model = route, backend.model_for(call.request)
        sent = call.request
        if route is Route.FRONTIER:
            if call.crossing is None:
                call.crossing = self.boundary.outbound(call.request)
            sent = call.crossing.request
            bound = call.request.max_tokens or DEFAULT_COMPLETION_BOUND
            estimate = Usage(int(len(call.request.text()) / CHARS_PER_TOKEN), bound)
            reserved = cost_usd(self._price(call.model, local=False), estimate)
            self.budgets.add(call.caller, reserved - call.reserved_usd)
            call.reserved_usd = reserved
        row = self._row(call, "in_flight", 0, None, Usage(estimated=True), (call.reserved_usd, 0))
        call.row_id = self._write(row, call.row_id)
        return sent

    def _row(
        self,
        call: Call,
        outcome: str,
        status: int,
        error: str | None,
        usage: Usage,
        costs: tuple[float, float],
    ) -> CallRecord:
        """Return the call's row; ``costs`` are its cost and its frontier-equivalent (USD)."""
        return CallRecord(
            ts=call.ts,
            request_id=call.request_id,
            developer=call.caller.developer,
            app=call.caller.app,
            endpoint=call.request.endpoint.value,
            requested_model=call.request.model,
            outcome=outcome,
            status=status,
            task=call.decision.task.value,
            reasons=list(call.decision.reasons),
            route=call.route.value if call.route else None,
            model=call.model or call.decision.model,
            stream=call.request.stream,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cached_tokens=usage.cached_tokens,
            tokens_estimated=usage.estimated,
            cost_usd=costs[0],
            frontier_cost_usd=costs[1],
            latency_ms=round(_now_ms() - call.started_ms, 3),
            ttft_ms=round(call.ttft_ms, 3) if call.ttft_ms is not None else None,
            error=error,
            fallback="; ".join(call.fallbacks) or None,
            redactions=call.crossing.redactions if call.crossing else {},
            cache_kind=call.cache_kind,
            cache_write_tokens=usage.cache_write_tokens,
            cache_saved_usd=call.cache_saved_usd,
        )

    def record_rejected(
        self,
        endpoint: str,
        model: str,
        caller: Caller,
        request_id: str,
        error: SidecarError,
        *,
        stream: bool = False,
    ) -> None:
        """Record a call refused before any backend was called (bad input, auth)."""
        self._write(
            CallRecord(
                ts=utc_now(),
                request_id=request_id,
                developer=caller.developer,
                app=caller.app,
                endpoint=endpoint,
                requested_model=model,
                outcome="rejected",
                status=error.status,
                stream=stream,
                error=error.message[:500],
            )
        )

    def usage_today(self, caller: Caller) -> dict[str, Any]:
        """Return today's usage of ``caller.developer`` and their tightest budget.

        Today is the local calendar day. Keys: ``calls``, ``cost_usd``,
        ``frontier_cost_usd``, ``saving_usd`` (USD), ``local_share`` (0..1), and
        ``budget_usd``, ``budget_left_usd``, ``budget_scope`` for the limit with the least
        left (``[budgets]``), null when none applies.
        """
        today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        since = today.astimezone(UTC).isoformat(timespec="milliseconds")
        rows = [r for r in self.ledger.rows(since) if r["developer"] == caller.developer]
        _, total = summarise(rows, "developer")
        limit = self.budgets.tightest(caller)
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

    def _write(self, row: CallRecord, row_id: int | None = None) -> int | None:
        """Insert ``row``, or complete row ``row_id``; return the row's id (None if lost)."""
        try:
            if row_id is None:
                return self.ledger.record(row)
            self.ledger.update(row_id, row)
        except sqlite3.Error:
            # The call itself succeeded or failed on its own; a ledger failure is logged
            # loudly with the row so it can be recovered, never raised into the client.
            log.error("ledger write failed; row: %r", row, exc_info=True)
        return row_id


KV_HIT_MIN_TOKENS = 64
"""Reused prompt tokens from which a local call counts as a KV prefix cache hit (or half
of its prompt, for short ones): every chat shares the template's first few tokens, which
is no hit. ``cached_tokens`` is recorded either way."""


def _cache_hit(route: Route | None, usage: Usage) -> bool:
    """Return whether ``usage`` shows a cache hit worth the name on ``route``.

    A provider's cached tokens always are (providers cache prefixes of 1,024 tokens and
    more); a local KV prefix must cover :data:`KV_HIT_MIN_TOKENS` or half the prompt.
    """
    if not usage.cached_tokens:
        return False
    if route is not Route.LOCAL:
        return True
    return usage.cached_tokens >= min(KV_HIT_MIN_TOKENS, max(1, usage.prompt_tokens // 2))


@dataclass(frozen=True, slots=True)
class _Recent:
    """What a recent call's correction needs: who, the kind decided, the features."""

    developer: str
    task: TaskKind
    vector: tuple[tuple[int, ...], tuple[float, ...]] | None


async def _replay(chunks: list[Chunk]) -> AsyncIterator[Chunk]:
    """Yield a cached stream's chunks again (all at hand: each but the last has ``more``)."""
    for index, chunk in enumerate(chunks, 1):
        chunk.more = index < len(chunks)
        yield chunk
