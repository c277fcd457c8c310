"""Provider prompt caching on the gateway path, through the official SDKs over real HTTP.

The stand-in gateway runs with ``prompt_cache`` on: it remembers the prefixes it has seen
and reports cache reads and writes as Anthropic and OpenAI do. Every test drives two turns
of one conversation (streamed and not) and checks what went upstream (breakpoints,
``prompt_cache_key``), what the client was told (its own shape's cache counts), and the
ledger row (cached and written tokens, ``cache_kind``, cost at the cached rates, saving).
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import anthropic
import openai
import pytest

from sidecar.config import DEFAULT_PRICING, Price
from tests.conftest import TOKEN, Sidecar, start_sidecar
from tests.support.standin import Received, StandinGateway

# Long enough to pass the providers' minimum cacheable prefix (1024 tokens, ~4 chars each).
SYSTEM = "You are the planning assistant of a billing platform team. " * 160
FIRST = "Plan how to split the invoicing module out of the monolith."
SECOND = "Now plan the tests for that split."
WEATHER: Any = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
SONNET = DEFAULT_PRICING["claude-sonnet-4"]
GPT5 = DEFAULT_PRICING["gpt-5"]

Start = Callable[..., Awaitable[Sidecar]]


@pytest.fixture
async def start(tmp_path: Path, gateway: StandinGateway) -> AsyncIterator[Start]:
    """Start a sidecar whose gateway is the caching stand-in, with ``[gateway]`` extras."""
    gateway.prompt_cache = True
    runners = []

    async def started(api: str, **extra: Any) -> Sidecar:
        settings = {"base_url": gateway.url, "api": api, "max_retries": 0, **extra}
        runner, handle = await start_sidecar(tmp_path, {"gateway": settings})
        runners.append(runner)
        return handle

    yield started
    for runner in runners:
        await runner.cleanup()


def claude(sidecar: Sidecar, **headers: str) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(
        base_url=sidecar.url, api_key=TOKEN, max_retries=0, default_headers=headers
    )


def gpt(sidecar: Sidecar, **headers: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(
        base_url=sidecar.base_url, api_key=TOKEN, max_retries=0, default_headers=headers
    )


def cost(price: Price, row: dict[str, Any]) -> float:
    """What a row should cost, computed here from the price list (USD)."""
    assert price.cached_input is not None and price.cached_input < price.input
    written_rate = price.input if price.cache_write is None else price.cache_write
    prompt, cached, written = row["prompt_tokens"], row["cached_tokens"], row["cache_write_tokens"]
    usd: float = (
        (prompt - cached - written) * price.input
        + cached * price.cached_input
        + written * written_rate
        + row["completion_tokens"] * price.output
    ) / 1e6
    return usd


def breakpoints(body: dict[str, Any]) -> list[str]:
    """Where a Messages body's breakpoints are: tools[i], system[i], messages[i][j]."""
    found = [f"tools[{i}]" for i, t in enumerate(body.get("tools") or ()) if "cache_control" in t]
    system = body.get("system")
    if isinstance(system, list):
        found += [f"system[{i}]" for i, b in enumerate(system) if "cache_control" in b]
    for i, message in enumerate(body["messages"]):
        if isinstance(message["content"], list):
            found += [
                f"messages[{i}][{j}]"
                for j, block in enumerate(message["content"])
                if "cache_control" in block
            ]
    return found


def frontier_rows(sidecar: Sidecar) -> list[dict[str, Any]]:
    rows = sidecar.rows()
    assert all(r["route"] == "frontier" and r["outcome"] == "ok" for r in rows), rows
    return rows


def check_cached_turns(rows: list[dict[str, Any]], price: Price, *, writes: bool) -> None:
    """Turn one wrote the prefix (Anthropic) or cached nothing; turn two read it."""
    first, second = rows
    assert first["cached_tokens"] == 0 and first["cache_saved_usd"] == 0
    if writes:
        assert first["cache_write_tokens"] > 1000
    assert second["cached_tokens"] > 1000
    assert second["cache_kind"] == "provider"
    for row in rows:
        assert row["cost_usd"] == pytest.approx(cost(price, row), rel=1e-9, abs=1e-12)
    uncached = (
        second["prompt_tokens"] * price.input + second["completion_tokens"] * price.output
    ) / 1e6
    assert second["cache_saved_usd"] == pytest.approx(uncached - second["cost_usd"])
    assert second["cache_saved_usd"] > 0


