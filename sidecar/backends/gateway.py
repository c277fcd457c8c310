"""The gateway backend: an aiohttp client to the company's OpenAI-compatible gateway.

Requests go to ``{gateway.base_url}/chat/completions`` (or ``/completions``) with the
configured frontier model, the developer in OpenAI's ``user`` field and the
``X-Sidecar-Developer``/``X-Sidecar-App`` headers. Connection errors, 429 and 5xx are
retried with exponential backoff and jitter, honouring ``Retry-After`` (seconds or an
HTTP date, RFC 9110 section 10.2.3) up to ``gateway.retry_max_wait_s``. Streams are relayed
event by event as they arrive; retries happen only before the first event.
"""

from __future__ import annotations

import asyncio
import email.utils
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
from sidecar.protocols import sse
from sidecar.request import Caller, Chunk, Endpoint, Request, Result, Usage

log = logging.getLogger(__name__)

# Upstream error bodies longer than this (bytes) are cut in messages.
MAX_ERROR_BODY = 2000


class _RetryableGatewayError(GatewayError):
    """A GatewayError carrying the server's ``Retry-After`` wait (seconds), if any."""

    def __init__(self, message: str, *, upstream_status: int | None, retry_after: float | None):
        super().__init__(message, upstream_status=upstream_status, retryable=True)
        self.retry_after = retry_after


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

    def _body(self, request: Request, caller: Caller, stream: bool) -> dict[str, Any]:
        body = dict(request.body)
        body["model"] = self.model_name
        body["user"] = caller.developer
        body["stream"] = stream
        if stream:
            body["stream_options"] = {**(body.get("stream_options") or {}), "include_usage": True}
        else:
            body.pop("stream_options", None)
        return body

    def _headers(self, caller: Caller) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "X-Sidecar-Developer": caller.developer,
            "X-Sidecar-App": caller.app,
        }
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _url(self, request: Request) -> str:
        path = "completions" if request.endpoint is Endpoint.COMPLETIONS else "chat/completions"
        return f"{self.settings.base_url.rstrip('/')}/{path}"

    # sending --------------------------------------------------------------------------

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
        payload = json.dumps(self._body(request, caller, stream)).encode("utf-8")
        headers = self._headers(caller)
        url = self._url(request)
        try:  # the first attempt runs without the retry machinery (the common case)
            return await self._post_once(url, payload, headers)
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
                    return await self._post_once(url, payload, headers)
        except GatewayError as exc:
            self.last_error = exc.message
            self._last_error_at = time.monotonic()
            raise
        raise AssertionError("unreachable: tenacity either returns or reraises")

    async def _post_once(
        self, url: str, payload: bytes, headers: dict[str, str]
    ) -> aiohttp.ClientResponse:
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
        choice = (data.get("choices") or [{}])[0]
        if request.endpoint is Endpoint.COMPLETIONS:
            text = choice.get("text") or ""
        else:
            text = (choice.get("message") or {}).get("content") or ""
        return Result(
            text=text,
            finish_reason=choice.get("finish_reason") or "stop",
            usage=_usage(data.get("usage")),
            model=data.get("model") or self.model_name,
        )

    async def stream(self, request: Request, caller: Caller) -> AsyncIterator[Chunk]:
        """Relay the gateway's stream as chunks, as each event arrives.

        Raises:
            GatewayNotConfigured: no ``gateway.base_url``.
            GatewayError: before the first chunk (retries exhausted), or mid-stream when the
                connection breaks, times out, or ends without a finish reason.

        """
        response = await self._post(request, caller, stream=True)
        finish: str | None = None
        usage: Usage | None = None
        completions = request.endpoint is Endpoint.COMPLETIONS
        try:
            async for event in sse.decode(response.content):
                if event.data == "[DONE]":
                    break
                try:
                    data = json.loads(event.data)
                except ValueError:
                    log.warning("gateway sent a non-JSON event: %.200s", event.data)
                    continue
                if "error" in data and not data.get("choices"):
                    raise GatewayError(
                        f"gateway stream error: {_error_message(json.dumps(data))}",
                        upstream_status=response.status,
                        retryable=False,
                    )
                if data.get("usage"):
                    usage = _usage(data["usage"])
                for choice in data.get("choices") or ():
                    text = (
                        choice.get("text")
                        if completions
                        else ((choice.get("delta") or {}).get("content"))
                    )
                    if text:
                        yield Chunk(text=text)
                    if choice.get("finish_reason"):
                        finish = choice["finish_reason"]
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise GatewayError(
                f"gateway stream broken: {type(exc).__name__}: {exc}",
                upstream_status=response.status,
                retryable=False,
            ) from exc
        finally:
            response.release()
        if finish is None:
            raise GatewayError(
                "gateway stream ended without a finish reason",
                upstream_status=response.status,
                retryable=False,
            )
        self.last_ok = time.monotonic()
        yield Chunk(finish_reason=finish, usage=usage)


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


def _usage(raw: Any) -> Usage | None:
    if not isinstance(raw, dict):
        return None
    details = raw.get("prompt_tokens_details") or {}
    return Usage(
        prompt_tokens=int(raw.get("prompt_tokens") or 0),
        completion_tokens=int(raw.get("completion_tokens") or 0),
        cached_tokens=int(details.get("cached_tokens") or 0),
    )


def _error_message(detail: str) -> str:
    try:
        data = json.loads(detail)
    except ValueError:
        return detail.strip()[:500] or "(empty body)"
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return str(data["error"].get("message") or data["error"])[:500]
    return detail.strip()[:500]
