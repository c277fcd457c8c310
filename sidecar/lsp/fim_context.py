"""Fill-in-the-middle context chosen by syntax, within a token budget.

For a cursor in a document the prompt is, in order: a comment with the file path, the
file's imports (when the prefix window does not already hold them), the signatures of
symbols the enclosing definition uses that are defined in other open documents, then the
prefix window; the suffix window follows the cursor. Both windows are cut at statement
boundaries found in the tree-sitter tree (the start or end of a statement at the deepest
level that fits), never mid-line. Budgets are in tokens, estimated at
:data:`CHARS_PER_TOKEN` characters per token (the local tokenizer runs on the model's
worker thread, which completions must not wait for).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter as ts

from sidecar.lsp.documents import Document

CHARS_PER_TOKEN = 3.5
PREFIX_SHARE = 0.75
"""Share of the budget given to the prefix window; the rest goes to the suffix."""

_BLOCKS = frozenset({
    "module", "program", "source_file", "block", "statement_block", "compound_statement",
    "class_body", "declaration_list", "field_declaration_list", "interface_body", "enum_body",
    "function_body", "body", "suite", "switch_body", "switch_block", "match_block",
    "constructor_body", "translation_unit",
})  # fmt: skip
_DEFINITION_WORDS = ("function", "method", "class", "impl", "struct", "interface", "trait")
_IMPORTS = frozenset({
    "import_statement", "import_from_statement", "future_import_statement", "import_declaration",
    "use_declaration", "package_clause", "package_declaration", "extern_crate_declaration",
})  # fmt: skip
_COMMENT = {"python": "#", "rust": "//", "go": "//", "java": "//", "javascript": "//",
            "typescript": "//", "tsx": "//"}  # fmt: skip


@dataclass(slots=True)
class FimContext:
    """The FIM prompt parts for one cursor (characters), with what was included and why."""

    prefix: str
    suffix: str
    enclosing: str | None = None
    notes: list[str] = field(default_factory=list)


def _statement_starts(node: ts.Node, cursor: int, limit: int) -> int:
    """Return the earliest statement start in ``[limit, cursor]`` on the path to the cursor.

    Only children of block-like nodes (module, block, class body...) count as statements,
    so a window never starts inside an expression or a string.
    """
    best = cursor
    current: ts.Node | None = node
    while current is not None:
        containing = None
        is_block = current.type in _BLOCKS or current.parent is None
        for child in current.children:
            if child.end_byte <= limit:
                continue
            if is_block and limit <= child.start_byte <= cursor:
                return min(best, child.start_byte)
            if child.start_byte < limit < child.end_byte:
                containing = child
            break
        if containing is None:
            return best
        current = containing
    return best


def _statement_ends(node: ts.Node, cursor: int, limit: int) -> int:
    """Return the latest statement end in ``[cursor, limit]`` on the path from the cursor."""
    best = cursor
    current: ts.Node | None = node
    while current is not None:
        containing = None
        is_block = current.type in _BLOCKS or current.parent is None
        for child in reversed(current.children):
            if child.start_byte >= limit:
                continue
            if is_block and cursor <= child.end_byte <= limit:
                return max(best, child.end_byte)
            if child.start_byte < limit < child.end_byte:
                containing = child
            break
        if containing is None:
            return best
        current = containing
    return best


def _is_definition(node: ts.Node) -> bool:
    """Return True for function, method, class, impl, struct, interface and trait nodes."""
    kind = node.type
    return any(word in kind for word in _DEFINITION_WORDS) and (
        "definition" in kind or "declaration" in kind or kind.endswith("item")
    )


def enclosing_definition(tree: ts.Tree, offset: int) -> ts.Node | None:
    """Return the innermost function, method or class node containing ``offset``."""
    node: ts.Node | None = tree.root_node.descendant_for_byte_range(offset, offset)
    while node is not None:
        if node.start_byte < offset and _is_definition(node):
            return node
        node = node.parent
    return None


def _imports(tree: ts.Tree, data: bytes) -> list[str]:
    return [
        data[child.start_byte : child.end_byte].decode("utf-8", "replace")
        for child in tree.root_node.children
        if child.type in _IMPORTS
    ]


def _signature(node: ts.Node, data: bytes) -> str:
    """Return a definition's header: up to its body (``:`` or ``{``), one line."""
    body = node.child_by_field_name("body")
    end = body.start_byte if body is not None else node.end_byte
    header = data[node.start_byte : end].decode("utf-8", "replace").strip().rstrip("{:").strip()
    return " ".join(header.split())[:200]


