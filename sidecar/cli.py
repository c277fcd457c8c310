"""The ``sidecar`` command line: serve, stop, lsp, doctor, service, route, report, auth."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from sidecar.config import (
    Settings,
    config_dir,
    config_path,
    load_settings,
)
from sidecar.errors import ConfigError, DaemonError, RequestError
from sidecar.ledger.report import GROUP_CHOICES
from sidecar.service import service

if TYPE_CHECKING:
    from sidecar.ledger.store import Ledger


def _settings(config: str | None, overrides: dict[str, Any] | None = None) -> Settings:
    try:
        return load_settings(Path(config) if config else None, overrides)
    except ConfigError as exc:
        raise click.ClickException(exc.message) from exc


@click.group()
@click.version_option(package_name="sidecar")
def main() -> None:
    """Route coding-assistant requests to a local model or the company gateway."""


@main.command()
@click.option("--port", type=int, help="TCP port (default 8787; 0 picks a free one).")
@click.option(
    "--model-path", type=click.Path(dir_okay=False), help="GGUF file for the local model."
)
@click.option("--gateway-url", help="OpenAI-compatible gateway base URL, including /v1.")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (TOML).")
@click.option(
    "--started-by",
    type=click.Choice(["user", "editor"]),
    default="user",
    hidden=True,
    help="editor: started by `sidecar lsp`; exits after server.idle_exit_s without clients.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log debug messages.")
def serve(
    port: int | None,
    model_path: str | None,
    gateway_url: str | None,
    config: str | None,
    started_by: Literal["user", "editor"],
    verbose: bool,
) -> None:
    """Start the workstation's daemon: the HTTP API on 127.0.0.1 and the local model.

    Editors (`sidecar lsp`) and agents share this one process: one model, one KV cache,
    one priority queue, one budget and ledger.
    """
    import asyncio

    from sidecar.daemon import find_daemon
    from sidecar.security.credentials import load_or_create_token
    from sidecar.server.daemon import serve as serve_daemon
    from sidecar.server.http import create_app

    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, Any] = {}
    if port is not None:
        overrides.setdefault("server", {})["port"] = port
    if model_path:
        overrides.setdefault("local", {})["model_path"] = model_path
    if gateway_url:
        overrides.setdefault("gateway", {})["base_url"] = gateway_url
    settings = _settings(config, overrides)
    running = asyncio.run(find_daemon())
    if running is not None:
        info = running[0]
        raise click.ClickException(
            f"sidecar is already running at {info.url}/v1 (pid {info.pid}, version "
            f"{info.version}, started by {info.started_by}); `sidecar stop` stops it."
        )
    token = load_or_create_token(config_dir())
    app = create_app(settings, token=token, started_by=started_by)
    host, bound = settings.server.host, settings.server.port
    click.echo(
        f"sidecar: loading the local model, then the API on http://{host}:{bound}/v1 "
        f"(token: `sidecar token`; gateway: {settings.gateway.base_url or 'not configured'})",
        err=True,
    )
    try:
        asyncio.run(serve_daemon(app, settings, token, started_by))
    except DaemonError as exc:
        raise click.ClickException(exc.message) from exc
    except KeyboardInterrupt:
        pass


@main.command()
def stop() -> None:
    """Stop the workstation's daemon (the one `sidecar serve` or an editor started)."""
    from sidecar.daemon import stop_daemon

    try:
        stopped = stop_daemon()
    except DaemonError as exc:
        raise click.ClickException(exc.message) from exc
    if stopped is None:
        click.echo("sidecar is not running.")
    else:
        click.echo(f"Stopped sidecar {stopped.version} (pid {stopped.pid}, {stopped.url}).")


@main.command()
def lsp() -> None:
    """Start the language server on stdio (for VS Code, Neovim and other LSP clients)."""
    from sidecar.lsp.server import main as lsp_main

    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # pygls logs every message body at INFO: code and completions would fill editors' logs.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    lsp_main()


@main.command()
def token() -> None:
    """Print the local bearer token (created on first use, file mode 0600)."""
    from sidecar.security.credentials import load_or_create_token

    click.echo(load_or_create_token(config_dir()))


