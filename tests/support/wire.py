"""Reply shapes of the three wire APIs, shared by the capture and scripted test servers.

:class:`Recorded` is one request as a server saw it. Each builder returns plain JSON-able dicts in the vendor's documented shape:

- Anthropic Messages: :func:`anthropic_message` and the SSE events of the same message,
  :func:`anthropic_events` (``message_start``, per block ``content_block_start`` /
  ``content_block_delta`` (``text_delta`` or ``input_json_delta``) /
  ``content_block_stop``, ``message_delta``, ``message_stop``).
- OpenAI Responses: :func:`responses_object` and :func:`responses_events`
  (``response.created``, ``response.in_progress``, per item ``response.output_item.added``,
  text or function-call argument deltas, ``response.output_item.done``, then
  ``response.completed`` carrying the full response object).
- OpenAI chat completions: :func:`chat_completion` and :func:`chat_chunks` (deltas with
  ``content`` or ``tool_calls``; the caller writes ``data: [DONE]``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass
class Recorded:
    """One request as the client sent it."""

    method: str
    path: str
    """Path with its query string, e.g. ``/v1/messages?beta=true``."""
    headers: dict[str, str]
    body: Any
    """The parsed JSON body, the raw text if it is not JSON, or ``None`` if empty."""

    def as_json(self) -> dict[str, Any]:
        """The fixture line: ``{"method", "path", "headers", "body"}``."""
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body,
        }


async def record(request: web.Request) -> Recorded:
    """Read ``request`` whole into a :class:`Recorded`."""
    raw = await request.read()
    body: Any = None
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
    return Recorded(request.method, request.path_qs, dict(request.headers), body)


def new_id(prefix: str) -> str:
    """A fresh id in the vendor's style, e.g. ``msg_0123…``."""
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


def estimate_tokens(body: Mapping[str, Any]) -> int:
    """A rough prompt size: four characters of the JSON body a token."""
    return max(1, len(json.dumps(body)) // 4)


def pieces(text: str, size: int = 12) -> list[str]:
    """``text`` cut into chunks of ``size`` characters (one empty chunk for empty text)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def models_list(ids: Sequence[str]) -> dict[str, Any]:
    """A model list both OpenAI (``object``, ``owned_by``) and Anthropic clients read."""
    data = [
        {
            "id": model,
            "object": "model",
            "type": "model",
            "created": 0,
            "created_at": "2025-01-01T00:00:00Z",
            "owned_by": "test",
            "display_name": model,
        }
        for model in ids
    ]
    return {
        "object": "list",
        "data": data,
        "has_more": False,
        "first_id": ids[0] if ids else None,
        "last_id": ids[-1] if ids else None,
    }


def openai_error(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
    """OpenAI's error body."""
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


async def open_sse(request: web.Request) -> web.StreamResponse:
    """Start a ``text/event-stream`` answer."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await response.prepare(request)
    return response


async def send_event(response: web.StreamResponse, event: Mapping[str, Any], named: bool) -> None:
    """Write one SSE event; ``named`` adds the ``event: <type>`` line (Anthropic, Responses)."""
    head = f"event: {event['type']}\n" if named else ""
    await response.write(f"{head}data: {json.dumps(event)}\n\n".encode())


# --- Anthropic Messages ------------------------------------------------------------------


def anthropic_message(
    model: str, blocks: Sequence[Mapping[str, Any]], stop_reason: str, usage: Mapping[str, int]
) -> dict[str, Any]:
    """A complete (non-streamed) Messages API reply."""
    return {
        "id": new_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": list(blocks),
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": usage["input_tokens"],
            "output_tokens": usage["output_tokens"],
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def anthropic_events(
    model: str, blocks: Sequence[Mapping[str, Any]], stop_reason: str, usage: Mapping[str, int]
) -> Iterator[dict[str, Any]]:
    """The SSE events of :func:`anthropic_message`; ``tool_use`` input goes as JSON deltas."""
    start = anthropic_message(model, [], stop_reason, usage)
    start["stop_reason"] = None
    start["usage"] = dict(start["usage"], output_tokens=1)
    yield {"type": "message_start", "message": start}
    yield {"type": "ping"}
    for index, block in enumerate(blocks):
        if block["type"] == "tool_use":
            opening = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            yield {"type": "content_block_start", "index": index, "content_block": opening}
            for part in pieces(json.dumps(block["input"])):
                delta = {"type": "input_json_delta", "partial_json": part}
                yield {"type": "content_block_delta", "index": index, "delta": delta}
        else:
            opening = {"type": "text", "text": ""}
            yield {"type": "content_block_start", "index": index, "content_block": opening}
            for part in pieces(block["text"]):
                delta = {"type": "text_delta", "text": part}
                yield {"type": "content_block_delta", "index": index, "delta": delta}
        yield {"type": "content_block_stop", "index": index}
    yield {
        "type": "message_delta",
        "delta": {"stop_reason": stop_reason, "stop_sequence": None},
        "usage": {"output_tokens": usage["output_tokens"]},
    }
    yield {"type": "message_stop"}


# --- OpenAI Responses --------------------------------------------------------------------


def responses_usage(input_tokens: int, output_tokens: int) -> dict[str, Any]:
    """Responses API usage with its detail objects."""
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


def responses_message_item(text: str) -> dict[str, Any]:
    """A completed assistant ``message`` output item."""
    return {
        "id": new_id("msg"),
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def responses_function_call_item(name: str, arguments: str, call_id: str) -> dict[str, Any]:
    """A completed ``function_call`` output item (``arguments`` is a JSON string)."""
    return {
        "id": new_id("fc"),
        "type": "function_call",
        "status": "completed",
        "name": name,
        "arguments": arguments,
        "call_id": call_id,
    }


def responses_custom_call_item(name: str, text: str, call_id: str) -> dict[str, Any]:
    """A completed ``custom_tool_call`` output item: a freeform tool's raw ``input`` text."""
    return {
        "id": new_id("ctc"),
        "type": "custom_tool_call",
        "status": "completed",
        "name": name,
        "input": text,
        "call_id": call_id,
    }


def responses_object(
    model: str,
    output: Sequence[Mapping[str, Any]],
    usage: Mapping[str, Any] | None,
    created_at: float,
    status: str = "completed",
    response_id: str | None = None,
) -> dict[str, Any]:
    """A full Responses API ``response`` object."""
    return {
        "id": response_id or new_id("resp"),
        "object": "response",
        "created_at": int(created_at),
        "status": status,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "model": model,
        "output": list(output),
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "store": False,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}},
        "tool_choice": "auto",
        "tools": [],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": usage,
        "metadata": {},
    }


