"""Local tool calls: parsing both open-weight call formats from streamed text; prompting."""

from __future__ import annotations

import json

import pytest

from sidecar.backends.tools import ToolCallParser, system_prompt, template_messages
from sidecar.request import Message, Tool, ToolCall

HERMES = (
    'Let me look.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a.py"}}\n'
    "</tool_call>\n<tool_call>\n"
    '{"name": "grep", "arguments": {"pattern": "x<y"}}\n</tool_call>'
)
QWEN3_CODER = (
    "<tool_call>\n<function=write_file>\n<parameter=path>\nhello.txt\n</parameter>\n"
    "<parameter=lines>\n3\n</parameter>\n</function>\n</tool_call>"
)


def run(text: str, step: int) -> tuple[str, list[ToolCall]]:
    parser = ToolCallParser()
    out, calls = [], []
    for i in range(0, len(text), step):
        visible, done = parser.feed(text[i : i + step])
        out.append(visible)
        calls += done
    visible, done = parser.close()
    return "".join(out) + visible, calls + done


@pytest.mark.parametrize("step", [1, 2, 5, 1000])
def test_hermes_calls_are_parsed_whatever_the_chunking(step: int) -> None:
    text, calls = run(HERMES, step)
    assert text.strip() == "Let me look."
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [
        ("read_file", {"path": "a.py"}),
        ("grep", {"pattern": "x<y"}),
    ]
    assert len({c.id for c in calls}) == 2 and all(c.id.startswith("call_") for c in calls)


@pytest.mark.parametrize("step", [1, 3, 1000])
def test_qwen3_coder_xml_calls_are_parsed(step: int) -> None:
    text, calls = run(QWEN3_CODER, step)
    assert text == ""
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [
        ("write_file", {"path": "hello.txt", "lines": 3})
    ]


def test_text_that_only_looks_like_a_tag_is_released_unchanged() -> None:
    for sample in ("a < b and <tool_c", "x <tool_call>not json</tool_call> y", "<tool"):
        text, calls = run(sample, 1)
        assert (text, calls) == (sample, [])


def test_an_unclosed_call_at_the_end_is_still_parsed() -> None:
    text, calls = run('<tool_call>{"name": "ls", "arguments": {}}', 4)
    assert text == "" and [c.name for c in calls] == ["ls"]


def test_templates_without_tool_support_get_calls_and_results_as_text() -> None:
    call = ToolCall("call_1", "read_file", '{"path": "a.py"}')
    messages = (
        Message("developer", "Be brief."),
        Message("user", "Read a.py"),
        Message("assistant", "Reading.", tool_calls=(call,)),
        Message("tool", "print(1)", tool_call_id="call_1"),
        Message("tool", "second", tool_call_id="call_2"),
    )
    rendered = template_messages(messages, native=False)
    assert [m["role"] for m in rendered] == ["system", "user", "assistant", "user"]
    assert (
        '<tool_call>\n{"name": "read_file", "arguments": {"path": "a.py"}}\n</tool_call>'
        in (rendered[2]["content"])
    )
    assert rendered[3]["content"].count("<tool_response>") == 2
    native = template_messages(messages, native=True)
    assert native[2]["tool_calls"][0]["function"]["arguments"] == {"path": "a.py"}
    assert native[3] == {"role": "tool", "content": "print(1)", "tool_call_id": "call_1"}


def test_the_system_prompt_lists_every_tool_and_the_choice() -> None:
    tools = (Tool("a", "first", {"type": "object"}), Tool("b", "second"))
    prompt = system_prompt(tools, "b")
    assert '"name": "a"' in prompt and '"name": "b"' in prompt
    assert prompt.endswith("You must call the function b.")
