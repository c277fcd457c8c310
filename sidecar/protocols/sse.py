r"""Server-sent events: decode an upstream stream, encode events for a client.

Decoding follows the WHATWG HTML standard, section 9.2.6 "Interpreting an event stream":
lines are ``field: value``; ``data`` lines accumulate (joined with ``\\n``); a blank line
dispatches the event; lines starting with ``:`` are comments. No maintained SSE parser
for aiohttp's client exists (``aiohttp-sse-client`` was last released in 2021, and
``httpx-sse`` keeps its decoder private and needs httpx), so this small decoder is ours.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Event:
    """One dispatched server-sent event, with its bytes as received (for pass-through)."""

    data: str
    event: str = "message"
    raw: bytes = field(default=b"", compare=False, repr=False)


async def decode(lines: AsyncIterable[bytes]) -> AsyncIterator[Event]:
    r"""Yield events from an iterable of raw lines (each ending in ``\\n``, ``\\r\\n``).

    A final event not followed by a blank line is dispatched at end of input.
    """
    data: list[str] = []
    event = "message"
    received: list[bytes] = []
    async for raw in lines:
        received.append(raw)
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if not line:
            if data:
                yield Event("\n".join(data), event, b"".join(received))
            data, event, received = [], "message", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
    if data:
        yield Event("\n".join(data), event, b"".join(received) + b"\n")


def encode(data: str, event: str | None = None) -> bytes:
    """Return one event as bytes: optional ``event:`` line, ``data:`` lines, blank line."""
    head = f"event: {event}\n" if event else ""
    body = "".join(f"data: {line}\n" for line in data.split("\n"))
    return (head + body + "\n").encode("utf-8")
