"""Gateway path overhead: requests through the sidecar to a stand-in gateway vs straight to it.

Processes, all on 127.0.0.1:

- the stand-in gateway (tests/support/standin.py) in a subprocess;
- the sidecar (``create_app`` on an aiohttp AppRunner, ``gateway.base_url`` = stand-in,
  ``gateway.api = "both"`` so Anthropic ``/v1/messages`` passes through; every other
  setting, the exact response cache included, at its default) in a second subprocess; it
  also loads the bundled local model, as ``sidecar serve`` does;
- a bare aiohttp relay to the stand-in in a third subprocess: a reference for what one
  extra aiohttp hop costs on this machine (no auth, classification, ledger or retries),
  so "sidecar - relay" is the sidecar's own logic;
- LiteLLM's proxy, when a ``litellm`` command is found (``--litellm``, else
  ``$SIDECAR_BENCH_LITELLM``, else ``litellm`` on PATH), pointed at the same stand-in;
- the load generator (one aiohttp ClientSession, keep-alive) in this process.

Requests: a chat completion the classifier calls planning ("Plan the migration ..."),
model ``sidecar/auto``, and the same question as an Anthropic message (model
``claude-sonnet-4-5``, which the default model map sends to ``sidecar/auto``), so each is
classified, routed to the frontier and recorded in the ledger, as a client's would be. The
very same bytes go to every path. Cache cases (the exact response cache is on by default):

- ``skip``: default temperature, as agents send planning requests. Not deterministic, so
  not cacheable: the cache is not consulted (the common case on this path);
- ``miss``: temperature 0 and a unique body per request (a ticket number in the text):
  cacheable, so the key is computed, the lookup misses and the answer is stored;
- ``hit``: temperature 0, one body: after the warm-up every sidecar request is an exact
  cache hit (no upstream call); the other paths still go upstream.

Each scenario warms every path up, then runs ``--cycles`` ABBA cycles (direct, relay,
sidecar, LiteLLM, then the reverse), so slow drifts of the machine cancel; the throughput
ratio is also computed per cycle (paired) and its range printed.

Streams: time to the first body byte (TTFB, what the targets are about) and to the first
content delta (OpenAI ``delta.content``, Anthropic ``text_delta``) are both timed.

CPU placement on 2 cores: the processes are not pinned. On the direct path the client and
the stand-in share both cores; through a proxy a third busy process competes for them.
That is the honest local picture, but it means the concurrency-20 throughput ratio
measures "how much CPU does the proxy burn per request" at least as much as the latency
it adds, so the table also prints CPU milliseconds per request of the proxy process and
of the stand-in (read from /proc).

``--profile DIR`` records the sidecar process with py-spy during each scenario (collapsed
stacks, ``DIR/<scenario>.txt``; summarise with ``benchmarks/profile_top.py``). Sampling
slows the sidecar: numbers from a profiled run are not results.

Run: ``python benchmarks/gateway_overhead.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from _harness import (
    AUTH,
    CpuMeter,
    bench_settings,
    fmt,
    isolated_dirs,
    machine_summary,
    median,
    percentile,
    start_sidecar,
    wait_for_quiet,
)
from aiohttp import web
from rich.console import Console
from rich.table import Table

from tests.support.standin import StandinGateway

PLANNING = "Plan the migration of our monolith to microservices and list the trade-offs."
CLAUDE_MODEL = "claude-sonnet-4-5"
TARGET_ADDED_P50_MS_C1 = 1.0
TARGET_ADDED_TTFB_MS = 1.0
TARGET_THROUGHPUT_RATIO_C20 = 0.20
SIDECAR = "sidecar"
DIRECT = "direct"
RELAY = "bare relay"
LITELLM = "litellm"
BASELINE = "sidecar@base"
LITELLM_KEY = "sk-sidecar-bench-litellm-master-key"
GATEWAY_HEADERS = {"Authorization": "Bearer k", "Content-Type": "application/json"}
ANTHROPIC_VERSION = {"anthropic-version": "2023-06-01"}


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
    """Run the sidecar with the stand-in as its gateway until stdin closes.

    Logging and the runner are set up as ``sidecar serve`` sets them (sidecar/cli.py,
    sidecar/server/daemon.py): INFO to stderr (one line per call), handler cancellation.
    """
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    with isolated_dirs("sidecar-bench-gw-") as tmp:
        settings = bench_settings({"gateway": {"base_url": gateway_url, "api": "both"}})
        sidecar = await start_sidecar(tmp, settings, handler_cancellation=True)
        try:
            await serve_until_stdin_closes(sidecar.url)
        finally:
            await sidecar.close()


async def serve_relay(gateway_url: str) -> None:
    """Run a bare aiohttp relay to the stand-in (the floor for an aiohttp proxy hop).

    It forwards the body (and the ``anthropic-*`` headers) to the same path upstream and
    relays the answer (streamed chunk by chunk when it is an event stream) with the same
    connector settings as GatewayBackend, and does nothing else: no auth, classification,
    routing, ledger or retries.
    """
    root = gateway_url.rstrip("/").removesuffix("/v1")
    client = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=60),
        timeout=aiohttp.ClientTimeout(total=None, connect=5, sock_read=120),
    )

    async def relay(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = dict(GATEWAY_HEADERS)
        headers.update((k, v) for k, v in request.headers.items() if k.startswith("anthropic-"))
        async with client.post(root + request.path, data=body, headers=headers) as answer:
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
    app.router.add_post("/v1/messages", relay)
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
        """Close its stdin (our servers shut down cleanly), else terminate; kill if stuck."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        else:
            self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), 15)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