@main.command()
@click.argument("file", type=click.File("r"), required=False)
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (TOML).")
@click.option(
    "--offline",
    is_flag=True,
    help="Decide in this process even when a daemon runs (its agent sessions are not seen).",
)
@click.option(
    "--correct",
    nargs=2,
    metavar="REQUEST_ID KIND",
    help="Record that call REQUEST_ID should have been KIND (completion, review, refactor, "
    "planning); later requests like it follow.",
)
def route(
    file: io.TextIOWrapper | None,
    config: str | None,
    offline: bool,
    correct: tuple[str, str] | None,
) -> None:
    """Print the routing decision for a request body in FILE (JSON; '-' for stdin).

    FILE holds a request body of any endpoint (chat completions; completions when it has
    "prompt"; Messages when it has "max_tokens" and "system" or Anthropic content;
    Responses when it has "input"), or {"endpoint": "/v1/...", "body": {...},
    "headers": {...}}. When the daemon runs, it decides (its dry run: the same config,
    budgets and agent sessions as the real call); else this process decides with the
    config file. Nothing is sent to any model.

    With --correct, records a misrouted call instead (the request id is in every answer's
    id and on its ledger row); ``sidecar report`` shows the corrections rate.
    """
    settings = _settings(config)
    if correct:
        click.echo(json.dumps(asyncio.run(_correct(settings, *correct)), indent=2))
        return
    if file is None:
        raise click.UsageError("give a FILE with a request body, or --correct REQUEST_ID KIND")
    try:
        data = json.load(file)
    except ValueError as exc:
        raise click.ClickException(f"{file.name}: not valid JSON: {exc}") from exc
    endpoint, body, headers = _route_input(data)
    decision = None if offline else asyncio.run(_daemon_dry_run(endpoint, body, headers))
    if decision is None:
        decision = asyncio.run(_local_dry_run(settings, endpoint, body, headers, file.name))
    click.echo(json.dumps(decision, indent=2))


async def _correct(settings: Settings, request_id: str, kind: str) -> dict[str, Any]:
    """Record a routing correction through the daemon, or in the ledger when none runs."""
    from sidecar.classify.learned import KINDS

    kinds = [k.value for k in KINDS]
    if kind not in kinds:
        raise click.BadParameter(f"KIND must be one of {', '.join(kinds)}", param_hint="--correct")
    payload = {"request_id": request_id, "task": kind, "source": "cli"}
    answer = await _post_daemon("/v1/sidecar/corrections", payload, {})
    if answer is not None:
        return answer
    from sidecar.ledger.store import Ledger
    from sidecar.runtime import ledger_path

    path = ledger_path(settings)
    if not path.is_file():
        raise click.ClickException(f"No ledger at {path}: no call {request_id!r} to correct.")
    ledger = Ledger(path)
    try:
        row = ledger.call(request_id)
        if row is None:
            raise click.ClickException(f"no call with request id {request_id!r} in {path}")
        ledger.add_correction(request_id, str(row["developer"]), row["task"], kind, "cli")
    finally:
        ledger.close()
    return {
        "request_id": request_id,
        "from": row["task"],
        "to": kind,
        "developer": row["developer"],
        "applies_to_similar": False,
        "note": "no daemon running: recorded for reports; start `sidecar serve` to have "
        "corrections apply to later requests like it",
    }


def _route_input(data: Any) -> tuple[str, Any, dict[str, str]]:
    """Return (endpoint, body, headers) of ``sidecar route``'s input."""
    if isinstance(data, dict) and "body" in data and isinstance(data.get("body"), dict):
        headers = {str(k): str(v) for k, v in (data.get("headers") or {}).items()}
        endpoint = str(data.get("endpoint") or "")
        data = data["body"]
    else:
        headers, endpoint = {}, ""
    if not endpoint and isinstance(data, dict):
        if "prompt" in data:
            endpoint = "/v1/completions"
        elif "input" in data and "messages" not in data:
            endpoint = "/v1/responses"
        elif "system" in data or (
            "max_tokens" in data and "messages" in data and "temperature" not in data
        ):
            endpoint = "/v1/messages"
    return endpoint or "/v1/chat/completions", data, headers


