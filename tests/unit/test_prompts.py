"""Byte-stable prompts: same inputs, same bytes; stable parts before volatile ones."""

from __future__ import annotations

import json
import re

import pytest

from sidecar.lsp.prompting import KINDS, messages, system_prompt

CODE = "def total(items):\n    return sum(i.price for i in items)\n"
VOLATILE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}(:\d{2})?\b|[0-9a-f]{8}-[0-9a-f]{4}-|\{[a-z_]+\}",
    re.IGNORECASE,
)


def _bytes(rendered: list[dict[str, str]]) -> bytes:
    return json.dumps(rendered, ensure_ascii=False).encode()


@pytest.mark.parametrize("kind", KINDS)
def test_two_renders_of_the_same_inputs_are_the_same_bytes(kind: str) -> None:
    args = {"language": "python", "filename": "cart.py", "instruction": "use a generator"}
    first = _bytes(messages(kind, CODE, **args))
    system_prompt.cache_clear()  # read the file again: no state carried between renders
    assert _bytes(messages(kind, CODE, **args)) == first


@pytest.mark.parametrize("kind", KINDS)
def test_system_prompts_hold_no_volatile_text(kind: str) -> None:
    text = system_prompt(kind)
    assert text.strip(), kind
    assert not VOLATILE.search(text), (kind, VOLATILE.search(text))


@pytest.mark.parametrize("kind", ["refactor", "plan"])
def test_the_instruction_comes_last_so_requests_on_the_same_code_share_a_prefix(
    kind: str,
) -> None:
    one = messages(kind, CODE, language="python", filename="cart.py", instruction="rename it")
    two = messages(kind, CODE, language="python", filename="cart.py", instruction="add types")
    assert one[0] == two[0]
    a, b = one[1]["content"], two[1]["content"]
    prefix = a[: next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)]
    assert CODE in prefix, prefix
    assert a.endswith("rename it") and b.endswith("add types")


def test_code_holding_a_fence_gets_a_longer_one() -> None:
    code = 'DOC = """\n```python\nx = 1\n```\n"""\n'
    user = messages("explain", code, language="python")[1]["content"]
    assert user.startswith("````python\n") and "\n````\n" in user


def test_an_unknown_kind_is_an_error_naming_the_kinds() -> None:
    with pytest.raises(ValueError, match="review, refactor, explain, plan"):
        messages("summarise", CODE)
