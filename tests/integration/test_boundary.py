"""The data boundary on real HTTP: secrets never reach the gateway, answers come back whole.

A recording stand-in gateway echoes the last message (as a model repeating code would);
every endpoint, streamed or not, pass-through and translated: no secret value is in any
body the gateway received, the client sees the real values, and the ledger row counts what
was redacted. A request naming a never-escalate file stays local (or is refused).
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest import TOKEN, Sidecar, start_sidecar
from tests.support.standin import StandinGateway

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _token(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


AWS_ID = "AKIA" + _token(string.ascii_uppercase + string.digits, 16)
AWS_SECRET = _token(string.ascii_letters + string.digits + "/+", 40)
GITHUB = "ghp_" + _token(string.ascii_letters + string.digits, 36)
DB_PASSWORD = _token(string.ascii_letters + string.digits, 24)
SECRETS = (AWS_ID, AWS_SECRET, GITHUB, DB_PASSWORD)
CODE = (
    "Plan how to split this deploy script into modules:\n```python\n"
    f'AWS_ACCESS_KEY_ID = "{AWS_ID}"\nAWS_SECRET_ACCESS_KEY = "{AWS_SECRET}"\n'
    f'GITHUB_TOKEN = "{GITHUB}"\n'
    f'DATABASE_URL = "postgres://deploy:{DB_PASSWORD}@db.internal:5432/app"\n'
    "def deploy(env):\n    upload(env)\n```"
)
BODIES: dict[str, dict[str, Any]] = {
    "/v1/chat/completions": {"messages": [{"role": "user", "content": CODE}]},
    "/v1/messages": {"max_tokens": 300, "messages": [{"role": "user", "content": CODE}]},
    "/v1/responses": {"input": CODE},
}


@pytest.fixture(params=["openai", "both"])
async def guarded(
    request: pytest.FixtureRequest, tmp_path: Path, gateway: StandinGateway
) -> AsyncIterator[Sidecar]:
    gateway.echo = True
    runner, sidecar = await start_sidecar(
        tmp_path, {"gateway": {"base_url": gateway.url, "api": request.param}}
    )
    yield sidecar
    await runner.cleanup()


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("path", list(BODIES))
async def test_no_secret_reaches_the_gateway_and_answers_are_restored(
    guarded: Sidecar, gateway: StandinGateway, path: str, stream: bool
) -> None:
    body = {**BODIES[path], "model": "sidecar/frontier", "stream": stream}
    async with (
        aiohttp.ClientSession() as http,
        http.post(guarded.url + path, json=body, headers=AUTH) as response,
    ):
        answer = await response.text()
        assert response.status == 200, answer
    [received] = gateway.received
    sent = json.dumps(received.body)
    for value in SECRETS:
        assert value not in sent, f"{value[:6]}... reached the gateway"
    assert "SIDECAR_SECRET_" in sent
    for value in SECRETS:  # the echo comes back with the real values
        assert json.dumps(value)[1:-1] in answer or value in answer
    assert "SIDECAR_SECRET_" not in answer
    [row] = guarded.rows()
    assert row["route"] == "frontier" and sum(row["redactions"].values()) >= len(SECRETS)
    assert not any(value in json.dumps(row) for value in SECRETS)


async def test_a_secret_in_a_tool_result_is_redacted_too(
    guarded: Sidecar, gateway: StandinGateway
) -> None:
    body = {
        "model": "sidecar/frontier",
        "messages": [
            {"role": "user", "content": "Why does the deploy fail?"},
            {"role": "assistant", "content": "", "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "read_file", "arguments": '{"path": "deploy/config.py"}'},
            }]},
            {"role": "tool", "tool_call_id": "call_1", "content": CODE},
        ],
    }  # fmt: skip
    async with (
        aiohttp.ClientSession() as http,
        http.post(guarded.base_url + "/chat/completions", json=body, headers=AUTH) as response,
    ):
        answer = await response.text()
        assert response.status == 200, answer
    assert gateway.received, answer
    sent = json.dumps(gateway.received[0].body)
    assert not any(value in sent for value in SECRETS)


def _env_read(model: str) -> dict[str, Any]:
    return {
        "model": model,
        "messages": [
            {"role": "user", "content": "Plan the migration of our settings to Vault."},
            {"role": "assistant", "content": "", "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "read_file", "arguments": '{"path": "services/api/.env"}'},
            }]},
            {"role": "tool", "tool_call_id": "call_1", "content": "API_MODE=strict\n"},
        ],
    }  # fmt: skip


async def test_a_request_naming_a_never_escalate_file_stays_local(
    tmp_path: Path, gateway: StandinGateway
) -> None:
    runner, sidecar = await start_sidecar(tmp_path, {"gateway": {"base_url": gateway.url}})
    try:
        async with aiohttp.ClientSession() as http:
            body = {**_env_read("sidecar/frontier"), "max_tokens": 4}
            async with http.post(
                sidecar.base_url + "/chat/completions", json=body, headers=AUTH
            ) as r:
                answer = await r.json()
            assert r.status == 200 and answer["sidecar"]["route"] == "local"
            assert any("services/api/.env never leaves" in x for x in answer["sidecar"]["reasons"])
            plan = {
                "model": "sidecar/auto", "max_tokens": 4,
                "messages": [{"role": "user", "content": "Plan a rewrite of this module."}],
            }  # fmt: skip
            headers = {**AUTH, "X-Sidecar-Files": "/home/me/app/secrets/prod.yaml"}
            async with http.post(
                sidecar.base_url + "/chat/completions", json=plan, headers=headers
            ) as r:
                answer = await r.json()
            assert answer["sidecar"]["route"] == "local"
        assert gateway.received == []
    finally:
        await runner.cleanup()


async def test_never_escalate_can_refuse(tmp_path: Path, gateway: StandinGateway) -> None:
    runner, sidecar = await start_sidecar(
        tmp_path,
        {"gateway": {"base_url": gateway.url}, "boundary": {"on_never_escalate": "refuse"}},
    )
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                sidecar.base_url + "/chat/completions",
                json=_env_read("sidecar/frontier"),
                headers=AUTH,
            ) as r,
        ):
            answer = await r.json()
        assert r.status == 403 and answer["error"]["code"] == "never_escalate"
        assert gateway.received == []
        [row] = sidecar.rows()
        assert row["outcome"] == "rejected" and row["status"] == 403
    finally:
        await runner.cleanup()
