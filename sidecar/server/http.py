"""The HTTP API (aiohttp), bound to loopback only.

Endpoints (OpenAI API reference shapes):

- ``POST /v1/chat/completions`` and ``POST /v1/completions`` (OpenAI);
- ``POST /v1/messages`` and ``POST /v1/messages/count_tokens`` (Anthropic Messages, for
  Claude Code and the Anthropic SDK; errors in Anthropic's shape);
- ``POST /v1/responses`` (OpenAI Responses, for Codex CLI);
- every path also without ``/v1``;
- ``GET /v1/models``: ``sidecar/auto``, ``sidecar/local``, ``sidecar/frontier`` and the
  concrete models behind them;
- ``GET /healthz``: the daemon (version, pid, attached editors) and each backend's
  status, the local model worker's restarts and last exit included (no token needed);
- ``GET /v1/sidecar/usage``: today's calls, cost and budget for the calling developer;
- ``GET /v1/sidecar/attach``: held open by each ``sidecar lsp`` while its editor runs, so
  a daemon an editor started knows when it is idle (one line of JSON, then heartbeats).

Every API request needs the local bearer token (``Authorization: Bearer`` or
``x-api-key``), a loopback ``Host`` (DNS-rebinding guard) and, when it has an ``Origin``
(browsers send one), a loopback origin; no CORS header is ever sent. Refused requests
write nothing: they are counted in memory (``/healthz`` ``refused``). A request with
``X-Sidecar-Dry-Run: 1`` returns the routing decision without calling a backend. Answers
carry ``X-Sidecar-Task``, ``X-Sidecar-Route`` and ``X-Sidecar-Model`` headers and a
``sidecar`` field in the body.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from sidecar.backends.local import LocalBackend
from sidecar.classify.learned import KINDS
from sidecar.config import Settings
from sidecar.daemon import sidecar_version
from sidecar.engine import Call, Engine
from sidecar.errors import (
    AuthError,
    ForbiddenHost,
    ForbiddenOrigin,
    RequestError,
    SidecarError,
)
from sidecar.identity import app_name, developer_name
from sidecar.ledger.tokens import estimate_tokens
from sidecar.protocols import anthropic
from sidecar.request import Caller, Request, TaskKind
from sidecar.response_cache import DEFAULT_POLICY, policy_from
from sidecar.response_cache import HEADER as CACHE_HEADER
from sidecar.runtime import open_engine
from sidecar.security.credentials import token_matches
from sidecar.server import surfaces
from sidecar.server.surfaces import Surface

log = logging.getLogger(__name__)

ENGINE = web.AppKey("engine", Engine)
SETTINGS = web.AppKey("settings", Settings)
TOKEN = web.AppKey("token", str)
DEVELOPER = web.AppKey("developer", str)


class Activity:
    """What the daemon is doing, for its idle exit: requests in flight, editors attached.

    Attributes:
        in_flight: API requests being served.
        attached: ``sidecar lsp`` processes holding ``/v1/sidecar/attach`` open.
        last: ``time.monotonic()`` of the last request start or end.
        started_by: ``user`` or ``editor`` (reported by ``/healthz``).

    """

    def __init__(self, started_by: str = "user"):
        self.in_flight = 0
        self.attached = 0
        self.last = time.monotonic()
        self.started_by = started_by

    def idle_for(self) -> float:
        """Return seconds without requests or attached editors (0 while there are some)."""
        if self.in_flight or self.attached:
            return 0.0
        return time.monotonic() - self.last


ACTIVITY = web.AppKey("activity", Activity)
REFUSAL_LOG_S = 60.0
"""At most one log line per this many seconds about refused requests."""
KEEPALIVE_AFTER_S = 5.0
"""Seconds a streaming client waits for the first chunk before its stream starts anyway
(without the route headers, which are not final yet: a gateway's retries usually end well
within this, so the headers are there in the common case)."""
KEEPALIVE_S = 5.0
"""Seconds between SSE keep-alive comments while the first chunk is awaited."""
HEARTBEAT_S = 30.0
"""Seconds between heartbeat lines on ``/v1/sidecar/attach``."""

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
DRY_RUN_HEADER = "X-Sidecar-Dry-Run"
FILES_HEADER = "X-Sidecar-Files"
TASK_HEADER = "X-Sidecar-Task"
"""Request header: serve this request as this task kind (not classified)."""
CORRECTS_HEADER = "X-Sidecar-Corrects"
"""Request header: the request id of an earlier call that should have had X-Sidecar-Task."""
"""Comma-separated paths of the files a request's content comes from (data boundary)."""
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error_response(
    exc: SidecarError, path: str = "", headers: dict[str, str] | None = None
) -> web.Response:
    body = surfaces.error_body_for_path(path, exc)
    return web.json_response(body, status=exc.status, headers=headers)