def _definitions(doc: Document) -> dict[str, str]:
    """Return name -> signature for the top-level definitions (and methods) of a document."""
    if doc.tree is None:
        return {}
    out: dict[str, str] = {}
    stack = list(doc.tree.root_node.children)
    while stack:
        node = stack.pop()
        if node.type == "decorated_definition":
            stack.extend(node.children)
            continue
        if _is_definition(node):
            name = node.child_by_field_name("name")
            if name is not None:
                key = doc.data[name.start_byte : name.end_byte].decode("utf-8", "replace")
                out.setdefault(key, _signature(node, doc.data))
            body = node.child_by_field_name("body")
            if body is not None and "class" in node.type:
                stack.extend(body.children)
    return out


def build_context(
    doc: Document, offset: int, others: list[Document], budget_tokens: int
) -> FimContext:
    """Return the FIM context for a cursor at byte ``offset`` in ``doc``.

    Args:
        doc: the document being edited.
        offset: cursor byte offset.
        others: the other open documents (their definitions feed the signatures).
        budget_tokens: total prompt budget in (estimated) tokens.

    """
    budget = int(budget_tokens * CHARS_PER_TOKEN)
    prefix_budget = int(budget * PREFIX_SHARE)
    suffix_budget = budget - prefix_budget
    data = doc.data
    if doc.tree is None:
        start = max(0, offset - prefix_budget)
        start = data.find(b"\n", start) + 1 if start else 0
        end = min(len(data), offset + suffix_budget)
        end = data.rfind(b"\n", offset, end) + 1 or offset
        return FimContext(
            prefix=data[start:offset].decode("utf-8", "replace"),
            suffix=data[offset:end].decode("utf-8", "replace"),
            notes=["no grammar: windows cut at line boundaries"],
        )
    root = doc.tree.root_node
    limit = max(0, offset - prefix_budget)
    start = _statement_starts(root, offset, limit)
    if start >= offset and limit > 0:  # inside one long statement: fall back to a line start
        start = min(offset, data.find(b"\n", limit) + 1 or offset)
    # A statement start may sit mid-line (after indentation): keep the line whole.
    start = data.rfind(b"\n", 0, start) + 1 if start else 0
    limit = min(len(data), offset + suffix_budget)
    end = _statement_ends(root, offset, limit)
    if end <= offset and limit < len(data):
        end = max(offset, data.rfind(b"\n", offset, limit) + 1)
    elif end > offset:  # keep the statement's line whole
        end = min(len(data), data.find(b"\n", end) + 1 or len(data))
    notes = [f"prefix from byte {start}", f"suffix to byte {end}"]
    used = offset - start + end - offset

    definition = enclosing_definition(doc.tree, offset)
    enclosing = None
    if definition is not None:
        enclosing = _signature(definition, data)
        notes.append(f"enclosing: {enclosing[:60]}")

    head: list[str] = []
    comment = _COMMENT.get(doc.language or "", "#")
    head.append(f"{comment} {doc.uri.rsplit('/', 1)[-1]}")
    imports = [line for line in _imports(doc.tree, data) if data.find(line.encode(), start) < 0]
    for line in imports:
        if used + len(line) > budget:
            break
        head.append(line)
        used += len(line) + 1
    if imports:
        notes.append(f"{len(imports)} imports")

    if others:
        # Names used around the cursor: the enclosing definition, else the lines before it
        # (an unfinished definition is often an ERROR node with no definition around it).
        around = (
            data[definition.start_byte : offset]
            if definition is not None
            else (data[max(start, offset - 2000) : offset])
        )
        wanted = set(re.findall(r"[A-Za-z_]\w*", around.decode("utf-8", "replace")))
        signatures = []
        for other in others:
            if other.uri == doc.uri or other.language != doc.language:
                continue
            for name, signature in _definitions(other).items():
                if name in wanted and used + len(signature) < budget:
                    signatures.append(f"{comment} {other.uri.rsplit('/', 1)[-1]}: {signature}")
                    used += len(signature) + 8
        if signatures:
            head.extend(signatures)
            notes.append(f"{len(signatures)} signatures from open documents")

    prefix = "\n".join(head) + "\n" + data[start:offset].decode("utf-8", "replace")
    suffix = data[offset:end].decode("utf-8", "replace")
    return FimContext(prefix=prefix, suffix=suffix, enclosing=enclosing, notes=notes)