def responses_events(
    model: str,
    output: Sequence[Mapping[str, Any]],
    usage: Mapping[str, Any],
    created_at: float,
) -> Iterator[dict[str, Any]]:
    """The SSE events that build ``output`` item by item, ending in ``response.completed``."""
    response_id = new_id("resp")
    seq = 0

    def event(kind: str, **fields: Any) -> dict[str, Any]:
        nonlocal seq
        seq += 1
        return {"type": kind, "sequence_number": seq - 1, **fields}

    pending = responses_object(model, [], None, created_at, "in_progress", response_id)
    yield event("response.created", response=pending)
    yield event("response.in_progress", response=pending)
    for index, item in enumerate(output):
        item_id = item["id"]
        if item["type"] in ("function_call", "custom_tool_call"):
            field, kind = (
                ("arguments", "function_call_arguments")
                if item["type"] == "function_call"
                else ("input", "custom_tool_call_input")
            )
            yield event(
                "response.output_item.added",
                output_index=index,
                item={**item, field: "", "status": "in_progress"},
            )
            where = {"item_id": item_id, "output_index": index}
            for part in pieces(item[field]):
                yield event(f"response.{kind}.delta", delta=part, **where)
            yield event(f"response.{kind}.done", **{field: item[field]}, **where)
        else:
            text = "".join(part["text"] for part in item["content"])
            yield event(
                "response.output_item.added",
                output_index=index,
                item=dict(item, content=[], status="in_progress"),
            )
            empty = {"type": "output_text", "text": "", "annotations": []}
            where = {"item_id": item_id, "output_index": index, "content_index": 0}
            yield event("response.content_part.added", part=empty, **where)
            for part in pieces(text):
                yield event("response.output_text.delta", delta=part, logprobs=[], **where)
            yield event("response.output_text.done", text=text, logprobs=[], **where)
            yield event("response.content_part.done", part=item["content"][0], **where)
        yield event("response.output_item.done", output_index=index, item=item)
    done = responses_object(model, output, usage, created_at, "completed", response_id)
    yield event("response.completed", response=done)


# --- OpenAI chat completions -------------------------------------------------------------


def chat_usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    """Chat completions usage."""
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def chat_completion(
    model: str, message: Mapping[str, Any], finish_reason: str, usage: Mapping[str, int]
) -> dict[str, Any]:
    """A complete (non-streamed) chat completion with one choice."""
    return {
        "id": new_id("chatcmpl"),
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": dict(message), "finish_reason": finish_reason}],
        "usage": dict(usage),
    }


def chat_chunks(
    model: str,
    message: Mapping[str, Any],
    finish_reason: str,
    usage: Mapping[str, int] | None,
) -> Iterator[dict[str, Any]]:
    """The ``chat.completion.chunk`` objects of ``message``: role, then content or tool-call
    deltas (name and id first, arguments in pieces), then ``finish_reason``, then usage alone
    when ``usage`` is given (``stream_options.include_usage``)."""
    chunk_id = new_id("chatcmpl")

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return {
            "id": chunk_id,
            "object": "chat.completion.chunk",
            "created": 0,
            "model": model,
            "choices": [choice],
        }

    yield chunk({"role": "assistant", "content": ""})
    if message.get("content"):
        for part in pieces(str(message["content"])):
            yield chunk({"content": part})
    for index, call in enumerate(message.get("tool_calls") or []):
        # A function call streams "arguments"; a custom (freeform) tool call streams "input".
        kind = call["type"]
        field = "arguments" if kind == "function" else "input"
        head = {
            "index": index,
            "id": call["id"],
            "type": kind,
            kind: {"name": call[kind]["name"], field: ""},
        }
        yield chunk({"tool_calls": [head]})
        for part in pieces(call[kind][field]):
            yield chunk({"tool_calls": [{"index": index, kind: {field: part}}]})
    yield chunk({}, finish_reason)
    if usage is not None:
        last = chunk({})
        last["choices"] = []
        last["usage"] = dict(usage)
        yield last
