"""Gateway path overhead: requests through the sidecar to a stand-in gateway vs straight to it.

Processes, all on 127.0.0.1:

- the stand-in gateway (tests/support/standin.py) in a subprocess;
- the sidecar (``create_app`` on an aiohttp AppRunner, ``gateway.base_url`` = stand-in) in
  a second subprocess; it also loads the bundled local model, as ``sidecar serve`` does;
- a bare aiohttp relay to the stand-in in a third subprocess: a reference for what one
  extra aiohttp hop costs on this machine (no auth, classification, ledger or retries),
  so "sidecar - relay" is the sidecar's own logic;
- the load generator (one aiohttp ClientSession, keep-alive) in this process.

Each request is a chat completion that the classifier calls planning ("Plan the
migration ..."), sent with model ``sidecar/auto`` so it is classified, routed to the
frontier route and recorded in the ledger, exactly as a client's would be. The very same
bytes go straight to the stand-in for the baseline. Every scenario runs each path twice,
in the order direct, relay, sidecar, sidecar, relay, direct, after a warm-up of each, so
slow drifts of the machine cancel.

Scenarios: non-streaming at concurrency 1 and 20, then streaming (time to the first
content delta, and to ``[DONE]``) at concurrency 1 and 20.

CPU placement on 2 cores: the three processes are not pinned. On the direct path the
client and the stand-in share both cores; through the sidecar a third busy process
competes for them. That is the honest local picture (the sidecar's CPU is taken from the
same machine as the client's), but it means the concurrency-20 throughput ratio measures
"how much CPU does the sidecar burn per request" at least as much as latency it adds.
The table therefore also prints CPU milliseconds per request of the proxy process (sidecar
or relay, read from /proc) and of the stand-in.

Run: ``python benchmarks/gateway_overhead.py`` (about 1 minute on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from _harness import (
    AUTH,
    CpuMeter,
    bench_settings,
    delta_text,
    fmt,
    isolated_dirs,
    machine_summary,
    median,
    parse_event,
    percentile,
    sse_data,
    start_sidecar,
    wait_for_quiet,
)
from aiohttp import web
from rich.console import Console
from rich.table import Table

from tests.support.standin import StandinGateway

PLANNING = "Plan the migration of our monolith to microservices and list the trade-offs."
TARGET_ADDED_P50_MS_C1 = 1.0
TARGET_THROUGHPUT_RATIO_C20 = 0.20
SIDECAR = "sidecar"
DIRECT = "direct"
RELAY = "bare relay"
PATHS = (DIRECT, RELAY, SIDECAR)


# servers (subprocesses) ---------------------------------------------------------------


async def serve_until_stdin_closes(url: str) -> None:
    print(f"READY {url}", flush=True)
    await asyncio.to_thread(sys.stdin.read)  # the parent closes our stdin to stop us


async def serve_standin() -> None:
    """Run the stand-in gateway until stdin closes."""
    standin = StandinGateway()
    await standin.start()
    # The stand-in keeps every request it saw; nothing here needs them, so keep none.
    standin.received = _Discard()
    try:
        await serve_until_stdin_closes(standin.url)
    finally:
        await standin.close()


class _Discard(list[Any]):
    """A list that stays empty (the stand-in appends every request it receives)."""

    def append(self, item: Any) -> None:
        """Drop the item."""


async def serve_sidecar(gateway_url: str) -> None:
    """Run the sidecar with the stand-in as its gateway until stdin closes."""
    with isolated_dirs("sidecar-bench-gw-") as tmp:
        settings = bench_settings({"gateway": {"base_url": gateway_url}})
        sidecar = await start_sidecar(tmp, settings)
        try:
            await serve_until_stdin_closes(sidecar.url)
        finally:
            await sidecar.close()


async def serve_relay(gateway_url: str) -> None:
    """Run a bare aiohttp relay to the stand-in (the floor for an aiohttp proxy hop).

    It forwards the body and relays the answer (streamed chunk by chunk when the client
    asked for a stream) with the same connector settings as GatewayBackend, and does
    nothing else: no auth, classification, routing, ledger or retries.
    """
    upstream = gateway_url.rstrip("/") + "/chat/completions"
    client = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=60),
        timeout=aiohttp.ClientTimeout(total=None, connect=5, sock_read=120),
    )
    headers = {"Authorization": "Bearer k", "Content-Type": "application/json"}

    async def relay(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        async with client.post(upstream, data=body, headers=headers) as answer:
            if answer.headers.get("Content-Type", "").startswith("text/event-stream"):
                response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
                await response.prepare(request)
                async for chunk in answer.content.iter_any():
                    await response.write(chunk)
                await response.write_eof()
                return response
            return web.Response(
                body=await answer.read(), status=answer.status, content_type="application/json"
            )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", relay)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        await serve_until_stdin_closes(f"http://127.0.0.1:{runner.addresses[0][1]}")
    finally:
        await runner.cleanup()
        await client.close()


@dataclass
class Server:
    """A server subprocess started by this script."""

    name: str
    process: asyncio.subprocess.Process
    url: str

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system, all threads) the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> None:
        """Close its stdin (it shuts down cleanly), kill it if it does not."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


