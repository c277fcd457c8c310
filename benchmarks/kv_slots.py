"""KV prefix slots: TTFT of interleaved traffic with one prompt state vs several, in one run.

Two in-process local backends on the bundled model, ``local.kv_slots`` 1 (llama-cpp-python's
single live context, what sidecar had before) and 6 (the default), get the same traffic,
round by round, alternating which goes first:

- inline completions (FIM, ``max_tokens`` 8, temperature 0) in three files being typed in
  (stdlib modules, about 700 tokens of prefix each, a few more characters each visit);
- a chat session with a review system prompt whose conversation grows by a turn each round.

Each round visits file A, file B, the chat, file C, in that order, so every request follows
one about something else, as when a developer types in two editors while an agent works.
TTFT is from submitting to the first chunk (the prompt is evaluated by then);
"evaluated" is ``prompt_tokens - cached_tokens`` from the backend's usage.

The second table compares the ways to keep a prompt state, on a ~1,000-token context:
``llama_state_seq_get_data`` / ``set_data`` of sequence 0 (what the slots use) vs
``Llama.save_state`` / ``load_state`` (what llama-cpp-python's ``LlamaRAMCache`` does after
every completion): bytes kept per state and time to save and to load.

Run: ``python benchmarks/kv_slots.py [--rounds N]`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from _harness import fmt, machine_summary, median, percentile, wait_for_quiet
from rich.console import Console
from rich.table import Table

from sidecar.backends.kv_slots import SavedSequence
from sidecar.backends.local import LocalBackend
from sidecar.config import LocalSettings
from sidecar.request import Endpoint, Message, Request, Usage

FILES = ("textwrap.py", "shlex.py", "fractions.py")
PREFIX_CHARS = 2_600
TYPED_PER_VISIT = 24
SYSTEM = (
    "You are a senior engineer reviewing a colleague's Python. Correctness first "
    "(off-by-one, None, exceptions, resources), then concurrency, security and "
    "performance; quote the line you mean and propose a fix as a short diff. Be brief."
)
QUESTIONS = (
    "Review this module's dedent function for edge cases:\n\n",
    "Is the whitespace regex correct for tabs mixed with spaces?",
    "What happens with an empty string?",
    "Would you cache the compiled patterns differently?",
    "Any problems with very long lines?",
    "Summarise the two most important findings.",
)


def _source(name: str) -> str:
    import sysconfig

    return Path(sysconfig.get_paths()["stdlib"], name).read_text(encoding="utf-8")


def _fim(prefix: str, suffix: str) -> Request:
    return Request(
        endpoint=Endpoint.COMPLETIONS,
        model="sidecar/local",
        prompt=prefix,
        suffix=suffix,
        max_tokens=8,
        temperature=0.0,
    )


async def _timed(backend: LocalBackend, request: Request) -> tuple[float, Usage, str]:
    started = time.perf_counter()
    ttft = 0.0
    usage = Usage()
    parts: list[str] = []
    async for chunk in backend.stream(request):
        if not ttft and (chunk.text or chunk.finish_reason):
            ttft = (time.perf_counter() - started) * 1000
        parts.append(chunk.text)
        if chunk.usage is not None:
            usage = chunk.usage
    return ttft, usage, "".join(parts)


class Traffic:
    """One developer's interleaved traffic, replayable against several backends."""

    def __init__(self) -> None:
        self.sources = [_source(name) for name in FILES]
        self.cursor = [PREFIX_CHARS] * len(FILES)
        self.chat: list[Message] = [Message("system", SYSTEM)]
        self.chat_source = _source("textwrap.py")[:1_800]

    def round(self, index: int) -> list[tuple[str, Request]]:
        """Return the requests of round ``index`` (the same for every backend)."""
        requests = []
        for name, file in (("fim", 0), ("fim", 1), ("chat", None), ("fim", 2)):
            if file is None:
                question = QUESTIONS[index % len(QUESTIONS)]
                if index == 0:
                    question += self.chat_source
                messages = (*self.chat, Message("user", question))
                requests.append(
                    (
                        name,
                        Request(
                            endpoint=Endpoint.CHAT,
                            model="sidecar/local",
                            messages=messages,
                            max_tokens=16,
                            temperature=0.0,
                        ),
                    )
                )
                continue
            source, cut = self.sources[file], self.cursor[file]
            requests.append((name, _fim(source[:cut], source[cut : cut + 400])))
        return requests

    def advance(self, index: int, answer: str) -> None:
        """Type a few characters into each file and add the chat turn that was answered."""
        self.cursor = [cut + TYPED_PER_VISIT for cut in self.cursor]
        question = QUESTIONS[index % len(QUESTIONS)]
        if index == 0:
            question += self.chat_source
        self.chat += [Message("user", question), Message("assistant", answer)]


