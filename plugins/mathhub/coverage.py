"""How the library covers the standards catalogue: one computation, and one set of definitions, for every page and report.

**Addressed** and **assessed** are defined here once (``ADDRESSED``,
``ASSESSED``, ``COUNTED``; ``footnote()`` is the text pages show under the
figures). Roll-ups (cluster, domain, grade, high-school category) count
top-level standards only, so "Grade 3: 25 standards, 4 addressed, 6 assessed"
is the same on the Coverage page, the Standards pages, the grade pages and in
the reports. Any framework of the catalogue can be counted; a lesson counts
for a standard directly or through the crosswalk (aligned to a standard the
crosswalk declares equivalent; ``crosswalk`` counts those). Pure Python over
the indexed library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .library import Library
from .model import STATUSES, Cartridge, Role, status_rank
from .standards import GRADES, Framework, Standard, grade_label
from .vocabulary import VOCABULARY

__all__ = [
    "ADDRESSED", "ASSESSED", "COUNTED", "DEFAULT_MIN_STATUS", "BlockingPrerequisite", "ClusterChange", "Coverage", "CoverageChange", "Gap",
    "LessonRef", "Rollup", "StandardChange", "StandardCoverage", "compare_coverage", "compute_coverage", "footnote", "lesson_minutes",
    "is_intervention", "standard_order",
]

DEFAULT_MIN_STATUS = "in-review"
STATUS_WORDS = {status: label.lower() for status, label in VOCABULARY.statuses.labels.items()}
"""Review statuses as words in a sentence ("in review"), from the one vocabulary."""
ADDRESSED = "A standard is addressed when at least one lesson whose review status is {status} or later addresses it or one of its parts (directly, or through the crosswalk of another framework)."
ASSESSED = "A standard is assessed when at least one rubric assesses it or one of its parts (a rubric for a whole standard also assesses each of its parts)."
COUNTED = "Figures for a grade, domain or cluster count its standards, not their lettered parts: 5.NF.B.4a counts with 5.NF.B.4."
_EMPHASIS_RANK = {"major": 0, "supporting": 1, "additional": 2}


def footnote(min_status: str = DEFAULT_MIN_STATUS) -> str:
    """The definitions as one paragraph, for the foot of every page that shows coverage figures."""
    return " ".join([ADDRESSED.format(status=STATUS_WORDS.get(min_status, min_status)), ASSESSED, COUNTED])


# -- what coverage needs from a lesson: accessors, so a change to the lesson model is one line each ----------
def lesson_minutes(cartridge: Cartridge) -> int:
    """The lesson's class time in minutes."""
    return cartridge.minutes


def is_intervention(cartridge: Cartridge) -> bool:
    """A lesson written for a small-group intervention block."""
    return "small-group-intervention" in cartridge.approaches


def standard_order(framework: Framework) -> dict[str, int]:
    """Codes in reading order: grade, then domain (as the framework lists them), cluster letter, number, part letter.

    The catalogue's file order is not always that (5.MD.B.2 comes before 5.MD.A.1 there).
    """
    domain_first: dict[tuple[str, str], int] = {}
    for code, position in framework.position.items():
        s = framework.standards[code]
        domain_first.setdefault((s.grade, s.domain), position)
    grades = list(framework.grades) if framework.grades else list(GRADES)

    def key(s: Standard) -> tuple[int, int, str, int, str]:
        number = re.search(r"(\d+)([a-z]?)$", s.code)
        return (
            grades.index(s.grade) if s.grade in grades else len(grades),
            domain_first[(s.grade, s.domain)],
            s.cluster.rsplit(".", 1)[-1],
            int(number.group(1)) if number else 0,
            number.group(2) if number else "",
        )

    ordered = sorted(framework.standards.values(), key=key)
    return {s.code: index for index, s in enumerate(ordered)}


