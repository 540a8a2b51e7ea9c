#!/usr/bin/env python3
"""Write the SYNTHETIC sample district (fixed seed) and its published summaries into samples/district/.

The logs, results, plan and school codes are made up; the two summaries are what
the site's Usage and Mastery pages are built from (aggregated and suppressed, so no
row-level data reaches the site). Run it again after changing the generator or the
summaries, and review the diff.

Usage: python scripts/make_synthetic_district.py [--out samples/district]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mathhub.cli import main as mathhub

ROOT = Path(__file__).resolve().parent.parent
GENERATED = "1782864000"  # 2026-07-01: the summaries' caption date, fixed so the files only change when the data does


def main(argv: list[str] | None = None) -> int:
    from mathhub import load_repository
    from mathhub.library import index_library
    from mathhub.synthetic_district import write_district

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "samples" / "district")
    args = parser.parse_args(argv)
    library = index_library(load_repository(ROOT))
    district = write_district(args.out, library)
    os.environ.setdefault("SOURCE_DATE_EPOCH", GENERATED)
    common = ["--root", str(ROOT), "--schools", str(district.schools), "--synthetic", "--quiet"]
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            usage = mathhub(["usage", str(district.usage), "--plan", str(district.plan), "--out", str(args.out / "usage"), *common])
            mastery = mathhub(["mastery", str(district.results), "--out", str(args.out / "mastery"), *common])
        finally:
            sys.stdout = stdout
    if usage or mastery:
        print("the summaries could not be written; run the mathhub commands above by hand to see why", file=sys.stderr)
        return 1
    (args.out / "usage" / "usage-summary.json").replace(args.out / "SYNTHETIC-usage-summary.json")
    (args.out / "mastery" / "mastery-summary.json").replace(args.out / "SYNTHETIC-mastery-summary.json")
    for folder in ("usage", "mastery"):
        for file in (args.out / folder).iterdir():
            file.unlink()
        (args.out / folder).rmdir()
    print(f"wrote the SYNTHETIC district into {args.out}: planted {', '.join(f'{p.cluster} at {p.school} in {p.term}' for p in district.planted)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
