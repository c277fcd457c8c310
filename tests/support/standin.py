"""A stand-in for the company gateway: a real OpenAI- and Anthropic-compatible server.

It records every request it receives (path, headers, JSON body) and can be told to fail
the next requests: HTTP 500, 429 with ``Retry-After``, hang without answering, or cut a
stream after the first chunk. With ``tool_call`` set it answers with that function call
(OpenAI ``tool_calls`` / Anthropic ``tool_use``), streamed in argument fragments.
``/v1/messages`` answers in Anthropic's shape, with a thinking block when ``thinking``
is set.

With ``prompt_cache`` set it reports provider prompt caching as the providers do, tokens
estimated as characters / 4 (:class:`PromptCache`): OpenAI ``cached_tokens`` for the
longest prefix shared with an earlier request of the same ``prompt_cache_key`` (from 1024
tokens, in steps of 128), Anthropic ``cache_read_input_tokens`` for the longest prefix
cached at an earlier request's ``cache_control`` breakpoint within 20 blocks before one of
this request's breakpoints, and ``cache_creation_input_tokens`` for what this request adds
up to its last breakpoint. ``refuse_params`` makes it a strict gateway: a chat request
carrying one of those parameters gets OpenAI's 400 naming it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float
    raw: bytes = b""  # the body's bytes as sent


CHARS_PER_TOKEN = 4
OPENAI_CACHE_STEP = 128  # OpenAI caches prefixes in steps of 128 tokens past the minimum
ANTHROPIC_LOOKBACK = 20  # blocks before a breakpoint checked for an earlier cache entry


def _tokens(chars: int) -> int:
    return chars // CHARS_PER_TOKEN


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _without_mark(block: Any) -> Any:
    """A block as the provider caches it: ``cache_control`` is not content."""
    if not isinstance(block, dict):
        return block
    out = {k: v for k, v in block.items() if k != "cache_control"}
    if isinstance(out.get("content"), list):  # tool_result content blocks
        out["content"] = [_without_mark(inner) for inner in out["content"]]
    return out


def _marked(block: Any) -> bool:
    return isinstance(block, dict) and block.get("cache_control") is not None


@dataclass
class PromptCache:
    """What a provider's prompt cache holds; usage for each request it serves."""

    min_tokens: int = 1024
    openai: dict[str | None, list[str]] = field(default_factory=dict)
    anthropic: dict[str, int] = field(default_factory=dict)  # prefix digest -> tokens

    def openai_usage(self, body: dict[str, Any]) -> dict[str, Any]:
        """OpenAI: the prompt (tools, then messages) against earlier ones with the same key."""
        prompt = json.dumps([body.get("tools"), body.get("messages"), body.get("prompt")])
        seen = self.openai.setdefault(body.get("prompt_cache_key"), [])
        shared = _tokens(max((_common_prefix(prompt, old) for old in seen), default=0))
        cached = 0
        if shared >= self.min_tokens:
            cached = shared - (shared - self.min_tokens) % OPENAI_CACHE_STEP
        seen.append(prompt)
        prompt_tokens = max(1, _tokens(len(prompt)))
        return {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": 7,
            "total_tokens": prompt_tokens + 7,
            "prompt_tokens_details": {"cached_tokens": min(cached, prompt_tokens)},
        }

    def anthropic_usage(self, body: dict[str, Any]) -> dict[str, int]:
        """Anthropic: reads at earlier breakpoints, writes up to this request's last one."""
        blocks: list[tuple[str, bool]] = []  # (serialised block, carries a breakpoint)
        for tool in body.get("tools") or ():
            blocks.append(
                (json.dumps(["tool", _without_mark(tool)], sort_keys=True), _marked(tool))
            )
        system = body.get("system")
        if isinstance(system, str):
            system = [{"type": "text", "text": system}] if system else []
        for block in system or ():
            blocks.append(
                (json.dumps(["system", _without_mark(block)], sort_keys=True), _marked(block))
            )
        for message in body.get("messages") or ():
            content = message.get("content")
            if isinstance(content, str):  # the same prompt as one text block
                content = [{"type": "text", "text": content}]
            for j, block in enumerate(content or ()):
                head = [message.get("role"), j == 0, _without_mark(block)]
                blocks.append((json.dumps(head, sort_keys=True), _marked(block)))
        if body.get("cache_control") is not None and blocks:  # automatic caching
            blocks[-1] = (blocks[-1][0], True)
        digests, tokens, chars = [], [], 0
        running = hashlib.sha256()
        for text, _ in blocks:
            running.update(text.encode())
            chars += len(text)
            digests.append(running.hexdigest())
            tokens.append(_tokens(chars))
        total = max(1, tokens[-1] if tokens else 0)
        breakpoints = [i for i, (_, mark) in enumerate(blocks) if mark]
        read = 0
        for b in breakpoints:
            for j in range(b, max(-1, b - ANTHROPIC_LOOKBACK), -1):
                if digests[j] in self.anthropic:
                    read = max(read, tokens[j])
                    break
        written = 0
        for b in breakpoints:
            if tokens[b] >= self.min_tokens:
                self.anthropic[digests[b]] = tokens[b]
                written = max(written, tokens[b] - read)
        return {
            "input_tokens": total - read - written,
            "output_tokens": 7,
            "cache_read_input_tokens": read,
            "cache_creation_input_tokens": written,
        }


