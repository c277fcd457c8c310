"""The developer's day that ``replay_day.py`` replays: generated, deterministic, no downloads.

:func:`build_day` returns the requests one developer's tools send to the sidecar in a day,
in order, each tagged with a *lane* (a client whose requests go one after another) and a
*phase* (lanes of one phase run concurrently). See ``replay_day.py`` for what is in it.
Assistant turns of the agent sessions are scripted (tool calls and their results), so the
day does not depend on what the model answers.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

SEED = 12
FIM = "/v1/completions"
CHAT = "/v1/chat/completions"
MESSAGES = "/v1/messages?beta=true"
RESPONSES = "/v1/responses"
VSCODE = "vscode"
NEOVIM = "neovim"
EDITOR = "editor"
"""The lane of everything the developer does in the two editors (one thing at a time)."""
CLAUDE_UA = "claude-cli/2.0.0 (external, cli)"
CODEX_UA = "codex_cli_rs/0.46.0 (Debian 12.0.0; x86_64) xterm-256color"
AIDER_UA = "OpenAI/Python 1.99.9"
CLAUDE_MAX_TOKENS = 512
"""Claude Code sends 32000. The bundled 135M model then writes until its 4096-token
context is full (2,600-3,100 tokens, 1-8 minutes per call on a 2-core VM), which would
make the day take hours without changing what it measures (prompt caching, TTFT); so the
day sends 512. Routing then reserves 512 reply tokens instead of 1024 (n_ctx / 4)."""

# ----------------------------------------------------------------------------- sources

PY_HEAD = '''"""Invoice totals, discounts and tax for the billing service."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

log = logging.getLogger(__name__)

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineItem:
    sku: str
    quantity: int
    unit_price: Decimal
    tax_rate: Decimal = Decimal("0.20")

    @property
    def net(self) -> Decimal:
        return (self.unit_price * self.quantity).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Invoice:
    number: str
    customer_id: int
    issued: date
    items: list[LineItem] = field(default_factory=list)
    discount_codes: list[str] = field(default_factory=list)

    def subtotal(self) -> Decimal:
        return sum((item.net for item in self.items), Decimal("0"))
'''
PY_TAIL = """

def format_amount(amount: Decimal, currency: str = "EUR") -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,.2f} {currency}"


def overdue(invoices: list[Invoice], today: date, days: int = 30) -> list[Invoice]:
    return [inv for inv in invoices if (today - inv.issued).days > days]
"""
PY_TYPING = (
    """
    def tax(self) -> Decimal:
        total = sum((item.net * item.tax_rate for item in self.items), Decimal("0"))
        return total.quantize(CENT, ROUND_HALF_UP)
""",
    '''

def apply_discounts(invoice: Invoice, rules: dict[str, Decimal]) -> Decimal:
    """Return the subtotal after every known discount code, never below zero."""
    amount = invoice.subtotal()
    for code in invoice.discount_codes:
        rate = rules.get(code.upper())
        if rate is None:
            log.warning("unknown discount code %s on %s", code, invoice.number)
            continue
        amount -= (amount * rate).quantize(CENT, ROUND_HALF_UP)
    return max(amount, Decimal("0"))
