"""Agent sessions: read each agent turn from the whole conversation, keep a session on a route.

Agentic clients (Claude Code, Codex CLI, anything that sends ``tools``) make many calls per
task. Each call is one *turn* of a *session*:

- a **fresh instruction** (the newest messages after the last assistant message are the
  user's own words) is classified like any request; its task kind sets the session's
  *phase*: ``planning`` or ``execution``;
- a **tool follow-up** (the newest messages are tool results the model asked for) continues
  the phase it belongs to: it is not reclassified, so a long tool loop stays on one route,
  except that a planning phase ends when the agent starts editing (it called a write, edit
  or patch tool, or Claude Code's ``ExitPlanMode``): "plan it, then do it" is planned on
  the frontier and carried out as execution work.

A session keeps its route until the phase changes (planning -> execution or back), so a
frontier provider's prompt cache, keyed on the byte-stable prefix, is not thrown away by
flapping between routes. Two things override stickiness: a prompt that does not fit the
local context goes to the frontier, and a forced route (model name) is always honoured.
A fresh instruction in a session that has already touched many files is cross-cutting
work and is treated as planning (``routes.agent_files_escalation``).

The session is identified by the client's session id (``x-claude-code-session-id``,
Codex's ``session-id`` or ``prompt_cache_key``) or, without one, by a hash of the
conversation's first system and user messages (stable across the turns of one task).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import OrderedDict
from dataclasses import dataclass

from sidecar.request import Request, Route, TaskKind

MAX_SESSIONS = 2_000
SESSION_TTL_S = 6 * 3600.0
# Tool-call argument keys and patch headers that name the files an agent edits or reads.
_PATH_KEYS = ("file_path", "path", "filePath", "notebook_path", "filename")
_PATCH_FILE = re.compile(r"^\*\*\* (?:Add|Update|Delete) File: (.+)$", re.MULTILINE)
_EDIT_TOOLS = re.compile(r"edit|write|patch|replace|create|delete|move|rename", re.IGNORECASE)
_EXIT_PLAN = re.compile(r"exit_?plan", re.IGNORECASE)  # Claude Code's ExitPlanMode
# Claude Code wraps harness text in <system-reminder> blocks inside user messages.
_REMINDER = re.compile(r"<system-reminder>.*?</system-reminder>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Turn:
    """What one agent request is, read from its whole conversation.

    Attributes:
        session: the session key (client session id or a conversation-prefix hash).
        follow_up: the newest messages are tool results (not a new instruction).
        files_touched: distinct file paths the conversation's tool calls edited.
        tool_calls: tool calls made so far in the conversation.
        turns: assistant messages so far.
        editing: on a follow-up, the edit tool (or Claude Code's ``ExitPlanMode``) that the
            newest assistant message called, else "": the agent has moved on to execution.

    """

    session: str
    follow_up: bool
    files_touched: int
    tool_calls: int
    turns: int
    editing: str = ""


def side_request(request: Request) -> str | None:
    """Return why ``request`` is an agent's background side request, or None.

    A side request (a session title, a summary, a yes/no classification) asks for
    structured output (``response_format``, Responses ``text.format``, Anthropic
    ``output_config.format``) in a conversation with no tool activity, and offers at most
    one tool: an agent's main loop offers its whole tool set (Claude Code a dozen, Codex
    nine) and answers in free text and tool calls. Codex's title request keeps one tool
    from the conversation it was forked from; Claude Code's offers none.
    """
    fmt = request.response_format
    if fmt is None or len(request.tools) > 1:
        return None
    if request.has_tool_use():
        return None
    what = f"json_schema {fmt.name!r}" if fmt.name else "json_schema" if fmt.schema else "json"
    return f"side request: structured output ({what}), {len(request.tools)} tools, no tool use"


def is_agent_request(request: Request) -> bool:
    """Return whether ``request`` comes from an agent loop (offers tools or has tool calls)."""
    return bool(request.tools) or request.has_tool_use()


def read_turn(request: Request) -> Turn:
    """Return the turn facts of an agent request (see the module docstring)."""
    messages = request.messages
    last_assistant = max((i for i, m in enumerate(messages) if m.role == "assistant"), default=-1)
    newest = messages[last_assistant + 1 :]
    has_results = any(m.role == "tool" for m in newest)
    own_words = any(m.role == "user" and _REMINDER.sub("", m.content).strip() for m in newest)
    files: set[str] = set()
    calls = 0
    for message in messages:
        for call in message.tool_calls:
            calls += 1
            if _EDIT_TOOLS.search(call.name):
                files.update(paths_in_arguments(call.arguments))
    follow_up = has_results and not own_words
    newest_calls = messages[last_assistant].tool_calls if follow_up else ()
    editing = next(
        (c.name for c in newest_calls if _EDIT_TOOLS.search(c.name) or _EXIT_PLAN.search(c.name)),
        "",
    )
    return Turn(
        session=request.session or _prefix_key(request),
        follow_up=follow_up,
        files_touched=len(files),
        tool_calls=calls,
        turns=sum(m.role == "assistant" for m in messages),
        editing=editing,
    )


def paths_in_arguments(arguments: str) -> set[str]:
    """Return file paths named in a tool call's arguments (JSON text, or a raw patch)."""
    try:
        data = json.loads(arguments)
    except ValueError:
        data = arguments
    found: set[str] = set()
    values = list(data.items()) if isinstance(data, dict) else [("", data)]
    for key, value in values:
        if not isinstance(value, str):
            continue
        if key in _PATH_KEYS:
            found.add(value)
        found.update(_PATCH_FILE.findall(value))  # Codex apply_patch: "*** Add File: x"
    return found