async def spawn(name: str, *args: str, log: Path, script: str = __file__) -> Server:
    """Start ``script`` (this one by default) in server mode and wait for its READY line."""
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            script,
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    if not line.startswith(b"READY "):
        raise RuntimeError(f"{name} did not start; see {log}")
    return Server(name, process, line.split()[1].decode())


# load generation ----------------------------------------------------------------------


@dataclass
class Measured:
    """Latencies of one path in one scenario (seconds of wall time summed over halves)."""

    latencies_ms: list[float]
    first_ms: list[float]
    wall_s: float
    cpu_s: dict[str, float]

    @property
    def rate(self) -> float:
        """Requests per second."""
        return len(self.latencies_ms) / self.wall_s


def _body(stream: bool) -> bytes:
    body: dict[str, Any] = {
        "model": "sidecar/auto",
        "messages": [{"role": "user", "content": PLANNING}],
        "max_tokens": 256,
        "stream": stream,
    }
    return json.dumps(body).encode()


async def _one(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], body: bytes, stream: bool
) -> tuple[float, float]:
    """Send one request; return (total ms, first-content ms)."""
    started = time.perf_counter()
    first = 0.0
    async with session.post(url, data=body, headers=headers) as resp:
        if resp.status != 200:
            raise RuntimeError(f"{url} answered {resp.status}: {await resp.text()}")
        if stream:
            async for data in sse_data(resp):
                event = parse_event(data)
                if event is None:
                    break
                if not first and delta_text(event):
                    first = time.perf_counter()
        else:
            await resp.read()
    ended = time.perf_counter()
    return (ended - started) * 1000, ((first or ended) - started) * 1000


async def run_load(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    stream: bool,
    requests: int,
    concurrency: int,
) -> tuple[list[float], list[float], float]:
    """Send ``requests`` requests with ``concurrency`` in flight; return latencies and wall."""
    body = _body(stream)
    tickets = iter(range(requests))
    totals: list[float] = []
    firsts: list[float] = []

    async def worker() -> None:
        for _ in tickets:
            total, first = await _one(session, url, headers, body, stream)
            totals.append(total)
            firsts.append(first)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return totals, firsts, time.perf_counter() - started


@dataclass
class Scenario:
    """One row pair of the report."""

    stream: bool
    concurrency: int
    requests: int

    @property
    def label(self) -> str:
        """Return e.g. 'non-stream c=20'."""
        return f"{'stream' if self.stream else 'non-stream'} c={self.concurrency}"


async def measure(
    session: aiohttp.ClientSession,
    scenario: Scenario,
    targets: dict[str, tuple[str, dict[str, str]]],
    servers: list[Server],
) -> dict[str, Measured]:
    """Run one scenario: warm-up, then ABBA halves; return per-path measurements."""
    warm = min(100, scenario.requests)
    for url, headers in targets.values():
        await run_load(session, url, headers, scenario.stream, warm, scenario.concurrency)
    out = {
        name: Measured([], [], 0.0, {server.name: 0.0 for server in servers}) for name in targets
    }
    half = scenario.requests // 2
    for name in (*PATHS, *PATHS[::-1]):
        url, headers = targets[name]
        cpu_before = {server.name: server.cpu_seconds() for server in servers}
        totals, firsts, wall = await run_load(
            session, url, headers, scenario.stream, half, scenario.concurrency
        )
        for server in servers:
            out[name].cpu_s[server.name] += server.cpu_seconds() - cpu_before[server.name]
        out[name].latencies_ms.extend(totals)
        out[name].first_ms.extend(firsts)
        out[name].wall_s += wall
    return out