async def _daemon_dry_run(
    endpoint: str, body: Any, headers: dict[str, str]
) -> dict[str, Any] | None:
    """Return the running daemon's dry-run decision, or None when no daemon answers."""
    from sidecar.server.http import DRY_RUN_HEADER

    return await _post_daemon(endpoint, body, {**headers, DRY_RUN_HEADER: "1"})


async def _post_daemon(path: str, body: Any, headers: dict[str, str]) -> dict[str, Any] | None:
    """POST ``body`` to the running daemon's ``path``; None when no daemon answers.

    Raises:
        click.ClickException: the daemon answered with an error (its message).

    """
    import aiohttp

    from sidecar.daemon import find_daemon

    found = await find_daemon()
    if found is None:
        return None
    info, _ = found
    sent = {**headers, "Authorization": f"Bearer {info.token}"}
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session,
            session.post(f"{info.url}{path}", json=body, headers=sent) as response,
        ):
            answer = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return None
    if response.status >= 400:
        error = answer.get("error") if isinstance(answer, dict) else None
        message = error.get("message") if isinstance(error, dict) else str(answer)
        raise click.ClickException(f"the daemon refused the request: {message}")
    return answer if isinstance(answer, dict) else None


async def _local_dry_run(
    settings: Any, endpoint: str, body: Any, headers: dict[str, str], name: str
) -> dict[str, Any]:
    """Return the decision the daemon would take, made in this process (no model loaded)."""
    from sidecar.backends.gateway import GatewayBackend
    from sidecar.backends.local import LocalBackend
    from sidecar.engine import Engine
    from sidecar.identity import app_name, developer_name
    from sidecar.ledger.store import Ledger
    from sidecar.request import Caller
    from sidecar.runtime import boundary_for, ledger_path
    from sidecar.server import surfaces

    by_path = {s.endpoint.value: s for s in surfaces.ALL}
    surface = by_path.get(endpoint)
    if surface is None:
        raise click.ClickException(f"unknown endpoint {endpoint!r}; one of {', '.join(by_path)}")
    lower = {k.lower(): v for k, v in headers.items()}
    ledger = Ledger(ledger_path(settings))
    try:
        request = surface.parse(body, lower)
        engine = Engine(
            settings,
            LocalBackend(settings.local),
            GatewayBackend(settings.gateway, None),
            ledger,
            gateway_configured=bool(settings.gateway.base_url),
            boundary=boundary_for(settings),
        )
        caller = Caller(developer_name(settings.identity.developer), app_name(headers))
        return engine.decide(request, caller, dry_run=True).as_json()
    except RequestError as exc:
        raise click.ClickException(f"{name}: {exc.message}") from exc
    finally:
        ledger.close()


def _parse_since(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use an ISO date such as 2026-11-01 or 2026-11-01T09:00") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


@main.command()
@click.option("--since", help="Only calls from this ISO date or time on (UTC unless given).")
@click.option(
    "--by",
    "by",
    type=click.Choice(list(GROUP_CHOICES)),
    default="developer",
    show_default=True,
    help="Group rows by.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (TOML).")
def report(since: str | None, by: str, fmt: str, config: str | None) -> None:
    """Print usage: calls, tokens, cost, share served locally, and the saving."""
    from sidecar.engine import unpriced_warning
    from sidecar.ledger.report import summarise
    from sidecar.ledger.store import Ledger

    settings = _settings(config)
    from sidecar.runtime import ledger_path

    path = ledger_path(settings)
    if not path.is_file():
        raise click.ClickException(
            f"No ledger at {path} yet: start `sidecar serve` and make a call."
        )
    ledger = Ledger(path)
    try:
        groups, total = summarise(ledger.rows(_parse_since(since)), by)
        budget_lines = _budget_lines(settings, ledger)
        corrected = len(ledger.corrections(_parse_since(since)))
    finally:
        ledger.close()
    warning = unpriced_warning(settings) if settings.gateway.base_url else None
    routed = total.calls - total.failed
    correction_line = (
        f"routing corrections: {corrected} of {routed} calls "
        f"({corrected / routed if routed else 0:.1%})"
    )
    notes = [correction_line] if corrected else []
    for line in ([f"warning: {warning}"] if warning else []) + budget_lines + notes:
        click.echo(line, err=True)
    if fmt == "json":
        body = {"by": by, "groups": [g.as_dict() for g in groups], "total": total.as_dict()}
        body["corrections"] = {"count": corrected, "rate": corrected / routed if routed else 0}
        click.echo(json.dumps(body, indent=2))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(total.as_dict()))
        writer.writeheader()
        for row in [*groups, total]:
            writer.writerow(row.as_dict())
        click.echo(out.getvalue(), nl=False)
        return
    _print_table(by, groups, total)


