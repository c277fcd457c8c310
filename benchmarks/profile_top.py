"""Summarise a py-spy collapsed-stack profile: top functions by own and cumulative share.

Usage: python benchmarks/profile_top.py PROFILE.txt [--top N]

``PROFILE.txt`` is ``py-spy record --format raw --nolineno`` output (what
``gateway_overhead.py --profile DIR`` writes): one line per distinct stack,
``frame;frame;...;leaf COUNT``. Own % is the share of samples with the function as the
leaf (time in C code it called, json or sqlite3 for instance, counts as its own);
cumulative % the share of samples with the function anywhere on the stack. The event
loop's own frames (``run_forever``, ``_run_once``, ``Handle._run``...) are on nearly
every stack and are left out of the cumulative list. Shares are of the event-loop (main)
thread's samples; other threads (the ledger's checkpointer, executor workers, asyncio's
child watcher) mostly wait, which py-spy does not always recognise as idle, so they are
only counted on one line.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ALWAYS_THERE = (
    "<module>",
    "run (asyncio/runners.py)",
    "Runner.run (asyncio/runners.py)",
    "BaseEventLoop.run_until_complete",
    "BaseEventLoop.run_forever",
    "BaseEventLoop._run_once",
    "Handle._run",
)


def load(path: Path) -> tuple[list[tuple[list[str], int]], int]:
    """Return the main thread's (frames root first, samples) and other threads' samples."""
    stacks = []
    others = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if frames[0].startswith("Thread._bootstrap"):
            others += int(count)
        else:
            stacks.append((frames, int(count)))
    return stacks, others


def summarise(stacks: list[tuple[list[str], int]]) -> tuple[int, Counter[str], Counter[str]]:
    """Return total samples, own samples by function, cumulative samples by function."""
    total = sum(n for _, n in stacks)
    own: Counter[str] = Counter()
    cumulative: Counter[str] = Counter()
    for frames, n in stacks:
        own[frames[-1]] += n
        for frame in set(frames):
            cumulative[frame] += n
    return total, own, cumulative


def by_area(stacks: list[tuple[list[str], int]]) -> Counter[str]:
    """Return own samples by area: sidecar's modules one by one, libraries as packages."""
    areas: Counter[str] = Counter()
    for frames, n in stacks:
        leaf = frames[-1]
        where = leaf[leaf.rfind("(") + 1 : -1] if leaf.endswith(")") else leaf
        if where.startswith("sidecar/"):
            area = where
        else:
            area = where.split("/", 1)[0] if "/" in where else where
        areas[area] += n
    return areas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    stacks, others = load(args.profile)
    total, own, cumulative = summarise(stacks)
    print(f"{args.profile.name}: {total} samples of the event-loop thread ({others} of others)")
    print(f"\n{'own %':>6} {'cum %':>6}  function (top {args.top} by own)")
    for name, n in own.most_common(args.top):
        print(f"{100 * n / total:6.1f} {100 * cumulative[name] / total:6.1f}  {name}")
    print(f"\n{'cum %':>6} {'own %':>6}  function (top {args.top} by cumulative)")
    shown = 0
    for name, n in cumulative.most_common():
        if any(name.startswith(skip) for skip in ALWAYS_THERE):
            continue
        print(f"{100 * n / total:6.1f} {100 * own[name] / total:6.1f}  {name}")
        shown += 1
        if shown == args.top:
            break
    print(f"\n{'own %':>6}  area")
    for area, n in by_area(stacks).most_common(args.top):
        print(f"{100 * n / total:6.1f}  {area}")


if __name__ == "__main__":
    main()
