#!/usr/bin/env python3
"""Benchmark the Math Hub build against a plain mkdocs-material build of the same Markdown, fairly.

For each size N it writes a synthetic library (``mathhub.synthetic``) into a temporary
folder and builds it twice, one after the other, each in a fresh process:

- mathhub: the full Math Hub build (four pages per lesson, standards, grades, data pages, downloads,
           Pagefind search, output audit);
- plain:   stock mkdocs-material building **the same pages**: for every page Math Hub wrote, a
           Markdown page at the same path whose source is that page's body (its article), with the same
           theme settings, the theme's own search plugin, and the **same nav strategy**: Math Hub's nav,
           every other page ``not_in_nav`` (a nav that lists every page is embedded in every page, which
           makes a build quadratic). So the ratio is what Math Hub costs over stock MkDocs for the same output.

It reports pages written, seconds, pages per second, milliseconds per page, the peak resident
memory of the build process (``getrusage(RUSAGE_CHILDREN)`` in a wrapper around each run), site
bytes and search-index bytes, and the Math Hub / plain ratios. Two asides, labelled and not comparable:
``--content-folder`` builds only the contributed ``content/`` folder with stock MkDocs (one page per lesson
where Math Hub writes four, and no standards, grade or data pages), and ``--folder-nav`` the old baseline
whose automatic nav lists every cartridge folder (quadratic).

``--preview`` also measures the preview: a live ``mkdocs serve`` on the same library, the time from
saving one lesson to its page showing the change (median of ``--edits`` saves of its body, then of
``--edits`` saves of its front matter, whose pages on other indexes change too). The size ``real`` is
a copy of this repository's own library.

Usage: python scripts/benchmark.py [--sizes 1000 5000] [--preview] [--content-folder] [--folder-nav] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1767225600"}

# The theme block mirrors mkdocs.yml; the Markdown extensions are what Math Hub renders contributed text with
# (markup.py: tables, fenced code, admonition, details, attribute lists, math, heading ids).
PLAIN_THEME = """theme:
  name: material
  font: false
  language: en
  features: [navigation.tabs, navigation.top, search.suggest, search.highlight, content.action.edit]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-sunny, name: Switch to light mode}
plugins:
  - search
markdown_extensions:
  - tables
  - fenced_code
  - admonition
  - pymdownx.details
  - attr_list
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
"""
PLAIN_HEAD = """site_name: Plain build
site_url: https://math-hub.github.io/math-hub/
repo_url: https://github.com/math-hub/math-hub
edit_uri: edit/main/content/
docs_dir: content
use_directory_urls: true
"""
NAV = """nav:
  - Home: index.md
  - Find a lesson: find/index.md
  - Standards: standards/index.md
  - Grades: grades/index.md
  - Rubrics: rubrics/index.md
  - Data:
      - Coverage: coverage/index.md
      - Usage: usage/index.md
      - Mastery: mastery/index.md
  - Contribute: contribute/index.md
not_in_nav: |
  /*/
"""
"""Math Hub's nav (mkdocs.yml); every other page outside it, as Math Hub publishes its pages."""
PLAIN_CONFIG = PLAIN_HEAD.replace("docs_dir: content", "docs_dir: plain-docs") + PLAIN_THEME + NAV
"""The fair baseline: the same pages (``same_pages``), the same nav."""
CONTENT_CONFIG = PLAIN_HEAD + PLAIN_THEME + """nav:
  - Home: index.md
not_in_nav: |
  /*/
"""
"""An aside: only the contributed Markdown of ``content/``, one page per lesson."""
FOLDER_NAV_CONFIG = PLAIN_HEAD + PLAIN_THEME
"""The old baseline, an aside: MkDocs' automatic nav lists every cartridge folder as a section on every page."""


@dataclass(frozen=True)
class Build:
    name: str
    pages: int
    seconds: float
    cpu_seconds: float
    """User + system CPU time of the build process: on a shared machine, what the build itself cost."""
    peak_mb: float
    site_bytes: int
    search_bytes: int

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds


