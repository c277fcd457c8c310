"""Streaming overhead of the agent APIs: through sidecar vs straight to the gateway.

Usage: python benchmarks/agent_streaming.py [--requests N]

The stand-in gateway (tests/support/standin.py) and the two sidecars each run in their
own process (threads would share the GIL and add its 5 ms switch interval) and the
stand-in streams an Anthropic message (thinking, 40 words of text, a tool call: 30 events) or
an OpenAI chat stream. Each case sends N streamed requests, interleaved round-robin, and
times, per request, the first body byte and the gaps between chunks as the client reads
them:

- direct Anthropic: client -> stand-in ``/v1/messages``;
- bare aiohttp relay: client -> a 20-line aiohttp proxy -> stand-in (no parsing, routing
  or ledger): the floor of one more Python hop, for reference;
- pass-through: client -> sidecar ``/v1/messages`` -> stand-in ``/v1/messages``
  (``gateway.api = "both"``: request body unchanged, events relayed byte for byte);
- direct OpenAI: client -> stand-in ``/v1/chat/completions``;
- translated: client -> sidecar ``/v1/messages`` -> stand-in ``/v1/chat/completions``
  (``gateway.api = "openai"``: Anthropic in, OpenAI upstream, Anthropic events out).

Added time to first byte is sidecar minus the direct case of the same upstream shape
(targets: < 1 ms pass-through, < 2 ms translated).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from _harness import AUTH, bench_settings, isolated_dirs, start_sidecar
from gateway_overhead import serve_until_stdin_closes, spawn
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from tests.support.standin import StandinGateway

MESSAGES = {
    "model": "sidecar/frontier",
    "max_tokens": 256,
    "stream": True,
    "messages": [{"role": "user", "content": "Plan the rollout of the new billing service."}],
}
CHAT = {
    "model": "gpt-5",
    "stream": True,
    "stream_options": {"include_usage": True},
    "messages": MESSAGES["messages"],
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def one(
    http: aiohttp.ClientSession, url: str, body: dict[str, object], headers: dict[str, str]
) -> tuple[float, list[float]]:
    """Return (ms to the first body byte, ms gaps between chunks read)."""
    start = time.perf_counter()
    first: float | None = None
    gaps: list[float] = []
    last = start
    async with http.post(url, data=json.dumps(body), headers=headers) as response:
        assert response.status == 200, await response.text()
        async for _chunk in response.content.iter_any():
            now = time.perf_counter()
            if first is None:
                first = (now - start) * 1000
            else:
                gaps.append((now - last) * 1000)
            last = now
    assert first is not None
    return first, gaps


async def serve_standin() -> None:
    """Run the stand-in gateway (Anthropic message with thinking, 40 words) until stdin closes."""
    standin = StandinGateway(reply=" ".join(f"word{i}" for i in range(40)), chunks=40)
    standin.thinking = "Think first."
    await standin.start()
    try:
        await serve_until_stdin_closes(standin.url)
    finally:
        await standin.close()


async def serve_sidecar(gateway_url: str, api: str) -> None:
    """Run a sidecar whose gateway speaks ``api`` until stdin closes."""
    with isolated_dirs("sidecar-agent-bench-") as tmp:
        settings = bench_settings({"gateway": {"base_url": gateway_url, "api": api}})
        sidecar = await start_sidecar(tmp, settings)
        try:
            await serve_until_stdin_closes(sidecar.url)
        finally:
            await sidecar.close()


async def serve_relay(gateway_url: str) -> None:
    """Run a bare aiohttp relay to the stand-in until stdin closes: the floor of one hop.

    It forwards the body and the Anthropic headers and relays the answer's bytes as they
    arrive, with no parsing, routing or ledger: what any Python proxy on aiohttp pays.
    """
    from aiohttp import web

    session = aiohttp.ClientSession()
    upstream = gateway_url.removesuffix("/v1")

    async def relay(request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("anthropic")}
        async with session.post(
            upstream + request.path, data=await request.read(), headers=headers
        ) as answer:
            response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
            await response.prepare(request)
            async for chunk in answer.content.iter_any():
                await response.write(chunk)
        return response

    app = web.Application()
    app.router.add_post("/v1/messages", relay)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await serve_until_stdin_closes(f"http://127.0.0.1:{runner.addresses[0][1]}")
    finally:
        await session.close()
        await runner.cleanup()


async def main(requests: int) -> None:
    with isolated_dirs("sidecar-agent-bench-") as tmp:
        log = tmp / "servers.log"
        standin = await spawn("stand-in", "--serve-standin", log=log, script=__file__)
        both = await spawn("sidecar", "--serve-sidecar", standin.url, "both", log=log,
                           script=__file__)  # fmt: skip
        openai_only = await spawn("sidecar", "--serve-sidecar", standin.url, "openai", log=log,
                                  script=__file__)  # fmt: skip
        relay = await spawn("relay", "--serve-relay", standin.url, log=log, script=__file__)
        root = standin.url.removesuffix("/v1")
        anthropic_headers = {**AUTH, "anthropic-version": "2023-06-01"}
        cases = {
            "direct Anthropic": (f"{root}/v1/messages", MESSAGES, anthropic_headers),
            "bare aiohttp relay": (f"{relay.url}/v1/messages", MESSAGES, anthropic_headers),
            "pass-through": (f"{both.url}/v1/messages", MESSAGES, anthropic_headers),
            "direct OpenAI": (f"{root}/v1/chat/completions", CHAT, AUTH),
            "translated": (f"{openai_only.url}/v1/messages", MESSAGES, anthropic_headers),
        }
        ttfb: dict[str, list[float]] = {name: [] for name in cases}
        gaps: dict[str, list[float]] = {name: [] for name in cases}
        async with aiohttp.ClientSession() as http:
            for url, body, headers in cases.values():  # warm up
                await one(http, url, body, headers)
            for _ in range(requests):
                for name, (url, body, headers) in cases.items():
                    first, between = await one(http, url, body, headers)
                    ttfb[name].append(first)
                    gaps[name] += between
        for server in (both, openai_only, relay, standin):
            await server.stop()

    table = Table(title=f"Agent streaming through sidecar, {requests} requests per case")
    for column in ("case", "TTFB p50 ms", "TTFB p99 ms", "added TTFB p50 ms", "gap p50 ms",
                   "gap p99 ms", "target"):  # fmt: skip
        table.add_column(column, justify="left" if column == "case" else "right")
    baseline = {
        "bare aiohttp relay": "direct Anthropic",
        "pass-through": "direct Anthropic",
        "translated": "direct OpenAI",
    }
    targets = {"pass-through": "< 1 ms added", "translated": "< 2 ms added"}
    for name in cases:
        added = ""
        if name in baseline:
            diff = statistics.median(ttfb[name]) - statistics.median(ttfb[baseline[name]])
            added = f"{diff:.2f}"
        table.add_row(
            name,
            f"{statistics.median(ttfb[name]):.2f}",
            f"{percentile(ttfb[name], 0.99):.2f}",
            added,
            f"{statistics.median(gaps[name]):.3f}" if gaps[name] else "-",
            f"{percentile(gaps[name], 0.99):.3f}" if gaps[name] else "-",
            targets.get(name, ""),
        )
    Console(width=140).print(table)


if __name__ == "__main__":
    if "--serve-standin" in sys.argv:
        asyncio.run(serve_standin())
    elif "--serve-relay" in sys.argv:
        asyncio.run(serve_relay(sys.argv[sys.argv.index("--serve-relay") + 1]))
    elif "--serve-sidecar" in sys.argv:
        at = sys.argv.index("--serve-sidecar")
        asyncio.run(serve_sidecar(sys.argv[at + 1], sys.argv[at + 2]))
    else:
        count = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 200
        asyncio.run(main(count))
