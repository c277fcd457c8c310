from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from sidecar.config import Settings, load_settings
from sidecar.daemon import stop_daemon
from sidecar.ledger.store import Ledger
from sidecar.server.http import create_app
from tests.support.standin import StandinGateway

TOKEN = "sk-sidecar-test-token"
DEVELOPER = "dev@example.com"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Never touch the real config dir, ledger, keyring or daemon; stop a test's daemon."""
    monkeypatch.setenv("SIDECAR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SIDECAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIDECAR_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("SIDECAR_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("SIDECAR_GATEWAY_API_KEY", "gw-test-key")
    yield tmp_path
    stop_daemon()  # one a test's `sidecar lsp` started (it would exit when idle anyway)


def write_config(tmp_path: Path, text: str, server: str = "") -> Path:
    """Write the config file the daemon reads (``SIDECAR_CONFIG``), with the port set to 0.

    ``server`` holds more lines of the ``[server]`` table; ``text`` the other tables.
    """
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[server]\nport = 0\n{server}{text}", encoding="utf-8")
    return path


@pytest.fixture
async def gateway() -> AsyncIterator[StandinGateway]:
    standin = StandinGateway()
    await standin.start()
    yield standin
    await standin.close()


@dataclass
class Sidecar:
    url: str
    base_url: str
    ledger_path: Path
    settings: Settings

    def rows(self) -> list[dict[str, Any]]:
        ledger = Ledger(self.ledger_path)
        try:
            return list(ledger.rows())
        finally:
            ledger.close()


async def start_sidecar(tmp_path: Path, overrides: dict[str, Any]) -> tuple[web.AppRunner, Sidecar]:
    settings = load_settings(tmp_path / "none.toml", overrides)
    ledger_path = tmp_path / "ledger.sqlite3"
    app = create_app(
        settings,
        token=TOKEN,
        ledger_path=str(ledger_path),
        developer=DEVELOPER,
        gateway_key="gw-test-key",
    )
    # As `sidecar serve` runs it: a handler is cancelled when its client disconnects.
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}"
    return runner, Sidecar(url, url + "/v1", ledger_path, settings)


@pytest.fixture
async def sidecar(tmp_path: Path, gateway: StandinGateway) -> AsyncIterator[Sidecar]:
    """sidecar serve on the bundled model, with the stand-in as its gateway."""
    runner, handle = await start_sidecar(
        tmp_path,
        {
            "gateway": {
                "base_url": gateway.url,
                "max_retries": 2,
                "retry_max_wait_s": 2,
                "read_timeout_s": 1.5,
                "connect_timeout_s": 1,
            },
        },
    )
    yield handle
    await runner.cleanup()


@pytest.fixture
async def sidecar_no_gateway(tmp_path: Path) -> AsyncIterator[Sidecar]:
    runner, handle = await start_sidecar(tmp_path, {})
    yield handle
    await runner.cleanup()
