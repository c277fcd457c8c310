from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

import anthropic
import httpx2
import pytest

from sidecar.errors import (
    AuthError,
    BudgetExceeded,
    ForbiddenHost,
    GatewayError,
    GatewayNotConfigured,
    RequestError,
    SidecarError,
)
from sidecar.protocols import anthropic as protocol
from sidecar.protocols import sse
from sidecar.request import (
    Chunk,
    Endpoint,
    Image,
    Message,
    Request,
    Result,
    Tool,
    ToolCall,
    ToolCallDelta,
    Usage,
)

HEADERS = {"anthropic-version": "2023-06-01"}

BASH_SCHEMA = {
    "type": "object",
    "properties": {
        "command": {"type": "string", "description": "The command to execute"},
        "timeout": {
            "type": "number",
            "description": "Optional timeout in milliseconds (max 600000)",
        },
        "description": {
            "type": "string",
            "description": "Clear, concise description of what this command does in 5-10 words",
        },
    },
    "required": ["command"],
    "additionalProperties": False,
    "$schema": "http://json-schema.org/draft-07/schema#",
}
READ_SCHEMA = {
    "type": "object",
    "properties": {
        "file_path": {"type": "string", "description": "The absolute path to the file to read"},
        "offset": {"type": "number"},
        "limit": {"type": "number"},
    },
    "required": ["file_path"],
    "additionalProperties": False,
    "$schema": "http://json-schema.org/draft-07/schema#",
}
EDIT_SCHEMA = {
    "type": "object",
    "properties": {
        "file_path": {"type": "string"},
        "old_string": {"type": "string"},
        "new_string": {"type": "string"},
        "replace_all": {"type": "boolean", "default": False},
    },
    "required": ["file_path", "old_string", "new_string"],
    "additionalProperties": False,
    "$schema": "http://json-schema.org/draft-07/schema#",
}


def claude_code_body() -> dict[str, Any]:
    """A request as Claude Code sends it in the middle of a tool loop, thinking enabled."""
    return {
        "model": "claude-sonnet-4-5-20250929",
        "max_tokens": 32000,
        "temperature": 1,
        "stream": True,
        "system": [
            {
                "type": "text",
                "text": "You are Claude Code, Anthropic's official CLI for Claude.",
                "cache_control": {"type": "ephemeral"},
            },
            {
                "type": "text",
                "text": "You are an interactive CLI tool that helps users with software engineering tasks.",
                "cache_control": {"type": "ephemeral"},
            },
        ],
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "<system-reminder>This is a reminder that your todo list is currently empty.</system-reminder>",
                    },
                    {
                        "type": "text",
                        "text": "Fix the failing test in tests/test_math.py",
                        "cache_control": {"type": "ephemeral"},
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "thinking",
                        "thinking": "I should read the test before changing anything.",
                        "signature": "EqQBCkYIBRgCKkD0sig==",
                    },
                    {"type": "text", "text": "Let me look at the test."},
                    {
                        "type": "tool_use",
                        "id": "toolu_01ReadTest",
                        "name": "Read",
                        "input": {"file_path": "/repo/tests/test_math.py"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_01ReadTest",
                        "content": "     1\tdef test_add():\n     2\t    assert add(2, 2) == 5\n",
                    },
                    {
                        "type": "text",
                        "text": "I think the expected value is wrong.",
                        "cache_control": {"type": "ephemeral"},
                    },
                ],
            },
            {"role": "system", "content": "The user switched the model to Sonnet."},
        ],
        "tools": [
            {
                "name": "Bash",
                "description": "Executes a given bash command in a persistent shell session.",
                "input_schema": BASH_SCHEMA,
            },
            {
                "name": "Read",
                "description": "Reads a file from the local filesystem.",
                "input_schema": READ_SCHEMA,
            },
            {
                "name": "Edit",
                "description": "Performs exact string replacements in files.",
                "input_schema": EDIT_SCHEMA,
                "cache_control": {"type": "ephemeral"},
            },
        ],
        "metadata": {"user_id": "user_5f2a_account_9c1e_session_3b7d"},
        "thinking": {"type": "enabled", "budget_tokens": 31999},
    }


CLAUDE_CODE_HEADERS = {
    "Anthropic-Version": "2023-06-01",
    "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
    "X-Claude-Code-Session-Id": "3b7d6e0a-0000-4000-8000-000000000001",
    "x-api-key": "sk-local",
    "user-agent": "claude-cli/2.0.14 (external, cli)",
}


