"""Incremental document sync: bytes, line starts and trees match a from-scratch parse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lsprotocol import types

from sidecar.classify.context import parse
from sidecar.lsp.documents import Document


def change(sl: int, sc: int, el: int, ec: int, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(sl, sc), types.Position(el, ec)), text=text
    )


def test_typing_matches_a_full_parse() -> None:
    source = Path(random.__file__).read_text()  # a real module of the standard library
    doc = Document("file:///random.py", source, "python")
    lines = source.split("\n")
    rng = random.Random(7)
    for version in range(1, 120):
        line = rng.randrange(len(lines))
        col = rng.randrange(len(lines[line]) + 1)
        text = rng.choice(["x", " ", "(", ")", ":", "\n", "\n    ", "def f():\n    pass\n", ""])
        end_line, end_col = line, col
        if text == "" and col < len(lines[line]):
            end_col = col + 1
        doc.apply(change(line, col, end_line, end_col, text), version)
        lines = doc.text.split("\n")
    expected = parse(doc.text, "python")
    assert doc.tree is not None
    assert str(doc.tree.root_node) == str(expected.root_node)


def test_multiline_replacement_and_positions() -> None:
    doc = Document("file:///a.go", "package a\n\nfunc f() int {\n\treturn 1\n}\n", "go")
    doc.apply(change(2, 0, 4, 1, 'func g() string {\n\treturn "x"\n}'), 2)
    assert doc.text == 'package a\n\nfunc g() string {\n\treturn "x"\n}\n'
    assert doc.offset(types.Position(3, 1)) == doc.text.index("return")
    assert doc.position(doc.text.index("return")) == types.Position(3, 1)
    assert doc.tree is not None and not doc.tree.root_node.has_error


@pytest.mark.parametrize(("encoding", "column"), [("utf-16", 8), ("utf-8", 11), ("utf-32", 7)])
def test_position_encodings(encoding: str, column: int) -> None:
    # "é" is 2 UTF-8 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 UTF-16 units: the closing quote
    # is at byte 11, UTF-16 column 8, UTF-32 column 7.
    doc = Document("file:///a.py", "s = 'é😀'\n", "python", encoding=encoding)
    assert doc.offset(types.Position(0, column)) == 11
    assert doc.position(11) == types.Position(0, column)


def test_language_falls_back_to_the_extension() -> None:
    assert Document("file:///x/main.rs", "fn main() {}\n", "plaintext").language == "rust"
    assert Document("file:///x/notes.txt", "hello", None).tree is None


def test_whole_document_change() -> None:
    doc = Document("file:///a.py", "x = 1\n", "python")
    doc.apply(types.TextDocumentContentChangeWholeDocument(text="def f():\n    return 2\n"), 3)
    assert doc.version == 3 and doc.tree is not None
    assert doc.tree.root_node.children[0].type == "function_definition"