''',
    """

def total_due(invoice: Invoice, rules: dict[str, Decimal]) -> Decimal:
    net = apply_discounts(invoice, rules)
    ratio = net / invoice.subtotal() if invoice.subtotal() else Decimal("0")
    return (net + invoice.tax() * ratio).quantize(CENT, ROUND_HALF_UP)
""",
    """

def summarize(invoices: list[Invoice], rules: dict[str, Decimal]) -> dict[str, Decimal]:
    totals = {"net": Decimal("0"), "tax": Decimal("0"), "due": Decimal("0")}
    for invoice in invoices:
        totals["net"] += apply_discounts(invoice, rules)
        totals["tax"] += invoice.tax()
        totals["due"] += total_due(invoice, rules)
    return totals
""",
)

TS_HEAD = """import type { Invoice, InvoiceSummary } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const BASE_URL = import.meta.env.VITE_API_URL ?? "/api";

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    ...init,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
  if (!response.ok) {
    throw new ApiError(response.status, await response.text());
  }
  return (await response.json()) as T;
}
"""
TS_TAIL = """
export function listInvoices(customerId: number): Promise<InvoiceSummary[]> {
  return request(`/customers/${customerId}/invoices`);
}

export function getInvoice(number: string): Promise<Invoice> {
  return request(`/invoices/${encodeURIComponent(number)}`);
}
"""
TS_TYPING = (
    """
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retriable = error instanceof ApiError && error.status >= 500;
      if (!retriable || attempt >= attempts) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
}
""",
    """
export async function downloadPdf(number: string): Promise<Blob> {
  const response = await fetch(`${BASE_URL}/invoices/${number}/pdf`);
  if (!response.ok) throw new ApiError(response.status, "pdf not ready");
  return response.blob();
}
""",
    """
export function markPaid(number: string, paidOn: string): Promise<Invoice> {
  return withRetry(() =>
    request(`/invoices/${number}/payments`, {
      method: "POST",
      body: JSON.stringify({ paidOn }),
    }),
  );
}
""",
    """
export async function listOverdue(customerId: number, today = new Date()) {
  const invoices = await withRetry(() => listInvoices(customerId));
  const limit = 30 * 24 * 3600 * 1000;
  return invoices.filter((invoice) => today.getTime() - Date.parse(invoice.issued) > limit);
}
""",
)

GO_EXPORT = """package export

import (
\t"context"
\t"encoding/csv"
\t"fmt"
\t"io"
\t"time"
)

type Row struct {
\tInvoice  string
\tCustomer int64
\tAmount   float64
\tIssued   time.Time
}

// WriteCSV writes one line per row, amounts with two decimals.
func WriteCSV(ctx context.Context, w io.Writer, rows <-chan Row) error {
\tout := csv.NewWriter(w)
\tdefer out.Flush()
\tfor row := range rows {
\t\tif err := ctx.Err(); err != nil {
\t\t\treturn err
\t\t}
\t\trecord := []string{row.Invoice, fmt.Sprint(row.Customer),
\t\t\tfmt.Sprintf("%.2f", row.Amount), row.Issued.Format("2006-01-02")}
\t\tif err := out.Write(record); err != nil {
\t\t\treturn fmt.Errorf("write %s: %w", row.Invoice, err)
\t\t}
\t}
\treturn out.Error()
}
"""

GO_WORKER = """package sync

import (
\t"context"
\t"log/slog"
\t"time"
)

type Store interface {
\tPending(ctx context.Context, limit int) ([]Job, error)
\tDone(ctx context.Context, id int64) error
}

type Worker struct {
\tStore    Store
\tPush     func(context.Context, Job) error
\tInterval time.Duration
}

func (w *Worker) Run(ctx context.Context) {
\tfor {
\t\tjobs, err := w.Store.Pending(ctx, 100)
\t\tif err != nil {
\t\t\tslog.Error("load pending jobs", "err", err)
\t\t}
\t\tfor _, job := range jobs {
\t\t\tif err := w.Push(ctx, job); err != nil {
\t\t\t\tslog.Warn("push failed", "job", job.ID, "err", err)
\t\t\t\tcontinue
\t\t\t}
\t\t\tw.Store.Done(ctx, job.ID)
\t\t}
\t\ttime.Sleep(w.Interval)
\t}
}
"""

PY_CLIENT = """import logging

import httpx

from billing.invoices import Invoice

log = logging.getLogger(__name__)


class InvoiceClient:
    def __init__(self, base_url: str, token: str, timeout: float = 5.0) -> None:
        self._http = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
        )

    def fetch_invoice(self, number: str) -> Invoice:
        response = self._http.get(f"/invoices/{number}")
        response.raise_for_status()
        return Invoice(**response.json())

    def close(self) -> None:
        self._http.close()
"""

PY_CLIENT_TEST = """import httpx
import pytest

from billing.client import InvoiceClient


def transport(responses):
    calls = iter(responses)
    return httpx.MockTransport(lambda request: next(calls))


def test_fetch_invoice_ok(invoice_json):
    client = InvoiceClient("http://billing", "t")
    client._http._transport = transport([httpx.Response(200, json=invoice_json)])
    assert client.fetch_invoice("INV-1").number == "INV-1"
"""

GO_RATELIMIT = """package middleware

import (
\t"net/http"
\t"sync"

\t"golang.org/x/time/rate"
)

// RateLimit allows rps requests per second per client IP.
func RateLimit(rps float64, burst int) func(http.Handler) http.Handler {
\tvar mu sync.Mutex
\tlimiters := map[string]*rate.Limiter{}
\treturn func(next http.Handler) http.Handler {
\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\t\tmu.Lock()
\t\t\tl, ok := limiters[r.RemoteAddr]
\t\t\tif !ok {
\t\t\t\tl = rate.NewLimiter(rate.Limit(rps), burst)
\t\t\t\tlimiters[r.RemoteAddr] = l
\t\t\t}
\t\t\tmu.Unlock()
\t\t\tif !l.Allow() {
\t\t\t\thttp.Error(w, "rate limited", http.StatusTooManyRequests)
\t\t\t\treturn
\t\t\t}
\t\t\tnext.ServeHTTP(w, r)
\t\t})
\t}
}
"""

PY_EXPORT = """import csv
import locale
from decimal import Decimal


def export_rows(rows, out):
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["invoice", "customer", "amount", "issued"])
    for row in rows:
        amount = locale.format_string("%.2f", row.amount, grouping=True)
        writer.writerow([row.number, row.customer_id, amount, row.issued.isoformat()])


def parse_amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))
"""

EDITOR_SYSTEM = """\
You are a coding assistant inside the developer's editor. The user selects code and
asks about it. Answer about the selection only, be concise, and use the language of the
code for any code you write. When you change code, return the whole changed snippet in one
fenced block and nothing else after it. Do not invent APIs that are not in the selection or
the standard library. If the question cannot be answered from the selection, say so."""

# ------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Call:
    """One request of the day.

    Attributes:
        lane: the client that sends it; calls of one lane are sent one after another.
        phase: calls of one phase in different lanes run concurrently; phases in order.
        label: what the generator meant it to be (``fim``, ``chat explain``, ``agent`` ...).
        app: the client, as the day table shows it.

    """

    lane: str
    phase: int
    label: str
    app: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    def key(self) -> str:
        """Identity of the request as a cache would see it: path, client and body."""
        text = json.dumps([self.path, self.app, self.body], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Day:
    """The day under construction: calls in order, each tagged with phase and lane."""

    rng: random.Random
    calls: list[Call] = field(default_factory=list)
    phase: int = 0

    def next_phase(self) -> None:
        self.phase += 1

    def add(
        self,
        lane: str,
        label: str,
        app: str,
        path: str,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> None:
        self.calls.append(Call(lane, self.phase, label, app, path, headers or {}, body))

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int = 24) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))


# ------------------------------------------------------------------------ inline typing

_TOKEN = re.compile(r"\n[ \t]*|\w+|[ \t]+|[^\w\s]")


def bursts(rng: random.Random, text: str) -> list[str]:
    """Split typed ``text`` into the pieces typed between two pauses (one FIM request each).

    A pause comes after 4-14 characters, always after Enter plus indentation, and now and
    then a whole line arrives at once (a suggestion accepted with Tab).
    """
    pieces: list[str] = []
    current = ""
    goal = rng.randint(4, 14)
    tokens = _TOKEN.findall(text)
    assert "".join(tokens) == text
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("\n") and rng.random() < 0.12:  # accept a whole line
            line = token
            i += 1
            while i < len(tokens) and not tokens[i].startswith("\n"):
                line += tokens[i]
                i += 1
            if current:
                pieces.append(current)
            pieces.append(line)
            current = ""
            continue
        current += token
        i += 1
        if token.startswith("\n") or len(current) >= goal:
            pieces.append(current)
            current = ""
            goal = rng.randint(4, 14)
    if current:
        pieces.append(current)
    return pieces


@dataclass
class Editor:
    """One editor with one open file, typing ``texts`` one after another at its cursor."""

    app: str
    path: str
    head: str
    tail: str
    texts: list[str]
    done: list[str] = field(default_factory=list)
    """Texts already typed (they stay in the file)."""

    def prefix_suffix(self, typed: str) -> tuple[str, str]:
        return self.head + "".join(self.done) + typed, self.tail

    def fim_body(self, prefix: str, suffix: str) -> dict[str, Any]:
        line = prefix.rsplit("\n", 1)[-1]
        multiline = not line.strip()  # at the start of a line: ask for a block
        if self.app == VSCODE:
            return {
                "model": "sidecar/auto",
                "prompt": prefix,
                "suffix": suffix,
                "max_tokens": 32 if multiline else 16,
                "temperature": 0,
                "stop": ["\n\n"],
            }
        return {
            "model": "sidecar/auto",
            "prompt": prefix,
            "suffix": suffix,
            "max_tokens": 24,
            "temperature": 0,
        }


def type_text(day: Day, editor: Editor, text: str, lane: str, stop_after: int | None = None) -> int:
    """Emit the FIM requests of typing ``text`` at the editor's cursor; return how many.

    With ``stop_after``, stop after that many pauses and keep the rest for later (the
    developer switches to the other editor); the typed part stays in the file.
    """
    rng = day.rng
    headers = {"X-Sidecar-App": editor.app, "X-Sidecar-Files": editor.path}
    pieces = bursts(rng, text)
    states: list[str] = []
    sent = 0
    typed = ""

    def send(prefix: str, suffix: str, label: str) -> None:
        nonlocal sent
        day.add(lane, label, editor.app, FIM, editor.fim_body(prefix, suffix), headers)
        sent += 1

    for index, piece in enumerate(pieces):
        if stop_after is not None and index >= stop_after:
            editor.done.append(typed)
            editor.texts.insert(0, "".join(pieces[index:]))
            return sent
        typed += piece
        states.append(typed)
        send(*editor.prefix_suffix(typed), "fim")
        roll = rng.random()
        if roll < 0.07 and len(states) > 2:  # undo the last burst, pause, type it again
            send(*editor.prefix_suffix(states[-2]), "fim repeat")
            send(*editor.prefix_suffix(typed), "fim repeat")
        elif roll < 0.10 and len(states) > 2:  # look something up above, come back
            prefix, suffix = editor.prefix_suffix(typed)
            whole = prefix + suffix
            cut = whole.index("\n\n") + 1  # end of the module docstring / first block
            send(whole[:cut], whole[cut:], "fim")
            send(prefix, suffix, "fim repeat")
    editor.done.append(typed)
    return sent


def typing_session(
    day: Day, editors: Sequence[Editor], lane_of: dict[str, str], budget: int
) -> None:
    """Alternate between ``editors``, typing their next texts, until ``budget`` requests."""
    rng = day.rng
    sent = 0
    turn = 0
    while sent < budget and any(e.texts for e in editors):
        editor = editors[turn % len(editors)]
        turn += 1
        if not editor.texts:
            continue
        text = editor.texts.pop(0)
        stop = rng.randint(6, 16) if len(editors) > 1 else budget - sent
        sent += type_text(day, editor, text, lane_of[editor.app], stop)


# --------------------------------------------------------------------------- editor chat


def editor_chat(
    day: Day, lane: str, app: str, path: str, instruction: str, code: str, language: str, label: str
) -> None:
    user = f"{instruction}\n\n```{language}\n{code.strip()}\n```" if code else instruction
    body = {
        "model": "sidecar/auto",
        "messages": [
            {"role": "system", "content": EDITOR_SYSTEM},
            {"role": "user", "content": user},
        ],
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    headers = {"X-Sidecar-App": app, **({"X-Sidecar-Files": path} if path else {})}
    day.add(lane, label, app, CHAT, body, headers)


def repeat_call(day: Day, lane: str, label: str, previous: Call) -> None:
    """Send ``previous`` again, unchanged (the developer asked the same thing again)."""
    day.add(lane, label, previous.app, previous.path, previous.body, previous.headers)


def section(source: str, start: str, lines: int) -> str:
    """Return ``lines`` lines of ``source`` from the first line containing ``start``."""
    all_lines = source.splitlines()
    first = next(i for i, line in enumerate(all_lines) if start in line)
    return "\n".join(all_lines[first : first + lines])


def numbered(text: str) -> str:
    """``cat -n`` style, as Claude Code's Read tool returns files."""
    return "\n".join(f"{i:>6}\t{line}" for i, line in enumerate(text.splitlines(), 1))


# ----------------------------------------------------------------------- Claude Code

CLAUDE_SYSTEM = """You are Claude Code, Anthropic's official CLI for Claude.
You are an interactive CLI tool that helps users with software engineering tasks. Use the
instructions below and the tools available to you to assist the user.

# Tone and style
Be concise, direct, and to the point. Answer in fewer than 4 lines unless the user asks for
detail. Do not add preamble or postamble. Do not add comments to code unless asked.

# Doing tasks
- Use the search tools to understand the codebase before you change it.
- Implement the solution with the available tools, following the code's conventions.
- Verify the solution with the project's tests; never assume a test framework.
- Run the linter and type checker if the project has them.
- NEVER commit changes unless the user explicitly asks you to.

# Tool usage policy
- Prefer Grep and Read over Bash for searching and reading files.
- When several independent pieces of information are needed, batch the tool calls.
"""

CLAUDE_TOOLS: list[dict[str, Any]] = [
    {
        "name": "Read",
        "description": "Reads a file from the local filesystem. The file_path must be "
        "absolute. Returns the content with line numbers (cat -n format).",
        "input_schema": {
            "type": "object",
            "properties": {
                "file_path": {"type": "string", "description": "Absolute path of the file"},
                "offset": {"type": "number", "description": "Line to start reading from"},
                "limit": {"type": "number", "description": "Number of lines to read"},
            },
            "required": ["file_path"],
            "additionalProperties": False,
        },
    },
    {
        "name": "Edit",
        "description": "Performs an exact string replacement in a file. old_string must be "
        "unique in the file; read the file first.",
        "input_schema": {
            "type": "object",
            "properties": {
                "file_path": {"type": "string"},
                "old_string": {"type": "string", "description": "The text to replace"},
                "new_string": {"type": "string", "description": "The replacement"},
            },
            "required": ["file_path", "old_string", "new_string"],
            "additionalProperties": False,
        },
    },
    {
        "name": "Bash",
        "description": "Executes a bash command in a persistent shell with a timeout.",
        "input_schema": {
            "type": "object",
            "properties": {
                "command": {"type": "string"},
                "description": {"type": "string", "description": "5-10 words on what it does"},
            },
            "required": ["command"],
            "additionalProperties": False,
        },
    },
    {
        "name": "Grep",
        "description": "Searches file contents with ripgrep regular expressions.",
        "input_schema": {
            "type": "object",
            "properties": {
                "pattern": {"type": "string"},
                "path": {"type": "string"},
                "output_mode": {"type": "string", "enum": ["content", "files_with_matches"]},
            },
            "required": ["pattern"],
            "additionalProperties": False,
        },
    },
]

CLAUDE_MD = """<system-reminder>
As you answer the user's questions, you can use the following context:
# claudeMd
Contents of /home/dev/billing/CLAUDE.md (project instructions, checked into the codebase):

- Python 3.12, run tests with `pytest -q`, lint with `ruff check .`
- Money is Decimal, never float. Quantize with CENT and ROUND_HALF_UP.
- Go services live in services/; run `go test ./...` there.
</system-reminder>"""

Step = tuple[str, dict[str, Any], str]
"""A scripted agent step: (assistant text, tool call {"name", "input"}, tool result)."""


@dataclass
class ClaudeSession:
    """A Claude Code conversation: the body of every call is built from it as it grows."""

    day: Day
    lane: str
    model: str = "claude-sonnet-4-5-20250929"
    session: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session = self.day.uid()

    def headers(self) -> dict[str, str]:
        return {
            "User-Agent": CLAUDE_UA,
            "x-claude-code-session-id": self.session,
            "anthropic-version": "2023-06-01",
            "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,"
            "fine-grained-tool-streaming-2025-05-14",
            "x-app": "cli",
        }

    def body(self) -> dict[str, Any]:
        messages = json.loads(json.dumps(self.messages))
        last = messages[-1]["content"][-1]  # the moving cache breakpoint
        last["cache_control"] = {"type": "ephemeral"}
        return {
            "model": self.model,
            "max_tokens": CLAUDE_MAX_TOKENS,
            "system": [
                {
                    "type": "text",
                    "text": "You are Claude Code, Anthropic's official CLI for Claude.",
                    "cache_control": {"type": "ephemeral"},
                },
                {"type": "text", "text": CLAUDE_SYSTEM, "cache_control": {"type": "ephemeral"}},
            ],
            "messages": messages,
            "tools": CLAUDE_TOOLS,
            "metadata": {"user_id": f"user_{'0' * 8}_account__session_{self.session}"},
            "stream": True,
        }

    def title(self, prompt: str) -> None:
        """Send the haiku side request that names the session."""
        body = {
            "model": "claude-3-5-haiku-20241022",
            "max_tokens": 512,
            "messages": [{"role": "user", "content": prompt}],
            "system": [
                {
                    "type": "text",
                    "text": "Analyze if this message indicates a new "
                    "conversation topic. If it does, extract a 2-3 word title. Format "
                    "your response as a JSON object with two fields: 'isNewTopic' "
                    "(boolean) and 'title' (string, or null if isNewTopic is false).",
                }
            ],
            "stream": True,
        }
        self.day.add(self.lane, "agent side", "claude-cli", MESSAGES, body, self.headers())

    def user(self, text: str, first: bool = False) -> None:
        content = [{"type": "text", "text": CLAUDE_MD}] if first else []
        content.append({"type": "text", "text": text})
        self.messages.append({"role": "user", "content": content})
        self.send()

    def send(self) -> None:
        self.day.add(self.lane, "agent", "claude-cli", MESSAGES, self.body(), self.headers())

    def steps(self, steps: Iterable[Step], final: str) -> None:
        for text, tool, result in steps:
            call_id = "toolu_01" + self.day.hexid(22)
            content: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
            content.append({"type": "tool_use", "id": call_id, **tool})
            self.messages.append({"role": "assistant", "content": content})
            self.messages.append(
                {
                    "role": "user",
                    "content": [{"type": "tool_result", "tool_use_id": call_id, "content": result}],
                }
            )
            self.send()
        self.messages.append({"role": "assistant", "content": [{"type": "text", "text": final}]})


ASSERT_OK = '    assert client.fetch_invoice("INV-1").number == "INV-1"\n'


def claude_retry_session(day: Day, lane: str) -> None:
    """Add retries to the invoice client, with tests, then a follow-up (execution)."""
    s = ClaudeSession(day, lane)
    ask = (
        "Add retries with exponential backoff to InvoiceClient.fetch_invoice in "
        "billing/client.py (3 attempts, only on 5xx and timeouts) and add tests."
    )
    s.title(ask)
    s.user(ask, first=True)
    root = "/home/dev/billing"
    edit_client = {
        "file_path": f"{root}/billing/client.py",
        "old_string": '        response = self._http.get(f"/invoices/{number}")\n'
        "        response.raise_for_status()\n",
        "new_string": "        for attempt in range(1, ATTEMPTS + 1):\n"
        "            try:\n"
        '                response = self._http.get(f"/invoices/{number}")\n'
        "                if response.status_code < 500:\n"
        "                    break\n"
        "            except httpx.TimeoutException:\n"
        "                if attempt == ATTEMPTS:\n"
        "                    raise\n"
        "            time.sleep(BACKOFF_S * 2 ** (attempt - 1))\n"
        "        response.raise_for_status()\n",
    }
    failing = """============================= test session starts ==============================
collected 3 items

tests/test_client.py .F.                                                 [100%]

=================================== FAILURES ===================================
________________________ test_fetch_invoice_retries_5xx ________________________
    def test_fetch_invoice_retries_5xx(invoice_json, monkeypatch):
>       monkeypatch.setattr(client_module.time, "sleep", lambda s: None)
E       AttributeError: module 'billing.client' has no attribute 'time'
=========================== short test summary info ============================
FAILED tests/test_client.py::test_fetch_invoice_retries_5xx - AttributeError
========================= 1 failed, 2 passed in 0.31s ========================="""
    s.steps(
        [
            (
                "I'll read the client first.",
                {"name": "Read", "input": {"file_path": f"{root}/billing/client.py"}},
                numbered(PY_CLIENT),
            ),
            (
                "",
                {"name": "Grep", "input": {"pattern": "fetch_invoice", "output_mode": "content"}},
                "billing/client.py:19:    def fetch_invoice(self, number: str) -> Invoice:\n"
                "billing/sync.py:42:        invoice = client.fetch_invoice(number)\n"
                "tests/test_client.py:13:def test_fetch_invoice_ok(invoice_json):",
            ),
            (
                "",
                {"name": "Read", "input": {"file_path": f"{root}/tests/test_client.py"}},
                numbered(PY_CLIENT_TEST),
            ),
            (
                "Now the retry loop.",
                {"name": "Edit", "input": edit_client},
                f"The file {root}/billing/client.py has been updated.",
            ),
            (
                "",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/billing/client.py",
                        "old_string": "import logging\n",
                        "new_string": "import logging\nimport time\n",
                    },
                },
                f"The file {root}/billing/client.py has been updated.",
            ),
            (
                "Adding tests for 5xx, 4xx and timeouts.",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/tests/test_client.py",
                        "old_string": ASSERT_OK,
                        "new_string": ASSERT_OK + "\n\n"
                        "def test_fetch_invoice_retries_5xx(invoice_json, monkeypatch):\n"
                        '    monkeypatch.setattr(client_module.time, "sleep", lambda s: None)\n'
                        '    client = InvoiceClient("http://billing", "t")\n'
                        "    client._http._transport = transport(\n"
                        "        [httpx.Response(503), httpx.Response(200, json=invoice_json)]\n"
                        "    )\n"
                        '    assert client.fetch_invoice("INV-1").number == "INV-1"\n',
                    },
                },
                f"The file {root}/tests/test_client.py has been updated.",
            ),
            (
                "",
                {
                    "name": "Bash",
                    "input": {
                        "command": "pytest -q tests/test_client.py",
                        "description": "Run the client tests",
                    },
                },
                failing,
            ),
            (
                "The test module lacks the import.",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/tests/test_client.py",
                        "old_string": "from billing.client import InvoiceClient\n",
                        "new_string": "from billing import client as client_module\n"
                        "from billing.client import InvoiceClient\n",
                    },
                },
                f"The file {root}/tests/test_client.py has been updated.",
            ),
            (
                "",
                {
                    "name": "Bash",
                    "input": {
                        "command": "pytest -q tests/test_client.py",
                        "description": "Run the client tests",
                    },
                },
                "...                                                                      [100%]\n"
                "3 passed in 0.28s",
            ),
        ],
        "Done: fetch_invoice retries up to 3 times on 5xx and timeouts with 0.5/1/2 s "
        "backoff; tests cover 5xx then success, 4xx without retry, and timeouts.",
    )
    s.user("Also log each retry at debug level with the attempt number and status.")
    s.steps(
        [
            (
                "",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/billing/client.py",
                        "old_string": "            time.sleep(BACKOFF_S * 2 ** (attempt - 1))\n",
                        "new_string": '            log.debug("retry %d for %s", attempt, number)\n'
                        "            time.sleep(BACKOFF_S * 2 ** (attempt - 1))\n",
                    },
                },
                f"The file {root}/billing/client.py has been updated.",
            ),
            (
                "",
                {
                    "name": "Bash",
                    "input": {
                        "command": "pytest -q tests/test_client.py && ruff check billing",
                        "description": "Run tests and lint",
                    },
                },
                "...                                                                      [100%]\n"
                "3 passed in 0.27s\nAll checks passed!",
            ),
        ],
        "Each retry now logs `retry <n> for <number>` at debug level.",
    )


def claude_planning_session(day: Day, lane: str) -> None:
    """Planning first (frontier), then the agent starts editing (execution)."""
    s = ClaudeSession(day, lane)
    ask = (
        "Plan how we should roll out per-tenant rate limits in services/gateway instead "
        "of per-IP limits; list the trade-offs, then implement the first step."
    )
    s.title(ask)
    s.user(ask, first=True)
    root = "/home/dev/billing/services/gateway"
    s.steps(
        [
            (
                "",
                {"name": "Read", "input": {"file_path": f"{root}/middleware/ratelimit.go"}},
                numbered(GO_RATELIMIT),
            ),
            (
                "",
                {"name": "Grep", "input": {"pattern": "RateLimit\\(", "path": root}},
                f"{root}/main.go:57:\tr.Use(middleware.RateLimit(cfg.RPS, cfg.Burst))",
            ),
            (
                "Plan: 1) key limiters by tenant (X-Tenant-ID, falling back to IP); 2) per-tenant "
                "limits from config; 3) evict idle limiters. Trade-offs: memory per tenant, "
                "no cross-replica limit until a shared store. Starting with step 1.",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/middleware/ratelimit.go",
                        "old_string": "\t\t\tl, ok := limiters[r.RemoteAddr]\n",
                        "new_string": '\t\t\tkey := r.Header.Get("X-Tenant-ID")\n'
                        '\t\t\tif key == "" {\n\t\t\t\tkey = r.RemoteAddr\n\t\t\t}\n'
                        "\t\t\tl, ok := limiters[key]\n",
                    },
                },
                f"The file {root}/middleware/ratelimit.go has been updated.",
            ),
            (
                "",
                {
                    "name": "Edit",
                    "input": {
                        "file_path": f"{root}/middleware/ratelimit.go",
                        "old_string": "\t\t\t\tlimiters[r.RemoteAddr] = l\n",
                        "new_string": "\t\t\t\tlimiters[key] = l\n",
                    },
                },
                f"The file {root}/middleware/ratelimit.go has been updated.",
            ),
            (
                "",
                {
                    "name": "Bash",
                    "input": {
                        "command": f"cd {root} && go test ./...",
                        "description": "Run the gateway tests",
                    },
                },
                "ok  \tgateway/middleware\t0.012s\nok  \tgateway\t0.020s",
            ),
        ],
        "Step 1 is in: limiters are keyed by X-Tenant-ID, else the client IP. Next: "
        "per-tenant limits from config and idle eviction.",
    )


# ---------------------------------------------------------------------------- Codex

CODEX_INSTRUCTIONS = """\
You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on
a user's computer.

## General
- The arguments to `shell` are passed to execvp(). Most terminal commands should be
  prefixed with ["bash", "-lc"]. Always set the `workdir` param of the shell tool.
- When searching for text or files, prefer `rg` over `grep` because it is much faster.

## Editing constraints
- Default to ASCII when editing or creating files.
- Use `apply_patch` for single file edits; do not use it for auto-generated changes.
- Never revert changes you did not make; the worktree may be dirty.

## Presenting your work
- Be concise; summarise what changed and where, referencing files with paths.
- Suggest next steps (tests, commits) only when they are natural.
"""

CODEX_TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "shell",
        "description": "Runs a shell command and returns its output.",
        "strict": False,
        "parameters": {
            "type": "object",
            "properties": {
                "command": {"type": "array", "items": {"type": "string"}},
                "workdir": {"type": "string"},
                "timeout_ms": {"type": "number"},
            },
            "required": ["command"],
            "additionalProperties": False,
        },
    },
    {
        "type": "function",
        "name": "apply_patch",
        "description": "Apply a patch in the apply_patch format: *** Begin Patch, "
        "*** Update File: path, @@ hunks, *** End Patch.",
        "strict": False,
        "parameters": {
            "type": "object",
            "properties": {"input": {"type": "string"}},
            "required": ["input"],
            "additionalProperties": False,
        },
    },
    {
        "type": "function",
        "name": "update_plan",
        "description": "Updates the task plan: a list of steps with a status each.",
        "strict": False,
        "parameters": {
            "type": "object",
            "properties": {
                "explanation": {"type": "string"},
                "plan": {"type": "array", "items": {"type": "object"}},
            },
            "required": ["plan"],
            "additionalProperties": False,
        },
    },
]


@dataclass
class CodexSession:
    """A Codex CLI conversation on the Responses API."""

    day: Day
    lane: str
    session: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session = self.day.uid()
        self.items = [
            {
                "type": "message",
                "role": "user",
                "content": [
                    {
                        "type": "input_text",
                        "text": "<environment_context>\n  <cwd>/home/dev/billing</cwd>\n"
                        "  <approval_policy>on-request</approval_policy>\n"
                        "  <sandbox_mode>workspace-write</sandbox_mode>\n"
                        "  <network_access>restricted</network_access>\n  <shell>bash</shell>\n"
                        "</environment_context>",
                    }
                ],
            },
        ]

    def headers(self) -> dict[str, str]:
        return {
            "User-Agent": CODEX_UA,
            "originator": "codex_cli_rs",
            "session_id": self.session,
            "OpenAI-Beta": "responses=experimental",
            "Accept": "text/event-stream",
        }

    def send(self, label: str = "agent") -> None:
        body = {
            "model": "gpt-5-codex",
            "instructions": CODEX_INSTRUCTIONS,
            "input": json.loads(json.dumps(self.items)),
            "tools": CODEX_TOOLS,
            "tool_choice": "auto",
            "parallel_tool_calls": False,
            "reasoning": {"effort": "medium", "summary": "auto"},
            "store": False,
            "stream": True,
            "include": ["reasoning.encrypted_content"],
            "prompt_cache_key": self.session,
        }
        self.day.add(self.lane, label, "codex", RESPONSES, body, self.headers())

    def title(self, prompt: str) -> None:
        body = {
            "model": "gpt-5-codex",
            "instructions": "Generate a concise, single-line task title of at most 36 "
            "characters. Start with an imperative verb.",
            "input": [
                {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": prompt}],
                }
            ],
            "store": False,
            "stream": True,
            "prompt_cache_key": self.session,
        }
        self.day.add(self.lane, "agent side", "codex", RESPONSES, body, self.headers())

    def user(self, text: str) -> None:
        self.items.append(
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
        )
        self.send()

    def steps(self, steps: Iterable[tuple[str, dict[str, Any], str]], final: str) -> None:
        for name, arguments, output in steps:
            call_id = "call_" + self.day.hexid(24)
            self.items.append(
                {
                    "type": "function_call",
                    "name": name,
                    "arguments": json.dumps(arguments),
                    "call_id": call_id,
                }
            )
            self.items.append(
                {"type": "function_call_output", "call_id": call_id, "output": output}
            )
            self.send()
        self.items.append(
            {
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": final}],
            }
        )


def codex_session(day: Day, lane: str) -> None:
    """Fix a locale bug in the CSV export (execution), then ask for a plan (planning)."""
    s = CodexSession(day, lane)
    ask = (
        "The CSV export in billing/export.py writes amounts with a comma decimal "
        "separator under a German locale. Always write a dot, keep two decimals, and "
        "add a test."
    )
    s.title(ask)
    s.user(ask)
    wd = "/home/dev/billing"
    patch = (
        "*** Begin Patch\n*** Update File: billing/export.py\n@@\n-import locale\n"
        '@@\n-        amount = locale.format_string("%.2f", row.amount, grouping=True)\n'
        '+        amount = f"{row.amount:.2f}"\n*** End Patch'
    )
    test = (
        "*** Begin Patch\n*** Add File: tests/test_export.py\n+import io\n+from decimal "
        "import Decimal\n+\n+from billing.export import export_rows\n+\n+\n+def "
        "test_amount_uses_dot(row_factory):\n+    out = io.StringIO()\n+    "
        'export_rows([row_factory(amount=Decimal("1234.5"))], out)\n+    assert '
        '";1234.50;" in out.getvalue()\n*** End Patch'
    )
    s.steps(
        [
            (
                "shell",
                {"command": ["bash", "-lc", 'rg -n "locale|def export" billing'], "workdir": wd},
                "billing/export.py:2:import locale\nbilling/export.py:6:def export_rows(rows, out):"
                '\nbilling/export.py:10:        amount = locale.format_string("%.2f", row.amount, '
                "grouping=True)",
            ),
            (
                "shell",
                {"command": ["bash", "-lc", "sed -n '1,40p' billing/export.py"], "workdir": wd},
                PY_EXPORT,
            ),
            (
                "update_plan",
                {
                    "plan": [
                        {"step": "Format amounts without locale", "status": "in_progress"},
                        {"step": "Add a regression test", "status": "pending"},
                        {"step": "Run the tests", "status": "pending"},
                    ]
                },
                "Plan updated",
            ),
            (
                "apply_patch",
                {"input": patch},
                "Success. Updated the following files:\nM billing/export.py",
            ),
            (
                "apply_patch",
                {"input": test},
                "Success. Updated the following files:\nA tests/test_export.py",
            ),
            (
                "shell",
                {"command": ["bash", "-lc", "pytest -q tests/test_export.py"], "workdir": wd},
                "F                                                                        [100%]\n"
                "E       fixture 'row_factory' not found\n1 error in 0.05s",
            ),
            (
                "shell",
                {"command": ["bash", "-lc", 'rg -n "def .*row" tests/conftest.py'], "workdir": wd},
                "tests/conftest.py:18:def export_row(**overrides):",
            ),
            (
                "apply_patch",
                {
                    "input": "*** Begin Patch\n*** Update File: tests/test_export.py\n@@"
                    "\n-def test_amount_uses_dot(row_factory):\n+def "
                    "test_amount_uses_dot(export_row):\n*** End Patch"
                },
                "Success. Updated the following files:\nM tests/test_export.py",
            ),
            (
                "shell",
                {"command": ["bash", "-lc", "pytest -q tests/test_export.py"], "workdir": wd},
                ".                                                                        [100%]\n"
                "1 passed in 0.04s",
            ),
        ],
        'Amounts are now formatted with `f"{amount:.2f}"` (always a dot); '
        "tests/test_export.py covers it.",
    )
    s.user(
        "Now propose a high-level plan for replacing the nightly CSV export with an "
        "event-driven pipeline to the data warehouse; list the trade-offs and a rollout "
        "in phases."
    )
    s.steps(
        [
            (
                "shell",
                {"command": ["bash", "-lc", "rg -n \"export_rows\" -g '!tests'"], "workdir": wd},
                "billing/jobs/nightly.py:31:    export_rows(repo.closed_since(last_run), out)",
            )
        ],
        "Phases: 1) emit InvoiceClosed events from billing (outbox table), 2) a consumer "
        "writes to the warehouse, 3) run both in parallel and compare, 4) retire the CSV.",
    )


# ---------------------------------------------------------------------------- aider

AIDER_SYSTEM = """Act as an expert software developer.
Always use best practices when coding.
Respect and use existing conventions, libraries, etc that are already present in the code base.

Take requests for changes to the supplied code.
If the request is ambiguous, ask questions.

Once you understand the request you MUST:
1. Decide if you need to propose *SEARCH/REPLACE* edits to any files that haven't been added
to the chat.
2. Think step-by-step and explain the needed changes in a few short sentences.
3. Describe each change with a *SEARCH/REPLACE block* per the examples below.

All changes to files must use this *SEARCH/REPLACE block* format.
ONLY EVER RETURN CODE IN A *SEARCH/REPLACE BLOCK*!

# *SEARCH/REPLACE block* Rules:
Every *SEARCH/REPLACE block* must use this format:
1. The *FULL* file path alone on a line, verbatim.
2. The opening fence and code language, eg: ```go
3. The start of search block: <<<<<<< SEARCH
4. A contiguous chunk of lines to search for in the existing source code
5. The dividing line: =======
6. The lines to replace into the source code
7. The end of the replace block: >>>>>>> REPLACE
8. The closing fence: ```
"""

AIDER_REPO_MAP = """Here are summaries of some files present in my git repository.
Do not propose changes to these files, treat them as *read-only*.
If you need to edit any of these files, ask me to *add them to the chat* first.

services/sync/cmd/sync/main.go:
│func main() {
│	flag.DurationVar(&interval, "interval", time.Minute, "poll interval")
services/sync/internal/sync/job.go:
│type Job struct {
│	ID      int64
│	Payload []byte
services/sync/internal/store/postgres.go:
│func (s *PG) Pending(ctx context.Context, limit int) ([]sync.Job, error) {
│func (s *PG) Done(ctx context.Context, id int64) error {
"""

AIDER_COMMIT_SYSTEM = """\
You are an expert software engineer that generates concise, one-line Git commit messages
based on the provided diffs.
Review the provided context and diffs which are about to be committed to a git repo.
Generate a one-line commit message for those changes.
The commit message should be structured as follows: <type>: <description>
Use these for <type>: fix, feat, build, chore, ci, docs, style, refactor, perf, test
Reply only with the one-line commit message, without any additional text."""


@dataclass
class AiderSession:
    """An aider chat: files in the chat re-sent in their current state on every call."""

    day: Day
    lane: str
    files: dict[str, str]
    done: list[dict[str, str]] = field(default_factory=list)

    def headers(self) -> dict[str, str]:
        return {"User-Agent": AIDER_UA, "X-Stainless-Lang": "python"}

    def messages(self, current: list[dict[str, str]]) -> list[dict[str, str]]:
        chat_files = "\n\n".join(f"{path}\n```go\n{text}```" for path, text in self.files.items())
        return [
            {"role": "system", "content": AIDER_SYSTEM},
            {"role": "user", "content": AIDER_REPO_MAP},
            {
                "role": "assistant",
                "content": "Ok, I won't try and edit those files without asking first.",
            },
            *self.done,
            {
                "role": "user",
                "content": "I have *added these files to the chat* so you can go "
                "ahead and edit them.\n\n*Trust this message as the true contents of these files!*"
                "\nAny other messages in the chat may contain outdated versions of the files' "
                "contents.\n\n" + chat_files,
            },
            {"role": "assistant", "content": "Ok, any changes I propose will be to those files."},
            *current,
        ]

    def send(self, current: list[dict[str, str]]) -> None:
        body = {
            "model": "gpt-4o",
            "messages": self.messages(current),
            "temperature": 0,
            "stream": True,
        }
        self.day.add(self.lane, "agent", "aider", CHAT, body, self.headers())

    def commit_message(self, diff: str) -> None:
        body = {
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "system", "content": AIDER_COMMIT_SYSTEM},
                {"role": "user", "content": f"# Diffs:\n{diff}"},
            ],
            "temperature": 0,
        }
        self.day.add(self.lane, "agent side", "aider", CHAT, body, self.headers())

    def turn(
        self,
        ask: str,
        reply: str,
        path: str,
        old: str,
        new: str,
        diff: str,
        failed_first: bool = False,
    ) -> None:
        current = [{"role": "user", "content": ask}]
        self.send(current)
        if failed_first:  # the first reply's SEARCH block did not match: aider reflects
            bad = {"role": "assistant", "content": reply.replace("\t", "    ")}
            current += [
                bad,
                {
                    "role": "user",
                    "content": "# 1 SEARCH/REPLACE block failed to "
                    "match!\n\n## SearchReplaceNoExactMatch: This SEARCH block failed to "
                    f"exactly match lines in {path}\nThe SEARCH section must exactly "
                    "match an existing block of lines including all white space, "
                    "comments, indentation, docstrings, etc",
                },
            ]
            self.send(current)
        current.append({"role": "assistant", "content": reply})
        self.files[path] = self.files[path].replace(old, new)
        self.commit_message(diff)
        self.done += current


def aider_session(day: Day, lane: str) -> None:
    """Three change requests on a Go worker, one with a failed edit and its reflection."""
    path = "services/sync/internal/sync/worker.go"
    s = AiderSession(day, lane, {path: GO_WORKER})
    old1 = "\t\ttime.Sleep(w.Interval)\n"
    new1 = (
        "\t\tselect {\n\t\tcase <-ctx.Done():\n\t\t\treturn\n"
        "\t\tcase <-time.After(w.Interval):\n\t\t}\n"
    )
    s.turn(
        "Make Worker.Run return when ctx is cancelled instead of sleeping blindly.",
        f"Replace the sleep with a select on ctx.Done().\n\n{path}\n```go\n<<<<<<< SEARCH\n"
        f"{old1}=======\n{new1}>>>>>>> REPLACE\n```",
        path,
        old1,
        new1,
        f"--- a/{path}\n+++ b/{path}\n@@ -33 +33,5 @@\n-{old1}+" + new1.replace("\n\t", "\n+\t"),
    )
    old2 = "\t\t\tw.Store.Done(ctx, job.ID)\n"
    new2 = (
        "\t\t\tif err := w.Store.Done(ctx, job.ID); err != nil {\n"
        '\t\t\t\tslog.Error("mark job done", "job", job.ID, "err", err)\n\t\t\t}\n'
    )
    s.turn(
        "Don't ignore the error from Store.Done; log it.",
        f"Check and log the error.\n\n{path}\n```go\n<<<<<<< SEARCH\n{old2}=======\n{new2}"
        ">>>>>>> REPLACE\n```",
        path,
        old2,
        new2,
        f"--- a/{path}\n+++ b/{path}\n@@ -30 +30,3 @@\n-{old2}+{new2}",
        failed_first=True,
    )
    old3 = "\t\tjobs, err := w.Store.Pending(ctx, 100)\n"
    new3 = "\t\tjobs, err := w.Store.Pending(ctx, w.BatchSize)\n"
    s.turn(
        "Make the batch size a field BatchSize on Worker instead of the literal 100.",
        f"Use a BatchSize field.\n\n{path}\n```go\n<<<<<<< SEARCH\n{old3}=======\n{new3}"
        f">>>>>>> REPLACE\n```\n\n{path}\n```go\n<<<<<<< SEARCH\n\tInterval time.Duration\n"
        "=======\n\tInterval  time.Duration\n\tBatchSize int\n>>>>>>> REPLACE\n```",
        path,
        old3,
        new3,
        f"--- a/{path}\n+++ b/{path}\n@@ -21 +21 @@\n-{old3}+{new3}",
    )


# ------------------------------------------------------------------------------ the day


def build_day(seed: int = SEED) -> list[Call]:
    """Return the day's requests in the order the developer's tools send them."""
    day = Day(random.Random(seed))
    py = Editor(VSCODE, "billing/invoices.py", PY_HEAD, PY_TAIL, list(PY_TYPING))
    ts = Editor(NEOVIM, "web/src/api/client.ts", TS_HEAD, TS_TAIL, list(TS_TYPING))
    lanes = {VSCODE: EDITOR, NEOVIM: EDITOR}
    go_csv = "services/export/csv.go"
    write_csv = "// WriteCSV" + GO_EXPORT.split("// WriteCSV", 1)[1]

    def chat(app: str, path: str, ask: str, code: str, language: str, label: str) -> Call:
        editor_chat(day, EDITOR, app, path, ask, code, language, label)
        return day.calls[-1]

    # 09:00 morning: re-read yesterday's code, start typing in both editors.
    explain_invoice = chat(
        VSCODE,
        py.path,
        "Explain what this class does and how subtotal is computed.",
        section(PY_HEAD, "class Invoice", 12),
        "python",
        "chat explain",
    )
    chat(
        NEOVIM,
        ts.path,
        "Explain what happens here when the server answers 204.",
        section(TS_HEAD, "async function request", 11),
        "typescript",
        "chat explain",
    )
    typing_session(day, [py, ts], lanes, budget=30)
    day.next_phase()
    # 09:30 an agent runs in the terminal while the developer keeps typing in Neovim.
    claude_retry_session(day, "claude")
    typing_session(day, [ts], lanes, budget=18)
    day.next_phase()
    # 10:15 editor chat on the agent's work and on other code, a planning question.
    review_client = chat(
        VSCODE,
        "billing/client.py",
        "Review this function for bugs and missing error handling.",
        section(PY_CLIENT, "def fetch_invoice", 4),
        "python",
        "chat review",
    )
    chat(NEOVIM, go_csv, "Explain this function.", write_csv, "go", "chat explain")
    planning_migration = chat(
        VSCODE,
        "",
        "Design a migration plan for moving the invoices table from MySQL to "
        "Postgres with zero downtime: phases, dual writes, backfill and the rollback plan.",
        "",
        "",
        "planning",
    )
    typing_session(day, [py, ts], lanes, budget=45)
    repeat_call(day, EDITOR, "chat explain", explain_invoice)  # the panel was closed
    chat(
        NEOVIM,
        ts.path,
        "Refactor this to use async/await error handling with a typed result instead of throwing.",
        section(TS_HEAD, "async function request", 11),
        "typescript",
        "chat refactor",
    )
    chat(
        VSCODE,
        py.path,
        "Refactor this to a generator expression with an explicit start value and add a docstring.",
        section(PY_HEAD, "def subtotal", 2),
        "python",
        "chat refactor",
    )
    chat(
        NEOVIM,
        ts.path,
        "Review this retry loop: which errors are retried, and is the backoff right?",
        TS_TYPING[0],
        "typescript",
        "chat review",
    )
    day.next_phase()
    # 11:30 aider on the Go sync worker.
    aider_session(day, "aider")
    day.next_phase()
    # 13:30 after lunch: more typing, a review asked twice, a planning question.
    chat(
        NEOVIM,
        "services/sync/internal/sync/worker.go",
        "Review this for goroutine leaks and error handling.",
        section(GO_WORKER, "func (w", 19),
        "go",
        "chat review",
    )
    typing_session(day, [py, ts], lanes, budget=40)
    repeat_call(day, EDITOR, "chat review", review_client)  # after the agent's change
    chat(
        VSCODE,
        py.path,
        "Explain the rounding: why quantize per line and not on the total?",
        section(PY_HEAD, "class LineItem", 10),
        "python",
        "chat explain",
    )
    chat(
        NEOVIM,
        "",
        "Should we move the job queue from Redis streams to Kafka at 2k "
        "jobs/s? Compare the trade-offs and recommend one.",
        "",
        "",
        "planning",
    )
    typing_session(day, [py, ts], lanes, budget=35)
    chat(
        VSCODE,
        py.path,
        "Refactor LineItem so tax is computed on the line, with a property like net.",
        section(PY_HEAD, "class LineItem", 10),
        "python",
        "chat refactor",
    )
    day.next_phase()
    # 14:30 Codex in the terminal.
    codex_session(day, "codex")
    day.next_phase()
    # 15:30 Claude Code for a planning-then-execution task.
    claude_planning_session(day, "claude")
    day.next_phase()
    # 16:15 finish both files, last questions of the day.
    chat(
        NEOVIM,
        "services/gateway/middleware/ratelimit.go",
        "Explain how the limiter map grows and whether it is ever cleaned up.",
        GO_RATELIMIT,
        "go",
        "chat explain",
    )
    typing_session(day, [py, ts], lanes, budget=500)
    chat(
        VSCODE,
        py.path,
        "Review this function: rounding, negative amounts, unknown codes.",
        PY_TYPING[1],
        "python",
        "chat review",
    )
    chat(
        NEOVIM,
        go_csv,
        "Refactor this so the record building is a separate function with "
        "a test-friendly signature.",
        write_csv,
        "go",
        "chat refactor",
    )
    chat(
        VSCODE,
        "billing/export.py",
        "Explain why this breaks under a German locale.",
        PY_EXPORT,
        "python",
        "chat explain",
    )
    chat(
        NEOVIM,
        ts.path,
        "Review these two functions for error handling.",
        TS_TYPING[1] + TS_TYPING[2],
        "typescript",
        "chat review",
    )
    repeat_call(day, EDITOR, "planning", planning_migration)  # reopened for the standup notes
    return day.calls
