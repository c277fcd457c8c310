"""Start the daemon at login: ``sidecar service install|uninstall|status``.

On Linux the daemon becomes a systemd *user* unit, ``sidecar.service`` in
``$XDG_CONFIG_HOME/systemd/user`` (default ``~/.config/systemd/user``); on macOS a launchd
agent, ``~/Library/LaunchAgents/dev.sidecar.daemon.plist``, logging to ``daemon.log`` in the
user log dir. Both run ``<this python> -m sidecar serve``, a daemon the user started, which
never exits when idle. Other platforms get an error that says how to do it by hand.

The files are rendered by pure functions (:func:`systemd_unit`, :func:`launchd_plist`).
``systemctl`` and ``launchctl`` run through the :data:`Runner` of the :class:`ServiceHost`
in the click context object, so tests pass a recording stand-in and never start either.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

import click
from platformdirs.macos import MacOS

UNIT_NAME = "sidecar.service"
"""The systemd user unit's name."""
LABEL = "dev.sidecar.daemon"
"""The launchd agent's label."""
DESCRIPTION = "sidecar: local model router for coding assistants"

Runner: TypeAlias = Callable[[Sequence[str]], tuple[int, str]]
"""Runs an argv; returns ``(returncode, stdout and stderr)`` and never raises."""

Change = Literal["new", "replaced", "same"]

# Words systemd's ExecStart= splitting leaves alone: no whitespace, quotes, backslashes,
# `%` specifiers, `$` variables or `;` separators.
_PLAIN_WORD = re.compile(r"[\w@+=:,./-]+")
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def run_command(argv: Sequence[str]) -> tuple[int, str]:
    """Run ``argv`` and wait for it: the default :data:`Runner`.

    Returns:
        ``(returncode, text)``, ``text`` being stdout then stderr, stripped. A program that
        cannot be started gives 127, one still running after 60 s is killed and gives 124,
        each with the reason as ``text``.

    """
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        return 124, f"{argv[0]} did not finish within 60 s"
    except OSError as exc:
        return 127, f"could not run {argv[0]}: {exc.strerror or exc}"
    return done.returncode, (done.stdout + done.stderr).strip()


@dataclass(frozen=True, slots=True)
class ServiceHost:
    """What the service commands need from the machine; tests pass their own as ``obj``.

    Attributes:
        run: runs ``systemctl`` and ``launchctl``.
        which: finds a program on PATH, ``None`` when absent (``shutil.which``).
        platform: a ``sys.platform`` value: ``linux`` uses systemd, ``darwin`` launchd.
        argv: the daemon's command line; empty means :func:`default_argv`.

    """

    run: Runner = run_command
    which: Callable[[str], str | None] = shutil.which
    platform: str = sys.platform
    argv: tuple[str, ...] = ()

    def daemon_argv(self) -> list[str]:
        """Return the command line the service runs."""
        return list(self.argv) or default_argv()


def default_argv() -> list[str]:
    """Return ``[sys.executable, "-m", "sidecar", "serve"]``.

    Raises:
        click.ClickException: Python does not know its own interpreter's path.

    """
    if not sys.executable:
        raise click.ClickException(
            "Python cannot tell which interpreter is running sidecar (sys.executable is "
            "empty); run `sidecar service install` from the installed `sidecar` command."
        )
    return [sys.executable, "-m", "sidecar", "serve"]


def _check_argv(argv: Sequence[str]) -> None:
    if not argv or not os.path.isabs(argv[0]):
        raise ValueError(f"the service's argv must start with an absolute path: {argv!r}")


def _systemd_word(arg: str) -> str:
    """Quote one argument as systemd's own ExecStart= splitting reads it (not a shell's)."""
    if _PLAIN_WORD.fullmatch(arg):
        return arg
    if arg == ";":
        return "\\;"
    return '"' + "".join(_systemd_char(c) for c in arg) + '"'


