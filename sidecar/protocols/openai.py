"""OpenAI Chat Completions and legacy Completions: parse requests, render answers.

Shapes follow the OpenAI API reference: "Create chat completion" (``/v1/chat/completions``,
objects ``chat.completion`` and ``chat.completion.chunk``) and "Create completion"
(``/v1/completions``, object ``text_completion``; ``suffix`` makes it fill-in-the-middle).
Validation errors raise :class:`~sidecar.errors.RequestError` naming the field at fault.
A body first goes through :func:`sidecar.protocols.inbound.request_object` (nesting bounded,
lone surrogates replaced); its scalar fields are checked by a pydantic model of the shape,
messages and tools by hand, so that part types sidecar does not use are skipped, not refused.

Both directions live here: the client side (``parse_chat``, ``chat_response``,
:class:`StreamEncoder`) and the upstream side, for talking to an OpenAI-compatible gateway
(``to_chat_body``, ``parse_chat_body``, :class:`ChatStreamParser`).

Custom (free-form) tools, Chat ``{"type": "custom"}`` and Responses ``custom``, have no
JSON arguments. Internally a custom tool is a function taking one string, ``input``
(:func:`custom_tool_parameters`), and its call's ``arguments`` are
``json.dumps({"input": <text>})`` (:func:`custom_call_arguments`); a surface that knows the
tool was declared custom reverses it with :func:`custom_call_input`.

Thinking travels as ``reasoning_content`` (the field DeepSeek, vLLM, llama.cpp's server and
LiteLLM use; OpenAI's own Chat API returns no reasoning text).
"""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, Field

