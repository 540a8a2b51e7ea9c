#!/usr/bin/env python3
"""Time the trust boundary: input checks on hostile files, and the output audit per page.

1. Every file of tests/corpus/, the hostile bodies of ``mathhub.synthetic.hostile_bodies`` and two large legal
   ones through the validator's body checks (limits, scan, HTML check) and through ``render_markdown`` (which
   refuses the hostile ones): each must take < 2 s.
2. The output audit (``mathhub.audit``) on a built site: the real site (``--site``, default ``site/``,
   built with ``make site``) and a synthetic library of ``--cartridges`` cartridges (mathhub.synthetic),
   in milliseconds per page.

Usage: python scripts/benchmark_safety.py [--site site] [--cartridges 1000] [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ONE_MB = 1_000_000
LARGE = {  # legal, only large: checked and rendered like any lesson
    "1 MB of newlines": "\n" * ONE_MB,
    "1 MB of plain prose": ("Students share sandwiches equally and explain why. " * 20 + "\n\n") * (ONE_MB // 1022),
}


def check_body(text: str) -> int:
    from mathhub.htmlcheck import check_markdown
    from mathhub.limits import check_markup, check_size
    from mathhub.scan import scan

    problems = check_size(text, "x.md")
    if not problems:
        found = scan(text)
        problems = check_markup(found, "x.md") + check_markdown(found, "x.md")
    return len(problems)


def time_inputs() -> float:
    from mathhub.markup import render_markdown

    worst = 0.0
    print(f"{'input':42} {'check s':>8} {'render s':>9} {'problems':>9}")
    from mathhub.synthetic import hostile_bodies

    cases = {**hostile_bodies(), **LARGE}
    for file in sorted((ROOT / "tests/corpus").rglob("*.md")):
        text = file.read_bytes().decode("utf-8", errors="replace")
        cases[f"corpus/{file.relative_to(ROOT / 'tests/corpus').as_posix()}"] = text.split("\n---\n", 1)[-1]
    for name, text in cases.items():
        start = time.perf_counter()
        count = check_body(text)
        checked = time.perf_counter() - start
        start = time.perf_counter()
        render_markdown(text, source="x.md")
        rendered = time.perf_counter() - start
        worst = max(worst, checked, rendered)
        if not name.startswith("corpus/") or max(checked, rendered) > 0.05:
            print(f"{name[:42]:42} {checked:8.3f} {rendered:9.3f} {count:9}")
    print(f"slowest check or render: {worst:.3f} s (limit 2 s); {len(cases)} inputs")
    return worst


def time_audit(site: Path, label: str) -> None:
    from mathhub.audit import audit_site

    report = audit_site(site)
    status = "clean" if not report.problems else f"{len(report.problems)} problems"
    print(f"audit {label}: {report.pages} pages, {report.svgs} SVGs, {report.seconds:.2f} s, {report.ms_per_page:.2f} ms/page ({status})")


def synthetic(count: int) -> None:
    from mathhub.synthetic import write_library

    work = Path(tempfile.mkdtemp(prefix="mathhub-safety-"))
    try:
        library = write_library(work / "lib", count, schema=ROOT / "schema")
        (library / "content/index.md").write_text("# Benchmark\n\nSynthetic library.\n", encoding="utf-8")
        shutil.copytree(ROOT / "content/contribute", library / "content/contribute")
        shutil.copy(ROOT / "mkdocs.yml", library / "mkdocs.yml")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1767225600"}
        print(f"building a synthetic library of {count} cartridges ...", flush=True)
        start = time.perf_counter()
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", "site"], cwd=library, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-3000:])
        print(f"built in {time.perf_counter() - start:.1f} s; the build's own audit: " + next((line.split("mathhub: ", 1)[1] for line in result.stderr.splitlines() if "Output audit" in line), "?"))
        time_audit(library / "site", f"synthetic {count}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="a built site to audit (default: site/)")
    parser.add_argument("--cartridges", type=int, default=1000, help="size of the synthetic library (default: 1000)")
    parser.add_argument("--skip-synthetic", action="store_true", help="do not build the synthetic library")
    args = parser.parse_args(argv)
    worst = time_inputs()
    print()
    if args.site.is_dir():
        time_audit(args.site, "real site")
    else:
        print(f"no site at {args.site}: run make site first to time the audit on the real site")
    if not args.skip_synthetic:
        synthetic(args.cartridges)
    return 0 if worst < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
