"""The gateway backend: an aiohttp client to the company's LLM gateway.

The gateway speaks OpenAI's shape (``{base_url}/chat/completions``, ``/completions``), and
optionally Anthropic's (``{base_url}/messages``; ``gateway.api``). A request whose inbound
shape the gateway speaks passes through: its original body goes upstream unchanged except
for the model name and stream options (so ``cache_control``, thinking, tool definitions
and unknown fields survive), with ``anthropic-beta``/``anthropic-version`` forwarded, and
an Anthropic stream is relayed event by event, byte for byte. Any other request is
translated (:mod:`sidecar.protocols.openai`, :mod:`sidecar.protocols.anthropic`). Every
call carries the developer (OpenAI ``user``, Anthropic ``metadata.user_id`` unless the
client set one) and the ``X-Sidecar-Developer``/``X-Sidecar-App`` headers. Connection
errors, 429 and 5xx are retried with exponential backoff and jitter, honouring
``Retry-After`` (seconds or an HTTP date, RFC 9110 section 10.2.3) up to
``gateway.retry_max_wait_s``. Streams are relayed event by event as they arrive; retries
happen only before the first event.

Provider prompt caching (Anthropic "Prompt caching" docs; OpenAI "Prompt caching" guide):
an Anthropic-shaped call whose client set no ``cache_control`` gets breakpoints
(:func:`sidecar.protocols.anthropic.with_cache_breakpoints`; ``gateway.prompt_caching``),
and one whose client set some keeps them as they are (a Chat client's are carried into a
translated body). A ``chat/completions`` call carries ``prompt_cache_key``
(``gateway.prompt_cache_key``; :meth:`GatewayBackend.prompt_cache_key`); a gateway that
refuses the parameter with a 400 naming it gets the call again without it, and never
again in this process. Nothing volatile (time, request ids) goes into a body, so a prefix
the provider cached stays byte for byte the same on the next turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import hashlib
import json
import logging
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from sidecar.config import GatewaySettings
from sidecar.errors import GatewayError, GatewayNotConfigured
from sidecar.protocols import anthropic, openai, sse
from sidecar.request import Caller, Chunk, Endpoint, Request, Result
from sidecar.routing import speaks_anthropic, upstream_model

log = logging.getLogger(__name__)

# Upstream error bodies longer than this (bytes) are cut in messages.
MAX_ERROR_BODY = 2000
CACHE_KEY = "prompt_cache_key"
# A session id longer than this (characters) is sent as a hash.
MAX_CACHE_KEY = 64
# Characters of the first system and user text that go into a derived cache key.
CACHE_KEY_TEXT = 4000


class _RetryableGatewayError(GatewayError):
    """A GatewayError carrying the server's ``Retry-After`` wait (seconds), if any."""

    def __init__(self, message: str, *, upstream_status: int | None, retry_after: float | None):
        super().__init__(message, upstream_status=upstream_status, retryable=True)
        self.retry_after = retry_after


class _RefusedParameter(GatewayError):
    """The gateway refused a request parameter by name (HTTP 400 or 422): not retryable."""


