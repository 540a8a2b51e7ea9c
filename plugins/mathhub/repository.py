"""Load the whole library once: every cartridge and rubric, checked and cross-referenced.

``load_repository`` is the one loader. The validator prints its problems, the
MkDocs plugin builds pages from its model, the report scripts count from it.
It never raises on bad content: everything wrong is a ``Problem``.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .attribution import names
from .editorial import check_cartridge
from .fences import unclosed_fence
from .framework_files import load_repository_catalogue
from .frontmatter import Document, FieldPath, decode, read_document, strings_in
from .htmlcheck import check_markdown, remote, scheme
from .lesson import default_space, parse_lesson
from .licences import adaptation_licence
from .limits import check_markup, check_size
from .model import (
    ROLES,
    Adaptation,
    Alignment,
    Attachment,
    Cartridge,
    Criterion,
    Lesson,
    LessTime,
    LessTimeStep,
    Level,
    ReviewRecord,
    Role,
    Rubric,
    Video,
    VocabularyTerm,
)
from .paths import ATTACHMENT_TYPES, HAND_WRITTEN_PAGES, MAX_ATTACHMENT_BYTES, PUBLISHED_FOLDERS, TRANSCRIPT_TYPES, check_relative, inside
from .problems import REMOVABLE, UNPUBLISHED, UNSAFE_FILE, Problem, has_errors
from .references import Reference, references
from .rules import RULES, Finding
from .scan import scan
from .schemas import SchemaSet, load_schemas
from .scope import Scope, names_on_disk
from .standards import Catalogue, load_catalogue
from .svg import clean_svg, svg_file
from .task_numbers import resolve_body, resolve_front_matter, task_numbers

__all__ = ["Layout", "Published", "Repository", "load_repository"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LOCAL = re.compile(r"[a-z][a-z0-9+.-]*:|/|\\|#", re.I)
_MINIMUM_ALT = 10
"""Alt text shorter than this cannot say what a picture shows."""


@dataclass(frozen=True)
class Layout:
    """Where things live in a Math Hub repository."""

    root: Path
    content: Path
    schema: Path

    @classmethod
    def of(cls, root: Path, content: Path | None = None, schema: Path | None = None) -> Layout:
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), (schema or root / "schema").resolve())

    @property
    def cartridges(self) -> Path:
        return self.content / "cartridges"

    @property
    def rubrics(self) -> Path:
        return self.content / "rubrics"

    @property
    def frameworks(self) -> Path:
        """Framework catalogues imported from CASE packages (``scripts/import_case.py``), beside the bundled CCSS-M."""
        return self.root / "frameworks"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass(frozen=True)
class Published:
    """A file the site publishes as it is (an attachment or an image a page shows)."""

    source: str
    """Repository-relative path of the file."""
    content: bytes | None = None
    """What to publish instead of the file's bytes (an SVG rebuilt from the allowlist), or None to copy it."""


@dataclass
class Repository:
    """Everything loaded from one repository: the model, and what is wrong with it."""

    layout: Layout
    catalogue: Catalogue
    schemas: SchemaSet
    cartridges: dict[str, Cartridge] = field(default_factory=dict)
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_checked: dict[str, int] = field(default_factory=lambda: {"cartridge": 0, "rubric": 0})
    documents: dict[str, Document] = field(default_factory=dict)
    """Parsed documents by repository-relative path, to locate problems found later (e.g. in rendering)."""
    references: dict[str, list[Reference]] = field(default_factory=dict)
    """Cartridge folder name -> the rubrics and the lesson its front matter names (read before any check)."""
    scope: Scope | None = None
    """What this load was limited to (None: the whole library); ``problems`` holds only problems in its files."""
    pages: dict[str, Document] = field(default_factory=dict)
    """The project's hand-written pages (``paths.HAND_WRITTEN_PAGES``), by path under content/."""
    published: dict[str, Published] = field(default_factory=dict)
    """Every file under content/ the site publishes besides pages, by path under content/: nothing else is."""

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    def standards_referenced(self) -> set[str]:
        codes: set[str] = set()
        for cartridge in self.cartridges.values():
            codes.update(cartridge.alignment.all)
        for rubric in self.rubrics.values():
            codes.update(rubric.standards)
        return codes

    def summary(self) -> str:
        n, r = self.files_checked["cartridge"], self.files_checked["rubric"]
        if self.scope is not None:
            extra = n + r - len(self.scope.cartridges) - len(self.scope.rubrics)
            they = "it refers" if len(self.scope.cartridges) + len(self.scope.rubrics) == 1 else "they refer"
            return f"Checked {self.scope.describe()}" + (f", with the {extra} file{'s' if extra != 1 else ''} {they} to." if extra > 0 else ".")
        s = len(self.standards_referenced())
        return f"Checked {n} cartridge{'s' if n != 1 else ''} and {r} rubric{'s' if r != 1 else ''}; {s} standard{'s' if s != 1 else ''} referenced."

    def problems_in(self, scope: Scope) -> list[Problem]:
        """The problems in the files of ``scope``'s lessons and rubrics (their folders and files only)."""
        cartridges, rubrics = self.layout.relative(self.layout.cartridges), self.layout.relative(self.layout.rubrics)
        return [p for p in self.problems if scope.covers(p.path, cartridges, rubrics)]