# Anthropic shape --------------------------------------------------------------------------


async def ask_claude(
    client: anthropic.AsyncAnthropic, stream: bool, **body: Any
) -> anthropic.types.Message:
    if stream:
        async with client.messages.stream(**body) as events:
            return await events.get_final_message()
    message: anthropic.types.Message = await client.messages.create(**body)
    return message


@pytest.mark.parametrize("stream", [False, True])
async def test_anthropic_pass_through_gets_breakpoints_and_reads_the_cache(
    start: Start, gateway: StandinGateway, stream: bool
) -> None:
    sidecar = await start("both")
    turn: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 200,
        "system": SYSTEM,
        "tools": [WEATHER],
        "messages": [{"role": "user", "content": FIRST}],
    }
    sent = copy.deepcopy(turn)
    async with claude(sidecar) as client:
        one = await ask_claude(client, stream, **turn)
        turn["messages"] += [
            {"role": "assistant", "content": one.content[0].text},  # type: ignore[union-attr]
            {"role": "user", "content": SECOND},
        ]
        two = await ask_claude(client, stream, **turn)
        again = await ask_claude(client, stream, **turn)
    first, second, _ = (r.body for r in gateway.received)
    assert first["system"] == [
        {"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}
    ]
    assert breakpoints(first) == ["tools[0]", "system[0]", "messages[0][0]"]
    assert breakpoints(second) == ["tools[0]", "system[0]", "messages[1][0]", "messages[2][0]"]
    assert second["messages"][2]["content"] == [
        {"type": "text", "text": SECOND, "cache_control": {"type": "ephemeral"}}
    ]
    assert sent["system"] == SYSTEM  # the client's own request was not touched
    # Nothing volatile upstream: the same turn gives the same bytes.
    assert gateway.received[2].raw == gateway.received[1].raw

    assert one.usage.cache_creation_input_tokens and one.usage.cache_creation_input_tokens > 1000
    assert one.usage.cache_read_input_tokens == 0
    read = two.usage.cache_read_input_tokens
    assert read is not None and read >= one.usage.cache_creation_input_tokens
    assert again.usage.cache_read_input_tokens and again.usage.cache_read_input_tokens > read

    rows = frontier_rows(sidecar)
    for message, row in zip((one, two, again), rows, strict=True):
        usage = message.usage
        assert row["cached_tokens"] == usage.cache_read_input_tokens
        assert row["cache_write_tokens"] == usage.cache_creation_input_tokens
        assert row["prompt_tokens"] == (
            usage.input_tokens
            + (usage.cache_read_input_tokens or 0)
            + (usage.cache_creation_input_tokens or 0)
        )
    assert rows[0]["cache_write_tokens"] > 1000
    check_cached_turns(rows[:2], SONNET, writes=True)
    # The write premium (1.25x input) is what the first turn pays.
    plain = rows[0]["prompt_tokens"] * SONNET.input + rows[0]["completion_tokens"] * SONNET.output
    assert rows[0]["cost_usd"] > plain / 1e6


async def test_client_breakpoints_go_upstream_untouched(
    start: Start, gateway: StandinGateway
) -> None:
    sidecar = await start("both")
    hour = {"type": "ephemeral", "ttl": "1h"}
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 100,
        "system": [{"type": "text", "text": SYSTEM, "cache_control": hour}],
        "tools": [WEATHER],
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": FIRST}]},
            {"role": "assistant", "content": "Done."},
            {"role": "user", "content": SECOND, "cache_control": {"type": "ephemeral"}},
        ],
    }
    async with claude(sidecar) as client:
        for stream in (False, True):
            await ask_claude(client, stream, **body)
    # Raw HTTP too, so the client's bytes are known: each part arrives byte for byte.
    headers = {"x-api-key": TOKEN, "anthropic-version": "2023-06-01"}
    async with aiohttp.ClientSession() as http:
        for stream in (False, True):
            payload = json.dumps({**body, "stream": stream}).encode()
            async with http.post(sidecar.url + "/v1/messages", data=payload, headers=headers) as r:
                assert r.status == 200, await r.text()
                await r.read()
    assert len(gateway.received) == 4
    for received in gateway.received:
        upstream = {k: v for k, v in received.body.items() if k not in ("stream", "metadata")}
        assert upstream == body
        assert breakpoints(received.body) == ["system[0]"]
        assert received.body["messages"][2]["cache_control"] == {"type": "ephemeral"}
        assert received.raw.count(b'"cache_control"') == 2
    for received in gateway.received[2:]:
        for key in ("system", "tools", "messages"):
            assert json.dumps(body[key]).encode() in received.raw