async def spawn(
    name: str, *args: str, log: Path, script: str = __file__, tree: str | None = None
) -> Server:
    """Start ``script`` (this one by default) in server mode and wait for its READY line.

    ``tree``: import sidecar from that checkout instead of this one (``SIDECAR_BENCH_TREE``).
    """
    env = {**os.environ, "SIDECAR_BENCH_TREE": tree} if tree else None
    with log.open("ab") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            script,
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
            env=env,
        )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), 120)
    if not line.startswith(b"READY "):
        raise RuntimeError(f"{name} did not start; see {log}")
    return Server(name, process, line.split()[1].decode())


def find_litellm(given: str | None) -> str | None:
    """Return the ``litellm`` command to compare with, or None when there is none."""
    return given or os.environ.get("SIDECAR_BENCH_LITELLM") or shutil.which("litellm")


async def spawn_litellm(command: str, standin_url: str, workdir: Path, log: Path) -> Server:
    """Start LiteLLM's proxy on a free port with both models pointed at the stand-in."""
    root = standin_url.rstrip("/").removesuffix("/v1")
    config = workdir / "litellm.yaml"
    config.write_text(
        "model_list:\n"
        '  - model_name: "sidecar/auto"\n'
        "    litellm_params: {model: openai/gpt-5, api_base: "
        f'"{root}/v1", api_key: k}}\n'
        f'  - model_name: "{CLAUDE_MODEL}"\n'
        f"    litellm_params: {{model: anthropic/{CLAUDE_MODEL}, "
        f'api_base: "{root}", api_key: k}}\n'
        "litellm_settings: {telemetry: false}\n"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "LITELLM_MASTER_KEY": LITELLM_KEY, "LITELLM_LOG": "ERROR"}
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            command, "--config", str(config), "--host", "127.0.0.1", "--port", str(port),
            stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out, env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(240):
            if process.returncode is not None:
                break
            try:
                async with http.get(url + "/health/liveliness") as resp:
                    if resp.status == 200:
                        return Server(LITELLM, process, url)
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
    if process.returncode is None:
        process.kill()
        await process.wait()
    raise RuntimeError(f"LiteLLM's proxy did not start; see {log}")


