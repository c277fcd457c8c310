"""Find secrets in text: detect-secrets' plugins behind a screen that skips clean text.

detect-secrets (Yelp) decides what is a secret: the probes (``secret_probes``) call its
plugin classes, built directly and never through its global settings singleton, on
candidate segments (a line, or a window of a long line). Running every plugin on every
line costs ~200 ms per 100 KB, so a screen picks the segments first:

- one Aho-Corasick pass (``ahocorasick-rs``) over the UTF-8 bytes for the probes' anchors
  (``AKIA``, ``ghp_``, ``eyJ``, ``://``...) and one over the lower-cased bytes for keywords
  (``password``, ``secret``, ``token``...); a hit counts only if the probe's gate regex
  matches there (for keywords: an assignment follows);
- one ``bytes.translate`` folding the text to character classes, searched for quoted runs
  long enough to pass the high-entropy limits (9 hex or 23 base64 characters).

Format values are widened to the whole token around them (detect-secrets reports only
``ghp`` of a GitHub token, and a JWT without its signature), private keys are taken as
whole blocks, and every value found is also redacted wherever else it occurs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from sidecar.security.secret_probes import PRIVATE_KEY_BLOCK, Probe, build_probes

__all__ = ["PLACEHOLDER_RE", "SecretScanner", "Span", "merge_spans"]

# Placeholders (sidecar.security.redact) are never secrets themselves.
_PLACEHOLDER_PREFIX = "SIDECAR_SECRET_"
PLACEHOLDER_RE = re.compile(r"SIDECAR_SECRET_[A-Z0-9_]+_[0-9a-f]{12}(?:[0-9a-f]{52})?")

# Kinds found by keyword or entropy rather than by format: any format's kind beats them,
# and detect-secrets' keyword plugin beats the extra keywords, which beat entropy.
_GENERIC = {"password": 1, "credential": 2, "high_entropy": 3}
# Long lines are scanned in windows around each hit (chars before, after). detect-secrets'
# keyword regexes take time quadratic in the length of what they search, so theirs is small.
_WINDOW = (250, 500)
_KEYWORD_WINDOW = (60, 160)
_DELIMITERS = " \t\"',;\\"
_DELIMITER = re.compile(r"[\s\"',;\\]")


@dataclass(frozen=True, slots=True)
class Span:
    """A secret found at ``text[start:end]``, of a ``kind`` such as ``aws_key``."""

    start: int
    end: int
    kind: str


Hit = tuple[int, frozenset[int]]


class SecretScanner:
    """Finds secrets; build one per process (it imports detect-secrets: 0.1-0.2 s).

    It keeps no per-call state, so one instance serves every request and thread.
    """

    def __init__(self) -> None:
        import ahocorasick_rs

        self._probes = build_probes()
        exact: dict[str, set[int]] = {}
        folded: dict[str, set[int]] = {}
        for index, probe in enumerate(self._probes):
            for anchor in probe.anchors:
                exact.setdefault(anchor, set()).add(index)
            for keyword in probe.keywords:
                folded.setdefault(keyword, set()).add(index)
        self._exact_sets = [frozenset(v) for v in exact.values()]
        self._folded_sets = [frozenset(v) for v in folded.values()]
        self._exact = ahocorasick_rs.BytesAhoCorasick([a.encode() for a in exact])
        self._folded = ahocorasick_rs.BytesAhoCorasick([k.encode() for k in folded])
        kinds = [p.kind for p in self._probes]
        self._entropy = frozenset({kinds.index("high_entropy")})
        self._private_key = kinds.index("private_key")
        self._keyword_probes = [p for p in self._probes if p.kind in ("password", "credential")]
        names = sorted({k for p in self._keyword_probes for k in p.keywords}, key=len)
        self._member_names = re.compile("|".join(map(re.escape, names)))
        hexdigits = set(string.hexdigits.encode())
        base64 = set((string.ascii_letters + string.digits + "+/\\-_=").encode())
        # Hex digits -> h, other base64 characters -> a, both quotes -> ", the rest -> space.
        self._fold = bytes(
            ord("h") if i in hexdigits else ord("a") if i in base64 else 34 if i in b"\"'" else 32
            for i in range(256)
        )

    def scan(self, text: str) -> list[Span]:
        """Return the secrets in ``text``, sorted, not overlapping."""
        hits = self._hits(text)
        if not hits:
            return []
        spans: list[Span] = []
        # segment -> probe -> the hits in it (keyword probes match only there)
        segments: dict[tuple[int, int], dict[int, list[int]]] = {}
        line = (0, -1)
        for offset, probes in sorted(hits, key=lambda hit: hit[0]):
            if offset > line[1]:  # finding line ends once per line: lines may be long
                line = _line(text, offset)
            for index in probes:
                probe = self._probes[index]
                if not _gate(probe, text, offset):
                    continue
                if index == self._private_key:
                    spans.extend(self._private_key_block(text, offset))
                    continue
                window = _KEYWORD_WINDOW if probe.keywords else _WINDOW
                start, end = _segment(text, offset, line, *window)
                in_segment = segments.setdefault((start, end), {})
                in_segment.setdefault(index, []).append(offset - start)
        for (start, end), in_segment in segments.items():
            for index, offsets in sorted(in_segment.items()):
                spans.extend(self._run(self._probes[index], text, start, end, offsets))
        if spans:
            values = {text[s.start : s.end]: s.kind for s in spans}
            spans.extend(_elsewhere(text, values))
        return merge_spans(spans)

    def scan_member(self, key: str, value: str) -> list[Span]:
        """Return secrets in ``value`` judged with ``key`` as its name (a JSON member).

        A walker over ``{"password": "hunter2"}`` sees ``hunter2`` alone; this gives the
        keyword plugins the line they would see in the JSON text.
        """
        lowered = key.lower()
        if not value or self._member_names.search(lowered) is None:
            return []
        if '"' in key or '"' in value or "\n" in value:
            return []
        prefix = f'"{key}": "'
        line = f'{prefix}{value}"'
        spans = []
        at = [m.start() for m in self._member_names.finditer(line.lower())]
        for probe in self._keyword_probes:
            if any(k in lowered for k in probe.keywords):
                for span in self._run(probe, line, 0, len(line), at):
                    start, end = span.start - len(prefix), span.end - len(prefix)
                    if start >= 0 and end <= len(value):
                        spans.append(Span(start, end, span.kind))
        return merge_spans(spans)

    def _hits(self, text: str) -> list[Hit]:
        data = text.encode("utf-8", "surrogatepass")
        hits: list[Hit] = [
            (start, self._exact_sets[n])
            for n, start, _ in self._exact.find_matches_as_indexes(data, overlapping=True)
        ]
        hits += [
            (start, self._folded_sets[n])
            for n, start, _ in self._folded.find_matches_as_indexes(data.lower(), overlapping=True)
        ]
        folded = data.translate(self._fold)
        hits += [(m.start(), self._entropy) for m in _QUOTED_RUN.finditer(folded)]
        if hits and len(data) != len(text):
            hits = _char_offsets(data, hits)
        return hits

    def _run(
        self, probe: Probe, text: str, start: int, end: int, hits: list[int]
    ) -> Iterator[Span]:
        """Yield the spans of what ``probe`` finds in ``text[start:end]``."""
        segment = text[start:end]
        for value in set(probe.values(segment, hits)):
            if not value or value.startswith(_PLACEHOLDER_PREFIX):
                continue
            at = segment.find(value)
            while at >= 0:
                s, e = at, at + len(value)
                if probe.token is not None:
                    while s > 0 and segment[s - 1] in probe.token:
                        s -= 1
                    while e < len(segment) and segment[e] in probe.token:
                        e += 1
                    while segment[e - 1] == ".":  # a sentence's full stop after a JWT
                        e -= 1
                yield Span(start + s, start + e, probe.kind)
                at = segment.find(value, at + len(value))

    def _private_key_block(self, text: str, offset: int) -> Iterator[Span]:
        start, end = _line(text, offset)
        header = text[start:end]
        if not any(self._probes[self._private_key].values(header, [])):
            return
        match = PRIVATE_KEY_BLOCK.search(text, max(start, offset - 64))
        if match is not None and match.start() <= offset:
            yield Span(match.start(), match.end(), "private_key")


# On folded bytes: a quoted run that may pass a high-entropy limit. Starting with a literal
# lets the regex engine skip ahead by memchr (10x faster than a character class here).
_QUOTED_RUN = re.compile(rb'"(?:h{9,}|[ah]{23,})"')


def _gate(probe: Probe, text: str, offset: int) -> bool:
    return probe.gate is None or probe.gate.match(text, offset) is not None


def _line(text: str, offset: int) -> tuple[int, int]:
    """Return the start and end of the line around ``offset``."""
    end = text.find("\n", offset)
    return text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end


def _segment(
    text: str, offset: int, line: tuple[int, int], before: int, after: int
) -> tuple[int, int]:
    """Return the ``line`` around ``offset``, or a part of it if the line is long.

    The part reaches ``before`` characters back and ``after`` forward, widened to a
    delimiter (space, quote, comma, semicolon, backslash) so that no value is cut in half,
    up to 8 times as far.
    """
    start, end = line
    if end - start <= before + after:
        return start, end
    lo = max(start, offset - before)
    if lo > start:
        floor = max(start, offset - 8 * before)
        lo = max(floor, *(text.rfind(c, floor, lo) + 1 for c in _DELIMITERS))
    hi = min(end, offset + after)
    found = _DELIMITER.search(text, hi, min(end, offset + 8 * after))
    hi = found.start() if found else min(end, offset + 8 * after)
    return lo, hi


def _char_offsets(data: bytes, hits: list[Hit]) -> list[Hit]:
    """Map UTF-8 byte offsets (each at an ASCII byte) to character offsets."""
    hits.sort(key=lambda hit: hit[0])
    out = []
    done_bytes = done_chars = 0
    for offset, probes in hits:
        done_chars += len(data[done_bytes:offset].decode("utf-8", "surrogatepass"))
        done_bytes = offset
        out.append((done_chars, probes))
    return out


def _elsewhere(text: str, values: dict[str, str]) -> Iterator[Span]:
    """Yield every occurrence of each found value that cannot be a common word."""
    import ahocorasick_rs

    wanted = [
        v for v in values if len(v) >= 8 and not (v.isalpha() and (v.islower() or v.istitle()))
    ]
    if len(wanted) <= 8:
        for value in wanted:
            at = text.find(value)
            while at >= 0:
                yield Span(at, at + len(value), values[value])
                at = text.find(value, at + len(value))
        return
    automaton = ahocorasick_rs.AhoCorasick(
        wanted, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    for index, start, end in automaton.find_matches_as_indexes(text):
        yield Span(start, end, values[wanted[index]])


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans and join overlapping ones; a format's kind wins over a generic one."""
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            generic = _GENERIC.get(span.kind, 0) < _GENERIC.get(last.kind, 0)
            kind = span.kind if generic else last.kind
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
            continue
        merged.append(span)
    return merged