def _prefix_key(request: Request) -> str:
    system = next((m.content for m in request.messages if m.role in ("system", "developer")), "")
    user = next((m.content for m in request.messages if m.role == "user"), "")
    digest = hashlib.sha256(f"{system[:4000]}\x00{user[:4000]}".encode()).hexdigest()
    return "prefix:" + digest[:16]


@dataclass(slots=True)
class _State:
    route: Route
    phase: str
    seen: float


def _phase(task: TaskKind) -> str:
    return "planning" if task is TaskKind.PLANNING else "execution"


class Sessions:
    """Route memory per agent session (in process, least recently used first out).

    Args:
        sticky: keep a session on one route until its phase changes.
        files_escalation: treat a fresh instruction as planning once this many files were
            touched in the session (0 disables).

    """

    def __init__(self, *, sticky: bool = True, files_escalation: int = 8):
        self.sticky = sticky
        self.files_escalation = files_escalation
        self._states: OrderedDict[str, _State] = OrderedDict()

    def adjust(
        self,
        turn: Turn,
        task: TaskKind,
        route: Route,
        *,
        fits_local: bool,
        execution: Route = Route.LOCAL,
        remember: bool = True,
    ) -> tuple[TaskKind, Route, list[str]]:
        """Return the turn's (task, route, reasons) adjusted for its session, and remember it.

        Args:
            turn: the turn facts from :func:`read_turn`.
            task: the task kind the classifier gave the request.
            route: the route the routing table (and size escalation) gave it.
            fits_local: whether the prompt fits the local context window.
            execution: the route execution work (``refactor``) takes for this prompt, for
                a planning session whose agent has started editing.
            remember: record the turn in its session; False for a dry run, which decides
                as the real call would without changing what the next call sees.

        """
        now = time.monotonic()
        self._expire(now)
        state = self._states.get(turn.session)
        reasons = [
            f"agent turn: {'tool follow-up' if turn.follow_up else 'fresh instruction'}, "
            f"{turn.turns} turns, {turn.files_touched} files touched"
        ]
        can_stay = state is not None and (state.route is Route.FRONTIER or fits_local)
        if turn.follow_up and state is not None and state.phase == "planning" and turn.editing:
            task, route = TaskKind.REFACTOR, execution
            reasons.append(f"session: agent called {turn.editing}: planning -> execution")
        elif turn.follow_up and state is not None:
            if state.phase == "planning":
                task = TaskKind.PLANNING
            elif task is TaskKind.PLANNING:  # the conversation began with a plan, now done
                task = TaskKind.REFACTOR
            if self.sticky and can_stay:
                route = state.route
                reasons.append(f"session: follow-up stays on {route.value}")
        elif (
            not turn.follow_up
            and self.files_escalation
            and turn.files_touched >= self.files_escalation
            and task is not TaskKind.PLANNING
        ):
            task, route = TaskKind.PLANNING, Route.FRONTIER
            reasons.append(f"session: {turn.files_touched} files touched: cross-cutting")
        elif state is not None and self.sticky:
            if _phase(task) != state.phase:
                reasons.append(f"session: phase {state.phase} -> {_phase(task)}")
            elif can_stay:
                route = state.route
                reasons.append(f"session: same phase ({state.phase}), stays on {route.value}")
        if remember:
            self._states[turn.session] = _State(route, _phase(task), now)
            self._states.move_to_end(turn.session)
        return task, route, reasons

    def phase(self, session: str) -> str | None:
        """Return the session's phase (``planning`` or ``execution``), or None if unknown."""
        state = self._states.get(session)
        return state.phase if state is not None else None

    def _expire(self, now: float) -> None:
        while self._states and (
            len(self._states) > MAX_SESSIONS
            or now - next(iter(self._states.values())).seen > SESSION_TTL_S
        ):
            self._states.popitem(last=False)
