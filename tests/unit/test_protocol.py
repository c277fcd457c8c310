from __future__ import annotations

import json

import pytest

from sidecar.errors import RequestError
from sidecar.protocols import openai, sse
from sidecar.request import Chunk, Endpoint, Usage


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
    ],
)
def test_bad_fields_name_the_param(body: dict[str, object], param: str) -> None:
    with pytest.raises(RequestError) as err:
        openai.parse_chat(body)
    assert err.value.param == param and err.value.status == 400


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
