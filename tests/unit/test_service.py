from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sidecar.service import (
    LABEL,
    ServiceHost,
    default_argv,
    launchd_plist,
    launchd_plist_path,
    service,
    systemd_unit,
    systemd_unit_path,
)

SPACED = ["/opt/my tools/bin/python", "-m", "sidecar", "serve"]


class FakeRunner:
    """Records every argv; answers from a table of ``argv -> (code, output)``, else (0, "")."""

    def __init__(self, answers: dict[tuple[str, ...], tuple[int, str]] | None = None) -> None:
        self.calls: list[list[str]] = []
        self.answers = answers or {}

    def __call__(self, argv: Sequence[str]) -> tuple[int, str]:
        self.calls.append(list(argv))
        return self.answers.get(tuple(argv), (0, ""))


def host(
    runner: FakeRunner, *, platform: str = "linux", tools: bool = True, argv: Sequence[str] = ()
) -> ServiceHost:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if tools else None

    return ServiceHost(run=runner, which=which, platform=platform, argv=tuple(argv))


def invoke(obj: ServiceHost, *args: str) -> Result:
    return CliRunner().invoke(service, list(args), obj=obj)


def exec_start(unit: str) -> str:
    lines = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1
    return lines[0].removeprefix("ExecStart=")


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "systemd" / "user" / "sidecar.service"


@pytest.fixture
def mac_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


# Rendering


def test_unit_runs_this_interpreter_and_restarts_on_failure() -> None:
    unit = systemd_unit(default_argv())
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(unit)
    assert parser.sections() == ["Unit", "Service", "Install"]
    assert dict(parser["Unit"]) == {
        "Description": "sidecar: local model router for coding assistants"
    }
    service_section = dict(parser["Service"])
    assert shlex.split(service_section.pop("ExecStart")) == [
        sys.executable,
        "-m",
        "sidecar",
        "serve",
    ]
    assert service_section == {"Type": "simple", "Restart": "on-failure", "RestartSec": "2"}
    assert dict(parser["Install"]) == {"WantedBy": "default.target"}
    assert "network-online" not in unit and "After=" not in unit


def test_exec_start_leaves_plain_words_bare() -> None:
    argv = ["/usr/bin/python3.11", "-m", "sidecar", "serve"]
    assert exec_start(systemd_unit(argv)) == "/usr/bin/python3.11 -m sidecar serve"


def test_exec_start_quotes_a_path_with_a_space_as_one_word() -> None:
    line = exec_start(systemd_unit(SPACED))
    assert line == '"/opt/my tools/bin/python" -m sidecar serve'
    assert shlex.split(line) == SPACED


def test_exec_start_escapes_quotes_backslashes_specifiers_and_dollars() -> None:
    argv = ['/opt/a "b"\\c/python', "50%", "$HOME", ";", "", "tab\there"]
    line = exec_start(systemd_unit(argv))
    assert line == r'"/opt/a \"b\"\\c/python" "50%%" "$$HOME" \; "" "tab\there"'
    # Words split as a POSIX shell splits them; quotes and backslashes inside double quotes
    # follow the same rules (`%%`, `$$` and `\t` are systemd's own).
    words = shlex.split(line)
    assert len(words) == len(argv) and words[0] == argv[0] and words[3:5] == [";", ""]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_itself_reads_a_spaced_program_as_one_word(tmp_path: Path) -> None:
    program = tmp_path / "my tools" / "python"
    program.parent.mkdir()
    program.symlink_to(sys.executable)
    unit = tmp_path / "sidecar.service"
    unit.write_text(systemd_unit([str(program), "-m", "sidecar", "serve", "50%", "$HOME", ";"]))
    verify = ["systemd-analyze", "verify", "--man=no", str(unit)]
    done = subprocess.run(verify, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    # The control: unquoted, systemd splits the path at the space and finds no program.
    unit.write_text(unit.read_text().replace(f'"{program}"', str(program)))
    done = subprocess.run(verify, capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "not executable" in done.stderr


@pytest.mark.parametrize("argv", [[], ["python", "-m", "sidecar", "serve"]])
def test_renderers_want_an_absolute_program(argv: list[str]) -> None:
    with pytest.raises(ValueError, match="absolute path"):
        systemd_unit(argv)
    with pytest.raises(ValueError, match="absolute path"):
        launchd_plist(argv, Path("/tmp/daemon.log"))


def test_plist_round_trips_with_the_agent_keys() -> None:
    log = Path("/Users/ann/Library/Logs/sidecar/daemon.log")
    agent = plistlib.loads(launchd_plist(SPACED, log))
    assert agent == {
        "Label": "dev.sidecar.daemon",
        "ProgramArguments": SPACED,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Interactive",
        "StandardErrorPath": str(log),
        "StandardOutPath": str(log),
    }


def test_unit_path_defaults_to_home_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert systemd_unit_path() == tmp_path / ".config" / "systemd" / "user" / "sidecar.service"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    assert systemd_unit_path() == tmp_path / ".config" / "systemd" / "user" / "sidecar.service"


# Linux: systemd user unit


def test_install_writes_the_unit_and_enables_it_now(xdg: Path) -> None:
    runner = FakeRunner()
    result = invoke(host(runner), "install")
    assert result.exit_code == 0, result.output
    assert systemd_unit_path() == xdg
    assert xdg.read_text() == systemd_unit(default_argv())
    assert runner.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "sidecar.service"],
    ]
    assert f"Wrote {xdg}." in result.output


