"""Tool calls on the local model: prompt the tools, parse the calls out of generated text.

A model whose GGUF chat template renders ``tools`` (Qwen2.5/Qwen3, Llama 3.1+, Mistral,
Hermes and most current open-weight MoE models) gets them through its own template, and
its tool calls and results are rendered by it too. A template without tool support (the
bundled SmolLM2) gets the Hermes convention written into the system prompt instead:
calls as ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>`` and results as
``<tool_response>`` user turns. Small models follow this poorly; the health endpoint says
which way a model is driven.

Generated text is parsed for both call formats that open-weight models emit:

- Hermes / Qwen2.5 / Qwen3: ``<tool_call>{"name": "f", "arguments": {...}}</tool_call>``
- Qwen3-Coder: ``<tool_call><function=f><parameter=p>value</parameter></function></tool_call>``
  (each tag on its own line)

:class:`ToolCallParser` works on streamed text: text outside calls is released as soon as
it cannot be the start of a call, and each call is released whole when its closing tag
arrives.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sidecar.request import Message, Tool, ToolCall

OPEN = "<tool_call>"
CLOSE = "</tool_call>"
_FUNCTION = re.compile(r"<function=([^>\s]+)>(.*?)(?:</function>|$)", re.DOTALL)
_PARAMETER = re.compile(r"<parameter=([^>\s]+)>\n?(.*?)\n?</parameter>", re.DOTALL)


def tools_as_openai(tools: tuple[Tool, ...]) -> list[dict[str, Any]]:
    """Return tools in OpenAI's ``tools`` shape, which chat templates expect."""
    return [
        {
            "type": "function",
            "function": {
                "name": t.name,
                "description": t.description,
                "parameters": t.parameters or {"type": "object", "properties": {}},
            },
        }
        for t in tools
    ]


def system_prompt(tools: tuple[Tool, ...], tool_choice: str | None) -> str:
    """Return the Hermes-style tool instructions for a template without tool support."""
    signatures = "\n".join(json.dumps(t) for t in tools_as_openai(tools))
    rule = ""
    if tool_choice == "required":
        rule = "\nYou must call at least one function."
    elif tool_choice not in (None, "auto", "none"):
        rule = f"\nYou must call the function {tool_choice}."
    return (
        "You may call one or more functions to assist with the user query. "
        "Function signatures are within <tools></tools>:\n"
        f"<tools>\n{signatures}\n</tools>\n"
        "For each function call, return a JSON object with the function name and arguments "
        "within <tool_call></tool_call> tags:\n"
        '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>'
        + rule
    )


def _arguments_object(arguments: str) -> Any:
    try:
        return json.loads(arguments)
    except ValueError:
        return arguments


def template_messages(messages: tuple[Message, ...], *, native: bool) -> list[dict[str, Any]]:
    """Return messages as chat-template dicts.

    Args:
        messages: the conversation.
        native: the template renders ``tool_calls`` and ``tool`` messages itself; otherwise
            calls are written into the assistant text and results become user turns in
            ``<tool_response>`` tags.

    """
    out: list[dict[str, Any]] = []
    for m in messages:
        role = "system" if m.role == "developer" else m.role
        if native:
            entry: dict[str, Any] = {"role": role, "content": m.content}
            if m.tool_calls:
                entry["tool_calls"] = [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": _arguments_object(c.arguments)},
                    }
                    for c in m.tool_calls
                ]
            if m.role == "tool":
                entry["tool_call_id"] = m.tool_call_id
            out.append(entry)
            continue
        content = m.content
        if m.tool_calls:
            calls = "\n".join(
                f'{OPEN}\n{{"name": {json.dumps(c.name)}, "arguments": {c.arguments or "{}"}}}\n'
                f"{CLOSE}"
                for c in m.tool_calls
            )
            content = f"{content}\n{calls}".strip()
        if m.role == "tool":
            role, content = "user", f"<tool_response>\n{content}\n</tool_response>"
        if out and role == "user" and out[-1]["role"] == "user" and m.role == "tool":
            out[-1]["content"] += "\n" + content  # consecutive results in one user turn
        else:
            out.append({"role": role, "content": content})
    return out


def _parse_call(body: str) -> ToolCall | None:
    body = body.strip()
    call_id = "call_" + uuid.uuid4().hex[:24]
    function = _FUNCTION.search(body)
    if function:
        params = {name: _parameter_value(value) for name, value in _PARAMETER.findall(function[2])}
        return ToolCall(call_id, function[1], json.dumps(params))
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    arguments = data.get("arguments", data.get("parameters", {}))
    if isinstance(arguments, str):
        return ToolCall(call_id, data["name"], arguments)
    return ToolCall(call_id, data["name"], json.dumps(arguments))


def _parameter_value(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass
class ToolCallParser:
    """Split streamed model text into plain text and tool calls.

    Call :meth:`feed` with each text piece and :meth:`close` at the end; both return
    ``(text, calls)``: text that is certainly outside a call, and the calls completed.
    A call whose body does not parse is released as text (the model's words, unchanged).
    """

    _buffer: str = ""
    _in_call: bool = False
    calls: list[ToolCall] = field(default_factory=list)

    def feed(self, text: str) -> tuple[str, list[ToolCall]]:
        """Consume a piece of generated text."""
        self._buffer += text
        released: list[str] = []
        done: list[ToolCall] = []
        while True:
            if self._in_call:
                end = self._buffer.find(CLOSE)
                if end < 0:
                    break
                body, self._buffer = self._buffer[:end], self._buffer[end + len(CLOSE) :]
                self._in_call = False
                call = _parse_call(body)
                if call is None:
                    released.append(OPEN + body + CLOSE)
                else:
                    done.append(call)
                continue
            start = self._buffer.find(OPEN)
            if start >= 0:
                released.append(self._buffer[:start])
                self._buffer = self._buffer[start + len(OPEN) :]
                self._in_call = True
                continue
            keep = _partial_tag(self._buffer)
            released.append(self._buffer[: len(self._buffer) - keep])
            self._buffer = self._buffer[len(self._buffer) - keep :]
            break
        self.calls += done
        return "".join(released), done

    def close(self) -> tuple[str, list[ToolCall]]:
        """Flush at the end of generation: an unclosed call is parsed if it can be."""
        rest, self._buffer = self._buffer, ""
        if self._in_call:
            self._in_call = False
            call = _parse_call(rest)
            if call is not None:
                self.calls.append(call)
                return "", [call]
            return OPEN + rest, []
        return rest, []


def _partial_tag(text: str) -> int:
    """Return the length of the longest suffix of ``text`` that starts ``<tool_call>``."""
    for size in range(min(len(OPEN) - 1, len(text)), 0, -1):
        if OPEN.startswith(text[-size:]):
            return size
    return 0