def test_claude_code_request_is_parsed() -> None:
    body = claude_code_body()
    request = protocol.parse_messages(body, CLAUDE_CODE_HEADERS)
    assert request.endpoint is Endpoint.MESSAGES
    assert request.messages == (
        Message(
            "system",
            "You are Claude Code, Anthropic's official CLI for Claude.\nYou are an interactive CLI tool that helps users with software engineering tasks.",
        ),
        Message(
            "user",
            "<system-reminder>This is a reminder that your todo list is currently empty.</system-reminder>\nFix the failing test in tests/test_math.py",
        ),
        Message(
            "assistant",
            "Let me look at the test.",
            tool_calls=(
                ToolCall("toolu_01ReadTest", "Read", '{"file_path": "/repo/tests/test_math.py"}'),
            ),
            thinking="I should read the test before changing anything.",
            thinking_signature="EqQBCkYIBRgCKkD0sig==",
        ),
        Message(
            "tool",
            "     1\tdef test_add():\n     2\t    assert add(2, 2) == 5\n",
            tool_call_id="toolu_01ReadTest",
        ),
        Message("user", "I think the expected value is wrong."),
        Message("system", "The user switched the model to Sonnet."),
    )
    assert [(t.name, t.parameters) for t in request.tools] == [
        ("Bash", BASH_SCHEMA),
        ("Read", READ_SCHEMA),
        ("Edit", EDIT_SCHEMA),
    ]
    assert request.tools[0].description.startswith("Executes")
    assert (request.model, request.max_tokens, request.temperature, request.stream) == (
        "claude-sonnet-4-5-20250929",
        32000,
        1.0,
        True,
    )
    assert request.user == "user_5f2a_account_9c1e_session_3b7d"
    assert request.session == "3b7d6e0a-0000-4000-8000-000000000001"
    assert request.headers == {
        "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14",
        "anthropic-version": "2023-06-01",
    }
    assert request.body is body and request.tool_choice is None


def test_claude_code_request_goes_to_a_gateway_with_the_system_prompt_joined() -> None:
    request = protocol.parse_messages(claude_code_body(), CLAUDE_CODE_HEADERS)
    body = protocol.to_messages_body(request, "claude-sonnet-4-5", stream=True)
    assert body["system"] == (
        "You are Claude Code, Anthropic's official CLI for Claude.\n"
        "You are an interactive CLI tool that helps users with software engineering tasks.\n"
        "The user switched the model to Sonnet."
    )
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert body["messages"][2]["content"] == [
        {
            "type": "tool_result",
            "tool_use_id": "toolu_01ReadTest",
            "content": "     1\tdef test_add():\n     2\t    assert add(2, 2) == 5\n",
        },
        {"type": "text", "text": "I think the expected value is wrong."},
    ]
    assert body["messages"][1]["content"][0] == {
        "type": "thinking",
        "thinking": "I should read the test before changing anything.",
        "signature": "EqQBCkYIBRgCKkD0sig==",
    }
    assert [t["input_schema"] for t in body["tools"]] == [BASH_SCHEMA, READ_SCHEMA, EDIT_SCHEMA]
    assert (body["model"], body["max_tokens"], body["stream"]) == ("claude-sonnet-4-5", 32000, True)


