"""Fit the learned routing model on the labelled corpus and write it as package data.

Run from the repository: ``python -m sidecar.classify.train`` (needs the ``train`` extra:
scikit-learn). It reads the training part of the corpus (``tests/data/routing/train_*.jsonl``
and the older labelled sets ``tests/data/labelled_requests.jsonl`` and
``heldout_requests.jsonl``), never ``tests/data/routing/eval.jsonl``, and writes
``sidecar/classify/model/``: ``vocabulary.json``, ``weights.npz`` and ``meta.json``. The
same corpus gives the same files (no timestamps; deterministic solver).

Steps:

1. Each labelled request is parsed by its endpoint's surface, as the daemon would, and
   read by the rules (:func:`sidecar.classify.classifier.rule_pass`). Requests decided
   before the model (FIM, agents' plan-mode markers, side requests) are left out, and so
   are ``/v1/completions`` prompts (the guide labels them by the endpoint).
2. Features that occur in at least ``MIN_DF`` training requests form the vocabulary.
3. A multinomial logistic regression (L2, balanced class weights) is fitted; its
   regularisation ``C`` is chosen by 5-fold cross-validated log loss.
4. Calibration: one temperature fitted on the out-of-fold logits (minimum log loss).
5. The planning threshold: the highest one at which the out-of-fold planning recall is at
   least ``PLANNING_RECALL`` (few planning requests sent to the local model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sidecar.classify import learned
from sidecar.classify.classifier import Classification, chat_view, model_features, rule_pass
from sidecar.errors import RequestError
from sidecar.request import Endpoint, Request, TaskKind

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "routing"
TRAIN_GLOBS = ("routing/train_*.jsonl", "labelled_requests.jsonl", "heldout_requests.jsonl")
EVAL_FILE = CORPUS / "eval.jsonl"
MODEL_DIR = Path(__file__).resolve().parent / learned.MODEL_DIR
MIN_DF = 2
C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
FOLDS = 5
PLANNING_RECALL = 0.96
SEED = 7


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled request of the corpus, parsed.

    Attributes:
        id: the row's id.
        label: the labelled kind.
        request: the parsed internal request.
        row: the corpus row (client, language, human_language, rule...).

    """

    id: str
    label: TaskKind
    request: Request
    row: dict[str, Any]


def load(paths: Iterable[Path]) -> list[Example]:
    """Parse corpus files (JSON Lines, see docs/routing.md "Corpus") into examples.

    Rows whose body their endpoint refuses are skipped with a message on stderr.
    """
    from sidecar.server import surfaces

    by_endpoint = {
        "/v1/chat/completions": surfaces.CHAT,
        "/v1/completions": surfaces.COMPLETIONS,
        "/v1/messages": surfaces.MESSAGES,
        "/v1/responses": surfaces.RESPONSES,
    }
    examples = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            surface = by_endpoint[row["endpoint"]]
            headers = {str(k).lower(): str(v) for k, v in (row.get("headers") or {}).items()}
            try:
                request = surface.parse(row["body"], headers)
            except RequestError as exc:
                print(f"{path.name}:{number}: skipped: {exc}", file=sys.stderr)
                continue
            examples.append(Example(str(row["id"]), TaskKind(row["label"]), request, row))
    return examples


def training_files() -> list[Path]:
    """Return the corpus files the model is trained on (never the evaluation part)."""
    data = REPO / "tests" / "data"
    return sorted(p for pattern in TRAIN_GLOBS for p in data.glob(pattern))


def featurise(examples: Sequence[Example]) -> tuple[list[dict[str, float]], list[int]]:
    """Return the model's features and label index of each example the model decides."""
    rows, labels = [], []
    for example in examples:
        if example.request.endpoint is Endpoint.COMPLETIONS:
            continue  # raw completion prompts: labelled by the endpoint (guide R1), not content
        view = chat_view(example.request)
        if view is None:
            continue
        found = rule_pass(view)
        if isinstance(found, Classification):
            continue
        rows.append(model_features(view, found))
        labels.append(learned.KINDS.index(example.label))
    return rows, labels