# -- building ----------------------------------------------------------------------------------------------------------
_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print('PEAK_RSS_KB=%d CPU_S=%.3f' % (u.ru_maxrss, u.ru_utime + u.ru_stime), file=sys.stderr); sys.exit(r.returncode)"
)
"""Each build runs under its own small wrapper, so RUSAGE_CHILDREN's figures (peak RSS, CPU seconds) are that build's alone."""


def build(name: str, library: Path, config: str, site: str) -> Build:
    """One ``mkdocs build`` in a fresh process: wall seconds, the child's peak RSS, what it wrote."""
    shutil.rmtree(library / site, ignore_errors=True)
    command = [sys.executable, "-c", _WRAPPER, str(BIN / "mkdocs"), "build", "-q", "-f", config, "-d", site]
    start = time.perf_counter()
    process = subprocess.run(command, cwd=library, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"benchmark: the {name} build failed:\n{process.stderr[-3000:]}")
    usage = re.findall(r"^PEAK_RSS_KB=(\d+) CPU_S=([\d.]+)$", process.stderr, re.M)
    out = library / site
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.name == "index.html" or p.name == "404.html")
    search = [p for p in files if p.parent.name == "search" and p.name == "search_index.json" or "pagefind" in p.relative_to(out).parts]
    peak, cpu = (int(usage[-1][0]) / 1024, float(usage[-1][1])) if usage else (float("nan"), float("nan"))
    return Build(name, pages, seconds, cpu, peak, sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in search))


def same_pages(library: Path, site: str) -> int:
    """The plain build's input: for every page of Math Hub's site, a Markdown page at the same path holding that
    page's body (the theme's article, without its edit button), titled as Math Hub titled it; the images beside them.
    Python-Markdown passes the HTML through; the theme wraps it as it wraps any page. Returns the pages written."""
    from selectolax.lexbor import LexborHTMLParser

    built, docs = library / site, library / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    pages = 0
    for html_file in sorted(built.rglob("*.html")):
        relative = html_file.relative_to(built)
        if relative.parts[0] in ("downloads", "assets", "pagefind", "search") or relative.name not in ("index.html",):
            continue
        tree = LexborHTMLParser(html_file.read_text(encoding="utf-8"))
        article = tree.css_first("article.md-content__inner")
        if article is None:
            continue
        for button in article.css("a.md-content__button"):
            button.decompose()
        title = tree.css_first("title")
        source = docs / relative.with_name("index.md")
        source.parent.mkdir(parents=True, exist_ok=True)
        heading = json.dumps(title.text().split(" - ")[0] if title else relative.parent.name)
        source.write_text(f"---\ntitle: {heading}\n---\n\n{article.inner_html}\n", encoding="utf-8")
        pages += 1
    for image in sorted(built.glob("cartridges/**/*")):
        if image.is_file() and image.suffix != ".html":
            target = docs / image.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(image, target)
    return pages


def write_synthetic(n: int, library: Path) -> Path:
    from mathhub.synthetic import write_library

    write_library(library, n, schema=ROOT / "schema")
    (library / "content" / "index.md").write_text("# Benchmark\n\nSynthetic library.\n", encoding="utf-8")
    shutil.copytree(ROOT / "content" / "contribute", library / "content" / "contribute")
    _copy_site_files(library)
    return library


def copy_real(library: Path) -> Path:
    """This repository's own library, copied, so the preview can edit it."""
    for folder in ("content", "schema", "frameworks"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, library / folder)
    _copy_site_files(library)
    return library


