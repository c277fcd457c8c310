"""Editor commands' prompts, built byte-stable: stable text first, volatile text last.

A provider's prompt cache and the local model's KV cache reuse only an identical prefix
(bytes upstream, tokens locally). So every command's messages are built in one fixed
order, from the most stable part to the least:

1. the system prompt, ``sidecar/prompts/<kind>.txt`` (package data, versioned with the
   code; no dates, ids or other volatile text);
2. the file's name and the code (the same for every command on the same selection);
3. the developer's instruction or description (what changes from one request to the next).

Two renders of the same inputs are the same bytes (``tests/unit/test_prompts.py``), and two
commands on the same code with different instructions share everything up to the
instruction.
"""

from __future__ import annotations

import functools
import importlib.resources

KINDS = ("review", "refactor", "explain", "plan")
"""The editor commands with a system prompt of their own."""

_ASK = {
    "review": "Review the code above.",
    "refactor": "Rewrite the code above: {instruction}",
    "explain": "Explain the code above.",
    "plan": "Plan this change across the codebase, starting from the code above: {instruction}",
}


@functools.cache
def system_prompt(kind: str) -> str:
    """Return the system prompt of ``kind`` (one of :data:`KINDS`), read once.

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`.

    """
    if kind not in KINDS:
        raise ValueError(f"no prompt for {kind!r}; expected one of {', '.join(KINDS)}")
    path = importlib.resources.files("sidecar").joinpath(f"prompts/{kind}.txt")
    return path.read_text("utf-8")


def messages(
    kind: str, code: str, *, language: str = "", filename: str = "", instruction: str = ""
) -> list[dict[str, str]]:
    """Return the chat messages (OpenAI shape) of an editor command on ``code``.

    Args:
        kind: one of :data:`KINDS`.
        code: the selected code, sent as it is (characters).
        language: the fence's language tag (LSP language id); may be empty.
        filename: the file's base name; may be empty.
        instruction: the developer's instruction (refactor) or description (plan);
            ignored by review and explain.

    Returns:
        ``[{"role": "system", ...}, {"role": "user", ...}]``.

    Raises:
        ValueError: ``kind`` is not one of :data:`KINDS`.

    """
    system = system_prompt(kind)
    head = f"File: {filename}\n" if filename else ""
    fence = "````" if "```" in code else "```"
    body = code if code.endswith("\n") else code + "\n"
    ask = _ASK[kind].format(instruction=instruction.strip()).rstrip(": ")
    user = f"{head}{fence}{language}\n{body}{fence}\n\n{ask}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
