"""Mastery: the share of students meeting each standard, by school and term, and the lessons that close the gap.

Built from aggregated records (one per school, term and standard; never a
student), either freshly read from results files (``mathhub.reports.results``)
or read back from a published summary (the site). Every figure is aggregated
up the framework (standard -> cluster -> domain -> grade) and across schools
("All schools"), weighted by the number of students assessed; then every cell
is suppressed by its own n, with complementary suppression along each of those
sums (``mathhub.privacy``). Weak cells and their lessons come from published
cells only, so the site and the reports show the same thing. Pure Python.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .charts import Cell, ChartCaption, heatmap
from .coverage import DEFAULT_MIN_STATUS, is_intervention, lesson_minutes, standard_order
from .library import Library
from .model import status_rank
from .privacy import Margin, suppress
from .standards import GRADES, Framework, grade_label

__all__ = [
    "ALL_SCHOOLS", "DEFAULT_WEAK_BELOW", "SHORT_MINUTES", "LessonSuggestion", "Mastery", "MasteryCell", "MasteryRecord", "WeakCell",
    "build_mastery", "gap_lessons", "mastery_from_json", "reading_order",
]

ALL_SCHOOLS = "All schools"
DEFAULT_WEAK_BELOW = 0.5
"""A cell is weak when fewer than half of the students assessed met the standard."""
SHORT_MINUTES = 30
"""A lesson this long or shorter fits an intervention block."""
Level = Literal["standard", "cluster", "domain", "grade"]
LEVELS: tuple[Level, ...] = ("standard", "cluster", "domain", "grade")
State = Literal["value", "small", "hidden"]


@dataclass(frozen=True)
class MasteryRecord:
    """Students assessed on one standard at one school in one term, and how many met it (sections summed)."""

    school: str
    term: str
    standard: str
    assessed: int
    meeting: int
    classes: int


@dataclass(frozen=True)
class MasteryCell:
    level: Level
    key: str
    """Standard code, cluster code, domain key (``5|NF``) or grade."""
    school: str
    """A school code, or ``ALL_SCHOOLS``."""
    term: str
    assessed: int
    meeting: int
    classes: int
    state: State = "value"

    @property
    def share(self) -> float | None:
        return self.meeting / self.assessed if self.state == "value" and self.assessed else None


@dataclass(frozen=True)
class LessonSuggestion:
    id: str
    title: str
    minutes: int
    intervention: bool
    standard: str
    """The standard it addresses: the weak one, or its weak prerequisite."""

    @property
    def short(self) -> bool:
        return self.minutes <= SHORT_MINUTES


@dataclass(frozen=True)
class WeakCell:
    school: str
    term: str
    standard: str
    share: float
    assessed: int
    lessons: tuple[LessonSuggestion, ...]
    """Lessons that address the standard: short or intervention lessons first, then the rest; shortest first in each."""
    prerequisites: tuple[tuple[str, float], ...]
    """Prerequisites (Coherence Map) that also show weak mastery at this school in this term, with their share."""
    prerequisite_lessons: tuple[LessonSuggestion, ...]
    """Lessons for those prerequisites, shortest first."""


@dataclass
class Mastery:
    """Every published cell (suppressed), and what a page or report shows from them."""

    cells: dict[tuple[str, str, str, str], MasteryCell]
    """(level, key, school, term) -> cell."""
    schools: list[str]
    labels: dict[str, str]
    terms: list[str]
    threshold: int
    weak_below: float = DEFAULT_WEAK_BELOW
    caption: ChartCaption = field(default_factory=ChartCaption)
    synthetic: bool = False

    def cell(self, level: str, key: str, school: str, term: str) -> MasteryCell | None:
        return self.cells.get((level, key, school, term))

    order: dict[str, int] = field(default_factory=dict)
    """Reading order of standard, cluster and domain keys and grades (``reading_order``)."""

    def keys(self, level: str) -> list[str]:
        return sorted({c.key for c in self.cells.values() if c.level == level}, key=lambda key: (self.order.get(key, len(self.order)), key))

    def label(self, school: str) -> str:
        return self.labels.get(school, school)

    def columns(self) -> list[tuple[str, str]]:
        """(school, term) for every column of a heat map: each school's terms, then all schools."""
        present = {(c.school, c.term) for c in self.cells.values()}
        return [(s, t) for s in [*self.schools, ALL_SCHOOLS] for t in self.terms if (s, t) in present]

    def weak_cells(self, library: Library, min_status: str = DEFAULT_MIN_STATUS) -> list[WeakCell]:
        """Standard-level cells of one school below ``weak_below`` (never a suppressed cell), each with the lessons that close the gap."""
        framework = library.framework
        out = []
        for c in self.cells.values():
            share = c.share
            if c.level != "standard" or c.school == ALL_SCHOOLS or share is None or share >= self.weak_below:
                continue
            weak_prerequisites = []
            for p in framework.prerequisites.get(c.key, ()):
                other = self.cell("standard", p, c.school, c.term)
                if other is not None and other.share is not None and other.share < self.weak_below:
                    weak_prerequisites.append((p, round(other.share, 4)))
            lessons = gap_lessons(library, [c.key], min_status)
            before = [lesson for lesson in lessons if lesson.short or lesson.intervention]
            prerequisite_lessons = gap_lessons(library, [p for p, _ in weak_prerequisites], min_status)
            out.append(WeakCell(
                c.school, c.term, c.key, round(share, 4), c.assessed,
                tuple(before + [lesson for lesson in lessons if lesson not in before]), tuple(weak_prerequisites), tuple(prerequisite_lessons),
            ))
        order = self.order
        return sorted(out, key=lambda w: (w.term, self.schools.index(w.school) if w.school in self.schools else 99, order.get(w.standard, 0)))

    def trend(self, level: Level = "cluster") -> list[dict[str, Any]]:
        """Change in the share meeting between consecutive terms, per school (published cells only)."""
        rows = []
        for key in self.keys(level):
            for school in [*self.schools, ALL_SCHOOLS]:
                for earlier, later in zip(self.terms, self.terms[1:], strict=False):
                    a, b = self.cell(level, key, school, earlier), self.cell(level, key, school, later)
                    if a is None or b is None:
                        continue
                    change = None if a.share is None or b.share is None else round(b.share - a.share, 4)
                    rows.append({"level": level, "key": key, "school": school, "from": earlier, "to": later,
                                 "before": None if a.share is None else round(a.share, 4), "after": None if b.share is None else round(b.share, 4), "change": change})
        return rows

    def heatmap(self, level: Level, framework: Framework, *, ident: str = "", standalone: bool = False) -> str:
        """Rows: the standards (or clusters, domains, grades) with results; columns: each school's terms, then all schools."""
        columns = self.columns()
        names = [f"{self.label(s)} · {t}" for s, t in columns]
        rows = self.keys(level)
        row_names = [_row_name(level, key, framework) for key in rows]
        cells: dict[tuple[str, str], Cell] = {}
        for key, row_name in zip(rows, row_names, strict=True):
            for (school, term), name in zip(columns, names, strict=True):
                c = self.cell(level, key, school, term)
                if c is None:
                    continue
                if c.state == "small":
                    cells[(row_name, name)] = Cell(None, (f"n<{self.threshold}",), "small")
                elif c.state == "hidden":
                    cells[(row_name, name)] = Cell(None, ("hidden",), "hidden")
                else:
                    share = c.share or 0.0
                    weak = school != ALL_SCHOOLS and share < self.weak_below
                    cells[(row_name, name)] = Cell(share, (f"{100 * share:.0f}%", f"n={c.assessed:,}"), "value", weak)
        what = {"standard": "standard", "cluster": "cluster", "domain": "domain", "grade": "grade"}[level]
        return heatmap(
            f"Students meeting the standard, by {what}, school and term", row_names, names, cells,
            description=f"Share of the students assessed who met the standard, per {what} (rows) and school and term (columns), with the number of students assessed (n) in every cell. "
            f"Figures about fewer than {self.threshold} students are not shown; cells marked hidden are withheld so that a small group cannot be worked out from a total. "
            f"Cells below {100 * self.weak_below:.0f}% at one school are marked weak.",
            caption=self.caption, ident=ident or f"mastery-{level}", standalone=standalone, row_header=what.capitalize(),
            weak_label=f"weak: below {100 * self.weak_below:.0f}%",
        )

    def to_json(self) -> str:
        """The published summary: sorted keys, one cell per line (readable diffs, and fast for a large district)."""
        payload = {
            "kind": "mathhub-mastery-summary",
            "synthetic": self.synthetic,
            "threshold": self.threshold,
            "weak_below": self.weak_below,
            "caption": self.caption.as_dict(),
            "schools": [{"code": s, "label": self.label(s)} for s in self.schools],
            "terms": self.terms,
            "cells": _CELLS,
        }
        cells = sorted(self.cells.values(), key=lambda c: (LEVELS.index(c.level), c.key, c.school, c.term))
        listed = "[\n" + ",\n".join("  " + json.dumps(_published(c), sort_keys=True, ensure_ascii=False) for c in cells) + "\n ]"
        return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False).replace(json.dumps(_CELLS), listed, 1) + "\n"


