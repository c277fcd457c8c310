"""The local model's second opinion on the real bundled model: a grammar-held answer."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from sidecar.backends.local import LocalBackend
from sidecar.classify import second_opinion
from sidecar.classify.classifier import Classification
from sidecar.config import LocalSettings
from sidecar.request import Endpoint, Message, Request, TaskKind
from tests.conftest import TOKEN, start_sidecar

ASKS = [
    "Design the migration of our session store from Redis to Postgres across all services.",
    "¿Por qué esta función devuelve None cuando la lista está vacía?",
    "把这个函数重构成使用字典查找，而不是一长串 if/elif。",
    "def parse_header(line: str) -> tuple[str, str]:\n    ",
]


async def test_the_answer_is_always_one_of_the_four_kinds_and_its_prefix_stays_warm() -> None:
    backend = LocalBackend(LocalSettings())
    await backend.start()
    try:
        usages = []
        for ask in ASKS:
            request = Request(Endpoint.CHAT, "sidecar/auto", (Message("user", ask),))
            result = await backend.complete(second_opinion.question(request))
            assert second_opinion.parse(result.text) in set(TaskKind), result.text
            assert result.usage is not None
            usages.append(result.usage)
        system_tokens = backend.count_tokens(second_opinion.system_prompt())
        # After the first ask the byte-stable system prompt is reused from the KV cache.
        for usage in usages[1:]:
            assert usage.cached_tokens >= system_tokens, usage
    finally:
        await backend.close()


def test_the_opinion_decides_only_between_planning_and_the_rest() -> None:
    review = Classification(TaskKind.REVIEW, ["learned"], {TaskKind.PLANNING: 0.3}, ((1,), (1.0,)))
    assert second_opinion.combine(review, TaskKind.PLANNING).task is TaskKind.PLANNING
    assert second_opinion.combine(review, TaskKind.REFACTOR).task is TaskKind.REVIEW
    plan = Classification(TaskKind.PLANNING, ["learned"], {TaskKind.PLANNING: 0.5}, ((1,), (1.0,)))
    kept = second_opinion.combine(plan, TaskKind.REFACTOR)
    assert kept.task is TaskKind.REFACTOR and "planning -> refactor" in kept.reasons[-1]
    assert second_opinion.combine(plan, None).task is TaskKind.PLANNING
    assert second_opinion.uncertain(review, (0.2, 0.6))
    assert not second_opinion.uncertain(plan, (0.2, 0.45))
    rules_only = Classification(TaskKind.REVIEW, ["rules"], {TaskKind.PLANNING: 0.3})
    assert not second_opinion.uncertain(rules_only, (0.0, 1.0))  # rule points, not probabilities


def test_the_question_is_byte_stable_and_bounded() -> None:
    long_ask = "x" * 5000 + " what should we do?"
    request = Request(Endpoint.CHAT, "m", (Message("user", long_ask),))
    one, two = second_opinion.question(request), second_opinion.question(request)
    assert one == two and one.messages[0].content == second_opinion.system_prompt()
    shown = one.messages[1].content
    assert len(shown) < 1300 and shown.endswith("what should we do?")
    assert second_opinion.parse('{"kind": "lunch"}') is None
    assert second_opinion.parse("not json") is None


async def test_the_daemon_asks_when_uncertain_and_the_dry_run_says_the_same(
    tmp_path: Path,
) -> None:
    # Every learned decision counts as uncertain here, so every request is put to the model.
    runner, sidecar = await start_sidecar(
        tmp_path, {"routes": {"second_opinion": True, "second_opinion_band": [0.0, 1.01],
                              "second_opinion_ms": 5000}},
    )  # fmt: skip
    body = {
        "model": "sidecar/auto",
        "max_tokens": 4,
        "temperature": 0,
        "messages": [{"role": "user", "content": "Why does sorted() on this list fail: [1, 'a']?"}],
    }
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        async with aiohttp.ClientSession() as http:
            async with http.post(
                sidecar.base_url + "/chat/completions",
                json=body,
                headers={**auth, "X-Sidecar-Dry-Run": "1"},
            ) as response:
                dry = await response.json()
            async with http.post(
                sidecar.base_url + "/chat/completions", json=body, headers=auth
            ) as response:
                real = await response.json()
                task = response.headers["X-Sidecar-Task"]
    finally:
        await runner.cleanup()
    assert any(r.startswith("second opinion (local model): ") for r in dry["reasons"]), dry
    assert any(r.startswith("second opinion") for r in real["sidecar"]["reasons"])
    assert dry["task"] == task
