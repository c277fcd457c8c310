"""A stand-in for the company gateway: a real OpenAI- and Anthropic-compatible server.

It records every request it receives (path, headers, JSON body) and can be told to fail
the next requests: HTTP 500, 429 with ``Retry-After``, hang without answering, or cut a
stream after the first chunk. With ``tool_call`` set it answers with that function call
(OpenAI ``tool_calls`` / Anthropic ``tool_use``), streamed in argument fragments.
``/v1/messages`` answers in Anthropic's shape, with a thinking block when ``thinking``
is set.
"""

from __future__ import annotations

import asyncio
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

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self._echo(body)
        self.received.append(Received(request.path, dict(request.headers), body, time.monotonic()))
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
        if chat and self.tool_call is not None:
            return await self._openai_tool_call(request, body)
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
                    "usage": self.usage(),
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
                f"data: {json.dumps({'choices': [], 'usage': self.usage()})}\n\n".encode()
            )
        await response.write(b"data: [DONE]\n\n")
        return response

    async def _openai_tool_call(
        self, request: web.Request, body: dict[str, Any]
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
                "usage": self.usage(),
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
        usage = {"choices": [], "usage": self.usage()}
        await response.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
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
        body = await request.json()
        self._echo(body)
        self.received.append(Received(request.path, dict(request.headers), body, time.monotonic()))
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
        await send("message_delta", {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": {"output_tokens": 7},
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
