"""The data boundary: secrets leave the machine as placeholders and come back as values.

Secrets in a request are replaced by placeholders before it goes to the gateway, and the
placeholders in the answer are replaced by the real values again.

::

    request  --Redactor.redact / redact_json-->  gateway     (Vault: placeholder -> value)
    answer   <--Restorer.feed / restore_json---  gateway     (same Vault)

A placeholder is ``SIDECAR_SECRET_<KIND>_<12 hex>``, the hex being the start of
HMAC-SHA256(machine key, value). It is:

- stable: the same value gives the same placeholder in every request on this machine, so
  prompt prefixes stay byte-identical for the gateway's prompt cache;
- not reversible without the key (``redaction.key``, 32 random bytes, mode 0600, in the
  config dir), and not comparable across machines;
- plain ``[A-Z0-9_a-f]``: one identifier-like word in every language, unchanged by JSON,
  shell, URL or regex escaping, so it survives being quoted, embedded in a URL
  (``postgres://app:SIDECAR_SECRET_...@db``) or copied into code, and models copy such
  identifiers verbatim. The kind tells the model what stood there.

The ``Vault`` lives for one request: its placeholders are those that request sent, so only
they are restored. Values never go to a log: ``Finding`` and ``Vault`` do not print them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sidecar.errors import ConfigError
from sidecar.security.secret_scan import PLACEHOLDER_RE, SecretScanner, Span, merge_spans

__all__ = [
    "KEY_FILE",
    "PLACEHOLDER_RE",
    "Finding",
    "Redactor",
    "Restorer",
    "Vault",
    "load_or_create_key",
    "restore",
    "restore_json",
    "summary",
]

KEY_FILE = "redaction.key"
_PREFIX = "SIDECAR_SECRET_"
_DIGEST_HEX = 12
# Between the strings of a JSON value while they are scanned as one text: no line-based
# probe and no key block crosses a newline followed by NUL.
_JOIN = "\n\x00\n"

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One redacted secret: where it was, what kind, what replaced it (never the value).

    ``start``/``end`` index the original string; ``path`` locates that string inside a
    JSON value (``()`` for plain text).
    """

    kind: str
    placeholder: str
    start: int
    end: int
    path: JsonPath = ()


