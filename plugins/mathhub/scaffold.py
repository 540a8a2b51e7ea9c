"""Write new skeleton cartridges and rubrics without ever overwriting one.

The cartridge skeleton is a complete lesson in format version 2 whose
placeholders are ``TODO``s: as a ``draft`` it passes the validator with
warnings only (``validate --strict``, as CI runs it, fails until they are
replaced). The folder appears all at once (written beside it, then renamed)
so a half-written cartridge never exists.
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

from .standards import GRADES, Catalogue
from .vocabulary import VOCABULARY

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


_LESSON_BODY = """\
## Overview

TODO: where this lesson sits: what students already know, and the idea they meet today.

## Warm-up (5 minutes)

### Launch

TODO: how to start, for example one minute of quiet think time, then partners compare.

### Student task

1. TODO: the warm-up question, as students read it.

### Expected responses

1. TODO: the answer you expect, with the mathematics that shows it.

### Activity synthesis

TODO: what to ask so the warm-up leads into Activity 1.

## Activity 1: TODO a title (20 minutes)

### Launch

TODO: how to introduce the task.

### Student task

TODO: the situation, as students read it. Each numbered item below is one task on the handout.

1. TODO: the first question. {space: box 6}
2. TODO: the second question.

### Expected responses

1. TODO: the expected response to the first task.
2. TODO: the expected response to the second task.

### Anticipated student thinking

TODO: ideas and misconceptions to look for, and what to ask.

### Activity synthesis

TODO: which strategies to share, and the idea to name.

### Extension

TODO: a question for students who finish early.

### Extension responses

TODO: the answer to the extension.

### Supports for multilingual learners

TODO: word banks, sentence frames, visuals.

### Supports for students with disabilities

TODO: how to lower barriers without lowering the mathematics.

## Activity 2: TODO a title (15 minutes)

### Launch

TODO: how to introduce the task.

### Student task

1. TODO: the first question.
2. TODO: the second question.

### Expected responses

1. TODO: the expected response to the first task.
2. TODO: the expected response to the second task.

### Activity synthesis

TODO: which strategies to share, and the idea to name.

## Lesson synthesis (10 minutes)

TODO: the questions that draw the lesson together.

## Cool-down (10 minutes)

### Student task

TODO: one short question that shows what each student learned.

### Expected responses

TODO: the answer, with the work that shows it.

### Responding to student thinking

TODO: what to do next with students who did not get it.

## Student lesson summary

TODO: the big idea of the lesson in words students read, with an example.

## Practice problems

### Problems

1. TODO: a practice problem.
2. TODO: a practice problem.
3. TODO: a practice problem.

### Answers

1. TODO: its answer.
2. TODO: its answer.
3. TODO: its answer.
"""
"""The body of a new cartridge: every required section and part, each holding a TODO."""


def new_cartridge(content: Path, catalogue: Catalogue, *, title: str, grades: list[str], standards: list[str], slug: str | None = None, author: str = "Math Hub contributors", today: date | None = None, schema_url: str | None = None) -> Path:
    """Create ``content/cartridges/<slug>/index.md``, a draft lesson whose placeholders are warnings; return the folder.

    ``schema_url`` (the cartridge schema's ``$id``) goes into a ``yaml-language-server`` comment on the first line.
    """
    request = _check(catalogue, title, grades, standards, slug)
    if not request.standards:
        raise ScaffoldError("give at least one --standard the lesson addresses")
    front = {
        "id": request.slug,
        "title": request.title,
        "summary": "TODO: one sentence that tells a teacher what students do and learn.",
        "student_goal": "TODO: Let's ... (one sentence for students).",
        "language": "en",
        "version": "0.1",
        "updated": (today or date.today()).isoformat(),
        "grades": list(request.grades),
        "standards": {"addresses": list(request.standards), "builds_on": [], "builds_towards": []},
        "practices": ["MP3"],
        "minutes": 60,
        "grouping": ["pairs", "whole-class"],
        "materials": ["student handout (one per student)"],
        "preparation": "TODO: what to print or set up before class.",
        "approaches": ["concept-first"],
        "goals": ["TODO: what students will understand or be able to do."],
        "targets": ["I can TODO: what students will be able to do, in their words."],
        "vocabulary": [{"term": "TODO", "definition": "TODO: a new word of the lesson, defined in words students understand."}],
        "less_time": {
            "minutes": 45,
            "plan": [
                {"activity": "warm-up", "skip": True, "note": "TODO: how to start without the warm-up."},
                {"activity": "activity-2", "minutes": 5, "note": "TODO: which part of Activity 2 to keep."},
            ],
        },
        "assessment": {"rubrics": []},
        "authors": [author],
        "license": "CC-BY-4.0",
        "review": {"status": "draft"},
    }
    target = content / "cartridges" / request.slug
    _write_folder(target, {"index.md": f"---\n{_schema_comment(schema_url)}{_dump(front)}---\n\n{_LESSON_BODY}"})
    return target


def new_rubric(content: Path, catalogue: Catalogue, *, title: str, grades: list[str], standards: list[str], kind: str = "analytic", slug: str | None = None, author: str = "Math Hub contributors", today: date | None = None, schema_url: str | None = None) -> Path:
    """Create ``content/rubrics/<slug>.md`` with one example criterion; return the file."""
    request = _check(catalogue, title, grades, standards, slug)
    if kind not in VOCABULARY.rubric_kinds:
        raise ScaffoldError(f"unknown kind {kind!r}; use {', '.join(VOCABULARY.rubric_kinds.values)}")
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
