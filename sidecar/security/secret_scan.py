"""Find secrets in text: detect-secrets' plugins behind a screen that skips clean text.

detect-secrets (Yelp) decides what is a secret: its plugin classes are built here directly,
never through its global settings singleton, and each candidate segment (a line, or a window
of a very long line) goes through the plugins' own ``analyze_string``, entropy limits and
heuristic filters (``detect_secrets.filters.heuristic``). Running ~20 plugins on every
line costs ~20 ms per 100 KB, so a screen picks the segments first:

- one Aho-Corasick pass (``ahocorasick-rs``) over the UTF-8 bytes for each probe's anchors
  (``AKIA``, ``ghp_``, ``eyJ``, ``://``...), and one over the lower-cased bytes for the
  keyword probes (``password``, ``secret``, ``token``...), whose hits must also pass a cheap
  "an assignment follows" gate;
- one ``bytes.translate`` that folds the text to character classes, searched for quoted
  runs long enough to pass the high-entropy limits (9 hex or 23 base64 characters).

What detect-secrets 1.5 lacks is data in ``EXTRA_PATTERNS`` (one row per format) plus the
multi-line private key block. Every value found is then redacted wherever it occurs in the
text, not only where it was recognised.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ahocorasick_rs

__all__ = ["EXTRA_PATTERNS", "PLACEHOLDER_RE", "SecretScanner", "Span"]

# Redacted text must not be redacted again (see sidecar.security.redact).
PLACEHOLDER_RE = re.compile(r"SIDECAR_SECRET_[A-Z0-9_]+_[0-9a-f]{12}")

# Formats detect-secrets 1.5.0 misses or cuts short, as (kind, regex, anchors). The secret is
# group 1 when the regex has one, else the whole match. Anchors are case-sensitive literals
# one of which every match contains.
EXTRA_PATTERNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Anthropic: sk-ant-api03-..., sk-ant-admin01-...
    ("anthropic_key", r"sk-ant-[a-z]{2,8}\d{2}-[A-Za-z0-9_\-]{32,}", ("sk-ant-",)),
    # OpenAI project/service keys: detect-secrets needs 20 alphanumerics around T3BlbkFJ.
    ("openai_key", r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{32,}", ("sk-",)),
    # GitHub fine-grained tokens (detect-secrets knows only ghp_/gho_/ghu_/ghs_/ghr_).
    ("github_token", r"github_pat_[A-Za-z0-9_]{40,}", ("github_pat_",)),
    ("google_api_key", r"AIza[0-9A-Za-z_\-]{35}", ("AIza",)),
    ("slack_token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", ("xapp-",)),
    ("stripe_key", r"[rs]k_test_[0-9a-zA-Z]{24,}", ("k_test_",)),
    ("npm_token", r"npm_[A-Za-z0-9]{36}", ("npm_",)),
    ("huggingface_token", r"hf_[A-Za-z]{34}", ("hf_",)),
    # Connection strings: a password with !$&*... defeats detect-secrets' Basic auth regex.
    ("url_password", r"[a-zA-Z][\w+.\-]*://[^\s:@/\"'<>]+:([^\s@/\"'<>]+)@", ("://",)),
    (
        "auth_header",
        r"(?i:authorization)[\"']?\s*[:=]\s*[\"']?(?i:bearer|basic|token)\s+([A-Za-z0-9._~+/\-]{12,}=*)",
        ("uthorization",),
    ),
)

# PEM / OpenSSH / PGP blocks and PuTTY key files, whole: line scanning only sees the header.
# The body may be JSON-escaped (\n), quoted per line, or +-prefixed in a diff; without an END
# line the block stops at a blank line or a character no key body has.
_BODY = r"[A-Za-z0-9+/=:,.\-\s\\\"']"
_PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----"
    rf"{_BODY}*?"
    rf"(?:-----END[A-Z0-9 ]{{0,30}}PRIVATE KEY(?: BLOCK)?-----|(?=\n[ \t]*\n)|(?!{_BODY})|\Z)"
    r"|PuTTY-User-Key-File-\d:[^\n]*(?:\n(?!Private-MAC)[^\n]*){0,40}\nPrivate-MAC: *[0-9a-fA-F]+"
)

# Keywords beyond detect-secrets' DENYLIST. Their values must also look generated (see
# _looks_generated), since `max_tokens = 128` or `token_type = "bearer"` are not secrets.
_EXTRA_KEYWORDS = ("token", "credential", "access_key", "accesskey", "_key")

# A keyword hit is worth the plugin only if an assignment or comparison follows it.
_ASSIGNMENT_GATE = re.compile(r"[\w\-]{0,40}['\"\]]{0,2}\s{0,4}(?:[:=!]|=>|\()")
# A line that is one `key = value` / `key: value` (.env, YAML, INI, TOML, properties): only
# there may a keyword's value be unquoted.
_CONFIG_LINE = re.compile(
    r"\s*(?:[-+]\s*)?(?:export\s+|set\s+)?[\"']?[\w.\-\[\]]+[\"']?\s*[:=]\s*(?P<value>\S+?)[,;]?"
    r"\s*(?:\s[#;].*)?"
)
# Unquoted words that are code or types, not secrets (`password: str`, `secret = None`).
_NOT_SECRETS = frozenset(
    "none null nil true false yes no str string int bool bytes any undefined optional "
    "required secret secretstr password redacted changeme* xxx *** ...".split()
)
_CODE_REFERENCE = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|.*[()\[\]{}<>].*")

_TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "_-")
_LONG_LINE = 4000  # longer lines are scanned in windows around each hit
_WINDOW = 600


@dataclass(frozen=True, slots=True)
class Span:
    """A secret found at ``text[start:end]``, of a ``kind`` such as ``aws_key``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Probe:
    kind: str
    # Segment -> secret values in it (the detect-secrets plugin's decision, filters applied).
    values: Callable[[str], Iterable[str]]
    anchors: tuple[str, ...] = ()  # case-sensitive literals
    keywords: tuple[str, ...] = ()  # lower-case literals, matched case-insensitively
    gate: re.Pattern[str] | None = None  # must match at the anchor for the probe to run
    token: bool = False  # widen each value to the whole [A-Za-z0-9_-] token around it


