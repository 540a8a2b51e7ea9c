"""The site's downloads: each lesson's zip and Common Cartridge, and one Common Cartridge per grade.

A lesson is packaged the first time its guide is rendered, because the guide shows the package's size.
Its pages come from the same functions that render the site's pages (``LessonPages``, ``SitePlan.render``),
so a package holds exactly what the site shows, sanitised once; ``exports.package`` only lays it out.
A cold build hands each archive to ``made`` as it is made, which writes it at once (the background audit
checks it while pages are still rendered); otherwise (``mkdocs serve``, ``mathhub export``) archives are kept
in memory and written by ``write``. The same lesson, the same commit: the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..exports.package import LessonPackage, RenderedPage, grade_archive, lesson_archive, package_lesson
from ..model import Cartridge
from ..outputs import write_atomic
from ..problems import Problem
from ..repository import Repository
from ..standards import grade_label
from .lesson_pages import DownloadView
from .pages import SitePlan
from .urls import Urls

__all__ = ["Downloads", "EXPORT", "FOLDER"]

FOLDER = "downloads"
EXPORT = "export"
"""The rule id of a lesson that cannot be packaged."""


class Downloads:
    """Builds packages on demand, once each, and writes them at the end of the build."""

    def __init__(self, plan: SitePlan, repository: Repository) -> None:
        self.plan = plan
        self.repository = repository
        self.packages: dict[str, LessonPackage] = {}
        self.archives: dict[str, bytes] = {}
        """Site path (``downloads/x.imscc``) -> the archive's bytes, for the archives kept in memory."""
        self.sizes: dict[str, int] = {}
        """Site path -> the size of every archive made (a page's download link shows it)."""
        self._rubrics: dict[str, str] = {}
        self.made: Callable[[tuple[str, ...], bytes], None] | None = None
        """When set, each archive is handed to it as it is made, with the site paths it goes to; it writes them,
        and the bytes are not kept (a cold build: the background audit reads them from disk, and 5,000 lessons'
        archives held until the end took hundreds of megabytes)."""

    def _pages(self, c: Cartridge) -> list[RenderedPage]:
        """The lesson's pages, rendered as the site renders them (the guide without its download link)."""
        lessons, planned = self.plan.lessons, self.plan.pages
        guide, handout, practice, key = Urls.cartridge(c.id), Urls.handout(c.id), Urls.practice_sheet(c.id), Urls.answer_key(c.id)
        pages = [
            RenderedPage("guide", "Teacher guide", lessons.text(c).plain_title, guide, lessons.guide(c, guide, {}), "Instructor", lesson_plan=True),
            RenderedPage("handout", "Student handout", planned[Urls.handout_src(c.id)].title, handout, lessons.handout(c, handout), "Learner"),
        ]
        if c.lesson.practice is not None:
            pages.append(RenderedPage("practice", "Practice problems", planned[Urls.practice_sheet_src(c.id)].title, practice, lessons.practice_sheet(c, practice), "Learner"))
        pages.append(RenderedPage("answer-key", "Answer key", planned[Urls.answer_key_src(c.id)].title, key, lessons.answer_key(c, key), "Instructor"))
        for rid in c.rubrics:
            rubric = planned[Urls.rubric_src(rid)]
            if rid not in self._rubrics:
                self._rubrics[rid] = self.plan.render(rubric, Urls.rubric(rid))[0]
            pages.append(RenderedPage(f"rubric-{rid}", f"Rubric: {rubric.title}", f"Rubric: {rubric.title}", Urls.rubric(rid), self._rubrics[rid], "Instructor"))
        return pages

    def _files(self, c: Cartridge) -> dict[str, bytes]:
        """The lesson's images and attachments as the site publishes them (an SVG as rebuilt from the allowlist)."""
        folder = Urls.cartridge(c.id)
        root = self.repository.layout.root
        return {
            uri: item.content if item.content is not None else (root / item.source).read_bytes()
            for uri, item in sorted(self.repository.published.items()) if uri.startswith(folder)
        }

    def package(self, c: Cartridge) -> LessonPackage | None:
        found = self.packages.get(c.id)
        if found is None:
            catalogue = self.plan.catalogue
            notice = " ".join(f.notice for f in catalogue.frameworks_in(c.alignment.all))
            text = self.plan.lessons.text(c)
            try:
                found = package_lesson(c, catalogue, self._pages(c), self._files(c), title=text.plain_title, summary=text.plain_summary, site_url=self.plan.site_url, notice=notice)
            except ValueError as error:
                self.plan.problems.append(Problem(c.source, 0, 0, "", f"the lesson cannot be packaged for download: {error}", "Rename the file with letters, digits, '-', '_' and '.' only.", "error", EXPORT))
                return None
            self.packages[c.id] = found
        return found

    def lesson(self, c: Cartridge) -> DownloadView | None:
        """The lesson's downloads, packaging it now if it is not yet."""
        zip_path, cartridge_path = f"{FOLDER}/{c.id}.zip", f"{FOLDER}/{c.id}.imscc"
        if cartridge_path not in self.sizes:
            package = self.package(c)
            if package is None:
                return None
            self._add((zip_path, cartridge_path), lesson_archive(package))
        return DownloadView(zip_path, cartridge_path, self.sizes[cartridge_path])

    def grade(self, grade: str) -> DownloadView | None:
        """The grade's Common Cartridge, every lesson of the grade in it (None for a grade without lessons)."""
        path = f"{FOLDER}/grade-{grade.lower()}.imscc"
        if path not in self.sizes:
            library = self.plan.library
            packages = [p for cid in sorted(library.by_grade.get(grade, [])) if (p := self.package(library.cartridges[cid])) is not None]
            if not packages:
                return None
            self._add((path,), grade_archive(grade, grade_label(grade), packages))
        return DownloadView("", path, self.sizes[path])

    def _add(self, paths: tuple[str, ...], data: bytes) -> None:
        for path in paths:
            self.sizes[path] = len(data)
        if self.made is not None:
            self.made(paths, data)
        else:
            self.archives.update(dict.fromkeys(paths, data))

    def build_all(self) -> dict[str, bytes]:
        """Package whatever no page asked for yet; every archive kept in memory by its site path (``downloads/x.zip``)."""
        library = self.plan.library
        for cid in sorted(library.cartridges):
            self.lesson(library.cartridges[cid])
        for grade in sorted(library.by_grade):
            self.grade(grade)
        return dict(sorted(self.archives.items()))

    def write(self, site_dir: Path) -> None:
        """Every archive under ``site_dir/downloads/`` (those handed to ``made`` are written already)."""
        for path, data in self.build_all().items():
            write_atomic(site_dir / path, data)

