#!/usr/bin/env python3
"""Time the usage and mastery summaries on large SYNTHETIC files, and print time and peak memory.

Usage: python scripts/benchmark_usage.py [--usage-rows 10000000] [--results-rows 1000000]

The files are generated into a temporary folder (about 0.7 GB for 10 million usage rows).
Each summary runs in a child process, so the peak memory printed (maximum resident set
size) is that summary's own; "before reading" is the same process after loading the
library and pandas, so the difference is what reading and summarising cost. Reading is
chunked: memory grows with the number of distinct (month, school, grade, lesson, section)
groups and 16 bytes per distinct row (to find repeated rows), never with a whole file.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(kind: str, path: Path) -> dict[str, float | int]:
    """Run one summary in this process; return its figures."""
    from mathhub import load_repository
    from mathhub.library import index_library
    from mathhub.reports.mastery import mastery_outputs
    from mathhub.reports.results import load_results_schema, read_results, summarise_results
    from mathhub.reports.usage import load_usage_schema, read_usage_logs, summarise_usage

    repository = load_repository(ROOT)
    library = index_library(repository)
    before = _peak_mb()
    start = time.perf_counter()
    if kind == "usage":
        data = read_usage_logs([path], library, load_usage_schema(repository.layout.schema))
        read_s = time.perf_counter() - start
        files = summarise_usage(data, library).outputs()
        report = data.report
    else:
        results = read_results([path], library, load_results_schema(repository.layout.schema))
        read_s = time.perf_counter() - start
        files = mastery_outputs(summarise_results(results, library, threshold=5), library, "in-review")
        report = results.report
    total = time.perf_counter() - start
    return {
        "rows": report.rows_read, "rejected": report.rows_rejected, "repeated": report.rows_repeated, "errors": sum(p.severity == "error" for p in report.problems),
        "read_s": round(read_s, 2), "total_s": round(total, 2), "outputs": len(files),
        "before_mb": round(before, 1), "peak_mb": round(_peak_mb(), 1), "size_mb": round(path.stat().st_size / 1e6, 1),
    }


def _child(kind: str, path: Path) -> dict[str, float | int]:
    result = subprocess.run([sys.executable, __file__, "--measure", kind, str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the {kind} summary failed:\n{result.stderr[-3000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _print(label: str, figures: dict[str, float | int]) -> None:
    rows = int(figures["rows"])
    print(f"{label}: {rows:,} rows ({figures['size_mb']} MB); {figures['rejected']:,} rejected, {figures['repeated']:,} repeated, {figures['errors']} errors")
    print(f"  read and validate: {figures['read_s']:.1f} s; summarise and render {figures['outputs']} outputs: {float(figures['total_s']) - float(figures['read_s']):.1f} s")
    print(f"  total: {figures['total_s']:.1f} s ({rows / max(float(figures['total_s']), 1e-9):,.0f} rows/s)")
    print(f"  peak memory: {figures['peak_mb']:.0f} MB (before reading: {figures['before_mb']:.0f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--usage-rows", type=int, default=10_000_000)
    parser.add_argument("--results-rows", type=int, default=1_000_000)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return 0

    from mathhub import load_repository
    from mathhub.synthetic_district import write_results_rows, write_usage_rows

    repository = load_repository(ROOT)
    lessons = [(c.id, c.grades) for c in repository.cartridges.values()]
    with tempfile.TemporaryDirectory(prefix="mathhub-usage-bench-") as tmp:
        if args.usage_rows:
            usage = Path(tmp) / "SYNTHETIC-usage.csv"
            started = time.perf_counter()
            print(f"generating a {args.usage_rows:,}-row SYNTHETIC usage log ...", flush=True)
            write_usage_rows(usage, lessons, args.usage_rows)
            print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
            _print("usage summary", _child("usage", usage))
            usage.unlink()
        if args.results_rows:
            results = Path(tmp) / "SYNTHETIC-results.csv"
            print(f"generating a {args.results_rows:,}-row SYNTHETIC results file ...", flush=True)
            write_results_rows(results, repository.catalogue.default, args.results_rows)
            _print("mastery summary", _child("results", results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
