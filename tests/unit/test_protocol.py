from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from sidecar.errors import GatewayError, RequestError
from sidecar.protocols import openai, sse
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


def test_chat_body_is_parsed() -> None:
    request = openai.parse_chat(
        {
            "model": "gpt-4o",
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_completion_tokens": 50,
            "temperature": 0,
            "stop": "END",
            "user": "u1",
            "messages": [
                {"role": "developer", "content": "be brief"},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "a"},
                        {"type": "image_url", "image_url": {"url": "x"}},
                        {"type": "text", "text": "b"},
                    ],
                },
                {"role": "assistant", "content": None},
            ],
        }
    )
    assert request.endpoint is Endpoint.CHAT
    assert [m.content for m in request.messages] == ["be brief", "a\nb", ""]
    assert (request.max_tokens, request.temperature, request.stop) == (50, 0.0, ("END",))
    assert request.stream and request.include_usage and request.user == "u1"


def test_completions_body_is_parsed() -> None:
    request = openai.parse_completions({"prompt": ["def f("], "suffix": "\n", "max_tokens": 8})
    assert (request.prompt, request.suffix, request.max_tokens) == ("def f(", "\n", 8)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": [{"role": "user", "content": "x"}], "stop": ["a"] * 33}, "stop"),
        ({"messages": [{"role": "user", "content": "x"}], "stream": "yes"}, "stream"),
        ({"messages": [{"role": "user", "content": "x"}], "model": 3}, "model"),
        (
            {"messages": [{"role": "user", "content": [{"text": "no type"}]}]},
            "messages[0].content[0]",
        ),
        ({"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}, "max_tokens"),
        ({"messages": [{"role": "user", "content": "x"}], "top_p": True}, "top_p"),
        ({"messages": [{"role": ["user"], "content": "x"}]}, "messages[0].role"),
        ({"messages": [{"role": {}, "content": "x"}]}, "messages[0].role"),
        ({"messages": [{"role": "user", "content": "x"}], "max_tokens": 2**31}, "max_tokens"),
        ({"messages": [{"role": "user", "content": "x"}], "stop": ["a", 3]}, "stop[1]"),
        (
            {"messages": [{"role": "user", "content": "x"}], "temperature": float("nan")},
            "temperature",
        ),
        ({"messages": [{"role": "user", "content": "x"}], "stream_options": []}, "stream_options"),
    ],
)
def test_bad_fields_name_the_param(body: dict[str, object], param: str) -> None:
    with pytest.raises(RequestError) as err:
        openai.parse_chat(body)
    assert err.value.param == param and err.value.status == 400


def test_nesting_is_bounded_and_named() -> None:
    deep: object = "x"
    for _ in range(63):
        deep = [deep]
    body = {"messages": [{"role": "user", "content": "x"}], "metadata": deep}
    openai.parse_chat(body)  # the body is level 1: 64 levels in all
    with pytest.raises(RequestError) as err:
        openai.parse_chat({**body, "metadata": [deep]})
    assert err.value.param == "metadata" + "[0]" * 63 and err.value.status == 400


def test_lone_surrogates_are_replaced_everywhere() -> None:
    body = {
        "model": "gpt-\ud800",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "a\udfffb"}]}],
        "extra\udc80": ["\ud83d"],
        "prompt_cache_key": "\ud83d\ude00 ok",  # a real pair is one character: kept
    }
    request = openai.parse_chat(json.loads(json.dumps(body)))
    assert (request.model, request.messages[0].content) == ("gpt-\ufffd", "a\ufffdb")
    assert request.session == "\U0001f600 ok"
    assert request.body["extra\ufffd"] == ["\ufffd"]
    json.dumps(request.body).encode("utf-8")  # nothing left that UTF-8 cannot encode


