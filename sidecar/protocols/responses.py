"""OpenAI Responses API: parse requests, render the ``response`` object and its stream.

Shapes follow the OpenAI API reference, "Responses": "Create a model response"
(``POST /v1/responses``), "The response object" and "Streaming events". The client that
matters is Codex CLI with a custom provider (``wire_api = "responses"``); the item shapes
it sends are those of ``codex-rs/protocol/src/models.rs`` (``ResponseItem``).

Input items become messages:

- ``instructions`` → a leading ``system`` message;
- ``message`` items (``type`` may be omitted) → a message of their role, text parts
  (``input_text``/``output_text``) joined, ``input_image`` parts as images;
- ``function_call``, ``custom_tool_call`` and ``local_shell_call`` → tool calls, added to
  the assistant message just before them (consecutive calls share one message, as in Chat);
- ``function_call_output``, ``custom_tool_call_output``, ``local_shell_call_output`` →
  ``tool`` messages (an output given as content parts is flattened; an older Codex object
  ``{"content", "success": false}`` sets ``is_error``);
- ``reasoning`` items are skipped: their ``encrypted_content`` is OpenAI's, opaque to any
  other model, and their summaries are the model's own notes. Other item types
  (``web_search_call``, ``compaction`` ...) are skipped too; they stay in ``body``.
  ``item_reference`` and ``previous_response_id`` are refused: nothing is stored.

Custom (free-form) tools become one-string functions (``{"input": <text>}``, see
:mod:`sidecar.protocols.openai`); calls to a tool the request declared ``custom`` are
answered as ``custom_tool_call`` items with the text unwrapped. Hosted tools
(``local_shell``, ``web_search``, ``file_search``, ``mcp`` ...) are not offered to the
model: sidecar cannot run them. Thinking is answered as a ``reasoning`` item whose summary
is the reasoning text (Codex shows summaries by default; raw ``reasoning_text`` content only
when configured to), without ``encrypted_content``.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from sidecar.errors import RequestError, SidecarError
from sidecar.protocols import sse
from sidecar.protocols.inbound import (
    STRICT,
    NonEmpty,
    Temperature,
    TokenLimit,
    UnitInterval,
    clean_text,
    field_error,
    missing,
    parameters,
    request_object,
)
from sidecar.protocols.openai import (
    content_parts,
    custom_call_arguments,
    custom_call_input,
    custom_tool_parameters,
    function_tool,
    new_call_id,
    optional_string,
    parse_response_format,
    parse_tool_choice,
    require_name,
)
from sidecar.request import (
    Chunk,
    Endpoint,
    Message,
    Request,
    ResponseFormat,
    Result,
    Tool,
    ToolCall,
    Usage,
)

ROLES = frozenset({"user", "assistant", "system", "developer"})
CALL_ITEMS = frozenset({"function_call", "custom_tool_call", "local_shell_call"})
OUTPUT_ITEMS = frozenset(
    {"function_call_output", "custom_tool_call_output", "local_shell_call_output"}
)
# Codex sends its conversation id as ``session_id``; others spell it ``session-id``.
SESSION_HEADERS = ("session_id", "session-id")
# Error codes Codex acts on in ``response.failed`` (compact the history, stop retrying).
CODEX_ERROR_CODES = frozenset({"context_length_exceeded", "insufficient_quota"})


# requests ----------------------------------------------------------------------------


def _call(item: dict[str, Any], kind: str, param: str) -> ToolCall:
    call_id = item.get("call_id") or (item.get("id") if kind == "local_shell_call" else None)
    if not isinstance(call_id, str) or not call_id:
        raise field_error(f"{param}.call_id", "expected a non-empty string")
    if kind == "local_shell_call":
        return ToolCall(call_id, "local_shell", json.dumps(item.get("action") or {}))
    name = require_name(item, f"{param}.name")
    if kind == "custom_tool_call":
        text = item.get("input")
        if not isinstance(text, str):
            raise field_error(f"{param}.input", "expected a string")
        return ToolCall(call_id, name, custom_call_arguments(text))
    arguments = item.get("arguments")
    if isinstance(arguments, dict):
        arguments = json.dumps(arguments)
    if arguments is not None and not isinstance(arguments, str):
        raise field_error(f"{param}.arguments", "expected a JSON string")
    return ToolCall(call_id, name, arguments or "{}")


def _output(item: dict[str, Any], param: str) -> Message:
    call_id = item.get("call_id")
    if not isinstance(call_id, str) or not call_id:
        raise field_error(f"{param}.call_id", "expected a non-empty string")
    output = item.get("output")
    is_error = False
    if isinstance(output, dict):  # older Codex: {"content": ..., "success": bool}
        is_error = output.get("success") is False
        output = output.get("content")
    text, images = content_parts(output, f"{param}.output")
    return Message("tool", text, tool_call_id=call_id, is_error=is_error, images=images)


def _input_messages(raw: Any) -> list[Message]:
    if raw is None:
        raise missing("input")
    if isinstance(raw, str):
        return [Message("user", raw)]
    if not isinstance(raw, list):
        raise field_error("input", "expected a string or an array of input items")
    messages: list[Message] = []
    for i, item in enumerate(raw):
        param = f"input[{i}]"
        if not isinstance(item, dict):
            raise field_error(param, "expected an object")
        kind = item.get("type") or "message"
        if not isinstance(kind, str):
            raise field_error(f"{param}.type", "expected a string")
        if kind == "message":
            role = item.get("role")
            if not isinstance(role, str) or role not in ROLES:
                raise field_error(f"{param}.role", f"expected one of {sorted(ROLES)}")
            text, images = content_parts(item.get("content"), f"{param}.content")
            messages.append(Message(role, text, images=images))
        elif kind in CALL_ITEMS:
            call = _call(item, kind, param)
            if messages and messages[-1].role == "assistant":
                last = messages[-1]
                messages[-1] = dataclasses.replace(last, tool_calls=(*last.tool_calls, call))
            else:
                messages.append(Message("assistant", tool_calls=(call,)))
        elif kind in OUTPUT_ITEMS:
            messages.append(_output(item, param))
        elif kind == "item_reference":
            raise RequestError(
                "Item references are not supported: sidecar stores no responses; send the "
                "items themselves.",
                param=param,
                code="unsupported_value",
            )
    return messages


def _tools(raw: Any) -> tuple[Tool, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise field_error("tools", "expected an array of tools")
    tools = []
    for i, spec in enumerate(raw):
        param = f"tools[{i}]"
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "function":  # flat: {"type", "name", "description", "parameters", "strict"}
            tools.append(function_tool(spec, param))
        elif kind == "custom":  # {"type", "name", "description", "format"}
            assert isinstance(spec, dict)
            description = optional_string(spec, "description", f"{param}.description")
            parameters = custom_tool_parameters(spec.get("format"))
            tools.append(Tool(require_name(spec, f"{param}.name"), description or "", parameters))
        elif not isinstance(kind, str):
            raise field_error(f"{param}.type", "expected a tool type")
    return tuple(tools)


def _session(cache_key: str | None, headers: Mapping[str, str]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in SESSION_HEADERS:
        if lowered.get(name):
            return clean_text(lowered[name])
    return cache_key


def _text_format(text: Any) -> ResponseFormat | None:
    if text is None:
        return None
    if not isinstance(text, dict):
        raise field_error("text", "expected an object")
    return parse_response_format(text.get("format"), "text.format")


class _Parameters(BaseModel):
    """The scalar fields of a Responses body."""

    model_config = STRICT
    model: NonEmpty = "sidecar/auto"
    max_output_tokens: TokenLimit | None = None
    temperature: Temperature | None = None
    top_p: UnitInterval | None = None
    stream: bool = False
    instructions: str | None = None
    user: str | None = None
    prompt_cache_key: str | None = None


def parse_responses(body: Any, headers: Mapping[str, str]) -> Request:
    """Parse a ``/v1/responses`` body (see the module docstring for the mapping).

    ``max_output_tokens`` is the token limit; ``text.format`` the structured output; the
    session is the ``session_id`` (or ``session-id``) header, else ``prompt_cache_key``.
    ``reasoning``, ``include``, ``store``, ``text.verbosity`` and ``parallel_tool_calls`` are
    not acted on; they stay in ``body``.

    Raises:
        RequestError: missing or ill-typed fields, or ``previous_response_id`` /
            ``conversation`` (server-side state, which sidecar does not keep).

    """
    body = request_object(body)
    for key in ("previous_response_id", "conversation"):
        if body.get(key) is not None:
            raise RequestError(
                f"'{key}' is not supported: sidecar stores no responses; send the whole "
                "conversation in 'input' (store: false).",
                param=key,
                code="unsupported_parameter",
            )
    params = parameters(_Parameters, body)
    system = [Message("system", params.instructions)] if params.instructions else []
    return Request(
        endpoint=Endpoint.RESPONSES,
        model=params.model,
        messages=(*system, *_input_messages(body.get("input"))),
        max_tokens=params.max_output_tokens,
        temperature=params.temperature,
        top_p=params.top_p,
        stream=params.stream,
        user=params.user,
        tools=_tools(body.get("tools")),
        tool_choice=parse_tool_choice(body.get("tool_choice"), "tool_choice"),
        response_format=_text_format(body.get("text")),
        session=_session(params.prompt_cache_key, headers),
        body=body,
    )


# responses ---------------------------------------------------------------------------


def response_id(request_id: str) -> str:
    """Return the ``resp_`` id for a request id (kept when it already has the prefix)."""
    return request_id if request_id.startswith("resp_") else f"resp_{request_id}"


def custom_tool_names(request: Request) -> frozenset[str]:
    """Return the names of the tools the request declared ``custom`` (free-form)."""
    tools = request.body.get("tools")
    if not isinstance(tools, list):
        return frozenset()
    return frozenset(
        t["name"]
        for t in tools
        if isinstance(t, dict) and t.get("type") == "custom" and isinstance(t.get("name"), str)
    )


def _item_id(prefix: str, rid: str, index: int) -> str:
    return f"{prefix}_{rid.removeprefix('resp_')}_{index}"


def _reasoning_item(item_id: str, text: str, status: str) -> dict[str, Any]:
    summary = [{"type": "summary_text", "text": text}] if text else []
    return {"id": item_id, "type": "reasoning", "summary": summary, "status": status}


def _text_part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def _message_item(item_id: str, text: str, status: str) -> dict[str, Any]:
    content = [_text_part(text)] if status != "in_progress" else []
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": content,
    }


def _call_item(item_id: str, call: ToolCall, custom: bool, status: str) -> dict[str, Any]:
    call_id = call.id or new_call_id()
    if custom:
        return {
            "id": item_id,
            "type": "custom_tool_call",
            "status": status,
            "call_id": call_id,
            "name": call.name,
            "input": custom_call_input(call.arguments) if call.arguments else "",
        }
    return {
        "id": item_id,
        "type": "function_call",
        "status": status,
        "call_id": call_id,
        "name": call.name,
        "arguments": call.arguments,
    }


def _usage(usage: Usage) -> dict[str, Any]:
    return {
        "input_tokens": usage.prompt_tokens,
        "input_tokens_details": {
            "cached_tokens": usage.cached_tokens,
            "cache_write_tokens": usage.cache_write_tokens,
        },
        "output_tokens": usage.completion_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": usage.prompt_tokens + usage.completion_tokens,
    }


def _status(finish_reason: str) -> tuple[str, str | None]:
    """Return the response status and, when incomplete, the reason."""
    if finish_reason == "length":
        return "incomplete", "max_output_tokens"
    if finish_reason == "content_filter":
        return "incomplete", "content_filter"
    return "completed", None


def _response(
    rid: str,
    created_at: int,
    request: Request,
    model: str,
    status: str,
    output: list[dict[str, Any]],
    usage: Usage | None,
    *,
    reason: str | None = None,
    error: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a ``response`` object, echoing the request's settings as OpenAI does."""
    body = request.body

    def echo(key: str, kind: type, default: Any) -> Any:
        value = body.get(key)
        return value if isinstance(value, kind) else default

    return {
        "id": rid,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "completed_at": int(time.time()) if status == "completed" else None,
        "error": error,
        "incomplete_details": {"reason": reason} if status == "incomplete" else None,
        "instructions": echo("instructions", str, None),
        "max_output_tokens": request.max_tokens,
        "metadata": echo("metadata", dict, {}),
        "model": model,
        "output": output,
        "parallel_tool_calls": echo("parallel_tool_calls", bool, True),
        "previous_response_id": None,
        "prompt_cache_key": echo("prompt_cache_key", str, None),
        "reasoning": echo("reasoning", dict, None),
        "store": False,
        "temperature": request.temperature,
        "text": echo("text", dict, {"format": {"type": "text"}}),
        "tool_choice": body.get("tool_choice") or "auto",
        "tools": echo("tools", list, []),
        "top_p": request.top_p,
        "truncation": "disabled",
        "usage": _usage(usage) if usage is not None else None,
        "user": request.user,
    }


