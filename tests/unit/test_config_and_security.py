from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sidecar.backends.fim import TEMPLATES, choose_template
from sidecar.backends.gateway import parse_retry_after
from sidecar.config import load_settings
from sidecar.errors import ConfigError
from sidecar.identity import app_name
from sidecar.security.credentials import gateway_api_key, load_or_create_token, token_matches


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml")
    assert settings.server.port == 8787 and settings.routes.planning == "frontier"
    assert settings.price_table()["gpt-5"].output == 10.0


def test_file_env_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[routes]\nreview = "frontier"\n[pricing.mine]\ninput = 1\noutput = 2\n')
    monkeypatch.setenv("SIDECAR_PORT", "9000")
    settings = load_settings(path, {"local": {"n_ctx": 8192}})
    assert settings.routes.review == "frontier" and settings.server.port == 9000
    assert settings.local.n_ctx == 8192 and settings.price_table()["mine"].output == 2


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[routes\n", "not valid TOML"),
        ('[routes]\nplanning = "moon"\n', "routes.planning"),
        ("[server]\nport = -1\n", "server.port"),
        ('[server]\nhost = "0.0.0.0"\n', "server.host"),
        ("[local]\nnctx = 5\n", "local.nctx"),
    ],
)
def test_invalid_settings_say_what_to_fix(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert needle in err.value.message and str(path) in err.value.message


def test_token_file_is_private_and_stable(tmp_path: Path) -> None:
    token = load_or_create_token(tmp_path / "cfg")
    mode = stat.S_IMODE(os.stat(tmp_path / "cfg" / "token").st_mode)
    assert mode == 0o600 and token.startswith("sk-sidecar-")
    assert load_or_create_token(tmp_path / "cfg") == token
    assert token_matches(token, token) and not token_matches("x", token)
    assert not token_matches(None, token)


def test_gateway_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", "abc")
    assert gateway_api_key("MY_KEY") == "abc"


def test_retry_after_seconds_and_dates() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@pytest.mark.parametrize(
    ("vocab", "expected"),
    [
        ({"<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"}, "qwen"),
        ({"<fim_prefix>", "<fim_suffix>", "<fim_middle>"}, "starcoder"),
        ({"▁<PRE>", "▁<SUF>", "▁<MID>"}, "codellama"),
        ({"<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"}, "deepseek"),
        ({"[SUFFIX]", "[PREFIX]"}, "codestral"),
        ({"<|im_start|>"}, None),
    ],
)
def test_fim_template_from_vocabulary(vocab: set[str], expected: str | None) -> None:
    template = choose_template(lambda marker: marker in vocab)
    assert (template.name if template else None) == expected


def test_fim_templates_put_prefix_and_suffix_in_place() -> None:
    qwen = TEMPLATES[0]
    assert qwen.build("a", "b") == "<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"X-Sidecar-App": "nvim"}, "nvim"),
        ({"User-Agent": "OpenAI/Python 1.99.0"}, "OpenAI/Python"),
        ({"User-Agent": "aider/0.86 litellm"}, "aider"),
        ({"User-Agent": "curl/8.5.0"}, "curl"),
        ({}, "unknown"),
    ],
)
def test_app_name(headers: dict[str, str], expected: str) -> None:
    assert app_name(headers) == expected
