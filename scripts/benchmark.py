#!/usr/bin/env python3
"""Benchmark the Math Hub build against a plain mkdocs-material build of the same Markdown.

For each size N it writes a synthetic library (mathhub.synthetic) into a
temporary folder and measures, each in a fresh process:

- plain:   mkdocs-material, no Math Hub plugin, ``navigation.prune`` and search on;
- mathhub: the full Math Hub build (cartridge pages, handouts, 509 standard pages, indexes...);
- load:    the plugin's own work alone (load + validate + index + plan every page).

Usage: python scripts/benchmark.py [--sizes 1000 5000] [--keep DIR]
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

PLAIN_CONFIG = """site_name: Plain build
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins:
  - search
markdown_extensions:
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
"""

LOAD_PROBE = """
import sys, time
from pathlib import Path
from mathhub import load_repository
from mathhub.library import index_library
from mathhub.site.pages import SitePlan
start = time.perf_counter()
repo = load_repository(Path(sys.argv[1]))
library = index_library(repo)
plan = SitePlan(library, repo.schemas)
plan.lessons_script()
assert repo.ok, repo.problems[:3]
print(f"{time.perf_counter() - start:.3f}")
"""


def measure(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB of the child, and its stdout."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1767225600"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(command)} failed:\n{stderr[-3000:]}")
    return wall, _peak_mb(stderr), stdout


def _peak_mb(stderr: str) -> float:
    for line in stderr.splitlines()[::-1]:
        if line.startswith("PEAK_RSS_KB="):
            return int(line.split("=", 1)[1]) / 1024
    return float("nan")


def _timed(argv: list[str]) -> list[str]:
    """Run argv under a tiny wrapper that reports the child's peak RSS (ru_maxrss) on stderr."""
    wrapper = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print('PEAK_RSS_KB=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)"
    )
    return [sys.executable, "-c", wrapper, *argv]


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def run_size(n: int, workdir: Path) -> dict[str, float]:
    from mathhub.synthetic import write_library

    library = workdir / f"lib-{n}"
    print(f"[N={n}] writing {n} synthetic cartridges ...", flush=True)
    write_library(library, n, schema=ROOT / "schema")
    (library / "content" / "index.md").write_text("# Benchmark\n\nSynthetic library.\n", encoding="utf-8")
    shutil.copytree(ROOT / "content" / "contribute", library / "content" / "contribute")
    shutil.copy(ROOT / "mkdocs.yml", library / "mkdocs.yml")
    (library / "plain.yml").write_text(PLAIN_CONFIG, encoding="utf-8")

    print(f"[N={n}] plugin work alone (load, validate, index, plan) ...", flush=True)
    load_s, load_mb, out = measure(_timed([sys.executable, "-c", LOAD_PROBE, str(library)]), library)
    load_inner = float(out.strip())

    print(f"[N={n}] plain mkdocs-material build ...", flush=True)
    plain_s, plain_mb, _ = measure(_timed([str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "site-plain"]), library)
    plain_bytes = site_bytes(library / "site-plain")
    print(f"[N={n}]   {plain_s:.1f} s, {plain_mb:.0f} MB peak", flush=True)

    print(f"[N={n}] Math Hub build ...", flush=True)
    hub_s, hub_mb, _ = measure(_timed([str(BIN / "mkdocs"), "build", "-q", "--strict", "-d", "site-hub"]), library)
    hub_bytes = site_bytes(library / "site-hub")
    print(f"[N={n}]   {hub_s:.1f} s, {hub_mb:.0f} MB peak", flush=True)
    return {
        "n": n, "plain_s": plain_s, "plain_mb": plain_mb, "hub_s": hub_s, "hub_mb": hub_mb, "load_s": load_inner,
        "ratio": hub_s / plain_s, "s_per_cartridge": hub_s / n, "bytes_per_cartridge": hub_bytes / n,
        "plain_bytes_per_cartridge": plain_bytes / n, "load_per_cartridge_ms": 1000 * load_inner / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="library sizes to build (default: 1000 5000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mathhub-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        rows = [run_size(n, workdir) for n in args.sizes]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    header = f"{'N':>6} {'plain s':>8} {'hub s':>8} {'ratio':>6} {'s/cartridge':>12} {'plugin s':>9} {'ms/cartr.':>9} {'plain MB':>9} {'hub MB':>7} {'KB/cartr.':>10} {'plain KB/c':>10}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['n']:>6} {r['plain_s']:>8.1f} {r['hub_s']:>8.1f} {r['ratio']:>6.2f} {r['s_per_cartridge']:>12.4f} {r['load_s']:>9.2f} "
            f"{r['load_per_cartridge_ms']:>9.2f} {r['plain_mb']:>9.0f} {r['hub_mb']:>7.0f} {r['bytes_per_cartridge'] / 1024:>10.1f} {r['plain_bytes_per_cartridge'] / 1024:>10.1f}"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        print()
        print(f"seconds per cartridge, N={last['n']} vs N={first['n']}: {last['s_per_cartridge'] / first['s_per_cartridge']:.2f}x (target <= 1.15x)")
        print(f"plugin work per cartridge, N={last['n']} vs N={first['n']}: {last['load_per_cartridge_ms'] / first['load_per_cartridge_ms']:.2f}x (linear = 1.0x)")
        print(f"bytes per cartridge, N={last['n']} vs N={first['n']}: {last['bytes_per_cartridge'] / first['bytes_per_cartridge']:.2f}x (target: does not grow)")
        print(f"Math Hub / plain at N={last['n']}: {last['ratio']:.2f}x (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
