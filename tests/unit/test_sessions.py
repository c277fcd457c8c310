"""Agent sessions: turn facts from the conversation, sticky routes, phase changes, model map."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

from sidecar.classify import Classification
from sidecar.classify import classify as decide_kind
from sidecar.classify.classifier import Options
from sidecar.config import DEFAULT_MODEL_MAP, RoutingSettings
from sidecar.request import Endpoint, Message, Request, Route, TaskKind, Tool, ToolCall
from sidecar.routing import RouteTargets, decide
from sidecar.sessions import Sessions, read_turn


def classify(request: Request) -> Classification:
    """The rules alone: these tests hold routing and sessions, not the classifier."""
    return decide_kind(request, Options(learned=False))

TARGETS = RouteTargets(
    "SmolLM2",
    "gpt-5",
    gateway_configured=True,
    local_n_ctx=32768,
    local_max_tokens=256,
    model_map=tuple(DEFAULT_MODEL_MAP.items()),
)
TOOLS = (Tool("Read", "Read a file", {"type": "object"}), Tool("Edit", "Edit a file"))
SYSTEM = Message("system", "You are an interactive CLI tool that helps users with coding.")
PLAN = "Plan how we should split the billing module into services; what are the trade-offs?"
DO_IT = "Rename the helper parse_row to parse_record in utils.py and update callers."


def agent(
    *messages: Message, model: str = "claude-opus-4-5", session: str | None = "s1"
) -> Request:
    return Request(Endpoint.MESSAGES, model, (SYSTEM, *messages), tools=TOOLS, session=session)


def edit(call_id: str, path: str) -> Message:
    arguments = json.dumps({"file_path": path, "old_string": "a", "new_string": "b"})
    return Message("assistant", "", tool_calls=(ToolCall(call_id, "Edit", arguments),))


def read(call_id: str, path: str) -> Message:
    arguments = json.dumps({"file_path": path})
    return Message("assistant", "", tool_calls=(ToolCall(call_id, "Read", arguments),))


def result(call_id: str) -> Message:
    return Message("tool", "ok", tool_call_id=call_id)


def route(request: Request, sessions: Sessions) -> tuple[TaskKind, Route, tuple[str, ...]]:
    decision = decide(request, classify(request), RoutingSettings(), TARGETS, sessions)
    return decision.task, decision.route, decision.reasons


def test_turn_facts_come_from_the_whole_conversation() -> None:
    fresh = agent(Message("user", DO_IT))
    assert read_turn(fresh).follow_up is False
    loop = agent(
        Message("user", DO_IT), edit("c1", "utils.py"), result("c1"), edit("c2", "app.py"),
        result("c2"),
    )  # fmt: skip
    turn = read_turn(loop)
    assert (turn.follow_up, turn.files_touched, turn.tool_calls, turn.turns) == (True, 2, 2, 2)
    reminder = Message("user", "<system-reminder>Files changed on disk.</system-reminder>")
    assert read_turn(
        agent(Message("user", DO_IT), edit("c1", "a.py"), result("c1"), reminder)
    ).follow_up


def test_session_key_is_the_client_id_or_the_conversation_prefix() -> None:
    assert read_turn(agent(Message("user", DO_IT))).session == "s1"
    first = read_turn(agent(Message("user", DO_IT), session=None)).session
    later = read_turn(
        agent(Message("user", DO_IT), edit("c1", "a.py"), result("c1"), session=None)
    ).session
    other = read_turn(agent(Message("user", PLAN), session=None)).session
    assert first == later != other and first.startswith("prefix:")


def test_a_tool_loop_stays_on_the_planning_route_then_flips_once_for_execution() -> None:
    sessions = Sessions()
    history: list[Message] = [Message("user", PLAN)]
    routes = [route(agent(*history), sessions)[1]]
    for n in range(3):  # the model reads files while planning: tool follow-ups
        history += [read(f"r{n}", f"f{n}.py"), result(f"r{n}")]
        task, where, reasons = route(agent(*history), sessions)
        assert task is TaskKind.PLANNING and "session: follow-up stays on frontier" in reasons
        routes.append(where)
    history += [Message("assistant", "Here is the plan."), Message("user", DO_IT)]
    task, where, reasons = route(agent(*history), sessions)
    assert task is not TaskKind.PLANNING and where is Route.LOCAL
    assert "session: phase planning -> execution" in reasons
    routes.append(where)
    history += [edit("x", "utils.py"), result("x")]
    routes.append(route(agent(*history), sessions)[1])
    assert routes == [Route.FRONTIER] * 4 + [Route.LOCAL] * 2
    flips = sum(a is not b for a, b in itertools.pairwise(routes))
    assert flips == 1


def test_plan_then_do_it_flips_once_when_the_agent_starts_editing() -> None:
    sessions = Sessions()
    history: list[Message] = [Message("user", PLAN + " Then implement it.")]
    seen = [route(agent(*history), sessions)]
    history += [read("r1", "billing.py"), result("r1")]
    seen.append(route(agent(*history), sessions))
    for n, (call, path) in enumerate([("Edit", "billing.py"), ("Read", "x.py")]):
        arguments = json.dumps({"file_path": path, "old_string": "a", "new_string": "b"})
        history += [
            Message("assistant", "", tool_calls=(ToolCall(f"e{n}", call, arguments),)),
            result(f"e{n}"),
        ]
        seen.append(route(agent(*history), sessions))
    assert [(task, where) for task, where, _ in seen] == [
        (TaskKind.PLANNING, Route.FRONTIER),
        (TaskKind.PLANNING, Route.FRONTIER),
        (TaskKind.REFACTOR, Route.LOCAL),  # the agent called Edit: execution from here on
        (TaskKind.REFACTOR, Route.LOCAL),
    ]
    assert "session: agent called Edit: planning -> execution" in seen[2][2]
    # Claude Code's ExitPlanMode ends planning too; a prompt too big for local stays put.
    exit_plan = [
        Message("user", PLAN),
        Message("assistant", "", tool_calls=(ToolCall("p", "ExitPlanMode", "{}"),)),
        result("p"),
    ]
    fresh = Sessions()
    route(agent(*exit_plan[:1], session="s2"), fresh)
    assert route(agent(*exit_plan, session="s2"), fresh)[:2] == (TaskKind.REFACTOR, Route.LOCAL)
    big = [Message("user", PLAN + " x" * 60_000), *exit_plan[1:]]
    route(agent(*big[:1], session="s3"), fresh)
    assert route(agent(*big, session="s3"), fresh)[:2] == (TaskKind.REFACTOR, Route.FRONTIER)


def test_without_stickiness_each_turn_is_routed_on_its_own() -> None:
    sessions = Sessions(sticky=False)
    history = [Message("user", PLAN), read("r", "a.py"), result("r")]
    assert route(agent(*history[:1]), sessions)[1] is Route.FRONTIER
    task, _, reasons = route(agent(*history), sessions)
    assert task is TaskKind.PLANNING  # the phase is still known
    assert not any(r.startswith("session: follow-up stays") for r in reasons)


def test_many_files_touched_make_a_fresh_instruction_cross_cutting() -> None:
    sessions = Sessions(files_escalation=3)
    history: list[Message] = [Message("user", DO_IT)]
    for n in range(3):
        history += [edit(f"e{n}", f"pkg/m{n}.py"), result(f"e{n}")]
    history += [Message("assistant", "Done."), Message("user", "Now do the same in the tests.")]
    task, where, reasons = route(agent(*history), sessions)
    assert (task, where) == (TaskKind.PLANNING, Route.FRONTIER)
    assert "session: 3 files touched: cross-cutting" in reasons


def test_client_model_names_map_to_routes_and_never_fail() -> None:
    sessions = Sessions()
    title = Request(Endpoint.MESSAGES, "claude-haiku-4-5-20251001", (Message("user", "Title: x"),))
    decision = decide(title, classify(title), RoutingSettings(), TARGETS, sessions)
    assert decision.route is Route.LOCAL and decision.requested_route is Route.LOCAL
    assert "([models] '*haiku*')" in decision.reasons[-1]
    for name in ("claude-opus-5-5", "gpt-5-codex", "some-new-model"):
        request = replace(title, model=name)
        assert (
            decide(request, classify(request), RoutingSettings(), TARGETS).requested_route is None
        )


def test_anthropic_gateway_gets_a_claude_model_name() -> None:
    both = replace(TARGETS, gateway_api="both")
    request = agent(Message("user", PLAN))
    assert decide(request, classify(request), RoutingSettings(), both).model == "claude-opus-4-5"
    chat = replace(request, endpoint=Endpoint.CHAT, model="sidecar/auto")
    assert decide(chat, classify(chat), RoutingSettings(), both).model == "gpt-5"
    pinned = replace(both, anthropic_model="claude-sonnet-4-5")
    assert (
        decide(request, classify(request), RoutingSettings(), pinned).model == "claude-sonnet-4-5"
    )


def test_files_in_codex_patches_count_as_touched() -> None:
    patch = (
        "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** Update File: src/app.py\n*** End Patch"
    )
    call = ToolCall("c1", "apply_patch", json.dumps({"input": patch}))
    turn = read_turn(agent(Message("user", DO_IT), Message("assistant", "", tool_calls=(call,))))
    assert turn.files_touched == 2


def captured(name: str, index: int) -> Request:
    """Request ``index`` of a capture in tests/data/agents, parsed by its surface."""
    from pathlib import Path

    from sidecar.server import surfaces

    by_path = {"/v1/messages": surfaces.MESSAGES, "/v1/responses": surfaces.RESPONSES}
    path = Path(__file__).parent.parent / "data" / "agents" / name
    record = json.loads(path.read_text().splitlines()[index])
    headers = {k.lower(): v for k, v in (record.get("headers") or {}).items()}
    return by_path[record["path"].split("?")[0]].parse(record["body"], headers)


def test_agents_title_requests_are_background_and_leave_the_session_alone() -> None:
    # Claude Code (no tools, output_config.format) and Codex (one tool, text.format named
    # codex_output_schema) ask for a session title on the main model name.
    for name in ("claude_code_interactive.jsonl", "codex_interactive.jsonl"):
        title, main = captured(name, 1), captured(name, 0 if "codex" in name else 2)
        sessions = Sessions()
        task, chosen, reasons = route(title, sessions)
        assert (task, chosen) == (TaskKind.BACKGROUND, Route.LOCAL), reasons
        assert "structured output" in reasons[0]
        assert not any(r.startswith("agent turn") for r in reasons)
        assert sessions._states == {}  # a title does not start or move a session
        assert route(main, sessions)[0] is not TaskKind.BACKGROUND


def test_structured_output_inside_a_tool_loop_is_not_a_side_request() -> None:
    from sidecar.request import ResponseFormat

    fmt = ResponseFormat(schema={"type": "object"}, name="answer")
    # codex exec --output-schema: the main loop, whole tool set, structured final answer
    main_loop = replace(agent(Message("user", DO_IT)), response_format=fmt)
    assert route(main_loop, Sessions())[0] is not TaskKind.BACKGROUND
    one_tool = replace(main_loop, tools=TOOLS[:1])
    assert route(one_tool, Sessions())[0] is TaskKind.BACKGROUND
    in_loop = replace(
        one_tool, messages=(SYSTEM, Message("user", DO_IT), edit("c1", "a"), result("c1"))
    )
    assert route(in_loop, Sessions())[0] is not TaskKind.BACKGROUND


def test_a_huge_max_tokens_is_a_ceiling_not_a_need() -> None:
    targets = replace(TARGETS, local_n_ctx=4096)
    short = agent(Message("user", DO_IT))
    claude = replace(short, max_tokens=128_000)  # Claude Code's max_tokens on every call
    decision = decide(claude, classify(claude), RoutingSettings(), targets, Sessions())
    assert decision.route is Route.LOCAL, decision.reasons
    # A prompt that does not leave a quarter of the context still escalates.
    long = replace(claude, messages=(SYSTEM, Message("user", DO_IT + " x" * 5000)))
    decision = decide(long, classify(long), RoutingSettings(), targets, Sessions())
    assert decision.route is Route.FRONTIER
    assert any("+ 1024 exceeds local context 4096" in r for r in decision.reasons)
