"""The capture and scripted test servers speak each wire API well enough for real SDKs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import openai
import pytest

from tests.support.capture import CaptureServer, redact
from tests.support.scripted import Say, ScriptedGateway, write_file

AGENT_DATA = Path(__file__).parent.parent / "data" / "agents"


@pytest.fixture
async def scripted(tmp_path: Path) -> AsyncIterator[ScriptedGateway]:
    gateway = ScriptedGateway([write_file(str(tmp_path), "hello.txt", "hi\n"), Say("Done.")])
    await gateway.start()
    yield gateway
    await gateway.close()


@pytest.fixture
async def capture() -> AsyncIterator[CaptureServer]:
    server = CaptureServer()
    await server.start()
    yield server
    await server.close()


def sdk(url: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=url + "/v1", api_key="k", max_retries=0)


WRITE_TOOL: Any = {
    "type": "function",
    "function": {
        "name": "write_file",
        "parameters": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
        },
    },
}


async def sse_events(url: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    """POST ``body`` and parse the ``data:`` lines of the SSE answer."""
    events = []
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        async for raw in response.content:
            line = raw.decode().strip()
            if line.startswith("data: ") and line != "data: [DONE]":
                events.append(json.loads(line[6:]))
    return events


async def test_chat_stream_calls_the_offered_tool_then_says_done(
    scripted: ScriptedGateway, tmp_path: Path
) -> None:
    messages: list[Any] = [{"role": "user", "content": "write hello.txt"}]
    async with sdk(scripted.url) as client:
        stream = await client.chat.completions.create(
            model="m",
            messages=messages,
            tools=[WRITE_TOOL],
            stream=True,
        )
        name, arguments, call_id, finish = "", "", "", None
        async for chunk in stream:
            for choice in chunk.choices:
                finish = choice.finish_reason or finish
                for call in choice.delta.tool_calls or []:
                    call_id = call.id or call_id
                    assert call.function is not None
                    name += call.function.name or ""
                    arguments += call.function.arguments or ""
        assert (name, finish) == ("write_file", "tool_calls")
        assert json.loads(arguments) == {"path": str(tmp_path / "hello.txt"), "content": "hi\n"}
        messages += [
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {"name": name, "arguments": arguments},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": call_id, "content": "ok"},
        ]
        done = await client.chat.completions.create(
            model="m", messages=messages, tools=[WRITE_TOOL]
        )
    assert done.choices[0].message.content == "Done."
    assert len(scripted.received) == 2


async def test_chat_without_tools_gets_aiders_edit_block(scripted: ScriptedGateway) -> None:
    async with sdk(scripted.url) as client:
        answer = await client.chat.completions.create(
            model="m",
            messages=[
                {"role": "system", "content": "be brief"},
                {"role": "user", "content": "example"},
                {"role": "assistant", "content": "Ok."},
                {"role": "user", "content": "write hello.txt"},
            ],
        )
    text = answer.choices[0].message.content or ""
    assert text.startswith("hello.txt\n```\n<<<<<<< SEARCH\n=======\nhi\n>>>>>>> REPLACE")


async def test_responses_stream_uses_a_freeform_apply_patch(scripted: ScriptedGateway) -> None:
    tools: Any = [{"type": "custom", "name": "apply_patch", "description": "patch"}]
    async with sdk(scripted.url) as client:
        stream = await client.responses.create(
            model="m", input="write hello.txt", tools=tools, stream=True
        )
        kinds = [event.type async for event in stream]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    assert "response.custom_tool_call_input.delta" in kinds
    completed = json.dumps(scripted.received[-1].body)
    assert "apply_patch" in completed
    async with sdk(scripted.url) as client:
        final = await client.responses.create(
            model="m",
            tools=tools,
            input=[
                {"type": "message", "role": "user", "content": "write hello.txt"},
                {"type": "custom_tool_call", "call_id": "c1", "name": "apply_patch", "input": "x"},
                {"type": "custom_tool_call_output", "call_id": "c1", "output": "ok"},
            ],
        )
    assert final.output_text == "Done."


async def test_responses_function_tool(scripted: ScriptedGateway, tmp_path: Path) -> None:
    tools: Any = [{"type": "function", "name": "exec_command", "parameters": {"type": "object"}}]
    async with sdk(scripted.url) as client:
        answer = await client.responses.create(model="m", input="write hello.txt", tools=tools)
    [item] = answer.output
    assert item.type == "function_call" and item.name == "exec_command"
    assert json.loads(item.arguments)["workdir"] == str(tmp_path)


async def test_anthropic_stream_tool_use_with_input_json_deltas(
    scripted: ScriptedGateway, tmp_path: Path
) -> None:
    body: dict[str, Any] = {
        "model": "claude-x",
        "max_tokens": 100,
        "stream": True,
        "tools": [{"name": "Write", "input_schema": {"type": "object"}}],
        "messages": [{"role": "user", "content": "write hello.txt"}],
    }
    events = await sse_events(scripted.url + "/v1/messages?beta=true", body)
    kinds = [event["type"] for event in events]
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    start = next(e for e in events if e["type"] == "content_block_start")
    assert (
        start["content_block"]["type"] == "tool_use" and start["content_block"]["name"] == "Write"
    )
    partial = "".join(
        e["delta"]["partial_json"] for e in events if e["type"] == "content_block_delta"
    )
    assert json.loads(partial) == {"file_path": str(tmp_path / "hello.txt"), "content": "hi\n"}
    stop = next(e for e in events if e["type"] == "message_delta")
    assert stop["delta"]["stop_reason"] == "tool_use"
    body["messages"] += [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "Write", "input": {}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}],
        },
    ]
    body["stream"] = False
    async with (
        aiohttp.ClientSession() as session,
        session.post(scripted.url + "/v1/messages", json=body) as response,
    ):
        message = await response.json()
    assert message["content"] == [{"type": "text", "text": "Done."}]
    assert message["stop_reason"] == "end_turn"


async def test_capture_answers_every_api_and_records(capture: CaptureServer) -> None:
    async with sdk(capture.url) as client:
        chat = await client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "hi"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        text = "".join([c.choices[0].delta.content or "" async for c in chat if c.choices])
        response = await client.responses.create(model="m", input="hi")
        models = await client.models.list()
    assert text == "Done." and response.output_text == "Done."
    assert [m.id for m in models.data] == ["capture-model"]
    events = await sse_events(
        capture.url + "/v1/messages", {"model": "c", "stream": True, "messages": []}
    )
    deltas = [e["delta"]["text"] for e in events if e["type"] == "content_block_delta"]
    assert "".join(deltas) == "Done."
    async with aiohttp.ClientSession() as session:
        async with session.post(
            capture.url + "/v1/messages/count_tokens", json={"messages": []}
        ) as r:
            assert (await r.json())["input_tokens"] > 0
        async with session.head(capture.url + "/api/hello") as r:
            assert r.status == 404
    paths = [record.path for record in capture.records]
    assert paths == [
        "/v1/chat/completions",
        "/v1/responses",
        "/v1/models",
        "/v1/messages",
        "/v1/messages/count_tokens",
        "/api/hello",
    ]


def test_redact_hides_secret_headers_and_paths() -> None:
    line = {
        "headers": {"Authorization": "Bearer sk-1", "X-Api-Key": "sk-2"},
        "body": {"cwd": "/home/me/p", "list": ["/home/me"]},
    }
    clean = redact(line, {"/home/me": "<HOME>"}, frozenset({"authorization", "x-api-key"}))
    assert clean == {
        "headers": {"Authorization": "<redacted>", "X-Api-Key": "<redacted>"},
        "body": {"cwd": "<HOME>/p", "list": ["<HOME>"]},
    }


@pytest.mark.parametrize("path", sorted(AGENT_DATA.glob("*.jsonl")), ids=lambda p: p.name)
def test_captured_agent_requests_are_redacted(path: Path) -> None:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines
    for line in lines:
        assert set(line) == {"method", "path", "headers", "body"}
        for name, value in line["headers"].items():
            if name.lower() in ("authorization", "x-api-key"):
                assert value == "<redacted>"
    text = path.read_text()
    assert "/tmp/" not in text and "sk-capture" not in text
