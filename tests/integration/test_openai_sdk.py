"""The official openai SDK against sidecar serve on the real bundled model."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import openai
import pytest

from tests.conftest import DEVELOPER, TOKEN, Sidecar
from tests.support.standin import StandinGateway

REFACTOR = (
    "Refactor this function to use a dictionary lookup instead of the if/elif chain:\n"
    "```python\ndef color(code):\n    if code == 1:\n        return 'red'\n"
    "    elif code == 2:\n        return 'green'\n    return 'blue'\n```"
)
PLANNING = (
    "We want to split our Django monolith into services. Plan the migration: which "
    "boundaries, in what order, and the trade-offs of each step."
)


@pytest.fixture
async def sdk(sidecar: Sidecar) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai.AsyncOpenAI(
        base_url=sidecar.base_url, api_key=TOKEN, max_retries=0
    ) as client:
        yield client


async def test_auto_answers_from_the_local_model(sdk: openai.AsyncOpenAI, sidecar: Sidecar) -> None:
    answer = await sdk.chat.completions.create(
        model="sidecar/auto",
        max_tokens=24,
        temperature=0,
        messages=[{"role": "user", "content": "Fix the bug: ```python\nprint('hi'\n```"}],
    )
    assert answer.choices[0].message.content
    assert answer.model == "SmolLM2-135M-Instruct.Q4_1"
    assert answer.usage is not None and answer.usage.prompt_tokens > 10
    assert answer.usage.completion_tokens > 0


async def test_streaming_with_usage(sdk: openai.AsyncOpenAI, sidecar: Sidecar) -> None:
    stream = await sdk.chat.completions.create(
        model="sidecar/auto",
        max_tokens=16,
        stream=True,
        stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "Complete this: ```python\ndef add(a, b):\n"}],
    )
    texts, usage, finish = [], None, None
    async for chunk in stream:
        if chunk.usage:
            usage = chunk.usage
        for choice in chunk.choices:
            texts.append(choice.delta.content or "")
            finish = choice.finish_reason or finish
    assert "".join(texts).strip()
    assert finish in ("stop", "length")
    assert usage is not None and usage.completion_tokens > 0
    [row] = sidecar.rows()
    assert row["task"] == "completion" and row["route"] == "local" and row["stream"] == 1
    assert row["ttft_ms"] is not None and row["ttft_ms"] > 0
    assert row["outcome"] == "ok"


async def test_refactor_is_served_locally(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    raw = await sdk.chat.completions.with_raw_response.create(
        model="sidecar/auto",
        max_tokens=16,
        messages=[{"role": "user", "content": REFACTOR}],
    )
    assert raw.headers["X-Sidecar-Task"] == "refactor"
    assert raw.headers["X-Sidecar-Route"] == "local"
    body = json.loads(raw.text)
    assert body["sidecar"]["route"] == "local"
    assert gateway.received == []
    [row] = sidecar.rows()
    assert row["route"] == "local" and row["cost_usd"] == 0.0 and row["frontier_cost_usd"] > 0
    assert row["ttft_ms"] is not None and 0 < row["ttft_ms"] <= row["latency_ms"]


async def test_planning_goes_to_the_gateway(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    raw = await sdk.chat.completions.with_raw_response.create(
        model="sidecar/auto",
        messages=[{"role": "user", "content": PLANNING}],
    )
    answer = raw.parse()
    assert raw.headers["X-Sidecar-Route"] == "frontier"
    assert answer.choices[0].message.content == gateway.reply
    [sent] = gateway.received
    assert sent.body["model"] == "gpt-5"
    assert sent.body["user"] == DEVELOPER
    assert sent.body["messages"] == [{"role": "user", "content": PLANNING}]
    assert sent.headers["Authorization"] == "Bearer gw-test-key"
    assert sent.headers["X-Sidecar-Developer"] == DEVELOPER
    assert sent.headers["X-Sidecar-App"] == "AsyncOpenAI/Python"
    [row] = sidecar.rows()
    assert (row["task"], row["route"], row["model"]) == ("planning", "frontier", "gpt-5")
    assert (row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"]) == (42, 7, 10)
    assert row["tokens_estimated"] == 0
    # gpt-5: 32 uncached at $1.25/M + 10 cached at $0.125/M + 7 out at $10/M
    assert row["cost_usd"] == pytest.approx((32 * 1.25 + 10 * 0.125 + 7 * 10) / 1e6)


async def test_planning_streams_through_the_gateway(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    stream = await sdk.chat.completions.create(
        model="sidecar/auto",
        stream=True,
        messages=[{"role": "user", "content": PLANNING}],
    )
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text.split() == gateway.reply.split()
    assert gateway.received[0].body["stream_options"] == {"include_usage": True}
    [row] = sidecar.rows()
    assert row["route"] == "frontier" and row["prompt_tokens"] == 42 and row["outcome"] == "ok"


async def test_forced_routes(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    answer = await sdk.chat.completions.create(
        model="sidecar/frontier",
        messages=[{"role": "user", "content": REFACTOR}],
    )
    assert answer.model == "gpt-5"
    local = await sdk.chat.completions.create(
        model="sidecar/local",
        max_tokens=8,
        messages=[{"role": "user", "content": PLANNING}],
    )
    assert local.model == "SmolLM2-135M-Instruct.Q4_1"
    assert len(gateway.received) == 1


async def test_unknown_model_name_is_auto_and_recorded_as_asked(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar
) -> None:
    await sdk.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=8,
        messages=[{"role": "user", "content": REFACTOR}],
    )
    [row] = sidecar.rows()
    assert row["requested_model"] == "gpt-4o-mini" and row["route"] == "local"


async def test_fill_in_the_middle_completion(sdk: openai.AsyncOpenAI, sidecar: Sidecar) -> None:
    answer = await sdk.completions.create(
        model="sidecar/auto",
        prompt="def area(radius):\n    return ",
        suffix="\n\nprint(area(2))\n",
        max_tokens=12,
        temperature=0,
    )
    assert answer.choices[0].text
    [row] = sidecar.rows()
    assert row["task"] == "completion" and row["endpoint"] == "/v1/completions"
    assert "fim: suffix given" in row["reasons"]


async def test_models_lists_routes_and_concrete_models(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar
) -> None:
    names = [m.id async for m in sdk.models.list()]
    assert names == [
        "sidecar/auto",
        "sidecar/local",
        "sidecar/frontier",
        "SmolLM2-135M-Instruct.Q4_1",
        "gpt-5",
    ]


async def test_kv_prefix_is_reused_across_requests(
    sdk: openai.AsyncOpenAI, sidecar: Sidecar
) -> None:
    system = "You are a careful Python reviewer. " * 40
    for question in ("Review: ```python\nx = 1\n```", "Review: ```python\ny = 2\n```"):
        await sdk.chat.completions.create(
            model="sidecar/local",
            max_tokens=4,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": question}],
        )
    first, second = sidecar.rows()
    assert first["cached_tokens"] < 10
    assert second["cached_tokens"] > 200
