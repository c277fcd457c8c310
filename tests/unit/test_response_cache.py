from __future__ import annotations

import sqlite3
from pathlib import Path

from sidecar.request import Result, Usage
from sidecar.response_cache import TOUCH_BATCH, Entry, ResponseCache


def _entry(text: str) -> Entry:
    result = Result(text=text, finish_reason="stop", usage=Usage(3, 4), model="m")
    return Entry("m", Usage(3, 4), 0.001, result=result)


def _uses(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, hits FROM responses").fetchall())


def test_hits_are_written_in_batches_and_at_close(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = ResponseCache(path, ttl_s=3600, max_bytes=1 << 20)
    cache.put("a", _entry("answer a"))
    for _ in range(3):
        entry = cache.get("a")
        assert entry is not None and entry.result is not None
        assert entry.result.text == "answer a"
    assert _uses(path) == {"a": 0}  # pending: one write for many hits
    for n in range(TOUCH_BATCH):
        cache.put(f"k{n}", _entry("x"))
        assert cache.get(f"k{n}") is not None
    assert _uses(path)["a"] == 3  # the batch filled up and was written
    assert cache.get("a") is not None
    cache.close()
    assert _uses(path)["a"] == 4
    assert cache.hits == 3 + TOUCH_BATCH + 1


def test_eviction_keeps_what_was_used_last_even_if_not_written_yet(tmp_path: Path) -> None:
    probe = ResponseCache(tmp_path / "probe.sqlite3", ttl_s=3600, max_bytes=1 << 20)
    probe.put("k", _entry("x" * 100))
    size = probe.stats()["bytes"]  # every entry below is this size
    probe.close()
    cache = ResponseCache(tmp_path / "cache.sqlite3", ttl_s=3600, max_bytes=int(size * 4.5))
    for name in ("used", "old", "other", "new"):
        cache.put(name, _entry(name[0] * 100))
    assert cache.get("used") is not None  # stored first, but now used last (not written)
    cache.put("fifth", _entry("f" * 100))  # past the bound: the least recently used goes
    assert cache.get("old") is None
    assert cache.get("used") is not None
    cache.close()
