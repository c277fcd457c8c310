"""The HTTP surfaces: one per wire shape, each a parser, a renderer and a stream encoder.

A :class:`Surface` ties an endpoint to the protocol module that speaks its shape, so the
HTTP handler is the same for all of them:

============================  =========================================================
``/v1/chat/completions``      OpenAI Chat Completions (:mod:`sidecar.protocols.openai`)
``/v1/completions``           OpenAI Completions, FIM with ``suffix``
``/v1/messages``              Anthropic Messages (:mod:`sidecar.protocols.anthropic`)
``/v1/responses``             OpenAI Responses (:mod:`sidecar.protocols.responses`)
============================  =========================================================
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sidecar.errors import SidecarError
from sidecar.protocols import anthropic, openai, responses
from sidecar.request import Chunk, Endpoint, Request, Result, Usage


class StreamEncoder(Protocol):
    """Turns internal chunks into one wire shape's server-sent events."""

    def encode(self, chunk: Chunk) -> bytes:
        """Return the events for one chunk."""
        ...

    def finish(self, finish_reason: str, usage: Usage) -> bytes:
        """Return the closing events."""
        ...

    def error(self, exc: SidecarError) -> bytes:
        """Return an error event."""
        ...


@dataclass(frozen=True, slots=True)
class Surface:
    """One wire shape on one endpoint.

    Attributes:
        endpoint: the endpoint.
        id_prefix: prefix of the ids this surface hands out (``chatcmpl-``, ``msg_``...).
        parse: body and lower-case headers -> Request; raises RequestError.
        render: (id, request, result, usage, sidecar info) -> the non-streamed JSON body.
        encoder: (id, request, model, sidecar info) -> a stream encoder.
        error_body: an error in this shape's JSON.

    """

    endpoint: Endpoint
    id_prefix: str
    parse: Callable[[Any, Mapping[str, str]], Request]
    render: Callable[[str, Request, Result, Usage, dict[str, Any]], dict[str, Any]]
    encoder: Callable[[str, Request, str, dict[str, Any]], StreamEncoder]
    error_body: Callable[[SidecarError], dict[str, Any]]

    def new_id(self) -> str:
        """Return a fresh id for a response."""
        return self.id_prefix + uuid.uuid4().hex[:24]


class _OpenAIStream:
    """Adapts :class:`sidecar.protocols.openai.StreamEncoder` to :class:`StreamEncoder`."""

    def __init__(self, request_id: str, request: Request, model: str, info: dict[str, Any]):
        self._encoder = openai.StreamEncoder(
            request.endpoint, request_id, model, request.include_usage, info
        )

    def encode(self, chunk: Chunk) -> bytes:
        return self._encoder.encode(chunk)

    def finish(self, finish_reason: str, usage: Usage) -> bytes:
        return self._encoder.usage(usage) + self._encoder.done()

    def error(self, exc: SidecarError) -> bytes:
        return self._encoder.error(exc.openai_body())


class _AnthropicStream:
    """Adapts :class:`sidecar.protocols.anthropic.MessagesStreamEncoder`."""

    def __init__(self, request_id: str, request: Request, model: str, info: dict[str, Any]):
        self._encoder = anthropic.MessagesStreamEncoder(request_id, model)

    def encode(self, chunk: Chunk) -> bytes:
        return self._encoder.encode(chunk)

    def finish(self, finish_reason: str, usage: Usage) -> bytes:
        return self._encoder.finish(finish_reason, usage)

    def error(self, exc: SidecarError) -> bytes:
        return self._encoder.error(exc)


def _openai_error(exc: SidecarError) -> dict[str, Any]:
    return exc.openai_body()


def _chat_render(
    request_id: str, request: Request, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    return openai.chat_response(request_id, result, usage, info)


def _completions_render(
    request_id: str, request: Request, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    return openai.completions_response(request_id, result, usage, info)


def _messages_render(
    request_id: str, request: Request, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    if result.raw is not None:  # pass-through: the gateway's own message, unchanged
        return result.raw
    return anthropic.message_response(request_id, result, usage, result.model)


def _responses_render(
    request_id: str, request: Request, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    return responses.response_object(request_id, request, result, usage, result.model)


def _responses_stream(
    request_id: str, request: Request, model: str, info: dict[str, Any]
) -> StreamEncoder:
    return responses.ResponsesStreamEncoder(request_id, request, model)


CHAT = Surface(
    Endpoint.CHAT,
    "chatcmpl-",
    lambda body, headers: openai.parse_chat(body),
    _chat_render,
    _OpenAIStream,
    _openai_error,
)
COMPLETIONS = Surface(
    Endpoint.COMPLETIONS,
    "cmpl-",
    lambda body, headers: openai.parse_completions(body),
    _completions_render,
    _OpenAIStream,
    _openai_error,
)
MESSAGES = Surface(
    Endpoint.MESSAGES,
    "msg_",
    anthropic.parse_messages,
    _messages_render,
    _AnthropicStream,
    anthropic.error_body,
)
RESPONSES = Surface(
    Endpoint.RESPONSES,
    "resp_",
    responses.parse_responses,
    _responses_render,
    _responses_stream,
    _openai_error,
)


def error_body_for_path(path: str, exc: SidecarError) -> dict[str, Any]:
    """Return ``exc`` in the error shape of the API at ``path`` (Anthropic or OpenAI)."""
    if path.removeprefix("/v1").startswith("/messages"):
        return anthropic.error_body(exc)
    return exc.openai_body()

ALL = (CHAT, COMPLETIONS, MESSAGES, RESPONSES)
"""Every surface, one per API endpoint."""