class Vault:
    """Placeholder -> original value for one request; restorers read it."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._prefixes: frozenset[str] = frozenset()
        self._longest = 0

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, placeholder: object) -> bool:
        return placeholder in self._values

    def __repr__(self) -> str:
        return f"<Vault of {len(self._values)} secrets>"

    def placeholders(self) -> list[str]:
        """Return the placeholders held, in the order they were added."""
        return list(self._values)

    def value(self, placeholder: str) -> str | None:
        """Return the original value behind ``placeholder``, or None."""
        return self._values.get(placeholder)

    def _add(self, placeholder: str, value: str) -> None:
        if self._values.setdefault(placeholder, value) is value:
            self._pattern = None

    def _compiled(self) -> re.Pattern[str]:
        if self._pattern is None:
            ordered = sorted(self._values, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, ordered)))
            self._prefixes = frozenset(p[:i] for p in ordered for i in range(1, len(p)))
            self._longest = len(ordered[0])
        return self._pattern

    def _restore(self, text: str, json_string: bool) -> str:
        if not self._values or _PREFIX[:8] not in text:
            return text
        values = self._values
        if json_string:
            return self._compiled().sub(
                lambda m: json.dumps(values[m.group()], ensure_ascii=False)[1:-1], text
            )
        return self._compiled().sub(lambda m: values[m.group()], text)

    def _held_back(self, text: str) -> int:
        """Return the length of the longest suffix of ``text`` that may begin a placeholder."""
        self._compiled()
        tail = text[-(self._longest - 1) :]
        at = tail.find("S")
        while at >= 0:
            if tail[at:] in self._prefixes:
                return len(tail) - at
            at = tail.find("S", at + 1)
        return 0


class Redactor:
    """Replaces secrets with placeholders; one per process, owned by the engine.

    ``key`` is the machine's HMAC key (``load_or_create_key()``); ``scanner`` the shared
    detector (built here if not given: that imports detect-secrets, ~0.2 s).
    """

    def __init__(self, key: bytes, scanner: SecretScanner | None = None) -> None:
        if len(key) < 16:
            raise ValueError("the redaction key must have at least 16 bytes")
        self._key = key
        self._scanner = scanner if scanner is not None else SecretScanner()

    @property
    def scanner(self) -> SecretScanner:
        """The detector, for callers that only need to know whether text has secrets."""
        return self._scanner

    def placeholder(self, kind: str, value: str, vault: Vault | None = None) -> str:
        """Return the placeholder of ``value``; record it in ``vault`` if given."""
        digest = hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
        hexdigest = digest.hexdigest()
        name = f"{_PREFIX}{kind.upper()}_{hexdigest[:_DIGEST_HEX]}"
        if vault is not None:
            held = vault.value(name)
            if held is not None and held != value:  # a 48-bit collision: use the whole digest
                name = f"{_PREFIX}{kind.upper()}_{hexdigest}"
            vault._add(name, value)
        return name

    def redact(self, text: str, vault: Vault) -> tuple[str, list[Finding]]:
        """Return ``text`` with each secret replaced, and what was replaced."""
        return self._apply(text, self._scanner.scan(text), vault, ())

    def redact_json(self, value: Any, vault: Vault) -> tuple[Any, list[Finding]]:
        """Redact every string inside a JSON-like value (dict keys are left alone).

        Returns ``value`` itself when nothing was found, else a copy rebuilt along the
        changed paths. For pass-through bodies that go to the gateway otherwise unchanged.
        """
        strings: list[tuple[JsonPath, str]] = []
        members: list[tuple[JsonPath, str, str]] = []
        _collect(value, (), strings, members)
        if not strings:
            return value, []
        joined = _JOIN.join(s for _, s in strings)
        starts = list(_offsets(s for _, s in strings))
        per_string: dict[int, list[Span]] = {}
        for span in self._scanner.scan(joined):
            index = _locate(starts, span.start)
            local = Span(span.start - starts[index], span.end - starts[index], span.kind)
            if local.end <= len(strings[index][1]):
                per_string.setdefault(index, []).append(local)
        by_path = {path: i for i, (path, _) in enumerate(strings)}
        for path, key, text in members:
            found = self._scanner.scan_member(key, text)
            if found:
                index = by_path[path]
                per_string[index] = merge_spans(per_string.get(index, []) + found)
        if not per_string:
            return value, []
        replaced: dict[JsonPath, str] = {}
        findings: list[Finding] = []
        for index, spans in sorted(per_string.items()):
            path, text = strings[index]
            replaced[path], new = self._apply(text, spans, vault, path)
            findings += new
        return _rebuild(value, (), replaced, _prefixes_of(replaced)), findings

    def _apply(
        self, text: str, spans: list[Span], vault: Vault, path: JsonPath
    ) -> tuple[str, list[Finding]]:
        if not spans:
            return text, []
        pieces: list[str] = []
        findings: list[Finding] = []
        done = 0
        for span in spans:
            name = self.placeholder(span.kind, text[span.start : span.end], vault)
            pieces += (text[done : span.start], name)
            findings.append(Finding(span.kind, name, span.start, span.end, path))
            done = span.end
        pieces.append(text[done:])
        return "".join(pieces), findings


class Restorer:
    """Puts real values back into streamed answer text, chunk by chunk.

    ``feed`` returns what is safe to emit now, holding back only a suffix that could be
    the start of a placeholder split across chunks; ``close`` flushes it. With
    ``json_string=True`` the chunks are fragments of JSON text (tool-call arguments) and
    values are inserted JSON-escaped, as they sit inside a JSON string.
    """

    def __init__(self, vault: Vault, *, json_string: bool = False) -> None:
        self._vault = vault
        self._json = json_string
        self._pending = ""

    def feed(self, chunk: str) -> str:
        """Return the restored text that can be emitted after ``chunk``."""
        if not len(self._vault):
            return chunk
        text = self._pending + chunk
        keep = self._vault._held_back(text)
        ready, self._pending = text[: len(text) - keep], text[len(text) - keep :]
        return self._vault._restore(ready, self._json)

    def close(self) -> str:
        """Return whatever was held back (the stream has ended)."""
        rest, self._pending = self._pending, ""
        return self._vault._restore(rest, self._json)


def restore(text: str, vault: Vault, *, json_string: bool = False) -> str:
    """Return ``text`` with every placeholder of ``vault`` replaced by its value.

    With ``json_string=True`` the text is JSON (whole tool-call arguments) and values are
    inserted JSON-escaped.
    """
    return vault._restore(text, json_string)


def restore_json(value: Any, vault: Vault) -> Any:
    """Restore placeholders in every string (and key) of a parsed JSON value."""
    if isinstance(value, str):
        return vault._restore(value, False)
    if isinstance(value, dict):
        return {restore_json(k, vault): restore_json(v, vault) for k, v in value.items()}
    if isinstance(value, list):
        return [restore_json(v, vault) for v in value]
    return value


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """Return kind -> count, for the ledger."""
    return dict(sorted(Counter(f.kind for f in findings).items()))


def load_or_create_key(directory: Path) -> bytes:
    """Return this machine's redaction key, creating ``directory/redaction.key`` (0600).

    Created atomically (written to a temporary file, then hard-linked into place), so two
    processes starting at once agree on one key.

    Raises:
        ConfigError: the key file exists but does not hold 32 bytes.

    """
    path = directory / KEY_FILE
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        temp = directory / f".{KEY_FILE}.{secrets.token_hex(8)}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
            os.link(temp, path)
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            temp.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) != 32:
        raise ConfigError(f"{path} does not hold a 32-byte key; delete it to make a new one")
    return key


def _collect(
    value: Any,
    path: JsonPath,
    strings: list[tuple[JsonPath, str]],
    members: list[tuple[JsonPath, str, str]],
) -> None:
    if isinstance(value, str):
        strings.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and isinstance(key, str):
                members.append(((*path, key), key, item))
            _collect(item, (*path, key), strings, members)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect(item, (*path, index), strings, members)


def _offsets(texts: Iterable[str]) -> Iterator[int]:
    at = 0
    for text in texts:
        yield at
        at += len(text) + len(_JOIN)


def _locate(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _prefixes_of(paths: Iterable[JsonPath]) -> set[JsonPath]:
    return {path[:i] for path in paths for i in range(len(path) + 1)}


def _rebuild(
    value: Any, path: JsonPath, replaced: dict[JsonPath, str], changed: set[JsonPath]
) -> Any:
    if path not in changed:
        return value
    if path in replaced:
        return replaced[path]
    if isinstance(value, dict):
        return {k: _rebuild(v, (*path, k), replaced, changed) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebuild(v, (*path, i), replaced, changed) for i, v in enumerate(value)]
    return value
