"""The local backend's scheduling on the real bundled model: preemption and cancellation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from sidecar.backends.local import LocalBackend
from sidecar.config import LocalSettings
from sidecar.request import Chunk, Endpoint, Message, Request

CHAT = Request(
    endpoint=Endpoint.CHAT,
    model="sidecar/local",
    messages=(Message("user", "Write a long story about a lighthouse keeper and the sea."),),
    max_tokens=80,
    temperature=0.0,
)
COMPLETION = Request(
    endpoint=Endpoint.COMPLETIONS,
    model="sidecar/local",
    prompt="def fibonacci(n):\n    ",
    max_tokens=12,
    temperature=0.0,
)


@pytest.fixture
async def backend() -> AsyncIterator[LocalBackend]:
    local = LocalBackend(LocalSettings())
    await local.start()
    yield local
    await local.close()


async def _cold(backend: LocalBackend) -> None:
    """Forget the KV cache so that a run does not depend on the one before."""
    await backend._submit_call(lambda: backend._model().reset(), 0)  # type: ignore[no-untyped-call]


async def _collect(stream: AsyncIterator[Chunk]) -> tuple[str, float]:
    parts = []
    async for chunk in stream:
        parts.append(chunk.text)
    return "".join(parts), time.perf_counter()


async def test_a_completion_preempts_a_running_chat_which_then_goes_on_unchanged(
    backend: LocalBackend,
) -> None:
    await _cold(backend)
    alone, _ = await _collect(backend.stream(CHAT))
    await _cold(backend)

    chat = backend.stream(CHAT)
    first = await anext(chat)
    chat_rest = asyncio.ensure_future(_collect(chat))
    await asyncio.sleep(0.05)  # the chat is generating
    completion_text, completion_done = await _collect(backend.stream(COMPLETION))
    rest, chat_done = await chat_rest

    assert completion_text.strip()
    assert completion_done < chat_done, "the completion waited for the chat to finish"
    assert first.text + rest == alone


async def test_a_completion_is_not_preempted_by_another_completion(backend: LocalBackend) -> None:
    first = backend.stream(COMPLETION)
    task = asyncio.ensure_future(_collect(first))
    await asyncio.sleep(0.01)
    second_text, second_done = await _collect(backend.stream(COMPLETION))
    first_text, first_done = await task
    assert first_text.strip() and second_text.strip()
    assert first_done <= second_done
