"""Property-based fuzz of every API endpoint: bad input is a 4xx in the endpoint's shape.

Bodies follow each wire shape (valid-looking requests), then get up to three mutations:
a value anywhere replaced by other JSON (wrong types, nested junk, deep nesting) or a key
deleted. Values include huge and negative numbers, NaN, empty strings and lists, and
unicode with lone surrogates (sent as JSON escapes); extra keys come and go; some bodies
are arbitrary JSON or bytes. Most examples are dry runs (``X-Sidecar-Dry-Run``: parsing,
classification and routing); fewer really call a backend with ``max_tokens: 1`` (the
bundled model, or the stand-in gateway). Every answer must be below 500, an error must
have the endpoint's own error shape, nothing may be logged as an unhandled error, and
``/healthz`` must still be ok after each test.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.http_exceptions import HttpProcessingError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from tests.conftest import TOKEN, Sidecar, start_sidecar

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
WORDS = st.sampled_from([
    "Fix the failing test in parser.py", "def add(a, b):\n    return a +",
    "Design the architecture for multi-tenant billing: plan the services and trade-offs.",
    "Review this diff for bugs", "Summarize this conversation in 5 words",
])  # fmt: skip
PROSE = st.one_of(WORDS, WORDS, TEXT)
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


def nested(depth: int, leaf: Any) -> Any:
    """``leaf`` inside ``depth`` alternating objects and arrays."""
    for i in range(depth):
        leaf = [leaf] if i % 2 else {"a": leaf}
    return leaf


DEEP = st.builds(nested, st.integers(30, 200), LEAVES)
"""Nesting that json.loads accepts but that recursion further on (encoders) may not."""
ANY = st.one_of(JUNK, JUNK, DEEP, st.just([]), st.just({}), st.just(""))


def obj(
    required: dict[str, SearchStrategy[Any]], optional: dict[str, SearchStrategy[Any]] | None = None
) -> SearchStrategy[dict[str, Any]]:
    """An object with its required keys, some optional ones, and sometimes unknown keys."""
    shaped = st.fixed_dictionaries(required, optional=optional or {})
    extra = st.one_of(st.just({}), st.just({}), st.dictionaries(TEXT, JUNK, max_size=2))
    return st.tuples(shaped, extra).map(lambda pair: {**pair[1], **pair[0]})


def kind(*names: str) -> SearchStrategy[str]:
    """A ``type`` or ``role`` field."""
    return st.sampled_from(names)


@st.composite
def mutated(draw: DrawFn, shaped: SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A body of ``shaped`` with up to three values replaced by any JSON or keys deleted."""
    body = draw(shaped)
    for _ in range(draw(st.integers(1, 3))):
        body = _mutate(draw, body, root=True)
    return body


def _mutate(draw: DrawFn, value: Any, root: bool = False) -> Any:
    children: list[Any] = []
    if isinstance(value, dict):
        children = sorted(value)
    elif isinstance(value, list):
        children = list(range(len(value)))
    if not children or (not root and draw(st.integers(0, 3)) == 0):
        return draw(ANY)
    at = draw(st.sampled_from(children))
    copy = dict(value) if isinstance(value, dict) else list(value)
    if isinstance(copy, dict) and draw(st.integers(0, 4)) == 0:
        del copy[at]
    else:
        copy[at] = _mutate(draw, copy[at])
    return copy


