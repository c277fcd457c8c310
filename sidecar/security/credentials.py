"""Secrets: the gateway API key (environment or OS keyring) and the local bearer token.

The gateway key is read from the environment variable named by ``gateway.api_key_env``
(default ``SIDECAR_GATEWAY_API_KEY``), else from the OS keyring, where
``sidecar auth set-key`` stores it. It is never written to a file or a log.

The local bearer token guards the HTTP API. It is created on first start as ``token`` in
the config dir with file mode 0600 and printed by ``sidecar token``.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

KEYRING_SERVICE = "sidecar"
KEYRING_USER = "gateway-api-key"
TOKEN_FILE = "token"


def gateway_api_key(env_var: str) -> str | None:
    """Return the gateway API key from ``env_var`` or the OS keyring, or None if unset."""
    value = os.environ.get(env_var)
    if value:
        return value
    try:
        import keyring
        import keyring.errors

        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception as exc:
        log.debug("keyring unavailable: %s", exc)
        return None


def store_gateway_api_key(key: str) -> None:
    """Store the gateway API key in the OS keyring.

    Raises:
        keyring.errors.KeyringError: no usable keyring backend on this machine.

    """
    import keyring

    keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key)


def load_or_create_token(directory: Path) -> str:
    """Return the local bearer token, creating ``directory/token`` (mode 0600) if missing."""
    path = directory / TOKEN_FILE
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    directory.mkdir(parents=True, exist_ok=True)
    token = "sk-sidecar-" + secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.chmod(path, 0o600)
    return token


def token_matches(given: str | None, expected: str) -> bool:
    """Compare a presented token with the expected one in constant time."""
    if given is None:
        return False
    # A header may carry bytes that are not UTF-8 (aiohttp keeps them as surrogates).
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())
