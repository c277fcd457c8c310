"""Shared plumbing for the benchmark scripts (not a benchmark itself).

Everything here is loopback-only and writes only under a temporary directory: the
sidecar's config, data and ledger directories are pointed there before any sidecar code
reads them.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from sidecar.config import Settings, load_settings  # noqa: E402
from sidecar.server.http import create_app  # noqa: E402
from tests.conftest import TOKEN  # noqa: E402

# Environment variables that would change the settings under test if inherited.
_SETTING_ENV = (
    "SIDECAR_PORT",
    "SIDECAR_MODEL_PATH",
    "SIDECAR_GATEWAY_URL",
    "SIDECAR_GATEWAY_MODEL",
)

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@contextmanager
def isolated_dirs(prefix: str) -> Iterator[Path]:
    """Point every sidecar directory at a fresh temporary directory for the block."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        tmp = Path(name)
        os.environ["SIDECAR_CONFIG_DIR"] = str(tmp / "config")
        os.environ["SIDECAR_DATA_DIR"] = str(tmp / "data")
        os.environ["SIDECAR_CONFIG"] = str(tmp / "config" / "config.toml")
        for key in _SETTING_ENV:
            os.environ.pop(key, None)
        yield tmp


def bench_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Return default settings plus ``overrides`` (no config file is read)."""
    return load_settings(Path("/nonexistent.toml"), overrides or {})


@dataclass
class RunningSidecar:
    """A sidecar served in this process on 127.0.0.1 (port picked by the OS)."""

    runner: web.AppRunner
    url: str
    app: web.Application

    async def close(self) -> None:
        """Stop the server and run the app's cleanup (closes the model and ledger)."""
        await self.runner.cleanup()


async def start_sidecar(tmp: Path, settings: Settings) -> RunningSidecar:
    """Start the sidecar in-process, as tests/conftest.py does."""
    app = create_app(
        settings,
        token=TOKEN,
        ledger_path=str(tmp / "ledger.sqlite3"),
        developer="bench",
        gateway_key="k",
    )
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return RunningSidecar(runner, f"http://127.0.0.1:{port}", app)


async def sse_data(response: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    """Yield the raw payload of each ``data:`` line of a server-sent event stream."""
    async for line in response.content:
        if line.startswith(b"data:"):
            yield line[5:].strip()


def parse_event(payload: bytes) -> dict[str, Any] | None:
    """Return the JSON object of one event, or None for ``[DONE]``."""
    if payload == b"[DONE]":
        return None
    value = json.loads(payload)
    assert isinstance(value, dict)
    return value


def delta_text(event: dict[str, Any]) -> str:
    """Return the content text of a chat chunk event ('' when it has none)."""
    for choice in event.get("choices") or ():
        content = (choice.get("delta") or {}).get("content")
        if content:
            return str(content)
    return ""


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile (0..100), linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    """Return the median."""
    return percentile(values, 50.0)


def machine_summary() -> str:
    """Return a one-line description of this machine and the software under test."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import llama_cpp

        llama = f"llama-cpp-python {llama_cpp.__version__}"
    except ImportError:
        llama = "llama-cpp-python missing"
    return (
        f"{time.strftime('%Y-%m-%d %H:%M %Z')} | {os.cpu_count()} CPUs ({cpu}) | "
        f"Python {platform.python_version()} | aiohttp {aiohttp.__version__} | {llama}"
    )


def fmt(value: float, digits: int = 1) -> str:
    """Format a number for a table cell."""
    if math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"
