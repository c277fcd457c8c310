"""The exact response cache over real HTTP: the bundled model, the stand-in gateway, SDKs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import anthropic
import openai

from tests.conftest import TOKEN, Sidecar, start_sidecar
from tests.support.standin import StandinGateway

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def plan(**extra: Any) -> dict[str, Any]:
    """A planning request forced to the frontier (the stand-in gateway)."""
    return {
        "model": "sidecar/frontier",
        "temperature": 0,
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Plan the split of billing.py into a package."}],
        **extra,
    }


async def post(
    sidecar: Sidecar, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(sidecar.url + path, json=body, headers={**AUTH, **(headers or {})}) as r,
    ):
        return r.status, dict(r.headers), await r.read()


def events(raw: bytes) -> list[Any]:
    """The SSE data payloads of a stream, with per-response ids and times taken out."""
    out: list[Any] = []
    for line in raw.decode().splitlines():
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        data = json.loads(line[6:])
        for key in ("id", "created", "created_at"):
            data.pop(key, None)
        if isinstance(data.get("message"), dict):
            data["message"].pop("id", None)
        out.append(data)
    return out


async def test_a_repeated_deterministic_request_is_answered_without_the_gateway(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    client = openai.AsyncOpenAI(base_url=sidecar.base_url, api_key=TOKEN, max_retries=0)
    first = await client.chat.completions.with_raw_response.create(**plan())
    second = await client.chat.completions.with_raw_response.create(**plan())
    assert len(gateway.received) == 1
    assert first.headers["X-Sidecar-Cache"] == "miss"
    assert second.headers["X-Sidecar-Cache"] == "hit"
    a, b = first.parse(), second.parse()
    assert b.choices[0].message.content == a.choices[0].message.content
    assert b.usage is not None and a.usage is not None
    assert b.usage.prompt_tokens == a.usage.prompt_tokens
    rows = sidecar.rows()
    assert rows[0]["cache_kind"] != "exact" and rows[1]["cache_kind"] == "exact"
    assert rows[0]["cost_usd"] > 0
    hit = rows[1]
    assert (hit["outcome"], hit["route"], hit["cost_usd"]) == ("ok", "frontier", 0)
    assert hit["cached_tokens"] == hit["prompt_tokens"] == rows[0]["prompt_tokens"]
    assert hit["cache_saved_usd"] == rows[0]["cost_usd"]
    async with aiohttp.ClientSession() as http, http.get(sidecar.url + "/healthz") as r:
        stats = (await r.json())["cache"]
    assert (stats["entries"], stats["hits"], stats["misses"]) == (1, 1, 1)


async def test_temperature_above_zero_is_not_cached_unless_asked(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    for _ in range(2):
        status, headers, _ = await post(sidecar, "/v1/chat/completions", plan(temperature=0.7))
        assert status == 200 and "X-Sidecar-Cache" not in headers
    assert len(gateway.received) == 2
    for _ in range(2):  # opted in: repeatable answers at any temperature
        status, headers, _ = await post(
            sidecar, "/v1/chat/completions", plan(temperature=0.7), {"X-Sidecar-Cache": "on"}
        )
    assert len(gateway.received) == 3 and headers["X-Sidecar-Cache"] == "hit"
    # no temperature at all: the backends' defaults are above 0
    body = plan()
    del body["temperature"]
    for _ in range(2):
        await post(sidecar, "/v1/chat/completions", body)
    assert len(gateway.received) == 5


async def test_clients_turn_the_cache_off_per_request(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    await post(sidecar, "/v1/chat/completions", plan())
    # no-cache: a fresh answer, which is stored
    _, headers, _ = await post(
        sidecar, "/v1/chat/completions", plan(), {"Cache-Control": "no-cache"}
    )
    assert len(gateway.received) == 2 and headers["X-Sidecar-Cache"] == "bypass"
    # LiteLLM's body convention; the field never reaches the gateway
    await post(sidecar, "/v1/chat/completions", plan(cache={"no-store": True}))
    assert len(gateway.received) == 3 and "cache" not in gateway.received[-1].body
    await post(sidecar, "/v1/chat/completions", plan(), {"X-Sidecar-Cache": "off"})
    assert len(gateway.received) == 4
    # max-age 0: only an answer stored this very instant would do
    await post(sidecar, "/v1/chat/completions", plan(), {"Cache-Control": "max-age=0"})
    assert len(gateway.received) == 5
    _, headers, _ = await post(sidecar, "/v1/chat/completions", plan())
    assert len(gateway.received) == 5 and headers["X-Sidecar-Cache"] == "hit"


async def test_a_streamed_answer_is_replayed_as_the_same_events(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    body = plan(stream=True, stream_options={"include_usage": True})
    _, first_headers, first = await post(sidecar, "/v1/chat/completions", body)
    _, headers, second = await post(sidecar, "/v1/chat/completions", body)
    assert len(gateway.received) == 1
    assert (first_headers["X-Sidecar-Cache"], headers["X-Sidecar-Cache"]) == ("miss", "hit")
    first_events, second_events = events(first), events(second)
    assert len(first_events) > 2
    for event in first_events + second_events:  # the sidecar field says how it was served
        event.pop("sidecar", None)
    assert second_events == first_events
    # a non-streamed request is its own entry (the stream's events are not its body)
    await post(sidecar, "/v1/chat/completions", plan())
    assert len(gateway.received) == 2


async def test_anthropic_pass_through_stream_replays_byte_for_byte(
    tmp_path: Path, gateway: StandinGateway
) -> None:
    runner, sidecar = await start_sidecar(
        tmp_path, {"gateway": {"base_url": gateway.url, "api": "both"}}
    )
    try:
        client = anthropic.AsyncAnthropic(base_url=sidecar.url, api_key=TOKEN, max_retries=0)
        request: dict[str, Any] = {
            "model": "claude-sonnet-4-5",
            "max_tokens": 64,
            "messages": [{"role": "user", "content": "Plan the billing split."}],
        }
        texts = []
        for _ in range(2):
            temperature = {"temperature": 0}
            async with client.messages.stream(**request, extra_body=temperature) as stream:
                texts.append(await stream.get_final_text())
        assert len(gateway.received) == 1
        assert texts[0] and texts[1] == texts[0]
        raw_body = {**request, "temperature": 0, "stream": True}
        status, _, raw = await post(sidecar, "/v1/messages", raw_body)
        assert status == 200 and events(raw)
        assert len(gateway.received) == 1
        kinds = [r["cache_kind"] for r in sidecar.rows()]
        assert kinds[0] != "exact" and kinds[1:] == ["exact", "exact"]
        other = {**raw_body, "messages": [{"role": "user", "content": "Plan the tax split."}]}
        _, _, fresh = await post(sidecar, "/v1/messages", other)
        _, _, replayed = await post(sidecar, "/v1/messages", other)
        assert len(gateway.received) == 2
        assert replayed == fresh  # the upstream's events, ids included, byte for byte
    finally:
        await runner.cleanup()


async def test_fim_repeats_on_the_local_model_are_cache_hits_and_survive_a_restart(
    tmp_path: Path,
) -> None:
    body = {
        "model": "sidecar/local",
        "prompt": "def fibonacci(n):\n    ",
        "suffix": "\n\nprint(fibonacci(10))\n",
        "max_tokens": 8,
        "temperature": 0,
    }
    runner, sidecar = await start_sidecar(tmp_path, {})
    try:
        _, headers, first = await post(sidecar, "/v1/completions", body)
        _, hit_headers, second = await post(sidecar, "/v1/completions", body)
    finally:
        await runner.cleanup()
    assert (headers["X-Sidecar-Cache"], hit_headers["X-Sidecar-Cache"]) == ("miss", "hit")
    text = json.loads(first)["choices"][0]["text"]
    assert json.loads(second)["choices"][0]["text"] == text
    runner, sidecar = await start_sidecar(tmp_path, {})  # same files: the cache persists
    try:
        _, headers, third = await post(sidecar, "/v1/completions", body)
        assert headers["X-Sidecar-Cache"] == "hit"
        assert json.loads(third)["choices"][0]["text"] == text
        other = {**body, "prompt": "def factorial(n):\n    "}
        _, headers, _ = await post(sidecar, "/v1/completions", other)
        assert headers["X-Sidecar-Cache"] == "miss"
    finally:
        await runner.cleanup()
    rows = sidecar.rows()
    assert [r["cache_kind"] for r in rows][:3] == [None, "exact", "exact"]
    assert all(r["route"] == "local" and r["cost_usd"] == 0 for r in rows)


async def test_errors_and_fallbacks_are_not_cached(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("status", times=3)  # every retry fails: served by the local model
    _, headers, raw = await post(sidecar, "/v1/chat/completions", plan(max_tokens=4))
    assert json.loads(raw)["sidecar"]["fallback"]
    assert headers["X-Sidecar-Cache"] == "miss"
    _, headers, raw = await post(sidecar, "/v1/chat/completions", plan(max_tokens=4))
    assert headers["X-Sidecar-Cache"] == "miss"  # the fallback's answer was not kept
    assert not json.loads(raw)["sidecar"]["fallback"]
