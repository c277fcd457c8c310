"""A scripted, tool-using model gateway on loopback, for end-to-end tests with real agents.

:class:`ScriptedGateway` speaks three wire APIs, streamed (the vendors' real event shapes)
and not:

- OpenAI chat completions, ``POST …/chat/completions``, with ``tools`` (tool calls come as
  ``tool_calls`` deltas: id and name first, then the arguments in pieces);
- Anthropic Messages, ``POST …/messages`` (``tool_use`` blocks whose input streams as
  ``input_json_delta``), and ``…/messages/count_tokens``;
- OpenAI Responses, ``POST …/responses`` (``function_call`` items, or ``custom_tool_call``
  for a freeform tool such as Codex's ``apply_patch``);

plus ``GET …/models``. It answers from a script of turns, each a :class:`Say` (text) or a
:class:`Call` (a tool call). Which turn a request gets depends on the request alone, never
on earlier requests: turn *n* answers a conversation whose last user message (a typed
message, not a tool result) is followed by *n* assistant turns. So the script runs once per
user message, canned example exchanges in a system prompt (aider's) do not count, and side
requests (a session title, a commit message) do not move the script on. Past the end of
the script, and on a :class:`Call` turn whose tools the request does not offer and that has
no ``otherwise`` text, it says :attr:`ScriptedGateway.final` ("Done.").

A :class:`Call` lists one option per tool name, since each agent names its tools its own
way: :func:`write_file` builds one for "write this file" that fits Claude Code (``Write``),
Codex (``apply_patch``, or ``exec_command``/``shell``), a generic ``write_file`` tool, and
aider, which sends no tools (its ``otherwise`` text is a SEARCH/REPLACE edit block). The
first option whose name the request's ``tools`` offers is used.

Every request is kept in :attr:`ScriptedGateway.received`.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from aiohttp import web

from tests.support import wire
from tests.support.wire import Recorded


@dataclass(frozen=True)
class Say:
    """A turn that answers with text."""

    text: str


@dataclass(frozen=True)
class Option:
    """One way to make a tool call: the tool's name and its arguments.

    ``arguments`` is a JSON object for an ordinary (function) tool, or the raw input text
    for a freeform (custom) tool such as Codex's ``apply_patch``.
    """

    tool: str
    arguments: Mapping[str, Any] | str


@dataclass(frozen=True)
class Call:
    """A turn that calls a tool: the first option whose tool the request offers."""

    options: tuple[Option, ...]
    otherwise: str = ""
    """Text to answer when the request offers none of the tools (empty: say ``final``)."""


Turn = Say | Call


def write_file(directory: str, name: str, content: str) -> Call:
    """A :class:`Call` that creates ``directory/name`` holding ``content``, for any agent.

    ``directory`` is the agent's working directory (absolute); ``name`` is relative to it.
    """
    absolute = str(PurePosixPath(directory) / name)
    added = "".join(f"+{line}\n" for line in content.splitlines())
    patch = f"*** Begin Patch\n*** Add File: {name}\n{added}*** End Patch\n"
    command = f"printf %s {shlex.quote(content)} > {shlex.quote(name)}"
    fence = "```"
    return Call(
        (
            Option("Write", {"file_path": absolute, "content": content}),
            Option("apply_patch", patch),
            Option("exec_command", {"cmd": command, "workdir": directory}),
            Option("shell", {"command": ["bash", "-lc", command], "workdir": directory}),
            Option("write_file", {"path": absolute, "content": content}),
        ),
        otherwise=(
            f"{name}\n{fence}\n<<<<<<< SEARCH\n=======\n{content.rstrip(chr(10))}\n"
            f">>>>>>> REPLACE\n{fence}\n"
        ),
    )


@dataclass(frozen=True)
class Offered:
    """A tool as a request offers it: its name and whether it takes freeform text."""

    name: str
    freeform: bool


@dataclass(frozen=True)
class Reply:
    """What to answer: text, or one tool call (``option`` and whether it is freeform)."""

    text: str = ""
    option: Option | None = None
    freeform: bool = False


@dataclass
class ScriptedGateway:
    """Answer agents from ``script``; see the module docstring."""

    script: Sequence[Turn] = ()
    final: str = "Done."
    received: list[Recorded] = field(default_factory=list)
    url: str = ""
    """``http://127.0.0.1:PORT`` once :meth:`start` returned (no ``/v1``)."""
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Listen on a free loopback port; return the base URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.url

    async def close(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def reply(self, assistant_turns: int, offered: Iterable[Offered]) -> Reply:
        """The answer after ``assistant_turns`` turns since the user spoke, offering ``offered``."""
        if assistant_turns >= len(self.script):
            return Reply(self.final)
        turn = self.script[assistant_turns]
        if isinstance(turn, Say):
            return Reply(turn.text)
        tools = {tool.name: tool for tool in offered}
        for option in turn.options:
            if option.tool in tools:
                return Reply(option=option, freeform=tools[option.tool].freeform)
        return Reply(turn.otherwise or self.final)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        recorded = await wire.record(request)
        self.received.append(recorded)
        body: dict[str, Any] = recorded.body if isinstance(recorded.body, dict) else {}
        path = request.path.rstrip("/")
        if request.method == "GET" and path.endswith("/models"):
            return web.json_response(wire.models_list(["scripted"]))
        if request.method == "POST" and path.endswith("/messages/count_tokens"):
            return web.json_response({"input_tokens": wire.estimate_tokens(body)})
        if request.method == "POST" and path.endswith("/messages"):
            return await self._messages(request, body)
        if request.method == "POST" and path.endswith("/chat/completions"):
            return await self._chat(request, body)
        if request.method == "POST" and path.endswith("/responses"):
            return await self._responses(request, body)
        return web.json_response(wire.openai_error("not found"), status=404)

    async def _messages(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        turns = _turns_since_user(_anthropic_speaker(m) for m in body.get("messages") or [])
        offered = [Offered(t["name"], False) for t in body.get("tools") or [] if "name" in t]
        answer = self.reply(turns, offered)
        block: dict[str, Any]
        if answer.option is None:
            block, stop = {"type": "text", "text": answer.text}, "end_turn"
        else:
            arguments = answer.option.arguments
            tool_input = arguments if isinstance(arguments, Mapping) else {"input": arguments}
            block = {
                "type": "tool_use",
                "id": wire.new_id("toolu"),
                "name": answer.option.tool,
                "input": dict(tool_input),
            }
            stop = "tool_use"
        model = str(body.get("model", "scripted"))
        usage = {"input_tokens": wire.estimate_tokens(body), "output_tokens": 5}
        if not body.get("stream"):
            return web.json_response(wire.anthropic_message(model, [block], stop, usage))
        response = await wire.open_sse(request)
        for event in wire.anthropic_events(model, [block], stop, usage):
            await wire.send_event(response, event, named=True)
        return response

    async def _chat(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        turns = _turns_since_user(str(m.get("role")) for m in body.get("messages") or [])
        offered = [_chat_tool(t) for t in body.get("tools") or []]
        answer = self.reply(turns, [tool for tool in offered if tool is not None])
        message: dict[str, Any]
        if answer.option is None:
            message, finish = {"role": "assistant", "content": answer.text}, "stop"
        else:
            message = {"role": "assistant", "content": None, "tool_calls": [_chat_call(answer)]}
            finish = "tool_calls"
        model = str(body.get("model", "scripted"))
        usage = wire.chat_usage(wire.estimate_tokens(body), 5)
        if not body.get("stream"):
            return web.json_response(wire.chat_completion(model, message, finish, usage))
        response = await wire.open_sse(request)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        for chunk in wire.chat_chunks(model, message, finish, usage if include_usage else None):
            await wire.send_event(response, chunk, named=False)
        await response.write(b"data: [DONE]\n\n")
        return response

    async def _responses(self, request: web.Request, body: Mapping[str, Any]) -> web.StreamResponse:
        items = body.get("input")
        turns = _turns_since_user(map(_responses_speaker, items if isinstance(items, list) else []))
        offered = [
            Offered(t["name"], t.get("type") == "custom")
            for t in body.get("tools") or []
            if "name" in t
        ]
        answer = self.reply(turns, offered)
        call_id = wire.new_id("call")
        if answer.option is None:
            item = wire.responses_message_item(answer.text)
        elif answer.freeform:
            text = _as_text(answer.option.arguments)
            item = wire.responses_custom_call_item(answer.option.tool, text, call_id)
        else:
            arguments = json.dumps(answer.option.arguments)
            item = wire.responses_function_call_item(answer.option.tool, arguments, call_id)
        model = str(body.get("model", "scripted"))
        usage = wire.responses_usage(wire.estimate_tokens(body), 5)
        if not body.get("stream"):
            return web.json_response(wire.responses_object(model, [item], usage, time.time()))
        response = await wire.open_sse(request)
        for event in wire.responses_events(model, [item], usage, time.time()):
            await wire.send_event(response, event, named=True)
        return response


def _as_text(arguments: Mapping[str, Any] | str) -> str:
    """Freeform input: the text itself, or a JSON object's ``input`` string."""
    if isinstance(arguments, str):
        return arguments
    return str(arguments.get("input", json.dumps(arguments)))


def _chat_tool(tool: Mapping[str, Any]) -> Offered | None:
    """A chat-completions tool entry (``function`` or ``custom``) as :class:`Offered`."""
    kind = tool.get("type", "function")
    spec = tool.get(kind)
    if not isinstance(spec, Mapping) or "name" not in spec:
        return None
    return Offered(str(spec["name"]), kind == "custom")


def _chat_call(answer: Reply) -> dict[str, Any]:
    """The ``tool_calls`` entry for ``answer``: a function call, or a custom tool call."""
    assert answer.option is not None
    call_id = wire.new_id("call")
    arguments = answer.option.arguments
    if answer.freeform:
        custom = {"name": answer.option.tool, "input": _as_text(arguments)}
        return {"id": call_id, "type": "custom", "custom": custom}
    encoded = json.dumps({"input": arguments} if isinstance(arguments, str) else arguments)
    function = {"name": answer.option.tool, "arguments": encoded}
    return {"id": call_id, "type": "function", "function": function}


def _turns_since_user(speakers: Iterable[str]) -> int:
    """Count runs of ``"assistant"`` after the last ``"user"`` (other speakers separate runs)."""
    turns, inside = 0, False
    for speaker in speakers:
        if speaker == "user":
            turns, inside = 0, False
            continue
        if speaker == "assistant" and not inside:
            turns += 1
        inside = speaker == "assistant"
    return turns


def _anthropic_speaker(message: Mapping[str, Any]) -> str:
    """``"user"``, ``"assistant"`` or ``"tool"`` (a user message carrying tool results)."""
    role = str(message.get("role"))
    content = message.get("content")
    results = isinstance(content, list) and any(
        isinstance(block, Mapping) and block.get("type") == "tool_result" for block in content
    )
    return "tool" if role == "user" and results else role


_ASSISTANT_ITEMS = frozenset({"function_call", "custom_tool_call", "local_shell_call", "reasoning"})


def _responses_speaker(item: Any) -> str:
    """Who made a Responses ``input`` item: ``"user"``, ``"assistant"`` or another role."""
    if not isinstance(item, Mapping):
        return "user"
    kind = item.get("type", "message")
    if kind in _ASSISTANT_ITEMS:
        return "assistant"
    if kind == "message":
        return str(item.get("role"))
    return "tool"
