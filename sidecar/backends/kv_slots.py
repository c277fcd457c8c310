"""KV prefix slots: several saved prompt states of the local model, reused by prefix.

llama-cpp-python keeps one evaluated context and reuses the longest common prefix of the
next prompt with it. Interleaved traffic (inline completions in two files and an agent
session) throws that away on every switch: each request shares little with the one before.
:class:`KVSlots` keeps more states: before a request would overwrite most of the live
context, the live KV cache sequence is copied out (``llama_state_seq_get_data``, the KV
cells of sequence 0 only, no logits); when a saved state shares a longer prefix with the
request than the live context does, it is copied back in (``llama_state_seq_set_data``)
and llama-cpp-python decodes only the part after the common prefix.

Why not llama-cpp-python's ``LlamaRAMCache``: it saves the whole context state
(``llama_state_get_data``, output buffers included) plus a copy of the ``scores`` array
(``n_batch x n_vocab`` float32: 100 MB for a 49k vocabulary) after *every* completion,
and looks entries up only by the prompt it was saved for; measured in
``benchmarks/kv_slots.py``.

A saved state replaces any older one it shares at least half of (the same document after
an edit, the same chat one turn later), so one busy document does not fill every slot.
Slots are bounded by count and bytes, least recently used out. All methods run on the
model's thread.
"""

from __future__ import annotations

import ctypes
import itertools
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sidecar.errors import LocalModelError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from llama_cpp import Llama

MIN_SLOT_TOKENS = 64
"""A live context shorter than this is not worth a slot (re-evaluating it is cheap)."""
MIN_GAIN_TOKENS = 16
"""A saved state is loaded only if it shares this many more tokens than the live context."""


@dataclass
class SavedSequence:
    """A copy of sequence 0's KV cells, the evaluated token ids and the sampler.

    Attributes:
        kv: ctypes uint8 array from ``llama_state_seq_get_data``.
        size: its length in bytes.
        input_ids: numpy int array of the evaluated tokens (the KV cells' tokens).
        sampler: the model's sampler at capture (for a generation resumed after preemption).

    """

    kv: Any
    size: int
    input_ids: Any
    sampler: Any

    @classmethod
    def capture(cls, llm: Llama) -> SavedSequence:
        """Copy ``llm``'s live sequence out.

        Raises:
            LocalModelError: llama.cpp wrote fewer bytes than it said it would.

        """
        import llama_cpp

        ctx = llm._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, 0)
        kv = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(ctx, kv, size, 0)
        if written != size:
            raise LocalModelError(f"could not save the KV cache ({written} of {size} bytes)")
        return cls(kv, size, llm.input_ids[: llm.n_tokens].copy(), llm._sampler)

    def restore(self, llm: Llama) -> None:
        """Make this the live sequence of ``llm`` (what was live is dropped).

        Raises:
            LocalModelError: llama.cpp refused the data.

        """
        import llama_cpp

        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        if llama_cpp.llama_state_seq_set_data(llm._ctx.ctx, self.kv, self.size, 0) == 0:
            llm.n_tokens = 0
            raise LocalModelError("could not restore a saved KV cache sequence")
        n = len(self.input_ids)
        llm.input_ids[:n] = self.input_ids
        llm.n_tokens = n
        llm._sampler = self.sampler
        # The logits are not part of the copy: the next generate() must decode at least one
        # token rather than sample from the live context's last logits.
        llm._requires_eval = True


def common_prefix(a: Any, b: Any) -> int:
    """Return the length of the common prefix of two token id arrays (numpy or lists)."""
    left, right = np.asarray(a), np.asarray(b)
    n = min(len(left), len(right))
    if n == 0:
        return 0
    differ = np.flatnonzero(left[:n] != right[:n])
    return int(differ[0]) if differ.size else n


def live_prefix(llm: Llama, tokens: Any) -> int:
    """Return how many leading ``tokens`` are already evaluated in ``llm``'s live context."""
    return common_prefix(llm.input_ids[: llm.n_tokens], tokens)


class KVSlots:
    """Saved KV states of recent prompts, least recently used out.

    Args:
        max_slots: states kept, the live context included (``local.kv_slots``); 1 keeps
            none besides the live context.
        max_bytes: bound of the saved states' KV bytes (``local.kv_slots_mb`` MiB).

    """

    def __init__(self, max_slots: int, max_bytes: int):
        self.max_slots = max_slots
        self.max_bytes = max_bytes
        self._slots: OrderedDict[int, SavedSequence] = OrderedDict()  # oldest use first
        self._ids = itertools.count()
        self.saves = 0
        self.loads = 0

    @property
    def bytes(self) -> int:
        """The saved states' size in bytes."""
        return sum(state.size for state in self._slots.values())

    def stats(self) -> dict[str, int]:
        """Return counts for ``/healthz``: slots, bytes, saves and loads since start."""
        return {
            "slots": len(self._slots),
            "max_slots": self.max_slots,
            "bytes": self.bytes,
            "saves": self.saves,
            "loads": self.loads,
        }

    def prepare(self, llm: Llama, tokens: Sequence[int]) -> int:
        """Make the live context the best start for evaluating ``tokens``; return its prefix.

        Saves the live state first when ``tokens`` would overwrite most of it, then loads
        the saved state sharing the longest prefix with ``tokens`` if that beats the live
        context by :data:`MIN_GAIN_TOKENS` (a loaded state is the live context from then
        on, so it leaves the saved ones). Returns how many leading ``tokens`` are then
        already evaluated (the prompt's cached tokens).

        Raises:
            LocalModelError: llama.cpp could not copy a state in or out (the live context
                is then empty, and the request is evaluated from scratch).

        """
        wanted = np.asarray(tokens, dtype=np.intc)
        live = live_prefix(llm, wanted)
        if self.max_slots <= 1:
            return live
        best_id, best = None, live
        for slot_id, state in self._slots.items():
            shared = common_prefix(state.input_ids, wanted)
            if shared > best:
                best_id, best = slot_id, shared
        load = best_id is not None and best >= live + MIN_GAIN_TOKENS
        # The state to load becomes the live context: it leaves the saved ones, so saving
        # the live state below can never evict it.
        loaded = self._slots.pop(best_id) if load and best_id is not None else None
        if llm.n_tokens >= MIN_SLOT_TOKENS and live < llm.n_tokens // 2:
            self._keep(llm)
        if loaded is None:
            return live
        loaded.restore(llm)
        self.loads += 1
        return best

    def _keep(self, llm: Llama) -> None:
        """Save the live state, replacing the saved states it supersedes."""
        ids = llm.input_ids[: llm.n_tokens]
        for slot_id, saved_state in list(self._slots.items()):
            saved = saved_state.input_ids
            shared = common_prefix(saved, ids)
            if shared == len(saved) == len(ids):  # already saved as it is
                self._slots.move_to_end(slot_id)
                return
            if shared >= len(saved) // 2:
                del self._slots[slot_id]
        state = SavedSequence.capture(llm)
        if state.size > self.max_bytes:
            return
        self._slots[next(self._ids)] = state
        self.saves += 1
        while self._slots and (
            len(self._slots) > self.max_slots - 1 or self.bytes > self.max_bytes
        ):
            self._slots.popitem(last=False)
