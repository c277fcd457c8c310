"""The internal request and result types every surface translates to and from.

A surface (HTTP today, LSP later) turns its wire shape into a :class:`Request`; the
engine answers with a :class:`Result` or a stream of :class:`Chunk` objects; the surface
turns those back into its wire shape. Token counts are in the serving model's tokens;
costs are in USD.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sidecar.response_cache import CachePolicy


class TaskKind(enum.StrEnum):
    """What kind of work a request is; the routing table is keyed on it."""

    COMPLETION = "completion"
    REVIEW = "review"
    REFACTOR = "refactor"
    PLANNING = "planning"
    BACKGROUND = "background"
    """An agent's side request (a session title, a summary, a short classification call)."""


class Route(enum.StrEnum):
    """Where a request is served."""

    LOCAL = "local"
    FRONTIER = "frontier"


class Endpoint(enum.StrEnum):
    """The API a request came in on."""

    CHAT = "/v1/chat/completions"
    COMPLETIONS = "/v1/completions"
    MESSAGES = "/v1/messages"  # Anthropic Messages API
    RESPONSES = "/v1/responses"  # OpenAI Responses API


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One function call the model made.

    Attributes:
        id: the call id (OpenAI ``call_...``, Anthropic ``toolu_...``), kept across shapes.
        name: the function name.
        arguments: the arguments as JSON text (OpenAI's form; Anthropic's ``input`` object
            is serialised with ``json.dumps``).

    """

    id: str
    name: str
    arguments: str = "{}"


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    """A piece of a streamed tool call (OpenAI ``delta.tool_calls[i]``).

    The first delta of a call carries ``id`` and ``name``; later ones carry argument
    fragments (JSON text). ``index`` orders calls within one answer (0-based).
    """

    index: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""


@dataclass(frozen=True, slots=True)
class Tool:
    """A function the model may call (OpenAI ``tools[].function``, Anthropic ``tools[]``).

    Attributes:
        name: function name.
        description: what it does.
        parameters: JSON Schema of the arguments object.

    """

    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Image:
    """An image in a message: a URL or base64 ``data`` with its media type."""

    media_type: str = ""
    data: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class ResponseFormat:
    """Structured output the client asks for: a JSON object, matching ``schema`` if given.

    Sources: OpenAI chat ``response_format`` (``json_object``, or ``json_schema`` with
    ``json_schema.{name, schema, strict}``), OpenAI Responses ``text.format`` (the same
    fields, not nested) and Anthropic ``output_config.format`` (``json_schema`` with
    ``schema``).

    Attributes:
        schema: the JSON Schema of the answer, or None for any JSON object.
        name: the schema's name (OpenAI requires one; empty when the client gave none).
        strict: OpenAI ``strict`` (the answer must match the schema exactly).

    """

    schema: dict[str, Any] | None = field(default=None, compare=False)
    name: str = ""
    strict: bool = False


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message, independent of the wire shape.

    Roles: ``system``, ``developer``, ``user``, ``assistant``, ``tool``. Within an assistant
    message the canonical order is thinking, text, tool calls (the order every API uses).
    An Anthropic user message that carries ``tool_result`` blocks becomes one ``tool``
    message per result followed by a ``user`` message for any text, as in OpenAI's shape.

    Attributes:
        role: the role.
        content: the text, with text parts joined.
        tool_calls: calls made by an assistant message.
        tool_call_id: for a ``tool`` message, the call it answers.
        is_error: for a ``tool`` message, whether the tool failed (Anthropic ``is_error``).
        images: images attached to a user message.
        thinking: an assistant message's reasoning text (Anthropic ``thinking`` block).
        thinking_signature: the provider's signature of that reasoning, kept opaque.

    """

    role: str
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    is_error: bool = False
    images: tuple[Image, ...] = ()
    thinking: str = ""
    thinking_signature: str = ""


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
        tools: functions the model may call.
        tool_choice: ``auto``, ``none``, ``required``, or a function name that must be called;
            None when the client did not say (``auto``).
        response_format: structured output asked for, or None for free text.
        session: the client's session id (``x-claude-code-session-id``, ``session-id``,
            ``prompt_cache_key``, ``metadata.user_id``), or None.
        headers: request headers to forward on pass-through (``anthropic-beta``,
            ``anthropic-version``), lower-case names.
        body: the original JSON body, kept for pass-through to a gateway of the same shape.
        files: paths of the files the content comes from, as the client names them
            (``X-Sidecar-Files``; the language server sends the document's), for the data
            boundary's ``never_escalate`` globs.
        forced_task: the task kind the client set (``X-Sidecar-Task``), not classified.
        cache: what the request allows the response cache to do
            (:class:`sidecar.response_cache.CachePolicy`), None for the default.

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
    tools: tuple[Tool, ...] = ()
    tool_choice: str | None = None
    response_format: ResponseFormat | None = None
    session: str | None = None
    headers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    body: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    files: tuple[str, ...] = ()
    cache: CachePolicy | None = field(default=None, compare=False, repr=False)
    forced_task: TaskKind | None = None

    def has_tool_use(self) -> bool:
        """Return whether any message is a tool call or a tool result."""
        return any(m.tool_calls or m.role == "tool" for m in self.messages)

    def text(self) -> str:
        """Return all prompt text (messages joined, or prompt + suffix), for size estimates.

        Tool calls and tool definitions count too: they are prompt tokens as well.
        """
        if self.endpoint is Endpoint.COMPLETIONS:
            return (self.prompt or "") + (self.suffix or "")
        parts = [m.content for m in self.messages]
        for m in self.messages:
            parts += [c.name + c.arguments for c in m.tool_calls]
        parts += [t.name + t.description + json.dumps(t.parameters) for t in self.tools]
        return "\n".join(parts)


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
        cached_tokens: prompt tokens served from a KV or provider prompt cache (read).
        cache_write_tokens: prompt tokens written to a provider's prompt cache (Anthropic
            ``cache_creation_input_tokens``); part of ``prompt_tokens``.
        estimated: True when counted by sidecar rather than reported by the backend.

    """

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cache_write_tokens: int = 0
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
    """One piece of a streamed answer.

    Attributes:
        text: answer text.
        thinking: reasoning text (Anthropic ``thinking_delta``).
        tool_calls: tool-call pieces (OpenAI ``delta.tool_calls``).
        finish_reason: on the last chunk: ``stop``, ``length``, ``tool_calls`` or
            ``cancelled`` (OpenAI's values; surfaces map them to their own).
        usage: on the last chunk.
        raw: the upstream server-sent event, verbatim (``event:``/``data:`` lines and the
            blank line), when the gateway answered in the client's own wire shape: the
            surface then writes it unchanged (pass-through). Parsed fields are set too.
        more: the next chunk is already here (it came in the same read): a surface may
            hold this one and write both at once. Not part of the answer.

    """

    text: str = ""
    finish_reason: str | None = None
    usage: Usage | None = None
    thinking: str = ""
    tool_calls: tuple[ToolCallDelta, ...] = ()
    raw: bytes = b""
    more: bool = field(default=False, compare=False, repr=False)


@dataclass(slots=True)
class Result:
    """A whole answer.

    Attributes:
        text: the generated text.
        finish_reason: ``stop`` or ``length`` (OpenAI's values).
        usage: token usage, or None when the backend reported none (the engine estimates).
        model: the concrete model that produced it.
        ttft_ms: milliseconds from the call to the first generated token, when known.
        tool_calls: function calls the model made (finish reason ``tool_calls``).
        thinking: reasoning text, when the model returned it.
        thinking_signature: the provider's signature of that reasoning, opaque.
        raw: the upstream JSON body when the gateway answered in the client's own wire
            shape (pass-through); the surface returns it unchanged.

    """

    text: str
    finish_reason: str
    usage: Usage | None
    model: str
    ttft_ms: float | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    thinking: str = ""
    thinking_signature: str = ""
    raw: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a call: recorded on the ledger row and sent to the gateway.

    Attributes:
        developer: the developer's name (config, git ``user.email`` or the OS user).
        app: the client application (``X-Sidecar-App``, else the User-Agent product).

    """

    developer: str
    app: str