@pytest.mark.parametrize(
    ("schema", "param"),
    [
        ({"enum": []}, "response_format.schema.enum"),
        ({"anyOf": {}}, "response_format.schema.anyOf"),
        ({"properties": {"a": {"type": []}}}, "response_format.schema.properties.a.type"),
        ({"type": "objekt"}, "response_format.schema.type"),
        ({"type": "array", "items": {"maxItems": -1}}, "response_format.schema.items.maxItems"),
        ({"required": "a"}, "response_format.schema.required"),
    ],
)
def test_schemas_llama_cpp_cannot_take_name_the_keyword(schema: object, param: str) -> None:
    spec = {"name": "s", "schema": schema}
    body = {
        "messages": [{"role": "user", "content": "x"}],
        "response_format": {"type": "json_schema", "json_schema": spec},
    }
    with pytest.raises(RequestError) as err:
        openai.parse_chat(body)
    assert err.value.param == param and err.value.status == 400


def test_real_schemas_pass_the_check() -> None:
    schema = {
        "type": "object",
        "properties": {
            "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
            "any": True,
            "tags": {"type": ["array", "null"], "items": {"enum": ["a", "b"]}, "maxItems": 3},
            "ref": {"$ref": "#/$defs/x"},
        },
        "required": ["pair"],
        "additionalProperties": False,
        "$defs": {"x": {"anyOf": [{"type": "string", "pattern": "^x"}, {"const": 1}]}},
        "x-vendor": {"anything": []},
    }
    spec = {"name": "s", "schema": schema, "strict": True}
    body = {
        "messages": [{"role": "user", "content": "x"}],
        "response_format": {"type": "json_schema", "json_schema": spec},
    }
    request = openai.parse_chat(body)
    assert request.response_format is not None and request.response_format.schema == schema


def test_empty_completion_prompt_is_parsed() -> None:
    request = openai.parse_completions({"prompt": "", "suffix": ""})
    assert (request.prompt, request.suffix) == ("", None)


def _events(data: bytes) -> list[object]:
    return [
        json.loads(line[6:])
        for line in data.decode().splitlines()
        if line.startswith("data: ") and line != "data: [DONE]"
    ]


def test_stream_encoder_emits_openai_chunks() -> None:
    encoder = openai.StreamEncoder(Endpoint.CHAT, "chatcmpl-1", "m", True, {"route": "local"})
    out = encoder.encode(Chunk("Hel")) + encoder.encode(Chunk('lo\n"x"'))
    out += encoder.encode(Chunk(finish_reason="length"))
    out += encoder.usage(Usage(3, 2, 1)) + encoder.done()
    events = _events(out)
    assert events[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}  # type: ignore[index]
    assert events[0]["sidecar"] == {"route": "local"}  # type: ignore[index]
    text = "".join(e["choices"][0]["delta"].get("content", "") for e in events[1:4])  # type: ignore[index]
    assert text == 'Hello\n"x"'
    assert events[3]["choices"][0]["finish_reason"] == "length"  # type: ignore[index]
    assert events[4]["choices"] == [] and events[4]["usage"]["total_tokens"] == 5  # type: ignore[index]
    assert out.endswith(b"data: [DONE]\n\n")


def test_completions_stream_encoder_uses_text_completion() -> None:
    encoder = openai.StreamEncoder(Endpoint.COMPLETIONS, "cmpl-1", "m", False, {})
    events = _events(encoder.encode(Chunk("x", finish_reason="stop")))
    assert {e["object"] for e in events} == {"text_completion"}  # type: ignore[index]
    assert encoder.usage(Usage()) == b""


async def _lines(data: bytes):  # type: ignore[no-untyped-def]
    for line in data.splitlines(keepends=True):
        yield line


async def test_sse_decoder_follows_the_spec() -> None:
    raw = b': comment\r\nevent: delta\r\ndata: a\r\ndata: b\r\n\r\ndata: {"x":1}\n\ndata: tail'
    events = [e async for e in sse.decode(_lines(raw))]
    assert events == [sse.Event("a\nb", "delta"), sse.Event('{"x":1}'), sse.Event("tail")]
    assert sse.encode("a\nb", "x") == b"event: x\ndata: a\ndata: b\n\n"