def mostly(good: SearchStrategy[Any], other: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """``good`` seven times in eight, else ``other`` (valid bodies reach further in)."""
    return st.integers(0, 7).flatmap(lambda i: other if i == 0 else good)


MODEL = mostly(
    st.sampled_from([
        "sidecar/auto", "sidecar/local", "sidecar/frontier", "sidecar/nope", "gpt-5",
        "claude-3-5-haiku-latest", "claude-sonnet-4-5", "smollm2-135m-instruct",
    ]),
    st.one_of(TEXT, TEXT.map("sidecar/".__add__)),
)  # fmt: skip
MAX_TOKENS = mostly(st.integers(1, 64), INTS)
UNIT = mostly(st.floats(0, 1), NUMBERS)
STOP = st.one_of(TEXT, st.lists(TEXT, max_size=3))
KEYWORDS = st.sampled_from([
    "type", "enum", "const", "anyOf", "oneOf", "allOf", "not", "properties", "required",
    "items", "prefixItems", "additionalProperties", "$ref", "$defs", "pattern", "format",
    "minimum", "maximum", "minLength", "maxItems",
])  # fmt: skip
SCHEMA_LEAVES = st.one_of(  # small numbers: a large maxLength is its own test below
    st.none(),
    st.booleans(),
    st.integers(-3, 50),
    st.floats(-1e3, 1e3),
    TEXT,
    st.sampled_from(["string", "integer", "object", "array", "#/$defs/a", "(", "date"]),
)
SCHEMA = st.one_of(
    st.just({"type": "object", "properties": {"path": {"type": "string"}}}),
    st.just({"type": "array", "items": {"type": "integer"}}),
    st.dictionaries(TEXT, JUNK, max_size=3),
    st.recursive(  # keywords with values of any shape: {"enum": []}, {"anyOf": {}} ...
        st.dictionaries(KEYWORDS, SCHEMA_LEAVES, max_size=3),
        lambda inner: st.dictionaries(
            KEYWORDS,
            st.one_of(
                SCHEMA_LEAVES,
                inner,
                st.lists(inner, max_size=2),
                st.dictionaries(TEXT, inner, max_size=2),
            ),
            max_size=3,
        ),
        max_leaves=8,
    ),
)
URL = st.sampled_from(["https://example.com/a.png", "data:image/png;base64,iVBORw0K", ""])
NAME = st.one_of(st.sampled_from(["read_file", "shell", "apply_patch"]), TEXT)

# OpenAI Chat and Completions -----------------------------------------------------------

CHAT_PART = st.one_of(
    obj({"type": kind("text", "input_text"), "text": PROSE}),
    obj({"type": kind("image_url"), "image_url": st.one_of(URL, obj({"url": URL}))}),
    obj({"type": kind("input_audio", "refusal", "file")}),
)
FUNCTION_CALL = obj({"name": NAME, "arguments": st.one_of(TEXT, st.just('{"a": 1}'), JUNK)})
CHAT_TOOL_CALL = st.one_of(
    obj({"id": TEXT, "type": kind("function"), "function": FUNCTION_CALL}),
    obj({"id": TEXT, "type": kind("custom"), "custom": obj({"name": NAME, "input": TEXT})}),
)
CONTENT = st.one_of(PROSE, st.none(), st.lists(CHAT_PART, max_size=3))
CHAT_MESSAGE = st.one_of(
    obj({"role": kind("system", "developer", "user"), "content": CONTENT}, {"name": TEXT}),
    obj({"role": kind("assistant"), "content": CONTENT},
        {"tool_calls": st.lists(CHAT_TOOL_CALL, max_size=2), "reasoning_content": TEXT,
         "function_call": FUNCTION_CALL}),
    obj({"role": kind("tool"), "content": CONTENT, "tool_call_id": TEXT}),
    obj({"role": kind("function"), "content": CONTENT, "name": NAME}),
)  # fmt: skip
FUNCTION = obj({"name": NAME}, {"description": TEXT, "parameters": SCHEMA})
GRAMMAR = st.one_of(
    obj({"type": kind("text")}),
    obj({"type": kind("grammar"), "syntax": kind("lark", "regex"), "definition": TEXT}),
    obj({"type": kind("grammar"), "grammar": obj({"syntax": TEXT, "definition": TEXT})}),
)
CHAT_TOOL = st.one_of(
    obj({"type": kind("function"), "function": FUNCTION}),
    obj({"type": kind("custom"), "custom": obj({"name": NAME}, {"description": TEXT, "format": GRAMMAR})}),
)  # fmt: skip
TOOL_CHOICE = st.one_of(
    kind("auto", "none", "required"),
    obj({"type": kind("function"), "function": obj({"name": NAME})}),
    obj({"type": kind("function", "custom"), "name": NAME}),
    obj({"type": kind("allowed_tools"), "allowed_tools": obj({"mode": kind("auto", "required")})}),
    obj({"type": kind("file_search", "web_search")}),
)
RESPONSE_FORMAT = st.one_of(
    obj({"type": kind("text", "json_object")}),
    obj({"type": kind("json_schema"), "json_schema": obj({"name": TEXT, "schema": SCHEMA}, {"strict": st.booleans()})}),
    obj({"type": kind("json_schema"), "name": TEXT, "schema": SCHEMA}, {"strict": st.booleans()}),
)  # fmt: skip
SAMPLING = {"temperature": UNIT, "top_p": UNIT, "stream": st.booleans(), "user": TEXT,
            "stream_options": obj({"include_usage": st.booleans()}), "n": st.just(1),
            "stop": STOP}  # fmt: skip
CHAT = obj(
    {"messages": st.lists(CHAT_MESSAGE, min_size=1, max_size=4)},
    {"model": MODEL, "max_tokens": MAX_TOKENS, "max_completion_tokens": MAX_TOKENS, **SAMPLING,
     "tools": st.lists(CHAT_TOOL, max_size=2), "tool_choice": TOOL_CHOICE,
     "functions": st.lists(FUNCTION, max_size=2),
     "function_call": st.one_of(kind("auto", "none"), obj({"name": NAME})),
     "response_format": RESPONSE_FORMAT, "prompt_cache_key": TEXT,
     "parallel_tool_calls": st.booleans()},
)  # fmt: skip
COMPLETIONS = obj(
    {"prompt": st.one_of(PROSE, st.lists(PROSE, max_size=2))},
    {"model": MODEL, "max_tokens": MAX_TOKENS, "suffix": PROSE, "echo": st.booleans(), **SAMPLING},
)

# Anthropic Messages --------------------------------------------------------------------

TEXT_BLOCK = obj({"type": kind("text"), "text": PROSE}, {"cache_control": JUNK})
IMAGE_BLOCK = obj({"type": kind("image"), "source": st.one_of(
    obj({"type": kind("base64"), "media_type": kind("image/png"), "data": TEXT}),
    obj({"type": kind("url"), "url": URL}),
    obj({"type": kind("file"), "file_id": TEXT}),
)})  # fmt: skip
DOCUMENT_BLOCK = obj({"type": kind("document"), "source": st.one_of(
    obj({"type": kind("text"), "media_type": kind("text/plain"), "data": PROSE}),
    obj({"type": kind("content"), "content": st.one_of(PROSE, st.lists(TEXT_BLOCK, max_size=2))}),
    obj({"type": kind("base64", "url"), "data": TEXT}),
)})  # fmt: skip
BLOCK = st.one_of(
    TEXT_BLOCK, IMAGE_BLOCK, DOCUMENT_BLOCK,
    obj({"type": kind("tool_use"), "id": TEXT, "name": NAME, "input": SCHEMA}),
    obj({"type": kind("tool_result"), "tool_use_id": TEXT},
        {"content": st.one_of(PROSE, st.lists(st.one_of(TEXT_BLOCK, IMAGE_BLOCK), max_size=2)),
         "is_error": st.booleans()}),
    obj({"type": kind("thinking"), "thinking": TEXT}, {"signature": TEXT}),
    obj({"type": kind("redacted_thinking"), "data": TEXT}),
    obj({"type": kind("server_tool_use", "web_search_tool_result")}),
)  # fmt: skip
ANTHROPIC_MESSAGE = obj(
    {"role": kind("user", "assistant", "system"),
     "content": st.one_of(PROSE, st.lists(BLOCK, max_size=3))},
)  # fmt: skip
ANTHROPIC_TOOL = st.one_of(
    obj({"name": NAME, "input_schema": SCHEMA}, {"type": kind("custom"), "description": TEXT}),
    obj({"type": kind("web_search_20250305", "bash_20250124"), "name": NAME}),
)
OUTPUT_FORMAT = obj({"type": kind("json_schema"), "schema": SCHEMA})
MESSAGES_FIELDS = {
    "system": st.one_of(PROSE, st.lists(TEXT_BLOCK, max_size=2)),
    "tools": st.lists(ANTHROPIC_TOOL, max_size=2),
    "tool_choice": st.one_of(obj({"type": kind("auto", "any", "none")}),
                             obj({"type": kind("tool"), "name": NAME})),
    "metadata": obj({"user_id": TEXT}), "stop_sequences": st.lists(TEXT, max_size=2),
    "temperature": UNIT, "top_p": UNIT, "top_k": INTS, "stream": st.booleans(),
    "thinking": obj({"type": kind("enabled"), "budget_tokens": MAX_TOKENS}),
    "output_config": obj({"format": OUTPUT_FORMAT}), "output_format": OUTPUT_FORMAT,
}  # fmt: skip
ANTHROPIC_MESSAGES = st.lists(ANTHROPIC_MESSAGE, min_size=1, max_size=4)
MESSAGES = obj(
    {"model": MODEL, "max_tokens": MAX_TOKENS, "messages": ANTHROPIC_MESSAGES}, MESSAGES_FIELDS
)
COUNT_TOKENS = obj({"model": MODEL, "messages": ANTHROPIC_MESSAGES}, MESSAGES_FIELDS)

# OpenAI Responses ----------------------------------------------------------------------

RESPONSE_PART = st.one_of(
    obj({"type": kind("input_text", "output_text"), "text": PROSE}),
    obj({"type": kind("input_image"), "image_url": URL}),
    obj({"type": kind("input_image", "input_file"), "file_id": TEXT}),
)
CALL_ID = {"call_id": TEXT}
OUTPUT = st.one_of(
    PROSE,
    st.lists(RESPONSE_PART, max_size=2),
    obj({"content": PROSE}, {"success": st.booleans()}),
)
ITEM = st.one_of(
    obj({"role": kind("user", "assistant", "system", "developer"),
         "content": st.one_of(PROSE, st.lists(RESPONSE_PART, max_size=3))},
        {"type": kind("message")}),
    obj({"type": kind("function_call"), **CALL_ID, "name": NAME},
        {"arguments": st.one_of(TEXT, JUNK)}),
    obj({"type": kind("function_call_output", "custom_tool_call_output"), **CALL_ID,
         "output": OUTPUT}),
    obj({"type": kind("custom_tool_call"), **CALL_ID, "name": NAME, "input": TEXT}),
    obj({"type": kind("local_shell_call")}, {**CALL_ID, "id": TEXT, "action": JUNK}),
    obj({"type": kind("local_shell_call_output"), **CALL_ID, "output": TEXT}),
    obj({"type": kind("reasoning", "item_reference", "web_search_call")},
        {"id": TEXT, "summary": JUNK, "encrypted_content": TEXT}),
)  # fmt: skip
RESPONSE_TOOL = st.one_of(
    obj({"type": kind("function"), "name": NAME},
        {"description": TEXT, "parameters": SCHEMA, "strict": st.booleans()}),
    obj({"type": kind("custom"), "name": NAME}, {"description": TEXT, "format": GRAMMAR}),
    obj({"type": kind("web_search", "local_shell", "file_search")}),
)  # fmt: skip
RESPONSES = obj(
    {"input": st.one_of(PROSE, st.lists(ITEM, min_size=1, max_size=4))},
    {"model": MODEL, "instructions": PROSE, "max_output_tokens": MAX_TOKENS,
     "temperature": UNIT, "top_p": UNIT, "stream": st.booleans(), "user": TEXT,
     "tools": st.lists(RESPONSE_TOOL, max_size=2), "tool_choice": TOOL_CHOICE,
     "text": obj({}, {"format": RESPONSE_FORMAT, "verbosity": kind("low", "high")}),
     "previous_response_id": st.none(), "conversation": st.none(), "store": st.booleans(),
     "reasoning": JUNK, "include": JUNK, "metadata": JUNK,
     "parallel_tool_calls": st.booleans(), "prompt_cache_key": TEXT},
)  # fmt: skip

ENDPOINTS: dict[str, SearchStrategy[Any]] = {
    "/v1/chat/completions": CHAT,
    "/v1/completions": COMPLETIONS,
    "/v1/messages": MESSAGES,
    "/v1/messages/count_tokens": COUNT_TOKENS,
    "/v1/responses": RESPONSES,
}
CASES: SearchStrategy[Case] = st.one_of(
    *(st.tuples(st.just(path), st.one_of(shaped, mutated(shaped), mutated(shaped)))
      for path, shaped in ENDPOINTS.items()),
    st.tuples(st.sampled_from(sorted(ENDPOINTS)), ANY),
)  # fmt: skip


# Checks --------------------------------------------------------------------------------


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def served(http: aiohttp.ClientSession, sidecar: Sidecar) -> AsyncIterator[Sidecar]:
    """The sidecar with the stand-in gateway; after the last example it must be healthy."""
    yield sidecar
    await assert_healthy(http, sidecar)


@pytest.fixture
async def served_locally(
    http: aiohttp.ClientSession, sidecar_no_gateway: Sidecar
) -> AsyncIterator[Sidecar]:
    """The sidecar without a gateway; after the last example it must be healthy."""
    yield sidecar_no_gateway
    await assert_healthy(http, sidecar_no_gateway)


async def assert_healthy(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    async with http.get(sidecar.url + "/healthz") as response:
        assert response.status == 200 and (await response.json())["status"] == "ok"


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
    if streamed:  # an error after the first event is an event, in the endpoint's shape
        assert not any(word in raw for word in SERVER_ERRORS), raw[-2000:]
    elif status >= 400:
        assert_error_shape(path, json.loads(raw))
    else:
        json.loads(raw)
    return status, raw


SERVER_ERRORS = (b"Internal error", b'"server_error"', b'"api_error"', b"local_model_error")


def encode(body: Any) -> bytes:
    """JSON text as a client sends it: lone surrogates go as ``\\udxxx`` escapes."""
    return json.dumps(body).encode()


def unhandled(records: list[logging.LogRecord]) -> list[str]:
    """Error records from the server, the engine or aiohttp: each is a request that broke.

    aiohttp also logs, at ERROR, the requests its HTTP parser answered with a 4xx.
    """
    names = ("sidecar.server", "sidecar.engine", "aiohttp")
    return [
        r.getMessage()
        for r in records
        if r.levelno >= logging.ERROR and r.name.startswith(names) and not _refused_by_parser(r)
    ]


def _refused_by_parser(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    return isinstance(error, HttpProcessingError) and 400 <= error.code < 500


def limited(path: str, body: Any) -> Any:
    """``body`` with a completion limit of one token, when it is an object."""
    if isinstance(body, dict):
        key = "max_output_tokens" if path.endswith("responses") else "max_tokens"
        body = {**body, key: 1}
        body.pop("max_completion_tokens", None)
    return body


# The security review's findings, run first on every run.
REGRESSIONS: list[Case] = [
    ("/v1/chat/completions", {"messages": [{"role": ["user"], "content": "hi"}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": [{"type": ["text"]}]}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": nested(200, "x")}]}),
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "a\ud800b"}]}),
    ("/v1/chat/completions", {"model": "\ud800", "messages": [{"role": "user", "content": "x"}]}),
    ("/v1/completions", {"prompt": "", "max_tokens": 1}),
    ("/v1/completions", {"prompt": "\udfff", "suffix": "\ud800"}),
    ("/v1/messages", {"model": "m", "max_tokens": 1, "messages": [{"role": ["user"], "content": "x"}]}),
    ("/v1/messages", {"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": [{"type": ["text"]}]}]}),
    ("/v1/messages/count_tokens", {"model": "m", "messages": [{"role": "user", "content": "\ud800"}]}),
    ("/v1/responses", {"input": [{"type": ["message"], "role": "user", "content": "x"}]}),
    ("/v1/responses", {"input": [{"role": {"a": 1}, "content": "x"}]}),
    ("/v1/responses", {"input": "hi", "tools": [{"type": "function", "name": "f", "parameters": nested(150, 1)}]}),
    # Schemas that llama.cpp's grammar converter turns into an empty rule: the worker crashed.
    ("/v1/chat/completions", {"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"enum": []}}}}),
    ("/v1/messages", {"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "x"}], "output_config": {"format": {"type": "json_schema", "schema": {"anyOf": {}}}}}),
    ("/v1/responses", {"input": "x", "text": {"format": {"type": "json_schema", "name": "x", "schema": {"properties": {"a": {"type": []}}}}}}),
]  # fmt: skip


def regressions(test: Any) -> Any:
    """Run every :data:`REGRESSIONS` case as an explicit example of ``test``."""
    for case in reversed(REGRESSIONS):
        test = example(case=case)(test)
    return test


@settings(FUZZ, max_examples=1500)
@regressions
@given(case=CASES)
async def test_dry_run_never_answers_5xx(
    http: aiohttp.ClientSession, served: Sidecar, caplog: pytest.LogCaptureFixture, case: Case
) -> None:
    path, body = case
    caplog.clear()
    status, raw = await send(http, served, path, encode(body), DRY_RUN)
    assert not unhandled(caplog.records)
    if status == 200 and path != "/v1/messages/count_tokens":
        assert {"task", "route", "model", "reasons"} <= set(json.loads(raw))


async def call(
    http: aiohttp.ClientSession, sidecar: Sidecar, records: list[logging.LogRecord], case: Case
) -> None:
    path, body = case
    await send(http, sidecar, path, encode(limited(path, body)), AUTH)
    assert not unhandled(records)


@settings(FUZZ, max_examples=100)
@regressions
@given(case=CASES)
async def test_real_local_calls_never_answer_5xx(
    http: aiohttp.ClientSession,
    served_locally: Sidecar,
    caplog: pytest.LogCaptureFixture,
    case: Case,
) -> None:
    """No gateway: what the local model cannot serve shows (nothing to fall back to)."""
    caplog.clear()
    await call(http, served_locally, caplog.records, case)


@settings(FUZZ, max_examples=100)
@regressions
@given(case=CASES)
async def test_real_calls_with_a_gateway_never_answer_5xx(
    http: aiohttp.ClientSession, served: Sidecar, caplog: pytest.LogCaptureFixture, case: Case
) -> None:
    """The stand-in gateway: frontier routes render the request upstream."""
    caplog.clear()
    await call(http, served, caplog.records, case)


RAW = st.one_of(
    st.binary(max_size=64),
    st.sampled_from([
        b"", b"{", b"[]", b"null", b'"x"', b"NaN", b'{"messages": NaN}', b"\xff\xfe{}",
        b'{"model": "\xed\xa0\x80"}', b'{"prompt": "\\ud800"}', b'{"a": 1' + b"0" * 5000 + b"}",
        b'{"messages": [], "messages": 1}',
    ]),
    JUNK.map(lambda value: json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")),
)  # fmt: skip


@settings(FUZZ, max_examples=300)
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


HEADERS = [
    "Authorization", "x-api-key", "User-Agent", "x-claude-code-session-id", "session_id",
    "anthropic-beta", "anthropic-version", "Origin", "Host", "Content-Type", "X-Sidecar-Dry-Run",
    "X-Sidecar-Files",
]  # fmt: skip
HEADER_BYTES = st.binary(max_size=24).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


async def raw_post(sidecar: Sidecar, path: str, headers: dict[str, bytes], body: bytes) -> bytes:
    """POST with header bytes as given (aiohttp's client would refuse some); return the answer."""
    host, port = sidecar.url.removeprefix("http://").split(":")
    lines = {
        "Host": f"{host}:{port}".encode(),
        "Authorization": f"Bearer {TOKEN}".encode(),
        "Content-Type": b"application/json",
        **headers,
        "Content-Length": str(len(body)).encode(),
        "Connection": b"close",
    }
    head = f"POST {path} HTTP/1.1\r\n".encode()
    head += b"".join(name.encode() + b": " + value + b"\r\n" for name, value in lines.items())
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head + b"\r\n" + body)
        await writer.drain()
        return await reader.read()
    finally:
        writer.close()
        await writer.wait_closed()


@settings(FUZZ, max_examples=150)
@given(path=st.sampled_from(sorted(ENDPOINTS)), name=st.sampled_from(HEADERS), value=HEADER_BYTES)
async def test_header_bytes_never_answer_5xx(
    served: Sidecar, caplog: pytest.LogCaptureFixture, path: str, name: str, value: bytes
) -> None:
    caplog.clear()
    body = {
        "model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "hi"}],
        "prompt": "hi", "input": "hi",  # valid for every endpoint: the headers are read
    }  # fmt: skip
    answer = await raw_post(served, path, {"X-Sidecar-Dry-Run": b"1", name: value}, encode(body))
    status = int(answer.split(b" ", 2)[1])
    assert status < 500, answer[-500:]
    assert not unhandled(caplog.records)


# Causes of 5xx the fuzz found outside the protocol modules, each fixed where it lives.


async def test_nesting_deeper_than_the_json_decoder_allows_is_a_400(
    http: aiohttp.ClientSession, served: Sidecar
) -> None:
    for path in ENDPOINTS:
        for depth in (1_000, 100_000):
            status, _ = await send(http, served, path, b"[" * depth + b"]" * depth, DRY_RUN)
            assert status == 400


async def test_undecodable_app_header_is_no_5xx(served: Sidecar) -> None:
    body = {"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "hi"}]}
    answer = await raw_post(served, "/v1/messages", {"X-Sidecar-App": b"app\xff"}, encode(body))
    assert int(answer.split(b" ", 2)[1]) < 500


async def test_empty_completion_prompt_on_the_local_model(
    http: aiohttp.ClientSession, sidecar_no_gateway: Sidecar
) -> None:
    for body in ({"prompt": "", "max_tokens": 1}, {"prompt": "", "suffix": "x", "max_tokens": 1}):
        await send(http, sidecar_no_gateway, "/v1/completions", encode(body), AUTH)


async def test_completion_max_tokens_over_the_context_on_the_local_model(
    http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """max_tokens past n_ctx: the prompt is kept and the answer clamped to the room left."""
    runner, sidecar = await start_sidecar(tmp_path, {"local": {"n_ctx": 512}})
    try:
        body = {"prompt": "def f(", "max_tokens": 5000, "stop": ["("]}
        status, raw = await send(http, sidecar, "/v1/completions", encode(body), AUTH)
        assert status == 200, raw
        usage = json.loads(raw)["usage"]
        assert usage["prompt_tokens"] >= 3  # "def f(" survives
        assert usage["prompt_tokens"] + usage["completion_tokens"] <= 512
    finally:
        await runner.cleanup()


async def test_a_long_max_length_schema_is_served_locally(
    http: aiohttp.ClientSession, sidecar_no_gateway: Sidecar
) -> None:
    schema = {"type": "object", "properties": {"summary": {"type": "string", "maxLength": 2000}}}
    body = {
        "messages": [{"role": "user", "content": "Summarize: x"}],
        "max_tokens": 1,
        "response_format": {"type": "json_schema", "json_schema": {"name": "s", "schema": schema}},
    }
    await send(http, sidecar_no_gateway, "/v1/chat/completions", encode(body), AUTH)