def test_install_no_start_only_enables(xdg: Path) -> None:
    runner = FakeRunner()
    result = invoke(host(runner), "install", "--no-start")
    assert result.exit_code == 0, result.output
    assert runner.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "sidecar.service"],
    ]
    assert "next login" in result.output


def test_install_without_systemctl_keeps_the_file_and_says_what_to_run(xdg: Path) -> None:
    runner = FakeRunner()
    result = invoke(host(runner, tools=False), "install")
    assert result.exit_code == 0, result.output
    assert runner.calls == []
    assert xdg.is_file()
    assert "systemctl not found" in result.output
    assert (
        "systemctl --user daemon-reload && systemctl --user enable --now sidecar.service"
        in result.output
    )


def test_install_reports_a_failing_systemctl_and_keeps_the_file(xdg: Path) -> None:
    no_bus = "Failed to connect to bus: No medium found"
    runner = FakeRunner({("systemctl", "--user", "daemon-reload"): (1, no_bus)})
    result = invoke(host(runner), "install")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a traceback
    assert runner.calls == [["systemctl", "--user", "daemon-reload"]]
    assert no_bus in result.output
    assert f"The unit file stays at {xdg}" in result.output
    assert "systemctl --user enable --now sidecar.service" in result.output
    assert xdg.read_text() == systemd_unit(default_argv())


def test_install_refuses_to_overwrite_a_different_unit_without_force(xdg: Path) -> None:
    xdg.parent.mkdir(parents=True)
    xdg.write_text("[Service]\nExecStart=/usr/bin/other\n")
    runner = FakeRunner()
    result = invoke(host(runner), "install")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "--force" in result.output and str(xdg) in result.output
    assert xdg.read_text() == "[Service]\nExecStart=/usr/bin/other\n"
    assert runner.calls == []

    result = invoke(host(runner), "install", "--force")
    assert result.exit_code == 0, result.output
    assert xdg.read_text() == systemd_unit(default_argv())
    assert f"Replaced {xdg}." in result.output
    assert "systemctl --user restart sidecar.service" in result.output
    assert len(runner.calls) == 2


def test_install_again_is_a_no_op_on_the_file(xdg: Path) -> None:
    assert invoke(host(FakeRunner()), "install").exit_code == 0
    result = invoke(host(FakeRunner()), "install")
    assert result.exit_code == 0, result.output
    assert f"{xdg} is up to date." in result.output


def test_install_uses_the_hosts_argv(xdg: Path) -> None:
    result = invoke(host(FakeRunner(), argv=SPACED), "install")
    assert result.exit_code == 0, result.output
    assert exec_start(xdg.read_text()) == '"/opt/my tools/bin/python" -m sidecar serve'


def test_uninstall_disables_removes_and_reloads(xdg: Path) -> None:
    assert invoke(host(FakeRunner()), "install").exit_code == 0
    wants = xdg.parent / "default.target.wants" / "sidecar.service"
    wants.parent.mkdir()
    wants.symlink_to(xdg)
    runner = FakeRunner()
    result = invoke(host(runner), "uninstall")
    assert result.exit_code == 0, result.output
    assert runner.calls == [
        ["systemctl", "--user", "disable", "--now", "sidecar.service"],
        ["systemctl", "--user", "daemon-reload"],
    ]
    assert not xdg.exists() and not wants.is_symlink()
    assert f"Removed {xdg}." in result.output


