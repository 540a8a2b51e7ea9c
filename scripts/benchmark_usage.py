#!/usr/bin/env python3
"""Time the usage summary on a generated log (default 1,000,000 rows) and print the figure.

Usage: python scripts/benchmark_usage.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from mathhub import load_repository
from mathhub.library import index_library
from mathhub.reports.usage import load_usage_schema, read_usage_logs, summarise_usage
from mathhub.synthetic import write_usage_log

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    repository = load_repository(ROOT)
    library = index_library(repository)
    with tempfile.TemporaryDirectory(prefix="mathhub-usage-bench-") as tmp:
        log_path = Path(tmp) / "usage.csv"
        print(f"generating a {args.rows:,}-row synthetic log ...", flush=True)
        write_usage_log(log_path, [(c.id, c.grades, c.status) for c in library.cartridges.values()], args.rows)
        size_mb = log_path.stat().st_size / 1e6
        start = time.perf_counter()
        log = read_usage_logs([log_path], library, load_usage_schema(repository.layout.schema), progress=lambda m: print(f"  {m}", flush=True))
        read_s = time.perf_counter() - start
        summary = summarise_usage(log, library)
        outputs = summary.outputs()
        total_s = time.perf_counter() - start
    assert not log.problems, log.problems[:3]
    print(f"rows: {args.rows:,} ({size_mb:.1f} MB)")
    print(f"read and validate: {read_s:.2f} s")
    print(f"summarise and render {len(outputs)} outputs: {total_s - read_s:.2f} s")
    print(f"total: {total_s:.2f} s ({args.rows / total_s:,.0f} rows/s; target: under 10 s for 1,000,000 rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
