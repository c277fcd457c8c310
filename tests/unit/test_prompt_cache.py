"""Provider prompt caching: breakpoint placement, cache keys, cache usage in both shapes."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sidecar.backends.gateway import GatewayBackend
from sidecar.config import GatewaySettings
from sidecar.protocols import anthropic, openai, responses
from sidecar.request import Caller, Chunk, Endpoint, Message, Request, Result, Usage
from tests.support.standin import PromptCache

EPHEMERAL = {"type": "ephemeral"}
CALLER = Caller("dev@example.com", "claude-code")


def marks(body: dict[str, Any]) -> int:
    """Count the cache_control keys anywhere in a body."""
    return json.dumps(body).count('"cache_control"')


def conversation() -> dict[str, Any]:
    return {
        "model": "claude-sonnet-4-5",
        "max_tokens": 100,
        "system": "You are a planner.",
        "tools": [
            {"name": "read", "input_schema": {"type": "object"}},
            {"name": "edit", "input_schema": {"type": "object"}},
        ],
        "messages": [
            {"role": "user", "content": "Plan the split."},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "Read it first.", "signature": "s"},
                    {"type": "text", "text": "Reading."},
                    {"type": "tool_use", "id": "toolu_1", "name": "read", "input": {}},
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "x"}],
            },
        ],
    }


# Anthropic breakpoints ----------------------------------------------------------------


def test_breakpoints_go_on_the_last_tool_system_and_last_two_messages() -> None:
    body = conversation()
    before = copy.deepcopy(body)
    out = anthropic.with_cache_breakpoints(body)
    assert body == before  # the client's body is not changed
    assert "cache_control" not in out["tools"][0]
    assert out["tools"][1] == {**body["tools"][1], "cache_control": EPHEMERAL}
    assert out["system"] == [
        {"type": "text", "text": "You are a planner.", "cache_control": EPHEMERAL}
    ]
    assert out["messages"][0] == body["messages"][0]
    assistant = out["messages"][1]["content"]
    assert [b.get("cache_control") for b in assistant] == [None, None, EPHEMERAL]
    assert out["messages"][2]["content"][0]["cache_control"] == EPHEMERAL
    assert marks(out) == 4
    assert out["model"] == body["model"] and out["max_tokens"] == 100


def test_a_string_message_becomes_one_marked_text_block() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "Plan it."}]}
    out = anthropic.with_cache_breakpoints(body)
    assert out["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "Plan it.", "cache_control": EPHEMERAL}],
        }
    ]
    assert "system" not in out and "tools" not in out
    assert marks(out) == 1


def test_never_on_thinking_or_empty_text() -> None:
    body = {
        "model": "m",
        "system": [{"type": "text", "text": "Rules."}, {"type": "text", "text": "  "}],
        "messages": [
            {"role": "user", "content": "Go."},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "Hmm.", "signature": "s"},
                    {"type": "redacted_thinking", "data": "opaque"},
                ],
            },
            {
                "role": "user",
                "content": [{"type": "text", "text": "Next."}, {"type": "text", "text": ""}],
            },
        ],
    }
    out = anthropic.with_cache_breakpoints(body)
    assert [b.get("cache_control") for b in out["system"]] == [EPHEMERAL, None]
    assert out["messages"][1] == body["messages"][1]  # only thinking: nothing to mark
    assert [b.get("cache_control") for b in out["messages"][2]["content"]] == [EPHEMERAL, None]
    assert marks(out) == 2


def test_an_empty_system_and_deferred_tools_get_none() -> None:
    body = {
        "model": "m",
        "system": "",
        "tools": [
            {"name": "a", "input_schema": {}},
            {"name": "b", "input_schema": {}, "defer_loading": True},
        ],
        "messages": [{"role": "user", "content": " "}],
    }
    out = anthropic.with_cache_breakpoints(body)
    assert out["system"] == ""
    assert out["tools"][0]["cache_control"] == EPHEMERAL and "cache_control" not in out["tools"][1]
    assert out["messages"] == body["messages"]
    assert marks(out) == 1


@pytest.mark.parametrize(
    "place",
    ["top", "tool", "system", "block", "message", "tool_result"],
)
def test_a_body_with_any_client_breakpoint_is_returned_as_it_is(place: str) -> None:
    body = conversation()
    ttl = {"type": "ephemeral", "ttl": "1h"}
    if place == "top":
        body["cache_control"] = ttl
    elif place == "tool":
        body["tools"][0]["cache_control"] = ttl
    elif place == "system":
        body["system"] = [{"type": "text", "text": "You plan.", "cache_control": ttl}]
    elif place == "block":
        body["messages"][1]["content"][1]["cache_control"] = ttl
    elif place == "message":
        body["messages"][0]["cache_control"] = ttl
    else:
        body["messages"][2]["content"][0]["content"] = [
            {"type": "text", "text": "x", "cache_control": ttl}
        ]
    before = json.dumps(body)
    assert anthropic.has_cache_control(body)
    out = anthropic.with_cache_breakpoints(body)
    assert out is body and json.dumps(out) == before
    assert not anthropic.has_cache_control(conversation())


def test_the_next_turn_marks_the_block_the_previous_turn_cached() -> None:
    first = conversation()
    second = copy.deepcopy(first)
    second["messages"] += [
        {"role": "assistant", "content": "Done."},
        {"role": "user", "content": "Now the tests."},
    ]
    a = anthropic.with_cache_breakpoints(first)
    b = anthropic.with_cache_breakpoints(second)
    # Same bytes for the same body (nothing volatile), and the prefix of turn one is
    # still marked where turn two reads it: tools and system unchanged.
    assert json.dumps(a) == json.dumps(anthropic.with_cache_breakpoints(copy.deepcopy(first)))
    assert a["tools"] == b["tools"] and a["system"] == b["system"]
    assert b["messages"][3]["content"] == [
        {"type": "text", "text": "Done.", "cache_control": EPHEMERAL}
    ]
    assert b["messages"][4]["content"][0]["cache_control"] == EPHEMERAL
    assert "cache_control" not in json.dumps(b["messages"][:3])
    assert marks(b) == 4


BLOCK = st.one_of(
    st.fixed_dictionaries({"type": st.just("text"), "text": st.sampled_from(["", " ", "a"])}),
    st.fixed_dictionaries(
        {"type": st.just("thinking"), "thinking": st.just("t"), "signature": st.just("s")}
    ),
    st.fixed_dictionaries({"type": st.just("redacted_thinking"), "data": st.just("d")}),
    st.fixed_dictionaries(
        {
            "type": st.just("tool_use"),
            "id": st.just("toolu_1"),
            "name": st.just("f"),
            "input": st.just({}),
        }
    ),
    st.fixed_dictionaries(
        {"type": st.just("tool_result"), "tool_use_id": st.just("toolu_1"), "content": st.just("")}
    ),
)
CONTENT = st.one_of(st.sampled_from(["", " ", "hi"]), st.lists(BLOCK, max_size=4))
BODY = st.fixed_dictionaries(
    {
        "model": st.just("m"),
        "messages": st.lists(
            st.fixed_dictionaries(
                {"role": st.sampled_from(["user", "assistant"]), "content": CONTENT}
            ),
            min_size=1,
            max_size=6,
        ),
    },
    optional={
        "system": st.one_of(CONTENT),
        "tools": st.lists(st.fixed_dictionaries({"name": st.just("f")}), max_size=3),
    },
)


@settings(max_examples=300, deadline=None)
@given(BODY)
def test_at_most_four_and_never_on_a_block_that_cannot_carry_one(body: dict[str, Any]) -> None:
    before = copy.deepcopy(body)
    out = anthropic.with_cache_breakpoints(body)
    assert body == before
    assert marks(out) <= anthropic.MAX_CACHE_BREAKPOINTS
    system = out.get("system")
    blocks = [b for m in out["messages"] if isinstance(m["content"], list) for b in m["content"]]
    blocks += system if isinstance(system, list) else []
    for block in blocks:
        if "cache_control" in block:
            assert block["type"] not in ("thinking", "redacted_thinking")
            assert block["type"] != "text" or block["text"].strip()
    # Text survives: only the shape of a string changes, never what it says.
    for old, new in zip(before["messages"], out["messages"], strict=True):
        if isinstance(old["content"], str) and isinstance(new["content"], list):
            assert new["content"][0]["text"] == old["content"]


# Translated requests: a Chat client's own breakpoints ---------------------------------


def chat_request(body: dict[str, Any]) -> Request:
    return openai.parse_chat(body)


def test_chat_breakpoints_are_carried_into_the_anthropic_body() -> None:
    ttl = {"type": "ephemeral", "ttl": "1h"}
    body: dict[str, Any] = {
        "model": "sidecar/frontier",
        "tools": [
            {"type": "function", "function": {"name": "a"}},
            {"type": "function", "function": {"name": "b"}, "cache_control": EPHEMERAL},
        ],
        "messages": [
            {
                "role": "system",
                "content": [{"type": "text", "text": "Rules.", "cache_control": ttl}],
            },
            {"role": "user", "content": "Plan.", "cache_control": EPHEMERAL},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "a", "arguments": "{}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "ok"},
            {"role": "user", "content": [{"type": "text", "text": "Go on."}]},
        ],
    }
    tool_marks, message_marks = openai.cache_marks(body)
    assert tool_marks == {1: EPHEMERAL} and message_marks == {0: ttl, 1: EPHEMERAL}
    out = anthropic.to_messages_body(
        chat_request(body), "claude-sonnet-4-5", False, tool_marks=tool_marks,
        message_marks=message_marks,
    )  # fmt: skip
    assert out["system"] == [{"type": "text", "text": "Rules.", "cache_control": ttl}]
    assert [t.get("cache_control") for t in out["tools"]] == [None, EPHEMERAL]
    assert out["messages"][0] == {
        "role": "user",
        "content": [{"type": "text", "text": "Plan.", "cache_control": EPHEMERAL}],
    }
    assert marks(out) == 3
    # A body with marks is left alone by the sidecar's own placement.
    assert anthropic.with_cache_breakpoints(out) is out


def test_a_marked_tool_message_marks_its_tool_result() -> None:
    request = chat_request({
        "messages": [
            {"role": "user", "content": "Read a."},
            {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "r", "arguments": "{}"}},
            ]},
            {"role": "tool", "tool_call_id": "call_1", "content": "A", "cache_control": EPHEMERAL},
        ],
    })  # fmt: skip
    out = anthropic.to_messages_body(request, "m", False, message_marks={2: EPHEMERAL})
    assert out["messages"][2]["content"] == [
        {"type": "tool_result", "tool_use_id": "call_1", "content": "A", "cache_control": EPHEMERAL}
    ]


def test_without_marks_the_translated_body_is_unchanged() -> None:
    request = chat_request(
        {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]}
    )
    assert anthropic.to_messages_body(request, "m", False) == {
        "model": "m",
        "max_tokens": anthropic.DEFAULT_MAX_TOKENS,
        "system": "S",
        "messages": [{"role": "user", "content": "U"}],
        "stream": False,
    }


# Usage in both shapes ------------------------------------------------------------------


def test_anthropic_usage_reads_and_writes() -> None:
    usage = anthropic.parse_message_body({
        "content": [{"type": "text", "text": "ok"}],
        "usage": {"input_tokens": 50, "cache_read_input_tokens": 2000,
                  "cache_creation_input_tokens": 300, "output_tokens": 9},
    }).usage  # fmt: skip
    assert usage == Usage(2350, 9, cached_tokens=2000, cache_write_tokens=300)


def test_anthropic_stream_usage_from_message_start_and_message_delta() -> None:
    parser = anthropic.MessagesStreamParser()
    start = {"type": "message_start", "message": {"id": "m", "model": "c", "usage": {
        "input_tokens": 5, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0,
        "output_tokens": 1}}}  # fmt: skip
    delta = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn"},
        "usage": {"input_tokens": 5, "cache_read_input_tokens": 1200,
                  "cache_creation_input_tokens": 64, "output_tokens": 12},
    }  # fmt: skip
    assert parser.feed("message_start", json.dumps(start)) == []
    parser.feed("message_delta", json.dumps(delta))
    [last] = parser.feed("message_stop", '{"type": "message_stop"}')
    assert last.usage == Usage(1269, 12, cached_tokens=1200, cache_write_tokens=64)


def test_clients_see_cache_counts_in_their_own_shape() -> None:
    usage = Usage(2350, 9, cached_tokens=2000, cache_write_tokens=300)
    result = Result("ok", "stop", usage, "m")
    body = anthropic.message_response("msg_1", result, usage, "m")
    assert body["usage"] == {
        "input_tokens": 50,
        "output_tokens": 9,
        "cache_creation_input_tokens": 300,
        "cache_read_input_tokens": 2000,
    }
    encoder = anthropic.MessagesStreamEncoder("msg_1", "m")
    assert encoder.encode(Chunk("ok"))
    tail = encoder.finish("stop", usage).decode()
    delta = json.loads(tail.split("event: message_delta\ndata: ")[1].split("\n")[0])
    assert delta["usage"]["cache_read_input_tokens"] == 2000
    assert delta["usage"]["cache_creation_input_tokens"] == 300
    chat = openai.chat_response("c1", result, usage, {})
    assert chat["usage"]["prompt_tokens"] == 2350
    assert chat["usage"]["prompt_tokens_details"]["cached_tokens"] == 2000
    request = responses.parse_responses({"input": "x"}, {})
    answer = responses.response_object("r1", request, result, usage, "m")
    assert answer["usage"]["input_tokens_details"] == {
        "cached_tokens": 2000,
        "cache_write_tokens": 300,
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (  # OpenAI Chat
            {"prompt_tokens": 2006, "completion_tokens": 300,
             "prompt_tokens_details": {"cached_tokens": 1920}},
            Usage(2006, 300, cached_tokens=1920),
        ),
        (  # OpenAI Chat with cache writes
            {"prompt_tokens": 2006, "completion_tokens": 3,
             "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 1980}},
            Usage(2006, 3, cache_write_tokens=1980),
        ),
        (  # Responses API names
            {"input_tokens": 1500, "output_tokens": 4,
             "input_tokens_details": {"cached_tokens": 1408}},
            Usage(1500, 4, cached_tokens=1408),
        ),
        (  # LiteLLM in front of an Anthropic model
            {"prompt_tokens": 3000, "completion_tokens": 5, "cache_creation_input_tokens": 1000,
             "prompt_tokens_details": {"cached_tokens": 1500}},
            Usage(3000, 5, cached_tokens=1500, cache_write_tokens=1000),
        ),
        (  # counts beyond the prompt are bounded by it; junk is zero
            {"prompt_tokens": 10, "completion_tokens": True,
             "prompt_tokens_details": {"cached_tokens": 50, "cache_write_tokens": "9"}},
            Usage(10, 0, cached_tokens=10),
        ),
    ],
)  # fmt: skip
def test_openai_usage_is_read(raw: dict[str, Any], expected: Usage) -> None:
    body = {"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}], "usage": raw}
    assert openai.parse_chat_body(body, completions=False).usage == expected
    parser = openai.ChatStreamParser(completions=False)
    parser.feed({"choices": [{"delta": {"content": "ok"}, "finish_reason": "stop"}]})
    parser.feed({"choices": [], "usage": raw})
    last = parser.finish()
    assert last is not None and last.usage == expected


# prompt_cache_key ------------------------------------------------------------------------


def backend(**settings: Any) -> GatewayBackend:
    return GatewayBackend(GatewaySettings(base_url="http://127.0.0.1:9/v1", **settings), None)


def test_the_clients_own_key_comes_first_then_the_session() -> None:
    gateway = backend()
    own = openai.parse_chat(
        {"messages": [{"role": "user", "content": "x"}], "prompt_cache_key": "k1"}
    )
    assert gateway.prompt_cache_key(own, CALLER) == "k1"
    coded = responses.parse_responses({"input": "x", "prompt_cache_key": "k2"}, {"session_id": "s"})
    assert coded.session == "s" and gateway.prompt_cache_key(coded, CALLER) == "k2"
    claude = anthropic.parse_messages(
        {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]},
        {"x-claude-code-session-id": "0f6c1d2e-7b1a-4c55-9a7e-3e2b0c9d8f11"},
    )
    assert gateway.prompt_cache_key(claude, CALLER) == "0f6c1d2e-7b1a-4c55-9a7e-3e2b0c9d8f11"
    long = Request(Endpoint.CHAT, "m", session="s" * 65)
    key = gateway.prompt_cache_key(long, CALLER)
    assert key is not None and key.startswith("sidecar-") and len(key) == 40


def test_without_a_session_the_key_is_a_stable_hash_of_who_and_the_first_texts() -> None:
    gateway = backend()
    turn1 = (Message("system", "You review."), Message("user", "Review a.py"))
    turn2 = (*turn1, Message("assistant", "Looks fine."), Message("user", "And b.py?"))
    key = gateway.prompt_cache_key(Request(Endpoint.CHAT, "m", messages=turn1), CALLER)
    assert key is not None and key.startswith("sidecar-") and len(key) == 40
    assert gateway.prompt_cache_key(Request(Endpoint.CHAT, "m", messages=turn2), CALLER) == key
    other_app = Caller(CALLER.developer, "aider")
    other_dev = Caller("someone@example.com", CALLER.app)
    other_text = (Message("system", "You review."), Message("user", "Review c.py"))
    assert gateway.prompt_cache_key(Request(Endpoint.CHAT, "m", messages=turn1), other_app) != key
    assert gateway.prompt_cache_key(Request(Endpoint.CHAT, "m", messages=turn1), other_dev) != key
    assert gateway.prompt_cache_key(Request(Endpoint.CHAT, "m", messages=other_text), CALLER) != key


def test_the_setting_off_sends_only_the_clients_own_key() -> None:
    gateway = backend(prompt_cache_key=False)
    plain = Request(Endpoint.CHAT, "m", messages=(Message("user", "x"),), session="s1")
    assert gateway.prompt_cache_key(plain, CALLER) is None
    own = openai.parse_chat(
        {"messages": [{"role": "user", "content": "x"}], "prompt_cache_key": "k"}
    )
    assert gateway.prompt_cache_key(own, CALLER) == "k"


def test_settings_default_to_caching_on() -> None:
    settings = GatewaySettings()
    assert settings.prompt_caching is True and settings.prompt_cache_key is True


# The stand-in's cache, which the integration tests rely on ------------------------------


def test_standin_reports_anthropic_reads_and_writes_as_anthropic_does() -> None:
    cache = PromptCache()
    system = "You are a careful planner. " * 400  # ~10 800 characters: past the minimum
    first = anthropic.with_cache_breakpoints({
        "model": "c", "system": system, "messages": [{"role": "user", "content": "Plan a."}],
    })  # fmt: skip
    one = cache.anthropic_usage(first)
    assert one["cache_read_input_tokens"] == 0 and one["cache_creation_input_tokens"] > 2000
    second = anthropic.with_cache_breakpoints({
        "model": "c", "system": system, "messages": [
            {"role": "user", "content": "Plan a."},
            {"role": "assistant", "content": "Done."},
            {"role": "user", "content": "Plan b."},
        ],
    })  # fmt: skip
    two = cache.anthropic_usage(second)
    assert two["cache_read_input_tokens"] == one["cache_creation_input_tokens"]
    assert 0 < two["cache_creation_input_tokens"] < 60  # only the two new messages
    # Without breakpoints nothing is read or written, though the prefix is cached.
    plain = cache.anthropic_usage({"model": "c", "system": system, "messages": [
        {"role": "user", "content": "Plan a."}]})  # fmt: skip
    assert plain["cache_read_input_tokens"] == plain["cache_creation_input_tokens"] == 0
    bare = PromptCache().anthropic_usage({"model": "c", "system": system, "messages": []})
    assert bare["cache_read_input_tokens"] == bare["cache_creation_input_tokens"] == 0


def test_standin_reports_openai_cached_prefixes_per_key() -> None:
    cache = PromptCache()
    system = {"role": "system", "content": "You review code. " * 500}
    body = {"messages": [system, {"role": "user", "content": "a"}], "prompt_cache_key": "k"}
    assert cache.openai_usage(body)["prompt_tokens_details"]["cached_tokens"] == 0
    again = cache.openai_usage({**body, "messages": [system, {"role": "user", "content": "b"}]})
    cached = again["prompt_tokens_details"]["cached_tokens"]
    assert cached >= 1024 and (cached - 1024) % 128 == 0 and cached <= again["prompt_tokens"]
    other = cache.openai_usage({**body, "prompt_cache_key": "other"})
    assert other["prompt_tokens_details"]["cached_tokens"] == 0