@dataclass
class Failure:
    kind: str  # "status" | "hang" | "cut"
    status: int = 500
    retry_after: str | None = None


@dataclass
class StandinGateway:
    """Serve canned answers; ``fail_next`` queues failures for the next requests."""

    reply: str = "Plan: 1. split the module 2. add tests"
    model: str = "gpt-5"
    chunks: int = 4
    received: list[Received] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    url: str = ""
    tool_call: tuple[str, dict[str, Any]] | None = None
    thinking: str = ""
    echo: bool = False  # reply with the last message's text, as a model repeating it would
    prompt_cache: bool = False  # report cached tokens as the providers do (PromptCache)
    cache: PromptCache = field(default_factory=PromptCache)
    refuse_params: tuple[str, ...] = ()  # chat parameters a strict gateway answers 400 to
    _runner: web.AppRunner | None = None

    def fail_next(
        self, kind: str, status: int = 500, retry_after: str | None = None, times: int = 1
    ) -> None:
        for _ in range(times):
            self.failures.append(Failure(kind, status, retry_after))

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._handle)
        app.router.add_post("/v1/completions", self._handle)
        app.router.add_post("/v1/messages", self._messages)
        app.router.add_get("/v1/models", self._models)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self.url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def usage(self) -> dict[str, Any]:
        return {
            "prompt_tokens": 42,
            "completion_tokens": 7,
            "total_tokens": 49,
            "prompt_tokens_details": {"cached_tokens": 10},
        }

    async def _models(self, request: web.Request) -> web.Response:
        """``GET /v1/models`` as OpenAI and LiteLLM answer it: 401 without a bearer key."""
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            error = {"message": "missing API key", "type": "invalid_request_error"}
            return web.json_response({"error": error}, status=401)
        model = {"id": self.model, "object": "model", "created": 0, "owned_by": "standin"}
        return web.json_response({"object": "list", "data": [model]})

    def _echo(self, body: Any) -> None:
        if not self.echo or not body.get("messages"):
            return
        content = body["messages"][-1].get("content")
        if isinstance(content, list):
            content = " ".join(b.get("text", "") for b in content if isinstance(b, dict))
        self.reply = str(content)

    async def _receive(self, request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        body: dict[str, Any] = json.loads(raw)
        self._echo(body)
        self.received.append(
            Received(request.path, dict(request.headers), body, time.monotonic(), raw)
        )
        return body

    def _refused(self, body: dict[str, Any]) -> web.Response | None:
        """OpenAI's answer to a parameter it does not know (as a strict gateway gives it)."""
        for name in self.refuse_params:
            if name in body:
                error = {
                    "message": f"Unrecognized request argument supplied: {name}",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
                return web.json_response({"error": error}, status=400)
        return None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await self._receive(request)
        refused = self._refused(body)
        if refused is not None:
            return refused
        failure = self.failures.popleft() if self.failures else None
        if failure and failure.kind == "status":
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return web.json_response(
                {
                    "error": {
                        "message": f"stand-in failure {failure.status}",
                        "type": "server_error",
                    }
                },
                status=failure.status,
                headers=headers,
            )
        if failure and failure.kind == "hang":
            await asyncio.sleep(3600)
        if failure and failure.kind == "shape":  # valid JSON, not a completion
            if body.get("stream"):
                response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
                await response.prepare(request)
                await response.write(b'data: {"choices": "none", "usage": 7}\n\n')
                await response.write(b"data: [DONE]\n\n")
                return response
            return web.json_response({"choices": [{"message": 42}], "usage": "lots"})
        chat = request.path.endswith("chat/completions")
        usage = self.cache.openai_usage(body) if self.prompt_cache else self.usage()
        if chat and self.tool_call is not None:
            return await self._openai_tool_call(request, body, usage)
        if not body.get("stream"):
            choice: dict[str, Any] = {"index": 0, "finish_reason": "stop"}
            if chat:
                choice["message"] = {"role": "assistant", "content": self.reply}
            else:
                choice["text"] = self.reply
            return web.json_response(
                {
                    "id": "up-1",
                    "object": "chat.completion" if chat else "text_completion",
                    "created": 0,
                    "model": self.model,
                    "choices": [choice],
                    "usage": usage,
                }
            )
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        words = self.reply.split(" ")
        step = max(1, len(words) // self.chunks)
        pieces = [" ".join(words[i : i + step]) + " " for i in range(0, len(words), step)]
        for index, piece in enumerate(pieces):
            delta = {"content": piece} if chat else None
            choice = (
                {"index": 0, "delta": delta, "finish_reason": None}
                if chat
                else {"index": 0, "text": piece, "finish_reason": None}
            )
            await response.write(f"data: {json.dumps({'choices': [choice]})}\n\n".encode())
            if failure and failure.kind == "cut" and index == 0:
                assert request.transport is not None
                request.transport.close()
                return response
        last = (
            {"index": 0, "delta": {}, "finish_reason": "stop"}
            if chat
            else {"index": 0, "text": "", "finish_reason": "stop"}
        )
        await response.write(f"data: {json.dumps({'choices': [last]})}\n\n".encode())
        if (body.get("stream_options") or {}).get("include_usage"):
            await response.write(
                f"data: {json.dumps({'choices': [], 'usage': usage})}\n\n".encode()
            )
        await response.write(b"data: [DONE]\n\n")
        return response

    async def _openai_tool_call(
        self, request: web.Request, body: dict[str, Any], usage: dict[str, Any]
    ) -> web.StreamResponse:
        assert self.tool_call is not None
        name, arguments = self.tool_call
        text = json.dumps(arguments)
        call = {"id": "call_up1", "type": "function", "function": {"name": name}}
        if not body.get("stream"):
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{**call, "function": {"name": name, "arguments": text}}],
            }
            return web.json_response({
                "id": "up-1", "object": "chat.completion", "created": 0, "model": self.model,
                "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                "usage": usage,
            })  # fmt: skip
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        half = len(text) // 2
        deltas = [
            {"index": 0, **call, "function": {"name": name, "arguments": ""}},
            {"index": 0, "function": {"arguments": text[:half]}},
            {"index": 0, "function": {"arguments": text[half:]}},
        ]
        for delta in deltas:
            choice = {"index": 0, "delta": {"tool_calls": [delta]}, "finish_reason": None}
            await response.write(f"data: {json.dumps({'choices': [choice]})}\n\n".encode())
        last = {"index": 0, "delta": {}, "finish_reason": "tool_calls"}
        await response.write(f"data: {json.dumps({'choices': [last]})}\n\n".encode())
        last_event = {"choices": [], "usage": usage}
        await response.write(f"data: {json.dumps(last_event)}\n\ndata: [DONE]\n\n".encode())
        return response

    def _anthropic_content(self) -> list[dict[str, Any]]:
        content: list[dict[str, Any]] = []
        if self.thinking:
            content.append({"type": "thinking", "thinking": self.thinking, "signature": "sig-1"})
        content.append({"type": "text", "text": self.reply})
        if self.tool_call is not None:
            name, arguments = self.tool_call
            content.append(
                {"type": "tool_use", "id": "toolu_up1", "name": name, "input": arguments}
            )
        return content

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        body = await self._receive(request)
        failure = self.failures.popleft() if self.failures else None
        if failure and failure.kind == "status":
            error = {"type": "error", "error": {"type": "api_error", "message": "stand-in"}}
            return web.json_response(error, status=failure.status)
        content = self._anthropic_content()
        stop = "tool_use" if self.tool_call is not None else "end_turn"
        usage = {
            "input_tokens": 30, "output_tokens": 7,
            "cache_read_input_tokens": 12, "cache_creation_input_tokens": 0,
        }  # fmt: skip
        if self.prompt_cache:
            usage = self.cache.anthropic_usage(body)
        message = {
            "id": "msg_up1", "type": "message", "role": "assistant", "model": body["model"],
            "content": content, "stop_reason": stop, "stop_sequence": None, "usage": usage,
        }  # fmt: skip
        if not body.get("stream"):
            return web.json_response(message)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)

        async def send(kind: str, data: dict[str, Any]) -> None:
            await response.write(f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode())

        start = {
            **message,
            "content": [],
            "stop_reason": None,
            "usage": {**usage, "output_tokens": 1},
        }
        await send("message_start", {"type": "message_start", "message": start})
        await send("ping", {"type": "ping"})
        for index, block in enumerate(content):
            kind = block["type"]
            empty = {"thinking": {"thinking": "", "signature": ""}, "text": {"text": ""}}
            opening = {**block, **empty.get(kind, {"input": {}})}
            await send("content_block_start", {
                "type": "content_block_start", "index": index, "content_block": opening,
            })  # fmt: skip
            if kind == "thinking":
                deltas = [
                    {"type": "thinking_delta", "thinking": block["thinking"]},
                    {"type": "signature_delta", "signature": block["signature"]},
                ]
            elif kind == "text":
                deltas = [{"type": "text_delta", "text": w + " "} for w in block["text"].split()]
            else:
                text = json.dumps(block["input"])
                deltas = [
                    {"type": "input_json_delta", "partial_json": text[: len(text) // 2]},
                    {"type": "input_json_delta", "partial_json": text[len(text) // 2 :]},
                ]
            for delta in deltas:
                await send("content_block_delta", {
                    "type": "content_block_delta", "index": index, "delta": delta,
                })  # fmt: skip
                if failure and failure.kind == "cut":
                    assert request.transport is not None
                    request.transport.close()
                    return response
            await send("content_block_stop", {"type": "content_block_stop", "index": index})
        # Anthropic now repeats the input and cache counts here (cumulative totals).
        final = usage if self.prompt_cache else {"output_tokens": 7}
        await send("message_delta", {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": final,
        })  # fmt: skip
        await send("message_stop", {"type": "message_stop"})
        return response


class ThreadedStandin:
    """A :class:`StandinGateway` on its own event loop in a thread, for sync fixtures."""

    def __init__(self, standin: StandinGateway):
        import threading

        self.standin = standin
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> StandinGateway:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.standin.start(), self._loop).result(10)
        return self.standin

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.standin.close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
