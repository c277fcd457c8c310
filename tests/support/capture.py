"""Record what a coding-assistant CLI really sends: a loopback server that answers anything.

:class:`CaptureServer` binds ``127.0.0.1`` on a free port and records every request (method,
path with query, headers, JSON body). It answers each API a client may speak with the
smallest valid reply, so the client finishes its turn with the text :attr:`reply`:

- ``POST …/messages`` (Anthropic Messages), streamed as SSE or not;
- ``POST …/messages/count_tokens``;
- ``POST …/responses`` (OpenAI Responses), streamed or not;
- ``POST …/chat/completions``, streamed (ending in ``[DONE]``) or not;
- ``GET …/models`` in a shape both OpenAI and Anthropic clients accept.

Paths match on their ending, so ``/v1/messages?beta=true`` and ``/messages`` alike work.
Anything else is recorded and answered 404. :func:`redact` and :func:`write_jsonl` turn the
records into a committable fixture (``tests/data/agents/*.jsonl``); run
``python -m tests.support.capture_agents`` to capture the real CLIs again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.support import wire
from tests.support.wire import Recorded


@dataclass
class CaptureServer:
    """Record every request and answer it minimally; see the module docstring."""

    reply: str = "Done."
    records: list[Recorded] = field(default_factory=list)
    url: str = ""
    """``http://127.0.0.1:PORT`` once :meth:`start` returned (no ``/v1``)."""
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen on a free loopback port; return the base URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        recorded = await wire.record(request)
        self.records.append(recorded)
        payload: dict[str, Any] = recorded.body if isinstance(recorded.body, dict) else {}
        path = request.path.rstrip("/")
        if request.method == "GET" and path.endswith("/models"):
            return web.json_response(wire.models_list(["capture-model"]))
        if request.method != "POST":
            return web.json_response(wire.openai_error("not found"), status=404)
        if path.endswith("/messages/count_tokens"):
            return web.json_response({"input_tokens": wire.estimate_tokens(payload)})
        if path.endswith("/messages"):
            return await self._messages(request, payload)
        if path.endswith("/responses"):
            return await self._responses(request, payload)
        if path.endswith("/chat/completions"):
            return await self._chat(request, payload)
        return web.json_response(wire.openai_error("not found"), status=404)

    async def _messages(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        model = str(body.get("model", "capture-model"))
        usage = {"input_tokens": wire.estimate_tokens(body), "output_tokens": 2}
        blocks: list[dict[str, Any]] = [{"type": "text", "text": self.reply}]
        if not body.get("stream"):
            return web.json_response(wire.anthropic_message(model, blocks, "end_turn", usage))
        response = await wire.open_sse(request)
        for event in wire.anthropic_events(model, blocks, "end_turn", usage):
            await wire.send_event(response, event, named=True)
        return response

    async def _responses(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        model = str(body.get("model", "capture-model"))
        items = [wire.responses_message_item(self.reply)]
        usage = wire.responses_usage(wire.estimate_tokens(body), 2)
        if not body.get("stream"):
            return web.json_response(wire.responses_object(model, items, usage, time.time()))
        response = await wire.open_sse(request)
        for event in wire.responses_events(model, items, usage, time.time()):
            await wire.send_event(response, event, named=True)
        return response

    async def _chat(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        model = str(body.get("model", "capture-model"))
        usage = wire.chat_usage(wire.estimate_tokens(body), 2)
        message: dict[str, Any] = {"role": "assistant", "content": self.reply}
        if not body.get("stream"):
            return web.json_response(wire.chat_completion(model, message, "stop", usage))
        response = await wire.open_sse(request)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        for chunk in wire.chat_chunks(model, message, "stop", usage if include_usage else None):
            await wire.send_event(response, chunk, named=False)
        await response.write(b"data: [DONE]\n\n")
        return response


def redact(value: Any, replacements: Mapping[str, str], secret_headers: frozenset[str]) -> Any:
    """Copy ``value`` with each ``replacements`` key replaced by its placeholder in every string.

    Longer keys are replaced first (a path before its parent). Header values whose lower-cased
    name is in ``secret_headers`` become ``<redacted>`` when ``value`` is a header dict.
    """
    order = sorted(replacements.items(), key=lambda item: -len(item[0]))

    def text(s: str) -> str:
        for old, new in order:
            if old:
                s = s.replace(old, new)
        return s

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return text(v)
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {
                text(k): "<redacted>" if k.lower() in secret_headers else walk(x)
                for k, x in v.items()
            }
        return v

    return walk(value)


def write_jsonl(
    records: list[Recorded],
    path: Path,
    replacements: Mapping[str, str],
    secret_headers: frozenset[str] = frozenset({"authorization", "x-api-key"}),
) -> None:
    """Write ``records`` one JSON object a line, redacted with :func:`redact`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            line = redact(record.as_json(), replacements, secret_headers)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