def _user(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": list(blocks)}]}


def test_user_blocks_become_tool_messages_then_one_user_message() -> None:
    request = protocol.parse_messages(
        _user(
            {"type": "text", "text": "see"},
            {
                "type": "image",
                "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
            },
            {
                "type": "tool_result",
                "tool_use_id": "toolu_1",
                "content": [
                    {"type": "text", "text": "out"},
                    {
                        "type": "image",
                        "source": {"type": "url", "url": "https://example.com/a.png"},
                    },
                ],
            },
            {"type": "tool_result", "tool_use_id": "toolu_2", "is_error": True, "content": "boom"},
            {"type": "tool_result", "tool_use_id": "toolu_3"},
            {
                "type": "document",
                "source": {"type": "text", "media_type": "text/plain", "data": "doc text"},
            },
            {
                "type": "document",
                "source": {"type": "content", "content": [{"type": "text", "text": "part"}]},
            },
            {
                "type": "document",
                "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="},
            },
            {"type": "image", "source": {"type": "file", "file_id": "file_1"}},
            {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
            {"type": "a_block_from_2027", "payload": 1},
        ),
        HEADERS,
    )
    assert request.messages == (
        Message(
            "tool", "out", tool_call_id="toolu_1", images=(Image(url="https://example.com/a.png"),)
        ),
        Message("tool", "boom", tool_call_id="toolu_2", is_error=True),
        Message("tool", "", tool_call_id="toolu_3"),
        Message("user", "see\ndoc text\npart", images=(Image("image/png", "iVBORw0KGgo="),)),
    )


def test_assistant_blocks_and_redacted_thinking() -> None:
    body = {
        "model": "m",
        "max_tokens": 10,
        "messages": [
            {"role": "user", "content": "search"},
            {
                "role": "assistant",
                "content": [
                    {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"},
                    {
                        "type": "server_tool_use",
                        "id": "srvtoolu_1",
                        "name": "web_search",
                        "input": {"query": "x"},
                    },
                    {
                        "type": "tool_use",
                        "id": "toolu_1",
                        "name": "Bash",
                        "input": {"command": "ls é"},
                    },
                    {"type": "tool_use", "id": "toolu_2", "name": "Read", "input": {}},
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "a", "signature": "s1"},
                    {"type": "thinking", "thinking": "b", "signature": "s2"},
                ],
            },
        ],
    }
    messages = protocol.parse_messages(body, {}).messages
    assert messages[1] == Message(
        "assistant",
        tool_calls=(
            ToolCall("toolu_1", "Bash", '{"command": "ls é"}'),
            ToolCall("toolu_2", "Read", "{}"),
        ),
        thinking_signature="EmwKAhgBEgy3va3pzix",
    )
    # Interleaved thinking blocks are joined; no single signature covers the joined text.
    assert (messages[2].thinking, messages[2].thinking_signature) == ("a\nb", "")


def test_tools_tool_choice_and_sampling_fields() -> None:
    body = {
        "model": "m",
        "max_tokens": 10,
        "messages": [{"role": "user", "content": "hi"}],
        "tools": [
            {"type": "custom", "name": "get_weather", "input_schema": {"type": "object"}},
            {"type": "web_search_20250305", "name": "web_search", "max_uses": 5},
            {"type": "bash_20250124", "name": "bash"},
            {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},
        ],
        "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": True},
        "stop_sequences": ["\n\nHuman:", "END"],
        "top_p": 0.9,
        "top_k": 40,
        "metadata": {"user_id": None},
    }
    request = protocol.parse_messages(body, {})
    assert request.tools == (
        Tool("get_weather"),
        Tool("web_search"),
        Tool("bash"),
        Tool("str_replace_based_edit_tool"),
    )
    assert [t.parameters for t in request.tools] == [{"type": "object"}, {}, {}, {}]
    assert (request.tool_choice, request.stop, request.top_p, request.user) == (
        "get_weather",
        ("\n\nHuman:", "END"),
        0.9,
        None,
    )
    assert (request.temperature, request.stream, request.session, request.headers) == (
        None,
        False,
        None,
        {},
    )


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, "auto"),
        ({"type": "any"}, "required"),
        ({"type": "none"}, "none"),
        ({"type": "tool", "name": "Read"}, "Read"),
        (None, None),
    ],
)
def test_tool_choice_maps_both_ways(choice: dict[str, str] | None, expected: str | None) -> None:
    body: dict[str, Any] = {
        "model": "m",
        "max_tokens": 1,
        "messages": [{"role": "user", "content": "x"}],
        "tools": [{"name": "Read", "input_schema": READ_SCHEMA}],
    }
    if choice is not None:
        body["tool_choice"] = choice
    request = protocol.parse_messages(body, {})
    assert request.tool_choice == expected
    assert protocol.to_messages_body(request, "m", False).get("tool_choice") == choice


def test_count_tokens_does_not_need_max_tokens() -> None:
    request = protocol.parse_count_tokens(
        {"model": "m", "messages": [{"role": "user", "content": "hi"}]}, {}
    )
    assert (request.endpoint, request.max_tokens, request.messages) == (
        Endpoint.MESSAGES,
        1,
        (Message("user", "hi"),),
    )
    assert protocol.count_tokens_response(12) == {"input_tokens": 12}
    with pytest.raises(RequestError) as err:
        protocol.parse_count_tokens({"model": "m", "messages": "hi"}, {})
    assert err.value.param == "messages"


