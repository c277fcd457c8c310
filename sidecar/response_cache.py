"""The exact response cache: a whole answer replayed for a request seen before.

A request is *cacheable* when its answer is deterministic: temperature 0 (greedy
decoding), one choice, or an explicit opt-in. Its key is a SHA-256 of the canonical
request: the endpoint, whether it streams, the route and model it was routed to, the
developer, and the JSON body with keys sorted and without the fields that do not change
the answer (``stream``, ``stream_options``, ``user``, ``metadata``, ``cache``,
``prompt_cache_key``, ``store``). So a re-sent FIM request (backspace and retype, cursor
away and back) or a repeated chat question is answered without a backend call, from any
client on the workstation.

A streamed answer is stored as its chunks, upstream SSE events included, and replayed as
the same events; a non-streamed one as its result (the upstream body too, for a
pass-through). Only answers that ended normally (``stop``, ``length``, ``tool_calls``)
on their preferred route are stored: never an error, a cancelled stream or a fallback.

Entries live in SQLite (``cache.sqlite3`` beside the ledger, 0600), expire after
``cache.ttl_s`` and are dropped least recently used first past ``cache.max_mb``.

Per request (the conventions clients already use, LiteLLM's among them):

- ``Cache-Control: no-cache`` (or body ``"cache": {"no-cache": true}``): do not answer
  from the cache, but store the new answer;
- ``Cache-Control: no-store`` (or ``"cache": {"no-store": true}``, or
  ``X-Sidecar-Cache: off``): neither look up nor store;
- ``Cache-Control: max-age=N`` (or ``"cache": {"ttl": N}``): accept only an entry at
  most N seconds old;
- ``X-Sidecar-Cache: on`` (or ``"cache": {"use": true}``): cache even with temperature
  above 0, for clients that want repeatable answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sidecar.request import Chunk, Result, ToolCall, ToolCallDelta, Usage

log = logging.getLogger(__name__)

VOLATILE_FIELDS = frozenset({
    "stream", "stream_options", "user", "metadata", "cache", "prompt_cache_key", "store",
})  # fmt: skip
"""Body fields that do not change the answer, left out of the key."""
CACHEABLE_FINISH = frozenset({"stop", "length", "tool_calls"})
HEADER = "X-Sidecar-Cache"
"""Request header (``on``/``off``) and response header (``hit``/``miss``/``bypass``)."""
TOUCH_BATCH = 64
"""Hits whose use (time, count) is written in one transaction instead of one each: the
order of use matters only when entries are evicted, and eviction writes what is pending
first. A crash loses at most this many uses (those entries then look older)."""


@dataclass(frozen=True, slots=True)
class CachePolicy:
    """What a request allows the cache to do.

    Attributes:
        lookup: an answer may come from the cache.
        store: the answer may be stored.
        force: cache even though the request is not deterministic (temperature > 0).
        max_age_s: accept only entries at most this old (seconds); None for the TTL.

    """

    lookup: bool = True
    store: bool = True
    force: bool = False
    max_age_s: float | None = None


DEFAULT_POLICY = CachePolicy()


def policy_from(headers: Mapping[str, str], body_cache: Any) -> CachePolicy:
    """Return the policy set by the request's headers and its body's ``cache`` object.

    Args:
        headers: request headers (any case).
        body_cache: the body's ``cache`` field (LiteLLM's convention: an object with
            ``no-cache``, ``no-store``, ``ttl``; ``false`` turns the cache off), or None.

    """
    lookup, store, force, max_age = True, True, False, None
    for directive in headers.get("Cache-Control", headers.get("cache-control", "")).split(","):
        name, _, value = directive.strip().lower().partition("=")
        if name == "no-cache":
            lookup = False
        elif name == "no-store":
            lookup = store = False
        elif name == "max-age":
            max_age = _seconds(value)
    switch = headers.get(HEADER, headers.get(HEADER.lower(), "")).strip().lower()
    if switch in ("off", "0", "false", "no"):
        lookup = store = False
    elif switch in ("on", "1", "true", "yes", "force"):
        force = True
    if body_cache is False:
        lookup = store = False
    elif isinstance(body_cache, dict):
        if body_cache.get("no-cache") is True:
            lookup = False
        if body_cache.get("no-store") is True:
            lookup = store = False
        if body_cache.get("use") is True:
            force = True
        ttl = body_cache.get("ttl", body_cache.get("s-maxage"))
        if isinstance(ttl, int | float) and not isinstance(ttl, bool):
            max_age = float(ttl)
    if (lookup, store, force, max_age) == (True, True, False, None):
        return DEFAULT_POLICY
    return CachePolicy(lookup, store, force, max_age)


def _seconds(text: str) -> float | None:
    try:
        value = float(text.strip('"'))
    except ValueError:
        return None
    return value if value >= 0 else None


def request_key(
    endpoint: str,
    stream: bool,
    route: str,
    model: str,
    developer: str,
    body: Mapping[str, Any],
) -> str:
    """Return the cache key (64 hex characters) of a request routed to ``route``/``model``."""
    kept = {k: v for k, v in body.items() if k not in VOLATILE_FIELDS}
    canonical = json.dumps(
        [endpoint, stream, route, model, developer, kept],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def deterministic(body: Mapping[str, Any], temperature: float | None) -> bool:
    """Whether the answer to ``body`` is reproducible: temperature 0 and one choice.

    ``temperature`` is the request's (None when not sent: the backends' defaults are
    above 0, so not deterministic).
    """
    n = body.get("n", 1)
    return temperature == 0 and (n is None or n == 1)


@dataclass(slots=True)
class Entry:
    """A stored answer.

    Attributes:
        model: the model that produced it.
        usage: its token usage.
        cost_usd: what the original call cost (what each hit saves).
        result: the whole answer (non-streamed requests).
        chunks: the answer's chunks (streamed requests).
        age_s: seconds since it was stored.

    """

    model: str
    usage: Usage
    cost_usd: float
    result: Result | None = None
    chunks: list[Chunk] | None = None
    age_s: float = 0.0


class ResponseCache:
    """The SQLite-backed exact response cache.

    Args:
        path: database file (created 0600, parent directory 0700).
        ttl_s: entries older than this (seconds) are not served and are deleted.
        max_bytes: stored answers above this total size are evicted, least recently
            used first.

    Raises:
        sqlite3.Error: the file cannot be opened.

    """

    def __init__(self, path: Path, *, ttl_s: float, max_bytes: int):
        self.path = path
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=2000")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, created REAL NOT NULL, "
            "used REAL NOT NULL, size INTEGER NOT NULL, hits INTEGER NOT NULL DEFAULT 0, "
            "entry TEXT NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS responses_used ON responses (used)")
        self._db.execute("DELETE FROM responses WHERE created < ?", (time.time() - ttl_s,))
        row = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM responses").fetchone()
        self._size = int(row[0])
        self.hits = 0
        self.misses = 0
        self._touched: dict[str, tuple[float, int]] = {}  # key -> (last use, uses) not written

    def get(self, key: str, max_age_s: float | None = None) -> Entry | None:
        """Return the fresh entry stored under ``key``, or None (counted as a miss)."""
        try:
            row = self._db.execute(
                "SELECT created, entry FROM responses WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            log.warning("response cache read failed: %s", exc)
            return None
        now = time.time()
        limit = self.ttl_s if max_age_s is None else min(self.ttl_s, max_age_s)
        if row is None or now - row[0] > limit:
            self.misses += 1
            return None
        try:
            entry = _decode(json.loads(row[1]))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("response cache entry unreadable, dropped: %s", exc)
            self._delete(key)
            self.misses += 1
            return None
        entry.age_s = now - row[0]
        self.hits += 1
        self._touched[key] = (now, self._touched.get(key, (now, 0))[1] + 1)
        if len(self._touched) >= TOUCH_BATCH:
            self._write_touches()
        return entry

    def _write_touches(self) -> None:
        """Write the pending uses (last-use time and hit count) in one transaction."""
        if not self._touched:
            return
        touched, self._touched = self._touched, {}
        try:
            self._db.execute("BEGIN")
            self._db.executemany(
                "UPDATE responses SET used = ?, hits = hits + ? WHERE key = ?",
                [(used, uses, key) for key, (used, uses) in touched.items()],
            )
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            log.debug("response cache touch failed: %s", exc)

    def put(self, key: str, entry: Entry) -> None:
        """Store ``entry`` under ``key`` (replacing one there), then evict past the bound."""
        text = json.dumps(_encode(entry), ensure_ascii=False, separators=(",", ":"))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes // 4:
            return  # one answer may not push out a quarter of the cache
        now = time.time()
        self._touched.pop(key, None)  # replaced: a new entry, used now, no hits yet
        try:
            old = self._db.execute("SELECT size FROM responses WHERE key = ?", (key,)).fetchone()
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, created, used, size, entry) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, now, now, size, text),
            )
        except sqlite3.Error as exc:
            log.warning("response cache write failed: %s", exc)
            return
        self._size += size - (old[0] if old else 0)
        if self._size > self.max_bytes:
            self._evict()

    def _evict(self) -> None:
        """Delete expired entries, then least recently used ones down to 90% of the bound."""
        self._write_touches()
        try:
            self._db.execute("DELETE FROM responses WHERE created < ?", (time.time() - self.ttl_s,))
            target = int(self.max_bytes * 0.9)
            row = self._db.execute("SELECT COALESCE(SUM(size), 0) FROM responses").fetchone()
            total = int(row[0])
            if total > target:
                doomed: list[str] = []
                for key, size in self._db.execute("SELECT key, size FROM responses ORDER BY used"):
                    if total <= target:
                        break
                    doomed.append(key)
                    total -= size
                self._db.executemany("DELETE FROM responses WHERE key = ?", [(k,) for k in doomed])
            self._size = total
        except sqlite3.Error as exc:
            log.warning("response cache eviction failed: %s", exc)

    def _delete(self, key: str) -> None:
        self._touched.pop(key, None)
        try:
            self._db.execute("DELETE FROM responses WHERE key = ?", (key,))
        except sqlite3.Error as exc:
            log.debug("response cache delete failed: %s", exc)

    def stats(self) -> dict[str, Any]:
        """Return ``entries``, ``bytes``, ``hits`` and ``misses`` (since start), for /healthz."""
        try:
            entries = int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])
        except sqlite3.Error:
            entries = -1
        return {"entries": entries, "bytes": self._size, "hits": self.hits, "misses": self.misses}

    def close(self) -> None:
        """Write the pending uses and close the database."""
        self._write_touches()
        self._db.close()


# Entries are JSON (not pickle): a cache file is data, never code.


def _usage(u: Usage) -> list[int]:
    return [u.prompt_tokens, u.completion_tokens, u.cached_tokens, u.cache_write_tokens]


def _usage_from(v: list[int]) -> Usage:
    return Usage(v[0], v[1], v[2], v[3])


def _chunk(c: Chunk) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.text:
        out["t"] = c.text
    if c.thinking:
        out["th"] = c.thinking
    if c.finish_reason:
        out["f"] = c.finish_reason
    if c.usage is not None:
        out["u"] = _usage(c.usage)
    if c.tool_calls:
        out["tc"] = [[d.index, d.id, d.name, d.arguments] for d in c.tool_calls]
    if c.raw:
        out["r"] = c.raw.decode("utf-8", "surrogateescape")
    return out


def _chunk_from(v: dict[str, Any]) -> Chunk:
    return Chunk(
        text=v.get("t", ""),
        thinking=v.get("th", ""),
        finish_reason=v.get("f"),
        usage=_usage_from(v["u"]) if "u" in v else None,
        tool_calls=tuple(ToolCallDelta(*d) for d in v.get("tc", ())),
        raw=v["r"].encode("utf-8", "surrogateescape") if "r" in v else b"",
    )


def _encode(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": entry.model, "usage": _usage(entry.usage), "cost_usd": entry.cost_usd,
    }  # fmt: skip
    if entry.result is not None:
        r = entry.result
        out["result"] = {
            "text": r.text, "finish": r.finish_reason, "model": r.model,
            "tool_calls": [[c.id, c.name, c.arguments] for c in r.tool_calls],
            "thinking": r.thinking, "signature": r.thinking_signature, "raw": r.raw,
        }  # fmt: skip
    if entry.chunks is not None:
        out["chunks"] = [_chunk(c) for c in entry.chunks]
    return out


def _decode(v: dict[str, Any]) -> Entry:
    usage = _usage_from(v["usage"])
    result = None
    if "result" in v:
        r = v["result"]
        result = Result(
            text=r["text"],
            finish_reason=r["finish"],
            usage=usage,
            model=r["model"],
            tool_calls=tuple(ToolCall(*c) for c in r["tool_calls"]),
            thinking=r["thinking"],
            thinking_signature=r["signature"],
            raw=r["raw"],
        )
    chunks = [_chunk_from(c) for c in v["chunks"]] if "chunks" in v else None
    return Entry(v["model"], usage, float(v["cost_usd"]), result, chunks)
