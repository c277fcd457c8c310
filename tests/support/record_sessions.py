"""Record longer multi-turn sessions of the real agent CLIs, for routing benchmarks.

Run after ``bash .ci/agents.sh`` and ``source "$CACHE/agents.env"``::

    python -m tests.support.record_sessions tests/data/agents [claude] [codex]

Each agent works in a fresh temporary project holding a small module (``calc.py``) and its
unittest file, against a :class:`~tests.support.scripted.ScriptedGateway`, through three
user messages in one session (the first with ``claude -p`` / ``codex exec``, the next ones
resumed with ``claude -p --continue`` / ``codex exec resume --last`` on the same config
directory):

1. "Plan how to add input validation to calc.py, then do it": read ``calc.py`` and
   ``test_calc.py``, edit both (Claude Code ``Edit``, Codex ``apply_patch``), run the tests
   (``Bash`` / ``exec_command``), then a plan-and-summary text;
2. a design question (undo history): read ``calc.py`` again, ``grep`` it, answer a design;
3. "implement it": write ``history.py`` (:func:`~tests.support.scripted.write_file`),
   add a test, run the tests, summarise.

Every request the gateway received goes to ``session_claude_code.jsonl`` and
``session_codex.jsonl``, redacted as :mod:`tests.support.capture_agents` does. The log shows,
per request, what the conversation ends with, so one can see each tool result come back.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support import agents
from tests.support.capture import write_jsonl
from tests.support.capture_agents import TOKEN, placeholders
from tests.support.scripted import Call, Option, Say, ScriptedGateway, Turn, write_file
from tests.support.wire import Recorded

FIXTURE_NAMES = {"claude": "session_claude_code", "codex": "session_codex"}
RESUME_FLAGS = {"claude": ["--continue"], "codex": ["resume", "--last"]}
# ``acceptEdits`` lets Claude Code edit files but asks before running a command; ``-p`` cannot
# ask, so the test run would be refused ("This command requires approval").
EXTRA_FLAGS = {"claude": ["--allowedTools", "Bash"], "codex": []}
TEST_COMMAND = "python3 -m unittest -v"

log = logging.getLogger("record_sessions")

CALC = '''\
"""Small arithmetic helpers used by the report generator."""


def add(a, b):
    """Return a + b."""
    return a + b


def subtract(a, b):
    """Return a - b."""
    return a - b


def divide(a, b):
    """Return a / b."""
    return a / b


def mean(values):
    """Return the arithmetic mean of values."""
    return sum(values) / len(values)
'''

TEST_CALC = """\
import unittest

from calc import add, divide, mean, subtract


class CalcTest(unittest.TestCase):
    def test_add(self):
        self.assertEqual(add(2, 3), 5)

    def test_subtract(self):
        self.assertEqual(subtract(5, 3), 2)

    def test_divide(self):
        self.assertEqual(divide(6, 3), 2)

    def test_mean(self):
        self.assertEqual(mean([1, 2, 3]), 2)


if __name__ == "__main__":
    unittest.main()
"""

CHECK_OLD = '''\
def add(a, b):
    """Return a + b."""
    return a + b
'''

CHECK_NEW = '''\
def _check_number(name, value):
    """Raise TypeError unless value is an int or float (bool excluded)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")


def add(a, b):
    """Return a + b."""
    _check_number("a", a)
    _check_number("b", b)
    return a + b
'''

DIVIDE_OLD = '''\
def divide(a, b):
    """Return a / b."""
    return a / b
'''

DIVIDE_NEW = '''\
def divide(a, b):
    """Return a / b; raise ValueError when b is zero."""
    _check_number("a", a)
    _check_number("b", b)
    if b == 0:
        raise ValueError("cannot divide by zero")
    return a / b
'''

TESTS_OLD = """\
    def test_mean(self):
        self.assertEqual(mean([1, 2, 3]), 2)
"""

TESTS_NEW = """\
    def test_mean(self):
        self.assertEqual(mean([1, 2, 3]), 2)

    def test_divide_by_zero(self):
        with self.assertRaises(ValueError):
            divide(1, 0)

    def test_rejects_non_numbers(self):
        with self.assertRaises(TypeError):
            add("1", 2)
        with self.assertRaises(TypeError):
            divide(1, None)
"""

HISTORY = '''\
"""An undo history of calc results."""


class History:
    """Results in order; undo() drops and returns the newest."""

    def __init__(self):
        self._results = []

    def record(self, value):
        """Remember value and return it."""
        self._results.append(value)
        return value

    def undo(self):
        """Forget the newest result and return it; IndexError when empty."""
        return self._results.pop()

    def last(self):
        """The newest result, or None."""
        return self._results[-1] if self._results else None
