"""Replay recorded agent sessions through classification and routing: where do turns go.

Usage: python benchmarks/agent_sessions.py [FILE.jsonl ...] [--ctx N ...] [--completion-tokens N]
       [--verbose]

Each file (default: every ``tests/data/agents/*.jsonl``, the requests a real agent CLI sent,
in order) is replayed request by request through what the server runs before it calls a
backend: the surface's parser (by path, query dropped), ``classify`` and ``routing.decide``
with one fresh ``Sessions`` per file and per context size (each file is one CLI run).
Requests on other paths (``count_tokens``, ``HEAD /api/hello``) are skipped and counted.

Printed per file and for each local context size (``local.n_ctx``, default 4096, the
bundled model's, and 32768, a local MoE such as Qwen3-Coder-30B-A3B): requests sent local
and frontier, route flips (consecutive requests of one session whose route changed), and
the estimated frontier cost of the routed session against sending every request to the
frontier. Cost assumptions (printed under the tables): the gateway is configured; the
frontier model is ``gateway.model`` priced from the default price table; prompt tokens
are cl100k estimates of the request's prompt text (messages, tool calls, tool
definitions); every request produces the same fixed number of completion tokens; local
requests cost nothing. The "cached" columns assume the provider caches the longest prefix
a request shares with an earlier request sent to the frontier from the same file, at the
cached-input price (a route flip does not lose that cache but the local turns' own
tokens are new to it).

No network, no model: runs in a few seconds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sidecar.backends.local import BUNDLED_MODEL_FILE  # noqa: E402
from sidecar.config import Price, Settings, load_settings  # noqa: E402
from sidecar.ledger.pricing import cost_usd, find_price  # noqa: E402
from sidecar.ledger.tokens import estimate_tokens  # noqa: E402
from sidecar.request import Decision, Request, Route, TaskKind, Usage  # noqa: E402
from sidecar.routing import RouteTargets, agent_turn, classify_request, decide  # noqa: E402
from sidecar.server import surfaces  # noqa: E402
from sidecar.sessions import Sessions, read_turn  # noqa: E402

DATA = ROOT / "tests/data/agents"
DEFAULT_CONTEXTS = (4096, 32768)
SURFACES: dict[str, surfaces.Surface] = {
    "/v1/chat/completions": surfaces.CHAT,
    "/v1/messages": surfaces.MESSAGES,
    "/v1/responses": surfaces.RESPONSES,
}


@dataclass(frozen=True)
class Recorded:
    """One routable request of a recording, parsed, with its prompt size."""

    index: int
    path: str
    request: Request
    session: str
    prompt: str
    """Prompt text in wire order (tools, then each message and its tool calls)."""
    prompt_tokens: int


@dataclass(frozen=True)
class Recording:
    """A recorded file: its routable requests and how many other requests it holds."""

    name: str
    requests: tuple[Recorded, ...]
    skipped: Counter[str]


@dataclass(frozen=True)
class Turn:
    """One request's routing decision and estimated frontier costs."""

    request: Recorded
    decision: Decision
    cached_tokens: int
    """Prompt tokens the provider would have cached had this request gone to the frontier."""
    decide_ms: float = 0.0
    """Wall time of classification + routing for this request (milliseconds)."""


@dataclass
class Replay:
    """A recording replayed at one local context size."""

    turns: list[Turn] = field(default_factory=list)

    @property
    def local(self) -> int:
        """Requests routed local."""
        return sum(t.decision.route is Route.LOCAL for t in self.turns)

    @property
    def frontier(self) -> int:
        """Requests routed to the frontier."""
        return sum(t.decision.route is Route.FRONTIER for t in self.turns)

    @property
    def flips(self) -> int:
        """Consecutive turns of one session whose route differs (side requests left out)."""
        last: dict[str, Route] = {}
        flips = 0
        for turn in self.turns:
            if turn.decision.task is TaskKind.BACKGROUND:
                continue  # a title request does not move the session (sidecar.sessions)
            route = turn.decision.route
            previous = last.get(turn.request.session)
            flips += previous is not None and previous is not route
            last[turn.request.session] = route
        return flips


