"""The internal request and result types every surface translates to and from.

A surface (HTTP today, LSP later) turns its wire shape into a :class:`Request`; the
engine answers with a :class:`Result` or a stream of :class:`Chunk` objects; the surface
turns those back into its wire shape. Token counts are in the serving model's tokens;
costs are in USD.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class TaskKind(enum.StrEnum):
    """What kind of work a request is; the routing table is keyed on it."""

    COMPLETION = "completion"
    REVIEW = "review"
    REFACTOR = "refactor"
    PLANNING = "planning"


class Route(enum.StrEnum):
    """Where a request is served."""

    LOCAL = "local"
    FRONTIER = "frontier"


class Endpoint(enum.StrEnum):
    """The API a request came in on."""

    CHAT = "/v1/chat/completions"
    COMPLETIONS = "/v1/completions"


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message with its text flattened (OpenAI ``content`` string or text parts)."""

    role: str
    content: str


@dataclass(frozen=True, slots=True)
class Request:
    """One model call, independent of the wire shape it arrived in.

    Attributes:
        endpoint: the API it arrived on.
        model: the model name the client asked for, as sent.
        messages: chat messages (empty for ``/v1/completions``).
        prompt: the completion prompt (``/v1/completions``) or None.
        suffix: text after the cursor for fill-in-the-middle, or None.
        max_tokens: completion token limit, or None for the backend default.
        temperature: sampling temperature, or None for the backend default.
        top_p: nucleus sampling, or None.
        stop: stop sequences.
        stream: whether the client wants server-sent events.
        include_usage: OpenAI ``stream_options.include_usage``.
        user: OpenAI ``user`` field as sent by the client, or None.
        body: the original JSON body, kept for pass-through to an OpenAI-shaped gateway.

    """

    endpoint: Endpoint
    model: str
    messages: tuple[Message, ...] = ()
    prompt: str | None = None
    suffix: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()
    stream: bool = False
    include_usage: bool = False
    user: str | None = None
    body: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def text(self) -> str:
        """Return all prompt text (messages joined, or prompt + suffix), for size estimates."""
        if self.endpoint is Endpoint.COMPLETIONS:
            return (self.prompt or "") + (self.suffix or "")
        return "\n".join(m.content for m in self.messages)


@dataclass(frozen=True, slots=True)
class Decision:
    """The routing decision for one request.

    Attributes:
        task: the classified task kind.
        route: where it is served first.
        model: the concrete model name on that route.
        reasons: short strings saying why (classification, then routing).
        requested_route: the route forced by the model name, or None for ``sidecar/auto``.
        degraded: the preferred route is unavailable and this one stands in for it.

    """

    task: TaskKind
    route: Route
    model: str
    reasons: tuple[str, ...]
    requested_route: Route | None = None
    degraded: bool = False

    def as_json(self) -> dict[str, Any]:
        """Return the decision as the dry-run JSON body."""
        return {
            "task": self.task.value,
            "route": self.route.value,
            "model": self.model,
            "reasons": list(self.reasons),
        }


@dataclass(slots=True)
class Usage:
    """Token usage of one call.

    Attributes:
        prompt_tokens: tokens in the prompt.
        completion_tokens: tokens generated.
        cached_tokens: prompt tokens served from a KV or provider prompt cache.
        estimated: True when counted by sidecar rather than reported by the backend.

    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    estimated: bool = False

    def as_openai(self) -> dict[str, Any]:
        """Return the OpenAI ``usage`` object."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": self.cached_tokens},
        }


@dataclass(slots=True)
class Chunk:
    """One piece of a streamed answer: text, and on the last chunk the finish reason and usage."""

    text: str = ""
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(slots=True)
class Result:
    """A whole answer.

    Attributes:
        text: the generated text.
        finish_reason: ``stop`` or ``length`` (OpenAI's values).
        usage: token usage, or None when the backend reported none (the engine estimates).
        model: the concrete model that produced it.
        ttft_ms: milliseconds from the call to the first generated token, when known.

    """

    text: str
    finish_reason: str
    usage: Usage | None
    model: str
    ttft_ms: float | None = None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a call: recorded on the ledger row and sent to the gateway.

    Attributes:
        developer: the developer's name (config, git ``user.email`` or the OS user).
        app: the client application (``X-Sidecar-App``, else the User-Agent product).

    """

    developer: str
    app: str
