"""Context selection and post-processing for inline completion, on real code."""

from __future__ import annotations

import json as stdlib_json
from pathlib import Path

from sidecar.classify.context import parse
from sidecar.lsp.documents import Document
from sidecar.lsp.fim_context import build_context, enclosing_definition
from sidecar.lsp.postprocess import clean, drop_suffix_overlap, stop_at_block_end

# A real module of Python's standard library.
SOURCE = (Path(stdlib_json.__file__).parent / "decoder.py").read_text()


def cursor_after(doc: Document, needle: str) -> int:
    return doc.data.index(needle.encode()) + len(needle.encode())


def test_windows_are_cut_at_statement_boundaries() -> None:
    doc = Document("file:///json/decoder.py", SOURCE, "python")
    offset = cursor_after(
        doc, "        obj, end = self.raw_decode(s, idx=_w(s, 0).end())\n        "
    )
    context = build_context(doc, offset, [], budget_tokens=300)
    window = context.prefix.split("\n", 1)[1]  # after the file-name comment and imports
    body = window[window.index("\n") + 1 :] if window.startswith(("import", "from")) else window
    # Whole lines only: the window starts at a line start and ends at the cursor.
    assert SOURCE[:offset].endswith(context.prefix.rsplit("\n", 1)[-1])
    assert body.split("\n", 1)[0] == body.split("\n", 1)[0].rstrip()
    assert context.suffix == "" or SOURCE[offset:].startswith(context.suffix)
    assert context.suffix.endswith("\n") or context.suffix == SOURCE[offset:]
    assert len(context.prefix) + len(context.suffix) <= 300 * 3.5 + 400
    assert context.enclosing is not None and context.enclosing.startswith("def decode(self, s")


def test_imports_and_signatures_from_other_open_documents() -> None:
    helper = Document(
        "file:///proj/util.py",
        "def slugify(text: str, sep: str = '-') -> str:\n"
        "    return sep.join(text.lower().split())\n",
        "python",
    )
    main = Document(
        "file:///proj/app.py",
        "import re\n\n" + "x = 1\n" * 400 + "def title(name):\n    return slugify(\n",
        "python",
    )
    offset = cursor_after(main, "return slugify(")
    context = build_context(main, offset, [helper, main], budget_tokens=200)
    assert context.prefix.startswith("# app.py\nimport re\n")
    assert "# util.py: def slugify(text: str, sep: str = '-') -> str" in context.prefix
    assert context.prefix.endswith("def title(name):\n    return slugify(")


def test_enclosing_definition_per_language() -> None:
    go = Document(
        "file:///a.go", "package a\n\nfunc Sum(xs []int) int {\n\tt := 0\n\treturn t\n}\n", "go"
    )
    node = enclosing_definition(go.tree, go.data.index(b"return"))  # type: ignore[arg-type]
    assert node is not None and node.type == "function_declaration"


def test_no_grammar_falls_back_to_line_windows() -> None:
    doc = Document("file:///notes.txt", "alpha\nbeta\ngamma\n", None)
    context = build_context(doc, doc.data.index(b"gam"), [], budget_tokens=100)
    assert context.prefix == "alpha\nbeta\n" and context.suffix == "gamma\n"


def test_stop_at_the_end_of_the_enclosing_block() -> None:
    prefix = "def f(xs):\n    total = 0\n    for x in xs:\n        "
    completion = "total += x\n    return total\n\ndef g():\n    pass"
    assert stop_at_block_end(completion, prefix, "python") == "total += x"
    assert (
        stop_at_block_end("x + 1);\n}\nfunction g() {}", "  return add(", "javascript") == "x + 1"
    )


def test_completion_that_repeats_the_suffix_is_cut() -> None:
    assert drop_suffix_overlap("return total\n", "return total\n") == ""
    assert drop_suffix_overlap("a + b)\n    return c", ")\n    return c\n") == "a + b"
    assert drop_suffix_overlap("x = 1\nprint(x)", "\nprint(x)\n") == "x = 1\n"


def test_completions_that_break_the_syntax_are_dropped() -> None:
    text = "def f(a, b):\n    return \n"
    offset = text.index("return ") + len("return ")
    tree = parse(text, "python")
    kept = clean(
        "a + b   ",
        prefix=text[:offset],
        suffix=text[offset:],
        language="python",
        data=text.encode(),
        offset=offset,
        tree=tree,
    )
    assert kept == "a + b"
    dropped = clean(
        "a + (b",
        prefix=text[:offset],
        suffix=text[offset:],
        language="python",
        data=text.encode(),
        offset=offset,
        tree=tree,
    )
    assert dropped == ""
