#!/usr/bin/env python3
"""Measure what site search costs a teacher, in Chromium: bytes and time, at the real library and at N synthetic lessons.

For each site it prints:

- cold lesson page: bytes transferred on a cold load of a lesson page (a fresh browser context, empty cache),
  without the lesson's own images and attachments (files under its folder);
- first search: bytes fetched from typing a query in the header box until its results show (a code query and a
  word query, each in a fresh context after a cold page load);
- time to first results: milliseconds from typing the query to the results in the drop-down.

Usage: python scripts/benchmark_search.py [--synthetic 5000] [--site DIR]
(without options: builds the repository's own library into a temporary folder.)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
QUERIES = ["6.RP.3", "fractions as division"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(repo: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", str(dest)], cwd=repo, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"benchmark_search: the build of {repo} failed:\n{result.stderr[-3000:]}")
    print(f"  built {repo} in {time.perf_counter() - started:.1f} s", flush=True)


def synthetic_library(target: Path, count: int) -> Path:
    from mathhub.synthetic import write_library

    write_library(target, count, schema=ROOT / "schema")
    (target / "content" / "index.md").write_text("# Benchmark\n\nSynthetic library.\n", encoding="utf-8")
    shutil.copytree(ROOT / "content" / "contribute", target / "content" / "contribute")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The synthetic library has no usage or mastery summaries of its own.
    config = "\n".join(line for line in config.splitlines() if not line.strip().startswith(("usage:", "mastery:")))
    (target / "mkdocs.yml").write_text(config.replace("  - mathhub:\n", "  - mathhub\n") + "\n", encoding="utf-8")
    return target


def _bytes(responses: list[Any]) -> tuple[int, int]:
    """(bytes as served here, bytes gzip-compressed as a static host such as GitHub Pages sends text)."""
    raw = packed = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            continue
        raw += len(body)
        text = response.headers.get("content-type", "").startswith(("text/", "application/javascript", "application/json", "image/svg"))
        packed += len(gzip.compress(body, 6)) if text else len(body)
    return raw, packed


def measure(site: Path, lesson: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            responses: list[Any] = []
            page.on("response", lambda response: responses.append(response))
            page.goto(base + lesson, wait_until="networkidle")
            own = lesson.rstrip("/") + "/"
            figures["cold lesson page"] = _bytes([r for r in responses if not (r.url.startswith(base + own) and r.url != base + own)])
            context.close()
            for query in QUERIES:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + lesson, wait_until="networkidle")
                searched: list[Any] = []
                page.on("response", lambda response, into=searched: into.append(response))
                started = time.perf_counter()
                page.locator("#mh-search-q").fill(query)
                page.wait_for_function("() => document.querySelectorAll('.mh-search__hit').length > 0", timeout=60_000)
                figures[f"time to first results: {query}"] = (time.perf_counter() - started) * 1000
                page.wait_for_load_state("networkidle")
                figures[f"first search: {query}"] = _bytes(searched)
                context.close()
        finally:
            browser.close()
    return figures


def report(label: str, figures: dict[str, Any]) -> None:
    print(f"\n{label}")
    for name, value in figures.items():
        if name.startswith("time"):
            print(f"  {name:<45} {value:8.0f} ms")
        else:
            print(f"  {name:<45} {value[0] / 1024:8.1f} KB ({value[1] / 1024:.1f} KB gzip-compressed)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="also measure libraries of these many synthetic lessons")
    parser.add_argument("--site", type=Path, help="measure this built site of the repository's library instead of building it")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="mathhub-search-bench-"))
    try:
        site = args.site
        if site is None:
            site = workdir / "real"
            build(ROOT, site)
        report("Real library (cartridges/sharing-brownies-fractions-as-division/)", measure(site, "cartridges/sharing-brownies-fractions-as-division/"))
        for count in args.synthetic:
            repo = synthetic_library(workdir / f"lib-{count}", count)
            build(repo, repo / "site")
            report(f"{count} synthetic lessons (cartridges/synthetic-00000/)", measure(repo / "site", "cartridges/synthetic-00000/"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
