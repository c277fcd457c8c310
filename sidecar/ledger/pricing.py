"""Cost of a call in USD from a price table (USD per million tokens).

Prices are looked up by model name: an exact match, else the longest configured name
that the model name starts with (so ``claude-sonnet-4-5-20250929`` uses
``claude-sonnet-4``). Calls served locally use the price of their model name if one is
configured, else ``local`` (zero by default).
"""

from __future__ import annotations

from collections.abc import Mapping

from sidecar.config import Price
from sidecar.request import Usage

ZERO = Price(input=0.0, output=0.0)


def find_price(table: Mapping[str, Price], model: str, *, local: bool = False) -> Price | None:
    """Return the price for ``model``, or None when no entry matches.

    Args:
        table: model name (or prefix) -> price.
        model: the concrete model name.
        local: the call was served locally: fall back to ``table["local"]``.

    """
    if model in table:
        return table[model]
    matches = [name for name in table if name != "local" and model.startswith(name)]
    if matches:
        return table[max(matches, key=len)]
    if local:
        return table.get("local", ZERO)
    return None


def cost_usd(price: Price | None, usage: Usage) -> float:
    """Return the cost in USD of ``usage`` at ``price`` (0.0 when the price is unknown).

    Prompt tokens read from a provider's cache cost ``cached_input``, those written to it
    ``cache_write`` (each the input price when not set), the rest ``input``.
    """
    if price is None:
        return 0.0
    cached = min(usage.cached_tokens, usage.prompt_tokens)
    written = min(usage.cache_write_tokens, usage.prompt_tokens - cached)
    cached_rate = price.input if price.cached_input is None else price.cached_input
    write_rate = price.input if price.cache_write is None else price.cache_write
    return (
        (usage.prompt_tokens - cached - written) * price.input
        + cached * cached_rate
        + written * write_rate
        + usage.completion_tokens * price.output
    ) / 1_000_000


def uncached(usage: Usage) -> Usage:
    """Return ``usage`` as if no prompt cache had been read or written (for the saving)."""
    return Usage(usage.prompt_tokens, usage.completion_tokens, estimated=usage.estimated)
