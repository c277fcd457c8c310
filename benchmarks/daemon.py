"""One daemon vs a model per editor (issue 10): memory, FIM under load, LSP hop, decode, restart.

Usage: python benchmarks/daemon.py [--quick] [--threads N]   (about 3 minutes on 2 cores)

Starts real processes on 127.0.0.1, every sidecar directory (config, data, ledger, runtime)
under one temporary directory, and prints one table per measurement:

1. memory with 3 editors and 1 agent: today's layout (each ``sidecar lsp`` held its own
   model: emulated by 3 model workers, plus the agent's ``sidecar serve`` with its worker)
   vs the daemon layout (one ``sidecar serve`` + its worker, 3 real ``sidecar lsp``
   attached); RSS and PSS from ``/proc/PID/smaps_rollup``, models = processes mapping the
   GGUF, KV cache computed from the GGUF metadata;
2. FIM latency while another client's chat generates: idle, in separate model processes
   (two models compete for the cores), and on the one daemon (the completion preempts the
   chat), the cases rotating round by round;
3. keystroke to inline completion through ``sidecar lsp`` (a pytest-lsp client types into
   a document), warm, with the daemon's own latency and TTFT from its ledger, and the hop;
4. decode tok/s of one prompt: raw llama-cpp-python vs the worker vs the daemon over HTTP,
   interleaved;
5. worker SIGSEGV to the first served ``sidecar/local`` request and to ``/healthz`` ok.

Every process it starts is stopped on the way out (an AsyncExitStack), whatever happened.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import aiohttp
from _harness import (
    CpuMeter,
    fmt,
    isolated_dirs,
    machine_summary,
    median,
    parse_event,
    percentile,
    sse_data,
    wait_for_quiet,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities
from rich.console import Console
from rich.table import Table

from sidecar.backends.local import bundled_model_path, extra_buffers
from sidecar.backends.supervisor import BACKOFF_S, WorkerBackend
from sidecar.config import LocalSettings
from sidecar.daemon import DaemonInfo, probe, read_discovery, stop_daemon
from sidecar.errors import DaemonError
from sidecar.ledger.store import Ledger
from sidecar.request import Endpoint, Message, Request

EDITORS = 3
FIM_TOKENS = 16
DECODE_TOKENS = 200
CHAT_TOKENS = 1000  # the background chat; restarted if it ends sooner
TARGET_MEMORY = 1.25  # daemon layout PSS <= this x its sidecar serve + worker's PSS
TARGET_FIM_RATIO = 1.2
TARGET_KEYSTROKE_MS = 150.0
TARGET_HOP_MS = 5.0
TARGET_DECODE_RATIO = 0.95
POLL_S = 0.05  # request spacing while the worker restarts: the resolution of table 5
EDITOR_APP = "bench-editor-1"  # the editor that types in table 3

CHAT = "Tell a long, detailed story about a lighthouse keeper, the sea and a storm."
DECODE_PROMPT = "def fibonacci(n):\n    "
FIM_SUFFIX = "\n    return result\n"
FIM_BODIES = (
    "import json\nfrom pathlib import Path\n\n\ndef load_settings(path: Path) -> dict:\n"
    '    """Read the settings file and fill in the defaults."""\n'
    "    with path.open(encoding='utf-8') as f:\n        data = json.load(f)\n"
    "    data.setdefault('port', 8080)\n    data.setdefault('host', '127.0.0.1')\n    ",
    "import re\n\nWORD = re.compile(r'[A-Za-z]+')\n\n\n"
    "def word_counts(text: str) -> dict[str, int]:\n"
    '    """Count how often each word occurs, case-insensitively."""\n'
    "    counts: dict[str, int] = {}\n    for match in WORD.finditer(text):\n"
    "        word = match.group(0).lower()\n    ",
    "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: float\n"
    "    y: float\n\n\ndef centroid(points: list[Point]) -> Point:\n"
    '    """Return the mean of the points (the origin for none)."""\n'
    "    if not points:\n        return Point(0.0, 0.0)\n    ",
    "import csv\nimport statistics\n\n\ndef column_stats(path: str, column: str) -> dict:\n"
    '    """Return min, max and mean of one numeric column of a CSV file."""\n'
    "    with open(path, newline='') as f:\n        rows = list(csv.DictReader(f))\n"
    "    values = [float(row[column]) for row in rows if row[column]]\n    ",
)
EDITOR_DOC = (
    "import os\n\n\ndef config_dir(app):\n"
    '    """Return the per-user config folder of app."""\n'
    "    base = os.environ.get('XDG_CONFIG_HOME') or os.path.expanduser('~/.config')\n"
    "    return os.path.join(base, app)\n\n\ndef data_dir(app):\n    "
)
TYPING_DOC = (
    "from dataclasses import dataclass\n\n\n@dataclass\nclass Item:\n    price: float\n"
    "    quantity: int\n\n\ndef order_total(items: list[Item], discount: float = 0.0) -> float:\n"
    '    """Return the price of an order after the discount."""\n'
    "    \n    return total * (1 - discount)\n"
)
TYPED = "total = sum(item.price * item.quantity for item in items) if items else 0.0"

Timed = tuple[list[float], str]
"""A streamed answer: arrival time of each text delta (perf_counter s) and the whole text."""


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def met(ok: bool) -> str:
    return "yes" if ok else "NO"


def new_table(title: str, columns: Sequence[str], left: int = 1) -> Table:
    """Return a table; the first ``left`` columns and a 'target' column are left-aligned."""
    table = Table(title=title)
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index < left or column == "target" else "right")
    return table


def event_text(event: dict[str, Any]) -> str:
    """Return the text of a completions or chat stream event ('' when it has none)."""
    for choice in event.get("choices") or ():
        text = choice.get("text") or (choice.get("delta") or {}).get("content")
        if text:
            return str(text)
    return ""


# processes ---------------------------------------------------------------------------


def tree_cpu() -> float:
    """Return CPU-seconds used by this process and all its descendants (reaped ones too)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = sum(int(v) for v in fields[11:15]) / tick  # u, s, cu, cs
    ours, todo = {os.getpid()}, [os.getpid()]
    while todo:
        parent = todo.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in ours]
        ours.update(children)
        todo += children
    return sum(cpu.get(pid, 0.0) for pid in ours)


