from __future__ import annotations

import json
from typing import Any

import pytest
from openai._types import omit
from openai.lib.streaming.responses import ResponseStreamState
from openai.types.responses import Response, ResponseStreamEvent
from pydantic import TypeAdapter

from sidecar.errors import BudgetExceeded, ContextOverflow, GatewayError, RequestError
from sidecar.protocols import openai, responses
from sidecar.request import (
    Chunk,
    Endpoint,
    Image,
    Message,
    Result,
    ToolCall,
    ToolCallDelta,
    Usage,
)

EVENTS: TypeAdapter[Any] = TypeAdapter(ResponseStreamEvent)
PATCH = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\n"
PNG = "data:image/png;base64,iVBORw0KGgo="

# A turn as Codex CLI sends it to a custom provider (codex-rs ResponsesApiRequest).
CODEX_BODY: dict[str, Any] = {
    "model": "sidecar/auto",
    "instructions": "You are Codex, a coding agent.",
    "input": [
        {
            "type": "message",
            "role": "developer",
            "content": [
                {"type": "input_text", "text": "<permissions>workspace-write</permissions>"}
            ],
        },
        {
            "type": "message",
            "role": "user",
            "content": [
                {
                    "type": "input_text",
                    "text": "<environment_context>cwd=/src</environment_context>",
                },
                {"type": "input_text", "text": "add a.txt and list files"},
                {"type": "input_image", "image_url": PNG},
            ],
        },
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [{"type": "summary_text", "text": "Plan: patch, then ls"}],
            "content": None,
            "encrypted_content": "gAAAAABo-opaque",
        },
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "On it."}],
        },
        {"type": "custom_tool_call", "call_id": "call_p", "name": "apply_patch", "input": PATCH},
        {
            "type": "function_call",
            "call_id": "call_s",
            "name": "shell",
            "arguments": '{"command":["ls"]}',
        },
        {
            "type": "custom_tool_call_output",
            "call_id": "call_p",
            "output": "Success. Updated: A a.txt",
        },
        {"type": "function_call_output", "call_id": "call_s", "output": "a.txt\n"},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Done."}],
        },
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "thanks"}]},
    ],
    "tools": [
        {
            "type": "function",
            "name": "shell",
            "description": "Runs a shell command.",
            "strict": False,
            "parameters": {
                "type": "object",
                "properties": {"command": {"type": "array", "items": {"type": "string"}}},
                "required": ["command"],
                "additionalProperties": False,
            },
        },
        {
            "type": "custom",
            "name": "apply_patch",
            "description": "Use the `apply_patch` tool to edit files.",
            "format": {
                "type": "grammar",
                "syntax": "lark",
                "definition": 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF',
            },
        },
        {"type": "web_search"},
    ],
    "tool_choice": "auto",
    "parallel_tool_calls": False,
    "reasoning": {"effort": "medium", "summary": "auto"},
    "store": False,
    "stream": True,
    "include": ["reasoning.encrypted_content"],
    "prompt_cache_key": "conv-cache",
}


def test_codex_request_is_parsed() -> None:
    request = responses.parse_responses(CODEX_BODY, {"session_id": "conv-1"})
    assert request.endpoint is Endpoint.RESPONSES
    assert request.stream and request.session == "conv-1" and request.tool_choice == "auto"
    assert request.messages == (
        Message("system", "You are Codex, a coding agent."),
        Message("developer", "<permissions>workspace-write</permissions>"),
        Message(
            "user",
            "<environment_context>cwd=/src</environment_context>\nadd a.txt and list files",
            images=(Image(media_type="image/png", data="iVBORw0KGgo="),),
        ),
        Message(
            "assistant",
            "On it.",
            tool_calls=(
                ToolCall("call_p", "apply_patch", json.dumps({"input": PATCH})),
                ToolCall("call_s", "shell", '{"command":["ls"]}'),
            ),
        ),
        Message("tool", "Success. Updated: A a.txt", tool_call_id="call_p"),
        Message("tool", "a.txt\n", tool_call_id="call_s"),
        Message("assistant", "Done."),
        Message("user", "thanks"),
    )
    shell, patch = request.tools  # web_search is hosted: not offered
    assert shell.name == "shell" and shell.parameters["required"] == ["command"]
    assert patch.name == "apply_patch" and patch.parameters["required"] == ["input"]
    assert "begin_patch" in patch.parameters["properties"]["input"]["description"]
    assert request.body is CODEX_BODY
    assert responses.custom_tool_names(request) == {"apply_patch"}