@dataclass(frozen=True)
class Costs:
    """How a turn is priced: the frontier price and the completion tokens per request."""

    price: Price | None
    completion_tokens: int

    def usd(self, prompt_tokens: int, cached_tokens: int = 0) -> float:
        """USD for one frontier request of ``prompt_tokens`` (``cached_tokens`` of them cached)."""
        usage = Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=self.completion_tokens,
            cached_tokens=cached_tokens,
        )
        return cost_usd(self.price, usage)

    def routed(self, replay: Replay, cached: bool) -> float:
        """USD for the turns the replay sent to the frontier."""
        return sum(
            self.usd(t.request.prompt_tokens, t.cached_tokens if cached else 0)
            for t in replay.turns
            if t.decision.route is Route.FRONTIER
        )

    def everything(self, recording: Recording, cached: bool) -> float:
        """USD if every request of ``recording`` had gone to the frontier."""
        total = 0.0
        earlier: list[str] = []
        for item in recording.requests:
            hit = cached_tokens(item.prompt, earlier) if cached else 0
            total += self.usd(item.prompt_tokens, hit)
            earlier.append(item.prompt)
        return total


def wire_text(request: Request) -> str:
    """Return the prompt in the order a prefix cache sees it: tools, then the messages."""
    parts = [t.name + t.description + json.dumps(t.parameters) for t in request.tools]
    for message in request.messages:
        parts.append(message.content)
        parts += [c.name + c.arguments for c in message.tool_calls]
    return "\n".join(parts)


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b`` (binary search on slices)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def cached_tokens(prompt: str, earlier: Iterable[str]) -> int:
    """Tokens of the longest prefix ``prompt`` shares with any of ``earlier``."""
    longest = max((common_prefix(prompt, e) for e in earlier), default=0)
    return estimate_tokens(prompt[:longest])


def load(path: Path) -> Recording:
    """Parse every routable request of a recorded JSONL file, in order."""
    requests: list[Recorded] = []
    skipped: Counter[str] = Counter()
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        record: dict[str, Any] = json.loads(line)
        route_path = str(record["path"]).split("?", 1)[0]
        surface = SURFACES.get(route_path)
        if surface is None or record.get("method", "POST") != "POST":
            skipped[f"{record.get('method', 'POST')} {route_path}"] += 1
            continue
        headers = {k.lower(): str(v) for k, v in (record.get("headers") or {}).items()}
        request = surface.parse(record["body"], headers)
        prompt = wire_text(request)
        requests.append(
            Recorded(
                index=index,
                path=route_path,
                request=request,
                session=read_turn(request).session,
                prompt=prompt,
                prompt_tokens=estimate_tokens(prompt),
            )
        )
    return Recording(path.name, tuple(requests), skipped)


def settings_for(n_ctx: int) -> Settings:
    """Default settings (no config file) with the local context window set to ``n_ctx``."""
    return load_settings(Path("/nonexistent.toml"), {"local": {"n_ctx": n_ctx}})


def targets_for(settings: Settings) -> RouteTargets:
    """Return what the engine would route to, with a gateway configured (``Engine.targets``)."""
    local_model = Path(settings.local.model_path or BUNDLED_MODEL_FILE).stem
    return RouteTargets(
        local_model=local_model,
        frontier_model=settings.gateway.model,
        gateway_configured=True,
        local_n_ctx=settings.local.n_ctx,
        local_max_tokens=settings.local.default_max_tokens,
        model_map=tuple(settings.model_map().items()),
        gateway_api=settings.gateway.api,
        anthropic_model=settings.gateway.anthropic_model,
    )


