"""OpenAI Chat Completions and legacy Completions: parse requests, render answers.

Shapes follow the OpenAI API reference: "Create chat completion" (``/v1/chat/completions``,
objects ``chat.completion`` and ``chat.completion.chunk``) and "Create completion"
(``/v1/completions``, object ``text_completion``; ``suffix`` makes it fill-in-the-middle).
Validation errors raise :class:`~sidecar.errors.RequestError` naming the field at fault.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sidecar.errors import RequestError
from sidecar.request import Chunk, Endpoint, Message, Request, Result, Usage

# OpenAI allows 4; editors (Continue, llama.vscode) send more, and llama.cpp takes any number.
MAX_STOP_SEQUENCES = 32
ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})


def _field_error(param: str, message: str) -> RequestError:
    return RequestError(f"Invalid '{param}': {message}", param=param, code="invalid_value")


def _content_text(content: Any, param: str) -> str:
    """Flatten OpenAI message content (string, None, or a list of parts) to text."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for i, part in enumerate(content):
            if not isinstance(part, dict) or not isinstance(part.get("type"), str):
                raise _field_error(
                    f"{param}[{i}]", "each content part must be an object with a type"
                )
            if part["type"] in ("text", "input_text", "output_text"):
                text = part.get("text")
                if not isinstance(text, str):
                    raise _field_error(f"{param}[{i}].text", "expected a string")
                texts.append(text)
        return "\n".join(texts)
    raise _field_error(param, "expected a string or an array of content parts")


def _optional_number(body: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _field_error(key, f"expected a number between {low:g} and {high:g}")
    return float(value)


def _max_tokens(body: dict[str, Any]) -> int | None:
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _field_error(key, "expected a positive integer")
        return value
    return None


def _stop(body: dict[str, Any]) -> tuple[str, ...]:
    stop = body.get("stop")
    if stop is None:
        return ()
    if isinstance(stop, str):
        return (stop,)
    if (
        isinstance(stop, list)
        and len(stop) <= MAX_STOP_SEQUENCES
        and all(isinstance(s, str) for s in stop)
    ):
        return tuple(stop)
    raise _field_error("stop", f"expected a string or up to {MAX_STOP_SEQUENCES} strings")


def _common(body: dict[str, Any]) -> dict[str, Any]:
    model = body.get("model", "sidecar/auto")
    if not isinstance(model, str) or not model:
        raise _field_error("model", "expected a non-empty string")
    n = body.get("n", 1)
    if n != 1:
        raise RequestError("Only n=1 is supported.", param="n", code="unsupported_value")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise _field_error("stream", "expected a boolean")
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise _field_error("stream_options", "expected an object")
    user = body.get("user")
    if user is not None and not isinstance(user, str):
        raise _field_error("user", "expected a string")
    return {
        "model": model,
        "max_tokens": _max_tokens(body),
        "temperature": _optional_number(body, "temperature", 0.0, 2.0),
        "top_p": _optional_number(body, "top_p", 0.0, 1.0),
        "stop": _stop(body),
        "stream": stream,
        "include_usage": bool(options and options.get("include_usage")),
        "user": user,
        "body": body,
    }


def _require_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.", code="invalid_json")
    return body


def parse_chat(body: Any) -> Request:
    """Parse a ``/v1/chat/completions`` body.

    Raises:
        RequestError: missing or ill-typed fields (``messages``, ``model``, ``n`` ...).

    """
    body = _require_object(body)
    raw_messages = body.get("messages")
    if raw_messages is None:
        raise RequestError(
            "Missing required parameter: 'messages'.",
            param="messages",
            code="missing_required_parameter",
        )
    if not isinstance(raw_messages, list) or not raw_messages:
        raise _field_error("messages", "expected a non-empty array of messages")
    messages = []
    for i, raw in enumerate(raw_messages):
        if not isinstance(raw, dict):
            raise _field_error(f"messages[{i}]", "expected an object")
        role = raw.get("role")
        if role not in ROLES:
            raise _field_error(f"messages[{i}].role", f"expected one of {sorted(ROLES)}")
        messages.append(Message(role, _content_text(raw.get("content"), f"messages[{i}].content")))
    return Request(endpoint=Endpoint.CHAT, messages=tuple(messages), **_common(body))


def parse_completions(body: Any) -> Request:
    """Parse a ``/v1/completions`` body; ``suffix`` makes it fill-in-the-middle.

    Raises:
        RequestError: ``prompt`` missing or not a string (or a one-string array).

    """
    body = _require_object(body)
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if prompt is None:
        raise RequestError(
            "Missing required parameter: 'prompt'.",
            param="prompt",
            code="missing_required_parameter",
        )
    if not isinstance(prompt, str):
        raise _field_error("prompt", "expected a string")
    suffix = body.get("suffix")
    if suffix is not None and not isinstance(suffix, str):
        raise _field_error("suffix", "expected a string")
    return Request(
        endpoint=Endpoint.COMPLETIONS, prompt=prompt, suffix=suffix or None, **_common(body)
    )


def chat_response(
    request_id: str, result: Result, usage: Usage, info: dict[str, Any]
) -> dict[str, Any]:
    """Return a ``chat.completion`` object."""
    return {
        "id": request_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": result.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": result.text},
            "logprobs": None,
            "finish_reason": result.finish_reason,
        }],
        "usage": usage.as_openai(),
        "sidecar": info,
    }  # fmt: skip


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

    def _event(self, choices: str, extra: str = "") -> bytes:
        return f'data: {self._head}{extra}"choices":{choices}}}\n\n'.encode()

    def encode(self, chunk: Chunk) -> bytes:
        """Return the event bytes for one chunk (several events for the last one)."""
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
        if chunk.text:
            text = json.dumps(chunk.text)
            if self.chat:
                out += self._event(
                    f'[{{"index":0,"delta":{{"content":{text}}},'
                    '"logprobs":null,"finish_reason":null}]'
                )
            else:
                out += self._event(
                    f'[{{"index":0,"text":{text},"logprobs":null,"finish_reason":null}}]'
                )
        if chunk.finish_reason:
            reason = json.dumps(_openai_finish(chunk.finish_reason))
            delta = '"delta":{},' if self.chat else '"text":"",'
            out += self._event(f'[{{"index":0,{delta}"logprobs":null,"finish_reason":{reason}}}]')
        return out

    def usage(self, usage: Usage) -> bytes:
        """Return the usage event (only when the client asked with ``include_usage``)."""
        if not self.include_usage:
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
