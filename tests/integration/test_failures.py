"""Gateway failures, fallback, bad input, access control: what the client gets, what is recorded."""

from __future__ import annotations

import io
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.conftest import TOKEN, Sidecar
from tests.support.standin import StandinGateway

PLANNING = {
    "model": "sidecar/auto",
    "messages": [
        {
            "role": "user",
            "content": "Design the architecture for multi-tenant billing: "
            "plan the services and trade-offs.",
        }
    ],
}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    http: aiohttp.ClientSession,
    sidecar: Sidecar,
    body: Any,
    *,
    path: str = "/v1/chat/completions",
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    data = io.BytesIO(raw if raw is not None else json.dumps(body).encode())
    async with http.post(
        sidecar.url + path, data=data, headers=AUTH if headers is None else headers
    ) as response:
        return response.status, await response.json(), dict(response.headers)


async def test_gateway_500_falls_back_to_local_marked_degraded(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("status", 500, times=3)
    status, body, headers = await post(http, sidecar, {**PLANNING, "max_tokens": 8})
    assert status == 200
    assert headers["X-Sidecar-Route"] == "local"
    assert body["sidecar"]["degraded"] is True
    assert len(gateway.received) == 3  # first try + 2 retries
    [row] = sidecar.rows()
    assert row["outcome"] == "degraded" and row["route"] == "local" and row["task"] == "planning"
    assert row["fallback"].startswith("frontier->local: gateway returned HTTP 500")


async def test_429_retry_after_is_honoured(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("status", 429, retry_after="1")
    started = time.monotonic()
    status, body, _ = await post(http, sidecar, PLANNING)
    assert status == 200 and body["model"] == "gpt-5"
    first, second = gateway.received
    assert second.at - first.at >= 0.95
    assert time.monotonic() - started < 5
    [row] = sidecar.rows()
    assert row["outcome"] == "ok" and row["route"] == "frontier"


async def test_hanging_gateway_times_out_and_falls_back(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("hang", times=3)
    status, body, _ = await post(http, sidecar, {**PLANNING, "max_tokens": 4, "stream": False})
    assert status == 200 and body["sidecar"]["route"] == "local"
    [row] = sidecar.rows()
    assert row["outcome"] == "degraded" and "TimeoutError" in row["fallback"]


async def test_one_deadline_covers_retries_then_the_call_falls_back(
    http: aiohttp.ClientSession, tmp_path: Any, gateway: StandinGateway
) -> None:
    from tests.conftest import start_sidecar

    gateway.fail_next("hang", times=3)
    runner, sidecar = await start_sidecar(tmp_path, {"gateway": {
        "base_url": gateway.url, "read_timeout_s": 30, "max_retries": 2, "total_timeout_s": 1,
    }})  # fmt: skip
    try:
        started = time.monotonic()
        status, body, _ = await post(http, sidecar, {**PLANNING, "max_tokens": 4})
        assert time.monotonic() - started < 5  # not 3 x 30 s
        assert status == 200 and body["sidecar"]["route"] == "local"
        [row] = sidecar.rows()
        assert "no answer within 1 s (gateway.total_timeout_s)" in row["fallback"]
    finally:
        await runner.cleanup()


async def test_a_streaming_client_gets_headers_and_keepalives_while_the_gateway_hangs(
    http: aiohttp.ClientSession, tmp_path: Any, gateway: StandinGateway
) -> None:
    from tests.conftest import start_sidecar

    gateway.fail_next("hang")
    runner, sidecar = await start_sidecar(tmp_path, {"gateway": {
        "base_url": gateway.url, "max_retries": 0, "total_timeout_s": 9,
    }})  # fmt: skip
    try:
        body = {**PLANNING, "stream": True, "max_tokens": 4}
        started = time.monotonic()
        async with http.post(sidecar.base_url + "/chat/completions", json=body, headers=AUTH) as r:
            headers_after = time.monotonic() - started
            assert r.status == 200 and r.headers["Content-Type"] == "text/event-stream"
            text = await r.text()
        assert headers_after < 8  # the headers did not wait for the 9 s deadline
        assert text.startswith(": waiting for the model\n\n")
        assert text.rstrip().endswith("data: [DONE]")
        assert '"route": "local"' in text  # the fallback's answer says where it came from
        [row] = sidecar.rows()
        assert row["outcome"] == "degraded" and "total_timeout_s" in row["fallback"]
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("stream", [False, True])
async def test_a_gateway_answer_of_the_wrong_shape_falls_back(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway, stream: bool
) -> None:
    gateway.fail_next("shape")
    body = {**PLANNING, "max_tokens": 4, "stream": stream}
    async with http.post(sidecar.url + "/v1/chat/completions", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        assert resp.headers["X-Sidecar-Route"] == "local"
        await resp.read()
    [row] = sidecar.rows()
    assert row["outcome"] == "degraded"
    # The stream parser skips events it cannot read, so that stream ends unfinished.
    assert ("without a finish reason" if stream else "wrong shape") in row["fallback"]


async def test_stream_fallback_before_first_byte(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("status", 503, times=3)
    body = {**PLANNING, "stream": True, "max_tokens": 6}
    async with http.post(sidecar.url + "/v1/chat/completions", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        # The route header, unless the retries took longer than the keep-alive threshold
        # (a loaded machine): then the stream started early and the body says it.
        route = resp.headers.get("X-Sidecar-Route")
        text = await resp.text()
    assert route == "local" or (route is None and text.startswith(": waiting"))
    assert '"route": "local"' in text
    assert text.rstrip().endswith("data: [DONE]")
    [row] = sidecar.rows()
    assert row["outcome"] == "degraded" and row["stream"] == 1


async def test_stream_cut_mid_way_is_an_error_event_and_recorded(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    gateway.fail_next("cut")
    body = {**PLANNING, "stream": True}
    async with http.post(sidecar.url + "/v1/chat/completions", json=body, headers=AUTH) as resp:
        assert resp.status == 200
        events = [
            line[6:] for line in (await resp.text()).splitlines() if line.startswith("data: ")
        ]
    assert json.loads(events[1])["choices"][0]["delta"]["content"]
    assert "error" in json.loads(events[-1])
    [row] = sidecar.rows()
    assert row["outcome"] == "error" and row["route"] == "frontier"
    assert "stream" in row["error"]


async def test_no_gateway_planning_is_served_locally_degraded(
    http: aiohttp.ClientSession, sidecar_no_gateway: Sidecar
) -> None:
    status, body, _ = await post(http, sidecar_no_gateway, {**PLANNING, "max_tokens": 4})
    assert status == 200 and body["sidecar"]["degraded"] is True
    assert "no gateway configured: served locally (degraded)" in body["sidecar"]["reasons"]
    [row] = sidecar_no_gateway.rows()
    assert row["outcome"] == "degraded"


@pytest.mark.parametrize(
    ("payload", "status", "param"),
    [
        (b"{not json", 400, None),
        (b"[1, 2]", 400, None),
        (json.dumps({"model": "sidecar/auto"}).encode(), 400, "messages"),
        (json.dumps({"messages": "hello"}).encode(), 400, "messages"),
        (
            json.dumps({"messages": [{"role": "wizard", "content": "x"}]}).encode(),
            400,
            "messages[0].role",
        ),
        (
            json.dumps({"messages": [{"role": "user", "content": 5}]}).encode(),
            400,
            "messages[0].content",
        ),
        (
            json.dumps(
                {"messages": [{"role": "user", "content": "x"}], "max_tokens": "9"}
            ).encode(),
            400,
            "max_tokens",
        ),
        (
            json.dumps({"messages": [{"role": "user", "content": "x"}], "temperature": 9}).encode(),
            400,
            "temperature",
        ),
        (json.dumps({"messages": [{"role": "user", "content": "x"}], "n": 3}).encode(), 400, "n"),
        (
            json.dumps(
                {"model": "sidecar/turbo", "messages": [{"role": "user", "content": "x"}]}
            ).encode(),
            400,
            "model",
        ),
    ],
)
async def test_bad_input_gets_openai_error_and_is_recorded(
    http: aiohttp.ClientSession, sidecar: Sidecar, payload: bytes, status: int, param: str | None
) -> None:
    got, body, _ = await post(http, sidecar, None, raw=payload)
    assert got == status
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["param"] == param
    [row] = sidecar.rows()
    assert row["outcome"] == "rejected" and row["status"] == status


async def test_body_over_the_limit_is_413(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    big = {"messages": [{"role": "user", "content": "x" * (9 * 1024 * 1024)}]}
    status, body, _ = await post(http, sidecar, big)
    assert status == 413 and body["error"]["code"] == "request_too_large"
    assert sidecar.rows()[0]["outcome"] == "rejected"


async def test_completions_needs_a_prompt(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    status, body, _ = await post(http, sidecar, {"suffix": "x"}, path="/v1/completions")
    assert status == 400 and body["error"]["param"] == "prompt"


async def test_token_is_required(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"x-api-key": "nope"}):
        status, body, _ = await post(http, sidecar, PLANNING, headers=headers)
        assert status == 401 and body["error"]["type"] == "authentication_error"
    status, _, _ = await post(
        http,
        sidecar,
        {**PLANNING, "max_tokens": 2},
        headers={"x-api-key": TOKEN, "X-Sidecar-Dry-Run": "1"},
    )
    assert status == 200
    assert sidecar.rows() == []  # refused requests write nothing
    async with http.get(sidecar.url + "/healthz") as response:
        assert (await response.json())["refused"] == 3


async def test_a_flood_without_a_token_or_from_a_web_page_costs_no_row(
    http: aiohttp.ClientSession, sidecar: Sidecar
) -> None:
    for i in range(200):  # a text/plain no-cors POST, as any web page can send
        async with http.post(
            sidecar.base_url + "/chat/completions",
            data=json.dumps(PLANNING),
            headers={"Content-Type": "text/plain", "X-Sidecar-App": f"app-{i}"},
        ) as response:
            assert response.status == 401
    for origin in ("https://evil.example", "null", "http://127.0.0.1.evil.example"):
        status, body, _ = await post(http, sidecar, PLANNING, headers={**AUTH, "Origin": origin})
        assert status == 403 and body["error"]["code"] == "forbidden_origin"
    async with http.options(
        sidecar.base_url + "/chat/completions",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    ) as response:
        assert response.status >= 400
        assert "Access-Control-Allow-Origin" not in response.headers
    status, _, _ = await post(
        http, sidecar, {**PLANNING, "max_tokens": 1},
        headers={**AUTH, "Origin": "http://localhost:8787", "X-Sidecar-Dry-Run": "1"},
    )  # fmt: skip
    assert status == 200
    status, _, _ = await post(http, sidecar, PLANNING, headers={"Authorization": "Bearer é\udcff"})
    assert status == 401
    assert sidecar.rows() == []


async def test_non_loopback_host_is_refused(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    status, body, _ = await post(http, sidecar, PLANNING, headers={**AUTH, "Host": "evil.example"})
    assert status == 403 and body["error"]["code"] == "forbidden_host"
    async with http.get(sidecar.url + "/healthz", headers={"Host": "localhost:1234"}) as resp:
        assert resp.status == 200


async def test_dry_run_returns_the_decision_without_calling_a_backend(
    http: aiohttp.ClientSession, sidecar: Sidecar, gateway: StandinGateway
) -> None:
    status, body, headers = await post(
        http, sidecar, PLANNING, headers={**AUTH, "X-Sidecar-Dry-Run": "1"}
    )
    assert status == 200
    assert set(body) == {"task", "route", "model", "reasons"}
    assert (body["task"], body["route"], body["model"]) == ("planning", "frontier", "gpt-5")
    assert headers["X-Sidecar-Route"] == "frontier"
    assert gateway.received == [] and sidecar.rows() == []


async def test_healthz_reports_each_backend(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    async with http.get(sidecar.url + "/healthz") as resp:
        body = await resp.json()
    assert resp.status == 200
    assert body["local"]["status"] == "ok" and body["local"]["fim_template"] is None
    assert body["gateway"]["status"] == "ok" and body["gateway"]["model"] == "gpt-5"


async def test_a_spent_budget_serves_frontier_work_locally_and_refuses_forced_frontier(
    http: aiohttp.ClientSession, tmp_path: Any, gateway: StandinGateway
) -> None:
    from tests.conftest import start_sidecar

    runner, sidecar = await start_sidecar(
        tmp_path, {"gateway": {"base_url": gateway.url}, "budgets": {"daily_usd": 0.0}}
    )
    try:
        status, body, headers = await post(http, sidecar, {**PLANNING, "max_tokens": 4})
        assert status == 200 and headers["X-Sidecar-Route"] == "local"
        assert body["sidecar"]["degraded"] is True
        assert any(
            r.startswith("budget: developer daily limit $0.00") for r in body["sidecar"]["reasons"]
        )
        status, body, _ = await post(http, sidecar, {**PLANNING, "model": "sidecar/frontier"})
        assert status == 429 and body["error"]["code"] == "budget_exceeded"
        assert body["error"]["type"] == "insufficient_quota"
        assert gateway.received == []
        assert [r["outcome"] for r in sidecar.rows()] == ["degraded", "rejected"]
    finally:
        await runner.cleanup()


async def test_deeply_nested_json_is_a_400(http: aiohttp.ClientSession, sidecar: Sidecar) -> None:
    nested = b'{"messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, body, _ = await post(http, sidecar, None, raw=nested)
    assert status == 400 and body["error"]["code"] == "invalid_json"
    async with http.get(sidecar.url + "/healthz") as response:
        assert response.status == 200
