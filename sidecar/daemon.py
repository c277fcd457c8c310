"""One sidecar per workstation: the daemon's discovery file, and finding or starting it.

``sidecar serve`` writes ``daemon.json`` in the user runtime dir (``$XDG_RUNTIME_DIR/sidecar``
on Linux; ``SIDECAR_RUNTIME_DIR`` overrides it), mode 0600, once it listens::

    {"pid": 4242, "url": "http://127.0.0.1:8787", "token": "...", "version": "0.1.0",
     "started_by": "user", "started_at": "2026-12-04T16:00:00+00:00"}

and removes it when it stops. ``sidecar lsp`` reads it to attach to the running daemon and,
when none answers, starts one detached (``sidecar serve --started-by editor``) under a file
lock, so two editors opening at once start one daemon between them: the pattern of gopls
``-remote=auto``. A daemon an editor started exits after ``server.idle_exit_s`` with no
requests and no attached editor; one the user started stays.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import aiohttp

from sidecar.config import Settings, log_dir, runtime_dir
from sidecar.errors import DaemonError

StartedBy = Literal["user", "editor"]


def sidecar_version() -> str:
    """Return this installation's sidecar version."""
    return version("sidecar")


@dataclass(frozen=True, slots=True)
class DaemonInfo:
    """What the discovery file says about the running daemon.

    Attributes:
        pid: the daemon's process id.
        url: its base URL, ``http://127.0.0.1:<port>`` (the API is under ``/v1``).
        token: the local bearer token its API wants.
        version: its sidecar version.
        started_by: ``user`` (stays up) or ``editor`` (exits when idle).
        started_at: when it started listening (UTC, ISO 8601).

    """

    pid: int
    url: str
    token: str
    version: str
    started_by: StartedBy
    started_at: str


def discovery_path() -> Path:
    """Return the discovery file's path."""
    return runtime_dir() / "daemon.json"


def log_path() -> Path:
    """Return the log file of a daemon an editor started."""
    return log_dir() / "daemon.log"


def private_dir(path: Path) -> Path:
    """Create ``path`` (mode 0700) or check that it is the user's own and private.

    The discovery file holds the token and tells editors where to send code, so a
    directory another user could write to (``/tmp/runtime-<uid>`` made by someone else)
    is refused rather than trusted.

    Raises:
        DaemonError: the directory belongs to another user.

    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = path.stat()
    if status.st_uid != os.getuid():
        raise DaemonError(f"{path} belongs to another user; set SIDECAR_RUNTIME_DIR")
    if status.st_mode & 0o077:
        path.chmod(0o700)
    return path


def write_discovery(info: DaemonInfo) -> None:
    """Write the discovery file atomically, readable by the user alone (0600).

    Raises:
        DaemonError: the runtime dir belongs to another user.

    """
    path = private_dir(discovery_path().parent) / discovery_path().name
    tmp = path.with_name(f".daemon.{os.getpid()}.json")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(info), f)
    os.replace(tmp, path)


def read_discovery() -> DaemonInfo | None:
    """Return the discovery file's content, or None when missing, unreadable or not ours."""
    path = discovery_path()
    try:
        if path.stat().st_uid != os.getuid():
            return None
        return DaemonInfo(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def remove_discovery(pid: int) -> None:
    """Remove the discovery file if it still describes daemon ``pid``."""
    info = read_discovery()
    if info is not None and info.pid == pid:
        with contextlib.suppress(FileNotFoundError):
            discovery_path().unlink()


def pid_alive(pid: int) -> bool:
    """Return whether process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


async def probe(info: DaemonInfo, timeout_s: float = 2.0) -> dict[str, Any] | None:
    """Return the daemon's ``/healthz`` body, or None when it does not answer as sidecar."""
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session,
            session.get(f"{info.url}/healthz") as response,
        ):
            body = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return None
    return body if isinstance(body, dict) and "version" in body else None


async def find_daemon() -> tuple[DaemonInfo, dict[str, Any]] | None:
    """Return the running daemon and its health, or None when no daemon answers."""
    info = read_discovery()
    if info is None or not pid_alive(info.pid):
        return None
    health = await probe(info)
    return (info, health) if health is not None else None


def check_version(info: DaemonInfo, health: dict[str, Any]) -> None:
    """Raise when the daemon runs another sidecar version than this process.

    Raises:
        DaemonError: code ``daemon_version_mismatch``; the message says how to restart it.

    """
    mine, theirs = sidecar_version(), str(health.get("version", info.version))
    if mine != theirs:
        raise DaemonError(
            f"The running sidecar daemon (pid {info.pid}, {info.url}) is version {theirs}; "
            f"this sidecar is {mine}. Run `sidecar stop` so the next editor starts "
            "a daemon of the installed version (or `sidecar serve` to start it yourself).",
            code="daemon_version_mismatch",
        )


@contextlib.asynccontextmanager
async def _start_lock() -> AsyncIterator[None]:
    """Hold ``daemon.lock`` so that one process at a time may start a daemon."""
    path = private_dir(runtime_dir()) / "daemon.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


async def ensure_daemon(settings: Settings) -> DaemonInfo:
    """Return the running daemon, starting one detached when none answers.

    A daemon started here runs ``sidecar serve --started-by editor`` in its own session
    (it outlives the editor), logs to :func:`log_path`, and exits after
    ``server.idle_exit_s`` without clients.

    Raises:
        DaemonError: the daemon runs another version, or did not come up within
            ``server.start_timeout_s`` (the message carries the end of its log).

    """
    async with _start_lock():
        found = await find_daemon()
        if found is not None:
            check_version(*found)
            return found[0]
        return await _spawn(settings)


def _start_detached(log: Path) -> subprocess.Popen[bytes]:
    """Start ``sidecar serve --started-by editor`` in its own session, logging to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "sidecar", "serve", "--started-by", "editor"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )


async def _spawn(settings: Settings) -> DaemonInfo:
    log = log_path()
    proc = await asyncio.to_thread(_start_detached, log)
    deadline = time.monotonic() + settings.server.start_timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DaemonError(
                f"sidecar serve exited with code {proc.returncode} while starting; "
                f"end of {log}:\n{_tail(log)}"
            )
        info = read_discovery()
        if info is not None and info.pid == proc.pid and await probe(info) is not None:
            return info
        await asyncio.sleep(0.05)
    raise DaemonError(
        f"sidecar serve (pid {proc.pid}) did not answer within "
        f"{settings.server.start_timeout_s:.0f} s (server.start_timeout_s); end of {log}:\n"
        f"{_tail(log)}"
    )


def _tail(path: Path, lines: int = 8) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_daemon(timeout_s: float = 15.0) -> DaemonInfo | None:
    """Stop the running daemon (SIGTERM, then wait); return what was stopped, or None.

    Raises:
        DaemonError: the daemon did not exit within ``timeout_s`` seconds.

    """
    info = read_discovery()
    if info is None or not pid_alive(info.pid):
        return None
    os.kill(info.pid, 15)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not pid_alive(info.pid) or read_discovery() is None:
            return info
        time.sleep(0.05)
    raise DaemonError(f"sidecar daemon pid {info.pid} did not stop within {timeout_s:.0f} s")


def new_info(url: str, token: str, started_by: StartedBy) -> DaemonInfo:
    """Return this process's discovery record, listening at ``url``."""
    return DaemonInfo(
        pid=os.getpid(),
        url=url,
        token=token,
        version=sidecar_version(),
        started_by=started_by,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