@dataclass(frozen=True)
class LessonRef:
    """What a coverage comparison needs to know about one lesson."""

    id: str
    title: str
    status: str
    counted: bool
    addresses: tuple[str, ...]
    rubrics: tuple[str, ...]


@dataclass(frozen=True)
class StandardCoverage:
    code: str
    grade: str
    category: str
    domain: str
    cluster: str
    emphasis: str
    level: str
    parent: str
    statement: str
    addresses: int
    """Counted lessons that address the standard or one of its parts."""
    builds_on: int
    builds_towards: int
    rubrics: int
    best_status: str
    prerequisite_of: int
    """How many later standards list this one as a prerequisite (Coherence Map, rolled up to parents)."""
    crosswalk: int = 0
    """Of ``addresses``, the lessons counted only through the crosswalk (aligned to an equivalent standard of another framework)."""
    lesson_ids: tuple[str, ...] = ()
    rubric_ids: tuple[str, ...] = ()
    uncounted: tuple[str, ...] = ()
    """Lessons that address it but are below the review status that counts."""

    @property
    def addressed(self) -> bool:
        return self.addresses > 0

    @property
    def assessed(self) -> bool:
        return self.rubrics > 0


@dataclass(frozen=True)
class Rollup:
    level: Literal["cluster", "domain", "grade", "category"]
    key: str
    name: str
    grade: str
    standards: int
    addressed: int
    assessed: int
    lessons: int
    major_standards: int
    major_addressed: int

    @property
    def share_addressed(self) -> float:
        return self.addressed / self.standards if self.standards else 0.0

    @property
    def share_assessed(self) -> float:
        return self.assessed / self.standards if self.standards else 0.0

    @property
    def depth(self) -> float:
        """Lessons per addressed standard."""
        return self.lessons / self.addressed if self.addressed else 0.0

    @property
    def share_major_addressed(self) -> float | None:
        return self.major_addressed / self.major_standards if self.major_standards else None


@dataclass(frozen=True)
class Gap:
    code: str
    grade: str
    emphasis: str
    prerequisite_of: int
    kind: Literal["no lesson"] = "no lesson"


@dataclass(frozen=True)
class BlockingPrerequisite:
    """A standard with no lesson that addressed standards build on: the foundations a coordinator should fill first."""

    code: str
    grade: str
    emphasis: str
    blocks: tuple[str, ...]
    """Addressed standards that list it as a prerequisite, in reading order."""


@dataclass
class Coverage:
    min_status: str
    standards: list[StandardCoverage]
    rollups: list[Rollup]
    gaps: list[Gap]
    blocking: list[BlockingPrerequisite] = field(default_factory=list)
    lessons: dict[str, LessonRef] = field(default_factory=dict)
    rubric_ids: tuple[str, ...] = ()
    framework: str = ""
    """The id of the framework counted."""
    framework_name: str = ""

    def __post_init__(self) -> None:
        self._by_code = {s.code: s for s in self.standards}
        self._rollups: dict[tuple[str, str], Rollup] = {(r.level, r.key): r for r in self.rollups}

    def standard(self, code: str) -> StandardCoverage:
        return self._by_code[code]

    def rollup(self, level: str, key: str) -> Rollup:
        return self._rollups[(level, key)]

    def grade(self, grade: str) -> Rollup:
        return self._rollups[("grade", grade)]

    def footnote(self) -> str:
        return footnote(self.min_status)

    def figure(self, metric: str) -> float:
        """Headline percentages: 'addressed', 'assessed' (all top-level standards) or 'major' (K-8 major clusters)."""
        grades = [r for r in self.rollups if r.level == "grade"]
        if metric == "major":
            total = sum(r.major_standards for r in grades)
            return 100.0 * sum(r.major_addressed for r in grades) / total if total else 0.0
        total = sum(r.standards for r in grades)
        value = sum(r.addressed if metric == "addressed" else r.assessed for r in grades)
        return 100.0 * value / total if total else 0.0


