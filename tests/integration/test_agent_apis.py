"""The Anthropic Messages and OpenAI Responses APIs and tool calls, through the official SDKs.

On the bundled model, and through the stand-in gateway: translated (Anthropic in, OpenAI
gateway) and passed through (Anthropic in, Anthropic-compatible gateway).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest

from tests.conftest import TOKEN, Sidecar, start_sidecar
from tests.support.standin import StandinGateway

WEATHER: Any = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}
PLAN = "Plan the migration of our billing monolith into services: order and trade-offs?"


@pytest.fixture
async def claude(sidecar: Sidecar) -> AsyncIterator[anthropic.AsyncAnthropic]:
    async with anthropic.AsyncAnthropic(
        base_url=sidecar.url, api_key=TOKEN, max_retries=0
    ) as client:
        yield client


@pytest.fixture
async def passthrough(
    tmp_path: Path, gateway: StandinGateway
) -> AsyncIterator[tuple[Sidecar, anthropic.AsyncAnthropic]]:
    runner, handle = await start_sidecar(
        tmp_path, {"gateway": {"base_url": gateway.url, "api": "both", "max_retries": 0}}
    )
    async with anthropic.AsyncAnthropic(
        base_url=handle.url, api_key=TOKEN, max_retries=0
    ) as client:
        yield handle, client
    await runner.cleanup()


async def test_messages_on_the_local_model(
    claude: anthropic.AsyncAnthropic, sidecar: Sidecar
) -> None:
    message = await claude.messages.create(
        model="claude-haiku-4-5",  # small model names go local
        max_tokens=16,
        system=[{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": "Say hello."}],
    )
    assert message.role == "assistant" and message.content[0].type == "text"
    assert message.content[0].text and message.stop_reason in ("end_turn", "max_tokens")
    assert message.usage.input_tokens > 5 and message.usage.output_tokens > 0
    [row] = sidecar.rows()
    assert (row["endpoint"], row["route"], row["requested_model"]) == (
        "/v1/messages", "local", "claude-haiku-4-5",
    )  # fmt: skip


async def test_messages_stream_has_the_full_event_sequence(
    claude: anthropic.AsyncAnthropic,
) -> None:
    kinds: list[str] = []
    async with claude.messages.stream(
        model="claude-haiku-4-5",
        max_tokens=12,
        messages=[{"role": "user", "content": "Count to five."}],
    ) as stream:
        async for event in stream:
            kinds.append(event.type)
        final = await stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    for kind in ("content_block_start", "content_block_delta", "content_block_stop"):
        assert kind in kinds
    assert "message_delta" in kinds
    assert final.content[0].type == "text" and final.content[0].text
    assert final.usage.output_tokens > 0


async def test_tool_use_translated_to_an_openai_gateway(
    claude: anthropic.AsyncAnthropic, gateway: StandinGateway, sidecar: Sidecar
) -> None:
    gateway.tool_call = ("get_weather", {"city": "Oslo"})
    for stream in (False, True):
        request: dict[str, Any] = {
            "model": "sidecar/frontier",
            "max_tokens": 200,
            "tools": [WEATHER],
            "tool_choice": {"type": "auto"},
            "messages": [{"role": "user", "content": "Weather in Oslo?"}],
        }
        if stream:
            async with claude.messages.stream(**request) as events:
                message = await events.get_final_message()
        else:
            message = await claude.messages.create(**request)
        tool_use = [b for b in message.content if b.type == "tool_use"]
        assert message.stop_reason == "tool_use"
        assert len(tool_use) == 1 and tool_use[0].name == "get_weather"
        assert tool_use[0].input == {"city": "Oslo"}
    upstream = gateway.received[-1]
    assert upstream.path == "/v1/chat/completions"
    assert upstream.body["tools"][0]["function"]["name"] == "get_weather"
    assert upstream.body["tools"][0]["function"]["parameters"] == WEATHER["input_schema"]

    # The answer goes back as a tool result and the conversation continues.
    gateway.tool_call = None
    follow_up = await claude.messages.create(
        model="sidecar/frontier",
        max_tokens=100,
        tools=[WEATHER],
        messages=[
            {"role": "user", "content": "Weather in Oslo?"},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather",
                 "input": {"city": "Oslo"}},
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "4 C, rain"},
            ]},
        ],
    )  # fmt: skip
    assert follow_up.content[0].type == "text"
    sent = gateway.received[-1].body["messages"]
    assert sent[1]["tool_calls"][0]["id"] == "toolu_1"
    assert sent[2] == {"role": "tool", "tool_call_id": "toolu_1", "content": "4 C, rain"}
    assert [r["outcome"] for r in sidecar.rows()] == ["ok"] * 3


async def test_anthropic_gateway_gets_the_request_unchanged_and_the_stream_verbatim(
    passthrough: tuple[Sidecar, anthropic.AsyncAnthropic], gateway: StandinGateway
) -> None:
    sidecar, client = passthrough
    gateway.thinking = "The user wants a plan."
    gateway.tool_call = ("get_weather", {"city": "Oslo"})
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",  # not deprecated in the SDK (its warning is an error here)
        "max_tokens": 2048,
        "thinking": {"type": "enabled", "budget_tokens": 1024},
        "system": [{"type": "text", "text": "You plan.", "cache_control": {"type": "ephemeral"}}],
        "tools": [WEATHER],
        "messages": [{"role": "user", "content": PLAN}],
    }
    async with client.messages.stream(
        **body, extra_headers={"anthropic-beta": "interleaved-thinking-2025-05-14"}
    ) as stream:
        message = await stream.get_final_message()
    assert [b.type for b in message.content] == ["thinking", "text", "tool_use"]
    assert message.content[0].signature == "sig-1"  # type: ignore[union-attr]
    assert message.usage.cache_read_input_tokens == 12
    upstream = gateway.received[-1]
    assert upstream.path == "/v1/messages"
    assert upstream.headers["anthropic-beta"] == "interleaved-thinking-2025-05-14"
    assert "x-api-key" in {k.lower() for k in upstream.headers}
    sent = {k: v for k, v in upstream.body.items() if k not in ("stream", "metadata")}
    assert sent == body  # cache_control, thinking and tools unchanged; model kept
    [row] = sidecar.rows()
    assert row["route"] == "frontier" and row["model"] == "claude-sonnet-4-5"
    assert row["cached_tokens"] == 12 and row["prompt_tokens"] == 42

    plain = await client.messages.create(**body)
    assert plain.id == "msg_up1"  # the gateway's own message, passed through
    # A name with no price is costed at the gateway model's price (gpt-5), never free.
    await client.messages.create(**{**body, "model": "claude-nextgen-1"})
    new = next(row for row in sidecar.rows() if row["model"] == "claude-nextgen-1")
    uncached = new["prompt_tokens"] - new["cached_tokens"]
    at_gpt5 = uncached * 1.25 + new["cached_tokens"] * 0.125 + new["completion_tokens"] * 10
    assert new["cost_usd"] == pytest.approx(at_gpt5 / 1e6) and new["cost_usd"] > 0


async def test_count_tokens_and_anthropic_error_shapes(
    claude: anthropic.AsyncAnthropic, sidecar: Sidecar
) -> None:
    counted = await claude.messages.count_tokens(
        model="sidecar/auto", messages=[{"role": "user", "content": "hello " * 50}]
    )
    assert 40 <= counted.input_tokens <= 120
    with pytest.raises(anthropic.BadRequestError) as bad:
        await claude.messages.create(
            model="sidecar/auto",
            max_tokens=10,
            messages=[{"role": "wizard", "content": "x"}],  # type: ignore[misc, list-item]
        )
    assert bad.value.body["type"] == "error"  # type: ignore[index]
    assert bad.value.body["error"]["type"] == "invalid_request_error"  # type: ignore[index]
    async with anthropic.AsyncAnthropic(
        base_url=sidecar.url, api_key="wrong", max_retries=0
    ) as stranger:
        with pytest.raises(anthropic.AuthenticationError) as denied:
            await stranger.messages.create(
                model="x", max_tokens=5, messages=[{"role": "user", "content": "x"}]
            )
    assert denied.value.body["error"]["type"] == "authentication_error"  # type: ignore[index]


async def test_chat_completions_tool_calls_streamed_and_not(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.tool_call = ("get_weather", {"city": "Oslo"})
    tools: Any = [{"type": "function", "function": {
        "name": "get_weather", "parameters": WEATHER["input_schema"],
    }}]  # fmt: skip
    async with openai.AsyncOpenAI(base_url=sidecar.base_url, api_key=TOKEN, max_retries=0) as sdk:
        answer = await sdk.chat.completions.create(
            model="sidecar/frontier",
            tools=tools,
            messages=[{"role": "user", "content": "Weather in Oslo?"}],
        )
        [call] = answer.choices[0].message.tool_calls or []
        assert answer.choices[0].finish_reason == "tool_calls"
        assert call.function.name == "get_weather"  # type: ignore[union-attr]
        assert json.loads(call.function.arguments) == {"city": "Oslo"}  # type: ignore[union-attr]
        stream = await sdk.chat.completions.create(
            model="sidecar/frontier",
            tools=tools,
            stream=True,
            messages=[{"role": "user", "content": "Weather in Oslo?"}],
        )
        arguments, names, finish = "", [], None
        async for chunk in stream:
            for choice in chunk.choices:
                for delta in choice.delta.tool_calls or []:
                    if delta.function and delta.function.name:
                        names.append(delta.function.name)
                    arguments += (delta.function and delta.function.arguments) or ""
                finish = choice.finish_reason or finish
    assert names == ["get_weather"] and json.loads(arguments) == {"city": "Oslo"}
    assert finish == "tool_calls"


async def test_responses_on_the_local_model_and_with_tools_through_the_gateway(
    sidecar: Sidecar, gateway: StandinGateway
) -> None:
    async with openai.AsyncOpenAI(base_url=sidecar.base_url, api_key=TOKEN, max_retries=0) as sdk:
        response = await sdk.responses.create(
            model="sidecar/local",
            instructions="Be brief.",
            input="Say hello.",
            max_output_tokens=16,
        )
        assert response.output_text and response.usage is not None
        assert response.usage.output_tokens > 0
        kinds: list[str] = []
        stream = await sdk.responses.create(
            model="sidecar/local", input="Count to three.", max_output_tokens=12, stream=True
        )
        async for event in stream:
            kinds.append(event.type)
        assert kinds[0] == "response.created" and kinds[-1] in (
            "response.completed", "response.incomplete",
        )  # fmt: skip
        assert "response.output_text.delta" in kinds

        gateway.tool_call = ("get_weather", {"city": "Oslo"})
        tools: Any = [{"type": "function", "name": "get_weather",
                       "parameters": WEATHER["input_schema"], "strict": False}]  # fmt: skip
        called = await sdk.responses.create(
            model="sidecar/frontier", input="Weather in Oslo?", tools=tools
        )
        [item] = [o for o in called.output if o.type == "function_call"]
        assert item.name == "get_weather"
        assert json.loads(item.arguments) == {"city": "Oslo"}
    endpoints = {r["endpoint"] for r in sidecar.rows()}
    assert endpoints == {"/v1/responses"}


TITLE_SCHEMA: Any = {
    "type": "object",
    "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 36}},
    "required": ["title"],
    "additionalProperties": False,
}


async def test_a_title_request_on_the_main_model_is_served_locally_as_json(
    claude: anthropic.AsyncAnthropic, sidecar: Sidecar
) -> None:
    # Claude Code names a session with its main model, max_tokens 128000 and a JSON schema.
    async with claude.messages.stream(
        model="claude-opus-5-5",
        max_tokens=128000,
        system="You are naming a coding session. Answer with a two to five word title.",
        messages=[{"role": "user", "content": "<session>Fix the flaky login test</session>"}],
        extra_body={"output_config": {"format": {"type": "json_schema", "schema": TITLE_SCHEMA}}},
    ) as stream:
        message = await stream.get_final_message()
    block = message.content[0]
    assert block.type == "text"
    title = json.loads(block.text)["title"]  # the grammar holds the local model to the schema
    assert isinstance(title, str) and 1 <= len(title) <= 36
    [row] = sidecar.rows()
    assert (row["task"], row["route"]) == ("background", "local"), row["reasons"]
    async with openai.AsyncOpenAI(base_url=sidecar.base_url, api_key=TOKEN, max_retries=0) as sdk:
        answer = await sdk.chat.completions.create(
            model="sidecar/local",
            max_tokens=60,
            messages=[
                {"role": "user", "content": "Give a JSON object with a title for: fix login."}
            ],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "title", "schema": TITLE_SCHEMA, "strict": True},
            },
        )
    assert "title" in json.loads(answer.choices[0].message.content or "")