def _with(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    body = claude_code_body()
    change(body)
    return body


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (["not", "an", "object"], None),
        (_with(lambda b: b.pop("messages")), "messages"),
        (_with(lambda b: b.update(messages=[])), "messages"),
        (_with(lambda b: b.pop("max_tokens")), "max_tokens"),
        (_with(lambda b: b.update(max_tokens=0)), "max_tokens"),
        (_with(lambda b: b.update(max_tokens=True)), "max_tokens"),
        (_with(lambda b: b.pop("model")), "model"),
        (_with(lambda b: b.update(model="")), "model"),
        (_with(lambda b: b.update(system=3)), "system"),
        (_with(lambda b: b["system"].append({"type": "text", "text": None})), "system[2].text"),
        (_with(lambda b: b["messages"].append("hi")), "messages[4]"),
        (
            _with(lambda b: b["messages"].append({"role": "tool", "content": "x"})),
            "messages[4].role",
        ),
        (_with(lambda b: b["messages"].append({"role": "user"})), "messages[4].content"),
        (
            _with(lambda b: b["messages"].append({"role": ["user"], "content": "x"})),
            "messages[4].role",
        ),
        (
            _with(lambda b: b["messages"][0]["content"].append({"type": ["text"]})),
            "messages[0].content[2]",
        ),
        (_with(lambda b: b.update(max_tokens=2**31)), "max_tokens"),
        (_with(lambda b: b.update(stop_sequences=["END", None])), "stop_sequences[1]"),
        (
            _with(lambda b: b["messages"][0]["content"].append({"text": "untyped"})),
            "messages[0].content[2]",
        ),
        (
            _with(lambda b: b["messages"][1]["content"][2].update(input=["ls"])),
            "messages[1].content[2].input",
        ),
        (_with(lambda b: b["messages"][1]["content"][2].pop("id")), "messages[1].content[2].id"),
        (
            _with(lambda b: b["messages"][1]["content"][0].update(signature=1)),
            "messages[1].content[0].signature",
        ),
        (
            _with(lambda b: b["messages"][2]["content"][0].update(is_error="yes")),
            "messages[2].content[0].is_error",
        ),
        (
            _with(
                lambda b: b["messages"][2]["content"][0].update(
                    content=[{"type": "text", "text": 5}]
                )
            ),
            "messages[2].content[0].content[0].text",
        ),
        (
            _with(lambda b: b["messages"][2]["content"][0].pop("tool_use_id")),
            "messages[2].content[0].tool_use_id",
        ),
        (
            _with(
                lambda b: b["messages"][0]["content"].append({"type": "image", "source": "x.png"})
            ),
            "messages[0].content[2].source",
        ),
        (
            _with(
                lambda b: b["messages"][0]["content"].append(
                    {"type": "image", "source": {"type": "base64", "data": "x"}}
                )
            ),
            "messages[0].content[2].source.media_type",
        ),
        (
            _with(
                lambda b: b["messages"][0]["content"].append(
                    {"type": "document", "source": {"type": "text", "data": None}}
                )
            ),
            "messages[0].content[2].source.data",
        ),
        (_with(lambda b: b.update(tools={})), "tools"),
        (_with(lambda b: b["tools"][1].pop("input_schema")), "tools[1].input_schema"),
        (_with(lambda b: b["tools"][1].update(name=None)), "tools[1].name"),
        (_with(lambda b: b["tools"][1].update(description=["x"])), "tools[1].description"),
        (_with(lambda b: b["tools"][1].update(type=7)), "tools[1].type"),
        (_with(lambda b: b.update(tool_choice="auto")), "tool_choice"),
        (_with(lambda b: b.update(tool_choice={"type": "sometimes"})), "tool_choice.type"),
        (_with(lambda b: b.update(tool_choice={"type": "tool"})), "tool_choice.name"),
        (_with(lambda b: b.update(temperature=1.5)), "temperature"),
        (_with(lambda b: b.update(top_p="high")), "top_p"),
        (_with(lambda b: b.update(stop_sequences="END")), "stop_sequences"),
        (_with(lambda b: b.update(stream="yes")), "stream"),
        (_with(lambda b: b.update(metadata="me")), "metadata"),
        (_with(lambda b: b.update(metadata={"user_id": 3})), "metadata.user_id"),
    ],
)
def test_bad_fields_name_the_param(body: Any, param: str | None) -> None:
    with pytest.raises(RequestError) as err:
        protocol.parse_messages(body, {})
    assert err.value.param == param and err.value.status == 400


# Anthropic -> internal -> Anthropic.

# A body in the shape to_messages_body writes, using every block the internal types hold.
CANONICAL_BODY: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "system": "Be terse.",
    "messages": [
        {"role": "user", "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
            {"type": "image", "source": {"type": "url", "url": "https://example.com/b.jpg"}},
            {"type": "text", "text": "What is in these?"},
        ]},
        {"role": "assistant", "content": [
            {"type": "thinking", "thinking": "Two images.", "signature": "sig-1"},
            {"type": "text", "text": "Let me check both."},
            {"type": "tool_use", "id": "toolu_a", "name": "describe", "input": {"n": 1, "tags": ["x", "é"]}},
            {"type": "tool_use", "id": "toolu_b", "name": "describe", "input": {}},
        ]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_a", "content": [
                {"type": "text", "text": "a cat"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQ"}},
            ]},
            {"type": "tool_result", "tool_use_id": "toolu_b", "content": "unreadable", "is_error": True},
            {"type": "text", "text": "Go on."},
        ]},
        {"role": "assistant", "content": [
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy"},
            {"type": "tool_use", "id": "toolu_c", "name": "describe", "input": {"n": 2}},
        ]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_c", "content": "a dog"}]},
        {"role": "assistant", "content": "A cat and a dog."},
        {"role": "user", "content": "Thanks."},
    ],
    "top_p": 0.9,
    "stop_sequences": ["END"],
    "tools": [
        {"name": "describe", "description": "Describe image n.", "input_schema": {"type": "object", "properties": {"n": {"type": "integer"}}}},
        {"name": "noop", "input_schema": {"type": "object", "properties": {}}},
    ],
    "tool_choice": {"type": "any"},
    "metadata": {"user_id": "dev-1"},
    "stream": True,
}  # fmt: skip


def test_canonical_body_survives_parse_and_render_unchanged() -> None:
    request = protocol.parse_messages(
        copy.deepcopy(CANONICAL_BODY), {"x-claude-code-session-id": "s"}
    )
    assert protocol.to_messages_body(request, "claude-sonnet-4-5", stream=True) == CANONICAL_BODY