async def test_sse_decoder_takes_reads_of_any_size_and_marks_events_read_together() -> None:
    raw = b': comment\r\nevent: delta\r\ndata: a\r\ndata: b\r\n\r\ndata: {"x":1}\n\ndata: tail'
    expected = [sse.Event("a\nb", "delta"), sse.Event('{"x":1}'), sse.Event("tail")]

    async def reads(size: int) -> AsyncIterator[bytes]:
        for start in range(0, len(raw), size):
            yield raw[start : start + size]

    for size in (1, 2, 5, 16, len(raw)):
        events = [e async for e in sse.decode(reads(size))]
        assert events == expected
        assert b"".join(e.raw for e in events) == raw + b"\n"  # every byte, in order
    together = [e async for e in sse.decode(reads(len(raw)))]
    assert [e.more for e in together] == [True, False, False]  # the tail came at the end


# tool calls, images and reasoning in Chat Completions ---------------------------------

PNG = "data:image/png;base64,iVBORw0KGgo="


def test_chat_tools_tool_calls_and_images_are_parsed() -> None:
    request = openai.parse_chat(
        {
            "model": "m",
            "prompt_cache_key": "conv-1",
            "user": "u1",
            "parallel_tool_calls": False,
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "read",
                        "description": "Read a file.",
                        "parameters": {
                            "type": "object",
                            "properties": {"path": {"type": "string"}},
                        },
                    },
                },
                {
                    "type": "custom",
                    "custom": {
                        "name": "apply_patch",
                        "format": {
                            "type": "grammar",
                            "grammar": {"syntax": "lark", "definition": "start: x"},
                        },
                    },
                },
            ],
            "tool_choice": {"type": "function", "function": {"name": "read"}},
            "messages": [
                {"role": "system", "content": "sys"},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "look"},
                        {"type": "image_url", "image_url": {"url": PNG, "detail": "low"}},
                    ],
                },
                {
                    "role": "assistant",
                    "content": None,
                    "reasoning_content": "need the file",
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "read", "arguments": '{"path":"a"}'},
                        },
                        {
                            "id": "call_2",
                            "type": "custom",
                            "custom": {"name": "apply_patch", "input": "*** Begin"},
                        },
                    ],
                },
                {
                    "role": "tool",
                    "tool_call_id": "call_1",
                    "content": [{"type": "text", "text": "A"}],
                },
                {"role": "tool", "tool_call_id": "call_2", "content": "ok"},
            ],
        }
    )
    assert request.session == "conv-1" and request.user == "u1" and request.tool_choice == "read"
    assert [t.name for t in request.tools] == ["read", "apply_patch"]
    assert request.tools[0].parameters["properties"] == {"path": {"type": "string"}}
    assert request.tools[1].parameters["required"] == ["input"]
    assert "start: x" in request.tools[1].parameters["properties"]["input"]["description"]
    system, user, assistant, tool1, tool2 = request.messages
    assert system == Message("system", "sys")
    assert user == Message(
        "user", "look", images=(Image(media_type="image/png", data="iVBORw0KGgo="),)
    )
    assert assistant == Message(
        "assistant",
        thinking="need the file",
        tool_calls=(
            ToolCall("call_1", "read", '{"path":"a"}'),
            ToolCall("call_2", "apply_patch", json.dumps({"input": "*** Begin"})),
        ),
    )
    assert tool1 == Message("tool", "A", tool_call_id="call_1")
    assert tool2.tool_call_id == "call_2"


def test_legacy_functions_are_parsed() -> None:
    request = openai.parse_chat(
        {
            "functions": [{"name": "f", "parameters": {"type": "object"}}],
            "function_call": {"name": "f"},
            "messages": [
                {"role": "user", "content": "x"},
                {
                    "role": "assistant",
                    "content": None,
                    "function_call": {"name": "f", "arguments": "{}"},
                },
                {"role": "function", "name": "f", "content": "done"},
            ],
        }
    )
    assert [t.name for t in request.tools] == ["f"] and request.tool_choice == "f"
    assert request.messages[1].tool_calls == (ToolCall("call_1", "f", "{}"),)
    assert request.messages[2] == Message("tool", "done", tool_call_id="call_1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("auto", "auto"),
        ("none", "none"),
        ("required", "required"),
        ({"type": "custom", "custom": {"name": "p"}}, "p"),
        ({"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": []}}, "required"),
    ],
)
def test_chat_tool_choice(value: object, expected: str) -> None:
    body = {"messages": [{"role": "user", "content": "x"}], "tool_choice": value}
    assert openai.parse_chat(body).tool_choice == expected