async def test_prompt_caching_off_sends_what_the_client_sent(
    start: Start, gateway: StandinGateway
) -> None:
    sidecar = await start("both", prompt_caching=False)
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 100,
        "system": SYSTEM,
        "messages": [{"role": "user", "content": FIRST}],
    }
    async with claude(sidecar) as client:
        for _ in range(2):
            message = await client.messages.create(**body)
            assert message.usage.cache_read_input_tokens == 0
    for received in gateway.received:
        assert b"cache_control" not in received.raw
        assert received.body["system"] == SYSTEM
    for row in frontier_rows(sidecar):
        assert row["cached_tokens"] == row["cache_write_tokens"] == 0
        assert row["cache_kind"] is None


@pytest.mark.parametrize("stream", [False, True])
async def test_openai_client_translated_to_anthropic(
    start: Start, gateway: StandinGateway, stream: bool
) -> None:
    sidecar = await start("anthropic")
    messages: list[Any] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": FIRST},
    ]
    cached: list[int] = []
    async with gpt(sidecar) as client:
        for turn in range(2):
            if stream:
                chunks = await client.chat.completions.create(
                    model="sidecar/frontier", messages=messages, stream=True,
                    stream_options={"include_usage": True},
                )  # fmt: skip
                text, usage = "", None
                async for chunk in chunks:
                    usage = chunk.usage or usage
                    text += "".join(c.delta.content or "" for c in chunk.choices)
            else:
                answer = await client.chat.completions.create(
                    model="sidecar/frontier", messages=messages
                )
                text, usage = answer.choices[0].message.content or "", answer.usage
            assert usage is not None and usage.prompt_tokens_details is not None
            cached.append(usage.prompt_tokens_details.cached_tokens or 0)
            if turn == 0:
                messages += [
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": SECOND},
                ]
    first, second = (r.body for r in gateway.received)
    assert all(r.path == "/v1/messages" for r in gateway.received)
    assert breakpoints(first) == ["system[0]", "messages[0][0]"]
    assert breakpoints(second) == ["system[0]", "messages[1][0]", "messages[2][0]"]
    rows = frontier_rows(sidecar)
    assert [r["cached_tokens"] for r in rows] == cached and cached[1] > 1000
    check_cached_turns(rows, SONNET, writes=True)


async def test_a_chat_clients_own_breakpoints_are_carried_into_anthropic_shape(
    start: Start, gateway: StandinGateway
) -> None:
    sidecar = await start("anthropic")
    hour = {"type": "ephemeral", "ttl": "1h"}
    messages: list[Any] = [
        {"role": "system", "content": [{"type": "text", "text": SYSTEM, "cache_control": hour}]},
        {"role": "user", "content": FIRST},
    ]
    async with gpt(sidecar) as client:
        await client.chat.completions.create(model="sidecar/frontier", messages=messages)
    [received] = gateway.received
    assert received.body["system"] == [{"type": "text", "text": SYSTEM, "cache_control": hour}]
    assert breakpoints(received.body) == ["system[0]"]  # none added beside the client's


# OpenAI shape -----------------------------------------------------------------------------


async def ask_gpt(client: openai.AsyncOpenAI, stream: bool, **body: Any) -> tuple[str, Any]:
    """Return the answer's text and usage."""
    if not stream:
        answer = await client.chat.completions.create(model="sidecar/frontier", **body)
        return answer.choices[0].message.content or "", answer.usage
    chunks = await client.chat.completions.create(
        model="sidecar/frontier", stream=True, stream_options={"include_usage": True}, **body
    )
    text, usage = "", None
    async for chunk in chunks:
        usage = chunk.usage or usage
        text += "".join(c.delta.content or "" for c in chunk.choices)
    return text, usage


def cache_keys(received: list[Received]) -> list[Any]:
    return [r.body.get("prompt_cache_key") for r in received]


