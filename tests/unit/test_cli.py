from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from sidecar.cli import main
from sidecar.ledger.store import CallRecord, Ledger


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_route_prints_the_decision(tmp_path: Path) -> None:
    body = {
        "model": "sidecar/auto",
        "messages": [
            {
                "role": "user",
                "content": "Review this handler for race conditions:\n```go\nfunc h() {\n\tmu.Lock()\n}\n```",
            }
        ],
    }
    path = tmp_path / "req.json"
    path.write_text(json.dumps(body))
    code, out = run("route", str(path))
    decision = json.loads(out)
    assert code == 0
    assert (decision["task"], decision["route"]) == ("review", "local")
    assert decision["model"] == "SmolLM2-135M-Instruct.Q4_1" and decision["reasons"]


def test_route_accepts_completions_and_wrapped_bodies(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text(
        json.dumps({"endpoint": "/v1/completions", "body": {"prompt": "def f(", "suffix": ")"}})
    )
    assert json.loads(run("route", str(path))[1])["task"] == "completion"


def test_route_reports_bad_files_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text("{oops")
    result = CliRunner().invoke(main, ["route", str(path)])
    assert result.exit_code == 1 and "not valid JSON" in result.output
    path.write_text(json.dumps({"messages": "x"}))
    result = CliRunner().invoke(main, ["route", str(path)])
    assert result.exit_code == 1 and "Invalid 'messages'" in result.output


BASE = CallRecord(
    ts="2026-11-20T09:00:00.000+00:00",
    request_id="r",
    developer="ann",
    app="aider",
    endpoint="/v1/chat/completions",
    requested_model="sidecar/auto",
    outcome="ok",
    status=200,
)


def _ledger(tmp_path: Path) -> None:
    ledger = Ledger(Path(os.environ["SIDECAR_DATA_DIR"]) / "ledger.sqlite3")
    ledger.record(
        replace(
            BASE,
            task="refactor",
            route="local",
            model="smol",
            prompt_tokens=1000,
            completion_tokens=100,
            frontier_cost_usd=0.00225,
        )
    )
    ledger.record(
        replace(
            BASE,
            ts="2026-11-21T09:00:00.000+00:00",
            developer="bob",
            task="planning",
            route="frontier",
            model="gpt-5",
            prompt_tokens=2000,
            completion_tokens=500,
            cost_usd=0.0075,
            frontier_cost_usd=0.0075,
        )
    )
    ledger.record(
        replace(
            BASE,
            ts="2026-11-21T10:00:00.000+00:00",
            developer="bob",
            outcome="rejected",
            status=400,
        )
    )
    ledger.close()


def test_report_table_json_and_csv(tmp_path: Path) -> None:
    _ledger(tmp_path)
    code, out = run("report", "--by", "developer")
    assert code == 0 and "ann" in out and "bob" in out and "total" in out
    code, out = run("report", "--by", "task", "--format", "json")
    data = json.loads(out)
    assert data["total"]["calls"] == 3 and data["total"]["failed"] == 1
    assert data["total"]["local_share"] == 0.5
    assert data["total"]["saving_usd"] == 0.00225
    code, out = run("report", "--since", "2026-11-21", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("group,calls") and lines[-1].startswith("total,2,1,")


def test_report_without_a_ledger_says_what_to_do() -> None:
    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 1 and "sidecar serve" in result.output


def test_report_rejects_a_bad_date(tmp_path: Path) -> None:
    _ledger(tmp_path)
    result = CliRunner().invoke(main, ["report", "--since", "last week"])
    assert result.exit_code == 2 and "ISO date" in result.output


def test_token_and_config_commands(tmp_path: Path) -> None:
    code, token = run("token")
    assert code == 0 and token.strip() == run("token")[1].strip()
    assert run("config", "path")[1].strip().endswith("config.toml")
    assert json.loads(run("config", "show")[1])["server"]["port"] == 8787


def test_invalid_config_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    Path(os.environ["SIDECAR_CONFIG"]).parent.mkdir(parents=True, exist_ok=True)
    Path(os.environ["SIDECAR_CONFIG"]).write_text("[server]\nport = 'x'\n")
    result = CliRunner().invoke(main, ["config", "show"])
    assert result.exit_code == 1 and "server.port" in result.output


def test_report_warns_of_an_unpriced_gateway_model_and_shows_budgets(tmp_path: Path) -> None:
    _ledger(tmp_path)
    config = Path(os.environ["SIDECAR_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        '[gateway]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "house-model-7"\n'
        '[identity]\ndeveloper = "ann"\n[budgets]\ndaily_usd = 0.001\nmonthly_usd = 100.0\n'
    )
    result = CliRunner().invoke(main, ["report", "--format", "json"])
    assert result.exit_code == 0
    assert "warning: gateway.model 'house-model-7' has no price" in result.stderr
    assert '[pricing."house-model-7"]' in result.stderr
    assert "budget developer monthly: $0.00 of $100.00 (0%)" in result.stderr
    json.loads(result.stdout)  # the report itself stays machine-readable on stdout


def test_report_by_redaction_groups_calls_by_the_kinds_of_secret_replaced(tmp_path: Path) -> None:
    ledger = Ledger(Path(os.environ["SIDECAR_DATA_DIR"]) / "ledger.sqlite3")
    for redactions in ({}, {"aws_access_key": 2, "github_token": 1}, {"github_token": 1}):
        ledger.record(replace(BASE, ts="2026-12-01T09:00:00.000+00:00", redactions=redactions))
    ledger.close()
    code, out = run("report", "--by", "redaction", "--format", "json")
    assert code == 0
    groups = {g["group"]: g["calls"] for g in json.loads(out)["groups"]}
    assert groups == {"none": 1, "aws_access_key+github_token": 1, "github_token": 1}