# load generation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One group of rows of the report.

    Attributes:
        api: ``chat`` (OpenAI ``/v1/chat/completions``) or ``messages`` (Anthropic).
        stream: whether the client streams.
        concurrency: requests in flight.
        requests: requests per path (after the warm-up).
        cache: ``skip``, ``miss`` or ``hit`` (see the module docstring).

    """

    api: str
    stream: bool
    concurrency: int
    requests: int
    cache: str = "skip"

    @property
    def key(self) -> str:
        """Return e.g. 'chat-stream-c20' or 'chat-hit-c1' (for --only and profiles)."""
        parts = [self.api, "stream" if self.stream else "", "" if self.cache == "skip" else
                 self.cache, f"c{self.concurrency}"]  # fmt: skip
        return "-".join(p for p in parts if p)

    @property
    def label(self) -> str:
        """Return e.g. 'chat stream c=20' or 'chat hit c=1'."""
        cache = {"skip": "", "miss": " miss", "hit": " hit"}
        kind = " stream" if self.stream else ""
        return f"{self.api}{kind}{cache[self.cache]} c={self.concurrency}"

    @property
    def with_litellm(self) -> bool:
        """LiteLLM (no cache configured) is compared on the cache-less cases only."""
        return self.cache == "skip"


_serial = itertools.count()


def body_maker(scenario: Scenario) -> Callable[[], bytes]:
    """Return a function giving the next request body of ``scenario``."""
    message = {"role": "user", "content": PLANNING}
    body: dict[str, Any]
    if scenario.api == "chat":
        body = {"model": "sidecar/auto", "messages": [message], "max_tokens": 256}
    else:
        body = {"model": CLAUDE_MODEL, "max_tokens": 256, "messages": [message]}
    body["stream"] = scenario.stream
    if scenario.cache != "skip":
        body["temperature"] = 0
    if scenario.cache == "miss":

        def unique() -> bytes:
            text = f"{PLANNING} (ticket {next(_serial)})"
            return json.dumps({**body, "messages": [{"role": "user", "content": text}]}).encode()

        return unique
    fixed = json.dumps(body).encode()
    return lambda: fixed


def _first_delta(event: bytes, api: str) -> bool:
    """Whether one SSE event (its bytes) carries answer text."""
    for line in event.split(b"\n"):
        if not line.startswith(b"data:"):
            continue
        payload = line[5:].strip()
        if payload == b"[DONE]":
            return False
        data = json.loads(payload)
        if api == "messages":
            delta = data.get("delta") or {}
            return data.get("type") == "content_block_delta" and bool(delta.get("text"))
        return any((c.get("delta") or {}).get("content") for c in data.get("choices") or ())
    return False


async def _one(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], body: bytes,
    scenario: Scenario,
) -> tuple[float, float, float]:  # fmt: skip
    """Send one request; return (total ms, first body byte ms, first content delta ms)."""
    started = time.perf_counter()
    first_byte = first_delta = 0.0
    async with session.post(url, data=body, headers=headers) as resp:
        if resp.status != 200:
            raise RuntimeError(f"{url} answered {resp.status}: {await resp.text()}")
        if scenario.stream:
            pending = b""
            tail = b""
            async for chunk in resp.content.iter_any():
                if not first_byte:
                    first_byte = time.perf_counter()
                tail = (tail + chunk)[-64:]
                if first_delta:
                    continue
                pending += chunk
                *events, pending = pending.split(b"\n\n")
                if any(_first_delta(e, scenario.api) for e in events):
                    first_delta = time.perf_counter()
            end = b"[DONE]" if scenario.api == "chat" else b"message_stop"
            if end not in tail:
                raise RuntimeError(f"{url}: the stream did not end with {end!r}: {tail!r}")
        else:
            await resp.read()
    ended = time.perf_counter()
    return (
        (ended - started) * 1000,
        ((first_byte or ended) - started) * 1000,
        ((first_delta or ended) - started) * 1000,
    )


@dataclass
class Block:
    """Requests of one path in one block of a cycle."""

    totals: list[float]
    first_bytes: list[float]
    first_deltas: list[float]
    wall_s: float


async def run_load(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    scenario: Scenario,
    requests: int,
) -> Block:
    """Send ``requests`` requests with the scenario's concurrency in flight."""
    make = body_maker(scenario)
    tickets = iter(range(requests))
    block = Block([], [], [], 0.0)

    async def worker() -> None:
        for _ in tickets:
            total, byte, delta = await _one(session, url, headers, make(), scenario)
            block.totals.append(total)
            block.first_bytes.append(byte)
            block.first_deltas.append(delta)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(scenario.concurrency)))
    block.wall_s = time.perf_counter() - started
    return block