@pytest.mark.parametrize("stream", [False, True])
async def test_prompt_cache_key_is_stable_across_turns_and_the_next_turn_is_cached(
    start: Start, gateway: StandinGateway, stream: bool
) -> None:
    sidecar = await start("openai")
    messages: list[Any] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": FIRST},
    ]
    async with gpt(sidecar) as client:
        text, one = await ask_gpt(client, stream, messages=messages)
        messages += [{"role": "assistant", "content": text}, {"role": "user", "content": SECOND}]
        _, two = await ask_gpt(client, stream, messages=messages)
        await ask_gpt(client, stream, messages=messages)
        # Another conversation gets another key; the client's own key is kept.
        other = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": SECOND}]
        await ask_gpt(client, stream, messages=other)
        await ask_gpt(client, stream, messages=other, prompt_cache_key="team-billing")
    keys = cache_keys(gateway.received)
    assert keys[0] == keys[1] == keys[2] and keys[0].startswith("sidecar-") and len(keys[0]) == 40
    assert keys[3] != keys[0] and keys[3].startswith("sidecar-")
    assert keys[4] == "team-billing"
    assert gateway.received[2].raw == gateway.received[1].raw  # byte-stable bodies
    assert one.prompt_tokens_details.cached_tokens == 0
    assert two.prompt_tokens_details.cached_tokens > 1000
    rows = frontier_rows(sidecar)
    assert rows[1]["cached_tokens"] == two.prompt_tokens_details.cached_tokens
    assert rows[1]["prompt_tokens"] == two.prompt_tokens
    check_cached_turns(rows[:2], GPT5, writes=False)


async def test_session_ids_are_the_cache_key(start: Start, gateway: StandinGateway) -> None:
    sidecar = await start("openai")
    session = "3b2f7c1e-9d4a-4e8b-a6f0-1c2d3e4f5a6b"
    async with claude(sidecar, **{"x-claude-code-session-id": session}) as client:
        body: dict[str, Any] = {
            "model": "sidecar/frontier",
            "max_tokens": 100,
            "system": SYSTEM,
            "messages": [{"role": "user", "content": FIRST}],
        }
        await client.messages.create(**body)
        body["messages"] += [
            {"role": "assistant", "content": "Done."},
            {"role": "user", "content": SECOND},
        ]
        async with client.messages.stream(**body) as events:
            message = await events.get_final_message()
    async with gpt(sidecar, session_id="codex-conversation-7") as client:
        await client.responses.create(model="sidecar/frontier", instructions=SYSTEM, input=FIRST)
    assert cache_keys(gateway.received) == [session, session, "codex-conversation-7"]
    assert all(r.path == "/v1/chat/completions" for r in gateway.received)
    # The Anthropic client hears about OpenAI's cached tokens in its own shape.
    assert message.usage.cache_read_input_tokens and message.usage.cache_read_input_tokens > 1000
    rows = frontier_rows(sidecar)
    assert rows[1]["cached_tokens"] == message.usage.cache_read_input_tokens
    check_cached_turns(rows[:2], GPT5, writes=False)


async def test_a_strict_gateway_refusing_the_key_is_retried_once_then_never_sent_it(
    start: Start, gateway: StandinGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="sidecar.backends.gateway")
    gateway.refuse_params = ("prompt_cache_key",)
    sidecar = await start("openai")
    messages: list[Any] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": FIRST},
    ]
    async with gpt(sidecar) as client:
        text, _ = await ask_gpt(client, False, messages=messages)
        assert text
        messages += [{"role": "assistant", "content": text}, {"role": "user", "content": SECOND}]
        _, streamed = await ask_gpt(client, True, messages=messages)
        await ask_gpt(client, False, messages=messages, prompt_cache_key="client-own")
    keys = cache_keys(gateway.received)
    assert len(keys) == 4 and keys[0] is not None and keys[1:] == [None, None, None]
    assert gateway.received[1].body["messages"] == gateway.received[0].body["messages"]
    refused = [r for r in caplog.records if "prompt_cache_key" in r.getMessage()]
    assert len(refused) == 1 and refused[0].levelno == logging.WARNING
    # Caching still works without the key (the provider matches the prefix on its own).
    assert streamed.prompt_tokens_details.cached_tokens > 1000
    rows = frontier_rows(sidecar)
    assert len(rows) == 3
    check_cached_turns(rows[:2], GPT5, writes=False)
