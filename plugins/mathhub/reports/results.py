"""Assessment results files: read class-level results in chunks, check them, and fold them into mastery records.

A results file (``schema/assessment-results.schema.json``) has one row per
class or section, standard (or rubric criterion) and term, with counts of
students: ``assessed`` and ``meeting``, or the four level counts. Each chunk is
checked against the schema's limits, the catalogue and the rubrics, filtered,
and summed per (school, term, standard); no row is kept. Schools become codes
(``schools``); a standard's lettered parts count with the standard.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..charts import ChartCaption
from ..library import Library
from ..mastery import DEFAULT_WEAK_BELOW, Mastery, MasteryRecord, build_mastery
from ..problems import Problem
from .schools import SchoolDirectory, keys_of, similar_names
from .slicing import Filters, grade_levels, term_of
from .tables import Chunk, ReadReport, TableFormat, TableReader, display_path, load_format, numbers

__all__ = ["ResultsData", "load_results_schema", "read_results", "summarise_results"]

_KEYS = ["school", "term", "standard"]


def load_results_schema(schema_dir: Path) -> TableFormat:
    return load_format(schema_dir, "assessment-results.schema.json", "results file")


@dataclass
class ResultsData:
    report: ReadReport
    sums: pd.DataFrame
    """One row per (school, term, standard): assessed, meeting, classes."""
    directory: SchoolDirectory
    filters: Filters
    rows_kept: int = 0


class _Folder:
    def __init__(self, library: Library, fmt: TableFormat, directory: SchoolDirectory, filters: Filters, report: ReadReport) -> None:
        self.library, self.fmt, self.directory, self.filters, self.report = library, fmt, directory, filters, report
        self.grades = set(fmt.columns["grade"]["enum"])
        self.catalogue = library.repository.catalogue
        self.framework = library.framework
        self.codes: dict[str, tuple[str | None, str]] = {}
        self.parts: list[pd.DataFrame] = []
        self.kept = 0
        self.names: dict[str, tuple[str, str]] = {}
        self.criteria = {(rid, c.name.casefold().strip()): rubric.standards for rid, rubric in library.rubrics.items() for c in rubric.criteria}

    def standard(self, raw: str) -> tuple[str | None, str]:
        """Canonical code of the standard's family, or None and the reason (cached per spelling)."""
        if raw not in self.codes:
            found = self.catalogue.resolve(raw)
            if found.code is None or ":" in found.code:
                hint = f"Did you mean {found.suggestion}?" if found.suggestion else "Write a code such as 5.NF.B.3."
                self.codes[raw] = (None, f"'{raw}' is not a {self.framework.id} standard. {hint}")
            else:
                self.codes[raw] = (self.framework.standards[found.code].family, "")
        return self.codes[raw]

    def fold(self, chunk: Chunk) -> None:
        frame = chunk.frame
        levels = grade_levels(frame["grade"])
        chunk.report(self.report, ~levels.isin(self.grades), "grade", lambda v: f"'{v}' is not a grade", "Use K, 1 to 12, or HS.")
        assessed, meeting = self._counts(chunk)
        standards = self._standards(chunk)
        keys = keys_of(frame["school"])
        ids = self.directory.ids(keys, chunk, self.report)
        self.report.rows_rejected += int((chunk.bad & ~chunk.repeated).sum())
        good = chunk.good
        if not good.any():
            return
        first = pd.DataFrame({"key": keys[good], "name": frame["school"][good]}).drop_duplicates("key")
        for key, name in zip(first["key"].tolist(), first["name"].tolist(), strict=True):
            self.names.setdefault(key, (name, chunk.path))
        terms = frame["term"][good] if "term" in frame.columns else term_of(frame["date"][good])
        rows = pd.DataFrame({"school": ids[good], "term": terms, "grade": levels[good], "standards": standards[good], "assessed": assessed[good], "meeting": meeting[good]})
        rows = self._filter(rows, frame["date"][good] if "date" in frame.columns else None)
        rows = rows.explode("standards").rename(columns={"standards": "standard"}).dropna(subset=["standard"])
        if rows.empty:
            return
        self.parts.append(rows.assign(classes=1).groupby(_KEYS, sort=False)[["assessed", "meeting", "classes"]].sum().reset_index())
        if len(self.parts) >= 16:
            self.parts = [self.sums()]

    def _counts(self, chunk: Chunk) -> tuple[pd.Series, pd.Series]:
        frame = chunk.frame

        def number(column: str) -> pd.Series:
            return numbers(frame[column]).fillna(0).astype("int64") if column in frame.columns else pd.Series(0, index=frame.index, dtype="int64")

        if "level_1" in frame.columns:
            levels = [number(f"level_{i}") for i in range(1, 5)]
            total, met = levels[0] + levels[1] + levels[2] + levels[3], levels[2] + levels[3]
            if "assessed" in frame.columns:
                chunk.report(self.report, chunk.good & (number("assessed") != total), "assessed", lambda v: f"assessed is {v} but the four levels add up to a different number", "Make assessed the sum of level_1 to level_4, or leave the assessed column out.")
            return total, met
        assessed, meeting = number("assessed"), number("meeting")
        chunk.report(self.report, chunk.good & (meeting > assessed), "meeting", lambda v: f"{v} students meeting is more than the number assessed", "Meeting counts the students assessed who met the standard, so it is at most assessed.")
        return assessed, meeting

    def _standards(self, chunk: Chunk) -> pd.Series:
        """Each row's standards: the one it names, or every standard of the rubric it names."""
        frame = chunk.frame
        raw_standard = frame["standard"] if "standard" in frame.columns else pd.Series("", index=frame.index)
        raw_rubric = frame["rubric"] if "rubric" in frame.columns else pd.Series("", index=frame.index)
        both = (raw_standard != "") & (raw_rubric != "")
        neither = (raw_standard == "") & (raw_rubric == "")
        chunk.report(self.report, both & chunk.good, "standard", lambda v: "the row gives both a standard and a rubric", "Give one of them per row.")
        chunk.report(self.report, neither & chunk.good, "standard", lambda v: "the row gives neither a standard nor a rubric", "Name the standard assessed, or the rubric and criterion used.")
        found = {v: self.standard(v) for v in raw_standard.unique() if v}
        family = raw_standard.map({v: code for v, (code, _) in found.items()})
        unknown = (raw_standard != "") & family.isna() & chunk.good
        chunk.report(self.report, unknown, "standard", lambda v: found[v][1].split(". ")[0], lambda v: found[v][1].split(". ", 1)[-1])
        result = family.astype(object)
        lists: dict[Any, list[str]] = {}
        if "rubric" in frame.columns:
            criteria = frame["criterion"].str.strip().str.casefold()
            for line in frame.index[(raw_rubric != "") & chunk.good]:
                rid = raw_rubric[line]
                standards = self.criteria.get((rid, criteria[line]))
                if rid not in self.library.rubrics:
                    match = difflib.get_close_matches(rid, sorted(self.library.rubrics), n=1)
                    self._bad(chunk, line, "rubric", f"there is no rubric '{rid}'", f"Did you mean '{match[0]}'?" if match else "Use the rubric's file name without .md.")
                elif standards is None:
                    names = ", ".join(f"'{c.name}'" for c in self.library.rubrics[rid].criteria)
                    self._bad(chunk, line, "criterion", f"the rubric '{rid}' has no criterion '{frame.at[line, 'criterion']}'", f"Its criteria are {names}.")
                elif not standards:
                    self._bad(chunk, line, "rubric", f"the rubric '{rid}' names no standard, so its results cannot count for one", "Give results for a rubric that names the standards it assesses.")
                else:
                    lists[line] = sorted({self.framework.standards[code].family for code in standards if code in self.framework.standards})
        if lists:
            result = pd.Series([lists.get(i, v) for i, v in result.items()], index=result.index, dtype=object)
        return result

    def _bad(self, chunk: Chunk, line: Any, column: str, message: str, hint: str) -> None:
        chunk.bad[line] = True
        self.report.add(Problem(chunk.path, int(line), chunk.positions.get(column, 0), column, message, hint))

    def _filter(self, rows: pd.DataFrame, dates: pd.Series | None) -> pd.DataFrame:
        keep = self.filters.mask(rows if dates is None else rows.assign(date=dates), self.directory)
        self.kept += int(keep.sum())
        return rows[keep]

    def sums(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({"school": [], "term": [], "standard": [], "assessed": [], "meeting": [], "classes": []})
        return pd.concat(self.parts, ignore_index=True).groupby(_KEYS, sort=True)[["assessed", "meeting", "classes"]].sum().reset_index()


def read_results(
    paths: Sequence[Path], library: Library, fmt: TableFormat, *, root: Path | None = None, progress: Callable[[str], None] | None = None,
    filters: Filters | None = None, directory: SchoolDirectory | None = None, report: ReadReport | None = None,
) -> ResultsData:
    """Read every results file in chunks into sums per school, term and standard."""
    report = report or ReadReport()
    directory = directory or SchoolDirectory()
    filters = filters or Filters()
    reader = TableReader(fmt, report, progress)
    folder = _Folder(library, fmt, directory, filters, report)
    for path in paths:
        for chunk in reader.read(path, display_path(path, root)):
            folder.fold(chunk)
    sums = folder.sums()
    directory.assign(sums["school"].unique().tolist())
    if not directory.mapped:
        for a, b in similar_names({key: name for key, (name, _) in folder.names.items()}):
            where = next(path for name, path in folder.names.values() if name == b)
            report.problems.append(Problem(where, 0, 0, "school", f"'{a}' and '{b}' look like the same school but are counted as two", "Give a school-codes file (--schools) that maps both spellings to one code.", "warning"))
    return ResultsData(report, sums, directory, filters, folder.kept)


def summarise_results(data: ResultsData, library: Library, *, threshold: int, weak_below: float = DEFAULT_WEAK_BELOW, caption: ChartCaption | None = None, synthetic: bool = False) -> Mastery:
    codes = data.directory.codes
    records = [
        MasteryRecord(codes.get(school, school), str(term), str(standard), int(assessed), int(meeting), int(classes))
        for school, term, standard, assessed, meeting, classes in data.sums[["school", "term", "standard", "assessed", "meeting", "classes"]].itertuples(index=False)
    ]
    labels = {code: data.directory.label(code) for code in {r.school for r in records}}
    return build_mastery(records, library.framework, threshold=threshold, labels=labels, weak_below=weak_below, caption=caption, synthetic=synthetic)
