"""The rules on realistic requests, their rule file, and the labelled set as a floor.

These hold the rules alone (``routes.classifier = "rules"``, and the learned model's
features); the learned decision is held by tests/unit/test_learned_routing.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sidecar.classify import Classification
from sidecar.classify import classify as decide_kind
from sidecar.classify.classifier import Options, rule_matches, rules
from sidecar.protocols import openai
from sidecar.request import Endpoint, Message, Request, TaskKind

DATA = Path(__file__).parents[1] / "data"
RULES = Options(learned=False)


def classify(request: Request) -> Classification:
    return decide_kind(request, RULES)


def chat(user: str, system: str | None = None, *earlier: str) -> Request:
    messages = [Message("system", system)] if system else []
    for turn in earlier:
        messages += [Message("user", turn), Message("assistant", "ok")]
    return Request(Endpoint.CHAT, "sidecar/auto", (*messages, Message("user", user)))


def labelled(path: Path) -> list[tuple[str, Request, str]]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        parse = (
            openai.parse_completions
            if item["endpoint"] == "/v1/completions"
            else (openai.parse_chat)
        )
        items.append((item["id"], parse(item["body"]), item["label"]))
    return items


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Refactor this to use a dict lookup:\n```python\ndef f(x):\n    if x == 1:\n        return 'a'\n```",
            "refactor",
        ),
        ("can you review this PR diff for bugs?\n```diff\n-a = 1\n+a = 2\n```", "review"),
        (
            "We need SSO login across our three apps. How should we structure the auth service?",
            "planning",
        ),
        ("complete this\n```go\nfunc add(a int, b int) int {\n\treturn a +", "completion"),
        ("write a rust function that parses an ISO 8601 duration", "completion"),
        (
            "why does this print None?\n```python\ndef f(xs):\n    xs.sort()\nprint(f([2, 1]))\n```",
            "review",
        ),
        (
            "Don't refactor anything, just explain what this does:\n```js\nconst s = a.reduce((x, y) => x + y, 0);\n```",
            "review",
        ),
        (
            "make this method async and pass a CancellationToken\n```java\npublic Order get(int id) {\n  return repo.find(id);\n}\n```",
            "refactor",
        ),
        ("Plan the migration from MySQL to Postgres: steps, risks and rollback", "planning"),
    ],
)
def test_realistic_requests(text: str, kind: str) -> None:
    assert classify(chat(text)).task.value == kind


def test_plan_mode_markers_decide() -> None:
    cline = "<task>add caching</task>\n<environment_details>\n# Current Mode\nPLAN MODE\n</environment_details>"
    assert classify(chat(cline)).task is TaskKind.PLANNING
    aider = "Act as an expert architect engineer and provide direction to your editor engineer."
    assert classify(chat("rename foo to bar", aider)).task is TaskKind.PLANNING


def test_cursor_markers_in_chat_are_completion() -> None:
    request = chat("Fill in <|fim_prefix|>def f(<|fim_suffix|>)\n<|fim_middle|>")
    assert classify(request).task is TaskKind.COMPLETION


def test_chat_template_inside_a_completions_prompt_is_classified_by_its_instruction() -> None:
    prompt = (
        "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nReview this "
        "function for bugs:\ndef f(x):\n    return x / 0\n<|im_end|>\n<|im_start|>assistant\n"
    )
    result = classify(Request(Endpoint.COMPLETIONS, "m", prompt=prompt))
    assert result.task is TaskKind.REVIEW
    assert result.reasons[0] == "chat template in a completions prompt"


def test_fim_is_completion_with_reasons() -> None:
    result = classify(
        Request(Endpoint.COMPLETIONS, "m", prompt="def f(x):\n    return ", suffix="\n")
    )
    assert result.task is TaskKind.COMPLETION
    assert result.reasons[:2] == ["endpoint /v1/completions", "fim: suffix given"]


def test_last_turn_decides_over_earlier_turns() -> None:
    earlier = "Review this code for bugs please:\n```python\ndef f():\n    pass\n```"
    request = chat("ok, now plan how we roll this out across all our services", None, earlier)
    assert classify(request).task is TaskKind.PLANNING


def test_every_reason_names_its_kind_and_points() -> None:
    result = classify(chat("Please refactor and simplify:\n```python\ndef f():\n    return 1\n```"))
    scored = [r for r in result.reasons if r.endswith(")")]
    assert scored and all(
        re.search(r"\((completion|review|refactor|planning) \+[\d.]+\)$", r) for r in scored
    )


def test_triggers_never_hide_a_match() -> None:
    """A rule runs only when a trigger is present; no labelled text may match without one."""
    texts = []
    for path in DATA.glob("*_requests.jsonl"):
        for _, request, _ in labelled(path):
            texts += [m.content.lower() for m in request.messages] + [
                (request.prompt or "").lower()
            ]
    ruleset = rules()
    for rule in (*ruleset.instruction, *ruleset.system):
        assert rule.triggers, f"rule {rule.name!r} has no triggers"
        for text in texts:
            full = [m.span() for m in rule.pattern.finditer(text)]
            if full:
                assert any(t in text for t in rule.triggers), (rule.name, text[:200])
            # Searching only near triggers finds the same matches as a full scan.
            assert [m.span() for m in rule_matches(rule, text)] == full, rule.name


def test_labelled_set_floor() -> None:
    """A regression floor on the labelled set (benchmarks/classify.py prints the full table)."""
    items = labelled(DATA / "labelled_requests.jsonl")
    assert len(items) >= 150
    wrong = [
        (i, label, classify(r).task.value)
        for i, r, label in items
        if classify(r).task.value != label
    ]
    planning = [r for _, r, label in items if label == "planning"]
    planning_local = sum(classify(r).task is not TaskKind.PLANNING for r in planning)
    assert len(wrong) / len(items) <= 0.05, wrong
    assert planning_local / len(planning) < 0.05


@pytest.mark.parametrize("path", sorted(DATA.glob("*_requests.jsonl")), ids=lambda p: p.name)
def test_labelled_data_is_well_formed(path: Path) -> None:
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert set(item) >= {"id", "endpoint", "body", "label", "client", "language"}
        assert item["id"] not in seen
        seen.add(item["id"])
        assert item["label"] in {k.value for k in TaskKind}
        assert item["endpoint"] in ("/v1/chat/completions", "/v1/completions")


def test_the_learned_decision_says_what_it_gave_each_kind_and_why() -> None:
    result = decide_kind(chat("Please refactor and simplify:\n```python\ndef f():\n    return 1\n```"))
    first = result.reasons[0]
    assert re.match(r"learned: (\w+ [01]\.\d\d, ){3}\w+ [01]\.\d\d \(by .+\)$", first), first
    assert any(r.startswith("planning ") and "threshold" in r for r in result.reasons)
    assert any(r.startswith("rules: ") for r in result.reasons)
    assert abs(sum(result.scores.values()) - 1) < 1e-6