_CELLS = "\u0000cells\u0000"
"""A placeholder no label can contain (labels are checked text without NUL): replaced by the cell list."""


def _published(c: MasteryCell) -> dict[str, Any]:
    """A cell as it may be published: a suppressed cell keeps no figure."""
    shown = c.state == "value"
    share = c.share
    return {
        "level": c.level, "key": c.key, "school": c.school, "term": c.term, "state": c.state,
        "assessed": c.assessed if shown else None, "meeting": c.meeting if shown else None, "classes": c.classes if shown else None,
        "share": None if share is None else round(share, 4),
    }


def _row_name(level: str, key: str, framework: Framework) -> str:
    if level == "domain":
        grade, code = key.split("|")
        return f"{grade_label(grade) if grade != 'HS' else 'HS'} {code}"
    if level == "grade":
        return grade_label(key)
    return key


def gap_lessons(library: Library, codes: Sequence[str], min_status: str = DEFAULT_MIN_STATUS) -> list[LessonSuggestion]:
    """Lessons (at ``min_status`` or later) addressing any of ``codes`` or their parts: shortest first, interventions before others of the same length."""
    floor = status_rank(min_status)
    found: dict[str, LessonSuggestion] = {}
    for code in codes:
        for cid in library.lessons_for(code, "addresses"):
            c = library.cartridges[cid]
            if status_rank(c.status) >= floor and cid not in found:
                found[cid] = LessonSuggestion(cid, c.title, lesson_minutes(c), is_intervention(c), code)
    return sorted(found.values(), key=lambda s: (s.minutes, not s.intervention, s.title.casefold(), s.id))