def _copy_site_files(library: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", library / "mkdocs.yml")
    shutil.copytree(ROOT / "samples" / "district", library / "samples" / "district", dirs_exist_ok=True)  # mkdocs.yml's usage and mastery summaries
    (library / "plain.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (library / "content-folder.yml").write_text(CONTENT_CONFIG, encoding="utf-8")
    (library / "folder-nav.yml").write_text(FOLDER_NAV_CONFIG, encoding="utf-8")


# -- the preview -------------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return ""


def _poll(condition, what: str, timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds until ``condition()`` holds, polled every 50 ms."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"benchmark: timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)
    return time.perf_counter() - start


@dataclass(frozen=True)
class Preview:
    first_page_s: float
    edits_s: tuple[float, ...]
    front_matter_s: tuple[float, ...]


def preview(library: Path, edits: int) -> Preview:
    """A live ``mkdocs serve``: seconds to its first page, then seconds from saving one lesson to its page changing."""
    lesson = sorted((library / "content" / "cartridges").glob("*/index.md"))[0]
    log_path = library / "serve.log"
    port = _free_port()
    start = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=library, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    try:
        _poll(lambda: "Serving on http" in log_path.read_text(encoding="utf-8") or process.poll() is not None, "mkdocs serve to start", 3600)
        found = re.search(r"Serving on (http://\S+)", log_path.read_text(encoding="utf-8"))
        if not found:
            raise SystemExit("benchmark: mkdocs serve did not start:\n" + log_path.read_text(encoding="utf-8")[-3000:])
        page = found.group(1).rstrip("/") + f"/cartridges/{lesson.parent.name}/"
        _poll(lambda: "</html>" in _get(page), "the first page", 600)
        first = time.perf_counter() - start
        original = lesson.read_text(encoding="utf-8")

        def save(text: str, marker: str, what: str) -> float:
            temporary = lesson.with_name(".index.md.saving")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, lesson)  # as an editor saves: the watcher never sees a half-written file
            return _poll(lambda: marker in _get(page), what, 600)

        times = []
        for n in range(edits):
            marker = f"Benchmark edit {n} {time.time_ns()}"
            times.append(save(original.replace("\n## Overview\n", f"\n## Overview\n\n{marker}\n", 1), marker, f"edit {n} to show"))  # a sentence in the overview
        front = []
        for n in range(edits):
            date = f"2025-06-{n + 1:02d}"  # the page's "updated" date; also the order of the home page's newest lessons
            front.append(save(re.sub(r'^updated: "[^"]*"', f'updated: "{date}"', original, count=1, flags=re.M), f'datetime="{date}"', f"front-matter edit {n} to show"))
        return Preview(first, tuple(times), tuple(front))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- reporting ---------------------------------------------------------------------------------------------------------
def _row(label: str, b: Build) -> str:
    return (
        f"{label:>8} {b.name:<12} {b.pages:>7,} {b.seconds:>8.1f} {b.pages_per_second:>8.1f} {b.ms_per_page:>8.2f} {b.cpu_seconds:>8.1f} {b.cpu_ms_per_page:>8.2f} {b.peak_mb:>8.0f} "
        f"{b.site_bytes / 1e6:>9.1f} {b.search_bytes / 1e6:>9.2f}"
    )


def run(size: str, workdir: Path, *, content_folder: bool, folder_nav: bool, with_preview: bool, edits: int) -> dict[str, object]:
    library = workdir / f"lib-{size}"
    if size == "real":
        print("[real] copying this repository's library ...", flush=True)
        copy_real(library)
    else:
        print(f"[N={size}] writing {size} synthetic cartridges ...", flush=True)
        write_synthetic(int(size), library)
    result: dict[str, object] = {"size": size}
    print(f"[{size}] Math Hub build ...", flush=True)
    result["mathhub"] = hub = build("Math Hub", library, "mkdocs.yml", "site-hub")
    print(f"[{size}]   {hub.pages:,} pages, {hub.seconds:.1f} s, {hub.peak_mb:.0f} MB peak", flush=True)
    written = same_pages(library, "site-hub")
    print(f"[{size}] plain mkdocs-material build of the same {written:,} pages (same nav) ...", flush=True)
    result["plain"] = plain = build("plain", library, "plain.yml", "site-plain")
    print(f"[{size}]   {plain.pages:,} pages, {plain.seconds:.1f} s, {plain.peak_mb:.0f} MB peak", flush=True)
    if content_folder:
        print(f"[{size}] aside: plain build of the content folder only ...", flush=True)
        result["content"] = build("content only", library, "content-folder.yml", "site-content")
    if folder_nav:
        print(f"[{size}] aside: plain build with the old folder nav ...", flush=True)
        result["folder"] = build("folder nav", library, "folder-nav.yml", "site-folder")
    if with_preview:
        print(f"[{size}] preview: mkdocs serve, {edits} saves of one lesson ...", flush=True)
        result["preview"] = preview(library, edits)
    return result


def report(rows: list[dict[str, object]]) -> None:
    print()
    print("Cold build, one run each, side by side (plain: stock mkdocs-material + its search, the same pages, Math Hub's nav + not_in_nav)")
    header = f"{'size':>8} {'build':<12} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'ms/page':>8} {'CPU s':>8} {'CPU ms/p':>8} {'peak MB':>8} {'site MB':>9} {'search MB':>9}"
    print(header)
    print("-" * len(header))
    for r in rows:
        print(_row(str(r["size"]), r["plain"]))  # type: ignore[arg-type]
        print(_row("", r["mathhub"]))  # type: ignore[arg-type]
    print()
    print(f"{'size':>8} {'seconds x':>10} {'ms/page x':>10} {'CPU s x':>9} {'CPU ms/p x':>11} {'memory x':>9}   (Math Hub / plain; targets: seconds <= 1.0, memory <= 1.3)")
    for r in rows:
        plain, hub = r["plain"], r["mathhub"]
        assert isinstance(plain, Build) and isinstance(hub, Build)
        print(
            f"{r['size']!s:>8} {hub.seconds / plain.seconds:>10.2f} {hub.ms_per_page / plain.ms_per_page:>10.2f} {hub.cpu_seconds / plain.cpu_seconds:>9.2f} "
            f"{hub.cpu_ms_per_page / plain.cpu_ms_per_page:>11.2f} {hub.peak_mb / plain.peak_mb:>9.2f}"
        )
    sized = [r for r in rows if r["size"] != "real"]
    if len(sized) >= 2:
        first, last = sized[0], sized[-1]
        per = [r["mathhub"].seconds / int(str(r["size"])) for r in (first, last)]  # type: ignore[attr-defined]
        print(f"\nMath Hub seconds per cartridge, N={last['size']} vs N={first['size']}: {per[1] / per[0]:.2f}x (target <= 1.15x)")
    contents = [r for r in rows if "content" in r]
    if contents:
        print("\nAside, not comparable: stock MkDocs on the content folder only (one page per lesson; no handouts, keys, standards or grade pages)")
        for r in contents:
            print(_row(str(r["size"]), r["content"]))  # type: ignore[arg-type]
    asides = [r for r in rows if "folder" in r]
    if asides:
        print("\nAside, not comparable: the old baseline, whose automatic nav lists every cartridge folder on every page (quadratic)")
        for r in asides:
            print(_row(str(r["size"]), r["folder"]))  # type: ignore[arg-type]
    previews = [r for r in rows if "preview" in r]
    if previews:
        print("\nPreview (mkdocs serve): first page, and from saving one lesson (its body, then its front matter) to its page changing")
        for r in previews:
            p = r["preview"]
            assert isinstance(p, Preview)
            edits, front = ", ".join(f"{s:.2f}" for s in p.edits_s), ", ".join(f"{s:.2f}" for s in p.front_matter_s)
            print(f"{r['size']!s:>8}  first page {p.first_page_s:.1f} s; body save -> page median {statistics.median(p.edits_s):.2f} s ({edits})")
            print(f"{'':>8}  front-matter save -> page median {statistics.median(p.front_matter_s):.2f} s ({front})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1000", "5000"], help="library sizes to build, or 'real' for this repository's library (default: 1000 5000)")
    parser.add_argument("--preview", action="store_true", help="also measure a live mkdocs serve: seconds from saving a lesson to its page changing")
    parser.add_argument("--edits", type=int, default=5, help="saves to time in the preview (the median is reported; default 5)")
    parser.add_argument("--content-folder", action="store_true", help="also build only the content folder with stock MkDocs, reported as an aside")
    parser.add_argument("--folder-nav", action="store_true", help="also build the old folder-nav baseline, reported as an aside (quadratic: slow at 5,000)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    for size in args.sizes:
        if size != "real" and not size.isdigit():
            parser.error(f"--sizes: {size!r} is neither a number nor 'real'")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="mathhub-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        rows = [run(size, workdir, content_folder=args.content_folder, folder_nav=args.folder_nav, with_preview=args.preview, edits=args.edits) for size in args.sizes]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
