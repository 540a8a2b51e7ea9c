"""Write new, valid skeleton cartridges and rubrics without ever overwriting one.

The skeleton passes the validator as written, so a contributor starts from
green and fills in the blanks; the folder appears all at once (written
beside it, then renamed) so a half-written cartridge never exists.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .model import GUIDE_SECTIONS
from .standards import GRADES, Catalogue

__all__ = ["ScaffoldError", "slugify", "new_cartridge", "new_rubric"]


class ScaffoldError(Exception):
    """A request the scaffold cannot carry out; the message says what to do instead."""


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60].rstrip("-") or "untitled"


def _dump(data: Mapping[str, object]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


@dataclass(frozen=True)
class _Request:
    title: str
    grades: tuple[str, ...]
    standards: tuple[str, ...]
    slug: str


def _check(catalogue: Catalogue, title: str, grades: list[str], standards: list[str], slug: str | None) -> _Request:
    if not title.strip():
        raise ScaffoldError("--title must not be empty")
    bad = [g for g in grades if g not in GRADES]
    if bad:
        raise ScaffoldError(f"unknown grade {bad[0]!r}; use one of {', '.join(GRADES)}")
    codes = []
    for raw in standards:
        found = catalogue.resolve(raw)
        if found.code is None:
            hint = f" Did you mean '{found.suggestion}'?" if found.suggestion else ""
            raise ScaffoldError(f"unknown standard code {raw!r}.{hint}")
        codes.append(found.code)
    slug = slug or slugify(title)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or len(slug) < 3:
        raise ScaffoldError(f"{slug!r} is not a valid id: use lowercase letters, digits and hyphens")
    return _Request(title.strip(), tuple(grades), tuple(codes), slug)


def _write_folder(target: Path, files: dict[str, str]) -> None:
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another --id, or edit the existing one")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        os.rename(staging, target)  # fails rather than replacing an existing folder
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"could not create {target}: {error.strerror or error}") from error


def _write_file(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError as error:
        raise ScaffoldError(f"{target} already exists; choose another --id, or edit the existing one") from error


def _schema_comment(schema_url: str | None) -> str:
    """The YAML language server's modeline: editors that read it offer completion and errors from the schema."""
    return f"# yaml-language-server: $schema={schema_url}\n" if schema_url else ""


def new_cartridge(content: Path, catalogue: Catalogue, *, title: str, grades: list[str], standards: list[str], slug: str | None = None, author: str = "Math Hub contributors", today: date | None = None, schema_url: str | None = None) -> Path:
    """Create ``content/cartridges/<slug>/`` with ``index.md`` and ``handout.md``; return the folder.

    ``schema_url`` (the cartridge schema's ``$id``) goes into a ``yaml-language-server`` comment on the first line.
    """
    request = _check(catalogue, title, grades, standards, slug)
    if not request.standards:
        raise ScaffoldError("give at least one --standard the lesson addresses")
    phases = {"warm-up": 10, "launch": 5, "explore": 25, "synthesis": 10, "cool-down": 10}
    front = {
        "id": request.slug,
        "title": request.title,
        "summary": "One sentence: what students do and learn in this lesson.",
        "language": "en",
        "version": "0.1",
        "updated": (today or date.today()).isoformat(),
        "grades": list(request.grades),
        "standards": {"addresses": list(request.standards), "builds_on": [], "builds_towards": []},
        "practices": ["MP3"],
        "duration": {"total": sum(phases.values()), "phases": phases},
        "grouping": ["pairs", "whole-class"],
        "materials": ["student handout (one per student)"],
        "preparation": "Print the handout.",
        "approaches": ["concept-first"],
        "goals": ["Describe what students will understand."],
        "targets": ["I can describe what I will be able to do."],
        "assessment": {"rubrics": []},
        "authors": [author],
        "license": "CC-BY-4.0",
        "review": {"status": "draft"},
    }
    headings = []
    for section in GUIDE_SECTIONS:
        minutes = phases.get(section.lower())
        heading = f"## {section}" + (f" ({minutes} minutes)" if minutes else "")
        headings.append(f"{heading}\n\nTODO: write this section.\n")
    guide = f"---\n{_schema_comment(schema_url)}{_dump(front)}---\n\n" + "\n".join(headings)
    handout = "## Warm-up\n\nTODO: the warm-up task, as students see it.\n\n## Tasks\n\nTODO: the tasks, with space to work. No answers here.\n\n## Cool-down\n\nTODO: the cool-down question.\n"
    target = content / "cartridges" / request.slug
    _write_folder(target, {"index.md": guide, "handout.md": handout})
    return target


def new_rubric(content: Path, catalogue: Catalogue, *, title: str, grades: list[str], standards: list[str], kind: str = "analytic", slug: str | None = None, author: str = "Math Hub contributors", today: date | None = None, schema_url: str | None = None) -> Path:
    """Create ``content/rubrics/<slug>.md`` with one example criterion; return the file."""
    request = _check(catalogue, title, grades, standards, slug)
    if kind not in ("analytic", "holistic", "single-point", "checklist", "review"):
        raise ScaffoldError(f"unknown kind {kind!r}; use analytic, holistic, single-point, checklist or review")
    levels = [
        {"score": 3, "label": "Meets", "descriptor": "Describe work that fully meets the criterion."},
        {"score": 2, "label": "Approaching", "descriptor": "Describe work that partly meets it."},
        {"score": 1, "label": "Beginning", "descriptor": "Describe work that is just starting."},
    ]
    front: dict[str, object] = {
        "id": request.slug,
        "title": request.title,
        "summary": "One sentence: what this rubric assesses and when to use it.",
        "kind": kind,
        "language": "en",
        "updated": (today or date.today()).isoformat(),
        "grades": list(request.grades),
    }
    if request.standards and kind != "review":
        front["standards"] = list(request.standards)
    front.update({
        "criteria": [{"name": "Name the criterion", "description": "What this criterion looks for.", "levels": levels}],
        "license": "CC-BY-4.0",
        "authors": [author],
    })
    body = "## Scoring guidance\n\nTODO: how to score, with examples of work at each level.\n\n## Student-friendly version\n\nTODO: the criteria in words students use.\n"
    target = content / "rubrics" / f"{request.slug}.md"
    _write_file(target, f"---\n{_schema_comment(schema_url)}{_dump(front)}---\n\n{body}")
    return target