class SecretScanner:
    """Finds secrets; build one per process (it imports detect-secrets, ~0.2 s) and reuse it.

    The scanner holds no per-call state, so one instance may serve every request.
    """

    def __init__(self) -> None:
        import ahocorasick_rs

        self._probes = _build_probes()
        exact: dict[str, set[int]] = {}
        folded: dict[str, set[int]] = {}
        for index, probe in enumerate(self._probes):
            for anchor in probe.anchors:
                exact.setdefault(anchor, set()).add(index)
            for keyword in probe.keywords:
                folded.setdefault(keyword, set()).add(index)
        self._exact_needles = [frozenset(v) for v in exact.values()]
        self._folded_needles = [frozenset(v) for v in folded.values()]
        self._exact = ahocorasick_rs.BytesAhoCorasick([a.encode() for a in exact])
        self._folded = ahocorasick_rs.BytesAhoCorasick([k.encode() for k in folded])
        self._entropy = [i for i, p in enumerate(self._probes) if p.kind == "high_entropy"]
        self._key_probe = next(i for i, p in enumerate(self._probes) if p.kind == "private_key")
        hexdigits = set(string.hexdigits.encode())
        base64 = set((string.ascii_letters + string.digits + "+/\\-_=").encode())
        self._fold = bytes(
            (b"h" if i in hexdigits else b"a" if i in base64 else b'"' if i in b"\"'" else b" ")[0]
            for i in range(256)
        )

    def scan(self, text: str) -> list[Span]:
        """Return the secrets in ``text``, sorted and not overlapping."""
        data = text.encode("utf-8", "surrogatepass")
        hits = self._hits(data)
        if not hits:
            return []
        if len(data) != len(text):
            hits = _to_char_offsets(data, hits)
        spans: list[Span] = []
        segments: dict[tuple[int, int], set[int]] = {}
        for offset, probes in hits:
            if self._key_probe in probes:
                spans.extend(self._private_keys(text, offset))
            probes = probes - {self._key_probe}
            if probes:
                segments.setdefault(_segment(text, offset), set()).update(probes)
        values: dict[str, str] = {}
        for (start, end), probes in segments.items():
            for index in sorted(probes):
                probe = self._probes[index]
                for span in self._run(probe, text, start, end):
                    spans.append(span)
                    values.setdefault(text[span.start : span.end], span.kind)
        spans.extend(_elsewhere(text, values))
        return _merge(spans)

    def scan_assignment(self, key: str, value: str) -> list[Span]:
        """Return secrets in ``value`` judged with ``key`` as its name (a JSON object member).

        A JSON body has ``{"password": "hunter2"}`` where the walker sees ``hunter2`` alone.
        """
        if '"' in key or '"' in value or "\n" in value:
            return []
        prefix = f'"{key}": "'
        line = f'{prefix}{value}"'
        lowered = line.lower()
        spans: list[Span] = []
        for probe in self._probes:
            if probe.keywords and any(k in lowered for k in probe.keywords):
                for span in self._run(probe, line, 0, len(line), gated=False):
                    if span.start >= len(prefix) and span.end <= len(prefix) + len(value):
                        spans.append(
                            Span(span.start - len(prefix), span.end - len(prefix), span.kind)
                        )
        return _merge(spans)

    def _hits(self, data: bytes) -> list[tuple[int, frozenset[int]]]:
        hits: list[tuple[int, frozenset[int]]] = []
        for needle, start, _ in self._exact.find_matches_as_indexes(data, overlapping=True):
            hits.append((start, self._exact_needles[needle]))
        lowered = data.lower()
        for needle, start, _ in self._folded.find_matches_as_indexes(lowered, overlapping=True):
            hits.append((start, self._folded_needles[needle]))
        if self._entropy:
            entropy = frozenset(self._entropy)
            folded = data.translate(self._fold)
            hits.extend((m.start(), entropy) for m in _QUOTED_RUN.finditer(folded))
        hits.sort(key=lambda hit: hit[0])
        return hits

    def _run(
        self, probe: _Probe, text: str, start: int, end: int, *, gated: bool = True
    ) -> Iterator[Span]:
        segment = text[start:end]
        if gated and probe.gate is not None and not _gate_passes(probe, segment):
            return
        for value in set(probe.values(segment)):
            if not value or PLACEHOLDER_RE.fullmatch(value):
                continue
            at = segment.find(value)
            while at >= 0:
                s, e = at, at + len(value)
                if probe.token:
                    while s > 0 and segment[s - 1] in _TOKEN_CHARS:
                        s -= 1
                    while e < len(segment) and segment[e] in _TOKEN_CHARS:
                        e += 1
                yield Span(start + s, start + e, probe.kind)
                at = segment.find(value, at + len(value))

    def _private_keys(self, text: str, offset: int) -> Iterator[Span]:
        line_start = text.rfind("\n", 0, offset) + 1
        header = text[line_start : text.find("\n", offset) if "\n" in text[offset:] else None]
        if not any(self._probes[self._key_probe].values(header)):
            return
        match = _PRIVATE_KEY_BLOCK.search(text, max(line_start, offset - 64))
        if match is not None and match.start() <= offset + 40:
            yield Span(match.start(), match.end(), "private_key")