def _systemd_char(c: str) -> str:
    if c in _C_ESCAPES:
        return _C_ESCAPES[c]
    if c in "%$":  # `%%` and `$$` are a literal `%` and `$`, quoted or not
        return c * 2
    return f"\\x{ord(c):02x}" if ord(c) < 0x20 or c == "\x7f" else c


def systemd_unit(argv: Sequence[str]) -> str:
    """Render the systemd user unit that runs ``argv`` at login.

    ``ExecStart=`` quotes each argument for systemd: double quotes around words with spaces,
    C escapes for backslashes and ``"``, and ``%%``/``$$`` for literal ``%`` and ``$``. There is
    no ``After=``: the daemon binds loopback only, ``network-online.target`` does not exist
    for user units, and ``default.target`` is already ordered after the units it wants.

    Raises:
        ValueError: ``argv`` is empty or its program is not an absolute path.

    """
    _check_argv(argv)
    return (
        "# Written by `sidecar service install`; `sidecar service uninstall` removes it.\n"
        "[Unit]\n"
        f"Description={DESCRIPTION}\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={' '.join(_systemd_word(arg) for arg in argv)}\n"
        "Restart=on-failure\n"
        "RestartSec=2\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def launchd_plist(argv: Sequence[str], log_path: Path) -> bytes:
    """Render the launchd agent (an XML plist) that runs ``argv`` at login.

    Shape: ``Label``, ``ProgramArguments``, ``RunAtLoad`` true, ``KeepAlive``
    ``{"SuccessfulExit": false}`` (restart after a crash only), ``ProcessType``
    ``Interactive``, and stdout and stderr appended to ``log_path``.

    Raises:
        ValueError: ``argv`` is empty or its program is not an absolute path.

    """
    _check_argv(argv)
    agent = {
        "Label": LABEL,
        "ProgramArguments": list(argv),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Interactive",
        "StandardErrorPath": str(log_path),
        "StandardOutPath": str(log_path),
    }
    return plistlib.dumps(agent, sort_keys=True)


def systemd_unit_path() -> Path:
    """Return ``$XDG_CONFIG_HOME/systemd/user/sidecar.service`` (default ``~/.config``)."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
    return base / "systemd" / "user" / UNIT_NAME


def launchd_plist_path() -> Path:
    """Return ``~/Library/LaunchAgents/dev.sidecar.daemon.plist``."""
    return Path.home() / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def launchd_log_path() -> Path:
    """Return the agent's log: ``daemon.log`` in macOS's user log dir for sidecar."""
    return Path(MacOS("sidecar").user_log_dir) / "daemon.log"


def _write_file(path: Path, content: bytes, *, force: bool) -> Change:
    """Write ``content`` to ``path`` atomically unless it is there already.

    Raises:
        click.ClickException: a different file is there and ``force`` is false, or the file
            cannot be read or written.

    """
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise click.ClickException(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if current == content:
        click.echo(f"{path} is up to date.")
        return "same"
    if current is not None and not force:
        raise click.ClickException(
            f"{path} exists and differs from the file this sidecar would write (another "
            "installation, or edited by hand). Re-run with --force to replace it."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(content)
        os.replace(temporary, path)
    except OSError as exc:
        raise click.ClickException(f"Cannot write {path}: {exc.strerror or exc}") from exc
    click.echo(f"{'Replaced' if current is not None else 'Wrote'} {path}.")
    return "new" if current is None else "replaced"


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise click.ClickException(f"Cannot remove {path}: {exc.strerror or exc}") from exc


def _failed(argv: Sequence[str], code: int, output: str) -> str:
    return f"`{shlex.join(argv)}` failed: {output or f'exit status {code}'}"


def _systemd_install(host: ServiceHost, *, start: bool, force: bool) -> None:
    path = systemd_unit_path()
    change = _write_file(path, systemd_unit(host.daemon_argv()).encode(), force=force)
    steps = [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", *(["--now"] if start else []), UNIT_NAME],
    ]
    by_hand = " && ".join(shlex.join(step) for step in steps)
    if host.which("systemctl") is None:
        click.echo(
            f"systemctl not found, so nothing was enabled. In your login session run:\n  {by_hand}"
        )
        return
    for step in steps:
        code, output = host.run(step)
        if code != 0:
            raise click.ClickException(
                f"{_failed(step, code, output)}\nThe unit file stays at {path}. In a login "
                f"session with a systemd user manager (not under sudo), run:\n  {by_hand}"
            )
    if not start:
        click.echo(
            f"Enabled {UNIT_NAME}: the daemon starts at your next login "
            f"(now: systemctl --user start {UNIT_NAME})."
        )
        return
    click.echo(f"Enabled and started {UNIT_NAME}: the daemon runs now and at every login.")
    if change == "replaced":
        click.echo(
            f"If it was running already, load the new unit with: "
            f"systemctl --user restart {UNIT_NAME}"
        )


def _systemd_uninstall(host: ServiceHost) -> None:
    path = systemd_unit_path()
    wants_link = path.parent / "default.target.wants" / UNIT_NAME
    if not path.exists() and not wants_link.is_symlink():
        click.echo(f"sidecar is not installed as a service (no {path}).")
        return
    has_systemctl = host.which("systemctl") is not None
    failure = ""
    if has_systemctl:
        disable = ["systemctl", "--user", "disable", "--now", UNIT_NAME]
        code, output = host.run(disable)
        failure = _failed(disable, code, output) if code != 0 else ""
    _remove(path)
    _remove(wants_link)  # what `disable` removes; gone already unless it failed
    click.echo(f"Removed {path}.")
    if not has_systemctl:
        click.echo("systemctl not found, so only the file was removed.")
        return
    if not failure:
        reload = ["systemctl", "--user", "daemon-reload"]
        code, output = host.run(reload)
        failure = _failed(reload, code, output) if code != 0 else ""
    if failure:
        raise click.ClickException(
            f"{failure}\nThe daemon will not start at login any more. If it is running now, "
            f"stop it in your login session: systemctl --user stop {UNIT_NAME} && "
            "systemctl --user daemon-reload"
        )


def _systemd_status(host: ServiceHost) -> None:
    path = systemd_unit_path()
    click.echo(f"unit file: {_file_state(path, systemd_unit(host.daemon_argv()).encode())}")
    if host.which("systemctl") is None:
        click.echo("systemctl: not found")
        return
    for query in ("is-enabled", "is-active"):
        code, output = host.run(["systemctl", "--user", query, UNIT_NAME])
        click.echo(f"{query.removeprefix('is-')}: {output or f'unknown (exit status {code})'}")


def _file_state(path: Path, expected: bytes) -> str:
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return f"not installed (would be {path})"
    except OSError as exc:
        return f"{path} (unreadable: {exc.strerror or exc})"
    if current != expected:
        return f"{path} (differs from this sidecar's; `sidecar service install --force`)"
    return str(path)


def _launchd_domain() -> str:
    return f"gui/{os.getuid()}"


def _launchd_install(host: ServiceHost, *, start: bool, force: bool) -> None:
    path, log = launchd_plist_path(), launchd_log_path()
    change = _write_file(path, launchd_plist(host.daemon_argv(), log), force=force)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"Cannot create {log.parent}: {exc.strerror or exc}") from exc
    domain = _launchd_domain()
    bootstrap = ["launchctl", "bootstrap", domain, str(path)]
    if not start or host.which("launchctl") is None:
        why = "launchctl not found, so nothing was loaded" if start else "Not started"
        click.echo(
            f"{why}. launchd loads the agent at your next login; to start it now, "
            f"run: {shlex.join(bootstrap)}"
        )
        return
    target = f"{domain}/{LABEL}"
    loaded = host.run(["launchctl", "print", target])[0] == 0
    if loaded and change == "same":
        click.echo(f"{LABEL} is loaded already; it runs at every login. Log: {log}")
        return
    if loaded:  # replaced: unload the old definition first
        host.run(["launchctl", "bootout", target])
    code, output = host.run(bootstrap)
    if code != 0:
        raise click.ClickException(
            f"{_failed(bootstrap, code, output)}\nThe agent file stays at {path}; launchd "
            "loads it at your next login, or run that command in your GUI login session."
        )
    click.echo(f"Loaded {LABEL}: the daemon runs now and at every login. Log: {log}")


def _launchd_uninstall(host: ServiceHost) -> None:
    path = launchd_plist_path()
    if not path.exists():
        click.echo(f"sidecar is not installed as a service (no {path}).")
        return
    target = f"{_launchd_domain()}/{LABEL}"
    failure = ""
    if host.which("launchctl") is not None and host.run(["launchctl", "print", target])[0] == 0:
        bootout = ["launchctl", "bootout", target]
        code, output = host.run(bootout)
        failure = _failed(bootout, code, output) if code != 0 else ""
    _remove(path)
    click.echo(f"Removed {path}.")
    if failure:
        raise click.ClickException(
            f"{failure}\nThe daemon will not start at login any more; it may run until you log out."
        )


def _launchd_status(host: ServiceHost) -> None:
    path, log = launchd_plist_path(), launchd_log_path()
    click.echo(f"agent file: {_file_state(path, launchd_plist(host.daemon_argv(), log))}")
    click.echo(f"log: {log}")
    if host.which("launchctl") is None:
        click.echo("launchctl: not found")
        return
    code, output = host.run(["launchctl", "print", f"{_launchd_domain()}/{LABEL}"])
    if code != 0:
        click.echo("loaded: no")
        return
    state = re.search(r"^\s*state = (.+)$", output, re.MULTILINE)
    click.echo(f"loaded: yes{f' ({state.group(1).strip()})' if state else ''}")


def _manager(host: ServiceHost) -> Literal["systemd", "launchd"]:
    """Return the platform's service manager.

    Raises:
        click.ClickException: neither Linux nor macOS; the message says how to do it by hand.

    """
    if host.platform.startswith("linux"):
        return "systemd"
    if host.platform == "darwin":
        return "launchd"
    argv = host.daemon_argv()
    command = subprocess.list2cmdline(argv) if host.platform == "win32" else shlex.join(argv)
    raise click.ClickException(
        f"`sidecar service` is not supported on {host.platform}: it knows systemd (Linux) and "
        "launchd (macOS). To start the daemon at login, add this command to your session's "
        f"startup programs (on Windows: a Task Scheduler task triggered 'At log on'):\n"
        f"  {command}"
    )


@click.group()
@click.pass_context
def service(ctx: click.Context) -> None:
    """Start the sidecar daemon at login (systemd user unit or launchd agent)."""
    if not isinstance(ctx.obj, ServiceHost):
        ctx.obj = ServiceHost()


@service.command()
@click.option("--no-start", is_flag=True, help="Enable at login without starting it now.")
@click.option("--force", is_flag=True, help="Replace an existing service file that differs.")
@click.pass_obj
def install(host: ServiceHost, no_start: bool, force: bool) -> None:
    """Install and start the daemon as a login service (`<python> -m sidecar serve`)."""
    if _manager(host) == "systemd":
        _systemd_install(host, start=not no_start, force=force)
    else:
        _launchd_install(host, start=not no_start, force=force)


@service.command()
@click.pass_obj
def uninstall(host: ServiceHost) -> None:
    """Stop the login service and remove its file."""
    if _manager(host) == "systemd":
        _systemd_uninstall(host)
    else:
        _launchd_uninstall(host)


@service.command()
@click.pass_obj
def status(host: ServiceHost) -> None:
    """Show the service file and whether the service is enabled and running."""
    if _manager(host) == "systemd":
        _systemd_status(host)
    else:
        _launchd_status(host)