def replay(recording: Recording, settings: Settings) -> Replay:
    """Route every request of ``recording`` in order, with a fresh session memory."""
    targets = targets_for(settings)
    sessions = Sessions(
        sticky=settings.routes.sticky_sessions,
        files_escalation=settings.routes.agent_files_escalation,
    )
    result = Replay()
    frontier_prompts: list[str] = []
    for item in recording.requests:
        started = time.perf_counter()
        turn = agent_turn(item.request, sessions)
        classification = classify_request(item.request, sessions, turn)
        decision = decide(item.request, classification, settings.routes, targets, sessions, turn)
        took_ms = (time.perf_counter() - started) * 1000
        hit = cached_tokens(item.prompt, frontier_prompts)
        if decision.route is Route.FRONTIER:
            frontier_prompts.append(item.prompt)
        result.turns.append(Turn(item, decision, hit, took_ms))
    return result


def timing_table(replays: Mapping[int, Sequence[Replay]]) -> Table:
    """Classification + routing time per request, before any byte goes upstream."""
    table = Table(title="Decision time per request (classify + route), ms")
    for column in ("requests", "n", "p50", "p99", "max"):
        table.add_column(column, justify="left" if column == "requests" else "right")
    turns = [t for results in replays.values() for r in results for t in r.turns]
    groups = {
        "scanned (fresh instructions, plain chat)": [
            t.decide_ms for t in turns if "not reclassified" not in t.decision.reasons[0]
        ],
        "agent tool follow-ups (session phase)": [
            t.decide_ms for t in turns if "not reclassified" in t.decision.reasons[0]
        ],
    }
    for name, values in groups.items():
        if not values:
            continue
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
        cells = (statistics.median(ordered), p99, ordered[-1])
        table.add_row(name, str(len(values)), *(f"{v:.2f}" for v in cells))
    return table


def usd(value: float) -> str:
    return f"{value:,.4f}"


def share(saved: float, whole: float) -> str:
    return f"{saved / whole:.0%}" if whole else "-"


def routes_table(recordings: Sequence[Recording], replays: Mapping[int, Sequence[Replay]]) -> Table:
    contexts = list(replays)
    table = Table(title="Routes per recorded session (local / frontier / route flips)")
    table.add_column("file", no_wrap=True)
    for column in ("requests", "skipped", "prompt tok"):
        table.add_column(column, justify="right")
    for n_ctx in contexts:
        for column in ("local", "frontier", "flips"):
            table.add_column(f"{column} @{n_ctx // 1024}k", justify="right")
    totals = [0, 0, 0] + [0] * (3 * len(contexts))
    for row, recording in enumerate(recordings):
        cells = [
            len(recording.requests),
            sum(recording.skipped.values()),
            sum(r.prompt_tokens for r in recording.requests),
        ]
        for n_ctx in contexts:
            result = replays[n_ctx][row]
            cells += [result.local, result.frontier, result.flips]
        totals = [a + b for a, b in zip(totals, cells, strict=True)]
        table.add_row(recording.name, *(f"{c:,}" for c in cells))
    table.add_section()
    table.add_row("total", *(f"{c:,}" for c in totals))
    return table


def cost_table(
    recordings: Sequence[Recording], replays: Mapping[int, Sequence[Replay]], costs: Costs
) -> Table:
    contexts = list(replays)
    table = Table(title="Estimated frontier cost, USD: routed vs everything to the frontier")
    table.add_column("file", no_wrap=True)
    table.add_column("all-frontier", justify="right")
    table.add_column("all-frontier cached", justify="right")
    for n_ctx in contexts:
        k = f"@{n_ctx // 1024}k"
        table.add_column(f"routed {k}", justify="right")
        table.add_column(f"saved {k}", justify="right")
        table.add_column(f"routed cached {k}", justify="right")
        table.add_column(f"saved cached {k}", justify="right")
    totals = [0.0] * (2 + 2 * len(contexts))
    for row, recording in enumerate(recordings):
        amounts = [costs.everything(recording, False), costs.everything(recording, True)]
        for n_ctx in contexts:
            result = replays[n_ctx][row]
            amounts += [costs.routed(result, False), costs.routed(result, True)]
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        table.add_row(recording.name, *_cost_cells(amounts))
    table.add_section()
    table.add_row("total", *_cost_cells(totals))
    return table