_QUOTED_RUN = re.compile(rb"[\"'](?:h{9,}|[ah]{23,})[\"']")


def _gate_passes(probe: _Probe, segment: str) -> bool:
    assert probe.gate is not None
    lowered = segment.lower()
    for keyword in probe.keywords:
        at = lowered.find(keyword)
        while at >= 0:
            if probe.gate.match(segment, at + len(keyword)):
                return True
            at = lowered.find(keyword, at + 1)
    return not probe.keywords


def _segment(text: str, offset: int) -> tuple[int, int]:
    """Return the line around ``offset``, or a window of it if the line is very long."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end - start <= _LONG_LINE:
        return start, end
    lo, hi = max(start, offset - _WINDOW), min(end, offset + 2 * _WINDOW)
    # Widen to whitespace so no token is cut in half.
    while lo > start and not text[lo - 1].isspace() and offset - lo < 4 * _WINDOW:
        lo -= 1
    while hi < end and not text[hi].isspace() and hi - offset < 8 * _WINDOW:
        hi += 1
    return lo, hi


def _to_char_offsets(
    data: bytes, hits: list[tuple[int, frozenset[int]]]
) -> list[tuple[int, frozenset[int]]]:
    """Map sorted UTF-8 byte offsets (each at an ASCII byte) to character offsets."""
    out = []
    done_bytes = done_chars = 0
    for offset, probes in hits:
        done_chars += len(data[done_bytes:offset].decode("utf-8", "surrogatepass"))
        done_bytes = offset
        out.append((done_chars, probes))
    return out


def _elsewhere(text: str, values: dict[str, str]) -> Iterator[Span]:
    """Yield every other occurrence of a found value (6+ characters) in ``text``."""
    for value, kind in values.items():
        if len(value) < 6:
            continue
        at = text.find(value)
        while at >= 0:
            yield Span(at, at + len(value), kind)
            at = text.find(value, at + len(value))


def _merge(spans: list[Span]) -> list[Span]:
    """Sort spans and join overlapping ones; the earliest-starting, longest keeps its kind."""
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


def _looks_generated(value: str, entropy: Callable[[str], float]) -> bool:
    """Return whether a value under a weak keyword (token, _key) looks machine-generated."""
    return (
        len(value) >= 16
        and any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
        and entropy(value) >= 3.5
    )


def _unquoted_ok(value: str, line: str) -> bool:
    """Return whether an unquoted keyword value can be a secret (not code, not a type)."""
    if _CONFIG_LINE.fullmatch(line) is None or len(value) < 4:
        return False
    lowered = value.lower()
    return not (
        lowered in _NOT_SECRETS
        or _CODE_REFERENCE.fullmatch(value)
        or any(k in lowered for k in ("pass", "secret", "token", "key", "pwd"))
        or value.endswith((",", ";"))
    )


def _build_probes() -> list[_Probe]:
    """Build the probe table from detect-secrets' plugin classes and EXTRA_PATTERNS."""
    from detect_secrets.filters import heuristic
    from detect_secrets.plugins import keyword
    from detect_secrets.plugins.artifactory import ArtifactoryDetector
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.basic_auth import BasicAuthDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.high_entropy_strings import (
        Base64HighEntropyString,
        HexHighEntropyString,
    )
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.npm import NpmDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.private_key import PrivateKeyDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    def filtered(values: Iterable[str], line: str, plugin: Any) -> Iterator[str]:
        """Apply detect-secrets' default heuristic filters, as its scan_line does."""
        for value in values:
            if not (
                heuristic.is_sequential_string(value)
                or heuristic.is_potential_uuid(value)
                or heuristic.is_likely_id_string(value, line, plugin)
                or heuristic.is_templated_secret(value)
                or heuristic.is_prefixed_with_dollar_sign(value)
                or heuristic.is_not_alphanumeric_string(value)
            ):
                yield value

    def regex_plugin(plugin: Any) -> Callable[[str], Iterable[str]]:
        return lambda line: filtered(plugin.analyze_string(line), line, plugin)

    def regex_extra(pattern: str) -> Callable[[str], Iterable[str]]:
        compiled = re.compile(pattern)
        group = 1 if compiled.groups else 0
        return lambda line: filtered((m.group(group) for m in compiled.finditer(line)), line, None)

    keywords = KeywordDetector = keyword.KeywordDetector()
    base64 = Base64HighEntropyString()
    hexes = HexHighEntropyString()
    quoted_sets = keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP
    config_sets = {
        keyword.FOLLOWED_BY_COLON_REGEX: 4,
        keyword.FOLLOWED_BY_EQUAL_SIGNS_REGEX: 5,
    }
    extra_keyword = "|".join(re.escape(k) for k in _EXTRA_KEYWORDS)
    extra_quoted = re.compile(
        rf"(?:{extra_keyword})\w*{keyword.CLOSING}\s*(?:[:=]{{1,3}}|=>)\s*(@)?({keyword.QUOTE})"
        rf"({keyword.SECRET})(\2)",
        re.IGNORECASE,
    )
    extra_unquoted = re.compile(
        rf"(?:{extra_keyword})\w*{keyword.CLOSING}\s*[:=]\s*([^\s'\"`,;]+)", re.IGNORECASE
    )

    def keyword_values(line: str) -> Iterator[str]:
        quoted = "'" in line or '"' in line or "`" in line
        if quoted:
            yield from filtered(keywords.analyze_string(line, quoted_sets), line, keywords)
        for value in filtered(keywords.analyze_string(line, config_sets), line, keywords):
            if value[:1] in "'\"`":
                continue
            head = value.split(" #", 1)[0].split(" //", 1)[0].strip()
            if _unquoted_ok(head, line.split(" #", 1)[0].rstrip()):
                yield head
        if heuristic.is_indirect_reference(line):
            return

    def extra_keyword_values(line: str) -> Iterator[str]:
        found = [m.group(3) for m in extra_quoted.finditer(line)]
        if _CONFIG_LINE.fullmatch(line.split(" #", 1)[0].rstrip()):
            found += [m.group(1) for m in extra_unquoted.finditer(line)]
        for value in filtered(found, line, keywords):
            if _looks_generated(value, base64.calculate_shannon_entropy):
                yield value

    def entropy_values(line: str) -> Iterator[str]:
        for plugin in (hexes, base64):
            for value in filtered(plugin.analyze_string(line), line, plugin):
                # log2(distinct characters) bounds the entropy: skip the exact computation.
                if len(set(value)).bit_length() - 1 > plugin.entropy_limit - 1 or len(
                    set(value)
                ) > 2**plugin.entropy_limit:
                    if plugin.calculate_shannon_entropy(value) > plugin.entropy_limit:
                        yield value

    denylist_keywords = tuple(
        sorted({k.replace("_?", sep) for k in keyword.DENYLIST for sep in ("_", "")})
    )
    denylist_keywords = tuple(
        "contrase" if k.startswith("contrase") else k for k in denylist_keywords
    )
    gate = _ASSIGNMENT_GATE
    probes = [
        _Probe("private_key", regex_plugin(PrivateKeyDetector()), ("PRIVATE KEY", "PuTTY-User")),
        _Probe(
            "aws_key",
            regex_plugin(AWSKeyDetector()),
            ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
            ("aws",),
            token=True,
        ),
        _Probe("github_token", regex_plugin(GitHubTokenDetector()), ("gh",), token=True),
        _Probe(
            "gitlab_token", regex_plugin(GitLabTokenDetector()), ("gl", "GR1348941"), token=True
        ),
        _Probe("slack_token", regex_plugin(SlackDetector()), (), ("xox", "hooks.slack"), token=True),
        _Probe("stripe_key", regex_plugin(StripeDetector()), ("k_live_",), token=True),
        _Probe("openai_key", regex_plugin(OpenAIDetector()), ("T3BlbkFJ",), token=True),
        _Probe("jwt", regex_plugin(JwtTokenDetector()), ("eyJ",)),
        _Probe("azure_key", regex_plugin(AzureStorageKeyDetector()), ("AccountKey=",)),
        _Probe("twilio_key", regex_plugin(TwilioKeyDetector()), ("AC", "SK"), token=True),
        _Probe("npm_token", regex_plugin(NpmDetector()), ("_authToken",)),
        _Probe("sendgrid_key", regex_plugin(SendGridDetector()), ("SG.",), token=True),
        _Probe("pypi_token", regex_plugin(PypiTokenDetector()), ("pypi-",), token=True),
        _Probe("square_secret", regex_plugin(SquareOAuthDetector()), ("sq0csp-",), token=True),
        _Probe("mailchimp_key", regex_plugin(MailchimpDetector()), ("-us",), token=True),
        _Probe("artifactory", regex_plugin(ArtifactoryDetector()), ("AKC", "AP")),
        _Probe("url_password", regex_plugin(BasicAuthDetector()), ("://",)),
    ]
    probes += [
        _Probe(kind, regex_extra(pattern), anchors, token=kind != "url_password")
        for kind, pattern, anchors in EXTRA_PATTERNS
    ]
    probes += [
        _Probe("password", keyword_values, (), denylist_keywords, gate=gate),
        _Probe("credential", extra_keyword_values, (), _EXTRA_KEYWORDS, gate=gate),
        _Probe("high_entropy", entropy_values),
    ]
    return probes
