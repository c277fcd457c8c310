"""The probes of the secret scanner: detect-secrets' plugins plus what they lack, as data.

A probe names a kind of secret, says where the scanner's screen should look (literal
anchors, case-insensitive keywords, a gate regex matched at each hit) and returns the secret
values in a segment of text. detect-secrets makes the decision wherever it has a plugin:
the plugin's ``analyze_string``, its entropy limits, its heuristic filters. What it lacks or
cuts short is here as data: ``EXTRA_PATTERNS`` (one row per format), the private key block,
a few extra keywords, and the rules for unquoted values (config lines and shell
``NAME=value``), which detect-secrets only accepts in files it knows are config.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["EXTRA_PATTERNS", "PRIVATE_KEY_BLOCK", "Probe", "build_probes"]

# Formats detect-secrets 1.5.0 misses or cuts short: (kind, regex, anchors). The secret is
# group 1 if the regex has a group, else the whole match; every match contains one of the
# case-sensitive anchors. A regex that starts with its anchor is also the hit's gate.
EXTRA_PATTERNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Anthropic: sk-ant-api03-..., sk-ant-admin01-...
    ("anthropic_key", r"sk-ant-[a-z]{2,8}\d{2}-[A-Za-z0-9_\-]{32,}", ("sk-ant-",)),
    # OpenAI project/service keys: detect-secrets wants 20 alphanumerics around T3BlbkFJ.
    ("openai_key", r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{32,}", ("sk-",)),
    # GitHub fine-grained tokens (detect-secrets knows ghp_/gho_/ghu_/ghs_/ghr_ only).
    ("github_token", r"github_pat_[A-Za-z0-9_]{40,}", ("github_pat_",)),
    ("google_api_key", r"AIza[0-9A-Za-z_\-]{35}", ("AIza",)),
    ("slack_token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", ("xapp-",)),
    ("stripe_key", r"[rs]k_test_[0-9a-zA-Z]{24,}", ("k_test_",)),
    ("npm_token", r"npm_[A-Za-z0-9]{36}", ("npm_",)),
    ("huggingface_token", r"hf_[A-Za-z]{34}", ("hf_",)),
    # Connection strings: a password with ! $ & * ... defeats detect-secrets' Basic auth regex.
    ("url_password", r"://[^\s:@/\"'<>]+:([^\s@/\"'<>]+)@", ("://",)),
    # curl -u user:password, curl --user=user:password
    ("url_password", r" (?:-u|--user)[ =][\"']?[^\s:\"']+:([^\s\"',;]+)", (" -u ", " --user")),
    (
        "auth_header",
        r"uthorization[\"']?\s*[:=]\s*[\"']?(?i:bearer|basic|token)\s+"  # [Aa]uthorization
        r"([A-Za-z0-9._~+/\-]{12,}=*)",
        ("uthorization",),
    ),
)

# PEM / OpenSSH / PGP blocks and PuTTY key files, whole. The body may be JSON-escaped (\n),
# quoted per line or +-prefixed in a diff; without an END line the block stops at a blank
# line or at a character no key body has.
_BODY = r"[A-Za-z0-9+/=:,.\-\s\\\"']"
PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----"
    rf"{_BODY}*?"
    rf"(?:-----END[A-Z0-9 ]{{0,30}}PRIVATE KEY(?: BLOCK)?-----|(?=\n[ \t]*\n)|(?!{_BODY})|\Z)"
    r"|PuTTY-User-Key-File-\d:[^\n]*(?:\n(?!Private-MAC)[^\n]*){0,40}\nPrivate-MAC: *[0-9a-fA-F]+"
)

# Keywords beyond detect-secrets' DENYLIST; their values must also look generated.
_EXTRA_KEYWORDS = ("token", "credential", "access_key", "accesskey", "api-key", "_key")
# A shell environment assignment: `PGPASSWORD=... psql`, `docker run -e DB_PASSWORD=...`.
_ENV_ASSIGNMENT = re.compile(r"(?:^|(?<=[\s;&|(]))([A-Z][A-Z0-9_]*)=([^\s'\"`;|&)]+)")
# A keyword hit is worth the plugin only if an assignment or comparison follows it.
_ASSIGNMENT = re.compile(r"[\w\-]{0,60}(?:\[\d*\])?['\"\]]{0,2}\s{0,4}(?:[:=!]|=>|\()\s{0,4}\S")
# ... and for the extra keywords, a value of 12+ characters (see _looks_generated).
_LONG_ASSIGNMENT = re.compile(
    r"[\w\-]{0,60}['\"\]]{0,2}\s{0,4}(?:[:=]{1,3}|=>)\s{0,4}@?['\"`]?[^\s'\"`,;]{12}"
)
# A line that is one `key = value` / `key: value` (.env, YAML, INI, TOML, a diff of one):
# only there may a keyword's value be unquoted.
_CONFIG_LINE = re.compile(
    r"\s*(?:[-+]\s*)?(?:export\s+|set\s+)?[\"']?[\w.\-\[\]]+[\"']?\s*[:=]\s*\S+?[,;]?\s*"
)
# Unquoted values that are code or types, not secrets (`password: str`, `secret = None`).
_NOT_SECRETS = frozenset(
    {"none", "null", "nil", "true", "false", "yes", "no", "str", "string", "int", "bool"}
    | {"bytes", "any", "undefined", "optional", "required", "secretstr", "redacted", "xxxx"}
)
_CODE = re.compile(
    r"[A-Za-z_$][\w$.]*(?:\(.*\)|\[.*\])+"  # a call or subscript: os.environ["PW"]
    r"|\{\{.*\}\}|\$\{.*\}|<.*>|%\(.*\)s"  # a template
)
_NAME = re.compile(
    r"[a-z_$][a-z0-9_$]*(?:\.[A-Za-z_$][\w$]*)+"  # attribute access: settings.SECRET_KEY
    r"|[a-z][a-z0-9]*(?:_[a-z0-9]+)+"  # snake_case name: db_password, pw_input
    r"|[a-z]+(?:[A-Z][a-z0-9]*)+"  # camelCase name: passwordHash
)

_GITLAB_PREFIXES = (
    *("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glimt-", "glptt-"),
    *("glagent-", "gloas-", "GR1348941"),
)
# detect-secrets drops every value that starts with "$"; only `$NAME`/`${NAME}` are references
# (a generated Django SECRET_KEY may well start with "$").
_VARIABLE = re.compile(r"\$\{?[A-Za-z_]\w*\}?")
# Subresource Integrity hashes (package-lock.json): public digests, not secrets.
_INTEGRITY = re.compile(r"sha(?:1|256|384|512)-[A-Za-z0-9+/=]{20,}")
_TOKEN = frozenset(string.ascii_letters + string.digits + "_-")
_JWT = _TOKEN | frozenset(".")


Names = tuple[str, ...]


@dataclass(frozen=True)
class Probe:
    """One kind of secret: where to look for it and how to decide."""

    kind: str
    # (segment, offsets of the keyword hits in it) -> secret values in the segment: a
    # detect-secrets plugin's decision, filters applied.
    values: Callable[[str, Sequence[int]], Iterable[str]]
    anchors: tuple[str, ...] = ()  # case-sensitive literals
    keywords: tuple[str, ...] = ()  # lower-case literals, matched case-insensitively
    gate: re.Pattern[str] | None = None  # must match at the hit for the probe to run
    token: frozenset[str] | None = None  # widen values to the run of these characters


def _followed(*prefixes: str, by: str) -> tuple[str, ...]:
    """Return each prefix followed by each character of ``by``: anchors for short prefixes.

    ``AC`` alone is in every ``ACCESS``; ``ACa``..``AC9`` are rare outside Twilio SIDs.
    """
    return tuple(p + c for p in prefixes for c in by)


def _looks_generated(value: str, hex_entropy: Callable[[str], float]) -> bool:
    """Return whether a value looks machine-made rather than like a word or a name.

    12+ characters with digits, and either hex above detect-secrets' hex entropy limit or
    three character classes of four (lower, upper, digit, other).
    """
    if len(value) < 12 or not any(c.isdigit() for c in value):
        return False
    if all(c in string.hexdigits for c in value):
        return len(value) >= 16 and hex_entropy(value) > 3.0
    classes = (
        any(c.islower() for c in value),
        any(c.isupper() for c in value),
        any(not c.isalnum() for c in value),
    )
    return sum(classes) >= 2


def _unquoted_ok(value: str, hex_entropy: Callable[[str], float]) -> bool:
    """Return whether an unquoted keyword value may be a secret rather than code or a type."""
    if len(value) < 4 or value.lower() in _NOT_SECRETS or _CODE.fullmatch(value):
        return False
    if _looks_generated(value, hex_entropy):
        return True
    lowered = value.lower()
    return not (
        _NAME.fullmatch(value)
        or any(c in "()[]{}<>" for c in value)
        or any(k in lowered for k in ("pass", "pwd", "secret", "token", "key"))  # a name
    )


def build_probes() -> list[Probe]:
    """Build the probe table from detect-secrets' plugins and EXTRA_PATTERNS."""
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

    def kept(values: Iterable[str], line: str, plugin: Any) -> Iterator[str]:
        """Drop what detect-secrets' default heuristic filters drop (as its scan_line)."""
        for value in values:
            value = value.strip() if plugin is None else value
            if not (
                heuristic.is_sequential_string(value)
                or heuristic.is_potential_uuid(value)
                or (plugin is not None and heuristic.is_likely_id_string(value, line, plugin))
                or heuristic.is_templated_secret(value)
                or _VARIABLE.fullmatch(value)
                or _INTEGRITY.fullmatch(value)
                or heuristic.is_not_alphanumeric_string(value)
            ):
                yield value

    Values = Callable[[str, Sequence[int]], Iterable[str]]

    def plugin(detector: Any, strip: str = "") -> Values:
        # Regex plugins (plugin=None: no id-string filter) may report a label or delimiter.
        return lambda line, _: kept(
            (
                v.removeprefix(strip).lstrip(" \t\"':=").rstrip(" \t\"'")
                for v in detector.analyze_string(line)
            ),
            line,
            None,
        )

    def extra(pattern: str) -> Values:
        compiled = re.compile(pattern)
        group = 1 if compiled.groups else 0
        return lambda line, _: kept((m.group(group) for m in compiled.finditer(line)), line, None)

    keywords = keyword.KeywordDetector()
    base64, hexes = Base64HighEntropyString(), HexHighEntropyString()
    extra_names = "|".join(re.escape(k) for k in _EXTRA_KEYWORDS)
    extra_quoted = re.compile(
        rf"(?:{extra_names})\w*{keyword.CLOSING}\s*(?:[:=]{{1,3}}|=>)\s*@?({keyword.QUOTE})"
        rf"({keyword.SECRET})\1",
        re.IGNORECASE,
    )
    symbol_first = re.compile(
        rf"{keyword.DENYLIST_REGEX}{keyword.CLOSING}\s*(?:[:=]{{1,3}}|=>)\s*@?(['\"`])"
        r"([^\w\s'\"`][^\s'\"`]{5,})\2",
        re.IGNORECASE,
    )
    # Unquoted values on a config line (detect-secrets' own regexes want a word character
    # first, and stop at nothing: `SECRET_KEY=0=-t(k2$&...`).
    extra_unquoted = re.compile(
        rf"(?:{extra_names})\w*{keyword.CLOSING}\s*[:=]\s*([^\s'\"`,;]+)", re.IGNORECASE
    )
    denylist_unquoted = re.compile(
        rf"{keyword.DENYLIST_REGEX}{keyword.CLOSING}\s*[:=]\s*([^\s'\"`,;]+)", re.IGNORECASE
    )
    hex_entropy = hexes.calculate_shannon_entropy
    # Quotes required, as detect-secrets scans code; plus its C/C#/Objective-C assignment.
    # (Its "value" == keyword form is left out: the gate wants an assignment after.)
    quoted_sets = {
        regex: group
        for regex, group in {
            **keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
            **keyword.COMMON_C_DENYLIST_REGEX_TO_GROUP,
        }.items()
        if regex is not keyword.PRECEDED_BY_EQUAL_COMPARISON_SIGNS_QUOTES_REQUIRED_REGEX
    }

    def at(line: str, hits: Sequence[int], regexes: dict[re.Pattern[str], int]) -> list[str]:
        """Return what ``regexes`` capture, each matched at every keyword hit.

        detect-secrets' keyword regexes start with the keyword: searching a line with them
        costs time quadratic in its length, matching where the screen found it does not.
        """
        return [
            m.group(group)
            for hit in hits
            for regex, group in regexes.items()
            if (m := regex.match(line, hit))
        ]

    def unquoted(
        line: str, hits: Sequence[int], regexes: dict[re.Pattern[str], int], names: Names
    ) -> Iterator[str]:
        """Yield unquoted values: config lines (``regexes``) and shell `NAME=value`."""
        bare = line.split(" #", 1)[0].split(" //", 1)[0].rstrip()
        if _CONFIG_LINE.fullmatch(bare):
            yield from at(bare, hits, regexes)
        for match in _ENV_ASSIGNMENT.finditer(bare):
            if any(name in match.group(1).lower() for name in names):
                yield match.group(2)

    def password(line: str, hits: Sequence[int]) -> Iterator[str]:
        found = []
        if "'" in line or '"' in line or "`" in line:
            quoted = at(line, hits, quoted_sets)
            found += [v for v in quoted if v.lower() not in _NOT_SECRETS]
            # detect-secrets wants a value to start with a word character: not `"@d*b..."`.
            found += at(line, hits, {symbol_first: 3})
        values = unquoted(line, hits, {denylist_unquoted: 2}, names)
        found += [v for v in values if _unquoted_ok(v, hex_entropy)]
        yield from kept(found, line, keywords)

    def credential(line: str, hits: Sequence[int]) -> Iterator[str]:
        found = at(line, hits, {extra_quoted: 2})
        found += list(unquoted(line, hits, {extra_unquoted: 1}, _EXTRA_KEYWORDS))
        for value in kept(found, line, keywords):
            if _looks_generated(value, hex_entropy) and not _CODE.fullmatch(value):
                yield value

    def entropy(line: str, _: Sequence[int]) -> Iterator[str]:
        done = set()
        for detector in (hexes, base64):
            for value in kept(detector.analyze_string(line), line, detector):
                # log2(distinct characters) bounds the entropy: most strings stop here.
                limit = detector.entropy_limit
                if (
                    value not in done
                    and math.log2(len(set(value))) > limit
                    and detector.calculate_shannon_entropy(value) > limit
                ):
                    done.add(value)
                    yield value

    denylist = sorted({k.replace("_?", sep) for k in keyword.DENYLIST for sep in ("_", "")})
    names = tuple(dict.fromkeys("contrase" if k.startswith("contrase") else k for k in denylist))
    aws = AWSKeyDetector()
    token = _TOKEN
    g = re.compile

    probes = [
        Probe("private_key", plugin(PrivateKeyDetector()), ("PRIVATE KEY", "PuTTY-User")),
        Probe(
            "aws_key",
            plugin(aws),
            ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
            gate=aws.denylist[0],
            token=token,
        ),
        Probe(
            "aws_key",
            plugin(aws),
            keywords=("aws",),
            gate=g(r"(?i:aws).{0,60}?['\"][0-9a-zA-Z/+]{40}['\"]"),
        ),
        Probe(
            "github_token",
            plugin(GitHubTokenDetector()),
            ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
            token=token,
        ),
        Probe(
            "gitlab_token",
            plugin(GitLabTokenDetector()),
            _GITLAB_PREFIXES,
            token=token,
        ),
        Probe(
            "slack_token",
            plugin(SlackDetector()),
            keywords=("xox", "hooks.slack.com"),
            gate=g(r"(?i:xox[abposr]-\d|hooks\.slack\.com/services/T)"),
            token=token,
        ),
        Probe("stripe_key", plugin(StripeDetector()), ("k_live_",), token=token),
        Probe("openai_key", plugin(OpenAIDetector()), ("T3BlbkFJ",), token=token),
        Probe("jwt", plugin(JwtTokenDetector()), ("eyJ",), gate=g(r"eyJ[\w=-]{8,}\."), token=_JWT),
        Probe("azure_key", plugin(AzureStorageKeyDetector(), "AccountKey="), ("AccountKey=",)),
        Probe(
            "twilio_key",
            plugin(TwilioKeyDetector()),
            _followed("AC", "SK", by=string.ascii_lowercase + string.digits),
            gate=g(r"(?:AC|SK)[a-z0-9]{32}"),
            token=token,
        ),
        Probe("npm_token", plugin(NpmDetector()), ("_authToken",)),
        Probe("sendgrid_key", plugin(SendGridDetector()), ("SG.",), gate=g(r"SG\.[\w-]{22}\.")),
        Probe("pypi_token", plugin(PypiTokenDetector()), ("pypi-AgE",), token=token),
        Probe("square_secret", plugin(SquareOAuthDetector()), ("sq0csp-",), token=token),
        Probe(
            "mailchimp_key",
            plugin(MailchimpDetector()),
            _followed("-us", by=string.digits),
            token=token,
        ),
        Probe(
            "artifactory",
            plugin(ArtifactoryDetector()),
            ("AKC", *_followed("AP", by=string.digits + "ABCDEF")),
            gate=g(r"AKC[a-zA-Z0-9]{10}|AP[\dA-F][a-zA-Z0-9]{8}"),
        ),
        Probe(
            "url_password",
            plugin(BasicAuthDetector()),
            ("://",),
            gate=g(r"://[^\s/@]+:[^\s/@]+@"),
        ),
    ]
    for kind, pattern, anchors in EXTRA_PATTERNS:
        own = re.compile(pattern)
        probes.append(
            Probe(
                kind,
                extra(pattern),
                anchors,
                gate=own if all(pattern.startswith(a) for a in anchors) else None,
                token=None if kind in ("url_password", "auth_header") else token,
            )
        )
    probes += [
        Probe("password", password, keywords=names, gate=_ASSIGNMENT),
        Probe("credential", credential, keywords=_EXTRA_KEYWORDS, gate=_LONG_ASSIGNMENT),
        Probe("high_entropy", entropy),
    ]
    return probes
