"""A stand-in for the company gateway: a real OpenAI-compatible server on loopback.

It records every request it receives (path, headers, JSON body) and can be told to fail
the next requests: HTTP 500, 429 with ``Retry-After``, hang without answering, or cut a
stream after the first chunk.
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

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
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
        chat = request.path.endswith("chat/completions")
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