def test_uninstall_when_disable_fails_still_removes_the_file(xdg: Path) -> None:
    assert invoke(host(FakeRunner()), "install").exit_code == 0
    disable = ("systemctl", "--user", "disable", "--now", "sidecar.service")
    runner = FakeRunner({disable: (1, "Failed to connect to bus")})
    result = invoke(host(runner), "uninstall")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert runner.calls == [list(disable)]
    assert not xdg.exists()
    assert "Failed to connect to bus" in result.output
    assert "systemctl --user stop sidecar.service" in result.output


def test_uninstall_when_nothing_is_installed_says_so(xdg: Path) -> None:
    runner = FakeRunner()
    result = invoke(host(runner), "uninstall")
    assert result.exit_code == 0
    assert f"not installed as a service (no {xdg})" in result.output
    assert runner.calls == []


def test_status_shows_the_file_and_systemctls_answers(xdg: Path) -> None:
    runner = FakeRunner(
        {
            ("systemctl", "--user", "is-enabled", "sidecar.service"): (0, "enabled"),
            ("systemctl", "--user", "is-active", "sidecar.service"): (3, "inactive"),
        }
    )
    result = invoke(host(runner), "status")
    assert result.exit_code == 0
    assert f"unit file: not installed (would be {xdg})" in result.output

    assert invoke(host(FakeRunner()), "install").exit_code == 0
    result = invoke(host(runner), "status")
    assert result.output.splitlines() == [
        f"unit file: {xdg}",
        "enabled: enabled",
        "active: inactive",
    ]
    assert runner.calls[-2:] == [
        ["systemctl", "--user", "is-enabled", "sidecar.service"],
        ["systemctl", "--user", "is-active", "sidecar.service"],
    ]

    xdg.write_text("edited\n")
    result = invoke(host(runner, tools=False), "status")
    assert result.output.splitlines() == [
        f"unit file: {xdg} (differs from this sidecar's; `sidecar service install --force`)",
        "systemctl: not found",
    ]


# macOS: launchd agent


def test_launchd_install_writes_the_plist_and_bootstraps_it(mac_home: Path) -> None:
    target = f"gui/{os.getuid()}/{LABEL}"
    runner = FakeRunner({("launchctl", "print", target): (113, "Could not find service")})
    result = invoke(host(runner, platform="darwin"), "install")
    assert result.exit_code == 0, result.output
    plist = mac_home / "Library" / "LaunchAgents" / "dev.sidecar.daemon.plist"
    assert launchd_plist_path() == plist
    log = mac_home / "Library" / "Logs" / "sidecar" / "daemon.log"
    agent = plistlib.loads(plist.read_bytes())
    assert agent["ProgramArguments"] == default_argv()
    assert agent["StandardErrorPath"] == agent["StandardOutPath"] == str(log)
    assert log.parent.is_dir()
    assert runner.calls == [
        ["launchctl", "print", target],
        ["launchctl", "bootstrap", f"gui/{os.getuid()}", str(plist)],
    ]


def test_launchd_install_no_start_only_writes(mac_home: Path) -> None:
    runner = FakeRunner()
    result = invoke(host(runner, platform="darwin"), "install", "--no-start")
    assert result.exit_code == 0, result.output
    assert runner.calls == []
    assert "next login" in result.output and "launchctl bootstrap gui/" in result.output


def test_launchd_uninstall_boots_out_and_removes(mac_home: Path) -> None:
    assert invoke(host(FakeRunner(), platform="darwin"), "install", "--no-start").exit_code == 0
    target = f"gui/{os.getuid()}/{LABEL}"
    runner = FakeRunner()
    result = invoke(host(runner, platform="darwin"), "uninstall")
    assert result.exit_code == 0, result.output
    assert runner.calls == [["launchctl", "print", target], ["launchctl", "bootout", target]]
    assert not launchd_plist_path().exists()


def test_launchd_status_reports_the_state(mac_home: Path) -> None:
    assert invoke(host(FakeRunner(), platform="darwin"), "install", "--no-start").exit_code == 0
    target = f"gui/{os.getuid()}/{LABEL}"
    runner = FakeRunner({("launchctl", "print", target): (0, "{\n\tstate = running\n}")})
    result = invoke(host(runner, platform="darwin"), "status")
    assert result.exit_code == 0
    assert f"agent file: {launchd_plist_path()}" in result.output
    assert "loaded: yes (running)" in result.output


# Elsewhere


def test_other_platforms_get_a_clear_error() -> None:
    runner = FakeRunner()
    result = invoke(host(runner, platform="win32", argv=SPACED), "install")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "not supported on win32" in result.output
    assert '"/opt/my tools/bin/python" -m sidecar serve' in result.output
    assert runner.calls == []