def test_simple_input_and_session_fallbacks() -> None:
    request = responses.parse_responses(
        {
            "input": "hi",
            "max_output_tokens": 9,
            "temperature": 0.5,
            "user": "u",
            "prompt_cache_key": "k",
        },
        {},
    )
    assert request.messages == (Message("user", "hi"),)
    assert (request.max_tokens, request.temperature, request.user) == (9, 0.5, "u")
    assert request.session == "k" and request.model == "sidecar/auto" and not request.stream
    headers = {"Session-Id": "h"}
    assert (
        responses.parse_responses({"input": "x", "prompt_cache_key": "k"}, headers).session == "h"
    )


def test_function_call_output_variants() -> None:
    request = responses.parse_responses(
        {
            "input": [
                {"role": "user", "content": "go"},  # an easy message: no type
                {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
                {"type": "function_call", "call_id": "c2", "name": "f", "arguments": {"a": 1}},
                {
                    "type": "function_call_output",
                    "call_id": "c1",
                    "output": [
                        {"type": "input_text", "text": "seen"},
                        {"type": "input_image", "image_url": "http://i"},
                    ],
                },
                {
                    "type": "function_call_output",
                    "call_id": "c2",
                    "output": {"content": "boom", "success": False},
                },
                {
                    "type": "local_shell_call",
                    "call_id": "c3",
                    "status": "completed",
                    "action": {"type": "exec", "command": ["ls"]},
                },
                {"type": "local_shell_call_output", "call_id": "c3", "output": "ok"},
                {"type": "web_search_call", "status": "completed", "action": {"type": "search"}},
            ]
        },
        {},
    )
    user, calls, out1, out2, shell, out3 = request.messages
    assert user == Message("user", "go")
    assert [c.id for c in calls.tool_calls] == ["c1", "c2"] and calls.tool_calls[
        1
    ].arguments == '{"a": 1}'
    assert out1 == Message("tool", "seen", tool_call_id="c1", images=(Image(url="http://i"),))
    assert out2.is_error and out2.content == "boom"
    assert shell.tool_calls == (
        ToolCall("c3", "local_shell", '{"type": "exec", "command": ["ls"]}'),
    )
    assert out3.tool_call_id == "c3"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "input"),
        ({"input": 3}, "input"),
        ({"input": ["x"]}, "input[0]"),
        ({"input": [{"type": "message", "role": "robot", "content": "x"}]}, "input[0].role"),
        ({"input": [{"role": "user", "content": [{"text": "x"}]}]}, "input[0].content[0]"),
        ({"input": [{"type": ["message"], "role": "user", "content": "x"}]}, "input[0].type"),
        ({"input": [{"role": {"a": 1}, "content": "x"}]}, "input[0].role"),
        ({"input": "x", "max_output_tokens": 2**40}, "max_output_tokens"),
        ({"input": "x", "model": ""}, "model"),
        (
            {"input": [{"type": "function_call", "name": "f", "arguments": "{}"}]},
            "input[0].call_id",
        ),
        (
            {"input": [{"type": "function_call", "call_id": "c", "arguments": "{}"}]},
            "input[0].name",
        ),
        ({"input": [{"type": "custom_tool_call", "call_id": "c", "name": "p"}]}, "input[0].input"),
        ({"input": [{"type": "function_call_output", "output": "x"}]}, "input[0].call_id"),
        ({"input": [{"type": "item_reference", "id": "msg_1"}]}, "input[0]"),
        ({"input": "x", "previous_response_id": "resp_1"}, "previous_response_id"),
        ({"input": "x", "max_output_tokens": 0}, "max_output_tokens"),
        ({"input": "x", "temperature": 3}, "temperature"),
        ({"input": "x", "stream": "yes"}, "stream"),
        ({"input": "x", "instructions": ["x"]}, "instructions"),
        ({"input": "x", "tools": {}}, "tools"),
        ({"input": "x", "tools": [{"type": "function"}]}, "tools[0].name"),
        ({"input": "x", "tools": [{"name": "f"}]}, "tools[0].type"),
        (
            {"input": "x", "tools": [{"type": "function", "name": "f", "parameters": []}]},
            "tools[0].parameters",
        ),
        ({"input": "x", "tool_choice": "always"}, "tool_choice"),
        ({"input": "x", "tool_choice": {"type": "function"}}, "tool_choice.name"),
        ({"input": "x", "prompt_cache_key": 1}, "prompt_cache_key"),
    ],
)
def test_bad_fields_name_the_param(body: dict[str, Any], param: str) -> None:
    with pytest.raises(RequestError) as err:
        responses.parse_responses(body, {})
    assert err.value.param == param and err.value.status == 400


