"""Property-based fuzz of every API endpoint: bad input is a 4xx in the endpoint's shape.

Bodies follow each wire shape loosely: the right keys with wrong types, keys missing or
extra, nested junk, huge and negative numbers, NaN, empty strings and lists, unicode with
lone surrogates (sent as JSON escapes), deep nesting, and arbitrary JSON or bytes. Most
examples are dry runs (``X-Sidecar-Dry-Run``: parsing, classification and routing); fewer
really call a backend with ``max_tokens: 1`` (the bundled model, or the stand-in gateway).
Every answer must be below 500, an error must have the endpoint's own error shape, nothing
may be logged as an unhandled error, and ``/healthz`` must still be ok afterwards.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from tests.conftest import TOKEN, Sidecar

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
DRY_RUN = {**AUTH, "X-Sidecar-Dry-Run": "1"}
FUZZ = settings(
    deadline=None,
    database=None,  # nothing written into the working tree; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
Case = tuple[str, Any]  # (path, body)

# Values ------------------------------------------------------------------------------

SURROGATES = st.sampled_from(["\ud800", "\udfff", "a\udc80b", "x\udbff", "\ude00\ud83d"])
SPECIAL_TEXT = st.sampled_from(
    ["", " ", "\x00", "\u2028", "\ufeff", "é", "😀", "<|fim_prefix|>", "<|im_end|>", "{", "null"]
)
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30), SPECIAL_TEXT, SURROGATES
)
INTS = st.one_of(
    st.integers(-5, 5), st.integers(), st.sampled_from([2**31, 2**63, 10**30, -(10**30)])
)
NUMBERS = st.one_of(INTS, st.floats(allow_nan=True, allow_infinity=True))
LEAVES = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JUNK: SearchStrategy[Any] = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


def _nested(depth: int, leaf: Any) -> Any:
    for i in range(depth):
        leaf = [leaf] if i % 2 else {"a": leaf}
    return leaf


DEEP = st.builds(_nested, st.integers(30, 500), LEAVES)
"""Nesting that json.loads accepts but that downstream recursion (encoders) may not."""
ANY = st.one_of(JUNK, JUNK, DEEP, st.just([]), st.just({}))


def loose(*good: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """A field's value: usually of the right shape, sometimes any JSON at all."""
    return st.one_of(*good, *good, ANY)


def obj(
    required: dict[str, SearchStrategy[Any]], optional: dict[str, SearchStrategy[Any]] | None = None
) -> SearchStrategy[dict[str, Any]]:
    """An object: usually with its required keys, sometimes not, maybe with extra keys."""
    optional = optional or {}
    shaped = st.fixed_dictionaries(required, optional=optional)
    partial = st.fixed_dictionaries({}, optional={**required, **optional})
    extra = st.dictionaries(TEXT, JUNK, max_size=2)
    return st.tuples(st.one_of(shaped, shaped, shaped, partial), st.one_of(st.just({}), extra)).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def kind(*names: str) -> SearchStrategy[Any]:
    """A ``type`` or ``role`` field: one of ``names``, another string, or junk."""
    return loose(st.sampled_from(names), st.sampled_from(names), TEXT)


MODEL = loose(
    st.sampled_from([
        "sidecar/auto", "sidecar/local", "sidecar/frontier", "sidecar/nope", "gpt-5",
        "claude-3-5-haiku-latest", "claude-sonnet-4-5", "smollm2-135m-instruct", "",
    ]),
    TEXT,
)  # fmt: skip
MAX_TOKENS = loose(st.integers(1, 64), INTS)
BOOL = loose(st.booleans())
STRINGS = loose(TEXT, st.lists(TEXT, max_size=3))
SCHEMA = loose(
    st.just({"type": "object", "properties": {"path": {"type": "string"}}}),
    st.just({"type": "array", "items": {"type": "integer"}}),
    st.dictionaries(TEXT, JUNK, max_size=3),
)
URL = loose(st.sampled_from(["https://example.com/a.png", "data:image/png;base64,iVBORw0K", ""]))

