"""Anthropic Messages API: parse requests, render answers and stream events, and the reverse.

Inbound, for clients such as Claude Code calling sidecar: :func:`parse_messages` and
:func:`parse_count_tokens` turn a body into a :class:`~sidecar.request.Request`;
:func:`message_response`, :class:`MessagesStreamEncoder`, :func:`count_tokens_response`
and :func:`error_body` render the answer. Outbound, for a gateway that speaks Anthropic:
:func:`to_messages_body` renders a request, :func:`parse_message_body` and
:class:`MessagesStreamParser` read the answer.

Shapes follow the Anthropic API reference: "Messages" (``POST /v1/messages``, object
``message``), "Streaming Messages" (events ``message_start``, ``content_block_start``,
``content_block_delta``, ``content_block_stop``, ``message_delta``, ``message_stop``,
``ping``, ``error``), "Count Message tokens" (``POST /v1/messages/count_tokens``) and
"Errors". Validation errors raise :class:`~sidecar.errors.RequestError` naming the field at
fault, as a path such as ``messages[2].content[0].input``. Block types sidecar does not use
(``server_tool_use``, ``web_search_tool_result``, future ones) are skipped without error; the
original body is kept on the request for pass-through, cleaned as every inbound body is
(:func:`sidecar.protocols.inbound.request_object`). Scalar fields are checked by a pydantic
model of the shape.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from sidecar.errors import GatewayError, SidecarError
from sidecar.protocols import sse
from sidecar.protocols.inbound import (
    STRICT,
    NonEmpty,
    TokenLimit,
    UnitInterval,
    clean_text,
    field_error,
    missing,
    parameters,
    request_object,
)
from sidecar.protocols.json_schema import check_schema
from sidecar.request import (
    Chunk,
    Endpoint,
    Image,
    Message,
    Request,
    ResponseFormat,
    Result,
    Tool,
    ToolCall,
    ToolCallDelta,
    Usage,
)

ROLES = frozenset({"user", "assistant", "system"})  # "system" inside messages: Claude Code
SESSION_HEADER = "x-claude-code-session-id"
PASS_THROUGH_HEADERS = ("anthropic-beta", "anthropic-version")
# Anthropic requires max_tokens; an OpenAI-shaped request may not carry one.
DEFAULT_MAX_TOKENS = 4096
# count_tokens takes no max_tokens; the engine's context check still wants one.
COUNT_TOKENS_MAX_TOKENS = 1
EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}

_TOOL_CHOICE = {"auto": "auto", "any": "required", "none": "none"}
_TOOL_CHOICE_BACK = {"auto": "auto", "required": "any", "none": "none"}
_STOP_REASON = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "cancelled": "end_turn",
    "content_filter": "refusal",
}
_FINISH_REASON = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "api_error",
    504: "api_error",
    529: "overloaded_error",
}
STOP_SEQUENCE_PREFIX = "stop_sequence:"


# Inbound requests.


def _string(value: Any, param: str) -> str:
    if not isinstance(value, str):
        raise field_error(param, "expected a string")
    return value


def _optional_string(block: dict[str, Any], key: str, param: str) -> str:
    value = block.get(key)
    return "" if value is None else _string(value, f"{param}.{key}")


def _object(value: Any, param: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise field_error(param, "expected an object")
    return value


def _dumps(value: dict[str, Any]) -> str:
    # Non-ASCII stays readable (and cheaper in tokens) in a local model's prompt.
    return json.dumps(value, ensure_ascii=False)


@dataclass
class _Parts:
    """What the content blocks of one message hold, by kind."""

    texts: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    calls: list[ToolCall] = field(default_factory=list)
    results: list[Message] = field(default_factory=list)
    thinking: list[tuple[str, str]] = field(default_factory=list)  # (text, signature)


def _blocks(content: Any, param: str) -> _Parts:
    """Sort message content (a string or an array of blocks) into its parts."""
    if isinstance(content, str):
        return _Parts(texts=[content])
    if not isinstance(content, list):
        raise field_error(param, "expected a string or an array of content blocks")
    parts = _Parts()
    for j, block in enumerate(content):
        at = f"{param}[{j}]"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            raise field_error(at, "each content block must be an object with a type")
        kind = block["type"]
        if kind == "text":
            parts.texts.append(_string(block.get("text"), f"{at}.text"))
        elif kind == "image":
            parts.images += _image(_object(block.get("source"), f"{at}.source"), f"{at}.source")
        elif kind == "document":
            parts.texts += _document(_object(block.get("source"), f"{at}.source"), f"{at}.source")
        elif kind == "tool_use":
            parts.calls.append(
                ToolCall(
                    _string(block.get("id"), f"{at}.id"),
                    _string(block.get("name"), f"{at}.name"),
                    _dumps(_object(block.get("input"), f"{at}.input")),
                )
            )
        elif kind == "tool_result":
            parts.results.append(_tool_result(block, at))
        elif kind == "thinking":
            thinking = _string(block.get("thinking"), f"{at}.thinking")
            parts.thinking.append((thinking, _optional_string(block, "signature", at)))
        elif kind == "redacted_thinking":
            parts.thinking.append(("", _string(block.get("data"), f"{at}.data")))
    return parts


def _image(source: dict[str, Any], param: str) -> list[Image]:
    kind = source.get("type")
    if kind == "base64":
        media_type = _string(source.get("media_type"), f"{param}.media_type")
        return [Image(media_type=media_type, data=_string(source.get("data"), f"{param}.data"))]
    if kind == "url":
        return [Image(url=_string(source.get("url"), f"{param}.url"))]
    return []  # "file" (Files API ids) and future kinds: nothing a local model can read


def _document(source: dict[str, Any], param: str) -> list[str]:
    kind = source.get("type")
    if kind == "text":
        return [_string(source.get("data"), f"{param}.data")]
    if kind == "content":
        return ["\n".join(_blocks(source.get("content"), f"{param}.content").texts)]
    return []  # PDFs (base64, url, file): ignored


def _tool_result(block: dict[str, Any], param: str) -> Message:
    is_error = block.get("is_error")
    if is_error is not None and not isinstance(is_error, bool):
        raise field_error(f"{param}.is_error", "expected a boolean")
    content = block.get("content")
    inner = _blocks("" if content is None else content, f"{param}.content")
    return Message(
        "tool",
        "\n".join(inner.texts),
        tool_call_id=_string(block.get("tool_use_id"), f"{param}.tool_use_id"),
        is_error=bool(is_error),
        images=tuple(inner.images),
    )


def _thinking(blocks: list[tuple[str, str]]) -> tuple[str, str]:
    """Return one message's (thinking, signature) from its thinking blocks.

    One block keeps its signature; a ``redacted_thinking`` block is ("", data). Several
    blocks (interleaved thinking) are joined and lose their signatures: no single
    signature covers the joined text.
    """
    if len(blocks) == 1:
        return blocks[0]
    return "\n".join(text for text, _ in blocks if text), ""


def _messages(raw_messages: list[Any]) -> list[Message]:
    messages: list[Message] = []
    for i, raw in enumerate(raw_messages):
        at = f"messages[{i}]"
        raw = _object(raw, at)
        role = raw.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise field_error(f"{at}.role", "expected 'user', 'assistant' or 'system'")
        parts = _blocks(raw.get("content"), f"{at}.content")
        messages += parts.results
        thinking, signature = _thinking(parts.thinking)
        if parts.texts or parts.images or parts.calls or signature or thinking or not parts.results:
            messages.append(
                Message(
                    role,
                    "\n".join(parts.texts),
                    tool_calls=tuple(parts.calls),
                    images=tuple(parts.images),
                    thinking=thinking,
                    thinking_signature=signature,
                )
            )
    return messages


def _tools(value: Any) -> tuple[Tool, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise field_error("tools", "expected an array of tools")
    tools = []
    for i, raw in enumerate(value):
        at = f"tools[{i}]"
        tool = _object(raw, at)
        kind = tool.get("type")
        if kind is None or kind == "custom":
            tools.append(
                Tool(
                    _string(tool.get("name"), f"{at}.name"),
                    _optional_string(tool, "description", at),
                    _object(tool.get("input_schema"), f"{at}.input_schema"),
                )
            )
        elif isinstance(kind, str):  # a server tool: web_search_20250305, bash_20250124 ...
            tools.append(Tool(_string(tool.get("name", kind), f"{at}.name")))
        else:
            raise field_error(f"{at}.type", "expected a string")
    return tuple(tools)


def _tool_choice(value: Any) -> str | None:
    if value is None:
        return None
    kind = _object(value, "tool_choice").get("type")
    if kind == "tool":
        return _string(value.get("name"), "tool_choice.name")
    if isinstance(kind, str) and kind in _TOOL_CHOICE:
        return _TOOL_CHOICE[kind]
    raise field_error("tool_choice.type", "expected 'auto', 'any', 'tool' or 'none'")


class _Metadata(BaseModel):
    model_config = STRICT
    user_id: str | None = None


class _Parameters(BaseModel):
    """The scalar fields of a Messages (or count_tokens) body."""

    model_config = STRICT
    model: NonEmpty
    max_tokens: TokenLimit | None = None
    temperature: UnitInterval | None = None
    top_p: UnitInterval | None = None
    stop_sequences: list[str] | None = None
    stream: bool = False
    metadata: _Metadata | None = None


def _parse(body: Any, headers: Mapping[str, str], default_max_tokens: int | None) -> Request:
    body = request_object(body)
    params = parameters(_Parameters, body)
    max_tokens = params.max_tokens or default_max_tokens
    if max_tokens is None:
        raise missing("max_tokens")
    raw_messages = body.get("messages")
    if raw_messages is None:
        raise missing("messages")
    if not isinstance(raw_messages, list) or not raw_messages:
        raise field_error("messages", "expected a non-empty array of messages")
    system = body.get("system")
    system_text = "" if system is None else "\n".join(_blocks(system, "system").texts)
    messages = [Message("system", system_text)] if system_text else []
    lower = {name.lower(): clean_text(value) for name, value in headers.items()}
    return Request(
        endpoint=Endpoint.MESSAGES,
        model=params.model,
        messages=(*messages, *_messages(raw_messages)),
        max_tokens=max_tokens,
        temperature=params.temperature,
        top_p=params.top_p,
        stop=tuple(params.stop_sequences or ()),
        stream=params.stream,
        user=params.metadata.user_id if params.metadata else None,
        tools=_tools(body.get("tools")),
        tool_choice=_tool_choice(body.get("tool_choice")),
        response_format=_output_format(body),
        session=lower.get(SESSION_HEADER) or None,
        headers={name: lower[name] for name in PASS_THROUGH_HEADERS if name in lower},
        body=body,
    )


def _output_format(body: dict[str, Any]) -> ResponseFormat | None:
    """``output_config.format`` (or the structured-outputs beta's top-level ``output_format``)."""
    config = body.get("output_config")
    if config is not None and not isinstance(config, dict):
        raise field_error("output_config", "expected an object")
    param = "output_config.format"
    value = (config or {}).get("format")
    if value is None:
        param, value = "output_format", body.get("output_format")
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") != "json_schema":
        raise field_error(param, "expected {'type': 'json_schema', 'schema': {...}}")
    schema = value.get("schema")
    if not isinstance(schema, dict):
        raise field_error(f"{param}.schema", "expected a JSON Schema object")
    check_schema(schema, f"{param}.schema")
    return ResponseFormat(schema=schema)


def parse_messages(body: Any, headers: Mapping[str, str]) -> Request:
    """Parse a ``POST /v1/messages`` body ("Messages" in the API reference).

    ``system`` (a string or text blocks) becomes a leading ``system`` message; ``system``
    messages inside ``messages`` (Claude Code sends them) stay where they are. Each
    ``tool_result`` block becomes a ``tool`` message placed before a ``user`` message with
    the rest of its turn (images in a result stay on its ``tool`` message); ``tool_use``
    becomes a :class:`~sidecar.request.ToolCall` with ``arguments = json.dumps(input)``;
    a ``redacted_thinking`` block is kept as ``thinking=""``, ``thinking_signature=data``;
    documents count as text when their source is text, else are ignored. Server tools
    (``type`` other than ``custom``) become a :class:`~sidecar.request.Tool` with their name
    and no parameters, so the tool count stays right. ``tool_choice`` ``auto``/``any``/
    ``none``/``tool`` maps to ``auto``/``required``/``none``/the tool's name. ``top_k`` and
    ``thinking`` are not used (they stay in ``body``).

    Args:
        body: the decoded JSON body.
        headers: the request headers, any case; ``x-claude-code-session-id`` gives the
            session, ``anthropic-beta`` and ``anthropic-version`` are kept for pass-through.

    Raises:
        RequestError: a non-object body, missing ``model``, ``max_tokens`` or ``messages``,
            a role other than user/assistant/system, or an ill-typed field (``param`` names
            it, e.g. ``messages[2].content[0].input``).

    """
    return _parse(body, headers, default_max_tokens=None)


def parse_count_tokens(body: Any, headers: Mapping[str, str]) -> Request:
    """Parse a ``POST /v1/messages/count_tokens`` body ("Count Message tokens").

    As :func:`parse_messages`, but ``max_tokens`` is optional (1 when absent).

    Raises:
        RequestError: as :func:`parse_messages`.

    """
    return _parse(body, headers, default_max_tokens=COUNT_TOKENS_MAX_TOKENS)


# Inbound answers.


def _input(arguments: str) -> dict[str, Any]:
    """Return tool-call arguments as the ``input`` object; ``{}`` when not a JSON object."""
    try:
        value = json.loads(arguments) if arguments else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _thinking_blocks(thinking: str, signature: str) -> list[dict[str, Any]]:
    if thinking:
        return [{"type": "thinking", "thinking": thinking, "signature": signature}]
    if signature:
        return [{"type": "redacted_thinking", "data": signature}]
    return []


def _tool_use(call: ToolCall) -> dict[str, Any]:
    return {"type": "tool_use", "id": call.id, "name": call.name, "input": _input(call.arguments)}


def _usage(usage: Usage) -> dict[str, int]:
    # Anthropic's input_tokens excludes cache reads and writes; the three add up to the prompt.
    read = min(usage.cached_tokens, usage.prompt_tokens)
    written = min(usage.cache_write_tokens, usage.prompt_tokens - read)
    return {
        "input_tokens": usage.prompt_tokens - read - written,
        "output_tokens": usage.completion_tokens,
        "cache_creation_input_tokens": written,
        "cache_read_input_tokens": read,
    }


def _stop_reason(finish_reason: str) -> tuple[str, str | None]:
    """Return (stop_reason, stop_sequence) for an internal finish reason."""
    if finish_reason.startswith(STOP_SEQUENCE_PREFIX):
        return "stop_sequence", finish_reason.removeprefix(STOP_SEQUENCE_PREFIX)
    return _STOP_REASON.get(finish_reason, "end_turn"), None


def message_response(request_id: str, result: Result, usage: Usage, model: str) -> dict[str, Any]:
    """Return the ``message`` object for a whole answer ("Messages", response body).

    ``content`` is [thinking (with its signature; ``redacted_thinking`` when there is a
    signature but no text), text (left out when empty and there are tool calls), tool_use
    ...], never empty. A tool call whose arguments are not a JSON object gets ``input: {}``
    (the client's tool then reports the missing fields to the model). Finish reasons map
    ``stop``/``cancelled`` to ``end_turn``, ``length`` to ``max_tokens``, ``tool_calls`` to
    ``tool_use``, ``content_filter`` to ``refusal``, and ``stop_sequence:<s>`` to
    ``stop_sequence`` with ``stop_sequence: <s>``. ``usage.input_tokens`` excludes the
    tokens read from the prompt cache (``cache_read_input_tokens``) and those written to it
    (``cache_creation_input_tokens``). A pass-through ``result.raw`` is returned unchanged.
    """
    if result.raw is not None:
        return result.raw
    content = _thinking_blocks(result.thinking, result.thinking_signature)
    if result.text or not result.tool_calls:
        content.append({"type": "text", "text": result.text})
    content += [_tool_use(call) for call in result.tool_calls]
    stop_reason, stop_sequence = _stop_reason(result.finish_reason)
    return {
        "id": request_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": stop_sequence,
        "usage": _usage(usage),
    }


def count_tokens_response(input_tokens: int) -> dict[str, Any]:
    """Return the ``POST /v1/messages/count_tokens`` answer: ``{"input_tokens": n}``."""
    return {"input_tokens": input_tokens}


def error_body(exc: SidecarError) -> dict[str, Any]:
    """Return Anthropic's error body ``{"type": "error", "error": {"type", "message"}}``.

    ``error.type`` follows the HTTP status as in "Errors": 400 ``invalid_request_error``
    (also any other 4xx), 401 ``authentication_error``, 403 ``permission_error``, 404
    ``not_found_error``, 413 ``request_too_large``, 429 ``rate_limit_error``, 529
    ``overloaded_error``, 500 and any other 5xx ``api_error``.
    """
    status = exc.status
    kind = _ERROR_TYPES.get(status, "invalid_request_error" if 400 <= status < 500 else "api_error")
    return {"type": "error", "error": {"type": kind, "message": exc.message}}


class MessagesStreamEncoder:
    """Encode chunks as Anthropic stream events ("Streaming Messages"), as SSE bytes.

    The events are ``message_start``; per content block ``content_block_start``,
    ``content_block_delta`` (``thinking_delta``, ``text_delta``, ``input_json_delta``) and
    ``content_block_stop``; then ``message_delta`` and ``message_stop``. A change of block
    kind, or a new tool call, closes the open block. Each method returns the bytes to
    write (``event: <type>`` and ``data: <json>`` lines and a blank line).

    Args:
        request_id: the message ``id`` (``msg_...``).
        model: the serving model name.

    """

    def __init__(self, request_id: str, model: str):
        self.request_id = request_id
        self.model = model
        self._started = False
        self._passthrough = False
        self._blocks = 0  # content blocks started; the open one, if any, is the last
        self._open: str | None = None  # kind of the open block: thinking, text, tool_use
        self._open_call: int | None = None  # ToolCallDelta.index of an open tool_use block

    @staticmethod
    def _event(payload: dict[str, Any]) -> bytes:
        return sse.encode(json.dumps(payload), payload["type"])

    def start(self, usage_prompt_tokens: int = 0) -> bytes:
        """Return ``message_start`` (empty content; input tokens when known), once.

        :meth:`encode` sends it on its first call if this was not called. Do not call it
        when the answer may be a pass-through: the upstream sends its own.
        """
        if self._started:
            return b""
        self._started = True
        return self._event({
            "type": "message_start",
            "message": {
                "id": self.request_id, "type": "message", "role": "assistant",
                "model": self.model, "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": {"input_tokens": usage_prompt_tokens, "output_tokens": 0},
            },
        })  # fmt: skip

    def _close(self) -> bytes:
        if self._open is None:
            return b""
        self._open, self._open_call = None, None
        return self._event({"type": "content_block_stop", "index": self._blocks - 1})

    def _begin(self, kind: str, block: dict[str, Any]) -> bytes:
        out = self._close()
        self._open = kind
        self._blocks += 1
        return out + self._event(
            {"type": "content_block_start", "index": self._blocks - 1, "content_block": block}
        )

    def _delta(self, delta: dict[str, Any]) -> bytes:
        return self._event(
            {"type": "content_block_delta", "index": self._blocks - 1, "delta": delta}
        )

    def encode(self, chunk: Chunk) -> bytes:
        """Return the events for one chunk: its thinking, text, then tool-call pieces.

        A chunk with ``raw`` is a pass-through of an upstream Anthropic stream: its bytes
        are returned unchanged and nothing else is sent, then or at :meth:`finish`. A
        tool call without an id gets a new ``toolu_...`` id. The finish reason and usage
        go to :meth:`finish`.
        """
        if chunk.raw:
            self._passthrough = True
            return chunk.raw
        out = self.start()
        if chunk.thinking:
            if self._open != "thinking":
                out += self._begin(
                    "thinking", {"type": "thinking", "thinking": "", "signature": ""}
                )
            out += self._delta({"type": "thinking_delta", "thinking": chunk.thinking})
        if chunk.text:
            if self._open != "text":
                out += self._begin("text", {"type": "text", "text": ""})
            out += self._delta({"type": "text_delta", "text": chunk.text})
        for call in chunk.tool_calls:
            if self._open != "tool_use" or call.index != self._open_call:
                call_id = call.id or f"toolu_{uuid.uuid4().hex[:24]}"
                block = {"type": "tool_use", "id": call_id, "name": call.name or "", "input": {}}
                out += self._begin("tool_use", block)
                self._open_call = call.index
            if call.arguments:
                out += self._delta({"type": "input_json_delta", "partial_json": call.arguments})
        return out

    def finish(self, finish_reason: str, usage: Usage) -> bytes:
        """Return the closing events: ``content_block_stop``, ``message_delta``, ``message_stop``.

        An answer with no content gets one empty text block, as in :func:`message_response`.
        ``message_delta.usage`` carries the cumulative counts (output, input, cache read and
        cache creation).
        Returns ``b""`` after a pass-through.
        """
        if self._passthrough:
            return b""
        out = self.start()
        if not self._blocks:
            out += self._begin("text", {"type": "text", "text": ""})
        out += self._close()
        stop_reason, stop_sequence = _stop_reason(finish_reason)
        out += self._event({
            "type": "message_delta",
            "delta": {"stop_reason": stop_reason, "stop_sequence": stop_sequence},
            "usage": _usage(usage),
        })  # fmt: skip
        return out + self._event({"type": "message_stop"})

    @staticmethod
    def ping() -> bytes:
        """Return a ``ping`` event (keeps an idle connection open)."""
        return MessagesStreamEncoder._event({"type": "ping"})

    @staticmethod
    def error(exc_or_body: SidecarError | dict[str, Any]) -> bytes:
        """Return an ``error`` event for an error, or for a ready error body."""
        body = error_body(exc_or_body) if isinstance(exc_or_body, SidecarError) else exc_or_body
        return sse.encode(json.dumps(body), "error")


# Outbound: sidecar as a client of a gateway that speaks Anthropic.


def _image_block(image: Image) -> dict[str, Any]:
    if image.url.startswith("data:") and ";base64," in image.url:
        media_type, _, data = image.url.removeprefix("data:").partition(";base64,")
        return {
            "type": "image",
            "source": {"type": "base64", "media_type": media_type, "data": data},
        }
    if image.url:
        return {"type": "image", "source": {"type": "url", "url": image.url}}
    source = {"type": "base64", "media_type": image.media_type, "data": image.data}
    return {"type": "image", "source": source}


def _tool_result_block(message: Message) -> dict[str, Any]:
    content: str | list[dict[str, Any]] = message.content
    if message.images:
        text = [{"type": "text", "text": message.content}] if message.content else []
        content = text + [_image_block(image) for image in message.images]
    block: dict[str, Any] = {
        "type": "tool_result",
        "tool_use_id": message.tool_call_id or "",
        "content": content,
    }
    if message.is_error:
        block["is_error"] = True
    return block


def _assistant_content(message: Message) -> str | list[dict[str, Any]]:
    # Anthropic rejects thinking without its signature, so unsigned thinking is left out.
    blocks = (
        _thinking_blocks(message.thinking, message.thinking_signature)
        if message.thinking_signature
        else []
    )
    if not blocks and not message.tool_calls:
        return message.content
    if message.content:
        blocks.append({"type": "text", "text": message.content})
    return blocks + [_tool_use(call) for call in message.tool_calls]


def _to_messages(
    messages: tuple[Message, ...], marks: Mapping[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the ``messages`` array; ``marks`` maps a message's index to its breakpoint."""
    out: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []  # tool_result blocks waiting for their user turn
    for i, message in enumerate(messages):
        mark = marks.get(i)
        if message.role in ("system", "developer"):
            continue
        if message.role in ("tool", "function"):
            results.append(_tool_result_block(message))
            if mark is not None:
                results[-1]["cache_control"] = mark
        elif message.role == "assistant":
            if results:
                out.append({"role": "user", "content": results})
                results = []
            content = _assistant_content(message)
            out.append({"role": "assistant", "content": _marked(content, mark) or content})
        elif results or message.images:
            text = [{"type": "text", "text": message.content}] if message.content else []
            images = [_image_block(image) for image in message.images]
            content = results + images + text
            out.append({"role": "user", "content": _marked(content, mark) or content})
            results = []
        else:
            out.append(
                {"role": "user", "content": _marked(message.content, mark) or message.content}
            )
    if results:
        out.append({"role": "user", "content": results})
    return out


def _to_tool(tool: Tool, mark: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": tool.name}
    if tool.description:
        out["description"] = tool.description
    out["input_schema"] = tool.parameters or EMPTY_SCHEMA
    if mark is not None:
        out["cache_control"] = mark
    return out


def to_messages_body(
    request: Request,
    model: str,
    stream: bool,
    *,
    tool_marks: Mapping[int, dict[str, Any]] | None = None,
    message_marks: Mapping[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return an Anthropic ``POST /v1/messages`` body for an internal request.

    ``system`` and ``developer`` messages are joined into ``system``; ``tool`` messages
    and the user message after them become one user turn of ``tool_result`` blocks then
    image and text blocks; an assistant message becomes thinking (only when signed:
    Anthropic rejects unsigned thinking), text and ``tool_use`` blocks. Tools get an empty
    object schema when they have none; ``tool_choice`` maps back (``required`` to ``any``,
    a name to ``{"type": "tool", "name": ...}``) and is sent only with tools, as Anthropic
    requires; ``max_tokens`` defaults to 4096; ``temperature`` is clamped to Anthropic's
    0..1, and ``top_p`` is sent only without it (Claude 4.5 models refuse both);
    ``user`` becomes ``metadata.user_id``; a structured output becomes
    ``output_config.format`` (any JSON object: schema ``{"type": "object"}``).

    Prompt-cache breakpoints a client set in its own shape (see
    :func:`sidecar.protocols.openai.cache_marks`) are carried over by position: a marked
    tool gets its ``cache_control``; a marked message puts it on the last cacheable block
    of what it became (its ``tool_result`` block, or the last block of its turn, a string
    turned into one text block); a marked system or developer message makes ``system``
    one marked text block. Without marks the body has no ``cache_control``.

    Args:
        request: the internal request (from any surface).
        model: the gateway's model name.
        stream: whether to ask for a stream.
        tool_marks: tool index (in ``request.tools``) -> the client's ``cache_control``.
        message_marks: message index (in ``request.messages``) -> the client's
            ``cache_control``.

    """
    tool_marks = tool_marks or {}
    message_marks = message_marks or {}
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": request.max_tokens or DEFAULT_MAX_TOKENS,
    }
    system = [m.content for m in request.messages if m.role in ("system", "developer")]
    if any(system):
        text = "\n".join(text for text in system if text)
        system_marks = [
            mark
            for i, mark in sorted(message_marks.items())
            if 0 <= i < len(request.messages)
            and request.messages[i].role in ("system", "developer")
        ]
        body["system"] = (_marked(text, system_marks[-1]) if system_marks else None) or text
    body["messages"] = _to_messages(request.messages, message_marks)
    if request.temperature is not None:
        body["temperature"] = min(max(request.temperature, 0.0), 1.0)
    elif request.top_p is not None:  # Claude 4.5 models reject both together
        body["top_p"] = request.top_p
    if request.stop:
        body["stop_sequences"] = list(request.stop)
    if request.tools:  # Anthropic rejects tool_choice without tools
        body["tools"] = [_to_tool(tool, tool_marks.get(i)) for i, tool in enumerate(request.tools)]
        if request.tool_choice in _TOOL_CHOICE_BACK:
            body["tool_choice"] = {"type": _TOOL_CHOICE_BACK[request.tool_choice]}
        elif request.tool_choice is not None:
            body["tool_choice"] = {"type": "tool", "name": request.tool_choice}
    if request.response_format is not None:
        schema = request.response_format.schema or {"type": "object"}
        body["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
    if request.user is not None:
        body["metadata"] = {"user_id": request.user}
    body["stream"] = stream
    return body


# Prompt caching ("Prompt caching" in Anthropic's docs: cache_control breakpoints).

MAX_CACHE_BREAKPOINTS = 4
"""Breakpoints Anthropic accepts in one request."""
_NOT_CACHEABLE = frozenset({"thinking", "redacted_thinking"})


def _ephemeral() -> dict[str, Any]:
    return {"type": "ephemeral"}


def _cacheable(block: Any) -> bool:
    """Whether a content block may carry ``cache_control``: not thinking, not empty text."""
    if not isinstance(block, dict) or block.get("type") in _NOT_CACHEABLE:
        return False
    if block.get("type") == "text":
        text = block.get("text")
        return isinstance(text, str) and bool(text.strip())
    return isinstance(block.get("type"), str)


def _marked(content: Any, mark: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    """Return ``content`` (a string or blocks) with ``mark`` on its last cacheable block.

    A non-blank string becomes one text block. Returns None when ``mark`` is None or
    nothing in ``content`` can carry it. ``content`` itself is not changed.
    """
    if mark is None:
        return None
    if isinstance(content, str):
        return (
            [{"type": "text", "text": content, "cache_control": mark}] if content.strip() else None
        )
    if not isinstance(content, list):
        return None
    for i in range(len(content) - 1, -1, -1):
        if _cacheable(content[i]):
            return [*content[:i], {**content[i], "cache_control": mark}, *content[i + 1 :]]
    return None


def _has_mark(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.get("cache_control") is not None


def has_cache_control(body: Mapping[str, Any]) -> bool:
    """Return whether a Messages body sets any prompt-cache breakpoint.

    Looked for: the top-level ``cache_control`` (automatic caching), a tool definition, a
    ``system`` block, a message's content block, and a block inside a ``tool_result``; a
    message itself (where some gateways accept one) counts too.
    """
    if body.get("cache_control") is not None:
        return True
    tools, system, messages = body.get("tools"), body.get("system"), body.get("messages")
    if isinstance(tools, list) and any(_has_mark(tool) for tool in tools):
        return True
    if isinstance(system, list) and any(_has_mark(block) for block in system):
        return True
    for message in messages if isinstance(messages, list) else ():
        if _has_mark(message):
            return True
        content = _get(message, "content")
        for block in content if isinstance(content, list) else ():
            inner = _get(block, "content")
            if _has_mark(block) or (
                isinstance(inner, list) and any(_has_mark(part) for part in inner)
            ):
                return True
    return False


def with_cache_breakpoints(body: dict[str, Any]) -> dict[str, Any]:
    """Return a Messages body with prompt-cache breakpoints, when its client set none.

    Follows Anthropic's prompt caching docs ("Prompt caching": the prefix is tools, then
    ``system``, then ``messages``; a ``cache_control: {"type": "ephemeral"}`` breakpoint
    caches the prefix up to and including its block; a read looks back at most 20 blocks
    from a breakpoint; at most 4 breakpoints; thinking blocks and empty text blocks cannot
    carry one). Breakpoints go on:

    1. the last tool definition (not one with ``defer_loading``);
    2. the last non-empty ``system`` block (a string ``system`` becomes one text block);
    3. the last cacheable block of the last message, so the next turn of the
       conversation reads the whole prefix;
    4. the last cacheable block of the message before it, so that prefix, written by the
       previous turn, is read even when the newest turn added more than 20 blocks.

    A message given as a string becomes one text block to carry its breakpoint. A body
    with any breakpoint of its own (:func:`has_cache_control`) is returned as it is, and
    so is a body with nothing to mark. ``body`` itself is never changed: marked parts are
    copies, the rest is shared. Nothing volatile is added, so the same body always gives
    the same bytes.
    """
    if has_cache_control(body):
        return body
    out = dict(body)
    left = MAX_CACHE_BREAKPOINTS
    tools = body.get("tools")
    if isinstance(tools, list):
        for i in range(len(tools) - 1, -1, -1):
            tool = tools[i]
            if isinstance(tool, dict) and not tool.get("defer_loading"):
                out["tools"] = [
                    *tools[:i],
                    {**tool, "cache_control": _ephemeral()},
                    *tools[i + 1 :],
                ]
                left -= 1
                break
    system = _marked(body.get("system"), _ephemeral())
    if system is not None:
        out["system"] = system
        left -= 1
    messages = body.get("messages")
    if isinstance(messages, list):
        marked = list(messages)
        for i in range(len(messages) - 1, max(len(messages) - 3, -1), -1):
            content = _marked(_get(messages[i], "content"), _ephemeral()) if left else None
            if content is not None:
                marked[i] = {**messages[i], "content": content}
                left -= 1
        out["messages"] = marked
    return out


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


def _text(obj: Any, key: str) -> str:
    value = _get(obj, key)
    return value if isinstance(value, str) else ""


def _usage_from(raw: Any) -> Usage:
    def count(key: str) -> int:
        value = _get(raw, key)
        return value if isinstance(value, int) else 0

    cached = count("cache_read_input_tokens")
    written = count("cache_creation_input_tokens")
    return Usage(
        prompt_tokens=count("input_tokens") + cached + written,
        completion_tokens=count("output_tokens"),
        cached_tokens=cached,
        cache_write_tokens=written,
    )


def _finish_reason(stop_reason: Any) -> str:
    return _FINISH_REASON.get(stop_reason, "stop") if isinstance(stop_reason, str) else "stop"


def parse_message_body(body: Any) -> Result:
    """Read an upstream ``message`` object (a non-streamed answer) into a Result.

    Text blocks are joined as they are (Anthropic splits text at citations), thinking as
    in :func:`parse_messages`; ``tool_use`` input becomes ``json.dumps`` arguments. Stop
    reasons map back: ``end_turn``/``stop_sequence``/``pause_turn`` to ``stop``,
    ``max_tokens`` to ``length``, ``tool_use`` to ``tool_calls``, ``refusal`` to
    ``content_filter``. Usage: prompt = input + cache read + cache creation tokens, cached =
    cache read tokens (``cache_read_input_tokens``), cache writes = cache creation tokens
    (``cache_creation_input_tokens``); None when the body has none.

    Raises:
        GatewayError: the body is not a message object with a ``content`` array.

    """
    content = _get(body, "content")
    if not isinstance(content, list):
        raise GatewayError(
            "The gateway's answer is not an Anthropic message (no content array).",
            upstream_status=None,
            retryable=False,
        )
    texts: list[str] = []
    thinking: list[tuple[str, str]] = []
    calls: list[ToolCall] = []
    for block in content:
        kind = _get(block, "type")
        if kind == "text":
            texts.append(_text(block, "text"))
        elif kind == "thinking":
            thinking.append((_text(block, "thinking"), _text(block, "signature")))
        elif kind == "redacted_thinking":
            thinking.append(("", _text(block, "data")))
        elif kind == "tool_use":
            arguments = block.get("input")
            arguments = _dumps(arguments) if isinstance(arguments, dict) else "{}"
            calls.append(ToolCall(_text(block, "id"), _text(block, "name"), arguments))
    thinking_text, signature = _thinking(thinking)
    return Result(
        text="".join(texts),
        finish_reason=_finish_reason(body.get("stop_reason")),
        usage=_usage_from(body["usage"]) if "usage" in body else None,
        model=_text(body, "model"),
        tool_calls=tuple(calls),
        thinking=thinking_text,
        thinking_signature=signature,
    )


class MessagesStreamParser:
    """Turn an upstream Anthropic stream into chunks, one event at a time.

    Each event yields at most one chunk, so a pass-through can attach the event's bytes
    to it (events that yield none still have to be forwarded). ``message_stop`` yields
    the final chunk with the finish reason (mapped as in :func:`parse_message_body`) and
    usage; tool calls are numbered 0, 1 ... in order of their ``tool_use`` blocks.

    Attributes:
        message_id: the upstream message id, from ``message_start``.
        model: the upstream model, from ``message_start``.
        signature: the last ``signature_delta`` (the thinking block's signature), or a
            ``redacted_thinking`` block's data.

    """

    def __init__(self) -> None:
        self.message_id = ""
        self.model = ""
        self.signature = ""
        self._calls: dict[Any, int] = {}  # content block index -> tool-call ordinal
        self._usage: dict[str, Any] = {}  # message_start usage, then message_delta's totals
        self._stop_reason: Any = None

    def feed(self, event: str, data: str) -> list[Chunk]:
        """Return the chunks for one server-sent event (its ``event`` name and ``data``).

        Raises:
            GatewayError: an ``error`` event (``retryable=False``: the answer has begun),
                or data that is not a JSON object.

        """
        try:
            payload = json.loads(data)
        except json.JSONDecodeError as exc:
            raise GatewayError(
                f"The gateway sent a stream event that is not JSON: {data[:200]!r}",
                upstream_status=None,
                retryable=False,
            ) from exc
        if not isinstance(payload, dict):
            raise GatewayError(
                f"The gateway sent a stream event that is not an object: {data[:200]!r}",
                upstream_status=None,
                retryable=False,
            )
        kind = payload.get("type", event)
        if kind == "error":
            reason = _text(payload.get("error"), "message") or "The gateway's stream failed."
            raise GatewayError(reason, upstream_status=None, retryable=False)
        if kind == "message_start":
            message = payload.get("message")
            self.message_id, self.model = _text(message, "id"), _text(message, "model")
            usage = _get(message, "usage")
            if isinstance(usage, dict):
                self._usage.update(usage)
        elif kind == "content_block_start":
            return self._start(payload.get("index"), payload.get("content_block"))
        elif kind == "content_block_delta":
            return self._delta(payload.get("index"), payload.get("delta"))
        elif kind == "message_delta":
            self._stop_reason = _get(payload.get("delta"), "stop_reason")
            usage = payload.get("usage")
            if isinstance(usage, dict):
                self._usage.update({k: v for k, v in usage.items() if v is not None})
        elif kind == "message_stop":
            finish = _finish_reason(self._stop_reason)
            return [Chunk(finish_reason=finish, usage=_usage_from(self._usage))]
        return []  # ping, content_block_stop, and events added after this was written

    def _start(self, index: Any, block: Any) -> list[Chunk]:
        kind = _get(block, "type")
        if kind == "tool_use":
            ordinal = self._calls[index] = len(self._calls)
            given = _get(block, "input")  # {} from Anthropic; some gateways send it whole
            arguments = _dumps(given) if isinstance(given, dict) and given else ""
            delta = ToolCallDelta(ordinal, _text(block, "id"), _text(block, "name"), arguments)
            return [Chunk(tool_calls=(delta,))]
        if kind == "redacted_thinking":
            self.signature = _text(block, "data")
        elif kind == "thinking" and _text(block, "signature"):
            self.signature = _text(block, "signature")
        if kind == "text" and _text(block, "text"):
            return [Chunk(_text(block, "text"))]
        if kind == "thinking" and _text(block, "thinking"):
            return [Chunk(thinking=_text(block, "thinking"))]
        return []

    def _delta(self, index: Any, delta: Any) -> list[Chunk]:
        kind = _get(delta, "type")
        if kind == "text_delta" and _text(delta, "text"):
            return [Chunk(_text(delta, "text"))]
        if kind == "thinking_delta" and _text(delta, "thinking"):
            return [Chunk(thinking=_text(delta, "thinking"))]
        if kind == "input_json_delta" and index in self._calls and _text(delta, "partial_json"):
            piece = ToolCallDelta(self._calls[index], arguments=_text(delta, "partial_json"))
            return [Chunk(tool_calls=(piece,))]
        if kind == "signature_delta":
            self.signature = _text(delta, "signature")
        return []