@dataclass
class Measured:
    """One path in one scenario: every request's timings, wall time, CPU by server."""

    totals: list[float] = field(default_factory=list)
    first_bytes: list[float] = field(default_factory=list)
    first_deltas: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: dict[str, float] = field(default_factory=dict)
    cycle_rates: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Requests per second."""
        return len(self.totals) / self.wall_s


Targets = dict[str, dict[str, tuple[str, dict[str, str]]]]
"""path -> api -> (url, headers)."""


async def probe(
    session: aiohttp.ClientSession, targets: Targets, scenario: Scenario, path: str = SIDECAR
) -> str:
    """Send one request of ``scenario`` to a sidecar; return its ``X-Sidecar-Cache`` header.

    Raises:
        RuntimeError: it was not a planning request routed to the frontier, or the cache
            did not do what the scenario is about.

    """
    url, headers = targets[path][scenario.api]
    expected = {"skip": "-", "miss": "miss", "hit": "hit"}[scenario.cache]
    body = body_maker(scenario)()
    for _ in range(2):  # the second time for 'hit' (the first stores it)
        async with session.post(url, data=body, headers=headers) as resp:
            await resp.read()
            route = resp.headers.get("X-Sidecar-Route")
            task = resp.headers.get("X-Sidecar-Task")
            cache = resp.headers.get("X-Sidecar-Cache", "-")
        if cache == expected:
            break
    if resp.status != 200 or route != "frontier" or cache != expected:
        raise RuntimeError(
            f"{scenario.label}: expected route frontier, cache {expected}; got HTTP "
            f"{resp.status}, route {route}, cache {cache}"
        )
    if task != "planning":
        raise RuntimeError(f"{scenario.label}: classified {task}, not planning")
    return cache


async def measure(
    session: aiohttp.ClientSession,
    scenario: Scenario,
    targets: Targets,
    servers: list[Server],
    cycles: int,
) -> dict[str, Measured]:
    """Run one scenario: warm-up, then ABBA cycles; return per-path measurements."""
    paths = [p for p in targets if p != LITELLM or scenario.with_litellm]
    warm = min(100, scenario.requests)
    for path in paths:
        await run_load(session, *targets[path][scenario.api], scenario, warm)
    out = {path: Measured(cpu_s={s.name: 0.0 for s in servers}) for path in paths}
    block_size = max(1, scenario.requests // (2 * cycles))
    for _ in range(cycles):
        cycle: dict[str, list[Block]] = {path: [] for path in paths}
        for path in (*paths, *paths[::-1]):
            before = {s.name: s.cpu_seconds() for s in servers}
            block = await run_load(session, *targets[path][scenario.api], scenario, block_size)
            for s in servers:
                out[path].cpu_s[s.name] += s.cpu_seconds() - before[s.name]
            m = out[path]
            m.totals += block.totals
            m.first_bytes += block.first_bytes
            m.first_deltas += block.first_deltas
            m.wall_s += block.wall_s
            cycle[path].append(block)
        for path, blocks in cycle.items():
            out[path].cycle_rates.append(
                sum(len(b.totals) for b in blocks) / sum(b.wall_s for b in blocks)
            )
    return out


class Profiler:
    """py-spy recording the sidecar process, one collapsed-stack file per scenario."""

    def __init__(self, directory: Path, pid: int):
        self.directory = directory
        self.pid = pid
        self._process: asyncio.subprocess.Process | None = None
        directory.mkdir(parents=True, exist_ok=True)

    async def start(self, key: str) -> None:
        """Start recording into ``<directory>/<key>.txt``."""
        py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self._process = await asyncio.create_subprocess_exec(
            py_spy, "record", "--pid", str(self.pid), "--format", "raw", "--nolineno",
            "--rate", "1000", "--nonblocking", "-o", str(self.directory / f"{key}.txt"),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await asyncio.sleep(1.0)  # py-spy attaches

    async def stop(self) -> None:
        """Stop recording (py-spy writes its file on SIGINT)."""
        if self._process is not None:
            self._process.send_signal(signal.SIGINT)
            await asyncio.wait_for(self._process.wait(), 30)
            self._process = None


def scenarios_for(scale: float) -> list[Scenario]:
    """Return every scenario, request counts scaled by ``scale``."""
    few, many = max(20, int(300 * scale)), max(40, int(2000 * scale))
    return [
        Scenario("chat", False, 1, few),
        Scenario("chat", False, 20, many),
        Scenario("chat", True, 1, few),
        Scenario("chat", True, 20, many),
        Scenario("messages", True, 1, few),
        Scenario("messages", True, 20, many),
        Scenario("chat", False, 1, few, "miss"),
        Scenario("chat", False, 20, many, "miss"),
        Scenario("chat", False, 1, few, "hit"),
        Scenario("chat", True, 1, few, "hit"),
    ]


async def main(args: argparse.Namespace) -> None:
    """Start the servers, run every scenario, print the tables."""
    console = Console(width=200)
    console.print(f"[bold]gateway_overhead[/bold]  {machine_summary()}")
    quiet_note = wait_for_quiet()
    meter = CpuMeter()
    workdir = Path(tempfile.mkdtemp(prefix="sidecar-bench-gateway-"))
    log = workdir / "servers.log"
    standin = await spawn("stand-in", "--serve-standin", log=log)
    sidecar = await spawn("sidecar", "--serve-sidecar", standin.url, log=log)
    relay = await spawn(RELAY, "--serve-relay", standin.url, log=log)
    servers = [sidecar, standin, relay]
    if args.baseline:
        base = await spawn(BASELINE, "--serve-sidecar", standin.url, log=log, tree=args.baseline)
        servers.append(base)
    litellm_command = None if args.no_litellm else find_litellm(args.litellm)
    if litellm_command:
        servers.append(await spawn_litellm(litellm_command, standin.url, workdir, log))
    scenarios = [s for s in scenarios_for(args.scale) if not args.only or s.key in args.only]
    sidecar_headers = {**AUTH, "Content-Type": "application/json"}
    litellm_headers = {"Authorization": f"Bearer {LITELLM_KEY}", "Content-Type": "application/json"}
    targets: Targets = {
        DIRECT: {
            "chat": (standin.url + "/chat/completions", GATEWAY_HEADERS),
            "messages": (standin.url + "/messages", {**GATEWAY_HEADERS, **ANTHROPIC_VERSION}),
        },
        RELAY: {
            "chat": (relay.url + "/v1/chat/completions", GATEWAY_HEADERS),
            "messages": (relay.url + "/v1/messages", {**GATEWAY_HEADERS, **ANTHROPIC_VERSION}),
        },
        SIDECAR: {
            "chat": (sidecar.url + "/v1/chat/completions", sidecar_headers),
            "messages": (sidecar.url + "/v1/messages", {**sidecar_headers, **ANTHROPIC_VERSION}),
        },
    }
    if args.baseline:
        url = base.url
        targets[BASELINE] = {
            "chat": (url + "/v1/chat/completions", sidecar_headers),
            "messages": (url + "/v1/messages", {**sidecar_headers, **ANTHROPIC_VERSION}),
        }
    if litellm_command:
        url = servers[-1].url
        targets[LITELLM] = {
            "chat": (url + "/v1/chat/completions", litellm_headers),
            "messages": (url + "/v1/messages", {**litellm_headers, **ANTHROPIC_VERSION}),
        }
    profiler = Profiler(Path(args.profile), sidecar.process.pid) if args.profile else None
    results: dict[str, dict[str, Measured]] = {}
    probes: dict[str, str] = {}
    try:
        connector = aiohttp.TCPConnector(limit=100, keepalive_timeout=60)
        async with aiohttp.ClientSession(connector=connector) as session:
            for scenario in scenarios:
                probes[scenario.key] = await probe(session, targets, scenario)
                if args.baseline:
                    await probe(session, targets, scenario, BASELINE)
                if profiler:
                    await profiler.start(scenario.key)
                try:
                    results[scenario.key] = await measure(
                        session, scenario, targets, servers, args.cycles
                    )
                finally:
                    if profiler:
                        await profiler.stop()
    finally:
        for server in reversed(servers):
            await server.stop()

    report(console, scenarios, results, probes, litellm_command)
    console.print(f"{args.cycles} ABBA cycle(s) per scenario. {quiet_note}. {meter.report()}")
    if profiler:
        console.print(f"profiles in {args.profile} (this run's numbers are slowed by sampling)")
    shutil.rmtree(workdir, ignore_errors=True)


def report(
    console: Console,
    scenarios: list[Scenario],
    results: dict[str, dict[str, Measured]],
    probes: dict[str, str],
    litellm: str | None,
) -> None:
    """Print the per-path table and the verdict table."""
    console.print(
        f"chat: {PLANNING!r} as model sidecar/auto; messages: the same as {CLAUDE_MODEL} "
        "(Anthropic pass-through). Client in this process; stand-in, relay, sidecar"
        + (", LiteLLM" if litellm else "")
        + " in one process each (not pinned)."
    )
    table = Table(title="Gateway path: latency and throughput per path (client-side)")
    columns = ("scenario", "path", "requests", "p50 ms", "p99 ms", "TTFB p50", "TTFB p99",
               "first delta p50", "req/s", "proxy CPU ms/req", "stand-in CPU ms/req")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("scenario", "path") else "right")
    for scenario in scenarios:
        measured = results[scenario.key]
        for path, m in measured.items():
            n = len(m.totals)
            stream = scenario.stream
            table.add_row(
                scenario.label,
                path,
                str(n),
                fmt(median(m.totals), 2),
                fmt(percentile(m.totals, 99), 2),
                fmt(median(m.first_bytes), 2) if stream else "-",
                fmt(percentile(m.first_bytes, 99), 2) if stream else "-",
                fmt(median(m.first_deltas), 2) if stream else "-",
                fmt(m.rate, 0),
                fmt(m.cpu_s[path] * 1000 / n, 3) if path != DIRECT else "-",
                fmt(m.cpu_s["stand-in"] * 1000 / n, 3),
            )
        table.add_section()
    console.print(table)

    verdict = Table(title="Added by the sidecar (sidecar - direct) and how it compares")
    columns = ("scenario", "cache", "added p50 ms", "added p99 ms", "added TTFB p50",
               "added TTFB p99", "req/s vs direct", "per cycle", "target", "met",
               "relay added p50", "relay req/s vs direct", "sidecar - relay p50",
               "req/s vs LiteLLM: sidecar", "relay")  # fmt: skip
    for column in columns:
        verdict.add_column(column, justify="left" if column == "scenario" else "right")
    for scenario in scenarios:
        measured = results[scenario.key]
        side, base, hop = measured[SIDECAR], measured[DIRECT], measured[RELAY]
        other = measured.get(LITELLM)
        added_p50 = median(side.totals) - median(base.totals)
        added_ttfb = median(side.first_bytes) - median(base.first_bytes)
        ratio = side.rate / base.rate
        paired = [s / d for s, d in zip(side.cycle_rates, base.cycle_rates, strict=True)]
        target, met = "-", "-"
        if scenario.cache == "skip" and scenario.concurrency == 1:
            if scenario.stream:
                target = f"added TTFB < {TARGET_ADDED_TTFB_MS:g} ms"
                met = "yes" if added_ttfb < TARGET_ADDED_TTFB_MS else "NO"
            else:
                target = f"added p50 < {TARGET_ADDED_P50_MS_C1:g} ms"
                met = "yes" if added_p50 < TARGET_ADDED_P50_MS_C1 else "NO"
        elif scenario.cache == "skip" and not scenario.stream:
            target = f"ratio >= {TARGET_THROUGHPUT_RATIO_C20:.0%}"
            met = "yes" if ratio >= TARGET_THROUGHPUT_RATIO_C20 else "NO"
        stream = scenario.stream
        verdict.add_row(
            scenario.label,
            probes[scenario.key],
            fmt(added_p50, 2),
            fmt(percentile(side.totals, 99) - percentile(base.totals, 99), 2),
            fmt(added_ttfb, 2) if stream else "-",
            fmt(percentile(side.first_bytes, 99) - percentile(base.first_bytes, 99), 2)
            if stream else "-",
            f"{ratio:.1%}",
            f"{min(paired):.0%}..{max(paired):.0%}",
            target,
            met,
            fmt(median(hop.totals) - median(base.totals), 2),
            f"{hop.rate / base.rate:.1%}",
            fmt(median(side.totals) - median(hop.totals), 2),
            f"{side.rate / other.rate:.1f}x" if other else "-",
            f"{hop.rate / other.rate:.1f}x" if other else "-",
        )  # fmt: skip
    console.print(verdict)
    if any(BASELINE in results[s.key] for s in scenarios):
        console.print(compare_baseline(scenarios, results))


def compare_baseline(scenarios: list[Scenario], results: dict[str, dict[str, Measured]]) -> Table:
    """Return the A/B table: this checkout's sidecar against the baseline's, same run."""
    table = Table(title=f"{SIDECAR} (this checkout) vs {BASELINE} (--baseline), interleaved")
    columns = ("scenario", "p50 ms", "base p50 ms", "TTFB p50", "base TTFB p50",
               "CPU ms/req", "base CPU ms/req", "req/s / base", "per cycle")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for scenario in scenarios:
        side, base = results[scenario.key][SIDECAR], results[scenario.key][BASELINE]
        paired = [s / b for s, b in zip(side.cycle_rates, base.cycle_rates, strict=True)]
        stream = scenario.stream
        table.add_row(
            scenario.label,
            fmt(median(side.totals), 2),
            fmt(median(base.totals), 2),
            fmt(median(side.first_bytes), 2) if stream else "-",
            fmt(median(base.first_bytes), 2) if stream else "-",
            fmt(side.cpu_s[SIDECAR] * 1000 / len(side.totals), 3),
            fmt(base.cpu_s[BASELINE] * 1000 / len(base.totals), 3),
            f"{side.rate / base.rate:.2f}",
            f"{min(paired):.2f}..{max(paired):.2f}",
        )
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply request counts")
    parser.add_argument("--cycles", type=int, default=2, help="ABBA cycles per scenario")
    parser.add_argument("--only", nargs="*", help="scenario keys, e.g. chat-c20 messages-stream-c1")
    parser.add_argument("--litellm", help="litellm command (default: $SIDECAR_BENCH_LITELLM, PATH)")
    parser.add_argument("--no-litellm", action="store_true", help="leave LiteLLM out")
    parser.add_argument("--profile", metavar="DIR", help="py-spy the sidecar, one file a scenario")
    parser.add_argument("--baseline", metavar="TREE", help="A/B: a sidecar from this checkout too")
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
        if args.baseline:
            args.baseline = str(Path(args.baseline).resolve())
        asyncio.run(main(args))