# OpenAI Chat and Completions -----------------------------------------------------------

CHAT_PART = obj(
    {"type": kind("text", "image_url", "input_text", "input_audio", "refusal")},
    {"text": loose(TEXT), "image_url": loose(URL, obj({"url": URL}))},
)
CHAT_TOOL_CALL = obj(
    {"id": loose(TEXT), "type": kind("function", "custom"),
     "function": loose(obj({"name": loose(TEXT), "arguments": loose(TEXT, JUNK)}))},
    {"custom": loose(obj({"name": loose(TEXT), "input": loose(TEXT)}))},
)  # fmt: skip
CHAT_MESSAGE = obj(
    {"role": kind("system", "developer", "user", "assistant", "tool", "function"),
     "content": loose(TEXT, st.none(), st.lists(CHAT_PART, max_size=3))},
    {"tool_calls": loose(st.lists(CHAT_TOOL_CALL, max_size=2)), "tool_call_id": loose(TEXT),
     "name": loose(TEXT), "reasoning_content": loose(TEXT),
     "function_call": loose(obj({"name": loose(TEXT), "arguments": loose(TEXT, JUNK)}))},
)  # fmt: skip
FUNCTION = obj({"name": loose(TEXT)}, {"description": loose(TEXT), "parameters": SCHEMA})
GRAMMAR = obj(
    {"type": kind("grammar", "text")},
    {"syntax": loose(TEXT), "definition": loose(TEXT),
     "grammar": loose(obj({"syntax": loose(TEXT), "definition": loose(TEXT)}))},
)  # fmt: skip
CHAT_TOOL = obj(
    {"type": kind("function", "custom")},
    {"function": loose(FUNCTION),
     "custom": loose(obj({"name": loose(TEXT)}, {"description": loose(TEXT), "format": GRAMMAR}))},
)  # fmt: skip
TOOL_CHOICE = loose(
    st.sampled_from(["auto", "none", "required", "any"]),
    obj({"type": kind("function", "custom", "allowed_tools", "file_search")},
        {"function": loose(obj({"name": loose(TEXT)})), "name": loose(TEXT),
         "allowed_tools": loose(obj({"mode": kind("auto", "required")})),
         "mode": kind("auto", "required")}),
)  # fmt: skip
RESPONSE_FORMAT = obj(
    {"type": kind("text", "json_object", "json_schema")},
    {"json_schema": loose(obj({"name": loose(TEXT), "schema": SCHEMA}, {"strict": BOOL})),
     "name": loose(TEXT), "schema": SCHEMA, "strict": BOOL},
)  # fmt: skip
SAMPLING = {"temperature": loose(NUMBERS), "top_p": loose(NUMBERS), "stream": BOOL,
            "stream_options": loose(obj({"include_usage": BOOL})), "user": loose(TEXT),
            "n": loose(INTS), "stop": STRINGS}  # fmt: skip
CHAT = obj(
    {"messages": loose(st.lists(CHAT_MESSAGE, min_size=1, max_size=4), st.just([]))},
    {"model": MODEL, "max_tokens": MAX_TOKENS, "max_completion_tokens": MAX_TOKENS, **SAMPLING,
     "tools": loose(st.lists(CHAT_TOOL, max_size=2)), "tool_choice": TOOL_CHOICE,
     "functions": loose(st.lists(FUNCTION, max_size=2)),
     "function_call": loose(st.sampled_from(["auto", "none"]), obj({"name": loose(TEXT)})),
     "response_format": loose(RESPONSE_FORMAT), "prompt_cache_key": loose(TEXT),
     "parallel_tool_calls": BOOL},
)  # fmt: skip
COMPLETIONS = obj(
    {"prompt": loose(TEXT, st.lists(TEXT, max_size=2), st.lists(INTS, max_size=3))},
    {"model": MODEL, "max_tokens": MAX_TOKENS, "suffix": loose(TEXT), "echo": BOOL, **SAMPLING},
)

# Anthropic Messages --------------------------------------------------------------------