def test_tool_choice_shapes() -> None:
    def choice(value: Any) -> str | None:
        return responses.parse_responses({"input": "x", "tool_choice": value}, {}).tool_choice

    assert choice({"type": "function", "name": "shell"}) == "shell"
    assert choice({"type": "custom", "name": "apply_patch"}) == "apply_patch"
    assert choice({"type": "allowed_tools", "mode": "required", "tools": []}) == "required"
    assert choice({"type": "file_search"}) == "auto"
    assert choice("none") == "none"


def test_round_trip_through_chat_body() -> None:
    request = responses.parse_responses(CODEX_BODY, {})
    body = openai.to_chat_body(request, "gpt-4.1", stream=True)
    assert body["stream_options"] == {"include_usage": True} and body["tool_choice"] == "auto"
    assert body["messages"][2]["content"][0] == {"type": "image_url", "image_url": {"url": PNG}}
    back = openai.parse_chat(body)
    assert back.messages == request.messages
    assert back.tools == request.tools
    assert [t.parameters for t in back.tools] == [t.parameters for t in request.tools]
    assert back.tool_choice == request.tool_choice and back.stream


def _request(**extra: Any) -> Any:
    return responses.parse_responses({**CODEX_BODY, "stream": False, **extra}, {})


def test_response_object_validates_with_the_sdk() -> None:
    result = Result(
        text="Patched.",
        finish_reason="tool_calls",
        usage=None,
        model="m",
        thinking="Need a patch.",
        tool_calls=(
            ToolCall("call_1", "apply_patch", json.dumps({"input": PATCH})),
            ToolCall("call_2", "shell", '{"command":["ls"]}'),
        ),
    )
    body = responses.response_object("abc", _request(), result, Usage(10, 5, 4), "m")
    response = Response.model_validate(body)
    assert response.id == "resp_abc" and response.status == "completed"
    assert [item.type for item in response.output] == [
        "reasoning",
        "message",
        "custom_tool_call",
        "function_call",
    ]
    assert response.output_text == "Patched."
    assert body["output"][0]["summary"] == [{"type": "summary_text", "text": "Need a patch."}]
    assert body["output"][2]["input"] == PATCH and body["output"][2]["call_id"] == "call_1"
    assert body["output"][3]["arguments"] == '{"command":["ls"]}'
    assert response.usage is not None and response.usage.total_tokens == 15
    assert response.usage.input_tokens_details.cached_tokens == 4
    assert (
        response.parallel_tool_calls is False
        and response.instructions == CODEX_BODY["instructions"]
    )
    assert len({item["id"] for item in body["output"]}) == 4


