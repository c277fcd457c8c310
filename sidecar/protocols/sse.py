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
    """One dispatched server-sent event, with its bytes as received (for pass-through).

    ``more`` is True when the next event arrived in the same read: a relay may hold this
    one back and write both at once.
    """

    data: str
    event: str = "message"
    raw: bytes = field(default=b"", compare=False, repr=False)
    more: bool = field(default=False, compare=False, repr=False)


async def decode(received: AsyncIterable[bytes]) -> AsyncIterator[Event]:
    r"""Yield events from a stream's bytes, in pieces of any size (lines, or each read).

    Lines end in ``\n`` (a ``\r`` before it is dropped). A final event not followed by a
    blank line is dispatched at end of input.
    """
    parser = _Parser()
    partial: list[bytes] = []  # the pieces of a line not ended yet
    async for piece in received:
        if b"\n" not in piece:
            partial.append(piece)
            continue
        lines = (b"".join(partial) + piece if partial else piece).split(b"\n")
        tail = lines.pop()  # an incomplete line, or b""
        partial = [tail] if tail else []
        events = [e for line in lines if (e := parser.line(line + b"\n")) is not None]
        for index, event in enumerate(events, 1):
            yield event if index == len(events) else _more(event)
    last = parser.line(b"".join(partial)) if partial else None
    if last is not None:
        yield last
    if parser.data:
        yield Event("\n".join(parser.data), parser.event, b"".join(parser.received) + b"\n")


def _more(event: Event) -> Event:
    return Event(event.data, event.event, event.raw, more=True)


class _Parser:
    """The decoder's state between lines (WHATWG "Interpreting an event stream")."""

    def __init__(self) -> None:
        self.data: list[str] = []
        self.event = "message"
        self.received: list[bytes] = []

    def line(self, raw: bytes) -> Event | None:
        """Take one line (its bytes as received); return the event a blank line dispatches."""
        self.received.append(raw)
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if not line:
            dispatched = None
            if self.data:
                dispatched = Event("\n".join(self.data), self.event, b"".join(self.received))
            self.data, self.event, self.received = [], "message", []
            return dispatched
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self.data.append(value)
        elif name == "event":
            self.event = value
        return None


def encode(data: str, event: str | None = None) -> bytes:
    """Return one event as bytes: optional ``event:`` line, ``data:`` lines, blank line."""
    head = f"event: {event}\n" if event else ""
    body = "".join(f"data: {line}\n" for line in data.split("\n"))
    return (head + body + "\n").encode("utf-8")
