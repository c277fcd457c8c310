"""KV prefix slots on the real bundled model: interleaved documents and a chat keep their prefix.

Asserts on tokens evaluated (``prompt_tokens - cached_tokens``), never on time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sidecar.backends.local import LocalBackend
from sidecar.config import LocalSettings
from sidecar.request import Endpoint, Message, Request, Usage

DOC_A = '''"""Invoices: totals, taxes and the ledger export."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

TAX_RATES = {"DE": Decimal("0.19"), "FR": Decimal("0.20"), "NL": Decimal("0.21")}


@dataclass
class Line:
    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Invoice:
    number: str
    country: str
    issued: dt.date
    lines: list[Line] = field(default_factory=list)

    def subtotal(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0"))

    def tax(self) -> Decimal:
        rate = TAX_RATES.get(self.country, Decimal("0"))
        return (self.subtotal() * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def total(self) -> Decimal:
        return self.subtotal() + self.tax()


def export(invoices: list[Invoice], path: Path) -> int:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["number", "country", "issued", "subtotal", "tax", "total"])
        for invoice in invoices:
            writer.writerow(
'''

DOC_B = """import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;
}

export class Router extends EventEmitter {
  private readonly routes: Route[] = [];

  add(route: Route): this {
    this.routes.push(route);
    return this;
  }

  match(method: string, url: string): { route: Route; params: Record<string, string> } | null {
    const [pathname] = url.split("?");
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const names: string[] = [];
      const pattern = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      const found = new RegExp(`^${pattern}$`).exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]);
      });
      return { route, params };
    }
    return null;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const matched = this.match(req.method ?? "GET", req.url ?? "/");
    if (!matched) {
      res.statusCode = 404;
      res.end("not found");
      this.emit("miss", req.url);
      return;
    }
    try {
      await matched.route.handler(req, res, matched.params);
    } catch (error) {
      res.statusCode = 500;
      res.end("internal error");
      this.emit("error", error);
    }
"""

SYSTEM = (
    "You are a careful senior engineer reviewing code for a payments team. Point out "
    "correctness problems first (rounding, currency, time zones, concurrency), then "
    "readability. Quote the line you mean, say why it is wrong and what to write instead. "
    "Do not restate the code. Keep each finding to two sentences, and say so when the code "
    "is fine. The team writes Python 3.11 with type hints, dataclasses and pytest; money is "
    "always Decimal, never float; dates are timezone-aware; exports must be reproducible "
    "byte for byte."
)


def _fim(prefix: str) -> Request:
    return Request(
        endpoint=Endpoint.COMPLETIONS,
        model="sidecar/local",
        prompt=prefix,
        suffix="\n",
        max_tokens=4,
        temperature=0.0,
    )


def _chat(*turns: str) -> Request:
    messages = [Message("system", SYSTEM)]
    for index, text in enumerate(turns):
        messages.append(Message("user" if index % 2 == 0 else "assistant", text))
    return Request(
        endpoint=Endpoint.CHAT,
        model="sidecar/local",
        messages=tuple(messages),
        max_tokens=6,
        temperature=0.0,
    )


async def _usage(backend: LocalBackend, request: Request) -> Usage:
    usage = Usage()
    async for chunk in backend.stream(request):
        if chunk.usage is not None:
            usage = chunk.usage
    return usage


@pytest.fixture
async def backends() -> AsyncIterator[dict[int, LocalBackend]]:
    loaded = {}
    for slots in (1, 2, 6):
        backend = LocalBackend(LocalSettings(kv_slots=slots))
        await backend.start()
        loaded[slots] = backend
    yield loaded
    for backend in loaded.values():
        await backend.close()


def _evaluated(usage: Usage) -> int:
    return usage.prompt_tokens - usage.cached_tokens


QUESTION = "Review this:\n\n" + DOC_A[:900]
FOLLOW_UP = "And is the tax rounding right for the Netherlands?"


async def _interleave(backend: LocalBackend) -> tuple[list[Usage], list[Usage]]:
    """Two documents typed in and a chat, interleaved; return first and second visits."""
    first = [
        await _usage(backend, _fim(DOC_A)),
        await _usage(backend, _fim(DOC_B)),
        await _usage(backend, _chat(QUESTION)),
    ]
    second = [
        await _usage(backend, _fim(DOC_A + "                invoice.number,")),
        await _usage(backend, _fim(DOC_B + "  }\n\n  get size(): number {")),
        await _usage(backend, _chat(QUESTION, "The rounding looks fine.", FOLLOW_UP)),
    ]
    return first, second


async def test_interleaved_documents_and_a_chat_each_reuse_their_own_prefix(
    backends: dict[int, LocalBackend],
) -> None:
    first, second = await _interleave(backends[6])
    for name, before, after in zip(("doc A", "doc B", "chat"), first, second, strict=True):
        assert before.prompt_tokens > 300, name
        # Only what was typed since (plus the chat's new turn) is evaluated again.
        assert _evaluated(after) < 60, (name, after)
        assert after.cached_tokens >= before.prompt_tokens - 8, (name, before, after)
    stats = backends[6].health()["kv_slots"]
    assert stats["loads"] >= 3 and stats["slots"] >= 2


async def test_with_one_slot_each_switch_evaluates_the_whole_prompt_again(
    backends: dict[int, LocalBackend],
) -> None:
    first, second = await _interleave(backends[1])
    for name, before, after in zip(("doc A", "doc B", "chat"), first, second, strict=True):
        assert _evaluated(after) > before.prompt_tokens - 20, (name, before, after)
    assert backends[1].health()["kv_slots"]["saves"] == 0


async def test_the_least_recently_used_state_goes_first(
    backends: dict[int, LocalBackend],
) -> None:
    backend = backends[2]  # the live context and one saved state
    await _usage(backend, _fim(DOC_A))
    await _usage(backend, _fim(DOC_B))  # A saved
    await _usage(backend, _chat(QUESTION))  # B saved, A dropped
    b_again = await _usage(backend, _fim(DOC_B + "\n"))  # B loaded, the chat saved
    a_again = await _usage(backend, _fim(DOC_A + "\n"))
    chat_again = await _usage(backend, _chat(QUESTION, "Fine.", FOLLOW_UP))  # dropped by A
    assert _evaluated(b_again) < 20
    assert _evaluated(a_again) > a_again.prompt_tokens - 20
    assert _evaluated(chat_again) > chat_again.prompt_tokens - 20


async def test_a_memory_bound_too_small_for_one_state_saves_none() -> None:
    backend = LocalBackend(LocalSettings(kv_slots=6, kv_slots_mb=0))
    await backend.start()
    try:
        await _usage(backend, _fim(DOC_A))
        await _usage(backend, _fim(DOC_B))
        again = await _usage(backend, _fim(DOC_A + "\n"))
        assert _evaluated(again) > again.prompt_tokens - 20
        assert backend.health()["kv_slots"]["slots"] == 0
    finally:
        await backend.close()