def test_parse_render_parse_keeps_the_request() -> None:
    body = claude_code_body()
    body["messages"].pop()  # a system message inside messages moves into `system` on render
    body["messages"][0]["content"].append(
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}}
    )
    body["tools"].append({"type": "web_search_20250305", "name": "web_search"})
    body["tool_choice"] = {"type": "auto"}
    body["stop_sequences"] = ["</answer>"]
    request = protocol.parse_messages(body, CLAUDE_CODE_HEADERS)
    again = protocol.parse_messages(
        protocol.to_messages_body(request, request.model, request.stream), CLAUDE_CODE_HEADERS
    )
    assert again == request
    # Custom tools keep their schemas; a server tool comes back as a custom tool with an empty one.
    assert [t.parameters for t in again.tools] == [
        BASH_SCHEMA,
        READ_SCHEMA,
        EDIT_SCHEMA,
        protocol.EMPTY_SCHEMA,
    ]


def test_sampling_and_tool_choice_are_sent_only_as_anthropic_accepts_them() -> None:
    both = Request(
        Endpoint.CHAT,
        "gpt-4o",
        (Message("user", "x"),),
        temperature=0.2,
        top_p=0.9,
        tool_choice="auto",
    )
    body = protocol.to_messages_body(both, "m", stream=False)
    assert (body["temperature"], "top_p" in body, "tool_choice" in body) == (0.2, False, False)
    top_p_only = protocol.to_messages_body(replace(both, temperature=None), "m", stream=False)
    assert (top_p_only["top_p"], "temperature" in top_p_only) == (0.9, False)


def test_render_for_a_gateway_from_an_openai_shaped_request() -> None:
    messages = (
        Message("developer", "rules"),
        Message("system", "more rules"),
        Message("user", "look", images=(Image(url="data:image/png;base64,AAAA"),)),
        Message(
            "assistant",
            "",
            tool_calls=(ToolCall("call_1", "f", "not json"), ToolCall("call_2", "f", "[1]")),
            thinking="unsigned",
        ),
        Message("tool", "r1", tool_call_id="call_1"),
        Message("function", "r2", tool_call_id="call_2"),
        Message("assistant", "done", thinking="unsigned too"),
    )
    request = Request(
        endpoint=Endpoint.CHAT,
        model="gpt-4o",
        messages=messages,
        temperature=1.7,
        tools=(Tool("f"),),
        tool_choice="none",
    )
    body = protocol.to_messages_body(request, "claude-haiku-4-5", stream=False)
    assert body == {
        "model": "claude-haiku-4-5",
        "max_tokens": 4096,
        "system": "rules\nmore rules",
        "messages": [
            {"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}}, {"type": "text", "text": "look"}]},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "call_1", "name": "f", "input": {}},
                {"type": "tool_use", "id": "call_2", "name": "f", "input": {}},
            ]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "r1"},
                {"type": "tool_result", "tool_use_id": "call_2", "content": "r2"},
            ]},
            {"role": "assistant", "content": "done"},
        ],
        "temperature": 1.0,
        "tools": [{"name": "f", "input_schema": {"type": "object", "properties": {}}}],
        "tool_choice": {"type": "none"},
        "stream": False,
    }  # fmt: skip


# Answers.

USAGE = Usage(prompt_tokens=120, completion_tokens=30, cached_tokens=100)
FULL_RESULT = Result(
    text="Fixed it.",
    finish_reason="tool_calls",
    usage=USAGE,
    model="claude-sonnet-4-5",
    tool_calls=(
        ToolCall(
            "toolu_1", "Edit", '{"file_path": "/r/t.py", "old_string": "5", "new_string": "4"}'
        ),
        ToolCall("toolu_2", "Bash", '{"command": "pytest"}'),
    ),
    thinking="The assertion is off by one.",
    thinking_signature="sig",
)


def test_message_response_shape() -> None:
    body = protocol.message_response("msg_01", FULL_RESULT, USAGE, "claude-sonnet-4-5")
    assert body == {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [
            {"type": "thinking", "thinking": "The assertion is off by one.", "signature": "sig"},
            {"type": "text", "text": "Fixed it."},
            {
                "type": "tool_use",
                "id": "toolu_1",
                "name": "Edit",
                "input": {"file_path": "/r/t.py", "old_string": "5", "new_string": "4"},
            },
            {"type": "tool_use", "id": "toolu_2", "name": "Bash", "input": {"command": "pytest"}},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 20,
            "output_tokens": 30,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 100,
        },
    }