'''

TEST_HISTORY = """\
import unittest

from history import History


class HistoryTest(unittest.TestCase):
    def test_undo(self):
        history = History()
        history.record(1)
        history.record(2)
        self.assertEqual(history.undo(), 2)
        self.assertEqual(history.last(), 1)


if __name__ == "__main__":
    unittest.main()
"""

PROMPTS = (
    "Plan how to add input validation to calc.py and then do it: divide() must raise "
    "ValueError on a zero divisor and add/subtract/divide must reject non-numbers with "
    "TypeError. Add tests and run them.",
    "Now design how calc could keep a history of results with undo. Don't write code yet: "
    "give me the design, the trade-offs and where it should live.",
    "Sounds good. Implement the history in a new history.py as you designed, with a test, "
    "and run the whole test suite.",
)

PLAN_SUMMARY = """\
Plan:
1. Add a `_check_number` helper that rejects anything but int/float (and bool).
2. Call it from add, subtract and divide; make divide raise ValueError on b == 0.
3. Cover both cases in test_calc.py and run the suite.

Done: calc.py validates its inputs, divide(1, 0) raises ValueError, non-numbers raise
TypeError, and the six tests pass."""

DESIGN = """\
Design for an undo history:

- New module `history.py` with a `History` class: a list of results, `record(value)`
  returns the value it stores, `undo()` pops the newest, `last()` peeks.
- Keep calc's functions pure; callers (the report generator) own a History and wrap
  calls: `history.record(add(a, b))`. No global state in calc.py.
- Trade-offs: an explicit object is easy to test and thread-safe per caller, at the cost
  of one extra line per call; a decorator on calc's functions would be shorter but hides
  state in a module global. Unbounded growth is fine for a report run; add `maxlen`
  with a deque if it ever is not.
- Tests: record/undo/last, and undo on an empty history raising IndexError."""

IMPLEMENTED = """\
Implemented `History` in history.py (record, undo, last) with test_history.py; the whole
suite (calc and history tests) passes."""


def edit(directory: Path, name: str, old: str, new: str) -> Call:
    """Replace ``old`` with ``new`` in ``name``: Claude Code ``Edit`` or Codex ``apply_patch``."""
    minus = "".join(f"-{line}\n" for line in old.splitlines())
    plus = "".join(f"+{line}\n" for line in new.splitlines())
    patch = f"*** Begin Patch\n*** Update File: {name}\n@@\n{minus}{plus}*** End Patch\n"
    return Call(
        (
            Option(
                "Edit", {"file_path": str(directory / name), "old_string": old, "new_string": new}
            ),
            Option("apply_patch", patch),
        )
    )


def read(directory: Path, name: str, command: str | None = None) -> Call:
    """Show ``name``: Claude Code ``Read``, Codex ``exec_command`` running ``command``."""
    shell = command or f"sed -n '1,200p' {name}"
    return Call(
        (
            Option("Read", {"file_path": str(directory / name)}),
            Option("exec_command", {"cmd": shell, "workdir": str(directory)}),
        )
    )


def shell(directory: Path, command: str, description: str) -> Call:
    """Run ``command`` in ``directory``: Claude Code ``Bash``, Codex ``exec_command``."""
    return Call(
        (
            Option("Bash", {"command": command, "description": description}),
            Option("exec_command", {"cmd": command, "workdir": str(directory)}),
        )
    )


def scripts(project: Path) -> list[list[Turn]]:
    """The script for each user message of :data:`PROMPTS`, in order."""
    return [
        [
            read(project, "calc.py"),
            read(project, "test_calc.py", "cat test_calc.py"),
            edit(project, "calc.py", CHECK_OLD, CHECK_NEW),
            edit(project, "calc.py", DIVIDE_OLD, DIVIDE_NEW),
            edit(project, "test_calc.py", TESTS_OLD, TESTS_NEW),
            shell(project, TEST_COMMAND, "Run the unit tests"),
            Say(PLAN_SUMMARY),
        ],
        [
            read(project, "calc.py"),
            shell(project, "grep -rn 'import calc\\|from calc' . || true", "Find calc's callers"),
            Say(DESIGN),
        ],
        [
            write_file(str(project), "history.py", HISTORY),
            write_file(str(project), "test_history.py", TEST_HISTORY),
            shell(project, TEST_COMMAND, "Run the whole test suite"),
            Say(IMPLEMENTED),
        ],
    ]


@dataclass(frozen=True)
class Step:
    """What one request of a session looks like, for the log."""

    path: str
    items: int
    tail: str


def describe(record: Recorded) -> Step:
    """The request's path, conversation length and a note on its newest item."""
    body: Mapping[str, Any] = record.body if isinstance(record.body, dict) else {}
    conversation = body.get("messages") or body.get("input") or []
    if not isinstance(conversation, list) or not conversation:
        return Step(record.path, 0, "-")
    return Step(record.path, len(conversation), _tail(conversation[-1]))


def _tail(item: Any) -> str:
    """A one-line note on the newest message or item: a tool result's first line, or text."""
    if not isinstance(item, Mapping):
        return repr(item)[:80]
    kind = item.get("type", "message")
    if kind in ("function_call_output", "custom_tool_call_output"):
        return f"{kind}: {_first_line(item.get('output'))}"
    content = item.get("content")
    if isinstance(content, list):
        for block in reversed(content):
            if isinstance(block, Mapping) and block.get("type") == "tool_result":
                return f"tool_result: {_first_line(block.get('content'))}"
        texts = [b.get("text", "") for b in content if isinstance(b, Mapping)]
        return f"{item.get('role')}: {_first_line(texts[-1] if texts else '')}"
    return f"{item.get('role', kind)}: {_first_line(content)}"


def _first_line(value: Any) -> str:
    """The first non-empty line of a string, or of a JSON rendering of anything else."""
    if isinstance(value, list):
        value = " ".join(
            str(b.get("text", "")) if isinstance(b, Mapping) else str(b) for b in value
        )
    text = value if isinstance(value, str) else json.dumps(value)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "")[:100]


def prepare(project: Path) -> None:
    """Create the project: ``calc.py`` and ``test_calc.py``."""
    project.mkdir(parents=True)
    (project / "calc.py").write_text(CALC, encoding="utf-8")
    (project / "test_calc.py").write_text(TEST_CALC, encoding="utf-8")


Builder = Callable[..., agents.AgentCommand]


async def record_session(agent: str, exe: str, out_dir: Path) -> Path:
    """Run ``agent`` through :data:`PROMPTS` in one session; write and return the fixture."""
    build: Builder = agents.BUILDERS[agent]
    with tempfile.TemporaryDirectory(prefix="sidecar-session-") as tmp:
        work = Path(tmp)
        project = work / "project"
        prepare(project)
        gateway = ScriptedGateway()
        url = await gateway.start()
        try:
            for number, (prompt, script) in enumerate(zip(PROMPTS, scripts(project), strict=True)):
                gateway.script = script
                before = len(gateway.received)
                extra = [*(RESUME_FLAGS[agent] if number else ()), *EXTRA_FLAGS[agent]]
                command = build(exe, url, TOKEN, prompt, project, work / "home", extra=extra)
                finished = await agents.run(command, limit_s=300)
                log.info(
                    "%s message %d: exit %d, %d requests",
                    agent,
                    number + 1,
                    finished.returncode,
                    len(gateway.received) - before,
                )
                if finished.returncode != 0:
                    log.warning("%s stderr:\n%s", agent, finished.stderr[-4000:])
                log.info("%s stdout (tail): %s", agent, finished.stdout[-300:].strip())
        finally:
            await gateway.close()
        for index, record in enumerate(gateway.received):
            step = describe(record)
            log.info("  %2d %-28s items=%-3d %s", index, step.path, step.items, step.tail)
        for name in ("calc.py", "test_calc.py", "history.py", "test_history.py"):
            exists = (project / name).exists()
            log.info("  %s: %s", name, "present" if exists else "MISSING")
        path = out_dir / f"{FIXTURE_NAMES[agent]}.jsonl"
        # Claude Code names its per-project directory after the path, "/" -> "-".
        hidden = placeholders(work, url) | {str(work).replace("/", "-"): "-<WORK>"}
        write_jsonl(gateway.received, path, hidden)
        log.info(
            "%s: %d requests, %d bytes -> %s",
            agent,
            len(gateway.received),
            path.stat().st_size,
            path,
        )
        return path


async def main_async(out_dir: Path, only: Sequence[str]) -> int:
    """Record every agent in ``only`` whose executable is installed."""
    missing = 0
    for agent in only:
        exe = agents.executable(agent)
        if exe is None:
            log.error("%s: set %s (source agents.env)", agent, agents.EXECUTABLE_VARS[agent])
            missing += 1
            continue
        await record_session(agent, exe, out_dir)
    return 1 if missing else 0


def main() -> None:
    """Command line: ``python -m tests.support.record_sessions OUT_DIR [AGENT ...]``."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "agents", nargs="*", help=f"any of {', '.join(FIXTURE_NAMES)} (default: all)"
    )
    args = parser.parse_args()
    unknown = set(args.agents) - set(FIXTURE_NAMES)
    if unknown:
        parser.error(f"unknown agents: {', '.join(sorted(unknown))}")
    raise SystemExit(asyncio.run(main_async(args.out_dir, args.agents or list(FIXTURE_NAMES))))


if __name__ == "__main__":
    main()