class TreeCpuMeter(CpuMeter):
    """CpuMeter that also leaves out this script's children: daemon, workers, editors."""

    @staticmethod
    def _own_cpu() -> float:
        return tree_cpu()


@dataclass(frozen=True)
class Footprint:
    """Memory of a group of processes in KiB, and how many of them map the model file."""

    processes: int = 0
    models: int = 0
    rss: int = 0
    pss: int = 0
    anon: int = 0
    """Anonymous (private) memory: KV cache, compute buffers, heaps; never shared."""

    def __add__(self, other: Footprint) -> Footprint:
        return Footprint(
            self.processes + other.processes,
            self.models + other.models,
            self.rss + other.rss,
            self.pss + other.pss,
            self.anon + other.anon,
        )


def footprint(pids: Sequence[int], model: Path) -> Footprint:
    """Sum ``/proc/PID/smaps_rollup`` over ``pids``; count the processes that map ``model``."""
    total = Footprint()
    for pid in pids:
        values: dict[str, int] = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, _, rest = line.partition(":")
            values[key.strip()] = int(rest.split()[0])
        maps = str(model) in Path(f"/proc/{pid}/maps").read_text()
        total += Footprint(1, int(maps), values["Rss"], values["Pss"], values["Anonymous"])
    return total


def is_worker(pid: int) -> bool:
    try:
        return b"sidecar.backends.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def kv_cache_mib(model: Path, n_ctx: int) -> float:
    """Return one context's K+V cache (f16) in MiB, from the GGUF's metadata."""
    from llama_cpp import Llama

    meta = Llama(model_path=str(model), vocab_only=True, verbose=False).metadata
    arch = meta["general.architecture"]
    n_layer = int(meta[f"{arch}.block_count"])
    n_embd = int(meta[f"{arch}.embedding_length"])
    n_head = int(meta[f"{arch}.attention.head_count"])
    n_head_kv = int(meta.get(f"{arch}.attention.head_count_kv", n_head))
    k_len = int(meta.get(f"{arch}.attention.key_length", n_embd // n_head))
    v_len = int(meta.get(f"{arch}.attention.value_length", n_embd // n_head))
    return n_ctx * n_layer * n_head_kv * (k_len + v_len) * 2 / 2**20


def logged(module: str, log: Path) -> tuple[str, ...]:
    """Return a command running ``python -m MODULE ARGS...`` with its stderr appended to ``log``.

    ``exec`` keeps the pid, so the process measured is the Python process itself.
    """
    script = f'exec "$0" -m {module} "$@" 2>>{shlex.quote(str(log))}'
    return ("/bin/sh", "-c", script, sys.executable)


@dataclass
class Daemon:
    """``sidecar serve`` in a subprocess, and the HTTP session of the 'agent'."""

    proc: subprocess.Popen[bytes]
    info: DaemonInfo
    http: aiohttp.ClientSession
    ledger: Path
    workers: set[int]
    """Every worker pid seen, so none outlives the benchmark."""

    async def health(self) -> tuple[int, dict[str, Any]]:
        """Return ``/healthz``'s status and body."""
        async with self.http.get("/healthz") as response:
            body = await response.json()
        pid = body["local"]["worker"]["pid"]
        if pid:
            self.workers.add(int(pid))
        return response.status, body

    async def worker_pid(self) -> int:
        """Return the model worker's pid."""
        _, body = await self.health()
        return int(body["local"]["worker"]["pid"])

    def rows(self, app: str) -> list[dict[str, Any]]:
        """Return the ledger rows of ``app``, oldest first."""
        ledger = Ledger(self.ledger)
        try:
            return [row for row in ledger.rows() if row["app"] == app]
        finally:
            ledger.close()


def launch_serve(tmp: Path, threads: int) -> subprocess.Popen[bytes]:
    """Write the daemon's config (port 0, ledger and threads) and start ``sidecar serve``."""
    config = Path(os.environ["SIDECAR_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"[server]\nport = 0\n\n[ledger]\npath = {json.dumps(str(tmp / 'ledger.sqlite3'))}\n\n"
        f"[local]\nn_threads = {threads}\n",
        encoding="utf-8",
    )
    with (tmp / "daemon.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "sidecar", "serve"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )


async def start_daemon(tmp: Path, threads: int, stack: contextlib.AsyncExitStack) -> Daemon:
    proc = await asyncio.to_thread(launch_serve, tmp, threads)
    workers: set[int] = set()
    stack.push_async_callback(stop_serve, proc, workers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = await asyncio.to_thread((tmp / "daemon.log").read_text, errors="replace")
            tail = "\n".join(log.splitlines()[-8:])
            raise RuntimeError(f"sidecar serve exited ({proc.returncode}):\n{tail}")
        info = read_discovery()
        if info is not None and info.pid == proc.pid and await probe(info) is not None:
            http = aiohttp.ClientSession(
                base_url=info.url,
                headers={"Authorization": f"Bearer {info.token}", "X-Sidecar-App": "bench-agent"},
                timeout=aiohttp.ClientTimeout(total=120),
            )
            stack.push_async_callback(http.close)
            daemon = Daemon(proc, info, http, tmp / "ledger.sqlite3", workers)
            await daemon.health()
            return daemon
        await asyncio.sleep(0.1)
    raise RuntimeError("sidecar serve did not answer within 120 s")


async def stop_serve(proc: subprocess.Popen[bytes], workers: set[int]) -> None:
    """Stop the daemon (SIGTERM, then SIGKILL), then any worker of it that outlived it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            await asyncio.to_thread(proc.wait, 20)
        except subprocess.TimeoutExpired:
            proc.kill()
            await asyncio.to_thread(proc.wait)
    for pid in workers:
        if is_worker(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(DaemonError):  # a daemon an editor started, had ours failed
        await asyncio.to_thread(stop_daemon)


async def start_workers(
    count: int, threads: int, log: Path, stack: contextlib.AsyncExitStack
) -> list[WorkerBackend]:
    """Start ``count`` model workers (each loads the model) and wait until all are ready."""
    workers = []
    for _ in range(count):
        settings = LocalSettings(n_threads=threads)
        worker = WorkerBackend(settings, command=logged("sidecar.backends.worker", log))
        stack.push_async_callback(worker.close)
        workers.append(worker)
    await asyncio.gather(*(w.start() for w in workers))
    return workers


async def start_editor(name: str, tmp: Path, stack: contextlib.AsyncExitStack) -> Any:
    """Start ``sidecar lsp`` under a pytest-lsp client and initialise it as editor ``name``."""
    command = list(logged("sidecar lsp", tmp / f"{name}.log"))
    client: Any = await ClientServerConfig(server_command=command).start()
    stack.push_async_callback(stop_editor, client)
    client.feature("sidecar/routed")(lambda _params: None)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            client_info=types.ClientInfo(name=name),
            initialization_options={
                "local": {"completionTemperature": 0, "completionMaxTokens": FIM_TOKENS}
            },
            root_uri=tmp.as_uri(),
        )
    )
    return client


async def stop_editor(client: Any) -> None:
    """Shut the editor's server down (once); terminate it if it does not exit."""
    server = client._server
    if not getattr(client, "left", False):
        client.left = True
        with contextlib.suppress(Exception):  # the server may be gone or hung already
            await asyncio.wait_for(client.shutdown_session(), 10)
    if server is not None and server.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            server.terminate()
    try:
        await asyncio.wait_for(client.stop(), 10)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            server.kill()


def open_doc(client: Any, uri: str, text: str) -> None:
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))


async def inline(client: Any, uri: str, position: types.Position) -> Any:
    context = types.InlineCompletionContext(types.InlineCompletionTriggerKind.Automatic)
    params = types.InlineCompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position, context=context
    )
    return await client.text_document_inline_completion_async(params)


def type_char(client: Any, uri: str, version: int, where: types.Position, char: str) -> None:
    """Send the didChange of one typed character (incremental sync)."""
    change = types.TextDocumentContentChangePartial(range=types.Range(where, where), text=char)
    doc = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=doc, content_changes=[change])
    )


def end_of(text: str) -> types.Position:
    lines = text.split("\n")
    return types.Position(len(lines) - 1, len(lines[-1]))


# requests ----------------------------------------------------------------------------


async def fim(http: aiohttp.ClientSession, prompt: str) -> tuple[float, int]:
    """Send one FIM completion as the LSP does; return (client ms, completion tokens)."""
    body = {
        "model": "sidecar/auto",
        "prompt": prompt,
        "suffix": FIM_SUFFIX,
        "max_tokens": FIM_TOKENS,
        "temperature": 0,
    }
    start = time.perf_counter()
    async with http.post("/v1/completions", json=body) as response:
        data = await response.json()
    elapsed = ms_since(start)
    if response.status != 200 or data["sidecar"]["route"] != "local":
        raise RuntimeError(f"FIM failed: HTTP {response.status} {data}")
    return elapsed, int(data["usage"]["completion_tokens"])


async def http_stream(
    http: aiohttp.ClientSession, path: str, body: dict[str, Any]
) -> AsyncIterator[str]:
    """Yield the text of each event of a streamed completion or chat."""
    async with http.post(path, json={**body, "stream": True}) as response:
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status} {await response.text()}")
        async for payload in sse_data(response):
            event = parse_event(payload)
            if event is None:
                return
            text = event_text(event)
            if text:
                yield text


def http_chat(http: aiohttp.ClientSession, max_tokens: int = CHAT_TOKENS) -> AsyncIterator[str]:
    body = {
        "model": "sidecar/local",
        "messages": [{"role": "user", "content": CHAT}],
        "max_tokens": max_tokens,
        "temperature": 0,
    }
    return http_stream(http, "/v1/chat/completions", body)


async def worker_chat(worker: WorkerBackend) -> AsyncIterator[str]:
    request = Request(
        Endpoint.CHAT,
        "sidecar/local",
        messages=(Message("user", CHAT),),
        max_tokens=CHAT_TOKENS,
        temperature=0.0,
        stream=True,
    )
    async for chunk in worker.stream(request):
        if chunk.text:
            yield chunk.text


@contextlib.asynccontextmanager
async def generating(source: Callable[[], AsyncIterator[str]]) -> AsyncIterator[list[int]]:
    """Keep a chat generating for the block (restarted if it ends); yield its token count."""
    started = asyncio.Event()
    count = [0]

    async def run() -> None:
        while True:
            async for _ in source():
                count[0] += 1
                started.set()

    task = asyncio.create_task(run())
    try:
        waiter = asyncio.create_task(started.wait())
        done, _ = await asyncio.wait({task, waiter}, timeout=60, return_when="FIRST_COMPLETED")
        waiter.cancel()
        if task in done:
            task.result()
        if not started.is_set():
            raise RuntimeError("the background chat did not start within 60 s")
        await asyncio.sleep(0.05)  # well into decoding
        yield count
        if task.done():
            task.result()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def timed(chunks: AsyncIterator[str]) -> Timed:
    times, parts = [], []
    async for text in chunks:
        times.append(time.perf_counter())
        parts.append(text)
    return times, "".join(parts)


# the benchmark -----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How much to measure (``--quick`` shrinks everything to a correctness run)."""

    quick: bool
    threads: int
    rounds: int
    keystrokes: int
    decode_reps: int
    kills: int
    quiet_s: float
    fim_budget_s: float
    """No new round of table 2 starts after this many seconds."""


class Bench:
    """The measurements in the order they run; each prints its own table."""

    def __init__(self, options: Options, tmp: Path, stack: contextlib.AsyncExitStack):
        self.o = options
        self.tmp = tmp
        self.stack = stack
        self.console = Console(width=140)
        self.model = bundled_model_path().resolve()
        self.daemon: Daemon
        self.editors: list[Any] = []
        self.workers: list[WorkerBackend] = []

    async def run(self) -> None:
        """Start the daemon and run the five measurements."""
        started = time.monotonic()
        self.console.print(f"[bold]daemon[/bold]  {machine_summary()}")
        quick = "; --quick: a correctness run, too few samples for numbers" if self.o.quick else ""
        self.console.print(f"model {self.model.name}; n_threads={self.o.threads} everywhere{quick}")
        self.daemon = await start_daemon(self.tmp, self.o.threads, self.stack)
        await self.memory_layouts()
        await self.fim_under_chat()
        await self.keystrokes()
        await self.decode()
        await self.crashes()
        self.console.print(f"[dim]total {time.monotonic() - started:.0f} s[/dim]")

    async def quiet(self) -> TreeCpuMeter:
        """Wait for a quiet machine (bounded); return a meter of others' CPU from now."""
        note = await asyncio.to_thread(wait_for_quiet, self.o.quiet_s)
        self.console.print(f"[dim]{note}[/dim]")
        return TreeCpuMeter()

    def noise(self, meter: TreeCpuMeter) -> None:
        """Print how much CPU other processes used during the measurement."""
        self.console.print(f"[dim]{meter.report()}[/dim]\n")

    async def settle(self) -> None:
        """Wait until the daemon has nothing in flight (bounded), then a little more."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            _, health = await self.daemon.health()
            if health["local"]["in_flight"] == 0:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)

    # 1 ---------------------------------------------------------------------------------

    async def memory_layouts(self) -> None:
        """Table 1: both layouts' processes, each having served a request."""
        daemon = self.daemon
        names = [f"bench-editor-{i + 1}" for i in range(EDITORS)]
        starts = (start_editor(name, self.tmp, self.stack) for name in names)
        self.editors = list(await asyncio.gather(*starts))
        deadline = time.monotonic() + 60
        while (await daemon.health())[1]["attached"] != EDITORS:
            if time.monotonic() > deadline:
                raise RuntimeError("the editors did not attach to the daemon within 60 s")
            await asyncio.sleep(0.05)
        for i, client in enumerate(self.editors):
            uri = (self.tmp / f"editor_{i}.py").as_uri()
            open_doc(client, uri, EDITOR_DOC)
            await inline(client, uri, end_of(EDITOR_DOC))
        async for _ in http_chat(daemon.http, 32):  # the agent
            pass
        serve = [daemon.proc.pid, await daemon.worker_pid()]
        lsps = [client._server.pid for client in self.editors]
        ours = [
            ("sidecar serve + its worker", footprint(serve, self.model)),
            (f"{EDITORS} x sidecar lsp (attached)", footprint(lsps, self.model)),
        ]
        for client in self.editors[1:]:  # keep one editor for table 3
            await stop_editor(client)
        log = self.tmp / "workers.log"
        self.workers = await start_workers(EDITORS, self.o.threads, log, self.stack)
        for body, worker in zip(FIM_BODIES, self.workers, strict=False):
            request = Request(
                Endpoint.COMPLETIONS, "sidecar/local", prompt=body, max_tokens=FIM_TOKENS
            )
            await worker.complete(request)
        engines = [pid for worker in self.workers if (pid := worker.pid) is not None]
        today = [
            (f"{EDITORS} x per-editor engine (model worker)", footprint(engines, self.model)),
            ("agent's sidecar serve + its worker", footprint(serve, self.model)),
        ]
        for worker in self.workers[1:]:  # keep one model process for tables 2 and 4
            await worker.close()
        self.workers = self.workers[:1]
        n_ctx = LocalSettings().n_ctx
        kv = kv_cache_mib(self.model, n_ctx)
        self.memory_tables(today, ours, kv)
        self.console.print(
            f"[dim]Each process has served a request. PSS splits each page shared by several "
            f"processes (the mmap'd GGUF, libraries) among them, so a total counts it once; "
            f"anon = private memory (KV cache, compute buffers, heaps). Models loaded = "
            f"processes mapping the GGUF. KV cache = n_ctx {n_ctx} x layers x (K+V per token) x "
            f"2 bytes (f16) = {fmt(kv)} MiB per model, from the GGUF metadata. One model's worth "
            f"= the daemon's sidecar serve + its worker: the daemon layout less its editors. "
            f"Today's layout is emulated: its per-editor engines lack the LSP's own modules "
            f"(pygls, tree-sitter; understates today), and its agent's serve keeps the model in "
            f"a worker, not in-process (one more interpreter; overstates today).[/dim]\n"
        )

    def memory_tables(
        self, today: list[tuple[str, Footprint]], ours: list[tuple[str, Footprint]], kv: float
    ) -> None:
        """Print table 1: each group of processes, then the two layouts side by side."""
        columns = ["layout", "processes", "count", "models loaded", "RSS MiB", "PSS MiB",
                   "anon MiB", "KV cache MiB"]  # fmt: skip
        table = new_table(f"1. Memory with {EDITORS} editors + 1 agent", columns, left=2)
        totals: dict[str, Footprint] = {}
        for layout, groups in (("today", today), ("daemon", ours)):
            for what, use in groups:
                totals[layout] = totals.get(layout, Footprint()) + use
                table.add_row(layout, what, *self.memory_cells(use, kv))
        for layout, use in totals.items():
            table.add_row(
                f"[bold]{layout}[/bold]", "[bold]total[/bold]", *self.memory_cells(use, kv)
            )
        self.console.print(table)

        old, new = totals["today"], totals["daemon"]
        one_model = ours[0][1].pss
        table = new_table(
            "1. Daemon layout vs today's",
            ["metric", "today", "daemon", "daemon / today", "target", "met"],
        )
        one = met(new.models == 1)
        table.add_row("models loaded", str(old.models), str(new.models),
                      fmt(ratio(new.models, old.models), 2), "1", one)  # fmt: skip
        table.add_row("KV cache MiB", fmt(old.models * kv), fmt(new.models * kv),
                      fmt(ratio(new.models, old.models), 2), "one model's", one)  # fmt: skip
        for name, before, after in (
            ("total RSS MiB", old.rss, new.rss),
            ("total anon MiB", old.anon, new.anon),
        ):
            table.add_row(name, fmt(before / 1024), fmt(after / 1024),
                          fmt(ratio(after, before), 2), "-", "-")  # fmt: skip
        table.add_row(
            "total PSS MiB",
            fmt(old.pss / 1024),
            fmt(new.pss / 1024),
            fmt(ratio(new.pss, old.pss), 2),
            f"<= {TARGET_MEMORY}x one model's worth ({fmt(one_model / 1024)} MiB)",
            met(new.pss <= TARGET_MEMORY * one_model),
        )
        table.add_row(
            "total PSS in models' worth",
            fmt(ratio(old.pss, one_model), 2),
            fmt(ratio(new.pss, one_model), 2),
            "-",
            f"<= {TARGET_MEMORY}",
            met(new.pss <= TARGET_MEMORY * one_model),
        )
        self.console.print(table)

    @staticmethod
    def memory_cells(use: Footprint, kv: float) -> list[str]:
        """Return a group's cells: processes, models, RSS, PSS, anon, KV cache."""
        return [
            str(use.processes),
            str(use.models),
            *(fmt(kib / 1024) for kib in (use.rss, use.pss, use.anon)),
            fmt(use.models * kv),
        ]

    # 2 ---------------------------------------------------------------------------------

    async def fim_under_chat(self) -> None:
        """Table 2: FIM alone, next to a chat in another model process, and on the daemon."""
        meter = await self.quiet()
        http, other = self.daemon.http, self.workers[0]
        sources: dict[str, Callable[[], AsyncIterator[str]] | None] = {
            "(a) idle": None,
            "(b) separate processes": lambda: worker_chat(other),
            "(c) one daemon (preempts)": lambda: http_chat(http),
        }
        cases = list(sources)
        latency: dict[str, list[float]] = {case: [] for case in cases}
        tokens: dict[str, list[float]] = {case: [] for case in cases}
        chat: dict[str, list[float]] = {case: [] for case in cases}
        await fim(http, "# warm-up\n" + FIM_BODIES[0])
        began = time.monotonic()
        for r in range(self.o.rounds):
            if time.monotonic() - began > self.o.fim_budget_s:
                break  # whole rounds only: the ratios are paired per round
            body = FIM_BODIES[r % len(FIM_BODIES)]
            for k in range(3):
                case = cases[(r + k) % 3]
                prompt = f"# revision {r * 3 + k}\n{body}"  # new first line: <= 4 tokens cached
                source = sources[case]
                during = 0
                if source is None:
                    ms, n = await fim(http, prompt)
                else:
                    async with generating(source) as count:
                        before = count[0]
                        ms, n = await fim(http, prompt)
                        during = count[0] - before
                latency[case].append(ms)
                tokens[case].append(n)
                chat[case].append(during)
                await self.settle()

        idle = latency[cases[0]]
        done = len(idle)
        cut = f" of {self.o.rounds}: time budget" if done < self.o.rounds else ""
        title = (f"2. FIM latency while another client's chat generates ({done}{cut} "
                 f"requests per case, max_tokens {FIM_TOKENS})")  # fmt: skip
        columns = ("case", "p50 ms", "p99 ms", "p50 / idle p50", "paired ratio p50",
                   "completion tokens p50", "chat tokens during FIM p50", "target",
                   "met")  # fmt: skip
        table = new_table(title, columns)
        for case in cases:
            values = latency[case]
            paired = median([v / i for v, i in zip(values, idle, strict=True)])
            target, ok = "-", "-"
            if case == cases[2]:
                target = f"<= {TARGET_FIM_RATIO}x idle"
                ok = met(ratio(median(values), median(idle)) <= TARGET_FIM_RATIO)
            table.add_row(
                case,
                fmt(median(values)),
                fmt(percentile(values, 99)),
                fmt(ratio(median(values), median(idle)), 2),
                fmt(paired, 2),
                fmt(median(tokens[case]), 0),
                fmt(median(chat[case]), 0),
                target,
                ok,
            )
        self.console.print(table)
        self.console.print(
            "[dim]FIM = POST /v1/completions to the daemon as sidecar lsp sends it (prompt + "
            "suffix; the bundled model has no FIM tokens, so prefix only), temperature 0, a new "
            "first line every time (at most 4 prompt tokens cached); client time to the answer. "
            "(b): the chat generates on a second model process (a worker), both compete for the "
            "cores; (c): the chat generates on the daemon's own worker. The order of the cases "
            "rotates every round; paired ratio = median of the per-round ratios to (a).[/dim]"
        )
        self.noise(meter)

    # 3 ---------------------------------------------------------------------------------

    async def keystrokes(self) -> None:
        """Table 3: keystroke to inline completion through sidecar lsp, and the hop."""
        meter = await self.quiet()
        client = self.editors[0]
        uri = (self.tmp / "typing.py").as_uri()
        open_doc(client, uri, TYPING_DOC)
        line = TYPING_DOC.split("\n").index("    ")
        warm = 3
        typed = TYPED[: warm + self.o.keystrokes]
        before = len(self.daemon.rows(EDITOR_APP))
        client_ms: list[float] = []
        for i, char in enumerate(typed):
            start = time.perf_counter()
            type_char(client, uri, i + 2, types.Position(line, 4 + i), char)
            await inline(client, uri, types.Position(line, 5 + i))
            if i >= warm:
                client_ms.append(ms_since(start))
        rows = self.daemon.rows(EDITOR_APP)[before:]
        matched = len(rows) == len(typed) and all(r["outcome"] == "ok" for r in rows)
        rows = rows[warm:]
        daemon_ms = [float(r["latency_ms"]) for r in rows]
        ttft_ms = [float(r["ttft_ms"] if r["ttft_ms"] is not None else "nan") for r in rows]
        hop = [c - d for c, d in zip(client_ms, daemon_ms, strict=True)] if matched else []

        title = (f"3. Keystroke to inline completion through sidecar lsp, warm "
                 f"({len(client_ms)} keystrokes, max_tokens {FIM_TOKENS})")  # fmt: skip
        table = new_table(title, ("measure", "p50 ms", "p99 ms", "target", "met"))
        table.add_row(
            "keystroke -> answer at the client (didChange + inlineCompletion)",
            fmt(median(client_ms)),
            fmt(percentile(client_ms, 99)),
            f"p50 < {TARGET_KEYSTROKE_MS:.0f} ms",
            met(median(client_ms) < TARGET_KEYSTROKE_MS),
        )
        for name, values in (("daemon latency_ms (ledger)", daemon_ms),
                             ("daemon ttft_ms (ledger)", ttft_ms)):  # fmt: skip
            table.add_row(name, fmt(median(values)), fmt(percentile(values, 99)), "-", "-")
        table.add_row(
            "hop = client - daemon latency (per keystroke)",
            fmt(median(hop), 2),
            fmt(percentile(hop, 99), 2),
            f"p50 < {TARGET_HOP_MS:.0f} ms",
            met(bool(hop) and median(hop) < TARGET_HOP_MS),
        )
        self.console.print(table)
        cached = ", ".join(f"{r['cached_tokens']}/{r['prompt_tokens']}" for r in rows[:4])
        n_tokens = median([float(r["completion_tokens"]) for r in rows])
        mismatch = "" if matched else "LEDGER ROWS DO NOT MATCH THE KEYSTROKES, no hop. "
        self.console.print(
            f"[dim]{mismatch}Each keystroke inserts one character (incremental didChange) and "
            f"asks for an inline completion at the cursor ({warm} warm-up keystrokes not "
            f"counted); the editor sets completionMaxTokens {FIM_TOKENS}, temperature 0. "
            f"Completion tokens p50 {fmt(n_tokens, 0)}; cached/prompt tokens of the first calls: "
            f"{cached}. The hop is the LSP's context build, JSON-RPC both ways, HTTP to the "
            f"daemon before and after its ledger clock, and clean-up.[/dim]"
        )
        self.noise(meter)

    # 4 ---------------------------------------------------------------------------------

    async def decode(self) -> None:
        """Table 4: decode tok/s, raw llama-cpp-python vs the worker vs the daemon."""
        from llama_cpp import Llama

        meter = await self.quiet()
        worker, http = self.workers[0], self.daemon.http
        settings = LocalSettings(n_threads=self.o.threads)
        with extra_buffers(worker.weight_repack):  # as the worker loads it
            llm = Llama(
                model_path=str(self.model),
                n_ctx=settings.n_ctx,
                n_threads=self.o.threads,
                n_threads_batch=self.o.threads,
                n_batch=settings.n_batch,
                verbose=False,
            )
        prompt_tokens = llm.tokenize(DECODE_PROMPT.encode(), add_bos=False, special=False)

        def raw_run() -> Timed:
            times, parts = [], []
            stream = llm.create_completion(
                prompt_tokens, max_tokens=DECODE_TOKENS, temperature=0.0, stream=True
            )
            for part in cast(Iterator[dict[str, Any]], stream):
                text = part["choices"][0]["text"]
                if text:
                    times.append(time.perf_counter())
                    parts.append(text)
            return times, "".join(parts)

        async def raw() -> Timed:
            return await asyncio.to_thread(raw_run)

        async def texts(request: Request) -> AsyncIterator[str]:
            async for chunk in worker.stream(request):
                if chunk.text:
                    yield chunk.text

        async def via_worker() -> Timed:
            request = Request(
                Endpoint.COMPLETIONS,
                "sidecar/local",
                prompt=DECODE_PROMPT,
                max_tokens=DECODE_TOKENS,
                temperature=0.0,
                stream=True,
            )
            return await timed(texts(request))

        async def via_http() -> Timed:
            body = {"model": "sidecar/local", "prompt": DECODE_PROMPT,
                    "max_tokens": DECODE_TOKENS, "temperature": 0}  # fmt: skip
            return await timed(http_stream(http, "/v1/completions", body))

        paths: dict[str, Callable[[], Awaitable[Timed]]] = {
            "raw llama-cpp-python": raw,
            "worker (WorkerBackend.stream)": via_worker,
            "daemon over HTTP": via_http,
        }
        names = list(paths)
        rates: dict[str, list[float]] = {name: [] for name in names}
        deltas: dict[str, set[int]] = {name: set() for name in names}
        answers: dict[str, set[str]] = {name: set() for name in names}
        try:
            for rep in range(self.o.decode_reps + 1):  # round 0 warms up
                for k in range(3):
                    name = names[(rep + k) % 3]
                    times, text = await paths[name]()
                    if rep and len(times) > 1:
                        rates[name].append((len(times) - 1) / (times[-1] - times[0]))
                        deltas[name].add(len(times))
                        answers[name].add(text)
                    await asyncio.sleep(0.1)
        finally:
            llm.close()

        raw_rates = rates[names[0]]
        same = all(answers[name] == answers[names[0]] for name in names)
        title = (f"4. Local decode tok/s, one prompt, {DECODE_TOKENS} tokens, {self.o.threads} "
                 f"threads ({self.o.decode_reps} runs per path, interleaved)")  # fmt: skip
        columns = ("path", "tok/s p50", "tok/s min", "p50 / raw p50", "paired ratio p50",
                   "text deltas", "target", "met")  # fmt: skip
        table = new_table(title, columns)
        for name in names:
            values = rates[name]
            paired = median([v / r for v, r in zip(values, raw_rates, strict=False)])
            target, ok = "-", "-"
            if name != names[0]:
                target = f">= {TARGET_DECODE_RATIO:.0%} of raw"
                ok = met(ratio(median(values), median(raw_rates)) >= TARGET_DECODE_RATIO)
            table.add_row(
                name,
                fmt(median(values)),
                fmt(min(values, default=float("nan"))),
                fmt(ratio(median(values), median(raw_rates)), 3),
                fmt(paired, 3),
                "/".join(str(n) for n in sorted(deltas[name])),
                target,
                ok,
            )
        self.console.print(table)
        self.console.print(
            f"[dim]rate = (text deltas - 1) / (last delta - first delta) where the text arrives "
            f"(this process); prompt {DECODE_PROMPT!r} as a plain completion, temperature 0. Raw "
            f"is a Llama in this process with the worker's n_ctx, n_threads, n_threads_batch, "
            f"n_batch and weight repacking. Same text on every path: {met(same)}.[/dim]"
        )
        self.noise(meter)

    # 5 ---------------------------------------------------------------------------------

    async def crashes(self) -> None:
        """Table 5: SIGSEGV the daemon's worker; time to a served request and to /healthz ok."""
        meter = await self.quiet()
        served: list[float] = []
        healthy: list[float] = []
        attempts: list[int] = []
        exits: list[str] = []
        for _ in range(self.o.kills):
            await self.settle()
            old = await self.daemon.worker_pid()
            start = time.perf_counter()
            os.kill(old, signal.SIGSEGV)
            (seconds, tries), ok = await asyncio.gather(
                self.first_served(start, old), self.healthz_ok(start, old)
            )
            served.append(seconds)
            attempts.append(tries)
            healthy.append(ok)
            _, health = await self.daemon.health()
            exits.append(str(health["local"]["worker"]["last_exit"]))
        backoff = [min(BACKOFF_S[0] * 2**i, BACKOFF_S[1]) for i in range(self.o.kills)]
        beyond = [s - b for s, b in zip(served, backoff, strict=True)]

        title = f"5. Worker crash (SIGSEGV) to first served request ({self.o.kills} kills in a row)"
        table = new_table(title, ("measure", "p50 s", "max s", "each kill, s"))
        for name, values in (
            ("kill -> first served sidecar/local chat", served),
            ("kill -> /healthz ok with the new worker", healthy),
            ("supervisor backoff before the restart (by design)", backoff),
            ("kill -> served, minus the backoff", beyond),
        ):
            each = ", ".join(fmt(v, 2) for v in values)
            table.add_row(name, fmt(median(values), 2), fmt(max(values), 2), each)
        self.console.print(table)
        self.console.print(
            f"[dim]After each kill a chat (sidecar/local, max_tokens 4) is sent every "
            f"{POLL_S * 1000:.0f} ms until one succeeds (attempts: "
            f"{', '.join(map(str, attempts))}) "
            f"while /healthz is polled at the same rate. Exits /healthz reported: "
            f"{', '.join(exits)}. The backoff doubles from {BACKOFF_S[0]} s with each crash of a "
            f"worker that was up for less than a minute.[/dim]"
        )
        self.noise(meter)

    async def first_served(self, start: float, old: int) -> tuple[float, int]:
        """Send a local chat every POLL_S until one succeeds; return (seconds, attempts)."""
        body = {
            "model": "sidecar/local",
            "messages": [{"role": "user", "content": "Say hello."}],
            "max_tokens": 4,
            "temperature": 0,
        }
        deadline = time.monotonic() + 90
        tries = 0
        while time.monotonic() < deadline:
            tries += 1
            async with self.daemon.http.post("/v1/chat/completions", json=body) as response:
                await response.read()
            if response.status == 200:
                elapsed = time.perf_counter() - start
                if await self.daemon.worker_pid() != old:
                    return elapsed, tries
            await asyncio.sleep(POLL_S)
        raise RuntimeError("no request was served within 90 s of the worker crash")

    async def healthz_ok(self, start: float, old: int) -> float:
        """Poll /healthz until it is ok with a new worker; return the seconds since ``start``."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            status, health = await self.daemon.health()
            pid = health["local"]["worker"]["pid"]
            if status == 200 and health["local"]["status"] == "ok" and pid not in (None, old):
                return time.perf_counter() - start
            await asyncio.sleep(POLL_S)
        raise RuntimeError("/healthz was not ok within 90 s of the worker crash")


async def main(options: Options) -> None:
    with isolated_dirs("sidecar-bench-daemon-") as tmp:
        os.environ["SIDECAR_RUNTIME_DIR"] = str(tmp / "run")
        os.environ["SIDECAR_GATEWAY_API_KEY"] = "unused"  # no gateway; never read a keyring
        async with contextlib.AsyncExitStack() as stack:
            await Bench(options, tmp, stack).run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few samples: a correctness run")
    parser.add_argument(
        "--threads", type=int, default=min(4, os.cpu_count() or 1), help="llama.cpp threads"
    )
    args = parser.parse_args()
    quick = bool(args.quick)
    options = Options(
        quick=quick,
        threads=args.threads,
        rounds=4 if quick else 20,
        keystrokes=6 if quick else 30,
        decode_reps=1 if quick else 4,
        kills=2 if quick else 5,
        quiet_s=2.0 if quick else 30.0,
        fim_budget_s=60.0 if quick else 90.0,
    )
    asyncio.run(main(options))
