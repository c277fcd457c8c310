"""Every error sidecar raises, and the wire shapes each one knows.

::

    SidecarError                     base; has an HTTP status and an OpenAI error body
    ├── RequestError                 4xx: the client sent something we cannot serve
    │   ├── AuthError                401: no or wrong local bearer token
    │   ├── ForbiddenHost            403: Host header is not a loopback name
    │   ├── ForbiddenOrigin          403: a browser Origin that is not loopback
    │   ├── UnknownRoute             400: model ``sidecar/<x>`` names no route
    │   ├── NeverEscalate            403: names a never-escalate file, refused by config
    │   └── BudgetExceeded           429: a forced frontier request over the budget
    ├── ConfigError                  invalid settings file (CLI exits with a message)
    ├── DaemonError                  503: the shared daemon cannot be found, started or used
    └── BackendError                 a backend could not answer (engine may fall back)
        ├── GatewayError             the company gateway failed (status, retryable)
        ├── GatewayNotConfigured     no ``gateway.base_url``: the frontier route is unavailable
        └── LocalModelError          the local llama.cpp model failed
            └── ContextOverflow      the prompt does not fit the local context window

Foreign exceptions (aiohttp client errors, llama_cpp, sqlite3) are translated at the
boundary with ``raise ... from exc``. The OpenAI error shape follows the OpenAI API
reference, "Error codes": ``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

from typing import Any


class SidecarError(Exception):
    """Base of every sidecar error.

    Attributes:
        status: the HTTP status a surface answers with.
        error_type: the OpenAI ``error.type`` string.
        code: the OpenAI ``error.code`` string, or None.
        param: the request field at fault, or None.

    """

    status = 500
    error_type = "server_error"

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.param = param

    def openai_body(self) -> dict[str, Any]:
        """Return the error as OpenAI's JSON error body."""
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": self.param,
                "code": self.code,
            }
        }


class RequestError(SidecarError):
    """The request is malformed or asks for something we cannot serve (HTTP 400 by default)."""

    status = 400
    error_type = "invalid_request_error"

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: str | None = None,
        param: str | None = None,
    ):
        super().__init__(message, code=code, param=param)
        self.status = status


class AuthError(RequestError):
    """The local bearer token is missing or wrong (HTTP 401)."""

    error_type = "authentication_error"

    def __init__(self, message: str):
        super().__init__(message, status=401, code="invalid_api_key")


class ForbiddenHost(RequestError):
    """The ``Host`` header is not a loopback name: a DNS-rebinding guard (HTTP 403)."""

    error_type = "permission_error"

    def __init__(self, host: str):
        super().__init__(
            f"Host {host!r} is not a loopback name; sidecar only answers requests addressed "
            "to localhost, 127.0.0.1 or [::1].",
            status=403,
            code="forbidden_host",
        )


class ForbiddenOrigin(RequestError):
    """An ``Origin`` header that is not a loopback origin: a web page (HTTP 403)."""

    error_type = "permission_error"

    def __init__(self, origin: str):
        super().__init__(
            f"Origin {origin[:100]!r} refused: sidecar's API is not for web pages.",
            status=403,
            code="forbidden_origin",
        )


class NeverEscalate(RequestError):
    """A frontier request names files in ``boundary.never_escalate`` and config refuses it."""

    error_type = "permission_error"

    def __init__(self, files: str):
        super().__init__(
            f"Refused: the request names {files}, which boundary.never_escalate keeps on "
            'this machine (boundary.on_never_escalate = "refuse"); use sidecar/local.',
            status=403,
            code="never_escalate",
        )


class UnknownRoute(RequestError):
    """A model named ``sidecar/<x>`` where ``<x>`` is not ``auto``, ``local`` or ``frontier``."""

    def __init__(self, model: str):
        super().__init__(
            f"Unknown route in model {model!r}: use sidecar/auto, sidecar/local or "
            "sidecar/frontier (GET /v1/models lists them).",
            status=400,
            code="model_not_found",
            param="model",
        )


class BudgetExceeded(RequestError):
    """A request that forces the frontier route arrived after its budget was spent (429).

    Shaped as OpenAI's quota error (``type`` ``insufficient_quota``).
    """

    error_type = "insufficient_quota"

    def __init__(self, reason: str):
        super().__init__(
            f"{reason}; use sidecar/auto to be served locally, or raise [budgets] in the "
            "config file.",
            status=429,
            code="budget_exceeded",
        )


class ConfigError(SidecarError):
    """The settings file or an environment override is invalid."""


class DaemonError(SidecarError):
    """The workstation's daemon (``sidecar serve``) cannot be started, reached or used.

    Raised in ``sidecar lsp`` and the CLI; the message says what to do (HTTP 503).
    """

    status = 503
    error_type = "api_error"

    def __init__(self, message: str, *, code: str = "daemon_unavailable"):
        super().__init__(message, code=code)


class BackendError(SidecarError):
    """A backend could not produce an answer; the engine may fall back to another."""

    status = 502
    error_type = "api_error"


class GatewayError(BackendError):
    """The company gateway failed.

    Attributes:
        upstream_status: the gateway's HTTP status, or None when it was not reached.
        retryable: whether a retry may succeed (connection errors, 429, 5xx).

    """

    def __init__(self, message: str, *, upstream_status: int | None, retryable: bool):
        super().__init__(message, code="gateway_error")
        self.upstream_status = upstream_status
        self.retryable = retryable
        if upstream_status is not None and 400 <= upstream_status < 500 and not retryable:
            # The gateway refused the request itself: pass its 4xx on to the client.
            self.status = upstream_status
            self.error_type = "invalid_request_error"


class GatewayNotConfigured(BackendError):
    """``gateway.base_url`` is empty, so the frontier route cannot be served."""

    status = 503

    def __init__(self) -> None:
        super().__init__(
            "No gateway configured: set gateway.base_url in the config file "
            "(sidecar config path shows where it is).",
            code="gateway_not_configured",
        )


class LocalModelError(BackendError):
    """The local llama.cpp model failed to load or to generate."""

    def __init__(self, message: str):
        super().__init__(message, code="local_model_error")


class ContextOverflow(LocalModelError):
    """The prompt plus ``max_tokens`` does not fit the local context window (tokens)."""

    def __init__(self, prompt_tokens: int, max_tokens: int, n_ctx: int):
        super().__init__(
            f"Prompt of {prompt_tokens} tokens plus max_tokens {max_tokens} exceeds the local "
            f"context of {n_ctx} tokens."
        )
        self.status = 400
        self.error_type = "invalid_request_error"
        self.code = "context_length_exceeded"