@pytest.mark.parametrize(
    ("result", "content", "stop"),
    [
        (Result("", "stop", None, "m"), [{"type": "text", "text": ""}], ("end_turn", None)),
        (
            Result("", "tool_calls", None, "m", tool_calls=(ToolCall("t", "f", "{broken"),)),
            [{"type": "tool_use", "id": "t", "name": "f", "input": {}}],
            ("tool_use", None),
        ),
        (
            Result("x", "length", None, "m", thinking="local, unsigned"),
            [
                {"type": "thinking", "thinking": "local, unsigned", "signature": ""},
                {"type": "text", "text": "x"},
            ],
            ("max_tokens", None),
        ),
        (
            Result("x", "stop_sequence:END", None, "m"),
            [{"type": "text", "text": "x"}],
            ("stop_sequence", "END"),
        ),
        (Result("x", "cancelled", None, "m"), [{"type": "text", "text": "x"}], ("end_turn", None)),
        (
            Result("", "stop", None, "m", thinking_signature="redacted"),
            [{"type": "redacted_thinking", "data": "redacted"}, {"type": "text", "text": ""}],
            ("end_turn", None),
        ),
    ],
)
def test_message_response_content_and_stop_reason(
    result: Result, content: list[dict[str, Any]], stop: tuple[str, str | None]
) -> None:
    body = protocol.message_response("msg_1", result, Usage(), "m")
    assert body["content"] == content
    assert (body["stop_reason"], body["stop_sequence"]) == stop


def test_message_response_passes_an_upstream_body_through() -> None:
    raw = {"id": "msg_upstream", "type": "message", "content": []}
    result = Result("", "stop", None, "m", raw=raw)
    assert protocol.message_response("msg_1", result, Usage(), "m") is raw


def test_message_round_trip() -> None:
    body = protocol.message_response("msg_01", FULL_RESULT, USAGE, FULL_RESULT.model)
    result = protocol.parse_message_body(body)
    assert result == FULL_RESULT
    assert protocol.message_response("msg_01", result, USAGE, result.model) == body


def test_upstream_message_is_read() -> None:
    result = protocol.parse_message_body({
        "id": "msg_x", "type": "message", "role": "assistant", "model": "claude-opus-4-1",
        "content": [
            {"type": "redacted_thinking", "data": "opaque"},
            {"type": "text", "text": "According to the docs, ", "citations": None},
            {"type": "text", "text": "yes.", "citations": [{"type": "char_location"}]},
            {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "q"}},
        ],
        "stop_reason": "stop_sequence", "stop_sequence": "###",
        "usage": {"input_tokens": 5, "output_tokens": 7, "cache_read_input_tokens": 90, "cache_creation_input_tokens": 20},
    })  # fmt: skip
    assert result == Result(
        "According to the docs, yes.",
        "stop",
        Usage(115, 7, 90, cache_write_tokens=20),
        "claude-opus-4-1",
        thinking_signature="opaque",
    )
    assert protocol.parse_message_body({"content": [], "stop_reason": "max_tokens"}).usage is None
    with pytest.raises(GatewayError):
        protocol.parse_message_body(
            {"type": "error", "error": {"type": "api_error", "message": "x"}}
        )


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (RequestError("bad"), "invalid_request_error"),
        (AuthError("no token"), "authentication_error"),
        (ForbiddenHost("evil.example"), "permission_error"),
        (RequestError("nothing here", status=404), "not_found_error"),
        (RequestError("too big", status=413), "request_too_large"),
        (RequestError("unprocessable", status=422), "invalid_request_error"),
        (BudgetExceeded("Daily frontier budget spent"), "rate_limit_error"),
        (SidecarError("bug"), "api_error"),
        (GatewayError("down", upstream_status=None, retryable=True), "api_error"),
        (GatewayError("refused", upstream_status=403, retryable=False), "permission_error"),
        (GatewayNotConfigured(), "api_error"),
    ],
)
def test_error_body_type_follows_the_status(exc: SidecarError, kind: str) -> None:
    assert protocol.error_body(exc) == {
        "type": "error",
        "error": {"type": kind, "message": exc.message},
    }


@pytest.mark.parametrize(
    ("status", "kind"), [(504, "api_error"), (529, "overloaded_error"), (501, "api_error")]
)
def test_error_body_gateway_statuses(status: int, kind: str) -> None:
    exc = SidecarError("upstream")
    exc.status = status
    assert protocol.error_body(exc)["error"]["type"] == kind


# Streams.


async def _events(data: bytes) -> list[sse.Event]:
    async def lines() -> AsyncIterator[bytes]:
        for line in data.splitlines(keepends=True):
            yield line

    return [event async for event in sse.decode(lines())]


STREAM_CHUNKS = [
    Chunk(thinking="The assertion "),
    Chunk(thinking="is off by one."),
    Chunk("Fixing"),
    Chunk(" it."),
    Chunk(tool_calls=(ToolCallDelta(0, "toolu_1", "Edit"),)),
    Chunk(tool_calls=(ToolCallDelta(0, arguments='{"file_path": "/r/t.py", '),)),
    Chunk(tool_calls=(ToolCallDelta(0, arguments='"old_string": "5", "new_string": "4"}'),)),
    Chunk(tool_calls=(ToolCallDelta(1, "toolu_2", "Bash"),)),
    Chunk(tool_calls=(ToolCallDelta(1, arguments='{"command": "pytest"}'),)),
]


