#!/usr/bin/env python3
"""Write the SYNTHETIC sample usage log (fixed seed) so newcomers can try scripts/usage_summary.py.

Usage: python scripts/make_sample_usage.py [--rows 2400] [--out samples/usage/SYNTHETIC-usage-log.csv]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mathhub import load_repository
from mathhub.synthetic import write_usage_log

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=ROOT / "samples" / "usage" / "SYNTHETIC-usage-log.csv")
    args = parser.parse_args(argv)
    repository = load_repository(ROOT)
    cartridges = [(c.id, c.grades, c.status) for c in repository.cartridges.values()]
    # Leave two lessons out so the "never used" table has something to show.
    write_usage_log(args.out, cartridges[:-2], args.rows, seed=args.seed)
    print(f"wrote {args.out} ({args.rows:,} synthetic rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
