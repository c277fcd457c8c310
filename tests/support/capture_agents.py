"""Capture what the real agent CLIs send, as the fixtures in ``tests/data/agents/``.

Run after ``bash .ci/agents.sh`` and ``source "$CACHE/agents.env"``::

    python -m tests.support.capture_agents tests/data/agents

For each CLI whose executable is known it runs, in a fresh temporary directory, the task
"Create a file hello.txt containing the word hi" twice:

- against :class:`~tests.support.capture.CaptureServer`, which only says "Done.":
  ``claude_code.jsonl``, ``codex.jsonl``, ``aider.jsonl``;
- against :class:`~tests.support.scripted.ScriptedGateway` scripted to write the file with
  the agent's own tool, then say "Done.": ``claude_code_tools.jsonl``, ``codex_tools.jsonl``,
  and ``aider_git.jsonl`` (aider in a git repository, so it also asks for a commit message).

Paths, the token, the port and the user's home are replaced by placeholders.

``claude_code_interactive.jsonl`` and ``codex_interactive.jsonl`` were captured by hand:
the interactive ``claude`` and ``codex`` driven in tmux against ``CaptureServer``, Claude
Code without ``CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC`` (with it, the session-title request
and ``HEAD /api/hello`` are not sent), with ``ANTHROPIC_AUTH_TOKEN`` in place of
``ANTHROPIC_API_KEY``. Each shows the background title request that the UI sends.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.support import agents
from tests.support.capture import CaptureServer, write_jsonl
from tests.support.scripted import Say, ScriptedGateway, write_file
from tests.support.wire import Recorded

TASK = "Create a file hello.txt containing the word hi"
TOKEN = "sk-capture-token"
FIXTURE_NAMES = {"claude": "claude_code", "codex": "codex", "aider": "aider"}

log = logging.getLogger("capture_agents")

BUILDERS = agents.BUILDERS


def placeholders(work: Path, url: str) -> dict[str, str]:
    """What to hide in a fixture: temp paths, the token, the port, home and cache dirs."""
    port = url.rsplit(":", 1)[1]
    found = {
        str(work): "<WORK>",
        str(work.resolve()): "<WORK>",
        TOKEN: "<TOKEN>",
        url: "<BASE_URL>",
        f"127.0.0.1:{port}": "127.0.0.1:<PORT>",
        # Only as a path prefix: HOME may be "/root", which Codex also uses in other senses.
        f"{Path.home()}/": "<HOME>/",
    }
    for var in agents.EXECUTABLE_VARS.values():
        exe = os.environ.get(var, "")
        if exe:
            found[str(Path(exe).parent)] = "<AGENT_BIN>"
    return found


def git_init(directory: Path) -> None:
    """Make ``directory`` a git repository with one empty commit."""
    who = ["-c", "user.name=capture", "-c", "user.email=capture@example.com"]
    subprocess.run(["git", "init", "-q", str(directory)], check=True)
    subprocess.run(
        ["git", "-C", str(directory), *who, "commit", "-q", "--allow-empty", "-m", "init"],
        check=True,
    )


async def capture(agent: str, exe: str, out_dir: Path, tools: bool) -> None:
    """Run ``agent`` once against a capture (or, with ``tools``, a scripted) server."""
    with tempfile.TemporaryDirectory(prefix="sidecar-capture-") as tmp:
        work = Path(tmp)
        project = work / "project"
        project.mkdir()
        server: CaptureServer | ScriptedGateway
        if tools:
            server = ScriptedGateway([write_file(str(project), "hello.txt", "hi\n"), Say("Done.")])
        else:
            server = CaptureServer()
        url = await server.start()
        options: dict[str, Any] = {}
        if tools and agent == "aider":
            git_init(project)
            options["git"] = True
        command = BUILDERS[agent](exe, url, TOKEN, TASK, project, work / "home", **options)
        try:
            finished = await agents.run(command)
        finally:
            await server.close()
        records: list[Recorded] = (
            server.received if isinstance(server, ScriptedGateway) else server.records
        )
        name = FIXTURE_NAMES[agent] + (
            "" if not tools else "_git" if agent == "aider" else "_tools"
        )
        path = out_dir / f"{name}.jsonl"
        write_jsonl(records, path, placeholders(work, url))
        written = (project / "hello.txt").read_text() if (project / "hello.txt").exists() else None
        log.info(
            "%s: exit %d, %d requests, %d bytes -> %s; hello.txt=%r",
            agent,
            finished.returncode,
            len(records),
            path.stat().st_size,
            path,
            written,
        )
        if finished.returncode != 0:
            log.warning("%s stderr:\n%s", agent, finished.stderr[-4000:])


async def main_async(out_dir: Path, only: list[str]) -> int:
    """Capture every agent in ``only`` whose executable is installed."""
    missing = 0
    for agent in only:
        exe = agents.executable(agent)
        if exe is None:
            log.error("%s: set %s (source agents.env)", agent, agents.EXECUTABLE_VARS[agent])
            missing += 1
            continue
        await capture(agent, exe, out_dir, tools=False)
        await capture(agent, exe, out_dir, tools=True)
    return 1 if missing else 0


def main() -> None:
    """Command line: ``python -m tests.support.capture_agents OUT_DIR [AGENT ...]``."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("agents", nargs="*", help=f"any of {', '.join(BUILDERS)} (default: all)")
    args = parser.parse_args()
    unknown = set(args.agents) - set(BUILDERS)
    if unknown:
        parser.error(f"unknown agents: {', '.join(sorted(unknown))}")
    raise SystemExit(asyncio.run(main_async(args.out_dir, args.agents or list(BUILDERS))))


if __name__ == "__main__":
    main()