@pytest.mark.parametrize(
    ("message", "param"),
    [
        ({"role": "tool", "content": "x"}, "messages[0].tool_call_id"),
        ({"role": "assistant", "tool_calls": {}}, "messages[0].tool_calls"),
        (
            {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "f"}}]},
            "messages[0].tool_calls[0].id",
        ),
        (
            {"role": "assistant", "tool_calls": [{"id": "c", "function": {"arguments": "{}"}}]},
            "messages[0].tool_calls[0].function.name",
        ),
        (
            {
                "role": "assistant",
                "tool_calls": [{"id": "c", "function": {"name": "f", "arguments": 3}}],
            },
            "messages[0].tool_calls[0].function.arguments",
        ),
        (
            {"role": "user", "content": [{"type": "image_url", "image_url": {}}]},
            "messages[0].content[0].image_url",
        ),
    ],
)
def test_bad_tool_messages_name_the_param(message: dict[str, object], param: str) -> None:
    with pytest.raises(RequestError) as err:
        openai.parse_chat({"messages": [message]})
    assert err.value.param == param


@pytest.mark.parametrize(
    ("extra", "param"),
    [
        ({"tools": {}}, "tools"),
        ({"tools": [{"type": "retrieval"}]}, "tools[0].type"),
        (
            {"tools": [{"type": "function", "function": {"description": "x"}}]},
            "tools[0].function.name",
        ),
        (
            {"tools": [{"type": "function", "function": {"name": "f", "parameters": "x"}}]},
            "tools[0].function.parameters",
        ),
        ({"tool_choice": "any"}, "tool_choice"),
        ({"tool_choice": {"type": "function", "function": {}}}, "tool_choice.name"),
        ({"prompt_cache_key": 5}, "prompt_cache_key"),
    ],
)
def test_bad_tool_fields_name_the_param(extra: dict[str, object], param: str) -> None:
    with pytest.raises(RequestError) as err:
        openai.parse_chat({"messages": [{"role": "user", "content": "x"}], **extra})
    assert err.value.param == param


def test_chat_response_with_tool_calls_validates_with_the_sdk() -> None:
    result = Result(
        text="",
        finish_reason="stop",
        usage=None,
        model="m",
        thinking="hmm",
        tool_calls=(ToolCall("call_1", "read", '{"path":"a"}'),),
    )
    body = openai.chat_response("chatcmpl-1", result, Usage(5, 2, 1), {"route": "frontier"})
    completion = ChatCompletion.model_validate(body)
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls" and choice.message.content is None
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.type == "function" and (call.id, call.function.name) == ("call_1", "read")
    assert body["choices"][0]["message"]["reasoning_content"] == "hmm"
    truncated = Result("", "length", None, "m", tool_calls=(ToolCall("c", "f", '{"a'),))
    assert (
        openai.chat_response("x", truncated, Usage(), {})["choices"][0]["finish_reason"] == "length"
    )
    plain = openai.chat_response("x", Result("hi", "stop", None, "m"), Usage(), {})
    assert plain["choices"][0]["message"] == {"role": "assistant", "content": "hi"}


def test_chat_response_passes_a_raw_body_through() -> None:
    raw = {"id": "chatcmpl-up", "object": "chat.completion", "choices": []}
    body = openai.chat_response("x", Result("", "stop", None, "m", raw=raw), Usage(), {"r": 1})
    assert body == {**raw, "sidecar": {"r": 1}}