def response_object(
    request_id: str, request: Request, result: Result, usage: Usage, model: str
) -> dict[str, Any]:
    """Return the ``response`` object for a whole answer.

    Output order: a ``reasoning`` item (thinking), a ``message`` item (the text; also when
    the answer is empty and has no calls), then one ``function_call`` (or
    ``custom_tool_call``) item per call. Finish reason ``length`` gives status
    ``incomplete`` (``max_output_tokens``) and marks the last item incomplete. A
    pass-through ``result.raw`` is returned unchanged.
    """
    if result.raw is not None:
        return result.raw
    rid = response_id(request_id)
    status, reason = _status(result.finish_reason)
    custom = custom_tool_names(request)
    output: list[dict[str, Any]] = []
    if result.thinking:
        output.append(_reasoning_item(_item_id("rs", rid, 0), result.thinking, "completed"))
    if result.text or not result.tool_calls:
        item_id = _item_id("msg", rid, len(output))
        output.append(_message_item(item_id, result.text, "completed"))
    for call in result.tool_calls:
        prefix = "ctc" if call.name in custom else "fc"
        item_id = _item_id(prefix, rid, len(output))
        output.append(_call_item(item_id, call, call.name in custom, "completed"))
    if status == "incomplete":
        output[-1]["status"] = "incomplete"
    return _response(rid, int(time.time()), request, model, status, output, usage, reason=reason)


