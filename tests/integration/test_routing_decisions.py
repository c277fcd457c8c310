"""One decision everywhere (sidecar route, the dry run, the real call) and routing corrections.

Real HTTP to an in-process sidecar on the bundled model with the stand-in gateway; the CLI
through click's runner with the same config file.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from click.testing import CliRunner, Result

from sidecar.cli import main
from sidecar.daemon import new_info, remove_discovery, write_discovery
from sidecar.ledger.store import Ledger
from tests.conftest import TOKEN, Sidecar, start_sidecar, write_config
from tests.support.standin import StandinGateway

AUTH = {"Authorization": f"Bearer {TOKEN}"}

REVIEW = {
    "model": "sidecar/auto",
    "max_tokens": 4,
    "temperature": 0,
    "messages": [
        {
            "role": "user",
            "content": "What does this function do, and is the empty-list case handled?\n"
            "```python\ndef mean(xs):\n    return sum(xs) / len(xs)\n```",
        }
    ],
}
PLANNING = {
    "model": "sidecar/auto",
    "max_tokens": 4,
    "messages": [
        {
            "role": "user",
            "content": "We want to move our billing monolith to event-driven services. "
            "Propose the target architecture and a migration plan in phases, with risks.",
        }
    ],
}
MESSAGES_AGENT = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 4,
    "system": "You are Claude Code, Anthropic's official CLI for Claude.",
    "tools": [
        {
            "name": "Edit",
            "description": "Edit a file",
            "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}},
        }
    ],
    "messages": [
        {"role": "user", "content": "Rename the helper parse_row to parse_record in utils.py."}
    ],
}
RESPONSES = {
    "model": "gpt-5-codex",
    "max_output_tokens": 16,
    "input": [
        {
            "role": "user",
            "content": [{"type": "input_text", "text": "Explain what this regex matches: ^a+b?$"}],
        }
    ],
}
CASES = [
    ("/v1/chat/completions", REVIEW),
    ("/v1/chat/completions", PLANNING),
    ("/v1/messages", MESSAGES_AGENT),
    ("/v1/responses", RESPONSES),
]


@pytest.fixture
async def configured(tmp_path: Path, gateway: StandinGateway) -> Any:
    """The sidecar and the CLI read the same config file (gateway = the stand-in)."""
    config = {"gateway": {"base_url": gateway.url, "api": "both", "max_retries": 0}}
    ledger = tmp_path / "ledger.sqlite3"  # the one start_sidecar opens
    write_config(
        tmp_path,
        f'[gateway]\nbase_url = "{gateway.url}"\napi = "both"\n[ledger]\npath = "{ledger}"\n',
    )
    runner, sidecar = await start_sidecar(tmp_path, config)
    yield sidecar
    await runner.cleanup()


async def _post(
    sidecar: Sidecar, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(sidecar.url + path, json=body, headers={**AUTH, **(headers or {})}) as r,
    ):
        return r.status, dict(r.headers), await r.json(content_type=None)


async def _cli(*args: str) -> Result:
    """Run the CLI in a thread (it runs its own event loop)."""
    return await asyncio.to_thread(CliRunner().invoke, main, list(args))


async def _cli_route(tmp_path: Path, endpoint: str, body: dict[str, Any], *extra: str) -> Any:
    path = tmp_path / "request.json"
    path.write_text(json.dumps({"endpoint": endpoint, "body": body}), encoding="utf-8")
    result = await _cli("route", str(path), *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("endpoint", "body"), CASES, ids=["review", "planning", "messages", "responses"]
)
async def test_sidecar_route_the_dry_run_and_the_real_call_decide_the_same(
    configured: Sidecar, tmp_path: Path, endpoint: str, body: dict[str, Any]
) -> None:
    status, _, dry = await _post(configured, endpoint, body, {"X-Sidecar-Dry-Run": "1"})
    assert status == 200, dry
    offline = await _cli_route(tmp_path, endpoint, body, "--offline")
    # Through the running daemon (its discovery file names this sidecar).
    info = new_info(configured.url, TOKEN, "user")  # this process: never left behind,
    write_discovery(info)  # or the fixture's stop_daemon() would signal pytest itself
    try:
        via_daemon = await _cli_route(tmp_path, endpoint, body)
    finally:
        remove_discovery(info.pid)
    status, headers, _ = await _post(configured, endpoint, body)
    assert status == 200
    real = {
        "task": headers["X-Sidecar-Task"],
        "route": headers["X-Sidecar-Route"],
        "model": headers["X-Sidecar-Model"],
    }
    for decision in (dry, offline, via_daemon):
        assert {k: decision[k] for k in ("task", "route", "model")} == real, decision
    assert dry["reasons"] == via_daemon["reasons"]


async def test_a_correction_applies_to_later_requests_like_it_and_shows_in_the_report(
    configured: Sidecar, tmp_path: Path
) -> None:
    status, headers, answer = await _post(configured, "/v1/chat/completions", REVIEW)
    assert status == 200
    first = headers["X-Sidecar-Task"]
    wanted = "planning" if first != "planning" else "review"

    status, _, kept = await _post(
        configured, "/v1/sidecar/corrections", {"request_id": answer["id"], "task": wanted}
    )
    assert status == 200, kept
    assert kept["from"] == first and kept["to"] == wanted and kept["applies_to_similar"]

    similar = json.loads(json.dumps(REVIEW))
    similar["messages"][0]["content"] = similar["messages"][0]["content"].replace(
        "What does", "what does"
    )
    _, headers, answer = await _post(configured, "/v1/chat/completions", similar)
    assert headers["X-Sidecar-Task"] == wanted
    assert any("corrected" in r for r in answer["sidecar"]["reasons"])

    _, headers, _ = await _post(configured, "/v1/chat/completions", PLANNING | {"temperature": 0})
    assert headers["X-Sidecar-Task"] == "planning"  # an unlike request is left alone

    result = await _cli("report", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{") :])
    assert report["corrections"]["count"] == 1


async def test_corrections_survive_a_restart(configured: Sidecar, tmp_path: Path) -> None:
    _, headers, answer = await _post(configured, "/v1/chat/completions", REVIEW)
    wanted = "refactor" if headers["X-Sidecar-Task"] != "refactor" else "review"
    await _post(configured, "/v1/sidecar/corrections", {"request_id": answer["id"], "task": wanted})
    runner, again = await start_sidecar(tmp_path, {})  # the same ledger file
    try:
        _, headers, _ = await _post(again, "/v1/chat/completions", REVIEW)
        assert headers["X-Sidecar-Task"] == wanted
    finally:
        await runner.cleanup()


async def test_a_retry_can_set_the_task_and_correct_the_call_before(configured: Sidecar) -> None:
    _, headers, answer = await _post(configured, "/v1/chat/completions", REVIEW)
    status, headers, _ = await _post(
        configured,
        "/v1/chat/completions",
        REVIEW,
        {"X-Sidecar-Task": "planning", "X-Sidecar-Corrects": answer["id"]},
    )
    assert status == 200
    assert headers["X-Sidecar-Task"] == "planning" and headers["X-Sidecar-Route"] == "frontier"
    ledger = Ledger(configured.ledger_path)
    try:
        corrections = ledger.corrections()
    finally:
        ledger.close()
    assert [(c["request_id"], c["to_task"], c["source"]) for c in corrections] == [
        (answer["id"], "planning", "header")
    ]


async def test_bad_corrections_get_a_clear_4xx(configured: Sidecar, tmp_path: Path) -> None:
    status, _, body = await _post(
        configured, "/v1/sidecar/corrections", {"request_id": "chatcmpl-nope", "task": "review"}
    )
    assert status == 404 and "chatcmpl-nope" in body["error"]["message"]
    status, _, body = await _post(
        configured, "/v1/sidecar/corrections", {"request_id": "x", "task": "lunch"}
    )
    assert status == 400 and "planning" in body["error"]["message"]
    status, _, body = await _post(
        configured, "/v1/chat/completions", REVIEW, {"X-Sidecar-Task": "lunch"}
    )
    assert status == 400 and body["error"]["param"] == "X-Sidecar-Task"
    result = await _cli("route", "--correct", "chatcmpl-nope", "planning")
    assert result.exit_code != 0 and "chatcmpl-nope" in result.output
