"""A lesson as a package: its pages as standalone documents, its files, its licence, and the archives that hold them.

The site renders each page once, through the one render path (``contributed``/``markup``, sanitised); this
module never sees Markdown. It is given those rendered fragments (``RenderedPage``) and the files the site
publishes for the lesson, and lays them out in the lesson's folder:

    <lesson-id>/guide.html  handout.html  practice.html  answer-key.html  rubric-<id>.html
    <lesson-id>/LICENSE.txt   the credit line, the licence and the standards' notice
    <lesson-id>/files/<the lesson's images and attachments, at their paths in the lesson folder>

The contributor's files live apart from the package's own, so no file name of theirs can collide with one.

Every file is compressed once (``archive.Member``) and the same members go into the lesson's zip, its
Common Cartridge and its grade's Common Cartridge, each with an ``imsmanifest.xml`` at the top, so an LMS
imports either file and a teacher opens the folder. Members are sorted by path and dated with the lesson's
``updated`` date: the same commit gives the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..attribution import attribution_line
from ..model import Cartridge
from ..standards import Catalogue
from .archive import Member, compress, zip_bytes
from .manifest import Audience, LessonEntry, PackagedPage, Role, StandardRef, manifest_xml
from .standalone import Links, standalone_page

__all__ = ["LessonPackage", "RenderedPage", "grade_archive", "lesson_archive", "package_lesson", "MANIFEST"]

MANIFEST = "imsmanifest.xml"
LICENCE_FILE = "LICENSE.txt"
FILES = "files/"
"""The folder, in the lesson's, of the lesson's own images and attachments."""


@dataclass(frozen=True)
class RenderedPage:
    """One page of a lesson as the site rendered it (the fragment the theme places in ``<article>``)."""

    key: str
    """The page's file name in the package, without ``.html`` (``guide``, ``handout``, ``rubric-x``)."""
    label: str
    """Its name in the LMS's list of the lesson's items ("Student handout")."""
    title: str
    """Its document title ("Student handout: Sharing brownies")."""
    site_path: str
    """The page's URL in the site (``cartridges/x/handout/``): its relative links are resolved from here."""
    fragment: str
    audience: Audience
    lesson_plan: bool = False


@dataclass(frozen=True)
class LessonPackage:
    """A lesson ready to be archived: what its manifest says and its compressed files, sorted by path."""

    entry: LessonEntry
    members: tuple[Member, ...]
    date: tuple[int, int, int]


def _date(updated: str) -> tuple[int, int, int]:
    year, month, day = (int(part) for part in updated[:10].split("-"))
    return year, month, day


def _standards(c: Cartridge, catalogue: Catalogue) -> tuple[StandardRef, ...]:
    refs = []
    roles: tuple[tuple[Role, tuple[str, ...]], ...] = (("addresses", c.alignment.addresses), ("builds_on", c.alignment.builds_on))
    for role, keys in roles:
        for key in keys:
            standard = catalogue.get(key)
            if standard is None:  # the loader reports unknown codes; a package never names a standard it cannot describe
                continue
            framework = catalogue.framework_of(key)
            refs.append(StandardRef(framework.name, standard.key, standard.text, standard.case_id or standard.uri or standard.key, role))
    return tuple(refs)


def _licence_text(c: Cartridge, notice: str, origin: str) -> str:
    lines = [c.title, "", "Credit line (keep it when you share or adapt this lesson):", attribution_line(c), ""]
    if notice:
        lines += ["Standards: " + notice, ""]
    if origin:
        lines += ["From Math Hub: " + origin, ""]
    return "\n".join(lines)


def package_lesson(
    c: Cartridge, catalogue: Catalogue, pages: Sequence[RenderedPage], files: Mapping[str, bytes], *,
    title: str, summary: str, site_url: str = "", notice: str = "",
) -> LessonPackage:
    """The package of ``c``: ``pages`` as standalone documents, ``files`` (site path -> bytes: the lesson's images
    and attachments as the site publishes them, all in the lesson's folder) in ``files/``; ``title`` and ``summary``
    as plain text (mathematics rendered as the site's <title> shows it). Raises ``ValueError`` for a file name no
    archive member can have (``archive.check_member_path``)."""
    folder = f"cartridges/{c.id}/"
    date = _date(c.updated)
    targets = {site_path: FILES + site_path.removeprefix(folder) for site_path in sorted(files)}
    targets.update({page.site_path: f"{page.key}.html" for page in pages})
    links = Links(targets, site_url)
    origin = links.site_link(folder) or ""
    members: list[Member] = []
    packaged: list[PackagedPage] = []
    for page in pages:
        document = standalone_page(page.fragment, page_url=page.site_path, title=page.title, language=c.language, links=links, origin=links.site_link(page.site_path) or "")
        path = f"{c.id}/{page.key}.html"
        members.append(compress(path, document.html, date))
        shown = tuple(f"{c.id}/{posixpath.normpath(p)}" for p in document.files if not p.endswith(".html"))
        packaged.append(PackagedPage(page.key, page.label, path, page.audience, page.lesson_plan, shown))
    for site_path, data in sorted(files.items()):
        members.append(compress(f"{c.id}/{targets[site_path]}", data, date))
    members.append(compress(f"{c.id}/{LICENCE_FILE}", _licence_text(c, notice, origin).encode("utf-8"), date))
    page_paths = {p.path for p in packaged}
    others = tuple(sorted(m.path for m in members if m.path not in page_paths))
    entry = LessonEntry(c.id, title, summary, c.language, c.updated[:10], c.authors, attribution_line(c), _standards(c, catalogue), tuple(packaged), others)
    return LessonPackage(entry, tuple(sorted(members, key=lambda m: m.path)), date)


def _archive(identifier: str, title: str, description: str, language: str, packages: Sequence[LessonPackage]) -> bytes:
    date = max(p.date for p in packages)
    manifest = compress(MANIFEST, manifest_xml(identifier, title, description, language, [p.entry for p in packages]), date)
    members: Iterable[Member] = [manifest, *sorted((m for p in packages for m in p.members), key=lambda m: m.path)]
    return zip_bytes(members)


def lesson_archive(package: LessonPackage) -> bytes:
    """The lesson's archive: its Common Cartridge, which is also the zip a teacher unpacks (the same bytes)."""
    entry = package.entry
    return _archive(entry.id, entry.title, entry.summary, entry.language, [package])


def grade_archive(grade: str, label: str, packages: Sequence[LessonPackage]) -> bytes:
    """One Common Cartridge with every lesson of a grade (``label``: "Grade 3"), each in its own folder."""
    ordered = sorted(packages, key=lambda p: p.entry.id)
    languages = sorted({p.entry.language for p in ordered})
    description = f"{len(ordered)} Math Hub lesson{'s' if len(ordered) != 1 else ''} for {label}: " + "; ".join(p.entry.title for p in ordered) + "."
    return _archive(f"grade-{grade.lower()}", f"Math Hub: {label} lessons", description, languages[0] if len(languages) == 1 else "en", ordered)
