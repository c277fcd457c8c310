"""Code facts from tree-sitter: language, definitions, and whether code is whole or cut.

The classifier asks two questions of each piece of code in a request: what is it (language,
how many definitions, how many files) and in what state (a whole, parseable unit, or text cut
mid-statement as an editor sends at the cursor). Grammars come from the official per-language
wheels (``tree-sitter-python`` and friends) and are loaded lazily on first use; definition
queries are ``queries/<language>.scm`` files using the standard tags capture names
(``@definition.function``, ``@definition.class``, ...).
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tree_sitter as ts

# language -> (module, function returning the grammar pointer)
_GRAMMARS: dict[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "go": ("tree_sitter_go", "language"),
    "rust": ("tree_sitter_rust", "language"),
    "java": ("tree_sitter_java", "language"),
}

# Markdown fence tags, LSP languageIds and file extensions -> grammar name.
_ALIASES: dict[str, str] = {
    "python": "python", "py": "python", "python3": "python", "py3": "python", "pyi": "python",
    "javascript": "javascript", "js": "javascript", "jsx": "javascript", "mjs": "javascript",
    "cjs": "javascript", "node": "javascript", "javascriptreact": "javascript",
    "typescript": "typescript", "ts": "typescript", "mts": "typescript", "cts": "typescript",
    "tsx": "tsx", "typescriptreact": "tsx",
    "go": "go", "golang": "go",
    "rust": "rust", "rs": "rust",
    "java": "java",
}  # fmt: skip

# Only text this long (characters) is parsed; longer code keeps its tail, where the cursor is,
# starting at a top-level line. Tree-sitter's error recovery on long broken input is what
# costs milliseconds, so the cap keeps classification fast.
MAX_PARSE_CHARS = 3_000
PARSE_BUDGET_S = 0.002
# Fence tags of text that is not code to parse.
NOT_CODE_TAGS = frozenset({
    "diff", "patch", "text", "txt", "log", "logs", "console", "output", "shell-session",
    "json", "jsonc", "yaml", "yml", "toml", "ini", "xml", "html", "csv", "markdown", "md",
    "plaintext", "sql", "bash", "sh", "shell", "zsh", "dockerfile", "makefile",
})  # fmt: skip
_DIFF = re.compile(r"^(?:diff --git |--- \S|\+\+\+ \S|@@ -\d)", re.M)

_FENCE = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)(?:^[ \t]*(?P=fence)[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_PATH = re.compile(
    r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.(?:py|pyi|js|jsx|mjs|ts|tsx|go|rs|java|kt|rb|cs|cpp|cc|c|h|hpp"
    r"|swift|php|scala|sql|sh|vue|svelte|dart|ex|exs|lua|toml|ya?ml|gradle))(?![\w/])"
)
_CODE_LINE = re.compile(
    r"""^\s*(?:\d{1,5}[:|.]?\s{1,4})?(?:def |class |import |from \S+ import |return\b|yield\b|raise\b
    |throw\b|assert\b|if .*[:{]\s*$|elif |else\b|for .*[:{]\s*$
    |while .*[:{]\s*$|try\s*[:{]|except\b|catch\s*\(|func |fn |let |const |var |pub |impl |use \S+;
    |package |public |private |protected |static |async |await |export |interface |type \w+
    |struct |enum |\#include|\#!|@\w+|//|/\*|\*/|\}|\{|\)|\]|\w+\s*[-+*/]?=\s*\S
    |\w+(?:\.\w+)*\(.*\)\s*;?\s*$|\[\[|\$\(|do$|done$|fi$|then$|esac$|(?:set|echo|local|declare|readonly) )""",
    re.VERBOSE,
)
# One line of shell: a common command with a pipe, a chain, a redirect or flags.
_SHELL_LINE = re.compile(
    r"^\s*(?:\$\s+)?(?:sudo\s+)?(?:find|grep|rg|awk|sed|git|docker|kubectl|curl|wget|xargs|tar|ls|cat|"
    r"echo|export|npm|npx|pip|go|cargo|make|ssh|scp|rsync|chmod|chown|ps|kill|jq|sort|uniq|head|tail|"
    r"du|df|systemctl|journalctl|helm|terraform|aws|gcloud|az|psql|mysql|python3?|node)\b"
    r"[^\n]*(?:\s\|\s|&&|\s>\s|\s-{1,2}\w)"
)


@dataclass(frozen=True, slots=True)
class CodeFacts:
    """What tree-sitter says about one piece of code.

    Attributes:
        language: grammar name (``python``, ``go``...), or None when unknown or unsupported.
        lines: number of lines.
        definitions: functions, methods, classes and types found by the language's query.
        parsed: True when a grammar parsed it.
        has_error: the tree has ERROR or MISSING nodes.
        cut: the text ends inside an unfinished construct (cut mid-statement).
        whole_definition: top-level nodes are definitions, imports or comments only, and
            the tree has no error: a complete unit such as a function or a class.

    """

    language: str | None
    lines: int
    definitions: int = 0
    parsed: bool = False
    has_error: bool = False
    cut: bool = False
    whole_definition: bool = False


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A piece of code found in a message, with the fence info string and any file path."""

    text: str
    info: str
    path: str | None


def normalise_language(name: str | None) -> str | None:
    """Map a fence tag, LSP ``languageId`` or file extension to a grammar name, or None."""
    if not name:
        return None
    key = name.strip().lower().lstrip(".")
    return _ALIASES.get(key)


def language_from_path(path: str | None) -> str | None:
    """Return the grammar name for a file path's extension, or None."""
    if not path or "." not in path:
        return None
    return normalise_language(path.rsplit(".", 1)[1])


@functools.cache
def _language(name: str) -> ts.Language:
    module_name, attr = _GRAMMARS[name]
    module = importlib.import_module(module_name)
    pointer: Callable[[], Any] = getattr(module, attr)
    return ts.Language(pointer())


@functools.cache
def parser(name: str) -> ts.Parser:
    """Return the (cached) parser for a grammar name. Raises KeyError for unknown names."""
    return ts.Parser(_language(name))


@functools.cache
def definitions_query(name: str) -> ts.Query:
    """Return the compiled definitions query for a grammar (``queries/<name>.scm``).

    Raises:
        KeyError: no grammar of that name.
        tree_sitter.QueryError: the shipped query does not compile.

    """
    source = importlib.resources.files("sidecar.classify").joinpath(f"queries/{name}.scm")
    return ts.Query(_language(name), source.read_text(encoding="utf-8"))


def supported_languages() -> tuple[str, ...]:
    """Return the grammar names sidecar can parse."""
    return tuple(_GRAMMARS)


def parse(text: str, language: str) -> ts.Tree:
    """Parse ``text`` with the named grammar (UTF-8). Raises KeyError for unknown names."""
    return parser(language).parse(text.encode("utf-8", errors="replace"))


def parse_within(data: bytes, language: str, budget_s: float) -> ts.Tree | None:
    """Parse ``data``, giving up after ``budget_s`` seconds (tree-sitter progress callback).

    Returns:
        The tree, or None when the budget ran out (error recovery on long broken input).

    """
    deadline = time.perf_counter() + budget_s

    def read(offset: int, _point: object) -> bytes:
        return data[offset : offset + 65536]

    def over_budget(*_state: object) -> bool:
        return time.perf_counter() > deadline

    try:
        return parser(language).parse(read, progress_callback=over_budget)
    except ValueError:  # tree-sitter reports a cancelled parse as "Parsing failed"
        return None


def guess_language(code: str) -> str | None:
    """Guess a grammar for unlabelled code from a few cheap, distinctive tokens."""
    head = code[:1500]
    if _DIFF.search(head):
        return None
    if re.search(r"^\s*package \w+\s*$|\bfunc (\(\w+ \*?\w+\) )?\w+\(|:= ", head, re.M):
        return "go"
    if re.search(r"\bfn \w+|\blet mut\b|\bimpl\b.*\{|\bpub (fn|struct|enum)\b|&mut |::new\(", head):
        return "rust"
    if re.search(
        r"\b(public|private|protected)\s+(static\s+)?(final\s+)?(class|void|\w+(<.+>)?\s+\w+\s*\()",
        head,
    ):
        return "java"
    if re.search(
        r"^\s*(def|class) \w+.*:\s*$|^\s*(from \S+ )?import \w+|\bself\.|\belif\b", head, re.M
    ):
        return "python"
    if re.search(r"\binterface \w+ \{|:\s*(string|number|boolean)\b|\w+<\w+>\(|\bas const\b", head):
        return "typescript"
    if re.search(r"\b(const|let|var) \w+ =|=>|\bfunction\b|\brequire\(|console\.log", head):
        return "javascript"
    return None


def _ends_cut(tree: ts.Tree, text_end: int) -> bool:
    """Return True when an ERROR or MISSING node touches the end of the text."""
    node: ts.Node | None = tree.root_node
    while node is not None:
        if node.is_error or node.is_missing:
            return node.end_byte >= text_end - 1
        node = node.children[-1] if node.children else None
    # An error elsewhere whose span reaches the end (e.g. an unclosed block at top level).
    last = tree.root_node.children[-1] if tree.root_node.children else None
    return bool(last and last.has_error and last.end_byte >= text_end - 1)


_TOP_LEVEL_OK = re.compile(
    r"definition|declaration|import|comment|decorated|package_clause|use_declaration|item$|"
    r"^attribute_item$|^expression_statement$|^export_statement$|^mod_item$"
)


def analyse(code: str, language: str | None) -> CodeFacts:
    """Parse ``code`` and return its facts; unsupported languages get line counts only."""
    lines = code.count("\n") + 1
    language = language or guess_language(code)
    if language not in _GRAMMARS:
        return CodeFacts(language=None, lines=lines)
    text = code.rstrip()
    if len(text) > MAX_PARSE_CHARS:
        text = text[-MAX_PARSE_CHARS:]
        top_level = re.search(r"\n(?=\S)", text)
        if top_level:
            text = text[top_level.end() :]
    data = text.encode("utf-8", errors="replace")
    tree = parse_within(data, language, PARSE_BUDGET_S)
    if tree is None:
        return CodeFacts(language=language, lines=lines)
    root = tree.root_node
    captures = ts.QueryCursor(definitions_query(language)).captures(root)
    definitions = sum(len(nodes) for nodes in captures.values())
    has_error = root.has_error
    cut = has_error and _ends_cut(tree, len(data))
    top = [c for c in root.named_children if c.type != "comment"]
    whole = (
        not has_error
        and definitions > 0
        and all(_TOP_LEVEL_OK.search(c.type) for c in top)
        and any("definition" in c.type or "declaration" in c.type or c.type.endswith("item")
                or c.type == "decorated_definition" or c.type == "export_statement" for c in top)
    )  # fmt: skip
    return CodeFacts(
        language=language,
        lines=lines,
        definitions=definitions,
        parsed=True,
        has_error=has_error,
        cut=cut,
        whole_definition=whole,
    )


def extract_code(text: str) -> tuple[list[CodeBlock], str]:
    """Split a message into code blocks and the remaining prose.

    Fenced blocks (backticks or tildes, closed or cut off at the end) are taken first. The
    path of a file is read from the fence info (```` ```python src/app.py ````) or from a
    path alone on the line above the fence, as aider and Continue send files. A message
    with no fence but several code-looking lines yields those lines as one block.

    Returns:
        (blocks, prose): prose is the text with code removed.

    """
    blocks: list[CodeBlock] = []
    prose_parts: list[str] = []
    pos = 0
    for match in _FENCE.finditer(text):
        before = text[pos : match.start()]
        info = match.group("info").strip()
        path = None
        path_match = _PATH.search(info)
        if path_match:
            path = path_match.group(1)
        else:
            prev_line = before.rstrip("\n").rsplit("\n", 1)[-1].strip().strip("`*#: ")
            if prev_line and " " not in prev_line and _PATH.fullmatch(prev_line):
                path = prev_line
        blocks.append(CodeBlock(text=match.group("body"), info=info, path=path))
        prose_parts.append(before)
        pos = match.end()
    prose_parts.append(text[pos:])
    prose = "".join(prose_parts)
    if blocks:
        return blocks, prose
    return _unfenced_code(text)


def _unfenced_code(text: str) -> tuple[list[CodeBlock], str]:
    diff = _DIFF.search(text)
    if diff:  # an unfenced diff runs from its first header to the end of the message
        return [CodeBlock(text=text[diff.start() :], info="diff", path=None)], text[: diff.start()]
    lines = text.split("\n")
    flags = [bool(_CODE_LINE.match(line)) for line in lines]
    # Code is the run of lines (blank lines join runs) with the most code-looking lines.
    best, best_count = (0, 0), 0
    start = None
    for i, (line, flag) in enumerate([*zip(lines, flags, strict=True), ("x", False)]):
        if flag or (start is not None and not line.strip()):
            if start is None:
                start = i
            continue
        if start is not None:
            count = sum(flags[start:i])
            if count > best_count:
                best, best_count = (start, i), count
            start = None
    lo, hi = best
    if best_count < 3:
        shell = [i for i, line in enumerate(lines) if _SHELL_LINE.match(line)]
        if not shell:
            return [], text
        lo, hi = shell[0], shell[-1] + 1
        info = "sh"
    else:
        info = ""
    code = "\n".join(lines[lo:hi])
    prose = "\n".join(lines[:lo] + lines[hi:])
    return [CodeBlock(text=code, info=info, path=None)], prose


def is_diff(block: CodeBlock) -> bool:
    """Return True when a code block is a unified diff."""
    head = block.info.split()[0].lower() if block.info.split() else ""
    return head in ("diff", "patch") or bool(_DIFF.search(block.text[:2000]))


def mentioned_paths(text: str) -> set[str]:
    """Return the distinct file names mentioned in ``text`` (a path and its basename count once)."""
    return {m.group(1).rsplit("/", 1)[-1] for m in _PATH.finditer(text)}