def build_mastery(
    records: Iterable[MasteryRecord], framework: Framework, *, threshold: int, labels: dict[str, str] | None = None,
    weak_below: float = DEFAULT_WEAK_BELOW, caption: ChartCaption | None = None, synthetic: bool = False,
) -> Mastery:
    """Aggregate records up the framework and across schools, then suppress every cell by its own n."""
    sums: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    schools: set[str] = set()
    terms: set[str] = set()
    for r in records:
        s = framework.standards[r.standard]
        family = framework.standards[s.family]
        domain = framework.domain_of(family).key
        schools.add(r.school)
        terms.add(r.term)
        for school in (r.school, ALL_SCHOOLS):
            for level, key in (("standard", family.code), ("cluster", family.cluster), ("domain", domain), ("grade", family.grade)):
                total = sums[(level, key, school, r.term)]
                total[0] += r.assessed
                total[1] += r.meeting
                total[2] += r.classes
    counts = {k: v[0] for k, v in sums.items()}
    hidden = suppress(counts, threshold, _margins(sums.keys(), framework))
    states: dict[str, State] = {"small": "small", "complementary": "hidden"}
    cells = {k: MasteryCell(k[0], k[1], k[2], k[3], v[0], v[1], v[2], states[hidden[k]] if k in hidden else "value") for k, v in sums.items()}  # type: ignore[arg-type]
    return Mastery(cells, sorted(schools), dict(labels or {}), sorted(terms), threshold, weak_below, caption or ChartCaption(), synthetic, reading_order(framework))


