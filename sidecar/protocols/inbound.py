r"""What every inbound request body goes through before its wire shape's parser reads it.

- :func:`request_object` checks that the decoded body is a JSON object, bounds its nesting
  (:data:`MAX_DEPTH`) and replaces lone surrogates with U+FFFD, in one walk;
- :func:`parameters` validates a body's scalar fields (model, limits, sampling, flags)
  against a pydantic model of that wire shape and turns the first error into a
  :class:`~sidecar.errors.RequestError` naming the field (``param``), e.g. ``stop[3]``.

Lone surrogates (``"\ud800"`` escapes without their pair) are valid JSON but not valid
Unicode: UTF-8 cannot encode them, so the tokenizer, SQLite and the gateway's HTTP client
would fail on them far from the parser. They are replaced, not refused, because clients send
them by accident: Claude Code cuts long tool output at a UTF-16 index and so can split a
pair, and Anthropic's API refuses such a body with a 400 ("no low surrogate in string",
anthropics/claude-code#1939 and its many duplicates) that stops the agent's turn for good.
One U+FFFD, what Unicode prescribes for an unreadable character, costs the model nothing.
The body kept for pass-through is the cleaned one, so the gateway gets the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from sidecar.errors import RequestError

MAX_DEPTH = 64
"""Deepest nesting of objects and arrays accepted in a body (the body itself is level 1).

Real requests stay far below: the Claude Code and Codex sessions recorded in
``tests/data/agents`` reach 12 (tool JSON Schemas). Anything deeper is refused before a
recursive encoder, template or grammar builder meets it.
"""
MAX_TOKEN_LIMIT = 2**31 - 1
"""Largest ``max_tokens`` accepted: llama.cpp and most servers keep it in a 32-bit int."""
REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")

Model = TypeVar("Model", bound=BaseModel)


def field_error(param: str, message: str) -> RequestError:
    """Return the RequestError for an invalid field (``code`` ``invalid_value``)."""
    return RequestError(f"Invalid '{param}': {message}", param=param, code="invalid_value")


def missing(param: str) -> RequestError:
    """Return the RequestError for a missing required field."""
    return RequestError(
        f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter"
    )


def clean_text(text: str) -> str:
    """Return ``text`` with each lone surrogate replaced by U+FFFD."""
    if text.isascii():
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def request_object(body: Any) -> dict[str, Any]:
    """Return ``body`` cleaned (see :func:`clean`) if it is a JSON object, else raise."""
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object.", code="invalid_json")
    clean(body)
    return body


def clean(body: dict[str, Any] | list[Any]) -> None:
    """Replace lone surrogates in every string and key of ``body``, in place.

    One level at a time, so that the walk itself cannot overflow the stack.

    Raises:
        RequestError: objects and arrays nested deeper than :data:`MAX_DEPTH`; ``param``
            is the path of the first value too deep.

    """
    level: list[dict[str, Any] | list[Any]] = [body]
    for _ in range(MAX_DEPTH):
        deeper: list[dict[str, Any] | list[Any]] = []
        for node in level:
            if isinstance(node, list):
                for index, value in enumerate(node):
                    if isinstance(value, str):
                        if not value.isascii():
                            node[index] = clean_text(value)
                    elif isinstance(value, dict | list):
                        deeper.append(value)
                continue
            keys_ascii = True
            for key, value in node.items():
                keys_ascii = keys_ascii and key.isascii()
                if isinstance(value, str):
                    if not value.isascii():
                        node[key] = clean_text(value)  # same key: the dict keeps its size
                elif isinstance(value, dict | list):
                    deeper.append(value)
            if not keys_ascii:
                cleaned = [(clean_text(key), value) for key, value in node.items()]
                node.clear()
                node.update(cleaned)
        if not deeper:
            return
        level = deeper
    param = _join(_deep_path(body, 1) or ())
    raise RequestError(
        f"Invalid '{param}': JSON nested more than {MAX_DEPTH} levels deep.",
        param=param or None,
        code="invalid_value",
    )


def _deep_path(node: dict[str, Any] | list[Any], depth: int) -> list[str | int] | None:
    """Return the path of the first container below ``node`` deeper than the limit."""
    if depth > MAX_DEPTH:
        return []
    children: Iterable[tuple[str | int, Any]] = (
        node.items() if isinstance(node, dict) else enumerate(node)
    )
    for key, value in children:
        if isinstance(value, dict | list):
            found = _deep_path(value, depth + 1)
            if found is not None:
                return [key, *found]
    return None


def _join(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


# Pydantic models of scalar fields -----------------------------------------------------

STRICT = ConfigDict(strict=True, extra="ignore", frozen=True)
"""Every parameters model: JSON types as sent (no ``"1"`` -> 1), unknown keys ignored."""
NonEmpty = Annotated[str, Field(min_length=1)]
TokenLimit = Annotated[int, Field(ge=1, le=MAX_TOKEN_LIMIT)]
UnitInterval = Annotated[float, Field(ge=0.0, le=1.0)]


def _default_sentinel(value: Any) -> Any:
    """Read ``-1`` as "not set": Sourcegraph Cody sends ``top_p: -1`` for the default."""
    return None if value == -1 and not isinstance(value, bool) else value


TopP = Annotated[UnitInterval | None, BeforeValidator(_default_sentinel)]
"""OpenAI ``top_p``: 0..1, or -1 for the default (a client convention), else unset."""
Temperature = Annotated[float, Field(ge=0.0, le=2.0)]


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


StopSequences = Annotated[list[str], BeforeValidator(_one_or_many)]
"""A string or an array of strings, as an array."""


def parameters(model: type[Model], body: dict[str, Any], prefix: str = "") -> Model:
    """Validate ``body``'s fields against ``model``.

    Args:
        model: the pydantic model of the wire shape (or of a part of it).
        body: the decoded JSON object.
        prefix: the path of ``body`` in the request, for ``param``; "" for the body.

    Raises:
        RequestError: the first field that is missing or invalid, named in ``param``
            (``missing_required_parameter`` or ``invalid_value``).

    """
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise _translate(exc.errors(include_url=False)[0], prefix) from exc


def _translate(error: ErrorDetails, prefix: str) -> RequestError:
    param = _join((prefix, *error["loc"]) if prefix else error["loc"]) or None
    if param is None:
        return RequestError(error["msg"], code="invalid_value")
    if error["type"] == "missing":
        return missing(param)
    if error["type"] == "value_error":  # a validator of ours: its own words
        return field_error(param, str(error.get("ctx", {}).get("error", error["msg"])))
    return field_error(param, error["msg"][:1].lower() + error["msg"][1:])
