#!/usr/bin/env python3
"""Print what the downloads cost the build and what a teacher downloads: CPU time and sizes, for this repository.

The site renders every lesson's pages; the downloads package those same pages (``site/downloads.py``). This
renders the lesson pages as the build does, once without and once with the downloads, and prints the CPU
time added (process time, so other work on a busy machine counts less) and the archives' sizes.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from mathhub import load_repository
from mathhub.library import index_library
from mathhub.repository import Repository
from mathhub.site.downloads import Downloads
from mathhub.site.pages import SitePlan
from mathhub.site.urls import Urls

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def lesson_pages(repository: Repository, downloads: bool) -> tuple[float, dict[str, int]]:
    """CPU seconds to render every lesson's four pages (and write the downloads), and the archives' sizes."""
    plan = SitePlan(index_library(repository), repository.schemas, "https://example.org/math-hub/")
    exports = Downloads(plan, repository)
    if downloads:
        plan.download, plan.grade_download = exports.lesson, exports.grade
    started = time.process_time()
    for cid in sorted(plan.library.cartridges):
        for src, url in ((Urls.cartridge_src(cid), Urls.cartridge(cid)), (Urls.handout_src(cid), Urls.handout(cid)),
                         (Urls.answer_key_src(cid), Urls.answer_key(cid)), (Urls.practice_sheet_src(cid), Urls.practice_sheet(cid))):
            plan.render(plan.pages[src], url)
    if downloads:
        with tempfile.TemporaryDirectory() as out:
            exports.write(Path(out))
    return time.process_time() - started, {path: len(data) for path, data in exports.archives.items()}


def main() -> None:
    repository = load_repository(ROOT)
    lesson_pages(repository, True)  # warm-up: imports, the schema, the converters' caches
    added = []
    for _ in range(RUNS):
        without, _sizes = lesson_pages(repository, False)
        with_downloads, sizes = lesson_pages(repository, True)
        added.append(with_downloads - without)
    lessons = sorted(size for path, size in sizes.items() if path.endswith(".zip"))
    grades = {path: size for path, size in sizes.items() if "/grade-" in path}
    print(f"{len(lessons)} lessons: downloads add {statistics.median(added):.2f} s CPU to the build (median of {RUNS}; "
          f"{statistics.median(added) / len(lessons) * 1000:.0f} ms per lesson), besides the output audit reading them")
    print(f"lesson zip/imscc: min {lessons[0] / 1024:.0f} KB, median {statistics.median(lessons) / 1024:.0f} KB, max {lessons[-1] / 1024:.0f} KB")
    print(f"grade cartridges: {len(grades)}, largest {max(grades.values()) / 1024:.0f} KB; downloads/ holds {sum(sizes.values()) / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