def compute_coverage(library: Library, min_status: str = DEFAULT_MIN_STATUS, framework_id: str | None = None) -> Coverage:
    """Per-standard counts, roll-ups, the gap list and blocking prerequisites, for one framework (default: CCSS-M)."""
    if min_status not in STATUSES:
        raise ValueError(f"unknown status {min_status!r}; use one of {', '.join(STATUSES)}")
    framework = library.catalogue.frameworks[framework_id] if framework_id else library.framework
    floor = status_rank(min_status)
    counted = {cid for cid, c in library.cartridges.items() if status_rank(c.status) >= floor}
    leads_to = framework.leads_to
    order = standard_order(framework)

    def all_lessons(code: str, role: Role) -> list[str]:
        key = framework.key(code)
        return list(dict.fromkeys(library.lessons_for(key, role) + library.crosswalk_lessons_for(key, role)))

    def lessons(code: str, role: Role) -> list[str]:
        return [cid for cid in all_lessons(code, role) if cid in counted]

    rows: list[StandardCoverage] = []
    for s in sorted(framework.standards.values(), key=lambda s: order[s.code]):
        addressing = all_lessons(s.code, "addresses")
        addressed_by = [cid for cid in addressing if cid in counted]
        rubric_ids = tuple(library.rubrics_for(s.key))
        statuses = [library.cartridges[c].status for c in addressed_by]
        rows.append(StandardCoverage(
            code=s.code, grade=s.grade, category=s.category, domain=s.domain, cluster=s.cluster,
            emphasis=framework.clusters[s.cluster].emphasis, level=s.level, parent=s.parent, statement=s.text,
            addresses=len(addressed_by),
            builds_on=len(lessons(s.code, "builds_on")),
            builds_towards=len(lessons(s.code, "builds_towards")),
            rubrics=len(rubric_ids),
            best_status=max(statuses, key=status_rank) if statuses else "",
            prerequisite_of=0 if s.is_substandard else len(leads_to.get(s.code, ())),
            crosswalk=len(set(addressed_by) & set(library.crosswalk_lessons_for(s.key))),
            lesson_ids=tuple(sorted(addressed_by)),
            rubric_ids=rubric_ids,
            uncounted=tuple(sorted(set(addressing) - counted)),
        ))
    by_code = {row.code: row for row in rows}
    top = [framework.standards[row.code] for row in rows if row.level == "standard"]
    gaps = sorted(
        (Gap(s.code, s.grade, by_code[s.code].emphasis, by_code[s.code].prerequisite_of) for s in top if not by_code[s.code].addressed),
        key=lambda g: _priority(framework.standards[g.code], g.emphasis, g.prerequisite_of, order[g.code]),
    )
    blocked: dict[str, list[str]] = {}
    for s in top:
        if by_code[s.code].addressed:
            for p in framework.prerequisites.get(s.code, ()):
                if not by_code[p].addressed:
                    blocked.setdefault(p, []).append(s.code)
    blocking = sorted(
        (BlockingPrerequisite(p, by_code[p].grade, by_code[p].emphasis, tuple(sorted(codes, key=order.__getitem__))) for p, codes in blocked.items()),
        key=lambda b: (-len(b.blocks), _priority(framework.standards[b.code], b.emphasis, by_code[b.code].prerequisite_of, order[b.code])),
    )
    refs = {
        cid: LessonRef(cid, c.title, c.status, cid in counted, c.alignment.addresses, c.rubrics)
        for cid, c in sorted(library.cartridges.items())
    }
    return Coverage(min_status, rows, _rollups(framework, top, by_code), gaps, blocking, refs, tuple(sorted(library.rubrics)), framework.id, framework.name)


def _priority(s: Standard, emphasis: str, prerequisite_of: int, position: int) -> tuple[int, int, int, int]:
    """Major before supporting before additional (HS: (+) standards last), then most depended on, then reading order."""
    rank = _EMPHASIS_RANK.get(emphasis, 3) if emphasis else (3 if s.advanced else 1)
    return (rank, -prerequisite_of, 0 if s.grade != "HS" else 1, position)