def _error_code(exc: SidecarError) -> str:
    """Return the ``response.error.code``: the SDK's values, plus the two Codex acts on."""
    if exc.code in CODEX_ERROR_CODES:
        return str(exc.code)
    if exc.error_type == "insufficient_quota":
        return "insufficient_quota"
    limited = exc.status == 429 or getattr(exc, "upstream_status", None) == 429
    return "rate_limit_exceeded" if limited else "server_error"


@dataclasses.dataclass(slots=True, eq=False)  # items compare by identity
class _Item:
    """An output item being streamed: ``kind`` is reasoning, message or call."""

    kind: str
    index: int
    id: str
    text: str = ""  # reasoning or message text, or call arguments
    call_id: str = ""
    name: str = ""
    custom: bool = False

    def done(self, status: str) -> dict[str, Any]:
        if self.kind == "reasoning":
            return _reasoning_item(self.id, self.text, status)
        if self.kind == "message":
            return _message_item(self.id, self.text, status)
        call = ToolCall(self.call_id, self.name, self.text)
        return _call_item(self.id, call, self.custom, status)


class ResponsesStreamEncoder:
    """Encode chunks as Responses streaming events (``event: <type>`` + ``data: {...}``).

    The stream: ``response.created``, ``response.in_progress``; then per output item
    ``response.output_item.added``, its deltas and ``response.output_item.done`` (messages
    add ``content_part``/``output_text`` events; reasoning adds ``reasoning_summary_part``/
    ``reasoning_summary_text`` events; function calls ``function_call_arguments``); finally
    ``response.completed`` (or ``response.incomplete``) carrying the whole response. Every
    event has ``type`` and an increasing ``sequence_number``. An item is closed when
    another kind of content starts; parallel calls stay open together until then.

    A custom tool call's input arrives as JSON (``{"input": ...}``) in pieces, so it is
    sent whole, as one ``response.custom_tool_call_input.delta`` when the call closes.

    Pass-through: a chunk with ``raw`` (an upstream Responses stream) is written unchanged;
    from then on chunks without ``raw`` and :meth:`finish` write nothing.

    Args:
        request_id: the response id (``resp_`` is prefixed when missing).
        request: the parsed request (its settings are echoed; custom tools are looked up).
        model: the serving model name.

    """

    def __init__(self, request_id: str, request: Request, model: str):
        self.response_id = response_id(request_id)
        self._request = request
        self._model = model
        self._custom = custom_tool_names(request)
        self._created_at = int(time.time())
        self._sequence = 0
        self._started = False
        self._passthrough = False
        self._ended = False
        self._output: list[dict[str, Any]] = []  # closed items, by output index
        self._open: list[_Item] = []
        self._calls: dict[int, _Item] = {}  # ToolCallDelta.index -> item
        self._has_message = False
        self._finish_reason: str | None = None
        self._usage: Usage | None = None

    def _event(self, kind: str, **fields: Any) -> bytes:
        data = {"type": kind, "sequence_number": self._sequence, **fields}
        self._sequence += 1
        return sse.encode(json.dumps(data, separators=(",", ":")), kind)

    def _response(self, status: str, usage: Usage | None = None, **extra: Any) -> dict[str, Any]:
        return _response(
            self.response_id,
            self._created_at,
            self._request,
            self._model,
            status,
            list(self._output),
            usage,
            **extra,
        )

    def _start(self) -> bytes:
        if self._started:
            return b""
        self._started = True
        response = self._response("in_progress")
        return self._event("response.created", response=response) + self._event(
            "response.in_progress", response=response
        )

    def _open_item(self, kind: str, prefix: str, **fields: Any) -> tuple[_Item, bytes]:
        index = len(self._output) + len(self._open)
        item = _Item(kind, index, _item_id(prefix, self.response_id, index), **fields)
        self._open.append(item)
        out = self._event(
            "response.output_item.added", output_index=index, item=item.done("in_progress")
        )
        where = {"item_id": item.id, "output_index": index}
        if kind == "reasoning":
            part = {"type": "summary_text", "text": ""}
            out += self._event(
                "response.reasoning_summary_part.added", **where, summary_index=0, part=part
            )
        elif kind == "message":
            self._has_message = True
            out += self._event(
                "response.content_part.added", **where, content_index=0, part=_text_part("")
            )
        return item, out

    def _close(self, status: str = "completed") -> bytes:
        out = b""
        for item in self._open:
            where = {"item_id": item.id, "output_index": item.index}
            if item.kind == "reasoning":
                part = {"type": "summary_text", "text": item.text}
                out += self._event(
                    "response.reasoning_summary_text.done", **where, summary_index=0, text=item.text
                )
                out += self._event(
                    "response.reasoning_summary_part.done", **where, summary_index=0, part=part
                )
            elif item.kind == "message":
                out += self._event(
                    "response.output_text.done",
                    **where,
                    content_index=0,
                    text=item.text,
                    logprobs=[],
                )
                out += self._event(
                    "response.content_part.done",
                    **where,
                    content_index=0,
                    part=_text_part(item.text),
                )
            elif item.custom:
                text = custom_call_input(item.text) if item.text else ""
                if text:
                    out += self._event("response.custom_tool_call_input.delta", **where, delta=text)
                out += self._event("response.custom_tool_call_input.done", **where, input=text)
            else:
                out += self._event(
                    "response.function_call_arguments.done", **where, arguments=item.text
                )
            done = item.done(status)
            self._output.append(done)
            out += self._event("response.output_item.done", output_index=item.index, item=done)
        self._open.clear()
        return out

    def _text(self, kind: str, prefix: str, delta: str) -> bytes:
        out = b""
        if not (len(self._open) == 1 and self._open[0].kind == kind):
            out += self._close()
            out += self._open_item(kind, prefix)[1]
        item = self._open[0]
        item.text += delta
        where = {"item_id": item.id, "output_index": item.index}
        if kind == "reasoning":
            return out + self._event(
                "response.reasoning_summary_text.delta", **where, summary_index=0, delta=delta
            )
        return out + self._event(
            "response.output_text.delta", **where, content_index=0, delta=delta, logprobs=[]
        )

    def _tool_call(
        self, index: int, call_id: str | None, name: str | None, arguments: str
    ) -> bytes:
        out = b""
        item = self._calls.get(index)
        if item is None or item not in self._open or (call_id and call_id != item.call_id):
            if any(i.kind != "call" for i in self._open):
                out += self._close()
            name = name or ""
            custom = name in self._custom
            item, opened = self._open_item(
                "call",
                "ctc" if custom else "fc",
                call_id=call_id or new_call_id(),
                name=name,
                custom=custom,
            )
            self._calls[index] = item
            out += opened
        if arguments:
            item.text += arguments
            if not item.custom:
                where = {"item_id": item.id, "output_index": item.index}
                out += self._event(
                    "response.function_call_arguments.delta", **where, delta=arguments
                )
        return out

    def encode(self, chunk: Chunk) -> bytes:
        """Return the events for one chunk (the first chunk also starts the response)."""
        if chunk.raw:
            self._passthrough = True
            return chunk.raw
        if self._passthrough or self._ended:
            return b""
        out = self._start()
        self._finish_reason = chunk.finish_reason or self._finish_reason
        self._usage = chunk.usage or self._usage
        if chunk.thinking:
            out += self._text("reasoning", "rs", chunk.thinking)
        if chunk.text:
            out += self._text("message", "msg", chunk.text)
        for delta in chunk.tool_calls:
            out += self._tool_call(delta.index, delta.id, delta.name, delta.arguments)
        return out

    def finish(self, finish_reason: str | None = None, usage: Usage | None = None) -> bytes:
        """Return the closing events and ``response.completed`` (``incomplete`` on length).

        Args:
            finish_reason: the answer's finish reason; None uses the last chunk's.
            usage: the call's usage; None uses the last chunk's (else zeros).

        """
        if self._passthrough or self._ended:
            return b""
        self._ended = True
        out = self._start()
        if not self._has_message and not self._calls:  # an empty answer is an empty message
            out += self._close()
            out += self._open_item("message", "msg")[1]
        status, reason = _status(finish_reason or self._finish_reason or "stop")
        out += self._close("completed" if status == "completed" else "incomplete")
        response = self._response(status, usage or self._usage or Usage(), reason=reason)
        return out + self._event(f"response.{status}", response=response)

    def error(self, exc: SidecarError) -> bytes:
        """Return ``response.failed`` for an error mid-stream (open items end incomplete).

        ``error.code`` is ``rate_limit_exceeded`` for a 429, ``context_length_exceeded`` or
        ``insufficient_quota`` when the error says so (Codex then compacts or stops instead
        of retrying; these two are outside the SDK's list of codes), else ``server_error``.
        """
        if self._ended:
            return b""
        self._ended = True
        out = b"" if self._passthrough else self._start() + self._close("incomplete")
        error = {"code": _error_code(exc), "message": exc.message}
        return out + self._event("response.failed", response=self._response("failed", error=error))
