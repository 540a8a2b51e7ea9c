"""Math Hub's controlled vocabularies, read from the one place they are declared: ``schema/defs.schema.json``.

Grades, review statuses, alignment roles, lesson sections and parts, answer
spaces, rubric kinds, groupings, review outcomes, teaching approaches and
licences are each a ``$defs`` entry written as ``oneOf`` a list of
``{"const": value, "title": label, "description": ...}``. The schema validates
with that list; this module gives Python the same list with its labels, and
``Vocabulary.for_script`` gives it to templates and JavaScript. Nothing else
in the package spells a vocabulary out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_SCHEMA_DIR", "KINDS", "Term", "Terms", "Vocabulary", "VOCABULARY", "load_vocabulary", "vocabulary_from_defs",
]

DEFAULT_SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schema"
"""The repository's ``schema/`` folder, beside ``plugins/`` (the package is installed in place, ``pip install -e .``)."""

KINDS: dict[str, str] = {
    "grade": "grades",
    "status": "statuses",
    "alignment_role": "roles",
    "lesson_section": "sections",
    "lesson_part": "parts",
    "answer_space": "answer_spaces",
    "rubric_kind": "rubric_kinds",
    "grouping": "groupings",
    "review_outcome": "review_outcomes",
    "approach": "approaches",
    "license": "licenses",
}
"""``$defs`` name -> attribute of ``Vocabulary``: every vocabulary the schemas declare."""


@dataclass(frozen=True)
class Term:
    """One allowed value with its human label; ``extra`` holds the ``x-`` annotations (``x-timed`` -> ``timed``)."""

    value: str
    label: str
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.extra.get(name, default)


@dataclass(frozen=True)
class Terms:
    """The terms of one vocabulary, in their declared order (which is meaningful: grades, statuses, sections)."""

    name: str
    terms: tuple[Term, ...]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @cached_property
    def _by_value(self) -> dict[str, Term]:
        return {term.value: term for term in self.terms}

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self._by_value  # front matter may hold a list or a mapping here

    def __getitem__(self, value: str) -> Term:
        try:
            return self._by_value[value]
        except KeyError:
            raise KeyError(f"{value!r} is not a {self.name}") from None

    @cached_property
    def values(self) -> tuple[str, ...]:
        return tuple(term.value for term in self.terms)

    @property
    def labels(self) -> dict[str, str]:
        return {term.value: term.label for term in self.terms}

    def label(self, value: str) -> str:
        """The label of ``value``, or ``value`` itself for a value the vocabulary does not know."""
        term = self._by_value.get(value)
        return term.label if term else value

    def rank(self, value: str) -> int:
        """Position in the declared order; -1 for an unknown value."""
        return self.values.index(value) if value in self._by_value else -1

    def by_label(self) -> dict[str, Term]:
        return {term.label: term for term in self.terms}


@dataclass(frozen=True)
class Vocabulary:
    """Every vocabulary the schemas declare, as ordered ``Terms``."""

    grades: Terms
    statuses: Terms
    roles: Terms
    sections: Terms
    parts: Terms
    answer_spaces: Terms
    rubric_kinds: Terms
    groupings: Terms
    review_outcomes: Terms
    approaches: Terms
    licenses: Terms

    @property
    def activity_kinds(self) -> Terms:
        """The timed sections (warm-up, activity, lesson synthesis, cool-down): a lesson's activities."""
        return Terms("activity kind", tuple(term for term in self.sections if term.get("timed")))

    def status_rank(self, status: str) -> int:
        return self.statuses.rank(status)

    def grade_label(self, grade: str) -> str:
        return self.grades.label(grade)

    def for_script(self) -> dict[str, list[dict[str, Any]]]:
        """Plain JSON-ready data for templates and ``lessons.js``: every vocabulary, in order, with labels."""
        return {
            attribute: [{"value": t.value, "label": t.label, "description": t.description, **dict(t.extra)} for t in getattr(self, attribute)]
            for attribute in sorted(KINDS.values())
        }


def _terms(name: str, definition: Mapping[str, Any]) -> Terms:
    options = definition.get("oneOf")
    if not isinstance(options, list) or not options or not all(isinstance(o, dict) and "const" in o and "title" in o for o in options):
        raise ValueError(f"defs.schema.json: $defs/{name} must be 'oneOf' a list of {{\"const\": ..., \"title\": ...}} terms")
    return Terms(
        name.replace("_", " "),
        tuple(
            Term(str(o["const"]), str(o["title"]), str(o.get("description", "")), {k[2:]: v for k, v in o.items() if k.startswith("x-")})
            for o in options
        ),
    )


def vocabulary_from_defs(defs: Mapping[str, Any]) -> Vocabulary:
    """Build the vocabulary from a parsed ``defs.schema.json`` document."""
    declared = defs.get("$defs", {})
    missing = [name for name in KINDS if name not in declared]
    if missing:
        raise ValueError(f"defs.schema.json: $defs has no {', '.join(missing)}")
    return Vocabulary(**{attribute: _terms(name, declared[name]) for name, attribute in KINDS.items()})


@cache
def load_vocabulary(schema_dir: Path = DEFAULT_SCHEMA_DIR) -> Vocabulary:
    """The vocabulary declared in ``schema_dir/defs.schema.json`` (read once per process)."""
    return vocabulary_from_defs(json.loads((schema_dir / "defs.schema.json").read_text(encoding="utf-8")))


VOCABULARY: Vocabulary = load_vocabulary()
"""The repository's vocabulary, for code that runs before (or without) loading a repository: argument choices, the scaffold."""