def _rollups(framework: Framework, top: list[Standard], rows: dict[str, StandardCoverage]) -> list[Rollup]:
    groups: dict[tuple[str, str], list[Standard]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for s in top:  # already in reading order, so groups are created in reading order
        domain = framework.domain_of(s)
        cluster = framework.clusters[s.cluster]
        keys = [
            (("grade", s.grade), (grade_label(s.grade), s.grade)),
            (("domain", domain.key), (domain.name, s.grade)),
            (("cluster", s.cluster), (f"{s.cluster}: {cluster.heading}", s.grade)),
        ]
        if s.grade == "HS":
            keys.insert(1, (("category", s.category), (f"High school: {framework.categories[s.category].name}", "HS")))
        for group, name in keys:
            groups.setdefault(group, []).append(s)
            names.setdefault(group, name)
    result = []
    for (level, key), members in groups.items():
        addressed = [m for m in members if rows[m.code].addressed]
        major = [m for m in members if rows[m.code].emphasis == "major"]
        result.append(Rollup(
            level=level,  # type: ignore[arg-type]
            key=key,
            name=names[(level, key)][0],
            grade=names[(level, key)][1],
            standards=len(members),
            addressed=len(addressed),
            assessed=sum(1 for m in members if rows[m.code].assessed),
            lessons=len({cid for m in addressed for cid in rows[m.code].lesson_ids}),
            major_standards=len(major),
            major_addressed=sum(1 for m in major if rows[m.code].addressed),
        ))
    level_order = {"grade": 0, "category": 1, "domain": 2, "cluster": 3}
    return sorted(result, key=lambda r: level_order[r.level])  # stable: reading order within each level


# -- comparing two revisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardChange:
    code: str
    grade: str
    emphasis: str
    because: tuple[str, ...]
    """The lessons (or rubrics) whose change made the difference."""


@dataclass(frozen=True)
class ClusterChange:
    level: str
    key: str
    name: str
    before: Rollup | None
    after: Rollup | None


@dataclass(frozen=True)
class CoverageChange:
    """What a change does to coverage: what a pull-request reviewer wants to read."""

    min_status: str
    added: tuple[StandardChange, ...]
    removed: tuple[StandardChange, ...]
    newly_assessed: tuple[StandardChange, ...]
    no_longer_assessed: tuple[StandardChange, ...]
    lessons_added: tuple[LessonRef, ...]
    lessons_removed: tuple[LessonRef, ...]
    status_changes: tuple[tuple[LessonRef, LessonRef], ...]
    rubric_links: tuple[tuple[LessonRef, tuple[str, ...], tuple[str, ...]], ...]
    """(lesson, rubrics it now names, rubrics it no longer names)."""
    rubrics_added: tuple[str, ...]
    rubrics_removed: tuple[str, ...]
    left_out: tuple[LessonRef, ...]
    """New or changed lessons that are not counted because of their review status."""
    grades: tuple[ClusterChange, ...]
    clusters: tuple[ClusterChange, ...]

    @property
    def empty(self) -> bool:
        return not any((self.added, self.removed, self.newly_assessed, self.no_longer_assessed, self.lessons_added, self.lessons_removed,
                        self.status_changes, self.rubric_links, self.rubrics_added, self.rubrics_removed, self.left_out))

    def summary(self) -> str:
        major = sum(1 for s in self.added if s.emphasis == "major")
        text = f"This change addresses {len(self.added)} new standard{'s' if len(self.added) != 1 else ''}"
        text += f", {major} of them major" if self.added else ""
        text += f", and leaves {len(self.removed)} without a lesson." if self.removed else "."
        if self.newly_assessed or self.no_longer_assessed:
            text += f" Standards assessed by a rubric: {len(self.newly_assessed)} more, {len(self.no_longer_assessed)} fewer."
        if self.left_out:
            ids = ", ".join(f"{lesson.id} ({STATUS_WORDS.get(lesson.status, lesson.status)})" for lesson in self.left_out)
            word = "lesson is" if len(self.left_out) == 1 else "lessons are"
            text += f" {len(self.left_out)} new or changed {word} not counted because the review status is below {STATUS_WORDS.get(self.min_status, self.min_status)}: {ids}."
        return text


def compare_coverage(before: Coverage, after: Coverage) -> CoverageChange:
    """Every difference between two coverage computations that a reviewer should see, with the lessons responsible."""
    was = {s.code: s for s in before.standards if s.level == "standard"}
    now = {s.code: s for s in after.standards if s.level == "standard"}

    def why(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(new) ^ set(old)))

    def change(s: StandardCoverage, because: tuple[str, ...]) -> StandardChange:
        return StandardChange(s.code, s.grade, s.emphasis, because)

    empty: tuple[str, ...] = ()
    added = tuple(change(now[c], why(was[c].lesson_ids if c in was else empty, now[c].lesson_ids)) for c in now if now[c].addressed and not (c in was and was[c].addressed))
    removed = tuple(change(was[c], why(was[c].lesson_ids, now[c].lesson_ids if c in now else empty)) for c in was if was[c].addressed and not (c in now and now[c].addressed))
    newly = tuple(change(now[c], why(was[c].rubric_ids if c in was else empty, now[c].rubric_ids)) for c in now if now[c].assessed and not (c in was and was[c].assessed))
    lost = tuple(change(was[c], why(was[c].rubric_ids, now[c].rubric_ids if c in now else empty)) for c in was if was[c].assessed and not (c in now and now[c].assessed))
    old_lessons, new_lessons = before.lessons, after.lessons
    lessons_added = tuple(new_lessons[i] for i in sorted(set(new_lessons) - set(old_lessons)))
    lessons_removed = tuple(old_lessons[i] for i in sorted(set(old_lessons) - set(new_lessons)))
    common = sorted(set(old_lessons) & set(new_lessons))
    statuses = tuple((old_lessons[i], new_lessons[i]) for i in common if old_lessons[i].status != new_lessons[i].status)
    links = tuple(
        (new_lessons[i], tuple(sorted(set(new_lessons[i].rubrics) - set(old_lessons[i].rubrics))), tuple(sorted(set(old_lessons[i].rubrics) - set(new_lessons[i].rubrics))))
        for i in common if set(old_lessons[i].rubrics) != set(new_lessons[i].rubrics)
    )
    touched = {lesson.id for lesson in lessons_added} | {new.id for _, new in statuses} | {i for i in common if old_lessons[i] != new_lessons[i]}
    left_out = tuple(new_lessons[i] for i in sorted(touched) if not new_lessons[i].counted)

    def rollup_changes(level: str) -> tuple[ClusterChange, ...]:
        old = {r.key: r for r in before.rollups if r.level == level}
        new = {r.key: r for r in after.rollups if r.level == level}
        out = []
        for key in list(new) + [k for k in old if k not in new]:
            a, b = old.get(key), new.get(key)
            if a is None or b is None or (a.addressed, a.assessed, a.lessons, a.major_addressed) != (b.addressed, b.assessed, b.lessons, b.major_addressed):
                out.append(ClusterChange(level, key, (b or a).name, a, b))  # type: ignore[union-attr]
        return tuple(out)

    return CoverageChange(
        after.min_status, added, removed, newly, lost, lessons_added, lessons_removed, statuses, links,
        tuple(sorted(set(after.rubric_ids) - set(before.rubric_ids))), tuple(sorted(set(before.rubric_ids) - set(after.rubric_ids))),
        left_out, rollup_changes("grade"), rollup_changes("cluster"),
    )
