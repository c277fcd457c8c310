"""When a call counts as a cache hit: any provider read; a local KV prefix worth the name."""

from __future__ import annotations

from sidecar.engine import _cache_hit
from sidecar.request import Route, Usage


def test_the_chat_templates_first_tokens_are_no_kv_hit() -> None:
    assert not _cache_hit(Route.LOCAL, Usage(prompt_tokens=900, cached_tokens=5))
    assert _cache_hit(Route.LOCAL, Usage(prompt_tokens=900, cached_tokens=64))
    assert _cache_hit(Route.LOCAL, Usage(prompt_tokens=40, cached_tokens=25))  # half of it
    assert not _cache_hit(Route.LOCAL, Usage(prompt_tokens=40, cached_tokens=0))


def test_any_provider_cache_read_is_a_hit() -> None:
    assert _cache_hit(Route.FRONTIER, Usage(prompt_tokens=5000, cached_tokens=5))
    assert not _cache_hit(Route.FRONTIER, Usage(prompt_tokens=5000, cached_tokens=0))