def _encode(chunks: list[Chunk], finish: str, usage: Usage) -> bytes:
    encoder = protocol.MessagesStreamEncoder("msg_01", "claude-sonnet-4-5")
    return (
        encoder.start(usage.prompt_tokens)
        + b"".join(map(encoder.encode, chunks))
        + encoder.finish(finish, usage)
    )


async def test_stream_events_in_order() -> None:
    events = await _events(_encode(STREAM_CHUNKS, "tool_calls", USAGE))
    data = [json.loads(e.data) for e in events]
    assert all(e.event == d["type"] for e, d in zip(events, data, strict=True))
    assert [(d["type"], d.get("index")) for d in data] == [
        ("message_start", None),
        ("content_block_start", 0), ("content_block_delta", 0), ("content_block_delta", 0), ("content_block_stop", 0),
        ("content_block_start", 1), ("content_block_delta", 1), ("content_block_delta", 1), ("content_block_stop", 1),
        ("content_block_start", 2), ("content_block_delta", 2), ("content_block_delta", 2), ("content_block_stop", 2),
        ("content_block_start", 3), ("content_block_delta", 3), ("content_block_stop", 3),
        ("message_delta", None),
        ("message_stop", None),
    ]  # fmt: skip
    assert data[0]["message"]["usage"] == {"input_tokens": 120, "output_tokens": 0}
    assert [data[i]["content_block"] for i in (1, 5, 9)] == [
        {"type": "thinking", "thinking": "", "signature": ""},
        {"type": "text", "text": ""},
        {"type": "tool_use", "id": "toolu_1", "name": "Edit", "input": {}},
    ]
    assert data[2]["delta"] == {"type": "thinking_delta", "thinking": "The assertion "}
    assert data[6]["delta"] == {"type": "text_delta", "text": "Fixing"}
    assert data[10]["delta"] == {
        "type": "input_json_delta",
        "partial_json": '{"file_path": "/r/t.py", ',
    }
    assert data[-2] == {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {
            "input_tokens": 20,
            "output_tokens": 30,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 100,
        },
    }


