"""The data boundary: what a frontier call may carry off the machine, decided before dispatch.

Two rules, applied by the engine to every call routed (or falling back) to the gateway:

1. **Secrets are redacted** (:mod:`sidecar.security.redact`): message text, tool-call
   arguments, the FIM prompt and suffix, and the original JSON body kept for pass-through
   leave with stable placeholders; the answer (whole, or streamed and split anywhere)
   comes back with the real values, so the developer never sees a placeholder. A streamed
   pass-through answer is then re-encoded from its parsed chunks instead of relayed byte
   for byte, since its raw events carry placeholders. Reasoning blocks signed by the
   provider are left as they are (changing them voids the signature).
2. **Never-escalate paths**: a request naming a file that matches ``boundary.never_escalate``
   (``**/.env*``, ``*.pem``...) in a tool call's arguments or in ``X-Sidecar-Files``
   stays local (or is refused, with ``boundary.on_never_escalate = "refuse"``).

The ledger row records what was redacted: kinds and counts, never values.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sidecar.request import Chunk, Message, Request, Result, ToolCall, ToolCallDelta
from sidecar.security.redact import (
    Finding,
    Redactor,
    Restorer,
    Vault,
    restore,
    restore_json,
    summary,
)
from sidecar.sessions import paths_in_arguments


@dataclass(slots=True)
class Crossing:
    """One request on its way to the gateway.

    Attributes:
        request: what is sent (placeholders instead of secrets).
        vault: placeholder -> value, for the answer.
        redactions: kind -> count, for the ledger.

    """

    request: Request
    vault: Vault
    redactions: dict[str, int] = field(default_factory=dict)

    def restore_result(self, result: Result) -> Result:
        """Return ``result`` with the real values back in its text, calls and raw body."""
        if not len(self.vault):
            return result
        vault = self.vault
        return dataclasses.replace(
            result,
            text=restore(result.text, vault),
            thinking=restore(result.thinking, vault),
            tool_calls=tuple(
                ToolCall(c.id, c.name, restore(c.arguments, vault, json_string=True))
                for c in result.tool_calls
            ),
            raw=restore_json(result.raw, vault) if result.raw is not None else None,
        )

    async def restore_stream(self, chunks: AsyncIterator[Chunk]) -> AsyncIterator[Chunk]:
        """Yield ``chunks`` with the real values back, however the placeholders are split.

        Text, reasoning and each tool call's arguments have their own restorer; what one
        holds back is released with the next chunk or the last one.
        """
        if not len(self.vault):
            async for chunk in chunks:
                yield chunk
            return
        text, thinking = Restorer(self.vault), Restorer(self.vault)
        arguments: dict[int, Restorer] = {}
        async for chunk in chunks:
            last = chunk.finish_reason is not None
            calls = []
            for delta in chunk.tool_calls:
                restorer = arguments.setdefault(delta.index, Restorer(self.vault, json_string=True))
                calls.append(dataclasses.replace(delta, arguments=restorer.feed(delta.arguments)))
            if last:
                calls += [
                    ToolCallDelta(index, arguments=rest)
                    for index, restorer in arguments.items()
                    if (rest := restorer.close())
                ]
            yield dataclasses.replace(
                chunk,
                text=text.feed(chunk.text) + (text.close() if last else ""),
                thinking=thinking.feed(chunk.thinking) + (thinking.close() if last else ""),
                tool_calls=tuple(calls),
                raw=b"",  # its bytes carry placeholders: the surface re-encodes the chunk
            )


class Boundary:
    """Apply the data boundary to requests bound for the gateway.

    Args:
        redactor: the secret redactor, or None to send text unchanged.
        never_escalate: fnmatch globs of files whose content must not leave the machine.

    """

    def __init__(self, redactor: Redactor | None, never_escalate: Iterable[str] = ()):
        self.redactor = redactor
        self.never_escalate = tuple(never_escalate)

    def sensitive_files(self, request: Request) -> list[str]:
        """Return the files named in ``request`` that match ``never_escalate`` (sorted)."""
        if not self.never_escalate:
            return []
        named = set(request.files)
        for message in request.messages:
            for call in message.tool_calls:
                named |= paths_in_arguments(call.arguments)
        return sorted(path for path in named if self._matches(path))

    def _matches(self, path: str) -> bool:
        """Match a glob without ``/`` against the file name, others against the path.

        fnmatch's ``*`` also matches ``/``, so ``**/secrets/**`` matches any path with a
        ``secrets`` directory; a relative path is tried with a leading ``/`` as well.
        """
        name = path.rsplit("/", 1)[-1]
        rooted = "/" + path.lstrip("/")
        for glob in self.never_escalate:
            if "/" not in glob:
                if fnmatch.fnmatch(name, glob):
                    return True
            elif fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(rooted, glob):
                return True
        return False

    def outbound(self, request: Request) -> Crossing:
        """Return ``request`` as it may leave the machine, with what restores its answer."""
        vault = Vault()
        redactor = self.redactor
        if redactor is None:
            return Crossing(request, vault)
        found_in_text: list[Finding] = []

        def text(value: str) -> str:
            if not value:
                return value
            redacted, found = redactor.redact(value, vault)
            found_in_text.extend(found)
            return redacted

        messages = tuple(self._message(m, text) for m in request.messages)
        prompt = text(request.prompt) if request.prompt else request.prompt
        suffix = text(request.suffix) if request.suffix else request.suffix
        body: dict[str, Any] = request.body
        found_in_body: list[Finding] = []
        if body:
            body, found_in_body = redactor.redact_json(body, vault)
        if not (found_in_text or found_in_body):
            return Crossing(request, vault)
        sent = dataclasses.replace(
            request, messages=messages, prompt=prompt, suffix=suffix, body=body
        )
        # The body holds the same text as the parsed fields: count one of them.
        counted = found_in_body if len(found_in_body) > len(found_in_text) else found_in_text
        return Crossing(sent, vault, summary(counted))

    @staticmethod
    def _message(message: Message, text: Callable[[str], str]) -> Message:
        return dataclasses.replace(
            message,
            content=text(message.content),
            # A signed reasoning block must go back byte for byte.
            thinking=message.thinking if message.thinking_signature else text(message.thinking),
            tool_calls=tuple(ToolCall(c.id, c.name, text(c.arguments)) for c in message.tool_calls),
        )