def _host_is_loopback(host: str) -> bool:
    if host.startswith("["):
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name.lower() in LOOPBACK_HOSTS


def _origin_is_loopback(origin: str) -> bool:
    scheme, _, rest = origin.partition("://")
    return scheme in ("http", "https") and _host_is_loopback(rest.split("/", 1)[0])


class Refusals:
    """Requests refused before reaching the engine (no token, foreign Origin).

    Counted in memory and logged at most once a minute, so that a flood costs no disk.

    Attributes:
        total: refused since start (reported by ``/healthz``).

    """

    def __init__(self) -> None:
        self.total = 0
        self._since_log = 0
        self._logged = 0.0

    def count(self, request: web.Request) -> None:
        """Count one refusal; log the tally when a minute has passed since the last log."""
        self.total += 1
        self._since_log += 1
        now = time.monotonic()
        if now - self._logged >= REFUSAL_LOG_S:
            log.warning("refused %d requests without a valid token or from a foreign origin "
                        "(last: %s %s)", self._since_log, request.method, request.path)  # fmt: skip
            self._since_log, self._logged = 0, now


REFUSALS = web.AppKey("refusals", Refusals)


def _caller(request: web.Request) -> Caller:
    return Caller(developer=request.app[DEVELOPER], app=app_name(request.headers))


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse non-loopback Hosts and requests without the token; turn errors into JSON."""
    host = request.headers.get("Host", "")
    if not _host_is_loopback(host):
        return _error_response(ForbiddenHost(host), request.path)
    if request.path != "/healthz":
        given = request.headers.get("x-api-key")
        auth = request.headers.get("Authorization", "")
        if auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
        if not token_matches(given, request.app[TOKEN]):
            # Counted in memory only: a web page or a flood must not grow the ledger.
            request.app[REFUSALS].count(request)
            error = AuthError(
                "Missing or wrong sidecar token: send 'Authorization: Bearer <token>' "
                "(run 'sidecar token' to print it)."
            )
            return _error_response(error, request.path)
    origin = request.headers.get("Origin")
    if origin is not None and not _origin_is_loopback(origin):
        # Browsers send Origin on cross-site requests; no web page may use the API, and
        # no CORS header is ever sent, so preflights fail too.
        request.app[REFUSALS].count(request)
        return _error_response(ForbiddenOrigin(origin), request.path)
    activity = request.app[ACTIVITY]
    activity.in_flight += 1
    activity.last = time.monotonic()
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        failed = RequestError(exc.reason, status=exc.status, code="http_error")
        return _error_response(failed, request.path)
    except Exception:  # isolation boundary: the server never crashes on one request
        log.exception("unhandled error serving %s %s", request.method, request.path)
        internal = SidecarError("Internal error in sidecar; see its log.")
        return _error_response(internal, request.path)
    finally:
        activity.in_flight -= 1
        activity.last = time.monotonic()


async def _read_json(request: web.Request) -> Any:
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge as exc:
        limit = request.app[SETTINGS].server.max_body_bytes
        raise RequestError(
            f"Request body larger than {limit} bytes (server.max_body_bytes).",
            status=413,
            code="request_too_large",
        ) from exc
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(f"Request body is not valid JSON: {exc}", code="invalid_json") from exc
    except RecursionError as exc:
        raise RequestError(
            "Request body is nested too deeply to be a request.", code="invalid_json"
        ) from exc


def _route_headers(call: Call) -> dict[str, str]:
    headers = {
        "X-Sidecar-Task": call.decision.task.value,
        "X-Sidecar-Route": (call.route or call.decision.route).value,
        "X-Sidecar-Model": call.model or call.decision.model,
    }
    if call.budget_warning:
        headers["X-Sidecar-Budget-Warning"] = call.budget_warning
    if call.cache_status:
        headers[CACHE_HEADER] = call.cache_status
    return headers


def _api_handler(surface: Surface) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        engine = request.app[ENGINE]
        caller = _caller(request)
        request_id = surface.new_id()
        path = request.path
        try:
            body = await _read_json(request)
            body_cache = body.pop("cache", None) if isinstance(body, dict) else None
            parsed = surface.parse(body, _headers(request))
        except RequestError as exc:
            engine.record_rejected(surface.endpoint.value, "", caller, request_id, exc)
            return _error_response(exc, path)
        policy = policy_from(request.headers, body_cache)
        if policy is not DEFAULT_POLICY:
            parsed = dataclasses.replace(parsed, cache=policy)
        forced = request.headers.get(TASK_HEADER)
        if forced:
            try:
                parsed = dataclasses.replace(parsed, forced_task=_task(forced, TASK_HEADER))
                corrects = request.headers.get(CORRECTS_HEADER)
                if corrects:
                    engine.correct(corrects.strip(), _task(forced, TASK_HEADER), source="header")
            except RequestError as exc:
                return _error_response(exc, path)
        files = request.headers.get(FILES_HEADER)
        if files:
            named = tuple(f.strip() for f in files.split(",") if f.strip())
            parsed = dataclasses.replace(parsed, files=named[:100])
        if request.headers.get(DRY_RUN_HEADER, "").lower() in ("1", "true", "yes"):
            try:
                decision = await engine.decide_with_opinion(parsed, caller)
            except RequestError as exc:
                return _error_response(exc, path)
            return web.json_response(decision.as_json(), headers={
                "X-Sidecar-Task": decision.task.value,
                "X-Sidecar-Route": decision.route.value,
                "X-Sidecar-Model": decision.model,
            })  # fmt: skip
        if parsed.stream:
            return await _stream(request, engine, surface, parsed, caller, request_id)
        try:
            call, result = await engine.complete(parsed, caller, request_id)
        except SidecarError as exc:
            return _error_response(exc, path)
        assert result.usage is not None
        body = surface.render(request_id, parsed, result, result.usage, call.sidecar_info())
        return web.json_response(body, headers=_route_headers(call))

    return handle


def _headers(request: web.Request) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


async def count_tokens(request: web.Request) -> web.Response:
    """Anthropic ``POST /v1/messages/count_tokens``: the prompt's size in tokens.

    Counted with the offline tiktoken estimate (:mod:`sidecar.ledger.tokens`): Anthropic's
    tokenizer is not public, so this is an estimate, as for every frontier-bound count.
    """
    try:
        parsed = anthropic.parse_count_tokens(await _read_json(request), _headers(request))
    except RequestError as exc:
        return _error_response(exc, request.path)
    return web.json_response(anthropic.count_tokens_response(estimate_tokens(parsed.text())))


class _EventStream(web.StreamResponse):
    """A streamed response whose headers go out with its first bytes, in one packet.

    aiohttp sends a StreamResponse's headers on ``prepare()`` unless this (private)
    class attribute says otherwise, as it does for ``web.Response``; without it every
    stream costs a socket write and a packet before its first event.
    """

    _send_headers_immediately = False


async def _stream(
    request: web.Request,
    engine: Engine,
    surface: Surface,
    parsed: Request,
    caller: Caller,
    request_id: str,
) -> web.StreamResponse:
    """Stream the answer; while the route is not final yet, keep the client waiting politely.

    The engine returns once the first chunk is there (the route is then final, fallbacks
    included). When that takes more than :data:`KEEPALIVE_AFTER_S`, the event stream
    starts without the route headers (the body's ``sidecar`` field still has them) and an
    SSE comment is sent every :data:`KEEPALIVE_S` seconds, which clients ignore, so
    neither the client nor a proxy gives up on a slow gateway.
    """
    headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    started = asyncio.ensure_future(engine.stream(parsed, caller, request_id))
    response: web.StreamResponse | None = None
    try:
        await asyncio.wait({started}, timeout=KEEPALIVE_AFTER_S)
        while not started.done():
            if response is None:
                response = _EventStream(headers=headers)
                await response.prepare(request)
            await response.write(b": waiting for the model\n\n")
            await asyncio.wait({started}, timeout=KEEPALIVE_S)
        streaming = started.result()
    except SidecarError as exc:
        if response is None:
            return _error_response(exc, request.path)
        await response.write(surface.encoder(request_id, parsed, parsed.model, {}).error(exc))
        return response
    except (ConnectionResetError, ConnectionError):
        log.info("client left while waiting for stream %s", request_id)
        return response or web.Response(status=499)
    finally:
        if not started.done():
            started.cancel()  # the client went away while we waited
    call = streaming.call
    if response is None:
        response = _EventStream(headers={**headers, **_route_headers(call)})
    encoder = surface.encoder(
        request_id, parsed, call.model or call.decision.model, call.sidecar_info()
    )
    finish = "stop"
    pending = b""  # events of chunks that came in one read, written at once
    first = True
    try:
        await response.prepare(request)
        try:
            async for chunk in streaming.chunks():
                finish = chunk.finish_reason or finish
                pending += encoder.encode(chunk)
                if pending and (first or not chunk.more):
                    await response.write(pending)
                    pending, first = b"", False
        except SidecarError as exc:
            await response.write(pending + encoder.error(exc))
            return response
        usage = await streaming.close()
        await response.write_eof(pending + encoder.finish(finish, usage))
    except (ConnectionResetError, ConnectionError):
        streaming.mark_cancelled()
        log.info("client left during stream %s", request_id)
    finally:
        await streaming.close()
    return response


async def models(request: web.Request) -> web.Response:
    """List the routes and the concrete models behind them (OpenAI ``list`` of ``model``)."""
    engine = request.app[ENGINE]
    names = ["sidecar/auto", "sidecar/local", "sidecar/frontier", engine.local.model_name]
    if engine.gateway_configured:
        names.append(engine.gateway.model_name)
    return web.json_response({
        "object": "list",
        "data": [{"id": n, "object": "model", "created": 0, "owned_by": "sidecar"} for n in names],
    })  # fmt: skip


async def healthz(request: web.Request) -> web.Response:
    """Return the daemon's and each backend's status; HTTP 503 when the local model is not usable.

    ``version``, ``pid``, ``started_by`` and ``attached`` (editors) describe the daemon;
    ``local.worker`` the model's worker process (pid, restarts, last exit signal);
    ``cache`` the response cache (entries, bytes, hits and misses since start).
    """
    engine = request.app[ENGINE]
    activity = request.app[ACTIVITY]
    local = engine.local.health()
    body = {
        "status": local["status"],
        "version": sidecar_version(),
        "pid": os.getpid(),
        "started_by": activity.started_by,
        "attached": activity.attached,
        "refused": request.app[REFUSALS].total,
        "local": local,
        "gateway": {
            **engine.gateway.health(),
            **({"warning": engine.pricing_warning} if engine.pricing_warning else {}),
        },
        "cache": engine.response_cache.stats() if engine.response_cache else None,
    }
    return web.json_response(body, status=200 if local["status"] == "ok" else 503)


async def usage(request: web.Request) -> web.Response:
    """Return today's usage and budget for the calling developer (see Engine.usage_today)."""
    return web.json_response(request.app[ENGINE].usage_today(_caller(request)))


def _task(value: str, where: str) -> TaskKind:
    """Return the correctable task kind named ``value``.

    Raises:
        RequestError: not completion, review, refactor or planning.

    """
    kinds = [k.value for k in KINDS]
    if value.strip().lower() not in kinds:
        raise RequestError(f"{where} must be one of {', '.join(kinds)}, not {value!r}", param=where)
    return TaskKind(value.strip().lower())


async def corrections(request: web.Request) -> web.Response:
    """Record that a call was misrouted: ``{"request_id": "...", "task": "planning"}``.

    Answers ``{"request_id", "from", "to", "developer", "applies_to_similar"}``; 404 when
    the request id is unknown, 400 for a malformed body (OpenAI error shape).
    """
    engine = request.app[ENGINE]
    try:
        body = await _read_json(request)
        if not isinstance(body, dict) or not isinstance(body.get("request_id"), str):
            raise RequestError("expected {\"request_id\": \"...\", \"task\": \"...\"}",
                               param="request_id")  # fmt: skip
        task = _task(str(body.get("task", "")), "task")
        source = str(body.get("source") or "http")[:16]
        kept = engine.correct(body["request_id"], task, source=source)
    except RequestError as exc:
        return _error_response(exc, request.path)
    return web.json_response(kept)


async def attach(request: web.Request) -> web.StreamResponse:
    """Hold the connection of one ``sidecar lsp`` open; the daemon counts it as attached.

    Writes ``{"version", "pid"}`` as one line of JSON, then ``{}`` every
    :data:`HEARTBEAT_S` seconds until the client goes away.
    """
    activity = request.app[ACTIVITY]
    response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
    activity.attached += 1
    try:
        await response.prepare(request)
        hello = {"version": sidecar_version(), "pid": os.getpid()}
        await response.write(json.dumps(hello).encode() + b"\n")
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            await response.write(b"{}\n")
    except (ConnectionResetError, ConnectionError):
        pass
    finally:
        activity.attached -= 1
        activity.last = time.monotonic()
    return response


def create_app(
    settings: Settings,
    *,
    token: str,
    ledger_path: str | None = None,
    developer: str | None = None,
    gateway_key: str | None = None,
    started_by: str = "user",
    in_process_local: LocalBackend | None = None,
) -> web.Application:
    """Build the aiohttp application; backends and the ledger open in its cleanup context.

    Args:
        settings: all settings.
        token: the local bearer token clients must send.
        ledger_path: ledger file; None means ``ledger.path`` or the user data dir.
        developer: developer name; None resolves it from config, git or the OS.
        gateway_key: gateway API key; None reads the environment or the keyring.
        started_by: ``user`` or ``editor``, reported by ``/healthz``.
        in_process_local: see :func:`sidecar.runtime.open_engine` (benchmarks only).

    """
    app = web.Application(middlewares=[guard], client_max_size=settings.server.max_body_bytes)
    app[SETTINGS] = settings
    app[TOKEN] = token
    app[DEVELOPER] = developer or developer_name(settings.identity.developer)
    app[ACTIVITY] = Activity(started_by)
    app[REFUSALS] = Refusals()

    async def resources(app: web.Application) -> AsyncIterator[None]:
        async with open_engine(
            settings,
            ledger_file=Path(ledger_path) if ledger_path else None,
            gateway_key=gateway_key,
            in_process_local=in_process_local,
        ) as engine:
            app[ENGINE] = engine
            yield

    app.cleanup_ctx.append(resources)
    for prefix in ("/v1", ""):
        app.router.add_post(f"{prefix}/chat/completions", _api_handler(surfaces.CHAT))
        app.router.add_post(f"{prefix}/completions", _api_handler(surfaces.COMPLETIONS))
        app.router.add_post(f"{prefix}/messages", _api_handler(surfaces.MESSAGES))
        app.router.add_post(f"{prefix}/messages/count_tokens", count_tokens)
        app.router.add_post(f"{prefix}/responses", _api_handler(surfaces.RESPONSES))
        app.router.add_get(f"{prefix}/models", models)
    app.router.add_get("/v1/sidecar/usage", usage)
    app.router.add_get("/v1/sidecar/attach", attach)
    app.router.add_post("/v1/sidecar/corrections", corrections)
    app.router.add_get("/healthz", healthz)
    return app