SOURCE = obj(
    {"type": kind("base64", "url", "text", "content", "file")},
    {"media_type": loose(TEXT), "data": loose(TEXT), "url": URL,
     "content": loose(TEXT, st.lists(obj({"type": kind("text"), "text": loose(TEXT)}), max_size=2))},
)  # fmt: skip
TEXT_BLOCK = obj({"type": kind("text"), "text": loose(TEXT)}, {"cache_control": JUNK})
INNER_BLOCK = st.one_of(TEXT_BLOCK, obj({"type": kind("image"), "source": loose(SOURCE)}))
BLOCK = st.one_of(
    TEXT_BLOCK,
    INNER_BLOCK,
    obj({"type": kind("document"), "source": loose(SOURCE)}),
    obj({"type": kind("tool_use"), "id": loose(TEXT), "name": loose(TEXT), "input": SCHEMA}),
    obj({"type": kind("tool_result"), "tool_use_id": loose(TEXT)},
        {"content": loose(TEXT, st.lists(INNER_BLOCK, max_size=2)), "is_error": BOOL}),
    obj({"type": kind("thinking"), "thinking": loose(TEXT)}, {"signature": loose(TEXT)}),
    obj({"type": kind("redacted_thinking"), "data": loose(TEXT)}),
    obj({"type": loose(TEXT)}),
)  # fmt: skip
ANTHROPIC_MESSAGE = obj(
    {"role": kind("user", "assistant", "system"),
     "content": loose(TEXT, st.lists(BLOCK, max_size=3))},
)  # fmt: skip
ANTHROPIC_TOOL = obj(
    {"name": loose(TEXT), "input_schema": SCHEMA},
    {"type": kind("custom", "web_search_20250305", "bash_20250124"), "description": loose(TEXT)},
)
OUTPUT_FORMAT = loose(obj({"type": kind("json_schema"), "schema": SCHEMA}))
MESSAGES_FIELDS = {
    "system": loose(TEXT, st.lists(TEXT_BLOCK, max_size=2)),
    "tools": loose(st.lists(ANTHROPIC_TOOL, max_size=2)),
    "tool_choice": loose(obj({"type": kind("auto", "any", "tool", "none")}, {"name": loose(TEXT)})),
    "metadata": loose(obj({"user_id": loose(TEXT)})),
    "stop_sequences": STRINGS, "temperature": loose(NUMBERS), "top_p": loose(NUMBERS),
    "top_k": loose(INTS), "stream": BOOL,
    "thinking": loose(obj({"type": kind("enabled", "disabled"), "budget_tokens": MAX_TOKENS})),
    "output_config": loose(obj({"format": OUTPUT_FORMAT})), "output_format": OUTPUT_FORMAT,
}  # fmt: skip
ANTHROPIC_MESSAGES = loose(st.lists(ANTHROPIC_MESSAGE, min_size=1, max_size=4), st.just([]))
MESSAGES = obj(
    {"model": MODEL, "max_tokens": MAX_TOKENS, "messages": ANTHROPIC_MESSAGES}, MESSAGES_FIELDS
)
COUNT_TOKENS = obj({"model": MODEL, "messages": ANTHROPIC_MESSAGES}, MESSAGES_FIELDS)

# OpenAI Responses ----------------------------------------------------------------------