async def main(scale: float) -> None:
    """Start the servers, run every scenario, print the tables."""
    console = Console(width=150)
    console.print(f"[bold]gateway_overhead[/bold]  {machine_summary()}")
    quiet_note = wait_for_quiet()
    meter = CpuMeter()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"sidecar-bench-gateway-{os.getpid()}.log"
    standin = await spawn("stand-in", "--serve-standin", log=log)
    sidecar = await spawn("sidecar", "--serve-sidecar", standin.url, log=log)
    relay = await spawn("bare relay", "--serve-relay", standin.url, log=log)
    servers = [sidecar, standin, relay]
    scenarios = [
        Scenario(False, 1, int(300 * scale)),
        Scenario(False, 20, int(2000 * scale)),
        Scenario(True, 1, int(300 * scale)),
        Scenario(True, 20, int(2000 * scale)),
    ]
    results: dict[str, dict[str, Measured]] = {}
    gateway_headers = {"Authorization": "Bearer k", "Content-Type": "application/json"}
    sidecar_headers = {**AUTH, "Content-Type": "application/json"}
    targets = {
        DIRECT: (standin.url + "/chat/completions", gateway_headers),
        SIDECAR: (sidecar.url + "/v1/chat/completions", sidecar_headers),
        RELAY: (relay.url + "/v1/chat/completions", gateway_headers),
    }
    try:
        connector = aiohttp.TCPConnector(limit=100, keepalive_timeout=60)
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.post(
                targets[SIDECAR][0], data=_body(False), headers=sidecar_headers
            ) as resp:
                route = resp.headers.get("X-Sidecar-Route")
                task = resp.headers.get("X-Sidecar-Task")
                if resp.status != 200 or route != "frontier":
                    raise RuntimeError(f"expected the frontier route, got {resp.status} {route}")
            for scenario in scenarios:
                results[scenario.label] = await measure(session, scenario, targets, servers)
    finally:
        for server in (sidecar, relay, standin):
            await server.stop()

    console.print(
        f"request: {PLANNING!r} as model sidecar/auto -> task {task}, route {route}; "
        f"client in this process; stand-in, bare relay and sidecar in one subprocess each "
        "(not pinned)"
    )
    table = Table(title="Gateway path: latency and throughput (client-side)")
    columns = (
        "scenario",
        "path",
        "requests",
        "p50 ms",
        "p99 ms",
        "first delta p50",
        "first delta p99",
        "req/s",
        "proxy CPU ms/req",
        "stand-in CPU ms/req",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("scenario", "path") else "right")
    for scenario in scenarios:
        for name in PATHS:
            m = results[scenario.label][name]
            n = len(m.latencies_ms)
            table.add_row(
                scenario.label,
                name,
                str(n),
                fmt(median(m.latencies_ms), 2),
                fmt(percentile(m.latencies_ms, 99), 2),
                fmt(median(m.first_ms), 2) if scenario.stream else "-",
                fmt(percentile(m.first_ms, 99), 2) if scenario.stream else "-",
                fmt(m.rate, 0),
                fmt(m.cpu_s[name] * 1000 / n, 3) if name != DIRECT else "-",
                fmt(m.cpu_s["stand-in"] * 1000 / n, 3),
            )
        table.add_section()
    console.print(table)

    verdict = Table(
        title="Added by the sidecar (sidecar - direct), and how much of it a bare hop costs"
    )
    for column in (
        "scenario",
        "added p50 ms",
        "added p99 ms",
        "added first-delta p50 ms",
        "req/s ratio",
        "target",
        "met",
        "bare relay added p50 ms",
        "bare relay req/s ratio",
        "sidecar - relay p50 ms",
    ):
        verdict.add_column(column, justify="left" if column == "scenario" else "right")
    for scenario in scenarios:
        measured = results[scenario.label]
        side, base, relay_m = measured[SIDECAR], measured[DIRECT], measured[RELAY]
        added_p50 = median(side.latencies_ms) - median(base.latencies_ms)
        ratio = side.rate / base.rate
        if not scenario.stream and scenario.concurrency == 1:
            target = f"added p50 < {TARGET_ADDED_P50_MS_C1:g} ms"
            met = "yes" if added_p50 < TARGET_ADDED_P50_MS_C1 else "NO"
        elif not scenario.stream and scenario.concurrency == 20:
            target = f"ratio >= {TARGET_THROUGHPUT_RATIO_C20:.0%}"
            met = "yes" if ratio >= TARGET_THROUGHPUT_RATIO_C20 else "NO"
        else:
            target, met = "-", "-"
        verdict.add_row(
            scenario.label,
            fmt(added_p50, 2),
            fmt(percentile(side.latencies_ms, 99) - percentile(base.latencies_ms, 99), 2),
            fmt(median(side.first_ms) - median(base.first_ms), 2) if scenario.stream else "-",
            f"{ratio:.1%}",
            target,
            met,
            fmt(median(relay_m.latencies_ms) - median(base.latencies_ms), 2),
            f"{relay_m.rate / base.rate:.1%}",
            fmt(median(side.latencies_ms) - median(relay_m.latencies_ms), 2),
        )
    console.print(verdict)
    console.print(f"{quiet_note}. {meter.report()}")
    log.unlink(missing_ok=True)  # kept only when a server failed to start or crashed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply request counts")
    parser.add_argument("--serve-standin", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-sidecar", metavar="GATEWAY_URL", help=argparse.SUPPRESS)
    parser.add_argument("--serve-relay", metavar="GATEWAY_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_standin:
        asyncio.run(serve_standin())
    elif args.serve_sidecar:
        asyncio.run(serve_sidecar(args.serve_sidecar))
    elif args.serve_relay:
        asyncio.run(serve_relay(args.serve_relay))
    else:
        asyncio.run(main(args.scale))
