"""Who is calling: the developer (config, git ``user.email``, OS user) and the client app."""

from __future__ import annotations

import getpass
import re
import subprocess
from collections.abc import Mapping

_PRODUCT = re.compile(r"^\s*([A-Za-z][\w.+-]*(?:/[A-Za-z][\w.+-]*)?)")


def developer_name(configured: str) -> str:
    """Return ``configured`` if set, else git's global ``user.email``, else the OS user."""
    if configured:
        return configured
    try:
        done = subprocess.run(
            ["git", "config", "--global", "user.email"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def app_name(headers: Mapping[str, str]) -> str:
    """Return the client app: ``X-Sidecar-App``, else the User-Agent's product, else unknown.

    The product is the first ``name`` or ``name/sub`` token of the User-Agent (RFC 9110
    section 10.1.5), e.g. ``OpenAI/Python`` or ``aider``; versions are dropped.
    """
    explicit = headers.get("X-Sidecar-App")
    if explicit:
        # A header's bytes arrive as latin-1 text; undecodable ones would fail the ledger.
        return explicit.strip()[:100].encode("utf-8", "replace").decode("utf-8")
    agent = headers.get("User-Agent", "")
    match = _PRODUCT.match(agent)
    if not match:
        return "unknown"
    product = match.group(1)
    name, _, sub = product.partition("/")
    # "curl/8.5.0" -> "curl"; "OpenAI/Python 1.2" -> "OpenAI/Python"
    return name if not sub or sub[:1].isdigit() else product