RESPONSE_PART = obj(
    {"type": kind("input_text", "output_text", "input_image", "input_file")},
    {"text": loose(TEXT), "image_url": URL, "file_id": loose(TEXT)},
)
CALL_ID = {"call_id": loose(TEXT)}
ITEM = st.one_of(
    obj({"role": kind("user", "assistant", "system", "developer"),
         "content": loose(TEXT, st.lists(RESPONSE_PART, max_size=3))}, {"type": kind("message")}),
    obj({"type": kind("function_call"), **CALL_ID, "name": loose(TEXT)},
        {"arguments": loose(TEXT, JUNK)}),
    obj({"type": kind("function_call_output", "custom_tool_call_output"), **CALL_ID,
         "output": loose(TEXT, st.lists(RESPONSE_PART, max_size=2),
                         obj({"content": loose(TEXT)}, {"success": BOOL}))}),
    obj({"type": kind("custom_tool_call"), **CALL_ID, "name": loose(TEXT), "input": loose(TEXT)}),
    obj({"type": kind("local_shell_call", "local_shell_call_output")},
        {**CALL_ID, "id": loose(TEXT), "action": JUNK, "output": loose(TEXT)}),
    obj({"type": kind("reasoning", "item_reference", "web_search_call")},
        {"id": loose(TEXT), "summary": JUNK, "encrypted_content": loose(TEXT)}),
)  # fmt: skip
RESPONSE_TOOL = obj(
    {"type": kind("function", "custom", "web_search", "local_shell", "file_search")},
    {"name": loose(TEXT), "description": loose(TEXT), "parameters": SCHEMA, "strict": BOOL,
     "format": GRAMMAR},
)  # fmt: skip
RESPONSES = obj(
    {"input": loose(TEXT, st.lists(ITEM, min_size=1, max_size=4))},
    {"model": MODEL, "instructions": loose(TEXT), "max_output_tokens": MAX_TOKENS,
     "temperature": loose(NUMBERS), "top_p": loose(NUMBERS), "stream": BOOL,
     "user": loose(TEXT), "tools": loose(st.lists(RESPONSE_TOOL, max_size=2)),
     "tool_choice": TOOL_CHOICE, "text": loose(obj({}, {"format": loose(RESPONSE_FORMAT),
                                                      "verbosity": loose(TEXT)})),
     "previous_response_id": st.one_of(st.none(), TEXT), "conversation": st.one_of(st.none(), JUNK),
     "store": BOOL, "reasoning": JUNK, "include": JUNK, "metadata": JUNK,
     "parallel_tool_calls": BOOL, "prompt_cache_key": loose(TEXT)},
)  # fmt: skip

ENDPOINTS: dict[str, SearchStrategy[Any]] = {
    "/v1/chat/completions": CHAT,
    "/v1/completions": COMPLETIONS,
    "/v1/messages": MESSAGES,
    "/v1/messages/count_tokens": COUNT_TOKENS,
    "/v1/responses": RESPONSES,
}
CASES: SearchStrategy[Case] = st.one_of(
    *(st.tuples(st.just(path), st.one_of(shaped, shaped, shaped, ANY))
      for path, shaped in ENDPOINTS.items())
)  # fmt: skip

# Checks --------------------------------------------------------------------------------


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def assert_error_shape(path: str, body: Any) -> None:
    """Anthropic ``{"type": "error", "error": {"type", "message"}}`` or OpenAI's ``{"error"}``."""
    if path.removeprefix("/v1").startswith("/messages"):
        assert body["type"] == "error", body
        assert isinstance(body["error"]["type"], str) and isinstance(body["error"]["message"], str)
    else:
        error = body["error"]
        assert isinstance(error["message"], str) and isinstance(error["type"], str), body
        assert {"param", "code"} <= set(error), body


async def send(
    http: aiohttp.ClientSession, sidecar: Sidecar, path: str, data: bytes, headers: dict[str, str]
) -> tuple[int, bytes]:
    """POST ``data``; check the status and, for an error, its shape; return both."""
    async with http.post(sidecar.url + path, data=data, headers=headers) as response:
        raw = await response.read()
        status, streamed = response.status, response.content_type == "text/event-stream"
    assert status < 500, (status, raw[:2000])
    if streamed:
        assert b"Internal error" not in raw
    elif status >= 400:
        assert_error_shape(path, json.loads(raw))
    else:
        json.loads(raw)
    return status, raw


def encode(body: Any) -> bytes:
    """JSON text as a client sends it: lone surrogates go as ``\\udxxx`` escapes."""
    return json.dumps(body).encode()


def unhandled(records: list[logging.LogRecord]) -> list[str]:
    """Error records from the HTTP server or aiohttp: each is a request that crashed."""
    names = ("sidecar.server", "sidecar.engine", "aiohttp")
    return [r.getMessage() for r in records if r.levelno >= logging.ERROR and r.name.startswith(names)]  # fmt: skip