from sidecar.errors import GatewayError, RequestError
from sidecar.protocols.inbound import (
    STRICT,
    NonEmpty,
    StopSequences,
    Temperature,
    TokenLimit,
    TopP,
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

# OpenAI allows 4; editors (Continue, llama.vscode) send more, and llama.cpp takes any number.
MAX_STOP_SEQUENCES = 32
ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
TOOL_CHOICES = frozenset({"auto", "none", "required"})
TEXT_PARTS = frozenset({"text", "input_text", "output_text"})
# Upstream error messages longer than this (characters) are cut.
MAX_ERROR_MESSAGE = 500


def optional_string(body: dict[str, Any], key: str, param: str | None = None) -> str | None:
    """Return ``body[key]`` if it is a string, None when absent; raise otherwise."""
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise field_error(param or key, "expected a string")
    return value


def new_call_id() -> str:
    """Return a fresh OpenAI-style tool call id, for calls that arrive without one."""
    return "call_" + uuid.uuid4().hex[:24]


# images ------------------------------------------------------------------------------


def image_from_url(url: str) -> Image:
    """Return an Image for a URL; a base64 ``data:`` URL is split into type and data."""
    if url.startswith("data:"):
        head, sep, data = url[5:].partition(",")
        if sep and head.endswith(";base64"):
            return Image(media_type=head.removesuffix(";base64"), data=data)
    return Image(url=url)


def image_url(image: Image) -> str:
    """Return an Image as a URL (base64 data becomes a ``data:`` URL)."""
    return image.url or f"data:{image.media_type or 'image/png'};base64,{image.data}"


def content_parts(content: Any, param: str) -> tuple[str, tuple[Image, ...]]:
    """Flatten message content (string, None, or a list of parts) to text and images.

    Text parts (``text``, Responses ``input_text``/``output_text``) are joined with
    newlines; image parts (Chat ``image_url`` with ``{"url"}`` or a string, Responses
    ``input_image`` with ``image_url``) become images; other parts (audio, files,
    refusals) are dropped.
    """
    if content is None:
        return "", ()
    if isinstance(content, str):
        return content, ()
    if not isinstance(content, list):
        raise field_error(param, "expected a string or an array of content parts")
    texts: list[str] = []
    images: list[Image] = []
    for i, part in enumerate(content):
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            raise field_error(f"{param}[{i}]", "each content part must be an object with a type")
        kind = part["type"]
        if kind in TEXT_PARTS:
            text = part.get("text")
            if not isinstance(text, str):
                raise field_error(f"{param}[{i}].text", "expected a string")
            texts.append(text)
        elif kind in ("image_url", "input_image"):
            url = part.get("image_url")
            if isinstance(url, dict):
                url = url.get("url")
            if isinstance(url, str) and url:
                images.append(image_from_url(url))
            elif kind == "image_url":  # input_image may name a file_id instead: dropped
                raise field_error(f"{param}[{i}].image_url", "expected a URL")
    return "\n".join(texts), tuple(images)


# tools -------------------------------------------------------------------------------


def custom_tool_parameters(fmt: Any) -> dict[str, Any]:
    """Return the JSON Schema standing in for a custom tool: one string, ``input``.

    ``fmt`` is the tool's ``format`` (Responses ``{"type": "grammar", "syntax",
    "definition"}``, Chat ``{"type": "grammar", "grammar": {...}}``, or ``text``); a
    grammar is quoted in the property's description so the model can follow it.
    """
    description = "The tool's whole input, as free-form text."
    if isinstance(fmt, dict) and fmt.get("type") == "grammar":
        nested = fmt.get("grammar")
        grammar: dict[str, Any] = nested if isinstance(nested, dict) else fmt
        definition = grammar.get("definition")
        if isinstance(definition, str) and definition:
            syntax = grammar.get("syntax") or "lark"
            description += f" It must match this {syntax} grammar:\n{definition}"
    return {
        "type": "object",
        "properties": {"input": {"type": "string", "description": description}},
        "required": ["input"],
        "additionalProperties": False,
    }


def custom_call_arguments(text: str) -> str:
    """Return a custom tool call's input as internal ``arguments``."""
    return json.dumps({"input": text})


def custom_call_input(arguments: str) -> str:
    """Return a custom tool call's input from internal ``arguments`` (the reverse).

    Arguments that are not ``{"input": <string>}`` (a model that ignored the schema) are
    returned unchanged.
    """
    try:
        value = json.loads(arguments)
    except ValueError:
        return arguments
    if isinstance(value, dict) and isinstance(value.get("input"), str):
        return str(value["input"])
    return arguments


def require_name(obj: Any, param: str) -> str:
    """Return ``obj["name"]``, a non-empty string, else raise RequestError naming ``param``."""
    name = obj.get("name") if isinstance(obj, dict) else None
    if not isinstance(name, str) or not name:
        raise field_error(param, "expected a non-empty string")
    return name


def function_tool(fn: Any, param: str) -> Tool:
    """Return the Tool for a function spec ``{"name", "description", "parameters"}``."""
    if not isinstance(fn, dict):
        raise field_error(param, "expected an object")
    parameters = fn.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise field_error(f"{param}.parameters", "expected a JSON Schema object")
    description = optional_string(fn, "description", f"{param}.description")
    return Tool(require_name(fn, f"{param}.name"), description or "", parameters or {})


def _chat_tools(body: dict[str, Any]) -> tuple[Tool, ...]:
    legacy = body.get("tools") is None and body.get("functions") is not None
    key = "functions" if legacy else "tools"
    raw = body.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise field_error(key, "expected an array of tools")
    tools = []
    for i, item in enumerate(raw):
        param = f"{key}[{i}]"
        if legacy:
            tools.append(function_tool(item, param))
            continue
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "function":
            tools.append(function_tool(item.get("function"), f"{param}.function"))
        elif kind == "custom":  # {"type": "custom", "custom": {name, description, format}}
            spec = item.get("custom") if isinstance(item.get("custom"), dict) else item
            description = optional_string(spec, "description", f"{param}.custom.description")
            parameters = custom_tool_parameters(spec.get("format"))
            tools.append(
                Tool(require_name(spec, f"{param}.custom.name"), description or "", parameters)
            )
        else:
            raise field_error(f"{param}.type", "expected 'function' or 'custom'")
    return tuple(tools)


def parse_tool_choice(value: Any, param: str) -> str | None:
    """Return ``tool_choice`` as ``auto``/``none``/``required``, a tool name, or None.

    Accepts Chat (``{"type": "function", "function": {"name"}}``, ``{"type": "custom",
    "custom": {"name"}}``, ``{"type": "allowed_tools", "allowed_tools": {"mode"}}``) and
    Responses shapes (the same, flat: ``{"type": "function", "name"}``). ``allowed_tools``
    keeps only its mode; a hosted tool type (``file_search``, ``web_search`` ...), which
    sidecar does not run, means ``auto``.
    """
    if value is None:
        return None
    if isinstance(value, str) and value in TOOL_CHOICES:
        return value
    kind = value.get("type") if isinstance(value, dict) else None
    if kind in ("function", "custom"):
        assert isinstance(value, dict)
        inner = value.get(kind)
        return require_name(inner if isinstance(inner, dict) else value, f"{param}.name")
    if kind == "allowed_tools":
        assert isinstance(value, dict)
        inner = value.get("allowed_tools")
        mode = (inner if isinstance(inner, dict) else value).get("mode")
        if mode not in ("auto", "required"):
            raise field_error(f"{param}.mode", "expected 'auto' or 'required'")
        return str(mode)
    if isinstance(kind, str):
        return "auto"
    raise field_error(param, "expected 'auto', 'none', 'required' or a named tool")


def _legacy_function_call(value: Any) -> str | None:
    if isinstance(value, dict):
        return require_name(value, "function_call.name")
    if value in ("auto", "none"):
        return str(value)
    if value is None:
        return None
    raise field_error("function_call", "expected 'auto', 'none' or {'name': ...}")


def _arguments(value: Any, param: str) -> str:
    if value is None:
        return "{}"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):  # some clients send the object itself
        return json.dumps(value)
    raise field_error(param, "expected a JSON string")


