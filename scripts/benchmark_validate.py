#!/usr/bin/env python3
"""How long `mathhub validate` takes for one lesson, and for the whole library, as a contributor runs it.

Each figure is the median wall time of fresh `mathhub validate` processes (start-up included, as at the
command line), on the repository's own content: the lesson with the longest chain of references (the
lessons it adapts and every rubric they name), a lesson that refers to nothing else if there is one, and
the whole library. A second column gives the loader alone, in process (``load_repository`` with a scope).

Usage: python scripts/benchmark_validate.py [--root .] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mathhub import load_repository
from mathhub.scope import Scope

BIN = Path(sys.executable).parent


def wall(command: list[str], root: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "true"})
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return statistics.median(times)


def in_process(root: Path, scope: Scope | None, runs: int) -> float:
    load_repository(root, scope=scope)  # warm: the catalogue and schemas are loaded once per process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        load_repository(root, scope=scope)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    root = args.root.resolve()
    repository = load_repository(root)
    if not repository.cartridges:
        raise SystemExit("no cartridges to measure")

    def reach(cid: str) -> int:
        scoped = load_repository(root, scope=Scope(frozenset({cid})))
        return scoped.files_checked["cartridge"] + scoped.files_checked["rubric"]

    reached = {cid: reach(cid) for cid in sorted(repository.cartridges)}
    widest = max(reached, key=lambda cid: (reached[cid], cid))
    plain = min(reached, key=lambda cid: (reached[cid], cid))
    folder = repository.layout.relative(repository.layout.cartridges)
    rows: list[tuple[str, list[str], Scope | None]] = []
    for cid in dict.fromkeys([widest, plain]):
        rows.append((f"{folder}/{cid} ({reached[cid]} file{'s' if reached[cid] != 1 else ''} read)", [f"{folder}/{cid}"], Scope(frozenset({cid}))))
    total = repository.files_checked["cartridge"] + repository.files_checked["rubric"]
    rows.append((f"the whole library ({total} files read)", [], None))
    print(f"mathhub validate, median of {args.runs} runs on {root.name}/ ({len(os.sched_getaffinity(0))} CPUs)")
    print(f"{'what':<78} {'command':>9} {'loader':>9}")
    for label, paths, scope in rows:
        print(f"{label:<78} {wall([str(BIN / 'mathhub'), 'validate', *paths], root, args.runs):>8.3f}s {in_process(root, scope, args.runs):>8.3f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
