"""How the library covers the standards catalogue: one computation for the site and the scripts.

Pure Python over the indexed library. A standard counts as addressed when a
cartridge whose review status is at least ``min_status`` addresses it or one
of its sub-standards, directly or through the crosswalk (a lesson aligned to
a standard the crosswalk declares equivalent; ``crosswalk`` counts those);
roll-ups count top-level standards only, so a grade's figure is "how many of
its standards have a lesson". Any framework of the catalogue can be counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .library import Library
from .model import STATUSES, Role, status_rank
from .standards import GRADES, Framework, Standard, grade_label

__all__ = ["Coverage", "CoverageChange", "Gap", "Rollup", "StandardCoverage", "compare_coverage", "compute_coverage", "DEFAULT_MIN_STATUS"]

DEFAULT_MIN_STATUS = "in-review"
_EMPHASIS_RANK = {"major": 0, "supporting": 1, "additional": 2}


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
    addresses: int
    builds_on: int
    builds_towards: int
    rubrics: int
    best_status: str
    prerequisite_of: int
    """How many later standards list this one as a prerequisite (Coherence Map, rolled up to parents)."""
    crosswalk: int = 0
    """Of ``addresses``, the lessons counted only through the crosswalk (aligned to an equivalent standard of another framework)."""

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
    """Addressed by a lesson and also assessed by a rubric."""
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
        """Cartridges per addressed standard."""
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
    kind: Literal["no lesson", "prerequisite has no lesson"]
    missing_prerequisites: tuple[str, ...] = ()


@dataclass
class Coverage:
    min_status: str
    standards: list[StandardCoverage]
    rollups: list[Rollup]
    gaps: list[Gap]
    weak_foundations: list[Gap] = field(default_factory=list)
    framework: str = ""
    """The id of the framework counted."""
    framework_name: str = ""

    def standard(self, code: str) -> StandardCoverage:
        return next(s for s in self.standards if s.code == code)

    def rollup(self, level: str, key: str) -> Rollup:
        return next(r for r in self.rollups if r.level == level and r.key == key)

    def figure(self, metric: str) -> float:
        """The headline percentages: 'addressed', 'assessed' (all top-level standards) or 'major' (K-8 major clusters)."""
        grades = [r for r in self.rollups if r.level == "grade"]
        if metric == "major":
            total = sum(r.major_standards for r in grades)
            return 100.0 * sum(r.major_addressed for r in grades) / total if total else 0.0
        total = sum(r.standards for r in grades)
        value = sum(r.addressed if metric == "addressed" else r.assessed for r in grades)
        return 100.0 * value / total if total else 0.0


def compute_coverage(library: Library, min_status: str = DEFAULT_MIN_STATUS, framework_id: str | None = None) -> Coverage:
    """Per-standard counts, roll-ups per cluster, domain, grade and HS category, and the gap list, for one framework."""
    if min_status not in STATUSES:
        raise ValueError(f"unknown status {min_status!r}; use one of {', '.join(STATUSES)}")
    framework = library.catalogue.frameworks[framework_id] if framework_id else library.framework
    floor = status_rank(min_status)
    counted = {cid for cid, c in library.cartridges.items() if status_rank(c.status) >= floor}
    leads_to = framework.leads_to

    def lessons(code: str, role: Role) -> set[str]:
        key = framework.key(code)
        return (set(library.lessons_for(key, role)) | set(library.crosswalk_lessons_for(key, role))) & counted

    rows: list[StandardCoverage] = []
    addressing: dict[str, set[str]] = {}
    for s in framework.standards.values():
        addressed_by = lessons(s.code, "addresses")
        addressing[s.code] = addressed_by
        statuses = [library.cartridges[c].status for c in addressed_by]
        rows.append(StandardCoverage(
            code=s.code, grade=s.grade, category=s.category, domain=s.domain, cluster=s.cluster,
            emphasis=framework.clusters[s.cluster].emphasis, level=s.level, parent=s.parent,
            addresses=len(addressed_by),
            builds_on=len(lessons(s.code, "builds_on")),
            builds_towards=len(lessons(s.code, "builds_towards")),
            rubrics=len(library.rubrics_for(s.key)),
            best_status=max(statuses, key=status_rank) if statuses else "",
            prerequisite_of=0 if s.is_substandard else len(leads_to.get(s.code, ())),
            crosswalk=len(addressed_by & set(library.crosswalk_lessons_for(s.key))),
        ))
    by_code = {row.code: row for row in rows}
    top = [framework.standards[row.code] for row in rows if row.level == "standard"]
    rollups = _rollups(framework, top, by_code, addressing)
    gaps = sorted(
        (Gap(s.code, s.grade, by_code[s.code].emphasis, by_code[s.code].prerequisite_of, "no lesson") for s in top if not by_code[s.code].addressed),
        key=lambda g: _priority(framework.standards[g.code], g, framework.position[g.code]),
    )
    weak = []
    for s in top:
        if not by_code[s.code].addressed:
            continue
        missing = tuple(p for p in framework.prerequisites.get(s.code, ()) if not by_code[p].addressed)
        if missing:
            weak.append(Gap(s.code, s.grade, by_code[s.code].emphasis, by_code[s.code].prerequisite_of, "prerequisite has no lesson", missing))
    weak.sort(key=lambda g: _priority(framework.standards[g.code], g, framework.position[g.code]))
    return Coverage(min_status, rows, rollups, gaps, weak, framework.id, framework.name)


def _priority(s: Standard, gap: Gap, position: int) -> tuple[int, int, int, int]:
    """Major before supporting before additional (HS: widely applicable prerequisites first, (+) last), then most depended on."""
    if gap.emphasis:
        rank = _EMPHASIS_RANK.get(gap.emphasis, 3)
    else:
        rank = 3 if s.advanced else 1
    return (rank, -gap.prerequisite_of, 0 if s.grade != "HS" else 1, position)


def _rollups(framework: Framework, top: list[Standard], rows: dict[str, StandardCoverage], addressing: dict[str, set[str]]) -> list[Rollup]:
    groups: dict[tuple[str, str], list[Standard]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for s in top:
        domain = framework.domain_of(s)
        cluster = framework.clusters[s.cluster]
        keys = [
            (("cluster", s.cluster), (f"{s.cluster}: {cluster.heading}", s.grade)),
            (("domain", domain.key), (domain.name, s.grade)),
            (("grade", s.grade), (grade_label(s.grade), s.grade)),
        ]
        if s.grade == "HS":
            keys.append((("category", s.category), (f"High school: {framework.categories[s.category].name}", "HS")))
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
            assessed=sum(1 for m in addressed if rows[m.code].assessed),
            lessons=sum(len(addressing[m.code]) for m in addressed),
            major_standards=len(major),
            major_addressed=sum(1 for m in major if rows[m.code].addressed),
        ))
    level_order = {"grade": 0, "category": 1, "domain": 2, "cluster": 3}
    first: dict[str, int] = {}
    for index, s in enumerate(top):
        for member_of in (s.cluster, framework.domain_of(s).key, s.grade, s.category):
            first.setdefault(member_of, index)
    result.sort(key=lambda r: (level_order[r.level], GRADES.index(r.grade) if r.level == "grade" else first.get(r.key, 0)))
    return result


@dataclass(frozen=True)
class CoverageChange:
    """What a change does to coverage: the summary a pull-request reviewer wants."""

    added: tuple[StandardCoverage, ...]
    removed: tuple[StandardCoverage, ...]
    grades: tuple[tuple[str, Rollup, Rollup], ...]
    """(grade, before, after) for every grade whose figures changed."""

    def summary(self) -> str:
        major = sum(1 for s in self.added if s.emphasis == "major")
        text = f"This change addresses {len(self.added)} new standard{'s' if len(self.added) != 1 else ''}"
        text += f", {major} of them major" if self.added else ""
        text += f", and leaves {len(self.removed)} without a lesson." if self.removed else "."
        return text


def compare_coverage(before: Coverage, after: Coverage) -> CoverageChange:
    """Compare top-level standards and grade roll-ups of two coverage computations."""
    was = {s.code: s for s in before.standards if s.level == "standard"}
    now = {s.code: s for s in after.standards if s.level == "standard"}
    added = tuple(now[c] for c in now if now[c].addressed and not (c in was and was[c].addressed))
    removed = tuple(was[c] for c in was if was[c].addressed and not (c in now and now[c].addressed))
    grades = []
    for r in after.rollups:
        if r.level != "grade":
            continue
        old = before.rollup("grade", r.key)
        if (old.addressed, old.assessed, old.major_addressed, old.lessons) != (r.addressed, r.assessed, r.major_addressed, r.lessons):
            grades.append((r.key, old, r))
    return CoverageChange(added, removed, tuple(grades))