def test_stream_encoder_emits_tool_calls_and_reasoning() -> None:
    encoder = openai.StreamEncoder(Endpoint.CHAT, "chatcmpl-2", "m", True, {})
    out = encoder.encode(Chunk(thinking="let me see"))
    out += encoder.encode(Chunk(text="Reading."))
    out += encoder.encode(Chunk(tool_calls=(ToolCallDelta(0, "call_1", "read", '{"pa'),)))
    out += encoder.encode(
        Chunk(tool_calls=(ToolCallDelta(0, arguments='th":"a"}'), ToolCallDelta(1, None, "ls")))
    )
    out += encoder.encode(Chunk(finish_reason="stop", usage=Usage(4, 3)))
    out += encoder.usage(Usage(4, 3)) + encoder.done()
    events = _events(out)
    chunks = [ChatCompletionChunk.model_validate(e) for e in events]
    deltas = [c.choices[0].delta for c in chunks if c.choices]
    assert deltas[1].model_extra == {"reasoning_content": "let me see"}
    assert deltas[2].content == "Reading."
    first, rest = deltas[3].tool_calls or [], deltas[4].tool_calls or []
    assert (first[0].id, first[0].type, first[0].function and first[0].function.name) == (
        "call_1",
        "function",
        "read",
    )
    assert rest[0].id is None and rest[0].function is not None and rest[0].function.name is None
    assert rest[0].function.arguments == 'th":"a"}'
    second = rest[1]
    assert (
        second.index == 1 and second.id and second.id.startswith("call_")
    )  # a missing id is made up
    assert chunks[-2].choices[0].finish_reason == "tool_calls"  # calls were sent
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 7


def test_stream_encoder_passes_raw_events_through() -> None:
    encoder = openai.StreamEncoder(Endpoint.CHAT, "chatcmpl-3", "m", True, {})
    raw = b'data: {"id":"up","choices":[{"index":0,"delta":{"content":"x"}}]}\n\n'
    assert encoder.encode(Chunk("x", raw=raw)) == raw
    assert encoder.encode(Chunk(finish_reason="stop", usage=Usage(1, 1))) == b""
    assert encoder.usage(Usage(1, 1)) == b""
    assert encoder.done() == b"data: [DONE]\n\n"


# to and from an OpenAI-compatible gateway ---------------------------------------------


def test_to_chat_body_renders_any_request() -> None:
    request = Request(
        endpoint=Endpoint.MESSAGES,
        model="claude-sonnet",
        messages=(
            Message("system", "be brief"),
            Message(
                "user",
                "see",
                images=(Image(media_type="image/jpeg", data="AAA"), Image(url="http://i")),
            ),
            Message(
                "assistant",
                "Reading.",
                thinking="t",
                thinking_signature="sig",
                tool_calls=(ToolCall("toolu_1", "read", '{"p":1}'),),
            ),
            Message("tool", "contents", tool_call_id="toolu_1", is_error=True),
            Message("assistant", tool_calls=(ToolCall("toolu_2", "ls", "{}"),)),
        ),
        max_tokens=100,
        temperature=0.2,
        top_p=0.9,
        stop=("END",),
        tools=(Tool("read", "Read.", {"type": "object"}), Tool("ls")),
        tool_choice="read",
    )
    body = openai.to_chat_body(request, "gpt-4.1", stream=False)
    assert body["model"] == "gpt-4.1" and body["stream"] is False and "stream_options" not in body
    assert (body["max_tokens"], body["temperature"], body["top_p"], body["stop"]) == (
        100,
        0.2,
        0.9,
        ["END"],
    )
    assert body["tool_choice"] == {"type": "function", "function": {"name": "read"}}
    assert body["tools"] == [
        {
            "type": "function",
            "function": {"name": "read", "description": "Read.", "parameters": {"type": "object"}},
        },
        {"type": "function", "function": {"name": "ls"}},
    ]
    system, user, assistant, tool, calls_only = body["messages"]
    assert system == {"role": "system", "content": "be brief"}
    assert user["content"] == [
        {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,AAA"}},
        {"type": "image_url", "image_url": {"url": "http://i"}},
        {"type": "text", "text": "see"},
    ]
    assert assistant == {
        "role": "assistant",
        "content": "Reading.",
        "tool_calls": [
            {
                "id": "toolu_1",
                "type": "function",
                "function": {"name": "read", "arguments": '{"p":1}'},
            }
        ],
    }
    assert tool == {"role": "tool", "tool_call_id": "toolu_1", "content": "contents"}
    assert calls_only["content"] is None
    back = openai.parse_chat(body)
    assert [m.tool_calls for m in back.messages] == [m.tool_calls for m in request.messages]
    assert back.messages[1].images == request.messages[1].images
    no_tools = openai.to_chat_body(
        Request(Endpoint.MESSAGES, "m", (Message("user", "x"),), tool_choice="auto"), "g", True
    )
    assert "tool_choice" not in no_tools and no_tools["stream_options"] == {"include_usage": True}


def test_parse_chat_body_reads_tool_calls_reasoning_and_usage() -> None:
    result = openai.parse_chat_body(
        {
            "id": "chatcmpl-up",
            "model": "gpt-4.1-2025",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",  # some providers say stop with tool calls
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "reasoning_content": "think",
                        "tool_calls": [
                            {
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": "read", "arguments": '{"p":1}'},
                            },
                            {
                                "id": "call_2",
                                "type": "custom",
                                "custom": {"name": "apply_patch", "input": "diff"},
                            },
                        ],
                    },
                }
            ],
            "usage": {
                "prompt_tokens": 10,
                "completion_tokens": 4,
                "prompt_tokens_details": {"cached_tokens": 8},
            },
        },
        completions=False,
    )
    assert result.text == "" and result.thinking == "think" and result.model == "gpt-4.1-2025"
    assert result.finish_reason == "tool_calls"
    assert result.tool_calls == (
        ToolCall("call_1", "read", '{"p":1}'),
        ToolCall("call_2", "apply_patch", json.dumps({"input": "diff"})),
    )
    assert result.usage == Usage(10, 4, 8)
    text = openai.parse_chat_body(
        {"choices": [{"text": "x", "finish_reason": "length"}]}, completions=True
    )
    assert (text.text, text.finish_reason, text.usage, text.model) == ("x", "length", None, "")


