"""The learned decision: a linear model over the rules' signals and the request's wording.

Features of one chat request (:func:`features`), all from :class:`RulePass`:

- **wording**: character 2-4-grams and word 1-2-grams of the user's ask (lower-cased,
  digits folded, the first 1,000 and last 500 characters), so that phrasing in any human
  language counts, not only the English phrases the rules know; word unigrams of the
  system prompt's head and of the previous user turn, weighted less. Each group is
  L2-normalised with sublinear term frequencies.
- **signals**: the rules' points per kind, tree-sitter facts of the code
  (present, cut mid-statement, whole definitions, blocks, lines, files, a diff), and the
  request's shape (agent tools or tool results, turns, length of the ask, a question).

The model is a multinomial logistic regression (scikit-learn, at training time only: see
:mod:`sidecar.classify.train`), its probabilities calibrated by temperature scaling
(Guo et al., "On Calibration of Modern Neural Networks", ICML 2017) on out-of-fold
predictions. It ships as package data (``classify/model/``): the vocabulary, the weights
(float32) and a ``meta.json`` with the training data's fingerprint and the temperature.

At run time only numpy is needed: the features that are in the vocabulary index rows of
the weight matrix. Each decision names the features that pushed it most, so the reasons
stay readable.
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sidecar.request import TaskKind

if TYPE_CHECKING:
    from sidecar.classify.classifier import RulePass

KINDS: tuple[TaskKind, ...] = (
    TaskKind.COMPLETION,
    TaskKind.REVIEW,
    TaskKind.REFACTOR,
    TaskKind.PLANNING,
)
"""The classes, in the weight matrix's column order."""
HEAD_CHARS, TAIL_CHARS = 1_000, 500
SYSTEM_CHARS, EARLIER_CHARS = 400, 400
GROUP_WEIGHTS = {"c": 1.0, "w": 1.0, "s": 0.5, "e": 0.3}
"""Scale of each L2-normalised text group: ask characters, ask words, system, earlier."""

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _normalise(text: str) -> str:
    text = _SPACE.sub(" ", _DIGITS.sub("0", text.lower())).strip()
    if len(text) > HEAD_CHARS + TAIL_CHARS:
        text = text[:HEAD_CHARS] + " " + text[-TAIL_CHARS:]
    return text


_SUBLINEAR = [0.0] + [1.0 + math.log(n) for n in range(1, 256)]
"""1 + ln(n) for the small counts almost every n-gram has."""


def _sublinear(count: int) -> float:
    return _SUBLINEAR[count] if count < 256 else 1.0 + math.log(count)