def reading_order(framework: Framework) -> dict[str, int]:
    """Standards, clusters and domains (``5|NF``) in reading order, and grades: one sort key for every level of a heat map."""
    order = standard_order(framework)
    out: dict[str, int] = {}
    for code, index in sorted(order.items(), key=lambda kv: kv[1]):
        s = framework.standards[code]
        out[code] = index
        out.setdefault(s.cluster, index)
        out.setdefault(f"{s.grade}|{s.domain}", index)
        out.setdefault(s.grade, index)
    return out


def _margins(keys: Iterable[tuple[str, str, str, str]], framework: Framework) -> list[Margin]:
    """Every published sum: All schools = the sum of the schools; a cluster = its standards; a domain = its clusters; a grade = its domains."""
    parts: dict[tuple[str, str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for level, key, school, term in keys:
        if school != ALL_SCHOOLS:
            parts[(level, key, ALL_SCHOOLS, term)].append((level, key, school, term))
        if level == "standard":
            parts[("cluster", framework.standards[key].cluster, school, term)].append((level, key, school, term))
        elif level == "cluster":
            cluster = framework.clusters[key]
            parts[("domain", f"{cluster.grade}|{cluster.domain}", school, term)].append((level, key, school, term))
        elif level == "domain":
            parts[("grade", key.split("|")[0], school, term)].append((level, key, school, term))
    return [Margin(total, tuple(members)) for total, members in sorted(parts.items())]


def mastery_from_json(text: str, framework: Framework) -> Mastery:
    """A published summary back into the model (the site's Mastery page); raises ValueError if it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("kind") != "mathhub-mastery-summary":
        raise ValueError("not a Math Hub mastery summary")
    cells: dict[tuple[str, str, str, str], MasteryCell] = {}
    for row in data["cells"]:
        state = row["state"]
        if state not in ("value", "small", "hidden"):
            raise ValueError(f"unknown cell state {state!r}")
        cell = MasteryCell(row["level"], row["key"], row["school"], row["term"], int(row["assessed"] or 0), int(row["meeting"] or 0), int(row["classes"] or 0), state)
        if state == "value" and 0 < cell.assessed < int(data["threshold"]):
            raise ValueError(f"the cell {row['level']} {row['key']} at {row['school']} in {row['term']} shows {cell.assessed} students, below the threshold")
        cells[(cell.level, cell.key, cell.school, cell.term)] = cell
    caption = ChartCaption(**{k: str(v) for k, v in data.get("caption", {}).items() if k in ("generated", "version", "filters", "note")})
    schools = [s["code"] for s in data["schools"]]
    known: dict[str, Collection[str]] = {"standard": framework.standards, "cluster": framework.clusters, "domain": framework.domains, "grade": GRADES}
    for level, key, _, _ in cells:
        if level not in known or key not in known[level]:
            raise ValueError(f"the {level} '{key}' is not in {framework.id}")
    labels = {s["code"]: s["label"] for s in data["schools"]}
    return Mastery(cells, schools, labels, list(data["terms"]), int(data["threshold"]), float(data["weak_below"]), caption, bool(data.get("synthetic")), reading_order(framework))