class GatewayBackend:
    """Serve requests from the company gateway.

    Args:
        settings: the ``[gateway]`` settings.
        api_key: bearer key for the gateway, or None to send no Authorization header.

    """

    route_name = "frontier"

    def __init__(self, settings: GatewaySettings, api_key: str | None):
        self.settings = settings
        self.model_name = settings.model
        self._api_key = api_key
        self._session: aiohttp.ClientSession | None = None
        self.last_error: str | None = None
        self.last_ok: float | None = None
        self._last_error_at = 0.0
        self.cache_key_refused = False
        """The gateway refused ``prompt_cache_key`` once: it is not sent again."""

    @property
    def configured(self) -> bool:
        """True when ``gateway.base_url`` is set."""
        return bool(self.settings.base_url)

    async def start(self) -> None:
        """Open the connection pool."""
        self._session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(
                total=None,
                connect=self.settings.connect_timeout_s,
                sock_read=self.settings.read_timeout_s,
            ),
            connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=60),
            json_serialize=json.dumps,
        )

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def health(self) -> dict[str, Any]:
        """Return the backend's status for ``/healthz`` (from the last call; no probe)."""
        if not self.configured:
            status = "not configured"
        elif self.last_error and (self.last_ok is None or self.last_ok < self._last_error_at):
            status = "error"
        else:
            status = "ok"
        return {
            "status": status,
            "base_url": self.settings.base_url,
            "model": self.model_name,
            **({"last_error": self.last_error} if self.last_error else {}),
        }

    # request building -----------------------------------------------------------------

    def anthropic(self, request: Request) -> bool:
        """Return whether ``request`` goes to the gateway's Anthropic Messages API."""
        return speaks_anthropic(request.endpoint, self.settings.api)

    def passthrough(self, request: Request) -> bool:
        """Return whether ``request`` goes upstream in its own wire shape (body kept)."""
        if self.anthropic(request):
            return request.endpoint is Endpoint.MESSAGES
        return request.endpoint in (Endpoint.CHAT, Endpoint.COMPLETIONS)

    def model_for(self, request: Request) -> str:
        """Return the upstream model name for ``request``."""
        s = self.settings
        return upstream_model(request, s.api, s.model, s.anthropic_model)

    def prompt_cache_key(self, request: Request, caller: Caller) -> str | None:
        """Return the ``prompt_cache_key`` for an OpenAI-shaped call, or None for none.

        The client's own ``prompt_cache_key`` (Chat or Responses body) when it sent one;
        else, with ``gateway.prompt_cache_key`` on, the client's session id
        (:attr:`Request.session`; one longer than 64 characters is hashed), else
        ``sidecar-`` and 32 hex digits of a SHA-256 of developer, app and the first system
        and first user text, which stays the same across the turns of one conversation.
        The OpenAI prompt caching guide: requests with the same key and prefix are routed
        to the same cache.
        """
        own = request.body.get(CACHE_KEY)
        if isinstance(own, str) and own:
            return own
        if not self.settings.prompt_cache_key:
            return None
        session = request.session
        if not session:
            messages = request.messages
            system = next((m.content for m in messages if m.role in ("system", "developer")), "")
            user = next((m.content for m in messages if m.role == "user"), "")
            session = "\x00".join(
                (caller.developer, caller.app, system[:CACHE_KEY_TEXT], user[:CACHE_KEY_TEXT])
            )
        elif len(session) <= MAX_CACHE_KEY:
            return session
        return "sidecar-" + hashlib.sha256(session.encode("utf-8", "replace")).hexdigest()[:32]

    def _client_marks(
        self, request: Request
    ) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
        """Return a Chat client's breakpoints by position (tools, messages), for translation."""
        if request.endpoint is not Endpoint.CHAT:
            return {}, {}
        tools, messages = openai.cache_marks(request.body)
        if any(i >= len(request.tools) for i in tools) or any(
            i >= len(request.messages) for i in messages
        ):
            return {}, {}  # the body and the parsed request disagree: mark nothing
        return tools, messages

    def _body(self, request: Request, caller: Caller, stream: bool) -> dict[str, Any]:
        model = self.model_for(request)
        if self.anthropic(request):
            if request.endpoint is Endpoint.MESSAGES:
                body = {**request.body, "model": model, "stream": stream}
            else:
                tool_marks, message_marks = self._client_marks(request)
                body = anthropic.to_messages_body(
                    request, model, stream, tool_marks=tool_marks, message_marks=message_marks
                )
            if self.settings.prompt_caching:
                body = anthropic.with_cache_breakpoints(body)
            metadata = body.get("metadata")
            extra: dict[str, Any] = metadata if isinstance(metadata, dict) else {}
            body["metadata"] = {"user_id": caller.developer, **extra}
            return body
        if self.passthrough(request):
            body = dict(request.body)
            body["model"] = model
            body["stream"] = stream
            if stream:
                options = body.get("stream_options") or {}
                body["stream_options"] = {**options, "include_usage": True}
            else:
                body.pop("stream_options", None)
        else:
            body = openai.to_chat_body(request, model, stream)
        body["user"] = caller.developer
        if self.cache_key_refused:
            body.pop(CACHE_KEY, None)
        elif request.endpoint is not Endpoint.COMPLETIONS:  # legacy Completions has none
            key = self.prompt_cache_key(request, caller)
            if key:
                body[CACHE_KEY] = key
        return body

    def _headers(self, request: Request, caller: Caller) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "X-Sidecar-Developer": caller.developer,
            "X-Sidecar-App": caller.app,
        }
        if self.anthropic(request):
            headers["anthropic-version"] = request.headers.get("anthropic-version", "2023-06-01")
            if "anthropic-beta" in request.headers:
                headers["anthropic-beta"] = request.headers["anthropic-beta"]
            if self._api_key:
                headers["x-api-key"] = self._api_key
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _url(self, request: Request) -> str:
        if self.anthropic(request):
            path = "messages"
        elif request.endpoint is Endpoint.COMPLETIONS:
            path = "completions"
        else:
            path = "chat/completions"
        return f"{self.settings.base_url.rstrip('/')}/{path}"

    # sending --------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _deadline(self) -> AsyncIterator[None]:
        """Bound the block by ``gateway.total_timeout_s``: retries and waits included.

        Raises:
            GatewayError: the deadline passed (not retryable: the engine falls back).

        """
        limit = self.settings.total_timeout_s
        try:
            async with asyncio.timeout(limit):
                yield
        except TimeoutError as exc:
            self.last_error = f"no answer within {limit:g} s"
            self._last_error_at = time.monotonic()
            raise GatewayError(
                f"gateway gave no answer within {limit:g} s (gateway.total_timeout_s)",
                upstream_status=None,
                retryable=False,
            ) from exc

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return self._delay(exc, state.attempt_number + 1)

    def _delay(self, exc: BaseException | None, attempt: int) -> float:
        """Seconds before retry ``attempt`` (1 = first retry): ``Retry-After``, else backoff."""
        cap = self.settings.retry_max_wait_s
        if isinstance(exc, _RetryableGatewayError) and exc.retry_after is not None:
            return min(exc.retry_after, cap)
        backoff: float = 0.25 * 2.0 ** (attempt - 1) + random.uniform(0, 0.25)
        return min(backoff, cap)

    async def _post(self, request: Request, caller: Caller, stream: bool) -> aiohttp.ClientResponse:
        if not self.configured:
            raise GatewayNotConfigured()
        if self._session is None:
            await self.start()
        assert self._session is not None
        body = self._body(request, caller, stream)
        headers = self._headers(request, caller)
        url = self._url(request)
        try:
            return await self._send(url, body, headers)
        except _RefusedParameter as exc:
            if self.anthropic(request) or CACHE_KEY not in body:
                raise
            if not self.cache_key_refused:
                self.cache_key_refused = True
                log.warning(
                    "the gateway refuses %s (%s); it is not sent again until restart",
                    CACHE_KEY,
                    exc.message,
                )
            del body[CACHE_KEY]
        return await self._send(url, body, headers)

    async def _send(
        self, url: str, body: dict[str, Any], headers: dict[str, str]
    ) -> aiohttp.ClientResponse:
        """POST ``body``, retrying connection errors, 429 and 5xx (see the module docstring).

        Raises:
            _RefusedParameter: a 400 or 422 naming ``prompt_cache_key``, which ``body`` has.
            GatewayError: any other failure, after the retries.

        """
        payload = json.dumps(body).encode("utf-8")
        refusable = CACHE_KEY if CACHE_KEY in body else None
        try:  # the first attempt runs without the retry machinery (the common case)
            return await self._post_once(url, payload, headers, refusable)
        except _RefusedParameter:
            raise
        except GatewayError as exc:
            if not exc.retryable or self.settings.max_retries == 0:
                self.last_error = exc.message
                self._last_error_at = time.monotonic()
                raise
            first_error = exc
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.max_retries),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, GatewayError) and e.retryable),
            reraise=True,
        )
        await asyncio.sleep(self._delay(first_error, 1))
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._post_once(url, payload, headers, refusable)
        except GatewayError as exc:
            self.last_error = exc.message
            self._last_error_at = time.monotonic()
            raise
        raise AssertionError("unreachable: tenacity either returns or reraises")

    async def _post_once(
        self, url: str, payload: bytes, headers: dict[str, str], refusable: str | None = None
    ) -> aiohttp.ClientResponse:
        """POST once; ``refusable`` names a parameter the gateway may refuse by name."""
        assert self._session is not None
        try:
            response = await self._session.post(url, data=payload, headers=headers)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _RetryableGatewayError(
                f"gateway unreachable: {type(exc).__name__}: {exc}",
                upstream_status=None,
                retry_after=None,
            ) from exc
        if response.status < 400:
            return response
        try:
            detail = (await response.read())[:MAX_ERROR_BODY].decode("utf-8", "replace")
        except (aiohttp.ClientError, TimeoutError):
            detail = ""
        finally:
            response.release()
        message = f"gateway returned HTTP {response.status}: {_error_message(detail)}"
        if refusable and response.status in (400, 422) and refusable in detail:
            # A strict gateway names the parameter it does not know (OpenAI's "Unrecognized
            # request argument supplied: ...", a pydantic "extra_forbidden" location).
            raise _RefusedParameter(message, upstream_status=response.status, retryable=False)
        if response.status == 429 or response.status >= 500:
            raise _RetryableGatewayError(
                message,
                upstream_status=response.status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        raise GatewayError(message, upstream_status=response.status, retryable=False)

    async def complete(self, request: Request, caller: Caller) -> Result:
        """Return the whole answer from the gateway.

        Raises:
            GatewayNotConfigured: no ``gateway.base_url``.
            GatewayError: unreachable, timed out, or an error status after retries.

        """
        async with self._deadline():
            response = await self._post(request, caller, stream=False)
            try:
                data = await response.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                raise GatewayError(
                    f"gateway response unreadable: {exc}",
                    upstream_status=response.status,
                    retryable=False,
                ) from exc
            finally:
                response.release()
        self.last_ok = time.monotonic()
        if not isinstance(data, dict):
            raise GatewayError(
                "gateway response is not a JSON object",
                upstream_status=response.status,
                retryable=False,
            )
        try:
            if self.anthropic(request):
                result = anthropic.parse_message_body(data)
                if request.endpoint is Endpoint.MESSAGES:
                    result.raw = data
            else:
                result = openai.parse_chat_body(data, request.endpoint is Endpoint.COMPLETIONS)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            raise GatewayError(
                f"gateway answer of the wrong shape: {type(exc).__name__}: {exc}",
                upstream_status=response.status,
                retryable=False,
            ) from exc
        if not result.model:
            result.model = self.model_for(request)
        return result

    async def stream(self, request: Request, caller: Caller) -> AsyncIterator[Chunk]:
        """Relay the gateway's stream as chunks, as each event arrives.

        Raises:
            GatewayNotConfigured: no ``gateway.base_url``.
            GatewayError: before the first chunk (retries exhausted), or mid-stream when the
                connection breaks, times out, or ends without a finish reason.

        """
        async with self._deadline():
            response = await self._post(request, caller, stream=True)
        if self.anthropic(request):
            chunks = self._anthropic_chunks(response, raw=request.endpoint is Endpoint.MESSAGES)
        else:
            chunks = self._openai_chunks(response, request.endpoint is Endpoint.COMPLETIONS)
        finished = False
        try:
            async for chunk in chunks:
                finished = finished or chunk.finish_reason is not None
                yield chunk
        except _SHAPE_ERRORS as exc:
            raise GatewayError(
                f"gateway stream of the wrong shape: {type(exc).__name__}: {exc}",
                upstream_status=response.status,
                retryable=False,
            ) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise GatewayError(
                f"gateway stream broken: {type(exc).__name__}: {exc}",
                upstream_status=response.status,
                retryable=False,
            ) from exc
        finally:
            response.release()
        if not finished:
            raise GatewayError(
                "gateway stream ended without a finish reason",
                upstream_status=response.status,
                retryable=False,
            )
        self.last_ok = time.monotonic()

    async def _openai_chunks(
        self, response: aiohttp.ClientResponse, completions: bool
    ) -> AsyncIterator[Chunk]:
        parser = openai.ChatStreamParser(completions)
        batch: list[Chunk] = []
        first = True  # the first chunk goes at once (time to first byte), not with its read
        async for event in sse.decode(response.content.iter_any()):
            if event.data == "[DONE]":
                break
            try:
                data = json.loads(event.data)
            except ValueError:
                log.warning("gateway sent a non-JSON event: %.200s", event.data)
                data = None
            try:
                if isinstance(data, dict):
                    batch += parser.feed(data)
            except _SHAPE_ERRORS:
                for chunk in _batched(batch):  # what came before the bad event
                    yield chunk
                raise
            if not event.more or first:
                for chunk in _batched(batch):
                    yield chunk
                batch, first = [], first and not batch
        last = parser.finish()
        for chunk in _batched([*batch, last] if last is not None else batch):
            yield chunk

    async def _anthropic_chunks(
        self, response: aiohttp.ClientResponse, *, raw: bool
    ) -> AsyncIterator[Chunk]:
        """Yield chunks of an Anthropic stream; with ``raw`` each carries its event's bytes."""
        parser = anthropic.MessagesStreamParser()
        batch: list[Chunk] = []
        first = True  # the first chunk goes at once (time to first byte), not with its read
        async for event in sse.decode(response.content.iter_any()):
            try:
                chunks = parser.feed(event.event, event.data)
            except (GatewayError, *_SHAPE_ERRORS):
                for chunk in _batched(batch):  # what came before the bad event
                    yield chunk
                raise
            if raw:
                if chunks:
                    chunks[0].raw = event.raw
                else:
                    chunks = [Chunk(raw=event.raw)]
            batch += chunks
            if not event.more or first:
                for chunk in _batched(batch):
                    yield chunk
                batch, first = [], first and not batch
        for chunk in _batched(batch):
            yield chunk


_SHAPE_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)
"""What reading an upstream event of the wrong shape raises."""


def _batched(chunks: list[Chunk]) -> list[Chunk]:
    """Mark every chunk but the last as followed at once (:attr:`Chunk.more`).

    The chunks of the events of one read are yielded together, so the surface can write
    them in one go instead of one socket write per event.
    """
    for chunk in chunks[:-1]:
        chunk.more = True
    return chunks


def parse_retry_after(value: str | None) -> float | None:
    """Return the wait in seconds from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_message(detail: str) -> str:
    try:
        data = json.loads(detail)
    except ValueError:
        return detail.strip()[:500] or "(empty body)"
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return str(data["error"].get("message") or data["error"])[:500]
    return detail.strip()[:500]