def test_truncated_response_is_incomplete() -> None:
    result = Result(text="Once upon", finish_reason="length", usage=None, model="m")
    body = responses.response_object("resp_x", _request(), result, Usage(3, 2), "m")
    response = Response.model_validate(body)
    assert response.id == "resp_x" and response.status == "incomplete"
    assert response.incomplete_details is not None
    assert response.incomplete_details.reason == "max_output_tokens"
    assert body["output"][-1]["status"] == "incomplete"


def test_empty_answer_has_an_empty_message() -> None:
    body = responses.response_object("r", _request(), Result("", "stop", None, "m"), Usage(), "m")
    assert Response.model_validate(body).output_text == ""
    assert [item["type"] for item in body["output"]] == ["message"]


def test_pass_through_result_is_returned_unchanged() -> None:
    raw = {"id": "resp_up", "object": "response"}
    result = Result("", "stop", None, "m", raw=raw)
    assert responses.response_object("r", _request(), result, Usage(), "m") is raw


def _parse_sse(data: bytes) -> list[dict[str, Any]]:
    events = []
    for block in data.decode().split("\n\n"):
        if not block:
            continue
        name, payload = block.split("\n", 1)
        event = json.loads(payload.removeprefix("data: "))
        assert name == f"event: {event['type']}"
        events.append(event)
    return events


def _validate(events: list[dict[str, Any]]) -> Any:
    """Validate every event with the SDK and replay them through its stream accumulator."""
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    state: ResponseStreamState[Any] = ResponseStreamState(input_tools=omit, text_format=omit)
    for event in events:
        state.handle_event(EVENTS.validate_python(event))
    return Response.model_validate(events[-1]["response"])


def test_stream_validates_and_accumulates() -> None:
    encoder = responses.ResponsesStreamEncoder("resp_s", _request(stream=True), "m")
    out = encoder.encode(Chunk(thinking="Need "))
    out += encoder.encode(Chunk(thinking="a patch."))
    out += encoder.encode(Chunk(text="Patching "))
    out += encoder.encode(Chunk(text="now."))
    patch_args = json.dumps({"input": PATCH})
    out += encoder.encode(
        Chunk(tool_calls=(ToolCallDelta(0, "call_1", "apply_patch", patch_args[:10]),))
    )
    out += encoder.encode(Chunk(tool_calls=(ToolCallDelta(0, arguments=patch_args[10:]),)))
    out += encoder.encode(Chunk(tool_calls=(ToolCallDelta(1, "call_2", "shell", '{"command":'),)))
    out += encoder.encode(Chunk(tool_calls=(ToolCallDelta(1, arguments='["ls"]}'),)))
    out += encoder.finish("tool_calls", Usage(7, 3))
    events = _parse_sse(out)
    response = _validate(events)
    kinds = [e["type"] for e in events]
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed" and response.status == "completed"
    assert [item.type for item in response.output] == [
        "reasoning",
        "message",
        "custom_tool_call",
        "function_call",
    ]
    assert response.output_text == "Patching now."
    texts = [e["delta"] for e in events if e["type"] == "response.output_text.delta"]
    assert texts == ["Patching ", "now."]
    summary = [e["delta"] for e in events if e["type"] == "response.reasoning_summary_text.delta"]
    assert summary == ["Need ", "a patch."]
    custom = [e for e in events if e["type"].startswith("response.custom_tool_call_input")]
    assert [e["type"] for e in custom] == [
        "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done",
    ]
    assert custom[1]["input"] == PATCH
    args = [e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert "".join(args) == '{"command":["ls"]}'
    done = [e["item"] for e in events if e["type"] == "response.output_item.done"]
    assert done == events[-1]["response"]["output"]
    assert [e["output_index"] for e in events if e["type"] == "response.output_item.added"] == [
        0,
        1,
        2,
        3,
    ]
    assert response.usage is not None and response.usage.output_tokens == 3


def test_stream_of_text_only_and_truncated() -> None:
    encoder = responses.ResponsesStreamEncoder("r1", _request(stream=True), "m")
    out = encoder.encode(Chunk(text="Hel")) + encoder.encode(
        Chunk(text="lo", finish_reason="length", usage=Usage(1, 2))
    )
    out += encoder.finish()
    events = _parse_sse(out)
    response = _validate(events)
    assert events[-1]["type"] == "response.incomplete" and response.status == "incomplete"
    assert response.output_text == "Hello" and response.id == "resp_r1"
    assert response.usage is not None and response.usage.total_tokens == 3
    assert encoder.finish() == b"" and encoder.encode(Chunk(text="late")) == b""


def test_stream_of_nothing_still_has_a_message() -> None:
    encoder = responses.ResponsesStreamEncoder("r2", _request(stream=True), "m")
    events = _parse_sse(encoder.finish("stop", Usage()))
    response = _validate(events)
    assert [item.type for item in response.output] == ["message"] and response.output_text == ""


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (
            GatewayError("gateway stream broken", upstream_status=200, retryable=False),
            "server_error",
        ),
        (GatewayError("slow down", upstream_status=429, retryable=True), "rate_limit_exceeded"),
        (ContextOverflow(100, 10, 64), "context_length_exceeded"),
    ],
)
def test_stream_error_is_response_failed(error: Any, code: str) -> None:
    encoder = responses.ResponsesStreamEncoder("r3", _request(stream=True), "m")
    out = encoder.encode(Chunk(text="par")) + encoder.error(error)
    events = _parse_sse(out)
    failed = events[-1]
    assert failed["type"] == "response.failed" and failed["response"]["status"] == "failed"
    assert failed["response"]["error"] == {"code": code, "message": error.message}
    assert failed["response"]["output"][0]["status"] == "incomplete"
    if code != "context_length_exceeded":  # outside the SDK's list; Codex compacts on it
        _validate(events)
    assert encoder.finish() == b""


