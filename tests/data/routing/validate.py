"""Check routing corpus files: schema, parseable bodies, and counts (never classifies).

Run: ``python tests/data/routing/validate.py tests/data/routing/FILE.jsonl ...``.
Prints each file's problems (line numbers) and its counts by label, client, endpoint,
programming language and human language. Exit status 1 when any line is invalid.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any

from sidecar.errors import RequestError
from sidecar.server import surfaces

SURFACES = {
    "/v1/chat/completions": surfaces.CHAT,
    "/v1/completions": surfaces.COMPLETIONS,
    "/v1/messages": surfaces.MESSAGES,
    "/v1/responses": surfaces.RESPONSES,
}
LABELS = {"completion", "review", "refactor", "planning"}
REQUIRED = {"id", "endpoint", "body", "label", "client", "language", "human_language"}


def problems(row: Any) -> list[str]:
    """Return what is wrong with one corpus row (empty when it is valid)."""
    if not isinstance(row, dict):
        return ["not an object"]
    found = [f"missing {key}" for key in sorted(REQUIRED - row.keys())]
    if row.get("label") not in LABELS:
        found.append(f"label {row.get('label')!r} not one of {sorted(LABELS)}")
    surface = SURFACES.get(row.get("endpoint", ""))
    if surface is None:
        found.append(f"endpoint {row.get('endpoint')!r} not one of {sorted(SURFACES)}")
    else:
        headers = {str(k).lower(): str(v) for k, v in (row.get("headers") or {}).items()}
        try:
            surface.parse(json.loads(json.dumps(row.get("body"))), headers)
        except RequestError as exc:
            found.append(f"body refused by {row['endpoint']}: {exc}")
    return found


def main(paths: list[str]) -> int:
    bad = 0
    ids: set[str] = set()
    for path in paths:
        counts: dict[str, collections.Counter[str]] = {
            k: collections.Counter()
            for k in ("label", "client", "endpoint", "language", "human_language")
        }
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{path}:{number}: not JSON: {exc}")
                bad += 1
                continue
            found = problems(row)
            if isinstance(row, dict) and row.get("id") in ids:
                found.append(f"duplicate id {row['id']!r}")
            if found:
                bad += 1
                print(f"{path}:{number}: " + "; ".join(found))
                continue
            ids.add(row["id"])
            for key, counter in counts.items():
                counter[str(row[key])] += 1
        print(f"\n{path}: {len(lines)} rows")
        for key, counter in counts.items():
            print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
