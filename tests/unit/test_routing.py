from __future__ import annotations

import pytest

from sidecar.classify import Classification
from sidecar.classify import classify as decide_kind
from sidecar.classify.classifier import Options
from sidecar.config import RoutingSettings
from sidecar.errors import UnknownRoute
from sidecar.request import Endpoint, Message, Request, Route, TaskKind
from sidecar.routing import RouteTargets, decide


def classify(request: Request) -> Classification:
    """The rules alone: these tests hold routing and sessions, not the classifier."""
    return decide_kind(request, Options(learned=False))

TARGETS = RouteTargets(
    "SmolLM2", "gpt-5", gateway_configured=True, local_n_ctx=4096, local_max_tokens=256
)
TABLE = RoutingSettings()


def chat(text: str, model: str = "sidecar/auto") -> Request:
    return Request(Endpoint.CHAT, model, (Message("user", text),))


def route(
    request: Request, targets: RouteTargets = TARGETS, table: RoutingSettings = TABLE
) -> tuple[TaskKind, Route, str, tuple[str, ...]]:
    d = decide(request, classify(request), table, targets)
    return d.task, d.route, d.model, d.reasons


def test_table_sends_planning_to_the_frontier_and_refactor_local() -> None:
    assert route(chat("Plan the migration to microservices; trade-offs?"))[:3] == (
        TaskKind.PLANNING,
        Route.FRONTIER,
        "gpt-5",
    )
    assert route(chat("Refactor:\n```python\ndef f():\n    return 1\n```"))[:3] == (
        TaskKind.REFACTOR,
        Route.LOCAL,
        "SmolLM2",
    )


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("sidecar/local", Route.LOCAL),
        ("SmolLM2", Route.LOCAL),
        ("sidecar/frontier", Route.FRONTIER),
        ("gpt-5", Route.FRONTIER),
    ],
)
def test_model_name_forces_a_route(model: str, expected: Route) -> None:
    _, got, _, reasons = route(chat("Plan the architecture of the new billing system", model))
    assert got is expected
    assert any("forces" in r for r in reasons)


def test_unknown_sidecar_route_is_an_error() -> None:
    with pytest.raises(UnknownRoute) as err:
        route(chat("hi", "sidecar/fast"))
    assert err.value.status == 400 and err.value.param == "model"


def test_other_model_names_route_automatically() -> None:
    assert route(chat("Refactor this\n```go\nfunc f() {}\n```", "claude-3-haiku"))[1] is Route.LOCAL


def test_prompt_over_the_local_context_escalates() -> None:
    big = "Refactor this function:\n```python\n" + "x = compute(1, 2, 3)\n" * 800 + "```"
    task, got, _, reasons = route(chat(big))
    assert task is TaskKind.REFACTOR and got is Route.FRONTIER
    assert any(r.startswith("escalated") for r in reasons)


def test_completions_are_never_escalated() -> None:
    request = Request(Endpoint.COMPLETIONS, "sidecar/auto", prompt="x = 1\n" * 20000, suffix="y")
    assert route(request)[:2] == (TaskKind.COMPLETION, Route.LOCAL)


def test_a_chat_request_of_any_task_kind_escalates_on_size() -> None:
    # "Implement ..." in chat classifies as completion, but a chat prompt cannot be trimmed.
    big = "Implement the function body:\n```python\ndef f(x):\n" + "    y = g(x)\n" * 2000
    task, got, _, reasons = route(chat(big + "```"))
    assert task is TaskKind.COMPLETION and got is Route.FRONTIER, reasons
    assert any(r.startswith("escalated") for r in reasons)


def test_no_gateway_serves_planning_locally_degraded() -> None:
    targets = RouteTargets("SmolLM2", "gpt-5", False, 4096, 256)
    request = chat("Design the architecture for our event-driven order pipeline")
    decision = decide(request, classify(request), TABLE, targets)
    assert decision.route is Route.LOCAL and decision.degraded


def test_table_is_configurable() -> None:
    table = RoutingSettings(review="frontier")
    assert route(chat("Review this code for bugs:\n```python\nx = 1\n```"), table=table)[1] is (
        Route.FRONTIER
    )


def test_a_spent_budget_keeps_frontier_work_local_and_refuses_a_forced_frontier() -> None:
    from dataclasses import replace

    from sidecar.errors import BudgetExceeded

    spent = replace(TARGETS, over_budget="budget: developer daily limit $5.00 reached")
    task, where, _, reasons = route(chat("Plan the migration to microservices; trade-offs?"), spent)
    assert (task, where) == (TaskKind.PLANNING, Route.LOCAL)
    assert reasons[-1].startswith("budget: developer daily limit")
    assert route(chat("Refactor:\n```python\ndef f():\n    return 1\n```"), spent)[1] is Route.LOCAL
    with pytest.raises(BudgetExceeded) as refused:
        route(chat("Plan it", model="sidecar/frontier"), spent)
    assert refused.value.status == 429
    assert refused.value.openai_body()["error"]["code"] == "budget_exceeded"
