"""A SYNTHETIC school district with planted patterns, for samples, tests and benchmarks.

Nothing here is real: the schools ("Synthetic Elementary North", …), sections
and results are made up from a fixed seed, and every file name starts with
``SYNTHETIC-``. The district has three schools and a tiny tutoring centre
(whose figures must be suppressed), two semesters, grades 3 to 5, and one
planted weakness: Elementary B's semester-1 results on 3.NF.A and 5.NF.B. The
generator returns what it planted so a test can check that the reports find
exactly that.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .library import Library
from .standards import Framework

__all__ = ["District", "Planted", "SCHOOLS", "TERMS", "write_district", "write_results_rows", "write_usage_rows"]


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    code: str
    label: str
    sections: int
    """Sections per grade (grades 3 to 5)."""
    grades: tuple[str, ...] = ("3", "4", "5")


SCHOOLS: tuple[SchoolSpec, ...] = (
    SchoolSpec("Synthetic Elementary North", "SCH-A", "Elementary A", 3),
    SchoolSpec("Synthetic Elementary South", "SCH-B", "Elementary B", 3),
    SchoolSpec("Synthetic K-8 Academy", "SCH-C", "K-8 Academy C", 2),
    SchoolSpec("Synthetic Tutoring Center", "SCH-T", "", 1, ("4",)),
)
ALIASES = {"Synthetic Elem. North": "SCH-A"}
"""Another spelling of a school, used in some log rows; the school-codes file maps it to the same code."""
TERMS: dict[str, tuple[datetime.date, datetime.date]] = {
    "2025-26 S1": (datetime.date(2025, 9, 2), datetime.date(2025, 12, 19)),
    "2025-26 S2": (datetime.date(2026, 1, 6), datetime.date(2026, 6, 12)),
}
DOMAINS = ("OA", "NF")


@dataclass(frozen=True)
class Planted:
    school: str
    term: str
    cluster: str


PLANTED: tuple[Planted, ...] = (Planted("SCH-B", "2025-26 S1", "3.NF.A"), Planted("SCH-B", "2025-26 S1", "5.NF.B"))


@dataclass(frozen=True)
class District:
    """The files written and what was planted in them."""

    schools: Path
    results: Path
    usage: Path
    plan: Path
    planted: tuple[Planted, ...]
    planted_standards: tuple[tuple[str, str, str], ...]
    """(school code, term, standard) of every standard-level result that was planted weak."""


def _standards(framework: Framework, grade: str) -> list[str]:
    return [s.code for s in framework.standards.values() if s.grade == grade and s.level == "standard" and s.domain in DOMAINS]


def _date(rng: random.Random, term: str) -> datetime.date:
    start, end = TERMS[term]
    day = start + datetime.timedelta(days=rng.randrange((end - start).days))
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=2)
    return day


def write_district(folder: Path, library: Library, *, seed: int = 2025) -> District:
    """Write ``SYNTHETIC-schools.csv``, ``-results.csv``, ``-usage-log.csv`` and ``-plan.csv`` into ``folder``."""
    rng = random.Random(seed)
    framework = library.framework
    folder.mkdir(parents=True, exist_ok=True)
    planted_clusters = {(p.school, p.term, p.cluster) for p in PLANTED}
    planted_standards: set[tuple[str, str, str]] = set()

    schools = folder / "SYNTHETIC-schools.csv"
    with schools.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["school", "code", "label"])
        for spec in SCHOOLS:
            writer.writerow([spec.name, spec.code, spec.label])
        for alias, code in ALIASES.items():
            writer.writerow([alias, code, next(s.label for s in SCHOOLS if s.code == code)])

    sizes = {(spec.code, grade, n): rng.randint(20, 28) if spec.code != "SCH-T" else 3 for spec in SCHOOLS for grade in spec.grades for n in range(1, spec.sections + 1)}
    results = folder / "SYNTHETIC-results.csv"
    with results.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["school", "section", "grade", "term", "standard", "assessed", "meeting"])
        for spec in SCHOOLS:
            for term in TERMS:
                if spec.code == "SCH-T" and term != "2025-26 S2":
                    continue
                for grade in spec.grades:
                    codes = ["4.NF.B.3", "4.NF.B.4"] if spec.code == "SCH-T" else _standards(framework, grade)
                    for n in range(1, spec.sections + 1):
                        for code in codes:
                            cluster = framework.standards[code].cluster
                            weak = (spec.code, term, cluster) in planted_clusters
                            if weak:
                                planted_standards.add((spec.code, term, code))
                            share = rng.uniform(0.22, 0.36) if weak else rng.uniform(0.64, 0.84)
                            assessed = sizes[(spec.code, grade, n)] - rng.randint(0, 2 if spec.code != "SCH-T" else 0)
                            writer.writerow([spec.name, f"{grade}-{spec.code[-1]}{n}", grade, term, code, assessed, round(share * assessed)])

    plan = folder / "SYNTHETIC-plan.csv"
    grade_lessons = {g: sorted(library.by_grade.get(g, [])) for g in ("3", "4", "5")}
    planned: dict[tuple[str, str], list[str]] = {}
    with plan.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["school", "grade", "cartridge", "standard", "start", "end"])
        for spec in SCHOOLS[:3]:
            for grade in spec.grades:
                lessons = grade_lessons[grade]
                planned[(spec.code, grade)] = lessons[:-1]
                for i, cid in enumerate(lessons[:-1]):
                    term = list(TERMS)[i % 2]
                    start, end = TERMS[term]
                    writer.writerow([spec.code, grade, cid, "", start.isoformat(), end.isoformat()])
            writer.writerow([spec.code, "5", "", "5.NF.B.3", TERMS["2025-26 S2"][0].isoformat(), TERMS["2025-26 S2"][1].isoformat()])

    usage = folder / "SYNTHETIC-usage-log.csv"
    with usage.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "school", "grade", "cartridge", "sessions", "students", "outcome", "term", "section"])
        for spec in SCHOOLS:
            for grade in spec.grades:
                for n in range(1, spec.sections + 1):
                    section = f"{grade}-{spec.code[-1]}{n}"
                    lessons = planned.get((spec.code, grade), grade_lessons[grade][:1])
                    skipped = lessons[0] if spec.code == "SCH-C" and grade == "4" else None  # planned for semester 1, never taught at one school
                    for i, cid in enumerate(lessons):
                        if cid == skipped:
                            continue
                        term = list(TERMS)[i % 2]
                        name = "Synthetic Elem. North" if spec.code == "SCH-A" and n == 2 else spec.name
                        students = sizes[(spec.code, grade, n)]
                        outcome = "" if rng.random() < 0.15 else f"{rng.uniform(0.5, 0.9):.2f}"
                        writer.writerow([_date(rng, term).isoformat(), name, grade, cid, rng.choice((1, 1, 2)), students, outcome, term, section])
                    if spec.code == "SCH-A" and grade == "4" and n == 1:  # off-plan and off-grade: a grade 5 lesson taught in grade 4
                        writer.writerow([_date(rng, "2025-26 S2").isoformat(), spec.name, grade, "sharing-brownies-fractions-as-division", 1, sizes[(spec.code, grade, n)], "0.61", "2025-26 S2", section])
    return District(schools, results, usage, plan, PLANTED, tuple(sorted(planted_standards)))


def write_results_rows(path: Path, framework: Framework, rows: int, *, seed: int = 11) -> Path:
    """A large SYNTHETIC results file for benchmarks: ``rows`` section-standard-term rows over 40 schools, K–8."""
    rng = random.Random(seed)
    codes = [s.code for s in framework.standards.values() if s.level == "standard" and s.grade != "HS"]
    by_grade: dict[str, list[str]] = {}
    for code in codes:
        by_grade.setdefault(framework.standards[code].grade, []).append(code)
    grades = sorted(by_grade)
    terms = ["2023-24 S1", "2023-24 S2", "2024-25 S1", "2024-25 S2", "2025-26 S1", "2025-26 S2"]
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["school", "section", "grade", "term", "standard", "level_1", "level_2", "level_3", "level_4"])
        section = 0
        while written < rows:
            section += 1
            school = f"Synthetic School {section % 40 + 1:02d}"
            grade = grades[section % len(grades)]
            for term in terms:
                for code in by_grade[grade]:
                    levels = [rng.randint(0, 9) for _ in range(4)]
                    writer.writerow([school, f"{grade}-{section:05d}", grade, term, code, *levels])
                    written += 1
                    if written >= rows:
                        return path
    return path


def write_usage_rows(path: Path, cartridges: Sequence[tuple[str, tuple[str, ...]]], rows: int, *, seed: int = 2026) -> Path:
    """A large SYNTHETIC usage log for benchmarks: ``rows`` class uses with sections, 8 schools, one school year."""
    rng = random.Random(seed)
    start = datetime.date(2025, 9, 2)
    days = [(start + datetime.timedelta(days=d)).isoformat() for d in range(283) if (start + datetime.timedelta(days=d)).weekday() < 5]
    schools = [f"Synthetic School {i}" for i in range(1, 9)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("date,school,grade,cartridge,sessions,students,outcome,section\n")
        picks = [rng.randrange(len(cartridges)) for _ in range(1000)]
        for i in range(rows):
            cid, grades = cartridges[picks[i % 1000] if i % 7 else rng.randrange(len(cartridges))]
            grade = grades[i % len(grades)]
            handle.write(f"{days[rng.randrange(len(days))]},{schools[i % 8]},{grade},{cid},{1 + (i % 3 == 0)},{14 + i % 17},{'' if i % 5 == 0 else f'0.{40 + i % 55}'},{grade}-{i % 31 + 1}\n")
    return path
