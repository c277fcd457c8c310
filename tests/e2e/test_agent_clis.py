"""The real agent CLIs finish a task through ``sidecar serve``, and the ledger shows it.

Claude Code (``claude -p``), Codex CLI (``codex exec``) and aider (``aider --message``),
each pointed at sidecar by its own documented setting (``tests/support/agents.py``), with
the scripted gateway (``tests/support/scripted.py``) as sidecar's frontier: the bundled
135M model cannot drive a tool loop, so the frontier's scripted tool calls exercise each
client's whole loop, while sidecar parses, routes, translates and records every call.

The CLIs come from ``.ci/agents.sh``: ``source "$SIDECAR_CI_CACHE/agents.env"`` first.
Without them each test is skipped, unless ``SIDECAR_REQUIRE_AGENTS=1`` (CI sets it), when
it fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TOKEN, Sidecar, start_sidecar
from tests.support import agents
from tests.support.scripted import Say, ScriptedGateway, write_file

TASK = "Create a file hello.txt containing the word hi"


def executable(agent: str) -> str:
    exe = agents.executable(agent)
    if exe is None:
        message = (
            f"{agents.EXECUTABLE_VARS[agent]} is not set: run .ci/agents.sh, source agents.env"
        )
        if os.environ.get("SIDECAR_REQUIRE_AGENTS"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    return path


@pytest.fixture
async def scripted(project: Path) -> AsyncIterator[ScriptedGateway]:
    gateway = ScriptedGateway([write_file(str(project), "hello.txt", "hi\n"), Say("Done.")])
    await gateway.start()
    yield gateway
    await gateway.close()


async def run_through_sidecar(
    agent: str,
    tmp_path: Path,
    project: Path,
    gateway: ScriptedGateway,
    config: dict[str, Any] | None = None,
    task: str = TASK,
    **options: Any,
) -> tuple[agents.Finished, Sidecar]:
    """Run ``agent`` on ``task`` against sidecar (the scripted gateway as its frontier)."""
    exe = executable(agent)
    settings = {"gateway": {"base_url": gateway.url + "/v1", "api": "both", "max_retries": 0}}
    runner, sidecar = await start_sidecar(tmp_path, settings | (config or {}))
    try:
        build = agents.BUILDERS[agent]
        command = build(exe, sidecar.url, TOKEN, task, project, tmp_path / "home", **options)
        # aider on the local model took ~200 s in the last runs (see the closing note of
        # the daemon change): a generous limit until that is understood.
        finished = await agents.run(command, limit_s=480)
    finally:
        await runner.cleanup()
    return finished, sidecar


def failure(finished: agents.Finished, sidecar: Sidecar) -> str:
    rows = [{k: r[k] for k in ("task", "route", "status", "reasons")} for r in sidecar.rows()]
    return f"exit {finished.returncode}\n{finished.stderr[-3000:]}\nledger: {rows}"


@pytest.mark.parametrize(
    ("agent", "endpoint", "upstream", "tool_seen"),
    [
        ("claude", "/v1/messages", "/v1/messages", '"name": "Write"'),
        ("codex", "/v1/responses", "/v1/chat/completions", '"apply_patch"'),
    ],
)
async def test_agent_writes_a_file_through_sidecar(
    agent: str,
    endpoint: str,
    upstream: str,
    tool_seen: str,
    tmp_path: Path,
    project: Path,
    scripted: ScriptedGateway,
) -> None:
    finished, sidecar = await run_through_sidecar(agent, tmp_path, project, scripted)
    assert finished.returncode == 0, failure(finished, sidecar)
    assert (project / "hello.txt").read_text() == "hi\n"
    rows = sidecar.rows()
    # The instruction, then the tool result followed up: both recorded, with reasons.
    assert [(r["endpoint"], r["status"]) for r in rows] == [(endpoint, 200)] * 2, rows
    first, follow_up = rows
    assert first["task"] in ("refactor", "planning") and first["route"] == "frontier"
    # Their system prompts and tool sets (12k-16k tokens) do not fit the local 4,096.
    # Frontier either as planning or because it does not fit the local context.
    escalated = any("exceeds local context 4096" in r for r in first["reasons"])
    assert escalated or first["task"] == "planning", first["reasons"]
    assert any("fresh instruction" in r for r in first["reasons"])
    # A planning turn whose agent then edits moves the session to execution (refactor);
    # either way the follow-up stays on the frontier (it does not fit the local context).
    assert follow_up["route"] == "frontier"
    assert follow_up["task"] in (first["task"], "refactor"), follow_up["reasons"]
    assert any("tool follow-up, 1 turns, 1 files touched" in r for r in follow_up["reasons"])
    assert first["prompt_tokens"] > 5_000 and first["cost_usd"] > 0
    # Claude Code's request reaches an Anthropic gateway unchanged (passed through), Codex's
    # Responses request is translated to chat completions with the tool call and its result.
    assert [r.path.split("?")[0] for r in scripted.received] == [upstream] * 2
    assert tool_seen in json.dumps(scripted.received[1].body)
    if agent == "claude":
        assert "cache_control" in json.dumps(scripted.received[0].body["system"])
        assert "anthropic-beta" in {h.lower() for h in scripted.received[0].headers}


async def test_aider_on_the_local_model_never_reaches_the_gateway(
    tmp_path: Path, project: Path, scripted: ScriptedGateway
) -> None:
    finished, sidecar = await run_through_sidecar("aider", tmp_path, project, scripted)
    assert finished.returncode == 0, failure(finished, sidecar)
    [row] = sidecar.rows()
    # aider's prompt (about 2,800 tokens, no tools) fits the local model: an edit (or, by
    # the labelling guide's R7, a file fully specified by the ask), local either way.
    assert (row["endpoint"], row["route"], row["status"]) == (
        "/v1/chat/completions", "local", 200,
    ), row["reasons"]  # fmt: skip
    assert row["task"] in ("refactor", "completion"), row["reasons"]
    assert row["completion_tokens"] > 0 and row["cost_usd"] == 0
    assert scripted.received == []


async def test_aider_edits_a_file_when_its_model_is_mapped_to_the_frontier(
    tmp_path: Path, project: Path, scripted: ScriptedGateway
) -> None:
    config = {"models": {"gpt-4o": "sidecar/frontier"}}
    finished, sidecar = await run_through_sidecar("aider", tmp_path, project, scripted, config)
    assert finished.returncode == 0, failure(finished, sidecar)
    assert (project / "hello.txt").read_text() == "hi\n"  # from the SEARCH/REPLACE block
    [row] = sidecar.rows()
    assert (row["route"], row["model"]) == ("frontier", "gpt-5")
    assert "model 'gpt-4o' forces frontier ([models] 'gpt-4o')" in row["reasons"]