async def interleaved(rounds: int) -> dict[int, dict[str, list[tuple[float, int]]]]:
    backends = {slots: LocalBackend(LocalSettings(kv_slots=slots)) for slots in (1, 6)}
    for backend in backends.values():
        await backend.start()
    traffic = Traffic()
    samples: dict[int, dict[str, list[tuple[float, int]]]] = {
        slots: {"fim": [], "chat": []} for slots in backends
    }
    try:
        for index in range(rounds):
            order = list(backends) if index % 2 == 0 else list(reversed(backends))
            answer = ""
            for slots in order:
                for kind, request in traffic.round(index):
                    ttft, usage, text = await _timed(backends[slots], request)
                    if index > 0:  # round 0 is every state's cold start
                        evaluated = usage.prompt_tokens - usage.cached_tokens
                        samples[slots][kind].append((ttft, evaluated))
                    if kind == "chat" and slots == 6:
                        answer = text
            traffic.advance(index, answer or "Looks fine.")
        for slots, backend in backends.items():
            print(f"kv_slots={slots}: {json.dumps(backend.health()['kv_slots'])}")
    finally:
        for backend in backends.values():
            await backend.close()
    return samples


async def state_costs(reps: int) -> list[dict[str, Any]]:
    backend = LocalBackend(LocalSettings())
    await backend.start()
    try:

        def measure() -> list[dict[str, Any]]:
            llm = backend._model()
            prompt = _source("textwrap.py")[:3_800]
            llm.reset()
            llm.create_completion(prompt, max_tokens=1, temperature=0.0)
            n_tokens = llm.n_tokens
            rows = []
            seq_save, seq_load, full_save, full_load = [], [], [], []
            seq_bytes = full_bytes = 0
            for _ in range(reps):
                started = time.perf_counter()
                seq = SavedSequence.capture(llm)
                seq_save.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                seq.restore(llm)
                seq_load.append((time.perf_counter() - started) * 1000)
                seq_bytes = seq.size + seq.input_ids.nbytes
                started = time.perf_counter()
                full = llm.save_state()
                full_save.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                llm.load_state(full)
                full_load.append((time.perf_counter() - started) * 1000)
                full_bytes = full.llama_state_size + full.scores.nbytes + full.input_ids.nbytes
            for name, size, save, load in (
                ("llama_state_seq_get/set_data (slots)", seq_bytes, seq_save, seq_load),
                ("Llama.save_state/load_state (LlamaRAMCache)", full_bytes, full_save, full_load),
            ):
                rows.append(
                    {
                        "way": name,
                        "tokens": n_tokens,
                        "mb": size / 2**20,
                        "save_p50": median(save),
                        "save_p99": percentile(save, 99),
                        "load_p50": median(load),
                        "load_p99": percentile(load, 99),
                    }
                )
            return rows

        result: list[dict[str, Any]] = await backend._submit_call(measure, 0)
        return result
    finally:
        await backend.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    console = Console(width=120)
    console.print(f"kv_slots  {machine_summary()}")
    console.print(wait_for_quiet())
    samples = asyncio.run(interleaved(args.rounds))

    table = Table(title=f"Interleaved traffic, {args.rounds - 1} warm rounds (ms, tokens)")
    for column in ("request", "kv_slots", "n", "TTFT p50", "TTFT p99", "evaluated p50"):
        table.add_column(column, justify="right")
    table.add_column("TTFT p50 ratio", justify="right")
    for kind in ("fim", "chat"):
        one = median([t for t, _ in samples[1][kind]])
        for slots in (1, 6):
            rows = samples[slots][kind]
            ttfts = [t for t, _ in rows]
            table.add_row(
                kind,
                str(slots),
                str(len(rows)),
                fmt(median(ttfts)),
                fmt(percentile(ttfts, 99)),
                fmt(median([float(e) for _, e in rows]), 0),
                "1.00x" if slots == 1 else f"{median(ttfts) / one:.2f}x",
            )
    console.print(table)

    costs = asyncio.run(state_costs(args.reps))
    table = Table(title=f"Keeping one prompt state ({args.reps} reps)")
    for column in ("way", "tokens", "MB kept", "save p50", "save p99", "load p50", "load p99"):
        table.add_column(column, justify="right")
    for row in costs:
        table.add_row(
            row["way"],
            str(row["tokens"]),
            fmt(row["mb"], 1),
            fmt(row["save_p50"], 2),
            fmt(row["save_p99"], 2),
            fmt(row["load_p50"], 2),
            fmt(row["load_p99"], 2),
        )
    console.print(table)


if __name__ == "__main__":
    main()
