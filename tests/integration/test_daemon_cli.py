"""The daemon from the command line: serve, a second serve, doctor, stop, and discovery.

Real processes (``sidecar serve``, ``sidecar doctor``, ``sidecar stop``) on the bundled
model with the stand-in as gateway; the discovery file in the test's runtime dir.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from sidecar.config import load_settings
from sidecar.daemon import (
    DaemonInfo,
    discovery_path,
    ensure_daemon,
    read_discovery,
    write_discovery,
)
from sidecar.errors import DaemonError
from sidecar.lsp.client import DaemonClient
from tests.conftest import write_config
from tests.support.standin import StandinGateway, ThreadedStandin

SIDECAR = [sys.executable, "-m", "sidecar"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SIDECAR, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def gateway_url() -> Iterator[str]:
    with ThreadedStandin(StandinGateway()) as gw:
        yield gw.url


@pytest.fixture
def daemon(tmp_path: Path, gateway_url: str) -> Iterator[DaemonInfo]:
    write_config(tmp_path, f'[gateway]\nbase_url = "{gateway_url}"\n')
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:  # a pipe would fill with llama.cpp's load log and block it
        proc = subprocess.Popen([*SIDECAR, "serve"], stdout=subprocess.DEVNULL, stderr=out)
    try:
        deadline = time.monotonic() + 90
        while (info := read_discovery()) is None:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"sidecar serve did not start\n{log.read_text()}"
            time.sleep(0.05)
        yield info
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_publishes_itself_and_refuses_a_second_daemon(daemon: DaemonInfo) -> None:
    path = Path(os.environ["SIDECAR_RUNTIME_DIR"]) / "daemon.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert daemon.started_by == "user" and daemon.url.startswith("http://127.0.0.1:")
    second = run("serve")
    assert second.returncode == 1
    assert f"sidecar is already running at {daemon.url}/v1 (pid {daemon.pid}" in second.stderr
    assert "Traceback" not in second.stderr


def test_doctor_reports_every_part_and_never_prints_the_key(daemon: DaemonInfo) -> None:
    done = run("doctor")
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    lines = {line[7:].split()[0]: line for line in out.splitlines() if line.startswith("[")}
    assert lines["daemon"].startswith("[  ok]") and daemon.url in lines["daemon"]
    assert "SmolLM2-135M-Instruct" in lines["model"] and "n_ctx 4096" in lines["model"]
    assert "0 restarts" in lines["worker"]
    assert "tokens/s" in lines["probe"] and lines["probe"].startswith("[  ok]")
    assert "reachable (HTTP 200); key present" in lines["gateway"]
    assert lines["token"].startswith("[  ok]") and lines["ledger"].startswith("[  ok]")
    assert f"OPENAI_BASE_URL={daemon.url}/v1" in out
    assert "gw-test-key" not in out + done.stderr


def test_doctor_without_a_daemon_says_how_to_start_one(tmp_path: Path) -> None:
    write_config(tmp_path, "")
    done = run("doctor", "--no-probe")
    assert done.returncode == 1
    assert "[fail] daemon     not running" in done.stdout
    assert "`sidecar serve` starts it" in done.stdout


def test_stop_stops_the_daemon(daemon: DaemonInfo) -> None:
    done = run("stop")
    assert done.returncode == 0 and f"pid {daemon.pid}" in done.stdout
    assert read_discovery() is None
    again = run("stop")
    assert again.returncode == 0 and "not running" in again.stdout


async def test_a_daemon_of_another_version_gets_a_clear_error(tmp_path: Path) -> None:
    app = web.Application()

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "version": "0.0.1", "pid": os.getpid()})

    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    write_discovery(DaemonInfo(os.getpid(), url, "t", "0.0.1", "editor", "2026-01-01T00:00:00"))
    try:
        started = time.monotonic()
        with pytest.raises(DaemonError) as caught:
            await ensure_daemon(load_settings())
        assert time.monotonic() - started < 5  # no hang
        assert caught.value.code == "daemon_version_mismatch"
        assert (
            "is version 0.0.1" in caught.value.message and "`sidecar stop`" in caught.value.message
        )
    finally:
        discovery_path().unlink()  # it names this process: the teardown must not stop it
        await runner.cleanup()


async def test_a_daemon_that_cannot_start_is_reported_with_its_log(tmp_path: Path) -> None:
    config = write_config(tmp_path, "[local\n")  # not valid TOML
    started = time.monotonic()
    with pytest.raises(DaemonError) as caught:
        await ensure_daemon(load_settings(tmp_path / "none.toml"))
    assert time.monotonic() - started < 30
    assert "sidecar serve exited with code 1 while starting" in caught.value.message
    assert f"{config}: not valid TOML" in caught.value.message


async def test_an_editor_does_not_start_a_failing_daemon_on_every_keystroke(
    tmp_path: Path,
) -> None:
    write_config(tmp_path, "[local\n")  # the daemon cannot start
    client = DaemonClient(load_settings(tmp_path / "none.toml"), "editor")
    with pytest.raises(DaemonError) as first:
        await client.connect()
    started = time.monotonic()
    with pytest.raises(DaemonError) as second:
        await client.connect()
    assert second.value is first.value  # remembered, not a second start
    assert time.monotonic() - started < 0.5
    await client.close()