# ---------------------------------------------------------------------------
# Helpers for reading half-trusted data before the schema has blessed it.
def _get(data: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _list(data: Any, *path: str | int) -> list[Any]:
    value = _get(data, *path)
    return value if isinstance(value, list) else []


def _normalise_grades(data: dict[str, Any]) -> None:
    """``grades: [5]`` means ``["5"]``: accept the unquoted form teachers naturally write."""
    grades = data.get("grades")
    if isinstance(grades, list):
        data["grades"] = [str(g) if isinstance(g, int) and not isinstance(g, bool) else g for g in grades]
    if isinstance(data.get("version"), (int, float)) and not isinstance(data.get("version"), bool):
        data["version"] = str(data["version"])


class _Loader:
    def __init__(self, layout: Layout, catalogue: Catalogue, schemas: SchemaSet, scope: Scope | None = None) -> None:
        self.layout, self.catalogue, self.schemas, self.scope = layout, catalogue, schemas, scope
        self.repo = Repository(layout, catalogue, schemas, scope=scope)
        self.raw_cartridges: dict[str, tuple[Document, Path]] = {}
        self.raw_rubrics: dict[str, Document] = {}
        self.cartridge_names = names_on_disk(layout.cartridges, folders=True)
        self.rubric_names = names_on_disk(layout.rubrics, folders=False)
        self.cycles: set[str] = set()

    def add(self, problem: Problem) -> None:
        self.repo.problems.append(problem)

    def clean(self, document: Document) -> bool:
        """Only error-free files become part of the model, so consumers can trust every field.

        Disallowed HTML in a body does not make the record untrustworthy (the build removes it),
        so it is reported without dropping the cartridge from the model.
        """
        return not any(p.path == document.path and p.severity == "error" and p.rule not in REMOVABLE for p in self.repo.problems)

    # -- reading -------------------------------------------------------------
    def read(self, file: Path, kind: str) -> Document | None:
        display = self.layout.relative(file)
        self.repo.files_checked[kind] += 1
        if not inside(file, file.parent):
            self.add(Problem(display, 0, 0, "", f"'{file.name}' is a link that leads outside its folder", "Replace the link with the file itself; links are never read.", "error", UNSAFE_FILE))
            return None
        document, problems = read_document(file, display)
        self.repo.problems.extend(problems)
        if document is None:
            return None
        self.repo.documents[display] = document
        self.check_strings(document)
        _normalise_grades(document.data)
        for finding in self.schemas.check(kind, document.data):
            self.add(document.problem(finding.path, finding.message, finding.hint))
        return document

    def check_strings(self, document: Document) -> None:
        """Control characters and direction overrides in front matter would reach titles, pages and reports raw."""
        for path, value in strings_in(document.data):
            match = _CONTROL.search(value)
            if match:
                self.add(document.problem(path, f"the text contains the control character U+{ord(match.group(0)):04X}", "Delete it (it is invisible in most editors; retype the text around it)."))

    def load(self) -> Repository:
        if self.scope is None:
            self.check_tree()
            self.load_pages()
            self.load_cartridges()
            self.load_rubrics()
        else:
            self.load_scope(self.scope)
        self.cross_check()
        if self.scope is not None:
            self.repo.problems = self.repo.problems_in(self.scope)
        self.repo.problems.sort()
        return self.repo

    def check_tree(self) -> None:
        """Only cartridges/, rubrics/ and the hand-written pages are published: say so for anything else, and
        refuse every link that leads out of content/ (MkDocs would follow it)."""
        content = self.layout.content
        if not content.is_dir():
            return
        for folder, directories, files in os.walk(content):
            here = Path(folder)
            relative = here.relative_to(content).as_posix()
            for name in sorted(directories + files):
                entry = here / name
                path = name if relative == "." else f"{relative}/{name}"
                if name.startswith("."):
                    continue
                if entry.is_symlink() and not inside(entry, content):
                    self.add(Problem(self.layout.relative(entry), 0, 0, "", f"'{name}' is a link that leads outside content/", "Replace the link with a real copy of the file, or delete it; links out are never read or published.", "error", UNSAFE_FILE))
                    continue
                top = path.split("/", 1)[0]
                if top in PUBLISHED_FOLDERS or name in directories and any(page.startswith(path + "/") for page in HAND_WRITTEN_PAGES):
                    continue
                if name in files and path not in HAND_WRITTEN_PAGES:
                    self.add(Problem(
                        self.layout.relative(entry), 0, 0, "", "this file is not published: only content/cartridges/, content/rubrics/ and the project's own pages (" + ", ".join(HAND_WRITTEN_PAGES) + ") are",
                        "Move lesson files into their cartridge folder (and refer to them from the lesson), or delete the file.", "error", UNPUBLISHED,
                    ))
            directories[:] = [d for d in directories if not d.startswith(".") and (relative != "." or d not in PUBLISHED_FOLDERS) and not (here / d).is_symlink()]

    def load_pages(self) -> None:
        """The project's own pages: Markdown without front matter, checked like any body."""
        for page in HAND_WRITTEN_PAGES:
            file = self.layout.content / page
            if not file.is_file() or not inside(file, self.layout.content):
                continue
            display = self.layout.relative(file)
            document, problems = read_document(file, display, front_matter_required=False)
            self.repo.problems.extend(problems)
            if document is None:
                continue
            if document.data:
                self.add(Problem(display, 1, 1, "", "this page has front matter, which would be ignored", "Remove the lines between '---' at the top; the page takes its title from its first heading."))
            self.repo.documents[display] = document
            self.repo.pages[page] = document
            self.check_body(document.body, display, document.body_line, None)

    def load_cartridges(self) -> None:
        folder = self.layout.cartridges
        if not folder.is_dir():
            return
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            self.load_cartridge(entry)

    def load_cartridge(self, entry: Path) -> None:
        display = self.layout.relative(entry)
        if entry.is_symlink():
            self.add(Problem(display, 0, 0, "", "the cartridge folder is a link", "Make it a real folder inside content/cartridges/; linked folders are never read or published.", "error", UNSAFE_FILE))
            return
        if not entry.is_dir():
            self.add(Problem(display, 0, 0, "", "only cartridge folders belong in content/cartridges", "Move this file into a cartridge folder, next to its index.md.", "warning"))
            return
        index = entry / "index.md"
        if not index.is_file():
            self.add(Problem(display, 0, 0, "", "the cartridge folder has no index.md", "Every cartridge folder needs an index.md with front matter and the teacher guide; run scripts/new_cartridge.py to create one."))
            return
        document = self.read(index, "cartridge")
        if document is None:
            return
        self.raw_cartridges[entry.name] = (document, entry)
        self.repo.references[entry.name] = references(document.data)

    def load_rubrics(self) -> None:
        folder = self.layout.rubrics
        if not folder.is_dir():
            return
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.is_dir():
                if entry.is_dir() and not entry.name.startswith("."):
                    self.add(Problem(self.layout.relative(entry), 0, 0, "", "folders in content/rubrics are not published", "Each rubric is one .md file directly in content/rubrics/.", "warning", UNPUBLISHED))
                continue
            if entry.suffix != ".md":
                self.add(Problem(self.layout.relative(entry), 0, 0, "", "only Markdown rubric files (.md) belong in content/rubrics", "Rename the file to end in .md, or move it elsewhere.", "warning"))
                continue
            self.load_rubric(entry)

    def load_rubric(self, entry: Path) -> None:
        document = self.read(entry, "rubric")
        if document is not None:
            self.raw_rubrics[entry.stem] = document

    def load_scope(self, scope: Scope) -> None:
        """Read the scope's lessons and rubrics and, transitively, everything they refer to; nothing else.

        Whether a referenced rubric or parent lesson is accepted decides whether the lesson is, so each one
        is checked in full. Names come only from the folder listings, never from front matter as paths.
        """
        queue = sorted(scope.cartridges & set(self.cartridge_names), reverse=True)
        rubrics = set(scope.rubrics & set(self.rubric_names))
        seen: set[str] = set()
        while queue:
            name = queue.pop()
            if name in seen:
                continue
            seen.add(name)
            self.load_cartridge(self.layout.cartridges / name)
            for ref in self.repo.references.get(name, []):
                if ref.kind == "cartridge" and ref.target in self.cartridge_names:
                    queue.append(ref.target)
                elif ref.kind != "cartridge" and ref.target in self.rubric_names:
                    rubrics.add(ref.target)
        for name in sorted(rubrics):
            self.load_rubric(self.layout.rubrics / f"{name}.md")

    # -- checks that need the catalogue or other files -------------------------
    def standard(self, document: Document, path: FieldPath, raw: Any) -> str | None:
        if not isinstance(raw, str):
            return None  # the schema already reported it
        found = self.catalogue.resolve(raw)
        if found.code:
            return found.code
        hint = f"Did you mean '{found.suggestion}'?" if found.suggestion else "Check the code against the standards browser on the site."
        domain = self.catalogue.default.domain_range(raw) if ":" not in raw else None
        if domain:
            hint += f" This part of the standards runs from {domain}."
        self.add(document.problem(path, f"unknown standard code: {found.reason}", hint))
        return None

    def standards_list(self, document: Document, base: FieldPath, values: list[Any]) -> list[str]:
        codes: list[str] = []
        for index, raw in enumerate(values):
            code = self.standard(document, (*base, index), raw)
            if code is None:
                continue
            if code in codes:
                self.add(document.problem((*base, index), f"'{raw}' is the same standard as an earlier entry ({code})", "Remove the repeated code.", "warning"))
                continue
            codes.append(code)
        return codes

    def file_check(self, document: Document, folder: Path, path: FieldPath, relative: Any, allowed: dict[str, str]) -> Path | None:
        if not isinstance(relative, str):
            return None
        file, message, hint = check_relative(folder, relative)
        if file is None:
            self.add(document.problem(path, message, hint))
            return None
        if file.suffix.lower() not in allowed:
            kinds = ", ".join(sorted(allowed))
            self.add(document.problem(path, f"'{relative}' is not an allowed file type", f"Allowed types: {kinds}."))
            return None
        size = file.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            self.add(document.problem(path, f"'{relative}' is {size:,} bytes; the limit is {MAX_ATTACHMENT_BYTES:,} bytes", "Compress the file or link to it from a video or web page instead."))
            return None
        return file

    def cross_check(self) -> None:
        cartridge_checks: list[Callable[[], None]] = []
        for folder_name, (document, folder) in self.raw_cartridges.items():
            cartridge_checks.append(self.cartridge(folder_name, document, folder))
        for file_stem, document in self.raw_rubrics.items():
            self.rubric(file_stem, document)
        for finish in cartridge_checks:
            finish()
        self.check_lineage()
        self.check_parent_licences()
        self.leave_out_orphans()
        self.credit_parents()
        self.repo.cartridges = dict(sorted(self.repo.cartridges.items()))
        self.repo.rubrics = dict(sorted(self.repo.rubrics.items()))

    # -- references: run once every rubric is checked -------------------------------
    def check_references(self, folder_name: str, document: Document) -> None:
        """Each rubric and review rubric named must exist and be accepted into the model; a parent must exist.

        What is left out takes its references with it: a lesson naming a rubric that has errors gets an
        error saying so, and is left out too, so nothing downstream meets an id that leads nowhere.
        """
        for ref in self.repo.references.get(folder_name, []):
            if ref.kind == "cartridge":
                if ref.target == folder_name:
                    self.add(document.problem(ref.field, "a cartridge cannot be adapted from itself", "Name the cartridge this one was adapted from."))
                elif ref.target not in self.cartridge_names:
                    self.add(document.problem(ref.field, f"there is no cartridge '{ref.target}'", self._closest("cartridge", ref.target, self.cartridge_names)))
                continue  # whether the parent is accepted is known once every cartridge is checked: leave_out_orphans
            noun = "rubric" if ref.kind == "rubric" else "review rubric"
            if ref.target not in self.rubric_names:
                self.add(document.problem(ref.field, f"there is no rubric '{ref.target}'", self._closest(noun, ref.target, self.rubric_names)))
                continue
            raw = self.raw_rubrics.get(ref.target)
            kind = raw.data.get("kind") if raw is not None else None
            if ref.kind == "review-rubric" and raw is not None and kind != "review":
                self.add(document.problem(ref.field, f"'{ref.target}' is not a review rubric (its kind is '{kind}')", "Name a rubric of kind 'review', which reviewers use to judge lesson quality."))
            elif ref.target not in self.repo.rubrics:
                file = self.layout.relative(self.layout.rubrics / f"{ref.target}.md")
                self.add(document.problem(ref.field, f"the {noun} '{ref.target}' has errors of its own, so this lesson is left out until they are fixed", f"Fix the problems reported for {file}."))
        source_licence = _get(document.data, "adapted_from", "source", "license")
        if isinstance(source_licence, str) and isinstance(document.data.get("license"), str):
            self.check_licence(document, document.data["license"], source_licence, ("adapted_from", "source", "license"), "the source")

    def check_licence(self, document: Document, lesson: str, source: str, source_field: FieldPath, whose: str) -> None:
        """An adaptation keeps a licence its source allows (the table in ``licences.py``); an unknown licence is a warning."""
        choices = self.schemas.vocabulary.licenses.values
        verdict = adaptation_licence(source, lesson, choices)
        if verdict.allowed is None:
            self.add(document.problem(source_field, verdict.rule, f"Write the licence as an SPDX id, for example CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0 or CC0-1.0 (public-domain for a work without copyright), and check that it allows adaptations shared under {lesson}.", "warning"))
        elif verdict.allowed is False and not verdict.allowed_licences:
            self.add(document.problem(source_field, f"{whose} cannot be adapted: {verdict.rule}", "Link to the original instead of adapting it, or ask its authors for permission under a licence that allows adaptation."))
        elif verdict.allowed is False:
            options = " or ".join(f"'license: {choice}'" for choice in verdict.allowed_licences)
            self.add(document.problem(("license",), f"{lesson} is not allowed for this adaptation: {whose} is {source}, and {verdict.rule}", f"Set {options}, or adapt a source whose licence allows {lesson}."))

    def _parent(self, name: str) -> str | None:
        adapted = self.repo.cartridges[name].adapted_from
        return adapted.cartridge if adapted else None

    def check_parent_licences(self) -> None:
        """A Math Hub adaptation keeps a licence its parent allows, exactly as for an outside source."""
        for name in sorted(self.repo.cartridges):
            parent = self.repo.cartridges.get(self._parent(name) or "")
            if parent is None:
                continue
            before = len(self.repo.problems)
            lesson = self.repo.cartridges[name].license
            self.check_licence(self.raw_cartridges[name][0], lesson, parent.license, ("adapted_from", "cartridge"), f"the lesson it adapts ('{parent.id}')")
            if has_errors(self.repo.problems[before:]):
                del self.repo.cartridges[name]

    def leave_out_orphans(self) -> None:
        """A lesson whose parent was left out is left out too (with a problem saying why), down every chain."""
        left_out = True
        while left_out:
            left_out = False
            for name in sorted(self.repo.cartridges):
                parent = self._parent(name)
                if parent is None or parent in self.repo.cartridges or name in self.cycles:
                    continue  # a missing parent, or a cycle, has been reported (and left out) already
                document = self.raw_cartridges[name][0]
                folder = self.layout.relative(self.layout.cartridges / parent)
                self.add(document.problem(("adapted_from", "cartridge"), f"the cartridge '{parent}' this lesson adapts has errors of its own, so this lesson is left out until they are fixed", f"Fix the problems reported for {folder}."))
                del self.repo.cartridges[name]
                left_out = True

    def credit_parents(self) -> None:
        """Give each Math Hub adaptation its parent's credit (title, authors, licence), for the attribution line."""
        for name in sorted(self.repo.cartridges):
            cartridge = self.repo.cartridges[name]
            parent = self.repo.cartridges.get(self._parent(name) or "")
            if parent is not None and cartridge.adapted_from is not None:
                credit = replace(cartridge.adapted_from, source_title=parent.title, source_author=names(parent.authors), source_license=parent.license)
                self.repo.cartridges[name] = replace(cartridge, adapted_from=credit)

    def cartridge(self, folder_name: str, document: Document, folder: Path) -> Callable[[], None]:
        """Check one cartridge; return a step that runs once all rubrics are known."""
        data = document.data
        if isinstance(data.get("id"), str) and data["id"] != folder_name:
            self.add(document.problem(("id",), f"the id '{data['id']}' does not match the folder name '{folder_name}'", f"Set 'id: {folder_name}', or rename the folder to '{data['id']}'."))
        alignment = {role: self.standards_list(document, ("standards", role), _list(data, "standards", role)) for role in ROLES}
        for role in ("builds_on", "builds_towards"):
            for index, code in enumerate(alignment[role]):
                if code in alignment["addresses"]:
                    self.add(document.problem(("standards", role, index), f"{code} is also listed under 'addresses'", "A standard has one role in a lesson; keep it where it fits best.", "warning"))
        practices: list[str] = []
        for raw in _list(data, "practices"):
            practice = self.catalogue.resolve_practice(raw) if isinstance(raw, str) else None
            if practice and practice not in practices:
                practices.append(practice)
        grades = [g for g in _list(data, "grades") if isinstance(g, str)]
        if "HS" not in grades and data.get("course"):
            self.add(document.problem(("course",), "'course' is only used for high-school lessons", "Remove 'course', or add \"HS\" to the grades.", "warning"))
        for index, code in enumerate(alignment["addresses"]):
            standard = self.catalogue.standard(code)
            if grades and standard.grade not in grades:
                self.add(document.problem(("standards", "addresses", index), f"{code} is a grade {standard.grade} standard, but the lesson is for grade {', '.join(grades)}", f"Add \"{standard.grade}\" to the grades, or move the code to 'builds_on' or 'builds_towards'.", "warning"))
        attachments = []
        referenced: set[Path] = set()
        for index, item in enumerate(_list(data, "resources", "attachments")):
            file = self.file_check(document, folder, ("resources", "attachments", index, "path"), _get(item, "path"), ATTACHMENT_TYPES)
            if file is not None:
                referenced.add(file)
                if isinstance(_get(item, "title"), str):
                    attachments.append(Attachment(str(item["path"]), item["title"], file.stat().st_size))
        for index, item in enumerate(_list(data, "resources", "videos")):
            if _get(item, "transcript") is not None:
                file = self.file_check(document, folder, ("resources", "videos", index, "transcript"), _get(item, "transcript"), TRANSCRIPT_TYPES)
                if file is not None:
                    referenced.add(file)
        status = _get(data, "review", "status")
        status = status if status in self.schemas.vocabulary.statuses else self.schemas.vocabulary.statuses.values[0]
        self.check_handout_file(folder, document, status)
        referenced.update(self.check_body(document.body, document.path, document.body_line, folder, status))
        lesson = self.lesson(document, grades, status)
        self.publish_folder(folder, referenced)

        def finish() -> None:
            self.check_references(folder_name, document)
            if self.clean(document):
                self.repo.cartridges[folder_name] = _cartridge(data, alignment, practices, attachments, document, self.layout.relative(folder), lesson)

        return finish

    def report(self, path: str, findings: list[Finding], status: str) -> None:
        """Editorial findings as problems, with the severity the review status calls for."""
        self.repo.problems.extend(RULES[finding.rule].problem(path, finding, status) for finding in findings)

    def lesson(self, document: Document, grades: list[str], status: str) -> Lesson:
        """The body as a v2 lesson, its structure and editorial rules checked."""
        space, vocabulary = default_space(grades), self.schemas.vocabulary
        lesson, findings = parse_lesson(document.body, document.body_line, space=space, vocabulary=vocabulary)
        if unclosed_fence(document.body) is not None:
            return lesson  # everything after the fence reads as code: report the fence alone (check_body), not what it swallowed
        numbers = task_numbers(lesson)
        body, references = resolve_body(document.body, document.body_line, lesson, numbers)
        if body != document.body:  # {task N} became the printed number: parse the text the pages will show
            lesson, findings = parse_lesson(body, document.body_line, space=space, vocabulary=vocabulary)
        findings.extend(references)
        findings.extend(resolve_front_matter(document, numbers))
        timed = not any(f.rule == "heading-minutes" for f in findings)
        findings.extend(check_cartridge(document, lesson, complete_headings=timed))
        self.report(document.path, findings, status)
        return lesson

    def check_handout_file(self, folder: Path, document: Document, status: str) -> None:
        """The handout is generated from index.md now: a handout.md left over would be silently ignored."""
        file = folder / "handout.md"
        if file.is_file() or file.is_symlink():
            self.report(self.layout.relative(file), [Finding("handout-file", 1, 1)], status)

    def check_body(self, body: str, path: str, first_line: int, folder: Path | None, status: str | None = None) -> set[Path]:
        """Limits first (nothing over a limit is parsed further), then HTML and links, then images: in the
        folder, present, described by alt text. Returns the files in ``folder`` the body shows or links to.

        ``status`` is the lesson's review status (cartridges only): alt text too short to describe an image is then reported.
        """
        control = _CONTROL.search(body)
        if control:
            line = body.count("\n", 0, control.start()) + first_line
            self.add(Problem(path, line, control.start() - body.rfind("\n", 0, control.start()), "", f"the text contains the control character U+{ord(control.group(0)):04X}", "Delete it (it is invisible in most editors; retype the text around it)."))
        fence = unclosed_fence(body)
        if fence is not None:
            opened, marker = fence
            self.add(Problem(path, first_line + opened - 1, 0, "", f"the code block opened with {marker} on this line is never closed, so everything after it shows as code", f"Add a line with just {marker} where the code block should end, or remove the opening {marker}."))
        limits = check_size(body, path, first_line)
        if limits:
            self.repo.problems.extend(limits)
            return set()
        found = scan(body)
        self.repo.problems.extend(check_markup(found, path, first_line))
        self.repo.problems.extend(check_markdown(found, path, first_line))
        referenced: set[Path] = set()
        targets = [(link.offset, link.url, link.image, link.alt) for link in found.links if link.kind != "autolink"]
        for tag in found.tags:
            attrs = dict(tag.attrs)
            if tag.name == "img" and attrs.get("src"):
                targets.append((tag.offset, attrs["src"] or "", True, attrs.get("alt")))
            elif tag.name == "a" and attrs.get("href"):
                targets.append((tag.offset, attrs["href"] or "", False, None))
        for offset, url, image, alt in sorted(targets, key=lambda t: t[0]):
            line, column = found.locate(offset)
            line += first_line - 1
            if image and (alt is None or not alt.strip()):
                self.add(Problem(path, line, column, "", f"the image '{url}' has no alt text", "Describe what the image shows, for example ![A number line from 0 to 1 marked in fourths](number-line.svg)."))
            elif image and alt is not None and status is not None and len(alt.strip()) < _MINIMUM_ALT:
                self.report(path, [Finding("image-alt-text", line, column, {"src": url, "alt": alt.strip()})], status)
            local = unquote(html.unescape(url).strip().split("#")[0].split("?")[0])
            if folder is None or not local or scheme(url) or remote(url) or _LOCAL.match(local) or ".." in local.split("/") or local.endswith(".md"):
                continue  # remote, absolute, escaping and page links: check_markdown reports what is wrong with them
            file, message, hint = check_relative(folder, local, noun="image" if image else "file")
            if file is None:
                self.add(Problem(path, line, column, "", message, hint))
            else:
                referenced.add(file)
        return referenced

    def publish_folder(self, folder: Path, referenced: set[Path]) -> None:
        """Publish exactly the files the cartridge names or shows: of an allowed type and size, SVGs rebuilt
        from the allowlist. Anything else in the folder is reported once and never published."""
        content = self.layout.content
        for entry in sorted(folder.rglob("*")):
            display = self.layout.relative(entry)
            if not inside(entry, folder):
                self.add(Problem(display, 0, 0, "", f"'{entry.name}' is a link that leads outside the cartridge folder", "Replace the link with a real copy of the file, or delete it; it is never published.", "error", UNSAFE_FILE))
                continue
            if entry.is_dir() or entry.name in ("index.md", "handout.md") and entry.parent == folder or entry.name.startswith("."):
                continue
            if entry not in referenced:
                self.add(Problem(display, 0, 0, "", "no field or page of the cartridge refers to this file, so it is not published", "List it under resources.attachments, show it with ![alt text](file), or delete it.", "warning", UNPUBLISHED))
                continue
            if entry.suffix.lower() not in ATTACHMENT_TYPES and entry.suffix.lower() not in TRANSCRIPT_TYPES:
                self.add(Problem(display, 0, 0, "", f"'{entry.name}' is not an allowed file type, so it is not published", f"Allowed types: {', '.join(sorted(ATTACHMENT_TYPES))}.", "error", UNPUBLISHED))
                continue
            size = entry.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                self.add(Problem(display, 0, 0, "", f"the file is {size:,} bytes; the limit is {MAX_ATTACHMENT_BYTES:,} bytes", "Compress the file or link to it from a video or web page instead."))
                continue
            uri = entry.relative_to(content).as_posix()
            if not svg_file(entry.name):
                self.repo.published[uri] = Published(display)
                continue
            text, problems = decode(entry.read_bytes(), display)
            self.repo.problems.extend(problems)
            if text is None:
                continue
            cleaned, problems = clean_svg(text.encode("utf-8"), display)
            self.repo.problems.extend(problems)
            if cleaned is not None:
                self.repo.published[uri] = Published(display, cleaned)

    def rubric(self, file_stem: str, document: Document) -> None:
        data = document.data
        if isinstance(data.get("id"), str) and data["id"] != file_stem:
            self.add(document.problem(("id",), f"the id '{data['id']}' does not match the file name '{file_stem}.md'", f"Set 'id: {file_stem}', or rename the file to '{data['id']}.md'."))
        standards = self.standards_list(document, ("standards",), _list(data, "standards"))
        self.check_body(document.body, document.path, document.body_line, None)
        if data.get("kind") == "review" and standards:
            self.add(document.problem(("standards",), "a review rubric judges lessons, not students, so it lists no standards", "Remove 'standards', or change the kind.", "warning"))
        for c_index, criterion in enumerate(_list(data, "criteria")):
            scores = [level.get("score") for level in _list(criterion, "levels") if isinstance(level, dict)]
            numbers = [s for s in scores if isinstance(s, int)]
            if len(numbers) != len(set(numbers)):
                self.add(document.problem(("criteria", c_index, "levels"), "two levels have the same score", "Give each level its own score."))
            elif numbers != sorted(numbers, reverse=True):
                self.add(document.problem(("criteria", c_index, "levels"), "levels are not listed from highest to lowest score", "Reorder the levels so the highest score comes first."))
        if self.clean(document):
            self.repo.rubrics[file_stem] = _rubric(data, standards, document)

    def check_lineage(self) -> None:
        """Report an adaptation cycle on every member (each is left out, so each page must say why)."""
        parents = {
            name: target
            for name, (document, _) in self.raw_cartridges.items()
            if isinstance(target := _get(document.data, "adapted_from", "cartridge"), str) and target in self.raw_cartridges and target != name
        }
        reported: set[str] = set()
        for start in sorted(parents):
            chain, node = [start], parents[start]
            while node in parents and node not in chain:
                chain.append(node)
                node = parents[node]
            if node == start and start not in reported:
                reported.update(chain)
                for position, name in enumerate(chain):
                    loop = " -> ".join([*chain[position:], *chain[:position], name])
                    self.add(self.raw_cartridges[name][0].problem(("adapted_from", "cartridge"), f"'adapted_from' goes round in a circle: {loop}", "One of these cartridges must be the original; remove its 'adapted_from'."))
                    self.repo.cartridges.pop(name, None)
                self.cycles.update(chain)

    @staticmethod
    def _closest(kind: str, name: str, known: list[str]) -> str:
        import difflib

        match = difflib.get_close_matches(name, sorted(known), n=1)
        return f"Did you mean '{match[0]}'?" if match else f"Check the {kind} id; known ids are the file or folder names."


def _less_time(data: dict[str, Any]) -> LessTime | None:
    less = data.get("less_time")
    if not less:
        return None
    return LessTime(less["minutes"], tuple(LessTimeStep(s["activity"], bool(s.get("skip")), s.get("minutes"), s.get("note", "")) for s in less["plan"]))


def _cartridge(data: dict[str, Any], alignment: Mapping[Role, list[str]], practices: list[str], attachments: list[Attachment], document: Document, folder: str, lesson: Lesson) -> Cartridge:
    adapted = data.get("adapted_from")
    source = (adapted or {}).get("source") or {}
    return Cartridge(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        student_goal=data["student_goal"],
        language=data["language"],
        version=data["version"],
        updated=data["updated"],
        grades=tuple(data["grades"]),
        course=data.get("course"),
        alignment=Alignment(tuple(alignment["addresses"]), tuple(alignment["builds_on"]), tuple(alignment["builds_towards"])),
        practices=tuple(sorted(practices, key=lambda code: int(code[2:]))),
        minutes=data["minutes"],
        grouping=tuple(data.get("grouping", ())),
        materials=tuple(data.get("materials", ())),
        preparation=data.get("preparation", ""),
        approaches=tuple(data["approaches"]),
        goals=tuple(data["goals"]),
        targets=tuple(data["targets"]),
        vocabulary=tuple(VocabularyTerm(v["term"], v["definition"]) for v in data.get("vocabulary", ())),
        less_time=_less_time(data),
        rubrics=tuple(_get(data, "assessment", "rubrics") or ()),
        attachments=tuple(attachments),
        videos=tuple(
            Video(v["url"], v["title"], v["captions"], v.get("minutes"), v.get("transcript"))
            for v in _list(data, "resources", "videos")
        ),
        authors=tuple(data["authors"]),
        license=data["license"],
        adapted_from=Adaptation(adapted["changes"], adapted.get("cartridge"), source.get("title"), source.get("url"), source.get("license"), source.get("author")) if adapted else None,
        status=data["review"]["status"],
        reviews=tuple(
            ReviewRecord(r["reviewer"], r["date"], r["rubric"], r["outcome"], r.get("notes", ""))
            for r in _list(data, "review", "records")
        ),
        source=document.path,
        folder=folder,
        body=document.body,
        body_line=document.body_line,
        lesson=lesson,
    )


def _rubric(data: dict[str, Any], standards: list[str], document: Document) -> Rubric:
    return Rubric(
        id=data["id"],
        title=data["title"],
        summary=data.get("summary", ""),
        kind=data["kind"],
        language=data.get("language", "en"),
        updated=data.get("updated", ""),
        grades=tuple(data["grades"]),
        standards=tuple(standards),
        criteria=tuple(
            Criterion(c["name"], c.get("description", ""), tuple(Level(l["score"], l["label"], l["descriptor"]) for l in c["levels"]))
            for c in data["criteria"]
        ),
        license=data["license"],
        authors=tuple(data["authors"]),
        source=document.path,
        body=document.body,
        body_line=document.body_line,
    )


def load_repository(root: Path, *, content: Path | None = None, schema: Path | None = None, catalogue: Catalogue | None = None, scope: Scope | None = None) -> Repository:
    """Load and check every cartridge and rubric under ``root`` in one pass.

    The catalogue is the bundled one plus the repository's ``frameworks/`` (unless ``catalogue`` is given).
    With a ``scope``, read only its lessons and rubrics and what they refer to, and keep only the problems
    in their own files: the same problems a full load reports for them.
    """
    layout = Layout.of(Path(root), content, schema)
    framework_problems: list[Problem] = []
    if catalogue is None:
        catalogue, framework_problems = load_repository_catalogue(layout.frameworks, layout.relative, load_catalogue())
    repository = _Loader(layout, catalogue, load_schemas(layout.schema), scope).load()
    if framework_problems and scope is None:
        repository.problems = sorted(repository.problems + framework_problems)
    return repository