def _tool_calls(raw: Any, param: str) -> tuple[ToolCall, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise field_error(param, "expected an array of tool calls")
    calls = []
    for j, call in enumerate(raw):
        p = f"{param}[{j}]"
        if not isinstance(call, dict):
            raise field_error(p, "expected an object")
        call_id = call.get("id")
        if not isinstance(call_id, str) or not call_id:
            raise field_error(f"{p}.id", "expected a non-empty string")
        if call.get("type") == "custom":
            spec = call.get("custom")
            text = spec.get("input") if isinstance(spec, dict) else None
            if not isinstance(text, str):
                raise field_error(f"{p}.custom.input", "expected a string")
            calls.append(
                ToolCall(
                    call_id, require_name(spec, f"{p}.custom.name"), custom_call_arguments(text)
                )
            )
            continue
        fn = call.get("function")
        if not isinstance(fn, dict):
            raise field_error(f"{p}.function", "expected an object")
        arguments = _arguments(fn.get("arguments"), f"{p}.function.arguments")
        calls.append(ToolCall(call_id, require_name(fn, f"{p}.function.name"), arguments))
    return tuple(calls)


# requests ----------------------------------------------------------------------------


class _Parameters(BaseModel):
    """The scalar fields of a Chat Completions or Completions body."""

    model_config = STRICT
    model: NonEmpty = "sidecar/auto"
    max_completion_tokens: TokenLimit | None = None
    max_tokens: TokenLimit | None = None
    temperature: Temperature | None = None
    top_p: TopP = None
    stop: Annotated[StopSequences, Field(max_length=MAX_STOP_SEQUENCES)] | None = None
    n: int = 1
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    user: str | None = None


class _ChatParameters(_Parameters):
    prompt_cache_key: str | None = None


class _CompletionsParameters(_Parameters):
    suffix: str | None = None


def _common(params: _Parameters, body: dict[str, Any]) -> dict[str, Any]:
    """Return the Request fields both endpoints share."""
    if params.n != 1:
        raise RequestError("Only n=1 is supported.", param="n", code="unsupported_value")
    options = params.stream_options
    return {
        "model": params.model,
        "max_tokens": params.max_completion_tokens or params.max_tokens,
        "temperature": params.temperature,
        "top_p": params.top_p,
        "stop": tuple(params.stop or ()),
        "stream": params.stream,
        "include_usage": bool(options and options.get("include_usage")),
        "user": params.user,
        "body": body,
    }


def _chat_message(raw: Any, i: int, legacy_id: list[str]) -> Message:
    """Parse ``messages[i]``; ``legacy_id`` holds the id given to the last ``function_call``."""
    param = f"messages[{i}]"
    if not isinstance(raw, dict):
        raise field_error(param, "expected an object")
    role = raw.get("role")
    if not isinstance(role, str) or role not in ROLES:
        raise field_error(f"{param}.role", f"expected one of {sorted(ROLES)}")
    text, images = content_parts(raw.get("content"), f"{param}.content")
    if role == "tool":
        call_id = raw.get("tool_call_id")
        if not isinstance(call_id, str) or not call_id:
            raise field_error(f"{param}.tool_call_id", "expected a non-empty string")
        return Message("tool", text, tool_call_id=call_id, images=images)
    if role == "function":  # legacy: answers the assistant's last function_call
        return Message("tool", text, tool_call_id=legacy_id[0] if legacy_id else "call_0")
    calls = _tool_calls(raw.get("tool_calls"), f"{param}.tool_calls")
    function_call = raw.get("function_call")
    if role == "assistant" and isinstance(function_call, dict) and not calls:
        legacy_id[:] = [f"call_{i}"]
        arguments = _arguments(function_call.get("arguments"), f"{param}.function_call.arguments")
        calls = (
            ToolCall(
                legacy_id[0], require_name(function_call, f"{param}.function_call.name"), arguments
            ),
        )
    thinking = raw.get("reasoning_content") if role == "assistant" else None
    return Message(
        role,
        text,
        tool_calls=calls,
        images=images,
        thinking=thinking if isinstance(thinking, str) else "",
    )


def parse_chat(body: Any) -> Request:
    """Parse a ``/v1/chat/completions`` body.

    Besides text messages: ``tools`` (``function``; ``custom`` as a one-string function),
    ``tool_choice``, assistant ``tool_calls``, ``tool`` messages with ``tool_call_id``,
    ``image_url`` parts, an assistant's ``reasoning_content`` (thinking), and the legacy
    ``functions``/``function_call`` fields and ``function`` role (a legacy call gets the id
    ``call_<message index>``; a ``function`` message answers the last one).
    ``parallel_tool_calls`` is ignored; the session is ``prompt_cache_key``.

    Raises:
        RequestError: missing or ill-typed fields (``messages``, ``model``, ``n`` ...).

    """
    body = request_object(body)
    params = parameters(_ChatParameters, body)
    raw_messages = body.get("messages")
    if raw_messages is None:
        raise missing("messages")
    if not isinstance(raw_messages, list) or not raw_messages:
        raise field_error("messages", "expected a non-empty array of messages")
    legacy_id: list[str] = []
    messages = tuple(_chat_message(raw, i, legacy_id) for i, raw in enumerate(raw_messages))
    if "tool_choice" in body or "function_call" not in body:
        tool_choice = parse_tool_choice(body.get("tool_choice"), "tool_choice")
    else:
        tool_choice = _legacy_function_call(body.get("function_call"))
    return Request(
        endpoint=Endpoint.CHAT,
        messages=messages,
        tools=_chat_tools(body),
        tool_choice=tool_choice,
        response_format=parse_response_format(body.get("response_format"), "response_format"),
        session=params.prompt_cache_key,
        **_common(params, body),
    )


def parse_completions(body: Any) -> Request:
    """Parse a ``/v1/completions`` body; ``suffix`` makes it fill-in-the-middle.

    Raises:
        RequestError: ``prompt`` missing or not a string (or a one-string array).

    """
    body = request_object(body)
    params = parameters(_CompletionsParameters, body)
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if prompt is None:
        raise missing("prompt")
    if not isinstance(prompt, str):
        raise field_error("prompt", "expected a string")
    return Request(
        endpoint=Endpoint.COMPLETIONS,
        prompt=prompt,
        suffix=params.suffix or None,
        **_common(params, body),
    )


# answers to the client ---------------------------------------------------------------


def _call_json(call: ToolCall) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def _finish(result: Result) -> str:
    if result.tool_calls and result.finish_reason != "length":
        return "tool_calls"
    return _openai_finish(result.finish_reason)


def chat_response(
    request_id: str, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    """Return a ``chat.completion`` object.

    Tool calls become ``message.tool_calls`` (``content`` null when there is no text, finish
    reason ``tool_calls``); thinking becomes ``message.reasoning_content``. A pass-through
    ``result.raw`` is returned as the gateway sent it, with the ``sidecar`` field added.
    """
    if result.raw is not None:
        return {**result.raw, "sidecar": info}
    message: dict[str, Any] = {"role": "assistant", "content": result.text}
    if result.tool_calls:
        message["content"] = result.text or None
        calls = [c if c.id else dataclasses.replace(c, id=new_call_id()) for c in result.tool_calls]
        message["tool_calls"] = [_call_json(c) for c in calls]
    if result.thinking:
        message["reasoning_content"] = result.thinking
    return {
        "id": request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": result.model,
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": _finish(result)}
        ],
        "usage": usage.as_openai(),
        "sidecar": info,
    }


def completions_response(
    request_id: str, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    """Return a ``text_completion`` object."""
    return {
        "id": request_id,
        "object": "text_completion",
        "created": int(time.time()),
        "model": result.model,
        "choices": [{
            "index": 0, "text": result.text, "logprobs": None,
            "finish_reason": result.finish_reason,
        }],
        "usage": usage.as_openai(),
        "sidecar": info,
    }  # fmt: skip


class StreamEncoder:
    """Encode chunks as OpenAI stream events (``data: {...}``), ending with ``[DONE]``.

    Each chunk gives at most one delta event (``reasoning_content``, ``content``,
    ``tool_calls``) and, on the last, a finish event. A tool call's ``id``, ``type`` and
    ``function.name`` go on its first delta only; a call that starts without an id gets
    one. Once a tool call was sent, finish reason ``stop`` is reported as ``tool_calls``.

    Pass-through: a chunk with ``raw`` is written unchanged. The upstream stream then owns
    the whole answer (its first event, finish and usage events): the encoder writes no
    first event of its own, ignores chunks without ``raw`` (their content came in the raw
    events), and :meth:`usage` writes nothing. Raw chunks must not carry the upstream
    ``[DONE]``; :meth:`done` writes it. The ``sidecar`` field is then absent.

    Args:
        endpoint: chat (``chat.completion.chunk``) or completions (``text_completion``).
        request_id: the ``id`` on every event.
        model: the serving model name.
        include_usage: emit a final usage event with empty ``choices``.
        info: the ``sidecar`` field, sent on the first event.

    """

    def __init__(
        self,
        endpoint: Endpoint,
        request_id: str,
        model: str,
        include_usage: bool,
        info: dict[str, Any],
    ):
        self.chat = endpoint is Endpoint.CHAT
        self.include_usage = include_usage
        self._head = (
            f'{{"id":{json.dumps(request_id)},"object":'
            f'"{"chat.completion.chunk" if self.chat else "text_completion"}",'
            f'"created":{int(time.time())},"model":{json.dumps(model)},'
        )
        self._info = info
        self._first = True
        self._passthrough = False
        self._calls: set[int] = set()

    def _event(self, choices: str, extra: str = "") -> bytes:
        return f'data: {self._head}{extra}"choices":{choices}}}\n\n'.encode()

    def _choice(self, delta: dict[str, Any]) -> bytes:
        body = json.dumps(delta) if self.chat else json.dumps(delta.get("content", ""))
        key = "delta" if self.chat else "text"
        return self._event(f'[{{"index":0,"{key}":{body},"logprobs":null,"finish_reason":null}}]')

    def _tool_call(self, delta: ToolCallDelta) -> dict[str, Any]:
        if delta.index in self._calls:
            return {"index": delta.index, "function": {"arguments": delta.arguments}}
        self._calls.add(delta.index)
        return {
            "index": delta.index,
            "id": delta.id or new_call_id(),
            "type": "function",
            "function": {"name": delta.name or "", "arguments": delta.arguments},
        }

    def encode(self, chunk: Chunk) -> bytes:
        """Return the event bytes for one chunk (several events for the first and last)."""
        if chunk.raw:
            self._first = False
            self._passthrough = True
            return chunk.raw
        if self._passthrough:
            return b""
        out = b""
        if self._first:
            self._first = False
            extra = f'"sidecar":{json.dumps(self._info)},'
            if self.chat:
                out += self._event(
                    '[{"index":0,"delta":{"role":"assistant","content":""},'
                    '"logprobs":null,"finish_reason":null}]',
                    extra,
                )
            else:
                out += self._event(
                    '[{"index":0,"text":"","logprobs":null,"finish_reason":null}]', extra
                )
        delta: dict[str, Any] = {}
        if chunk.thinking and self.chat:
            delta["reasoning_content"] = chunk.thinking
        if chunk.text:
            delta["content"] = chunk.text
        if chunk.tool_calls and self.chat:
            delta["tool_calls"] = [self._tool_call(d) for d in chunk.tool_calls]
        if delta:
            out += self._choice(delta)
        if chunk.finish_reason:
            reason = _openai_finish(chunk.finish_reason)
            if reason == "stop" and self._calls:
                reason = "tool_calls"
            empty = '"delta":{},' if self.chat else '"text":"",'
            out += self._event(f'[{{"index":0,{empty}"logprobs":null,"finish_reason":"{reason}"}}]')
        return out

    def usage(self, usage: Usage) -> bytes:
        """Return the usage event (only when the client asked with ``include_usage``)."""
        if not self.include_usage or self._passthrough:
            return b""
        return self._event("[]", f'"usage":{json.dumps(usage.as_openai())},')

    @staticmethod
    def done() -> bytes:
        """Return the terminating ``data: [DONE]`` event."""
        return b"data: [DONE]\n\n"

    @staticmethod
    def error(body: dict[str, Any]) -> bytes:
        """Return an error event (OpenAI sends ``{"error": {...}}`` as a data event)."""
        return f"data: {json.dumps(body)}\n\n".encode()


def _openai_finish(reason: str) -> str:
    return reason if reason in ("stop", "length", "tool_calls", "content_filter") else "stop"


# requests to an OpenAI-compatible gateway --------------------------------------------


def _message_json(message: Message) -> dict[str, Any]:
    if message.role == "tool":
        return {
            "role": "tool",
            "tool_call_id": message.tool_call_id or "",
            "content": message.content,
        }
    out: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.images and message.role == "user":
        parts: list[dict[str, Any]] = [
            {"type": "image_url", "image_url": {"url": image_url(i)}} for i in message.images
        ]
        if message.content:
            parts.append({"type": "text", "text": message.content})
        out["content"] = parts
    if message.tool_calls:
        out["content"] = message.content or None
        out["tool_calls"] = [_call_json(c) for c in message.tool_calls]
    return out


def _tool_json(tool: Tool) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name}
    if tool.description:
        function["description"] = tool.description
    if tool.parameters:
        function["parameters"] = tool.parameters
    return {"type": "function", "function": function}


def parse_response_format(value: Any, param: str) -> ResponseFormat | None:
    """Parse chat ``response_format`` or Responses ``text.format`` (None for free text).

    Chat nests the schema (``{"type": "json_schema", "json_schema": {"name", "schema",
    "strict"}}``); Responses does not (``{"type": "json_schema", "name", "schema",
    "strict"}``). ``{"type": "json_object"}`` asks for any JSON object, ``text`` for none.

    Raises:
        RequestError: not an object, an unknown ``type``, or a schema that is not an object.

    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise field_error(param, "expected an object")
    kind = value.get("type")
    if kind == "text":
        return None
    if kind == "json_object":
        return ResponseFormat()
    if kind != "json_schema":
        raise field_error(f"{param}.type", "expected 'text', 'json_object' or 'json_schema'")
    nested = value.get("json_schema")
    spec = nested if isinstance(nested, dict) else value
    schema = spec.get("schema")
    if schema is not None and not isinstance(schema, dict):
        raise field_error(f"{param}.schema", "expected a JSON Schema object")
    if schema:
        check_schema(schema, f"{param}.schema")
    name = spec.get("name")
    return ResponseFormat(
        schema=schema if schema is not None else {},
        name=name if isinstance(name, str) else "",
        strict=spec.get("strict") is True,
    )


def response_format_json(response_format: ResponseFormat) -> dict[str, Any]:
    """Return chat ``response_format`` for a :class:`ResponseFormat` (OpenAI API reference)."""
    if response_format.schema is None:
        return {"type": "json_object"}
    spec: dict[str, Any] = {"name": response_format.name or "output"}
    spec["schema"] = response_format.schema
    if response_format.strict:
        spec["strict"] = True
    return {"type": "json_schema", "json_schema": spec}


def to_chat_body(request: Request, model: str, stream: bool) -> dict[str, Any]:
    """Return a ``/chat/completions`` body for an internal request of any shape.

    For a gateway that speaks only Chat Completions when the client spoke Anthropic
    Messages or Responses. Roles are kept (``developer`` too); images become ``image_url``
    parts with ``data:`` URLs, placed before the text; thinking, ``is_error`` and images
    outside user messages are dropped (Chat has no place for them). ``max_tokens`` rather than
    ``max_completion_tokens``, which LiteLLM, vLLM and llama.cpp's server all take;
    ``tool_choice`` only with tools (OpenAI refuses it alone). The caller sets ``user``.
    """
    body: dict[str, Any] = {
        "model": model,
        "messages": [_message_json(m) for m in request.messages],
    }
    if request.tools:
        body["tools"] = [_tool_json(t) for t in request.tools]
        if request.tool_choice in TOOL_CHOICES:
            body["tool_choice"] = request.tool_choice
        elif request.tool_choice:
            body["tool_choice"] = {"type": "function", "function": {"name": request.tool_choice}}
    if request.max_tokens is not None:
        body["max_tokens"] = request.max_tokens
    if request.temperature is not None:
        body["temperature"] = request.temperature
    if request.top_p is not None:
        body["top_p"] = request.top_p
    if request.stop:
        body["stop"] = list(request.stop)
    if request.response_format is not None:
        body["response_format"] = response_format_json(request.response_format)
    body["stream"] = stream
    if stream:
        body["stream_options"] = {"include_usage": True}
    return body


def cache_marks(body: Any) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Return the prompt-cache breakpoints a client set in a Chat Completions body.

    OpenAI caches prefixes on its own (OpenAI prompt caching guide); clients written for
    gateways that front Anthropic models (LiteLLM, OpenRouter) mark breakpoints as
    Anthropic does, with ``cache_control`` on a content part, on a message, or on a tool.
    Returned by position, for :func:`sidecar.protocols.anthropic.to_messages_body`:
    (tool index -> ``cache_control``, message index -> the last ``cache_control`` in that
    message), each a copy. Entries that are not objects are ignored.
    """
    tools: dict[int, dict[str, Any]] = {}
    messages: dict[int, dict[str, Any]] = {}
    if not isinstance(body, dict):
        return tools, messages
    raw_tools = body.get("tools")
    for i, tool in enumerate(raw_tools if isinstance(raw_tools, list) else ()):
        function = tool.get("function") if isinstance(tool, dict) else None
        for holder in (tool, function):
            mark = holder.get("cache_control") if isinstance(holder, dict) else None
            if isinstance(mark, dict):
                tools[i] = dict(mark)
    raw_messages = body.get("messages")
    for i, message in enumerate(raw_messages if isinstance(raw_messages, list) else ()):
        if not isinstance(message, dict):
            continue
        content = message.get("content")
        for holder in [message, *(content if isinstance(content, list) else ())]:
            mark = holder.get("cache_control") if isinstance(holder, dict) else None
            if isinstance(mark, dict):
                messages[i] = dict(mark)
    return tools, messages


# answers from an OpenAI-compatible gateway -------------------------------------------


def _count(obj: Any, *keys: str) -> int:
    """Return the first of ``keys`` in ``obj`` that holds a non-negative number, else 0."""
    if not isinstance(obj, dict):
        return 0
    for key in keys:
        value = obj.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return 0


def _usage(raw: Any) -> Usage | None:
    """Read a gateway's ``usage`` object.

    Chat Completions: ``prompt_tokens`` (cache reads and writes included),
    ``completion_tokens`` and ``prompt_tokens_details.cached_tokens`` (OpenAI prompt
    caching guide). The Responses API's names are read too: ``input_tokens``,
    ``output_tokens``, ``input_tokens_details.cached_tokens``. Cache writes, which OpenAI
    does not report, are read where gateways put them for Anthropic models:
    ``prompt_tokens_details.cache_write_tokens`` (OpenRouter, Responses),
    ``prompt_tokens_details.cache_creation_tokens`` or a top-level
    ``cache_creation_input_tokens`` (LiteLLM). Both cache counts are bounded by the prompt.
    """
    if not isinstance(raw, dict):
        return None
    details = raw.get("prompt_tokens_details") or raw.get("input_tokens_details")
    prompt = _count(raw, "prompt_tokens", "input_tokens")
    cached = min(_count(details, "cached_tokens"), prompt)
    written = _count(details, "cache_write_tokens", "cache_creation_tokens") or _count(
        raw, "cache_creation_input_tokens"
    )
    return Usage(
        prompt_tokens=prompt,
        completion_tokens=_count(raw, "completion_tokens", "output_tokens"),
        cached_tokens=cached,
        cache_write_tokens=min(written, prompt - cached),
    )


def _upstream_error(data: dict[str, Any]) -> GatewayError:
    error = data.get("error")
    message = error.get("message") if isinstance(error, dict) else error
    text = str(message or error)[:MAX_ERROR_MESSAGE]
    return GatewayError(f"gateway error: {text}", upstream_status=None, retryable=False)


def _thinking(obj: dict[str, Any]) -> str:
    """Return reasoning text: ``reasoning_content`` (DeepSeek, vLLM) or ``reasoning``."""
    for key in ("reasoning_content", "reasoning"):
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _upstream_finish(reason: Any, has_calls: bool) -> str:
    reason = "tool_calls" if reason == "function_call" else (reason or "stop")
    # Some providers behind LiteLLM answer tool calls with "stop".
    return "tool_calls" if has_calls and reason == "stop" else str(reason)


def _upstream_calls(message: dict[str, Any]) -> tuple[ToolCall, ...]:
    calls = []
    for call in message.get("tool_calls") or ():
        if not isinstance(call, dict):
            continue
        if call.get("type") == "custom" and isinstance(call.get("custom"), dict):
            spec = call["custom"]
            arguments = custom_call_arguments(str(spec.get("input") or ""))
        else:
            spec = call.get("function") or {}
            raw = spec.get("arguments")
            arguments = raw if isinstance(raw, str) else json.dumps(raw or {})
        calls.append(
            ToolCall(call.get("id") or new_call_id(), str(spec.get("name") or ""), arguments)
        )
    legacy = message.get("function_call")
    if not calls and isinstance(legacy, dict):
        calls.append(
            ToolCall(
                new_call_id(), str(legacy.get("name") or ""), str(legacy.get("arguments") or "{}")
            )
        )
    return tuple(calls)


def parse_chat_body(body: Any, completions: bool) -> Result:
    """Return the Result in a gateway's ``chat.completion`` (or ``text_completion``) body.

    ``model`` is the body's, or empty when it has none (the caller fills in its own name);
    ``raw`` is not set (the caller decides on pass-through).

    Raises:
        GatewayError: the body is an ``{"error": ...}`` object or has no choices.

    """
    if not isinstance(body, dict):
        raise GatewayError(
            "gateway answered with a non-object", upstream_status=None, retryable=False
        )
    choices = body.get("choices")
    if not choices or not isinstance(choices, list) or not isinstance(choices[0], dict):
        if "error" in body:
            raise _upstream_error(body)
        raise GatewayError(
            "gateway answered without choices", upstream_status=None, retryable=False
        )
    choice = choices[0]
    thinking = ""
    calls: tuple[ToolCall, ...] = ()
    if completions:
        text = choice.get("text") or ""
    else:
        message = choice.get("message") or {}
        content = message.get("content")
        if isinstance(content, list):  # some gateways answer with content parts
            content = "".join(str(p.get("text") or "") for p in content if isinstance(p, dict))
        text = content if isinstance(content, str) else ""
        thinking = _thinking(message)
        calls = _upstream_calls(message)
    return Result(
        text=text,
        finish_reason=_upstream_finish(choice.get("finish_reason"), bool(calls)),
        usage=_usage(body.get("usage")),
        model=str(body.get("model") or ""),
        tool_calls=calls,
        thinking=thinking,
    )


class ChatStreamParser:
    """Turn a gateway's ``chat.completion.chunk`` (or ``text_completion``) events into chunks.

    Feed each event's parsed JSON (not ``[DONE]``) to :meth:`feed`; after the stream ends,
    :meth:`finish` gives the last chunk. Tool-call deltas are renumbered so each call has
    one index and its id and name only on its first delta: a provider that repeats the id
    on every delta is tolerated, and one that reuses index 0 for parallel calls with new
    ids (seen behind LiteLLM) gets one index per id. A call without an id gets one.
    Custom tool calls (``{"type": "custom"}``, only on a pass-through of a Chat request that
    declared them) give their input pieces as they come, not wrapped in ``{"input"}``.

    Args:
        completions: the events are ``text_completion`` (legacy Completions).

    """

    def __init__(self, completions: bool):
        self.completions = completions
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self._count = 0
        self._calls: dict[int, tuple[str, int]] = {}  # upstream index -> (id, our index)

    def _call_delta(self, raw: Any, position: int) -> ToolCallDelta | None:
        if not isinstance(raw, dict):
            return None
        index = raw["index"] if isinstance(raw.get("index"), int) else position
        spec = raw.get("function") or raw.get("custom") or {}
        arguments = spec.get("arguments") or spec.get("input") or ""
        call_id = raw.get("id")
        known = self._calls.get(index)
        if known is not None and (not call_id or call_id == known[0]):
            return ToolCallDelta(known[1], arguments=arguments) if arguments else None
        ours = self._count
        self._count += 1
        call_id = call_id or new_call_id()
        self._calls[index] = (call_id, ours)
        return ToolCallDelta(ours, id=call_id, name=spec.get("name") or "", arguments=arguments)

    def feed(self, data: dict[str, Any]) -> list[Chunk]:
        """Return the chunks in one event; remember its finish reason and usage.

        Raises:
            GatewayError: the event is an error object (``{"error": ...}`` without choices).

        """
        if "error" in data and not data.get("choices"):
            raise _upstream_error(data)
        if data.get("usage"):
            self.usage = _usage(data["usage"])
        chunks = []
        for choice in data.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            if self.completions:
                chunk = Chunk(text=choice.get("text") or "")
            else:
                delta = choice.get("delta") or {}
                raw_calls = delta.get("tool_calls") or ()
                if isinstance(delta.get("function_call"), dict):  # legacy
                    raw_calls = [{"index": 0, "function": delta["function_call"]}]
                calls = [self._call_delta(c, i) for i, c in enumerate(raw_calls)]
                chunk = Chunk(
                    text=delta.get("content") or "",
                    thinking=_thinking(delta),
                    tool_calls=tuple(c for c in calls if c is not None),
                )
            if chunk.text or chunk.thinking or chunk.tool_calls:
                chunks.append(chunk)
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
        return chunks

    def finish(self) -> Chunk | None:
        """Return the last chunk (finish reason and usage), or None if no finish was seen."""
        if self.finish_reason is None:
            return None
        return Chunk(
            finish_reason=_upstream_finish(self.finish_reason, bool(self._calls)),
            usage=self.usage,
        )
