"""Backends: where a request is served. Each implements :class:`Backend`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

from sidecar.request import Caller, Chunk, Request, Result


class Backend(Protocol):
    """A model server the engine can send a request to.

    ``stream`` yields text chunks and ends with a chunk carrying the finish reason and,
    when the backend reports it, usage. Both methods raise
    :class:`~sidecar.errors.BackendError` subclasses; ``stream`` raises before its first
    chunk whenever the failure allows it, so the engine can still fall back.
    """

    route_name: str
    model_name: str

    def model_for(self, request: Request) -> str:
        """Return the concrete model name that serves ``request`` on this backend."""
        ...

    async def complete(self, request: Request, caller: Caller) -> Result:
        """Return the whole answer."""
        ...

    def stream(self, request: Request, caller: Caller) -> AsyncIterator[Chunk]:
        """Stream the answer."""
        ...

    def health(self) -> dict[str, Any]:
        """Return status for ``/healthz``."""
        ...