@pytest.fixture
async def served(http: aiohttp.ClientSession, sidecar: Sidecar) -> AsyncIterator[Sidecar]:
    """The sidecar under fuzz; after the test's last example it must still be healthy."""
    yield sidecar
    async with http.get(sidecar.url + "/healthz") as response:
        assert response.status == 200 and (await response.json())["status"] == "ok"


# The review's findings, run first on every run.
REGRESSIONS: list[Case] = [
    ("/v1/chat/completions", {"messages": [{"role": ["user"], "content": "hi"}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": [{"type": ["text"]}]}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": _nested(500, "x")}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "a\ud800b"}]}),
    ("/v1/chat/completions", {"model": "\ud800", "messages": [{"role": "user", "content": "x"}]}),
    ("/v1/completions", {"prompt": "", "max_tokens": 1}),
    ("/v1/completions", {"prompt": "\udfff", "suffix": "\ud800"}),
    ("/v1/messages", {"model": "m", "max_tokens": 1, "messages": [{"role": ["user"], "content": "x"}]}),
    ("/v1/messages", {"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": [{"type": ["text"]}]}]}),
    ("/v1/messages/count_tokens", {"model": "m", "messages": [{"role": "user", "content": "\ud800"}]}),
    ("/v1/responses", {"input": [{"type": ["message"], "role": "user", "content": "x"}]}),
    ("/v1/responses", {"input": [{"role": {"a": 1}, "content": "x"}]}),
    ("/v1/responses", {"input": "hi", "tools": [{"type": "function", "name": "f", "parameters": _nested(400, 1)}]}),
]  # fmt: skip


def with_examples(cases: list[Case]) -> Any:
    def decorate(test: Any) -> Any:
        for case in reversed(cases):
            test = example(case=case)(test)
        return test

    return decorate


@settings(FUZZ, max_examples=700)
@with_examples(REGRESSIONS)
@given(case=CASES)
async def test_dry_run_never_answers_5xx(
    http: aiohttp.ClientSession,
    served: Sidecar,
    caplog: pytest.LogCaptureFixture,
    case: Case,
) -> None:
    path, body = case
    caplog.clear()
    status, raw = await send(http, served, path, encode(body), DRY_RUN)
    assert not unhandled(caplog.records)
    if status == 200 and path != "/v1/messages/count_tokens":
        assert {"task", "route", "model", "reasons"} <= set(json.loads(raw))


def limited(path: str, body: Any) -> Any:
    """``body`` with a completion limit of one token, when it is an object."""
    if isinstance(body, dict):
        key = "max_output_tokens" if path.endswith("responses") else "max_tokens"
        body = {**body, key: 1}
        body.pop("max_completion_tokens", None)
    return body


@settings(FUZZ, max_examples=80)
@with_examples(REGRESSIONS)
@given(case=CASES)
async def test_real_calls_never_answer_5xx(
    http: aiohttp.ClientSession,
    served: Sidecar,
    caplog: pytest.LogCaptureFixture,
    case: Case,
) -> None:
    path, body = case
    caplog.clear()
    await send(http, served, path, encode(limited(path, body)), AUTH)
    assert not unhandled(caplog.records)


RAW = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([
        b"", b"{", b"[]", b"null", b'"x"', b"NaN", b'{"messages": NaN}', b"\xff\xfe{}",
        b'{"model": "\xed\xa0\x80"}', b'{"prompt": "\\ud800"}', b'{"a": 1' + b"0" * 5000 + b"}",
        b'{"messages": [], "messages": 1}',
    ]),
    JUNK.map(lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)  # fmt: skip


@settings(FUZZ, max_examples=150)
@given(path=st.sampled_from(sorted(ENDPOINTS)), data=RAW)
async def test_arbitrary_bytes_never_answer_5xx(
    http: aiohttp.ClientSession,
    served: Sidecar,
    caplog: pytest.LogCaptureFixture,
    path: str,
    data: bytes,
) -> None:
    caplog.clear()
    await send(http, served, path, data, DRY_RUN)
    assert not unhandled(caplog.records)