def _cost_cells(amounts: Sequence[float]) -> list[str]:
    """[all, all cached, routed, routed cached, ...] -> cells with the savings shares."""
    everything, everything_cached = amounts[0], amounts[1]
    cells = [usd(everything), usd(everything_cached)]
    for routed, routed_cached in zip(amounts[2::2], amounts[3::2], strict=True):
        cells += [
            usd(routed),
            share(everything - routed, everything),
            usd(routed_cached),
            share(everything_cached - routed_cached, everything_cached),
        ]
    return cells


def print_decisions(console: Console, recording: Recording, replays: Mapping[int, Replay]) -> None:
    """Every request's route at each context size and the reasons behind it."""
    console.print(f"[bold]{recording.name}[/]")
    for number, item in enumerate(recording.requests):
        request = item.request
        console.print(
            f"  #{item.index} {item.path} model={request.model} session={item.session[:20]} "
            f"~{item.prompt_tokens:,} prompt tokens, max_tokens={request.max_tokens}"
        )
        for n_ctx, result in replays.items():
            decision = result.turns[number].decision
            console.print(
                f"    @{n_ctx}: {decision.task.value} -> {decision.route.value} ({decision.model})",
                highlight=False,
            )
            for reason in decision.reasons:
                console.print(f"        - {reason}", highlight=False, markup=False)


@click.command(help=(__doc__ or "").split("\n\n", 1)[0])
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--ctx",
    "contexts",
    multiple=True,
    type=click.IntRange(min=256),
    default=DEFAULT_CONTEXTS,
    show_default=True,
    help="Local context sizes (local.n_ctx) to compare; repeat the option.",
)
@click.option(
    "--completion-tokens",
    type=click.IntRange(min=0),
    default=300,
    show_default=True,
    help="Completion tokens assumed for every request.",
)
@click.option("--verbose", is_flag=True, help="Print every decision with its reasons.")
def main(
    files: tuple[Path, ...], contexts: tuple[int, ...], completion_tokens: int, verbose: bool
) -> None:
    paths = list(files) or sorted(DATA.glob("*.jsonl"))
    recordings = [load(path) for path in paths]
    replays = {
        n_ctx: [replay(recording, settings_for(n_ctx)) for recording in recordings]
        for n_ctx in contexts
    }
    settings = settings_for(contexts[0])
    model = settings.gateway.model
    price = find_price(settings.price_table(), model)
    costs = Costs(price, completion_tokens)
    console = Console(width=200)
    if verbose:
        for row, recording in enumerate(recordings):
            print_decisions(console, recording, {n: replays[n][row] for n in contexts})
    console.print(routes_table(recordings, replays))
    console.print(cost_table(recordings, replays, costs))
    console.print(timing_table(replays))
    rates = (
        f"${price.input}/M input, ${price.cached_input}/M cached input, ${price.output}/M output"
        if price
        else "no price"
    )
    skipped = Counter[str]()
    for recording in recordings:
        skipped.update(recording.skipped)
    console.print(
        f"Assumptions: gateway configured; frontier model {model!r} ({rates}); "
        f"{completion_tokens} completion tokens per request; prompt tokens = cl100k estimate "
        "of messages, tool calls and tool definitions; local requests cost 0; "
        "'cached' = longest prefix shared with an earlier frontier request of the same file "
        "billed at the cached-input rate. Routing: default [routes] table, sticky sessions "
        f"{settings.routes.sticky_sessions}, local max_tokens default "
        f"{settings.local.default_max_tokens}. "
        f"Skipped (not routed): {dict(skipped) or 'none'}.",
        highlight=False,
        markup=False,
    )


if __name__ == "__main__":
    main()
