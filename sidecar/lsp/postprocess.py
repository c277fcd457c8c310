"""Clean a raw FIM completion before an editor shows it.

In order: stop at the end of the enclosing block (a dedent below the cursor's block in
indentation languages, an unmatched closing bracket elsewhere), cut text that repeats
what follows the cursor, trim trailing whitespace, and drop the completion entirely when
inserting it gives the document more syntax errors (ERROR/MISSING nodes) than before.
"""

from __future__ import annotations

import tree_sitter as ts

from sidecar.classify.context import parser

INDENTED = frozenset({"python"})
_OPEN, _CLOSE = "([{", ")]}"
MIN_OVERLAP = 3
"""Shortest repeated text (characters) that counts as repeating the suffix."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def stop_at_block_end(completion: str, prefix: str, language: str | None) -> str:
    """Cut ``completion`` where it leaves the block the cursor is in."""
    current_line = prefix.rsplit("\n", 1)[-1]
    if language in INDENTED:
        base = _indent(current_line) if current_line.strip() else len(current_line)
        lines = completion.split("\n")
        kept = [lines[0]]
        for line in lines[1:]:
            if line.strip() and _indent(line) < base:
                break
            kept.append(line)
        return "\n".join(kept)
    depth = 0
    for index, char in enumerate(completion):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:
                return completion[:index]
    return completion


def drop_suffix_overlap(completion: str, suffix: str) -> str:
    """Remove the end of ``completion`` that repeats the start of ``suffix``."""
    head = suffix.lstrip()
    if not head or not completion.strip():
        return completion
    if head.startswith(completion.strip()):
        return ""
    for size in range(min(len(completion), len(head)), MIN_OVERLAP - 1, -1):
        if completion.endswith(head[:size]):
            return completion[:-size]
    # A completion that re-types the next line after the cursor stops before it.
    next_line = head.split("\n", 1)[0].strip()
    if len(next_line) >= MIN_OVERLAP:
        at = completion.find(next_line)
        if at > 0:
            return completion[:at]
    return completion


def error_count(tree: ts.Tree) -> int:
    """Return the number of ERROR and MISSING nodes in a tree."""
    count = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
        if node.has_error:
            stack.extend(node.children)
    return count


def worsens_syntax(
    data: bytes, offset: int, completion: str, language: str, before: ts.Tree
) -> bool:
    """Return True when inserting ``completion`` at ``offset`` adds syntax errors."""
    inserted = data[:offset] + completion.encode("utf-8") + data[offset:]
    after = parser(language).parse(inserted)
    return error_count(after) > error_count(before)


def clean(
    completion: str,
    *,
    prefix: str,
    suffix: str,
    language: str | None,
    data: bytes | None = None,
    offset: int = 0,
    tree: ts.Tree | None = None,
) -> str:
    """Return the cleaned completion ("" when it should not be shown).

    Args:
        completion: raw model output.
        prefix: the text before the cursor.
        suffix: the text after the cursor.
        language: grammar name, or None.
        data: the document bytes, for the syntax check (skipped when None).
        offset: the cursor's byte offset in ``data``.
        tree: the document's current tree (skipped when None).

    """
    text = stop_at_block_end(completion, prefix, language)
    text = drop_suffix_overlap(text, suffix)
    text = "\n".join(line.rstrip() for line in text.split("\n")).rstrip()
    if not text.strip():
        return ""
    if (
        data is not None
        and tree is not None
        and language
        and worsens_syntax(data, offset, text, language, tree)
    ):
        return ""
    return text
