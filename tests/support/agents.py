"""Run the real coding-assistant CLIs (Claude Code, Codex CLI, aider) against a loopback URL.

Each builder returns an :class:`AgentCommand`: argv, a minimal environment (nothing of the
caller's own keys or config leaks in) and the working directory, with the settings that
keep the CLI off the network except for ``base_url``:

- Claude Code: ``DISABLE_TELEMETRY``, ``CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC``,
  ``DISABLE_AUTOUPDATER``, ``CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL`` and a
  private ``CLAUDE_CONFIG_DIR``;
- Codex: a ``config.toml`` in a private ``CODEX_HOME`` with a ``responses`` provider and
  analytics, feedback, OpenTelemetry, update checks, web search, apps, plugins and the
  background app-server daemon off;
- aider: ``LITELLM_LOCAL_MODEL_COST_MAP``, ``--no-check-update``, ``--analytics-disable`` and
  a model-metadata file so it fetches no price list.

The executables come from ``.ci/agents.sh`` through ``SIDECAR_CLAUDE``, ``SIDECAR_CODEX``
and ``SIDECAR_AIDER`` (:func:`executable`).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

EXECUTABLE_VARS = {"claude": "SIDECAR_CLAUDE", "codex": "SIDECAR_CODEX", "aider": "SIDECAR_AIDER"}

CODEX_CONFIG = """\
model = "{model}"
model_provider = "sidecar"
check_for_update_on_startup = false
web_search = "disabled"

[model_providers.sidecar]
name = "sidecar"
base_url = "{base_url}/v1"
env_key = "SIDECAR_TOKEN"
wire_api = "responses"

[analytics]
enabled = false

[feedback]
enabled = false

[otel]
exporter = "none"

[features]
apps = false
plugins = false
remote_plugin = false
daemon_auto_start = false
"""


@dataclass(frozen=True)
class AgentCommand:
    """How to start one agent run."""

    argv: list[str]
    env: dict[str, str]
    cwd: Path


@dataclass(frozen=True)
class Finished:
    """An agent run's exit status and output."""

    returncode: int
    stdout: str
    stderr: str


def executable(agent: str) -> str | None:
    """The path ``.ci/agents.sh`` installed for ``agent`` ("claude", "codex", "aider")."""
    path = os.environ.get(EXECUTABLE_VARS[agent], "")
    return path if path and os.access(path, os.X_OK) else None


def base_env(home: Path) -> dict[str, str]:
    """A clean environment: the caller's PATH (Node comes first from agents.env), a new HOME."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "NO_COLOR": "1",
    }


def claude_code(
    exe: str,
    base_url: str,
    token: str,
    task: str,
    workdir: Path,
    home: Path,
    extra: Sequence[str] = (),
) -> AgentCommand:
    """``claude -p TASK`` against ``base_url`` (no ``/v1``), allowed to edit files."""
    env = base_env(home) | {
        "ANTHROPIC_BASE_URL": base_url,
        "ANTHROPIC_API_KEY": token,
        "CLAUDE_CONFIG_DIR": str(home / ".claude"),
        "DISABLE_TELEMETRY": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        "DISABLE_AUTOUPDATER": "1",
        "CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL": "1",
    }
    argv = [exe, "-p", task, "--permission-mode", "acceptEdits", *extra]
    return AgentCommand(argv, env, workdir)


def codex(
    exe: str,
    base_url: str,
    token: str,
    task: str,
    workdir: Path,
    home: Path,
    model: str = "gpt-5.5",
    extra: Sequence[str] = (),
) -> AgentCommand:
    """``codex exec TASK`` with a ``sidecar`` provider at ``base_url`` (no ``/v1``).

    ``--sandbox workspace-write`` lets it edit ``workdir`` (``codex exec`` never asks for
    approval); the npm package bundles the bubblewrap it sandboxes commands with.
    """
    codex_home = home / ".codex"
    codex_home.mkdir(parents=True, exist_ok=True)
    config = CODEX_CONFIG.format(model=model, base_url=base_url)
    (codex_home / "config.toml").write_text(config, encoding="utf-8")
    env = base_env(home) | {"CODEX_HOME": str(codex_home), "SIDECAR_TOKEN": token}
    argv = [
        exe,
        "exec",
        "--skip-git-repo-check",
        "--strict-config",
        "--sandbox",
        "workspace-write",
        *extra,
        task,
    ]
    return AgentCommand(argv, env, workdir)


def aider(
    exe: str,
    base_url: str,
    token: str,
    task: str,
    workdir: Path,
    home: Path,
    model: str = "gpt-4o",
    extra: Sequence[str] = (),
    git: bool = False,
) -> AgentCommand:
    """``aider --message TASK`` on ``openai/MODEL`` at ``base_url`` (no ``/v1``).

    With ``git``, ``workdir`` must be a git repository: aider then commits each edit with a
    message it asks the same model for (a second, tool-less request). Without, ``--no-git``.
    """
    metadata = home / "aider-model-metadata.json"
    info = {
        "max_input_tokens": 128000,
        "max_output_tokens": 16384,
        "input_cost_per_token": 0,
        "output_cost_per_token": 0,
        "litellm_provider": "openai",
        "mode": "chat",
    }
    home.mkdir(parents=True, exist_ok=True)
    metadata.write_text(json.dumps({f"openai/{model}": info}), encoding="utf-8")
    env = base_env(home) | {"LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    argv = [
        exe,
        "--openai-api-base",
        f"{base_url}/v1",
        "--openai-api-key",
        token,
        "--model",
        f"openai/{model}",
        "--weak-model",
        f"openai/{model}",
        "--model-metadata-file",
        str(metadata),
        "--no-check-update",
        "--analytics-disable",
        "--no-show-release-notes",
        "--no-pretty",
        *([] if git else ["--no-git"]),
        "--yes-always",
        *extra,
        "--message",
        task,
    ]
    return AgentCommand(argv, env, workdir)


BUILDERS: dict[str, Callable[..., AgentCommand]] = {
    "claude": claude_code,
    "codex": codex,
    "aider": aider,
}
"""Each agent's builder by its short name; all take ``(exe, base_url, token, task, workdir,
home)`` and keyword options."""


async def run(command: AgentCommand, limit_s: float = 180) -> Finished:
    """Run ``command`` to the end (killed after ``limit_s`` seconds), stdin closed."""
    process = await asyncio.create_subprocess_exec(
        *command.argv,
        cwd=command.cwd,
        env=command.env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(limit_s):
            out, err = await process.communicate()
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
    code = process.returncode if process.returncode is not None else -1
    return Finished(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
