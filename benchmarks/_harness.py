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

REPO_ROOT = Path(os.environ.get("SIDECAR_BENCH_TREE") or Path(__file__).resolve().parent.parent)
"""Where ``sidecar`` and ``tests`` are imported from: this checkout, or another one named by
``SIDECAR_BENCH_TREE`` (a benchmark's A/B run serves a second sidecar from it)."""
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from sidecar.backends.local import LocalBackend  # noqa: E402
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


async def start_sidecar(
    tmp: Path,
    settings: Settings,
    *,
    in_process_model: bool = False,
    handler_cancellation: bool = False,
) -> RunningSidecar:
    """Start the sidecar in-process, as tests/conftest.py does.

    ``in_process_model`` serves the local model from a ``LocalBackend`` in this process
    instead of the daemon's worker process, for scripts that instrument the model;
    ``handler_cancellation`` is what ``sidecar serve`` sets on its runner.
    """
    app = create_app(
        settings,
        token=TOKEN,
        ledger_path=str(tmp / "ledger.sqlite3"),
        developer="bench",
        gateway_key="k",
        in_process_local=LocalBackend(settings.local) if in_process_model else None,
    )
    runner = web.AppRunner(
        app, access_log=None, shutdown_timeout=0.5, handler_cancellation=handler_cancellation
    )
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


class CpuMeter:
    """Measure CPU time used on this machine by anything but this process and its children.

    Reads ``/proc/stat`` (user + nice + system jiffies of all CPUs, and steal) and
    subtracts this process's own CPU time (children count once they have been waited
    for), so a noisy neighbour shows up next to the results instead of hiding in them.
    """

    def __init__(self) -> None:
        self._tick = os.sysconf("SC_CLK_TCK")
        self._busy, self._steal = self._machine()
        self._own = self._own_cpu()

    def _machine(self) -> tuple[float, float]:
        try:
            fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return math.nan, math.nan
        user, nice, system = (int(v) for v in fields[:3])
        steal = int(fields[7]) if len(fields) > 7 else 0
        return (user + nice + system) / self._tick, steal / self._tick

    @staticmethod
    def _own_cpu() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def others(self) -> float:
        """Return CPU-seconds used by other processes since construction."""
        busy, _ = self._machine()
        return max(0.0, busy - self._busy - (self._own_cpu() - self._own))

    def report(self) -> str:
        """Return 'other processes used X CPU-s, steal Y s' since construction."""
        others = self.others()
        _, steal = self._machine()
        return (
            f"CPU used by other processes during the run: {others:.1f} CPU-s; "
            f"hypervisor steal: {steal - self._steal:.1f} s"
        )


def wait_for_quiet(max_wait_s: float = 60.0, busy_limit: float = 0.1) -> str:
    """Wait until other processes use under ``busy_limit`` CPUs for a whole second.

    Returns a note for the report: how long it waited, or that it gave up.
    """
    started = time.monotonic()
    while True:
        meter = CpuMeter()
        time.sleep(1.0)
        load = meter.others()
        if load < busy_limit:
            return f"machine quiet after {time.monotonic() - started:.0f} s of waiting"
        if time.monotonic() - started > max_wait_s:
            return f"machine still busy ({load:.2f} CPUs used by others) after {max_wait_s:.0f} s"


def fmt(value: float, digits: int = 1) -> str:
    """Format a number for a table cell."""
    if math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"