def test_stream_pass_through_writes_raw_events_only() -> None:
    encoder = responses.ResponsesStreamEncoder("r4", _request(stream=True), "m")
    raw = b'event: response.created\ndata: {"type":"response.created"}\n\n'
    assert encoder.encode(Chunk(text="x", raw=raw)) == raw
    assert encoder.encode(Chunk(text="y")) == b""
    assert encoder.finish("stop", Usage()) == b""


def test_stream_interleaved_calls_and_text_after_them() -> None:
    encoder = responses.ResponsesStreamEncoder("r5", _request(stream=True), "m")
    out = encoder.encode(
        Chunk(
            tool_calls=(
                ToolCallDelta(0, "c0", "shell", '{"command":'),
                ToolCallDelta(1, None, "shell", '{"command":'),
            )
        )
    )
    out += encoder.encode(
        Chunk(
            tool_calls=(
                ToolCallDelta(1, arguments='["pwd"]}'),
                ToolCallDelta(0, arguments='["ls"]}'),
            )
        )
    )
    out += encoder.encode(Chunk(text="Running both."))
    out += encoder.finish("tool_calls", Usage(1, 1))
    events = _parse_sse(out)
    response = _validate(events)
    first, second, message = response.output
    assert (
        first.type == "function_call"
        and first.call_id == "c0"
        and first.arguments == '{"command":["ls"]}'
    )
    assert second.type == "function_call" and second.call_id.startswith("call_")
    assert second.arguments == '{"command":["pwd"]}'
    assert message.type == "message" and response.output_text == "Running both."


def test_response_object_gives_calls_without_id_one() -> None:
    result = Result("", "tool_calls", None, "m", tool_calls=(ToolCall("", "shell", "{}"),))
    body = responses.response_object("r", _request(), result, Usage(), "m")
    assert [item["type"] for item in body["output"]] == ["function_call"]
    assert body["output"][0]["call_id"].startswith("call_")


def test_budget_error_tells_codex_to_stop() -> None:
    encoder = responses.ResponsesStreamEncoder("r6", _request(stream=True), "m")
    failed = _parse_sse(encoder.error(BudgetExceeded("daily frontier budget spent")))[-1]
    assert failed["response"]["error"]["code"] == "insufficient_quota"
