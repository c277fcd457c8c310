"""The local model's worker process on the real bundled model, with real signals.

A segfault in the worker mid-request falls back to the gateway (or, forced local, is a
clean error); mid-stream it ends the stream with an error event; every call keeps its
ledger row; the worker restarts and the next request is served locally. A worker that
crashes at every load leaves the local route down and says why; one that crashes only with
weight repacking is retried without it. A client that disconnects stops the generation.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sidecar.backends.supervisor import WorkerBackend
from sidecar.config import LocalSettings
from sidecar.errors import LocalModelError
from sidecar.request import Endpoint, Message, Request
from tests.conftest import TOKEN, Sidecar
from tests.support.standin import StandinGateway

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CRASHING_WORKER = str(Path(__file__).parent.parent / "support" / "crashing_worker.py")
STORY = [{"role": "user", "content": "Write a long story about a lighthouse keeper and a storm."}]
REVIEW = [
    {
        "role": "user",
        "content": "Review this function for bugs:\n```python\ndef mean(xs):\n"
        "    return sum(xs) / len(xs)\n```",
    }
]


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def health(http: aiohttp.ClientSession, sidecar: Sidecar) -> dict[str, Any]:
    async with http.get(sidecar.url + "/healthz") as response:
        body: dict[str, Any] = await response.json()
        return body


async def kill_worker_when_generating(http: aiohttp.ClientSession, sidecar: Sidecar) -> int:
    """SIGSEGV the worker once it is generating; return the killed pid."""
    for _ in range(200):
        status = await health(http, sidecar)
        if status["local"]["in_flight"]:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)  # well inside a 400-token answer (~4 s on this model)
    pid: int = status["local"]["worker"]["pid"]
    os.kill(pid, signal.SIGSEGV)
    return pid


async def wait_restarted(
    http: aiohttp.ClientSession, sidecar: Sidecar, old_pid: int
) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = await health(http, sidecar)
        if status["status"] == "ok" and status["local"]["worker"]["pid"] != old_pid:
            return status
        await asyncio.sleep(0.05)
    pytest.fail(f"worker did not restart: {status}")


async def chat(
    http: aiohttp.ClientSession, sidecar: Sidecar, model: str, messages: Any, **extra: Any
) -> tuple[int, dict[str, Any]]:
    body = {"model": model, "messages": messages, "max_tokens": 400, "temperature": 0, **extra}
    async with http.post(sidecar.base_url + "/chat/completions", json=body, headers=AUTH) as r:
        return r.status, await r.json()


async def test_crash_mid_request_falls_back_to_the_gateway_then_restarts(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    call = asyncio.create_task(chat(http, sidecar, "sidecar/auto", REVIEW))
    killed = await kill_worker_when_generating(http, sidecar)
    status, body = await call
    assert status == 200, body
    assert body["sidecar"]["task"] == "review"
    assert body["sidecar"]["route"] == "frontier"
    [fallback] = body["sidecar"]["fallback"]
    assert fallback.startswith("local->frontier: the local model worker died (SIGSEGV)")
    assert len(gateway.received) == 1

    restarted = await wait_restarted(http, sidecar, killed)
    worker = restarted["local"]["worker"]
    assert worker["restarts"] == 1 and worker["last_exit"] == "SIGSEGV"
    status, body = await chat(http, sidecar, "sidecar/local", STORY, max_tokens=8)
    assert status == 200 and body["sidecar"]["route"] == "local"
    assert body["choices"][0]["message"]["content"]

    first, second = sidecar.rows()
    assert (first["route"], first["outcome"], first["status"]) == ("frontier", "ok", 200)
    assert "worker died (SIGSEGV)" in first["fallback"]
    assert (second["route"], second["outcome"]) == ("local", "ok")


async def test_forced_local_gets_a_clean_error_and_a_ledger_row(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    call = asyncio.create_task(chat(http, sidecar, "sidecar/local", STORY))
    await kill_worker_when_generating(http, sidecar)
    status, body = await call
    assert status == 502
    assert body["error"]["code"] == "local_model_error"
    assert "SIGSEGV" in body["error"]["message"]
    assert gateway.received == []  # forced local never leaves the machine
    [row] = sidecar.rows()
    assert (row["route"], row["outcome"], row["status"]) == ("local", "error", 502)
    assert "SIGSEGV" in row["error"]


async def test_crash_mid_stream_ends_the_stream_with_an_error_event(
    http: aiohttp.ClientSession, sidecar: Sidecar
) -> None:
    body = {"model": "sidecar/local", "messages": STORY, "max_tokens": 400, "stream": True}
    events: list[dict[str, Any]] = []
    killed = 0
    async with http.post(sidecar.base_url + "/chat/completions", json=body, headers=AUTH) as r:
        assert r.status == 200
        async for line in r.content:
            if not line.startswith(b"data: {"):
                continue
            events.append(json.loads(line[6:]))
            if len(events) == 3:
                killed = (await health(http, sidecar))["local"]["worker"]["pid"]
                os.kill(killed, signal.SIGSEGV)
    assert events[0]["choices"][0]["delta"]
    assert "SIGSEGV" in events[-1]["error"]["message"]
    await wait_restarted(http, sidecar, killed)
    [row] = sidecar.rows()
    assert row["outcome"] == "error" and "SIGSEGV" in row["error"]
    assert row["completion_tokens"] >= 2  # what was streamed before the crash is counted


async def test_client_disconnect_stops_the_generation(
    http: aiohttp.ClientSession, sidecar: Sidecar
) -> None:
    call = asyncio.create_task(chat(http, sidecar, "sidecar/local", STORY))
    for _ in range(200):
        if (await health(http, sidecar))["local"]["in_flight"]:
            break
        await asyncio.sleep(0.02)
    call.cancel()
    started = time.monotonic()
    while (await health(http, sidecar))["local"]["in_flight"]:
        assert time.monotonic() - started < 1.0, (
            "generation still running 1 s after the client left"
        )
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)
    [row] = sidecar.rows()
    assert (row["outcome"], row["status"]) == ("cancelled", 499)


def local_request() -> Request:
    return Request(
        endpoint=Endpoint.CHAT,
        model="sidecar/local",
        messages=(Message("user", "Say hi"),),
        max_tokens=4,
    )


async def test_a_worker_that_crashes_at_every_load_gives_up_and_says_why() -> None:
    backend = WorkerBackend(
        LocalSettings(),
        command=(sys.executable, CRASHING_WORKER, "always"),
        backoff_s=(0.01, 0.05),
    )
    try:
        with pytest.raises(LocalModelError, match=r"crashed 5 times while loading .*SIGSEGV"):
            await backend.start()
        status = backend.health()
        assert status["status"] == "error" and "serving gateway routes only" in status["error"]
        assert status["worker"]["restarts"] == 5 and status["worker"]["last_exit"] == "SIGSEGV"
        with pytest.raises(LocalModelError, match="serving gateway routes only"):
            await backend.complete(local_request())
    finally:
        await backend.close()


async def test_a_crash_while_loading_with_repacking_retries_without_it() -> None:
    backend = WorkerBackend(
        LocalSettings(),
        flags=frozenset({"avx2"}),  # no AMX: repacking starts on
        command=(sys.executable, CRASHING_WORKER, "repack"),
        backoff_s=(0.01, 0.05),
    )
    assert backend.weight_repack is True
    try:
        await backend.start()
        status = backend.health()
        assert status["status"] == "ok"
        assert status["worker"]["weight_repack"] is False
        assert status["worker"]["restarts"] == 1 and status["worker"]["last_exit"] == "SIGSEGV"
        result = await backend.complete(local_request())
        assert result.usage is not None and result.usage.completion_tokens >= 1
    finally:
        await backend.close()


async def test_a_worker_that_cannot_be_run_leaves_the_local_route_down_not_hung() -> None:
    backend = WorkerBackend(LocalSettings(), command=("/nonexistent/python",))
    try:
        with pytest.raises(LocalModelError, match="could not be run"):
            await asyncio.wait_for(backend.start(), 10)
        assert backend.health()["status"] == "error"
    finally:
        await backend.close()