@pytest.mark.parametrize(
    "body",
    [{"error": {"message": "overloaded", "type": "server_error"}}, {"choices": []}, ["x"]],
)
def test_parse_chat_body_refuses_errors(body: object) -> None:
    with pytest.raises(GatewayError) as err:
        openai.parse_chat_body(body, completions=False)
    assert not err.value.retryable and err.value.upstream_status is None


def test_chat_stream_parser_reads_deltas() -> None:
    parser = openai.ChatStreamParser(completions=False)
    events: list[dict[str, object]] = [
        {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]},
        {"choices": [{"index": 0, "delta": {"reasoning_content": "hm"}}]},
        {"choices": [{"index": 0, "delta": {"content": "Hi"}}]},
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "call_a",
                                "type": "function",
                                "function": {"name": "read", "arguments": ""},
                            }
                        ]
                    },
                }
            ]
        },
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {"index": 0, "id": "call_a", "function": {"arguments": '{"p":'}}
                        ]
                    },
                }
            ]
        },
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]},
                }
            ]
        },
        # a provider reusing index 0 for a second parallel call
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "call_b",
                                "function": {"name": "ls", "arguments": "{}"},
                            }
                        ]
                    },
                }
            ]
        },
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
        {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 2}},
    ]
    chunks = [c for event in events for c in parser.feed(event)]
    assert chunks == [
        Chunk(thinking="hm"),
        Chunk(text="Hi"),
        Chunk(tool_calls=(ToolCallDelta(0, "call_a", "read", ""),)),
        Chunk(tool_calls=(ToolCallDelta(0, arguments='{"p":'),)),
        Chunk(tool_calls=(ToolCallDelta(0, arguments="1}"),)),
        Chunk(tool_calls=(ToolCallDelta(1, "call_b", "ls", "{}"),)),
    ]
    assert parser.finish() == Chunk(finish_reason="tool_calls", usage=Usage(3, 2))


def test_chat_stream_parser_completions_errors_and_missing_finish() -> None:
    parser = openai.ChatStreamParser(completions=True)
    assert parser.feed({"choices": [{"text": "def", "index": 0}]}) == [Chunk(text="def")]
    assert parser.finish() is None
    parser.feed({"choices": [{"text": "", "finish_reason": "length"}]})
    assert parser.finish() == Chunk(finish_reason="length")
    with pytest.raises(GatewayError, match="rate limited"):
        parser.feed({"error": {"message": "rate limited", "code": 429}})
