"""Structured output: chat ``response_format``, Responses ``text.format`` and Anthropic
``output_config.format`` parse to one :class:`ResponseFormat` and translate between shapes."""

from __future__ import annotations

from typing import Any

import pytest

from sidecar.errors import RequestError
from sidecar.protocols import anthropic, openai, responses
from sidecar.request import ResponseFormat

TITLE = {
    "type": "object",
    "properties": {"title": {"type": "string"}},
    "required": ["title"],
    "additionalProperties": False,
}
MESSAGES = [{"role": "user", "content": "Name this session"}]


def test_the_three_shapes_parse_to_one_response_format() -> None:
    chat = openai.parse_chat(
        {
            "model": "m",
            "messages": MESSAGES,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "title", "schema": TITLE, "strict": True},
            },
        }
    )
    flat = responses.parse_responses(
        {
            "model": "m",
            "input": "Name this session",
            "text": {
                "verbosity": "low",
                "format": {"type": "json_schema", "name": "title", "schema": TITLE, "strict": True},
            },
        },
        {},
    )
    assert chat.response_format == flat.response_format == ResponseFormat(TITLE, "title", True)
    assert chat.response_format is not None and chat.response_format.schema == TITLE
    claude = anthropic.parse_messages(
        {
            "model": "claude-opus-5-5",
            "max_tokens": 128000,
            "messages": MESSAGES,
            "output_config": {
                "effort": "medium",
                "format": {"type": "json_schema", "schema": TITLE},
            },
        },
        {},
    )
    assert claude.response_format is not None and claude.response_format.schema == TITLE
    beta = anthropic.parse_messages(
        {
            "model": "c",
            "max_tokens": 10,
            "messages": MESSAGES,
            "output_format": {"type": "json_schema", "schema": TITLE},
        },
        {},
    )
    assert beta.response_format == claude.response_format


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ({"type": "text"}, None),
        ({"type": "json_object"}, ResponseFormat()),
        ({"type": "json_schema", "json_schema": {"name": "x"}}, ResponseFormat({}, "x")),
    ],
)
def test_chat_response_format_kinds(value: Any, expected: ResponseFormat | None) -> None:
    body = {"model": "m", "messages": MESSAGES, "response_format": value}
    assert openai.parse_chat(body).response_format == expected


@pytest.mark.parametrize(
    ("parse", "body", "param"),
    [
        (openai.parse_chat, {"response_format": "json"}, "response_format"),
        (openai.parse_chat, {"response_format": {"type": "yaml"}}, "response_format.type"),
        (
            openai.parse_chat,
            {"response_format": {"type": "json_schema", "json_schema": {"schema": []}}},
            "response_format.schema",
        ),
        (responses.parse_responses, {"text": {"format": {"type": "xml"}}}, "text.format.type"),
        (responses.parse_responses, {"text": "json"}, "text"),
        (
            anthropic.parse_messages,
            {"output_config": {"format": {"type": "json"}}},
            "output_config.format",
        ),
        (
            anthropic.parse_messages,
            {"output_config": {"format": {"type": "json_schema"}}},
            "output_config.format.schema",
        ),
    ],
)
def test_bad_formats_name_the_param(parse: Any, body: dict[str, Any], param: str) -> None:
    full = {"model": "m", "max_tokens": 5, "messages": MESSAGES, "input": "hi", **body}
    with pytest.raises(RequestError) as caught:
        parse(full) if parse is openai.parse_chat else parse(full, {})
    assert caught.value.param == param
    assert caught.value.status == 400


def test_formats_translate_to_each_gateway_shape() -> None:
    claude = anthropic.parse_messages(
        {
            "model": "c",
            "max_tokens": 100,
            "messages": MESSAGES,
            "output_config": {"format": {"type": "json_schema", "schema": TITLE}},
        },
        {},
    )
    chat_body = openai.to_chat_body(claude, "gpt-5", stream=False)
    assert chat_body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "output", "schema": TITLE},
    }
    # ... and back: the OpenAI request with that body reaches an Anthropic gateway intact.
    again = openai.parse_chat(chat_body)
    assert anthropic.to_messages_body(again, "claude", stream=False)["output_config"] == {
        "format": {"type": "json_schema", "schema": TITLE}
    }
    any_json = openai.parse_chat(
        {"model": "m", "messages": MESSAGES, "response_format": {"type": "json_object"}}
    )
    assert openai.to_chat_body(any_json, "m", stream=False)["response_format"] == {
        "type": "json_object"
    }
    assert anthropic.to_messages_body(any_json, "c", stream=False)["output_config"] == {
        "format": {"type": "json_schema", "schema": {"type": "object"}}
    }
    plain = openai.parse_chat({"model": "m", "messages": MESSAGES})
    assert "response_format" not in openai.to_chat_body(plain, "m", stream=False)
    assert "output_config" not in anthropic.to_messages_body(plain, "c", stream=False)