def _scaled(counts: Counter[str], weight: float, into: dict[str, float]) -> None:
    """Add ``counts`` to ``into`` with sublinear tf, L2-normalised, times ``weight``."""
    if not counts:
        return
    values = {k: _sublinear(v) for k, v in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    scale = weight / norm
    get = into.get
    for key, value in values.items():
        into[key] = get(key, 0.0) + value * scale


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def text_features(ask: str, system: str = "", earlier: str = "") -> dict[str, float]:
    """Return the wording features: ``{"c:<gram>"|"w:<words>"|"s:<word>"|"e:<word>": value}``."""
    out: dict[str, float] = {}
    text = _normalise(ask)
    padded = f" {text} "
    size = len(padded)
    grams = Counter(["c:" + padded[i : i + n] for n in (2, 3, 4) for i in range(size - n + 1)])
    _scaled(grams, GROUP_WEIGHTS["c"], out)
    words = _words(text)
    tokens: Counter[str] = Counter("w:" + w for w in words)
    tokens.update(f"w:{a} {b}" for a, b in itertools.pairwise(words))
    _scaled(tokens, GROUP_WEIGHTS["w"], out)
    if system:
        system_words = _words(_normalise(system[:SYSTEM_CHARS]))
        _scaled(Counter("s:" + w for w in system_words), GROUP_WEIGHTS["s"], out)
    if earlier:
        earlier_words = _words(_normalise(earlier[-EARLIER_CHARS:]))
        _scaled(Counter("e:" + w for w in earlier_words), GROUP_WEIGHTS["e"], out)
    return out


def signal_features(found: RulePass, *, last_is_tool: bool, turns: int) -> dict[str, float]:
    """Return the rules' and tree-sitter's signals as features (``"f:<name>": value``)."""
    points = found.scores.points
    facts = found.facts
    words = len(found.instruction.split())
    ask = found.instruction.rstrip()
    # The rules' points, not their verdict: the verdict's thresholds were tuned by hand on
    # other data, and the model weighs the points better (out-of-fold log loss).
    out = {f"f:points_{kind.value}": min(points.get(kind, 0.0), 8.0) / 4.0 for kind in KINDS}
    out.update({
        "f:agent": float(found.agent),
        "f:last_is_tool": float(last_is_tool),
        "f:turns": math.log1p(turns) / 3.0,
        "f:ask_words": math.log1p(words) / 6.0,
        "f:no_ask": float(words == 0),
        "f:question": float(ask.endswith(("?", "？"))),
        "f:code": float(bool(facts)),
        "f:code_cut": float(any(f.cut for f in facts)),
        "f:code_whole": float(bool(facts) and all(f.whole_definition for f in facts)),
        "f:blocks": min(len(found.blocks), 6) / 6.0,
        "f:code_lines": math.log1p(sum(f.lines for f in facts)) / 7.0,
        "f:files": min(len(found.paths), 6) / 6.0,
        "f:system": float(bool(found.system)),
        "f:template": float(bool(found.template.strip())),
    })  # fmt: skip
    return out


def features(found: RulePass, *, last_is_tool: bool, turns: int) -> dict[str, float]:
    """Return all features of one request (wording and signals), by name."""
    out = text_features(
        found.instruction, found.system, found.earlier[-1] if found.earlier else ""
    )
    out.update(signal_features(found, last_is_tool=last_is_tool, turns=turns))
    return out


@dataclass(frozen=True, slots=True)
class Prediction:
    """The learned decision for one request.

    Attributes:
        probabilities: calibrated probability per kind (sums to 1).
        drivers: the features that pushed the most likely kind most, ``(name, weight)``.
        vector: the request's known features as ``(vocabulary rows, values)`` (for
            matching it against corrected requests; no text).

    """

    probabilities: dict[TaskKind, float]
    drivers: tuple[tuple[str, float], ...]
    vector: tuple[tuple[int, ...], tuple[float, ...]] = ((), ())


class LearnedModel:
    """A fitted linear model: vocabulary, weights, bias and temperature.

    Args:
        vocabulary: feature name -> row of ``weights``.
        weights: float32 array, one row per feature, one column per kind (:data:`KINDS`).
        bias: one intercept per kind.
        temperature: calibration temperature (logits are divided by it).
        meta: the training record (``meta.json``).

    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        weights: Any,
        bias: Any,
        temperature: float,
        meta: dict[str, Any] | None = None,
    ):
        self.vocabulary = vocabulary
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float64)
        self.temperature = temperature
        self.meta = meta or {}

    def predict(self, named: dict[str, float], *, drivers: int = 3) -> Prediction:
        """Return calibrated probabilities for the features ``named`` (from :func:`features`)."""
        lookup = self.vocabulary.get
        known = [
            (name, row, value) for name, value in named.items() if (row := lookup(name)) is not None
        ]
        names = [name for name, _, _ in known]
        rows = [row for _, row, _ in known]
        values = [value for _, _, value in known]
        logits = self.bias.copy()
        contributions = None
        if rows:
            vector = np.asarray(values, dtype=np.float32)
            contributions = self.weights[rows] * vector[:, None]
            logits += contributions.sum(axis=0)
        scaled = logits / self.temperature
        scaled -= scaled.max()
        exp = np.exp(scaled)
        probs = exp / exp.sum()
        best = int(np.argmax(probs))
        top: tuple[tuple[str, float], ...] = ()
        if contributions is not None and drivers:
            column = contributions[:, best]
            order = np.argsort(-column)[:drivers]
            top = tuple((names[i], round(float(column[i]), 2)) for i in order if column[i] > 0)
        return Prediction(
            {kind: float(p) for kind, p in zip(KINDS, probs, strict=True)},
            top,
            (tuple(rows), tuple(values)),
        )


MODEL_DIR = "model"


@functools.cache
def shipped_model() -> LearnedModel | None:
    """Return the model shipped in ``sidecar/classify/model/``, or None when there is none.

    Raises:
        ValueError: the shipped files are inconsistent (a broken build).

    """
    return load_model(importlib.resources.files("sidecar.classify").joinpath(MODEL_DIR))


def load_model(folder: Any) -> LearnedModel | None:
    """Return the model in ``folder`` (a path or an importlib resource), or None if absent.

    Raises:
        ValueError: the files are inconsistent.

    """
    meta_file = folder.joinpath("meta.json")
    if not meta_file.is_file():
        return None
    meta = json.loads(meta_file.read_text("utf-8"))
    vocabulary = json.loads(folder.joinpath("vocabulary.json").read_text("utf-8"))
    with folder.joinpath("weights.npz").open("rb") as handle:
        arrays = np.load(handle)
        weights, bias = arrays["weights"], arrays["bias"]
    if weights.shape != (len(vocabulary), len(KINDS)):
        raise ValueError(f"model weights {weights.shape} do not match {len(vocabulary)} features")
    index = {name: i for i, name in enumerate(vocabulary)}
    return LearnedModel(index, weights, bias, float(meta["temperature"]), meta)


def describe(prediction: Prediction) -> str:
    """Return a one-line reason: the probabilities and what drove the top kind."""
    probs = ", ".join(
        f"{kind.value} {p:.2f}"
        for kind, p in sorted(prediction.probabilities.items(), key=lambda kv: -kv[1])
    )
    drivers = ", ".join(f"{_readable(n)} +{w:g}" for n, w in prediction.drivers)
    return f"learned: {probs}" + (f" (by {drivers})" if drivers else "")


def _readable(name: str) -> str:
    group, _, value = name.partition(":")
    label = {"c": "chars", "w": "words", "s": "system", "e": "earlier turn", "f": "signal"}
    return f"{label.get(group, group)} {value.strip()!r}" if group != "f" else value