async def test_stream_starts_itself_and_never_ends_empty() -> None:
    encoder = protocol.MessagesStreamEncoder("msg_1", "m")
    out = encoder.encode(Chunk()) + encoder.finish("stop_sequence:END", Usage())
    data = [json.loads(e.data) for e in await _events(out)]
    assert [d["type"] for d in data] == [
        "message_start",
        "content_block_start",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert data[0]["message"]["id"] == "msg_1" and encoder.start() == b""
    assert data[3]["delta"] == {"stop_reason": "stop_sequence", "stop_sequence": "END"}


async def test_a_tool_call_without_an_id_gets_one_and_arguments_in_its_first_delta_are_kept() -> (
    None
):
    encoder = protocol.MessagesStreamEncoder("msg_1", "m")
    out = encoder.encode(Chunk(tool_calls=(ToolCallDelta(0, name="f", arguments="{}"),)))
    data = [json.loads(e.data) for e in await _events(out)]
    assert data[1]["content_block"]["id"].startswith("toolu_")
    assert data[2]["delta"] == {"type": "input_json_delta", "partial_json": "{}"}


def test_stream_passes_upstream_events_through() -> None:
    encoder = protocol.MessagesStreamEncoder("msg_1", "m")
    raw = b'event: message_start\ndata: {"type": "message_start"}\n\n'
    assert encoder.encode(Chunk("parsed too", raw=raw)) == raw
    assert encoder.finish("stop", Usage()) == b""


def test_ping_and_error_events() -> None:
    assert protocol.MessagesStreamEncoder.ping() == b'event: ping\ndata: {"type": "ping"}\n\n'
    error = protocol.MessagesStreamEncoder.error(
        GatewayError("gone", upstream_status=None, retryable=True)
    )
    assert (
        error
        == b'event: error\ndata: {"type": "error", "error": {"type": "api_error", "message": "gone"}}\n\n'
    )
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    assert (
        protocol.MessagesStreamEncoder.error(body)
        == f"event: error\ndata: {json.dumps(body)}\n\n".encode()
    )


async def _parse(data: bytes) -> tuple[list[Chunk], protocol.MessagesStreamParser]:
    parser = protocol.MessagesStreamParser()
    chunks = []
    for event in await _events(data):
        chunks += parser.feed(event.event, event.data)
    return chunks, parser


@pytest.mark.parametrize("finish", ["stop", "length", "tool_calls"])
async def test_stream_round_trip(finish: str) -> None:
    chunks, parser = await _parse(_encode(STREAM_CHUNKS, finish, USAGE))
    assert chunks == [*STREAM_CHUNKS, Chunk(finish_reason=finish, usage=USAGE)]
    assert (parser.message_id, parser.model) == ("msg_01", "claude-sonnet-4-5")


UPSTREAM_STREAM = b"""event: message_start
data: {"type":"message_start","message":{"id":"msg_u","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":3,"cache_read_input_tokens":40,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCg=="}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: ping
data: {"type": "ping"}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Reading."}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: content_block_start
data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_9","name":"Read","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"file_path\\": \\"/a\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":2}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":25}}

event: message_stop
data: {"type":"message_stop"}

"""


async def test_upstream_stream_is_read() -> None:
    chunks, parser = await _parse(UPSTREAM_STREAM)
    assert chunks == [
        Chunk(thinking="Hmm."),
        Chunk("Reading."),
        Chunk(tool_calls=(ToolCallDelta(0, "toolu_9", "Read"),)),
        Chunk(tool_calls=(ToolCallDelta(0, arguments='{"file_path": "/a"}'),)),
        Chunk(finish_reason="tool_calls", usage=Usage(55, 25, 40, cache_write_tokens=3)),
    ]
    assert parser.signature == "EqQBCg=="


def test_upstream_stream_error_raises() -> None:
    parser = protocol.MessagesStreamParser()
    with pytest.raises(GatewayError) as err:
        parser.feed(
            "error",
            '{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}',
        )
    assert (err.value.message, err.value.upstream_status, err.value.retryable) == (
        "Overloaded",
        None,
        False,
    )
    with pytest.raises(GatewayError):
        parser.feed("message_start", "{not json")
    assert parser.feed("future_event", '{"type": "future_event"}') == []


# The official SDK as the client: sidecar's shapes must read as Anthropic's.


def _client(handler: Callable[[httpx2.Request], httpx2.Response]) -> anthropic.Anthropic:
    return anthropic.Anthropic(
        api_key="sk-local",
        base_url="http://127.0.0.1:8741",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )


def test_sdk_request_and_message_round_trip() -> None:
    seen = []

    def handler(http: httpx2.Request) -> httpx2.Response:
        request = protocol.parse_messages(json.loads(http.content), http.headers)
        seen.append(request)
        return httpx2.Response(
            200, json=protocol.message_response("msg_01", FULL_RESULT, USAGE, request.model)
        )

    message = _client(handler).messages.create(
        model="sidecar/auto",
        max_tokens=512,
        system=[{"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral"}}],
        messages=[
            {"role": "user", "content": "fix it"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_0",
                        "name": "Bash",
                        "input": {"command": "pytest"},
                    }
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_0",
                        "content": "1 failed",
                        "is_error": True,
                    }
                ],
            },
        ],
        tools=[{"name": "Bash", "description": "Run a command.", "input_schema": BASH_SCHEMA}],
        tool_choice={"type": "any"},
        extra_headers={
            "X-Claude-Code-Session-Id": "sess-1",
            "anthropic-beta": "interleaved-thinking-2025-05-14",
        },
    )
    request = seen[0]
    assert request.messages == (
        Message("system", "Be terse."),
        Message("user", "fix it"),
        Message("assistant", tool_calls=(ToolCall("toolu_0", "Bash", '{"command": "pytest"}'),)),
        Message("tool", "1 failed", tool_call_id="toolu_0", is_error=True),
    )
    assert (request.tool_choice, request.session, request.headers["anthropic-beta"]) == (
        "required",
        "sess-1",
        "interleaved-thinking-2025-05-14",
    )
    assert "anthropic-version" in request.headers
    assert [block.type for block in message.content] == ["thinking", "text", "tool_use", "tool_use"]
    assert message.stop_reason == "tool_use" and message.usage.cache_read_input_tokens == 100
    assert protocol.parse_message_body(message.model_dump()) == replace(
        FULL_RESULT, model="sidecar/auto"
    )


def test_sdk_stream_accumulates_to_the_non_streamed_message() -> None:
    def handler(http: httpx2.Request) -> httpx2.Response:
        body = _encode(STREAM_CHUNKS, "tool_calls", USAGE)
        return httpx2.Response(200, content=body, headers={"content-type": "text/event-stream"})

    client = _client(handler)
    with client.messages.stream(
        model="sidecar/auto", max_tokens=512, messages=[{"role": "user", "content": "fix it"}]
    ) as stream:
        final = stream.get_final_message()
    expected = protocol.message_response(
        "msg_01", _result_of(STREAM_CHUNKS), USAGE, "claude-sonnet-4-5"
    )
    assert {**final.model_dump(exclude_none=True), "stop_sequence": final.stop_sequence} == expected


def _result_of(chunks: list[Chunk]) -> Result:
    arguments: dict[int, str] = {}
    calls: dict[int, tuple[str, str]] = {}
    for chunk in chunks:
        for delta in chunk.tool_calls:
            if delta.id is not None and delta.name is not None:
                calls[delta.index] = (delta.id, delta.name)
            arguments[delta.index] = arguments.get(delta.index, "") + delta.arguments
    return Result(
        text="".join(c.text for c in chunks),
        finish_reason="tool_calls",
        usage=USAGE,
        model="claude-sonnet-4-5",
        tool_calls=tuple(ToolCall(*calls[i], arguments[i]) for i in sorted(calls)),
        thinking="".join(c.thinking for c in chunks),
    )
