"""Inline completion (``textDocument/inlineCompletion``, LSP 3.18) and plain completion.

Each request builds a syntax-aware FIM context, looks it up in the exact cache, and else
asks the daemon (task ``completion``: local, first in the model's queue, whichever editor
or agent queued the rest). A newer request
for the same document cancels the older one, which stops it in the model's queue or at
its next token; ``$/cancelRequest`` does the same through pygls. The answer is cleaned
(:mod:`sidecar.lsp.postprocess`) before it is returned. Clients without inline completion
get ``textDocument/completion`` items that insert the same text.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import TYPE_CHECKING

from lsprotocol import types

from sidecar.errors import SidecarError
from sidecar.lsp.documents import Document
from sidecar.lsp.fim_context import build_context
from sidecar.lsp.postprocess import clean
from sidecar.lsp.server import CACHE_SIZE

if TYPE_CHECKING:
    from sidecar.lsp.server import SidecarServer

CONTEXT_TOKENS = 1536
"""Prompt budget for inline completion, in (estimated) tokens."""


def _cache_key(prefix: str, suffix: str) -> str:
    return hashlib.blake2b(f"{prefix}\x00{suffix}".encode(), digest_size=16).hexdigest()


async def complete_at(ls: SidecarServer, doc: Document, offset: int) -> str:
    """Return the cleaned completion for a cursor at byte ``offset`` ("" for none).

    Raises:
        asyncio.CancelledError: a newer request for the same document replaced this one.

    """
    previous = ls.inflight.get(doc.uri)
    current = asyncio.current_task()
    if previous is not None and previous is not current and not previous.done():
        previous.cancel()
    if current is not None:
        ls.inflight[doc.uri] = current
    try:
        context = build_context(doc, offset, ls.documents.all(), CONTEXT_TOKENS)
        key = _cache_key(context.prefix, context.suffix)
        cached = ls.completion_cache.get(key)
        if cached is not None:
            ls.completion_cache.move_to_end(key)
            return cached
        try:
            daemon = await ls.ready_daemon()
            answer = await daemon.complete_fim(
                context.prefix,
                context.suffix,
                max_tokens=ls.settings.local.completion_max_tokens,
                temperature=ls.settings.local.completion_temperature,
            )
        except SidecarError as exc:
            ls.window_log_message(types.LogMessageParams(types.MessageType.Warning, exc.message))
            return ""
        text = clean(
            answer.text,
            prefix=context.prefix,
            suffix=context.suffix,
            language=doc.language,
            data=doc.data,
            offset=offset,
            tree=doc.tree,
        )
        ls.completion_cache[key] = text
        if len(ls.completion_cache) > CACHE_SIZE:
            ls.completion_cache.popitem(last=False)
        ls.notify_routed(answer.sidecar)
        return text
    finally:
        if ls.inflight.get(doc.uri) is current:
            ls.inflight.pop(doc.uri, None)


def setup(server: SidecarServer) -> None:
    """Register inline completion and completion."""

    @server.feature(types.TEXT_DOCUMENT_INLINE_COMPLETION, types.InlineCompletionOptions())
    async def inline_completion(
        ls: SidecarServer, params: types.InlineCompletionParams
    ) -> types.InlineCompletionList | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        text = await complete_at(ls, doc, doc.offset(params.position))
        if not text:
            return types.InlineCompletionList(items=[])
        where = types.Range(params.position, params.position)
        return types.InlineCompletionList(
            items=[types.InlineCompletionItem(insert_text=text, range=where)]
        )

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions())
    async def completion(
        ls: SidecarServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        offset = doc.offset(params.position)
        text = await complete_at(ls, doc, offset)
        if not text:
            return types.CompletionList(is_incomplete=True, items=[])
        # Editors filter items by the word before the cursor: replace that word with
        # itself plus the completion so the item always survives the filter.
        line_start = doc.data.rfind(b"\n", 0, offset) + 1
        before = doc.data[line_start:offset].decode("utf-8", "replace")
        word = len(before) - len(
            before.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
        )
        start = doc.position(offset - len(before[len(before) - word :].encode("utf-8")))
        typed = before[len(before) - word :]
        label = (typed + text).split("\n", 1)[0].strip() or text.strip().split("\n", 1)[0]
        item = types.CompletionItem(
            label=label[:80],
            kind=types.CompletionItemKind.Text,
            detail="sidecar",
            filter_text=typed + text,
            insert_text_format=types.InsertTextFormat.PlainText,
            text_edit=types.TextEdit(types.Range(start, params.position), typed + text),
            sort_text="0",
        )
        return types.CompletionList(is_incomplete=True, items=[item])
