"""The ledger: one SQLite row per call, in the user data dir (``ledger.path`` overrides).

The file is created 0600 in a 0700 directory (it names every call and its cost). A row is
inserted when a call is dispatched and updated when it ends (:meth:`Ledger.update`).

Writes are a single INSERT in WAL mode with ``synchronous=NORMAL`` (tens of
microseconds), made on the event loop so that no row waits in memory. SQLite's automatic
WAL checkpoint (an fsync of 10+ ms inside an INSERT) is turned off on the writing
connection; a background thread checkpoints every :data:`CHECKPOINT_INTERVAL_S` seconds
on its own connection instead. The schema is built by named, ordered migrations recorded
in the ``_migrations`` table.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_calls",
        """
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            request_id TEXT NOT NULL,
            developer TEXT NOT NULL,
            app TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            requested_model TEXT NOT NULL,
            task TEXT,
            reasons TEXT NOT NULL DEFAULT '[]',
            route TEXT,
            model TEXT,
            stream INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cached_tokens INTEGER NOT NULL DEFAULT 0,
            tokens_estimated INTEGER NOT NULL DEFAULT 0,
            cost_usd REAL NOT NULL DEFAULT 0,
            frontier_cost_usd REAL NOT NULL DEFAULT 0,
            latency_ms REAL NOT NULL DEFAULT 0,
            ttft_ms REAL,
            outcome TEXT NOT NULL,
            status INTEGER NOT NULL,
            error TEXT,
            fallback TEXT
        );
        CREATE INDEX calls_ts ON calls (ts);
        """,
    ),
    (
        "0002_spend_indexes",
        """
        CREATE INDEX calls_developer_ts ON calls (developer, ts);
        CREATE INDEX calls_app_ts ON calls (app, ts);
        """,
    ),
    (
        "0003_redactions",
        """
        ALTER TABLE calls ADD COLUMN redactions TEXT NOT NULL DEFAULT '{}';
        """,
    ),
    (
        "0004_cache",
        """
        ALTER TABLE calls ADD COLUMN cache_kind TEXT;
        ALTER TABLE calls ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE calls ADD COLUMN cache_saved_usd REAL NOT NULL DEFAULT 0;
        """,
    ),
    (
        "0005_corrections",
        """
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            request_id TEXT NOT NULL,
            developer TEXT NOT NULL,
            from_task TEXT,
            to_task TEXT NOT NULL,
            source TEXT NOT NULL,
            features TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX corrections_developer_ts ON corrections (developer, ts);
        CREATE INDEX calls_request_id ON calls (request_id);
        """,
    ),
)
CACHE_KINDS = ("exact", "kv-prefix", "provider")
"""``cache_kind`` values: the whole answer replayed from the response cache, prompt
tokens reused from the local model's KV cache, or read from the provider's prompt cache."""

OUTCOMES = ("in_flight", "ok", "degraded", "error", "rejected", "cancelled", "interrupted")
CHECKPOINT_INTERVAL_S = 5.0
WAL_SIZE_LIMIT = 4 * 1024 * 1024
"""Bytes the WAL keeps after a checkpoint; it grows past this only between checkpoints."""


@dataclass(slots=True)
class CallRecord:
    """One ledger row.

    Attributes:
        ts: ISO 8601 UTC time the call started.
        request_id: the id returned to the client.
        developer, app: who called.
        endpoint: API path.
        requested_model: the model name as the client sent it.
        task: classified task kind, or None when the request was rejected before that.
        reasons: classification and routing reasons.
        route, model: where it was served (None when not served).
        stream: the client asked for a stream.
        prompt_tokens, completion_tokens, cached_tokens: token usage.
        tokens_estimated: counts are sidecar's estimate, not the backend's report.
        cost_usd: cost of the call; frontier_cost_usd: the same tokens at the frontier
            model's price.
        latency_ms: start to last byte; ttft_ms: start to first generated text, if any.
        outcome: ``in_flight`` (dispatched, not ended yet), ``ok``, ``degraded`` (served
            by a fallback), ``error``, ``rejected`` (4xx before a backend was called),
            ``cancelled`` (client went away) or ``interrupted`` (sidecar stopped before the
            call ended; cost is the reservation).
        status: HTTP status returned.
        error: error message, if any; fallback: what failed over, e.g.
            ``frontier->local: gateway returned HTTP 503``.
        redactions: secrets replaced before the gateway, kind -> count (never values).
        cache_kind: how the call was cached (one of :data:`CACHE_KINDS`), None if not.
        cache_write_tokens: prompt tokens written to the provider's prompt cache.
        cache_saved_usd: what caching saved on this call (USD): the uncached cost minus
            ``cost_usd``; for an exact cache hit, the cost of the call it replays.

    """

    ts: str
    request_id: str
    developer: str
    app: str
    endpoint: str
    requested_model: str
    outcome: str
    status: int
    task: str | None = None
    reasons: list[str] = field(default_factory=list)
    route: str | None = None
    model: str | None = None
    stream: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    tokens_estimated: bool = False
    cost_usd: float = 0.0
    frontier_cost_usd: float = 0.0
    latency_ms: float = 0.0
    ttft_ms: float | None = None
    error: str | None = None
    fallback: str | None = None
    redactions: dict[str, int] = field(default_factory=dict)
    cache_kind: str | None = None
    cache_write_tokens: int = 0
    cache_saved_usd: float = 0.0


_COLUMNS = tuple(CallRecord.__dataclass_fields__)
_REASONS = _COLUMNS.index("reasons")
_REDACTIONS = _COLUMNS.index("redactions")
_IDENTITY = frozenset({"ts", "request_id", "developer", "app", "endpoint", "requested_model",
                       "stream"})  # fmt: skip
"""Columns that identify a call: set when its row is inserted at dispatch and never
updated, so completing a row leaves the indexes on them alone (3x cheaper: 24 vs 70 us)."""
_OUTCOME = tuple(i for i, c in enumerate(_COLUMNS) if c not in _IDENTITY)


def _values(row: CallRecord) -> list[Any]:
    values = [getattr(row, c) for c in _COLUMNS]
    values[_REASONS] = json.dumps(row.reasons)
    values[_REDACTIONS] = json.dumps(row.redactions)
    return values


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Ledger:
    """The SQLite ledger.

    Args:
        path: database file; parent directories are created.

    Raises:
        sqlite3.Error: the file cannot be opened or migrated.

    """

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # private from the first byte
        os.close(fd)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # The WAL file is cut back to this size after each checkpoint (bytes).
        self._db.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute("PRAGMA wal_autocheckpoint=0")
        self._migrate()
        placeholders = ", ".join("?" for _ in _COLUMNS)
        self._insert = f"INSERT INTO calls ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        assignments = ", ".join(f"{_COLUMNS[i]} = ?" for i in _OUTCOME)
        self._update = f"UPDATE calls SET {assignments} WHERE id = ?"
        self._closing = threading.Event()
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, name="sidecar-ledger-checkpoint", daemon=True
        )
        self._checkpointer.start()

    def _checkpoint_loop(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA busy_timeout=5000")
        try:
            while not self._closing.wait(CHECKPOINT_INTERVAL_S):
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as exc:
                    log.warning("ledger checkpoint failed: %s", exc)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            log.warning("ledger checkpoint failed: %s", exc)
        finally:
            db.close()

    def _migrate(self) -> None:
        with self._lock:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {row[0] for row in self._db.execute("SELECT name FROM _migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                self._db.execute("BEGIN")
                try:
                    for statement in sql.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                    self._db.execute("INSERT INTO _migrations VALUES (?, ?)", (name, utc_now()))
                    self._db.execute("COMMIT")
                except sqlite3.Error:
                    self._db.execute("ROLLBACK")
                    raise

    def record(self, row: CallRecord) -> int:
        """Insert one row and return its id.

        Raises:
            sqlite3.Error: the write failed (disk full, file removed).

        """
        with self._lock:
            cursor = self._db.execute(self._insert, _values(row))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, row_id: int, row: CallRecord) -> None:
        """Complete row ``row_id`` (written at dispatch) with ``row``'s outcome.

        The columns that identify the call (time, request id, developer, app, endpoint,
        requested model, stream) keep the values the row was inserted with.

        Raises:
            sqlite3.Error: the write failed.

        """
        values = _values(row)
        with self._lock:
            self._db.execute(self._update, [*(values[i] for i in _OUTCOME), row_id])

    def interrupt_unfinished(self) -> int:
        """Mark rows still ``in_flight`` as ``interrupted``; return how many.

        The daemon calls this once at start: such rows belong to calls of a process that
        was killed. Their cost stays the reservation, an upper bound of what was billed.
        """
        with self._lock:
            cursor = self._db.execute(
                "UPDATE calls SET outcome = 'interrupted', status = 0, "
                "error = 'sidecar stopped before the call ended' WHERE outcome = 'in_flight'"
            )
        return cursor.rowcount

    def _select(self, query: str, params: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Run a SELECT and return its rows as dicts."""
        with self._lock:
            cursor = self._db.execute(query, params)
            names = [d[0] for d in cursor.description]
            fetched = cursor.fetchall()
        return [dict(zip(names, values, strict=True)) for values in fetched]

    def _since(self, table: str, since: str | None) -> list[dict[str, Any]]:
        """Return ``table``'s rows, oldest first, optionally from ISO time ``since`` on."""
        if since:
            return self._select(f"SELECT * FROM {table} WHERE ts >= ? ORDER BY id", (since,))
        return self._select(f"SELECT * FROM {table} ORDER BY id")

    def rows(self, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield rows as dicts, oldest first, optionally from ISO time ``since`` on."""
        for row in self._since("calls", since):
            row["reasons"] = json.loads(row["reasons"])
            row["redactions"] = json.loads(row["redactions"])
            yield row

    def call(self, request_id: str) -> dict[str, Any] | None:
        """Return the last row of ``request_id`` (developer, task, route...), or None."""
        found = self._select(
            "SELECT * FROM calls WHERE request_id = ? ORDER BY id DESC LIMIT 1", (request_id,)
        )
        return found[0] if found else None

    def add_correction(
        self,
        request_id: str,
        developer: str,
        from_task: str | None,
        to_task: str,
        source: str,
        features: list[list[float]] | None = None,
    ) -> int:
        """Record that ``request_id`` should have been ``to_task``; return the row id.

        ``source`` says who said so (``cli``, ``lsp``, ``header``, ``http``); ``features``
        the request's learned-model vector as ``[[row, value], ...]`` (never its text).

        Raises:
            sqlite3.Error: the write failed.

        """
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO corrections (ts, request_id, developer, from_task, to_task, source, "
                "features) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    utc_now(),
                    request_id,
                    developer,
                    from_task,
                    to_task,
                    source,
                    json.dumps(features or []),
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def corrections(self, since: str | None = None) -> list[dict[str, Any]]:
        """Return the routing corrections, oldest first, optionally from ISO time ``since``."""
        rows = self._since("corrections", since)
        for row in rows:
            row["features"] = json.loads(row["features"])
        return rows

    def spend(self, since: str, *, developer: str | None = None, app: str | None = None) -> float:
        """Return the USD cost of calls from ISO time ``since`` on, for a developer or an app."""
        query = "SELECT COALESCE(SUM(cost_usd), 0) FROM calls WHERE ts >= ?"
        params: list[str] = [since]
        if developer is not None:
            query += " AND developer = ?"
            params.append(developer)
        if app is not None:
            query += " AND app = ?"
            params.append(app)
        with self._lock:
            (total,) = self._db.execute(query, params).fetchone()
        return float(total)

    def close(self) -> None:
        """Stop the checkpoint thread (after a final checkpoint) and close the database."""
        self._closing.set()
        self._checkpointer.join(10)
        with self._lock:
            self._db.close()
