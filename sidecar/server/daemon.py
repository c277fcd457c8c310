"""Run the daemon: listen, publish the discovery file, exit on a signal or when idle.

``sidecar serve`` calls :func:`serve`. The model loads (in its worker process) before the
port opens, so a daemon found through the discovery file is ready to answer. Handlers are
cancelled when their client disconnects (aiohttp ``handler_cancellation``): an editor that
drops a completion stops the model's generation within one token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from sidecar.config import Settings
from sidecar.daemon import StartedBy, new_info, remove_discovery, write_discovery
from sidecar.errors import DaemonError
from sidecar.server.http import ACTIVITY

log = logging.getLogger(__name__)


async def serve(
    app: web.Application, settings: Settings, token: str, started_by: StartedBy
) -> None:
    """Serve ``app`` until SIGTERM/SIGINT, or idle exit for a daemon an editor started.

    Args:
        app: the application from :func:`sidecar.server.http.create_app`.
        settings: all settings (``server.host``, ``server.port``, ``server.idle_exit_s``).
        token: the local bearer token, published in the discovery file.
        started_by: ``editor`` turns on the idle exit.

    Raises:
        DaemonError: the port cannot be bound (the message names it).

    """
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=5.0)
    await runner.setup()  # opens the engine: the model loads here
    try:
        host, port = settings.server.host, settings.server.port
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            raise DaemonError(
                f"Cannot listen on {host}:{port} ({exc.strerror}); another program uses the "
                "port: set server.port in the config file or SIDECAR_PORT."
            ) from exc
        bound = runner.addresses[0][1]
        url = f"http://{'[::1]' if host == '::1' else host}:{bound}"
        info = new_info(url, token, started_by)
        write_discovery(info)
        log.info("sidecar daemon %s listening on %s (pid %d, started by %s)",
                 info.version, url, info.pid, started_by)  # fmt: skip
        try:
            await _wait_for_stop(app, settings, started_by)
        finally:
            remove_discovery(info.pid)
    finally:
        await runner.cleanup()


async def _wait_for_stop(app: web.Application, settings: Settings, started_by: StartedBy) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    idle_exit = settings.server.idle_exit_s if started_by == "editor" else 0.0
    watcher = asyncio.create_task(_idle_watch(app, idle_exit, stop)) if idle_exit else None
    try:
        await stop.wait()
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        if watcher is not None:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher


async def _idle_watch(app: web.Application, idle_exit_s: float, stop: asyncio.Event) -> None:
    activity = app[ACTIVITY]
    while True:
        await asyncio.sleep(min(idle_exit_s / 4, 5.0))
        if activity.idle_for() >= idle_exit_s:
            log.info("no requests and no editors for %.0f s: exiting", idle_exit_s)
            stop.set()
            return