def _budget_lines(settings: Settings, ledger: Ledger) -> list[str]:
    """Return a line per limit of this workstation's developer, flagged past soft_ratio."""
    from sidecar.identity import developer_name
    from sidecar.ledger.budget import Budgets
    from sidecar.request import Caller

    budgets = Budgets(settings.budgets, ledger)
    lines = []
    for limit in budgets.limits(Caller(developer_name(settings.identity.developer), "")):
        used = limit.spent_usd / limit.limit_usd if limit.limit_usd else 1.0
        flag = (
            "  REACHED" if used >= 1 else "  warning" if used >= settings.budgets.soft_ratio else ""
        )
        lines.append(
            f"budget {limit.scope}: ${limit.spent_usd:.2f} of ${limit.limit_usd:.2f} "
            f"({used:.0%}){flag}"
        )
    return lines


def _print_table(by: str, groups: list[Any], total: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sidecar usage by {by}", show_footer=False)
    for name, justify in [
        (by, "left"),
        ("calls", "right"),
        ("failed", "right"),
        ("local", "right"),
        ("prompt tok", "right"),
        ("completion tok", "right"),
        ("cached tok", "right"),
        ("cache hit calls", "right"),
        ("cache hit tok", "right"),
        ("cache saved $", "right"),
        ("cost $", "right"),
        ("frontier-equiv $", "right"),
        ("saving $", "right"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in [*groups, total]:
        table.add_row(
            row.group,
            str(row.calls),
            str(row.failed),
            f"{row.local_share:.0%}",
            f"{row.prompt_tokens:,}",
            f"{row.completion_tokens:,}",
            f"{row.cached_tokens:,}",
            f"{row.cache_hit_rate:.0%}",
            f"{row.cached_token_share:.0%}",
            f"{row.cache_saved_usd:.4f}",
            f"{row.cost_usd:.4f}",
            f"{row.frontier_cost_usd:.4f}",
            f"{row.saving_usd:.4f}",
            end_section=row is groups[-1] if groups else False,
        )
    Console(width=max(120, Console().width)).print(table)


@main.group()
def auth() -> None:
    """Manage the gateway API key (kept in the OS keyring, never in a file)."""


@auth.command("set-key")
@click.option(
    "--key", prompt="Gateway API key", hide_input=True, help="The key (prompted if omitted)."
)
def set_key(key: str) -> None:
    """Store the gateway API key in the OS keyring."""
    from sidecar.security.credentials import store_gateway_api_key

    try:
        store_gateway_api_key(key.strip())
    except Exception as exc:
        raise click.ClickException(
            f"Could not store the key in the OS keyring ({exc}). Set SIDECAR_GATEWAY_API_KEY "
            "in the environment instead."
        ) from exc
    click.echo("Gateway API key stored in the OS keyring.")


@main.group("config")
def config_group() -> None:
    """Show where settings live and what they are."""


@config_group.command("path")
def config_path_cmd() -> None:
    """Print the config file path."""
    click.echo(str(config_path()))


@config_group.command("show")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (TOML).")
def config_show(config: str | None) -> None:
    """Print the effective settings as JSON."""
    click.echo(json.dumps(_settings(config).model_dump(), indent=2))


@main.command()
@click.option("--no-probe", is_flag=True, help="Skip the short generation on the local model.")
@click.option("--config", type=click.Path(dir_okay=False), help="Config file (TOML).")
def doctor(no_probe: bool, config: str | None) -> None:
    """Check the daemon, model, worker, gateway, token, ledger and client settings."""
    import asyncio

    from sidecar.doctor import run_checks

    checks = asyncio.run(run_checks(_settings(config), probe=not no_probe))
    for check in checks:
        click.echo(check.line())
    if any(check.status == "fail" for check in checks):
        sys.exit(1)


main.add_command(service)

if __name__ == "__main__":
    main()
