"""Corrections of misrouted calls, applied to later requests like them, per developer.

A developer who says "that call was planning, not review" (``sidecar route --correct``,
the editor's code action, or ``X-Sidecar-Corrects`` on a retry) records the call's kind
and its learned-model feature vector (vocabulary rows and values, never text) on the
ledger. Later requests of the same developer whose vector is close to a corrected one
(cosine similarity at least :data:`SIMILARITY`) take the corrected kind, with a reason
naming the correction. Vectors are folded into :data:`DIMENSIONS` buckets so one matrix
product compares a request with every correction (microseconds for hundreds).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sidecar.request import TaskKind

DIMENSIONS = 4096
SIMILARITY = 0.8
"""Cosine similarity from which a corrected request's kind is taken over."""
PER_DEVELOPER = 500
"""Corrections kept per developer (the most recent)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A corrected request close to the one being decided.

    Attributes:
        task: the kind the developer gave it.
        request_id: the corrected call's request id.
        similarity: cosine similarity of the two feature vectors (0-1).

    """

    task: TaskKind
    request_id: str
    similarity: float


def fold(vector: tuple[Sequence[int], Sequence[float]]) -> np.ndarray | None:
    """Return the unit-length folded form of a feature vector, or None when it is empty."""
    rows, values = vector
    if not len(rows):
        return None
    folded = np.zeros(DIMENSIONS, dtype=np.float32)
    np.add.at(folded, np.asarray(rows, dtype=np.int64) % DIMENSIONS, np.asarray(values))
    norm = float(np.linalg.norm(folded))
    return folded / norm if norm else None


class Corrections:
    """The corrections of every developer, matched against new requests (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._vectors: dict[str, np.ndarray] = {}
        self._labels: dict[str, list[tuple[TaskKind, str]]] = {}

    def add(
        self,
        developer: str,
        vector: tuple[Sequence[int], Sequence[float]],
        task: TaskKind,
        request_id: str,
    ) -> bool:
        """Remember a correction; return False when it has no features to match on."""
        folded = fold(vector)
        if folded is None:
            return False
        with self._lock:
            matrix = self._vectors.get(developer)
            labels = self._labels.setdefault(developer, [])
            matrix = folded[None, :] if matrix is None else np.vstack([matrix, folded])
            labels.append((task, request_id))
            self._vectors[developer] = matrix[-PER_DEVELOPER:]
            self._labels[developer] = labels[-PER_DEVELOPER:]
        return True

    def match(
        self, developer: str, vector: tuple[Sequence[int], Sequence[float]]
    ) -> Match | None:
        """Return the most similar correction of ``developer`` at or above :data:`SIMILARITY`."""
        with self._lock:
            matrix = self._vectors.get(developer)
            labels = self._labels.get(developer)
        if matrix is None or not labels:
            return None
        folded = fold(vector)
        if folded is None:
            return None
        similarities = matrix @ folded
        best = int(np.argmax(similarities))
        if similarities[best] < SIMILARITY:
            return None
        task, request_id = labels[best]
        return Match(task, request_id, round(float(similarities[best]), 3))

    def count(self, developer: str | None = None) -> int:
        """Return how many corrections are held (for ``developer``, or everyone)."""
        with self._lock:
            if developer is not None:
                return len(self._labels.get(developer, ()))
            return sum(len(v) for v in self._labels.values())
