"""The local model as a second opinion on uncertain routing decisions.

When the learned model's planning probability falls in ``routes.second_opinion_band``
(the decision is close to the threshold either way) and ``routes.second_opinion`` is on,
the workstation's model is asked which kind the request is: a short, byte-stable prompt
(``prompts/route.txt`` as the system prompt, so its KV prefix stays warm in the local
model's slots) with the answer held to ``{"kind": <one of four>}`` by a JSON-schema
grammar, under a latency budget (``routes.second_opinion_ms``). Its answer decides only
inside the band: it can send an uncertain request to planning, or keep an uncertain
planning call local; outside the band the learned decision stands.
"""

from __future__ import annotations

import functools
import importlib.resources
import json

from sidecar.classify import learned
from sidecar.classify.classifier import Classification
from sidecar.request import Endpoint, Message, Request, ResponseFormat, TaskKind

KINDS = tuple(kind.value for kind in learned.KINDS)
ASK_HEAD, ASK_TAIL = 900, 300
"""Characters of the last user message shown to the model (start and end)."""
SCHEMA = {
    "type": "object",
    "properties": {"kind": {"type": "string", "enum": list(KINDS)}},
    "required": ["kind"],
    "additionalProperties": False,
}


@functools.cache
def system_prompt() -> str:
    """Return ``prompts/route.txt`` (read once; byte-stable)."""
    return importlib.resources.files("sidecar").joinpath("prompts/route.txt").read_text("utf-8")


def uncertain(classification: Classification, band: tuple[float, float]) -> bool:
    """Return whether the learned decision's planning probability lies in ``band`` [low, high)."""
    if classification.vector is None:
        return False
    planning = classification.scores.get(TaskKind.PLANNING)
    return planning is not None and band[0] <= planning < band[1]


def question(request: Request) -> Request:
    """Return the classification request for the local model (temperature 0, 12 tokens)."""
    users = [m.content for m in request.messages if m.role == "user"]
    ask = users[-1] if users else (request.prompt or "")
    if len(ask) > ASK_HEAD + ASK_TAIL:
        ask = ask[:ASK_HEAD] + "\n[...]\n" + ask[-ASK_TAIL:]
    return Request(
        endpoint=Endpoint.CHAT,
        model="sidecar/local",
        messages=(Message("system", system_prompt()), Message("user", ask)),
        max_tokens=12,
        temperature=0.0,
        response_format=ResponseFormat(schema=SCHEMA, name="kind", strict=True),
    )


def parse(answer: str) -> TaskKind | None:
    """Return the kind in the model's JSON answer, or None when it is not one of the four."""
    try:
        kind = json.loads(answer).get("kind")
    except (ValueError, AttributeError):
        return None
    return TaskKind(kind) if kind in KINDS else None


def combine(classification: Classification, opinion: TaskKind | None) -> Classification:
    """Return the decision with the second opinion taken into account (inside the band)."""
    if opinion is None:
        return Classification(
            classification.task,
            [*classification.reasons, "second opinion: no usable answer"],
            classification.scores,
            classification.vector,
        )
    scores = classification.scores
    if opinion is TaskKind.PLANNING or classification.task is TaskKind.PLANNING:
        task = opinion
    else:
        task = classification.task  # both routine: the learned kind is better calibrated
    note = f"second opinion (local model): {opinion.value}"
    if task is not classification.task:
        note += f", {classification.task.value} -> {task.value}"
    return Classification(task, [*classification.reasons, note], scores, classification.vector)
