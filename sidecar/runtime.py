"""Build the engine with its owned resources (ledger, local model worker, gateway pool).

The daemon (``sidecar serve``) opens the one engine of the workstation here; editors reach
it through ``sidecar lsp`` and agents over HTTP, so there is one pipeline: the same
classifier, routing, backends, KV cache, budget and ledger.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sidecar.backends.gateway import GatewayBackend
from sidecar.backends.local import LocalBackend
from sidecar.backends.supervisor import WorkerBackend
from sidecar.config import Settings, config_dir, data_dir
from sidecar.engine import Engine
from sidecar.errors import LocalModelError
from sidecar.ledger.store import Ledger
from sidecar.response_cache import ResponseCache
from sidecar.security.boundary import Boundary
from sidecar.security.credentials import gateway_api_key
from sidecar.security.redact import Redactor, load_or_create_key

log = logging.getLogger(__name__)


def ledger_path(settings: Settings) -> Path:
    """Return the ledger file: ``ledger.path`` or ``ledger.sqlite3`` in the user data dir."""
    return Path(settings.ledger.path) if settings.ledger.path else data_dir() / "ledger.sqlite3"


def boundary_for(settings: Settings) -> Boundary:
    """Return the data boundary: the redactor (its detector loads here) and the globs."""
    redactor = None
    if settings.boundary.redact_secrets:
        redactor = Redactor(load_or_create_key(config_dir()))
    return Boundary(redactor, settings.boundary.never_escalate)


@asynccontextmanager
async def open_engine(
    settings: Settings,
    *,
    ledger_file: Path | None = None,
    gateway_key: str | None = None,
    in_process_local: LocalBackend | None = None,
) -> AsyncIterator[Engine]:
    """Open the ledger, the gateway pool and the local model's worker process.

    The model loads in a supervised worker process (:mod:`sidecar.backends.supervisor`).
    A local model that fails to load is logged and the engine serves from the gateway
    (``/healthz`` reports the error); everything is closed on exit.

    Args:
        settings: all settings.
        ledger_file: ledger path; None means :func:`ledger_path`.
        gateway_key: gateway API key; None reads the environment or the keyring.
        in_process_local: serve the local model from this in-process backend instead of
            the supervised worker (benchmarks that instrument the model's thread).

    """
    key = gateway_key if gateway_key is not None else gateway_api_key(settings.gateway.api_key_env)
    ledger = Ledger(ledger_file or ledger_path(settings))
    interrupted = ledger.interrupt_unfinished()
    if interrupted:
        log.warning("%d calls of a previous run never ended: marked interrupted", interrupted)
    local: LocalBackend | WorkerBackend = in_process_local or WorkerBackend(settings.local)
    gateway = GatewayBackend(settings.gateway, key)
    response_cache = _response_cache(settings, ledger.path)
    try:
        await gateway.start()
        try:
            await local.start()
        except LocalModelError as exc:
            log.error("local model unavailable, serving from the gateway only: %s", exc.message)
        yield Engine(
            settings,
            local,
            gateway,
            ledger,
            gateway_configured=gateway.configured,
            boundary=boundary_for(settings),
            response_cache=response_cache,
        )
    finally:
        await gateway.close()
        await local.close()
        ledger.close()
        if response_cache is not None:
            response_cache.close()


def _response_cache(settings: Settings, ledger_file: Path) -> ResponseCache | None:
    """Open the exact response cache (``cache.path``, else beside the ledger), or None.

    A cache file that cannot be opened is logged and the sidecar runs without one.
    """
    if not settings.cache.response:
        return None
    path = (
        Path(settings.cache.path) if settings.cache.path else ledger_file.parent / "cache.sqlite3"
    )
    try:
        return ResponseCache(
            path, ttl_s=settings.cache.ttl_s, max_bytes=int(settings.cache.max_mb * 1024 * 1024)
        )
    except sqlite3.Error as exc:
        log.error("response cache %s unavailable, running without: %s", path, exc)
        return None