def fingerprint(paths: Sequence[Path]) -> str:
    """Return a SHA-256 over the training files' names and bytes (first 16 hex digits)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _matrix(rows: Sequence[dict[str, float]], vocabulary: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for row in rows:
        for name, value in row.items():
            column = vocabulary.get(name)
            if column is not None:
                indices.append(column)
                data.append(value)
        indptr.append(len(indices))
    return csr_matrix(
        (np.asarray(data, dtype=np.float64), indices, indptr), shape=(len(rows), len(vocabulary))
    )


def _vocabulary(rows: Sequence[dict[str, float]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    kept = sorted(n for n, c in counts.items() if c >= MIN_DF or n.startswith("f:"))
    return {name: i for i, name in enumerate(kept)}


def _model(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=3000, tol=1e-6)


def _out_of_fold(rows: Sequence[dict[str, float]], labels: Sequence[int], c: float) -> Any:
    """Return out-of-fold logits (n x 4): each fold's vocabulary and model from the rest."""
    from sklearn.model_selection import StratifiedKFold

    logits = np.zeros((len(rows), len(learned.KINDS)))
    y = np.asarray(labels)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for train_idx, test_idx in folds.split(np.zeros(len(y)), y):
        vocabulary = _vocabulary([rows[i] for i in train_idx])
        model = _model(c).fit(_matrix([rows[i] for i in train_idx], vocabulary), y[train_idx])
        logits[test_idx] = model.decision_function(_matrix([rows[i] for i in test_idx], vocabulary))
    return logits


def _log_loss(logits: Any, labels: Any, temperature: float = 1.0) -> float:
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=1, keepdims=True)
    log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _temperature(logits: Any, labels: Any) -> float:
    from scipy.optimize import minimize_scalar

    found = minimize_scalar(
        lambda log_t: _log_loss(logits, labels, math.exp(log_t)),
        bounds=(-3, 3),
        method="bounded",
    )
    return round(math.exp(float(found.x)), 4)


def _probabilities(logits: Any, temperature: float) -> Any:
    scaled = logits / temperature
    scaled = scaled - scaled.max(axis=1, keepdims=True)
    exp = np.exp(scaled)
    return exp / exp.sum(axis=1, keepdims=True)


def _planning_threshold(probs: Any, labels: Any) -> float:
    planning = learned.KINDS.index(TaskKind.PLANNING)
    scores = np.sort(probs[labels == planning, planning])
    if not len(scores):
        return 0.5
    # The highest threshold that keeps PLANNING_RECALL of planning requests at or above it.
    at = math.floor((1 - PLANNING_RECALL) * len(scores))
    return round(min(0.5, float(scores[at])) - 1e-4, 4)


def train(paths: Sequence[Path], out: Path, c: float | None = None) -> dict[str, Any]:
    """Fit the model on ``paths`` and write it to ``out``; return ``meta.json``'s content.

    ``c`` skips the search for the regularisation strength (``C_GRID``) and uses this one.
    """
    examples = load(paths)
    rows, labels = featurise(examples)
    y = np.asarray(labels)
    losses = {}
    for candidate in C_GRID if c is None else ():
        losses[candidate] = _log_loss(_out_of_fold(rows, labels, candidate), y)
        print(f"C={candidate:g}: out-of-fold log loss {losses[candidate]:.4f}", file=sys.stderr)
    best_c = c if c is not None else min(losses, key=lambda k: losses[k])
    logits = _out_of_fold(rows, labels, best_c)
    temperature = _temperature(logits, y)
    probs = _probabilities(logits, temperature)
    threshold = _planning_threshold(probs, y)
    vocabulary = _vocabulary(rows)
    model = _model(best_c).fit(_matrix(rows, vocabulary), y)
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(vocabulary, key=lambda n: vocabulary[n])
    (out / "vocabulary.json").write_text(
        json.dumps(names, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    with (out / "weights.npz").open("wb") as handle:
        np.savez_compressed(
            handle,
            weights=model.coef_.T.astype(np.float32),
            bias=model.intercept_.astype(np.float64),
        )
    predicted = probs.argmax(axis=1)
    meta = {
        "kinds": [k.value for k in learned.KINDS],
        "training_files": [str(p.relative_to(REPO)) for p in paths],
        "fingerprint": fingerprint(paths),
        "examples": len(rows),
        "examples_per_kind": {k.value: int((y == i).sum()) for i, k in enumerate(learned.KINDS)},
        "features": len(vocabulary),
        "C": best_c,
        "temperature": temperature,
        "planning_threshold": threshold,
        "cross_validation": {
            "folds": FOLDS,
            "accuracy_argmax": round(float((predicted == y).mean()), 4),
            "log_loss": round(_log_loss(logits, y, temperature), 4),
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    """Train and write the model; print its ``meta.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("training needs scikit-learn: pip install -e '.[train]'", file=sys.stderr)
        return 2
    meta = train(training_files(), args.out)
    print(json.dumps(meta, indent=2))
    learned.shipped_model.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
