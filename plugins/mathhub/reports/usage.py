"""Usage logs: read district CSV exports strictly, and summarise how lessons are used.

Reading is chunked (``tables.TableReader``): each chunk is checked against the
schema's limits and the library, filtered (school, dates, term, grade), matched
against the district plan, and folded into small aggregates; no row is kept.
The summary then publishes only aggregates, each student figure suppressed by
its own number of students (``suppression``), schools shown by code or public
label (``schools``).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..charts import ChartCaption, bar_chart, line_chart
from ..library import Library
from ..privacy import Margin
from ..problems import Problem
from .plan import DistrictPlan
from .schools import SchoolDirectory, keys_of, similar_names
from .slicing import Filters, band_of, grade_levels, term_of
from .suppression import by_value, partition, protect
from .tables import ReadReport, TableFormat, TableReader, display_path, frame_to_csv, load_format, numbers

__all__ = [
    "GROUP_DIMENSIONS", "UsageData", "UsageSummary", "load_usage_schema", "read_usage_logs", "summarise_usage",
]

GROUP_DIMENSIONS = ("school", "grade", "term", "month", "cartridge", "standard", "section")
"""What ``--group-by`` accepts."""
_FACT_KEYS = ["month", "term", "school", "grade", "band", "cartridge"]
_MEASURES = ["uses", "sessions", "students", "outcome_met", "outcome_n"]
_COMPACT_EVERY = 16
Progress = Callable[[str], None]


def load_usage_schema(schema_dir: Path) -> TableFormat:
    return load_format(schema_dir, "usage-log.schema.json", "usage log")


@dataclass
class UsageData:
    """Aggregates of the valid, kept rows of one or more logs, and what was wrong with the others."""

    report: ReadReport
    facts: pd.DataFrame
    """One row per (month, term, school, grade, band, cartridge[, section]) with uses, sessions, students, outcome_met, outcome_n."""
    directory: SchoolDirectory
    filters: Filters
    has_section: bool = False
    first_date: str = ""
    last_date: str = ""
    rows_kept: int = 0
    rows_filtered: int = 0
    plan: DistrictPlan | None = None
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    """School key -> the name as first written and the file (for warnings only; never published)."""

    # The reading report's figures, for callers that only need those.
    @property
    def problems(self) -> list[Problem]:
        return self.report.problems

    @property
    def fatal(self) -> bool:
        return self.report.fatal

    @property
    def rows_read(self) -> int:
        return self.report.rows_read

    @property
    def rows_rejected(self) -> int:
        return self.report.rows_rejected

    @property
    def problems_not_listed(self) -> int:
        return self.report.problems_not_listed


class _Folder:
    """Checks each chunk against the library and folds its good rows into the aggregates."""

    def __init__(self, library: Library, fmt: TableFormat, directory: SchoolDirectory, filters: Filters, plan: DistrictPlan | None, report: ReadReport) -> None:
        self.library, self.fmt, self.directory, self.filters, self.plan, self.report = library, fmt, directory, filters, plan, report
        self.known = set(library.cartridges)
        self.grades = set(fmt.columns["grade"]["enum"])
        self._suggestions: dict[str, str] = {}
        self.parts: list[pd.DataFrame] = []
        self.has_section = False
        self.first, self.last = "", ""
        self.kept = self.filtered = 0
        self.names: dict[str, tuple[str, str]] = {}

    def suggestion(self, value: str) -> str:
        if value not in self._suggestions:
            match = difflib.get_close_matches(value, sorted(self.known), n=1)
            self._suggestions[value] = f"Did you mean '{match[0]}'?" if match else "Check the id against the cartridge's folder name."
        return self._suggestions[value]

    def fold(self, chunk: Any) -> None:
        frame = chunk.frame
        levels = grade_levels(frame["grade"])
        chunk.report(self.report, ~levels.isin(self.grades), "grade", lambda v: f"'{v}' is not a grade", "Use K, 1 to 12, or HS.")
        chunk.report(self.report, ~frame["cartridge"].isin(self.known) & chunk.good, "cartridge", lambda v: f"there is no cartridge '{v}'" if v else "the cartridge id is empty", self.suggestion)
        keys = keys_of(frame["school"])
        ids = self.directory.ids(keys, chunk, self.report)
        self.report.rows_rejected += int((chunk.bad & ~chunk.repeated).sum())
        good = chunk.good
        if not good.any():
            return
        rows = pd.DataFrame({
            "date": frame["date"][good], "school": ids[good], "grade": levels[good], "cartridge": frame["cartridge"][good],
            "sessions": numbers(frame["sessions"][good]).astype("int64"), "students": numbers(frame["students"][good]).astype("int64"),
        })
        first = pd.DataFrame({"key": keys[good], "name": frame["school"][good]}).drop_duplicates("key")
        for key, name in zip(first["key"].tolist(), first["name"].tolist(), strict=True):
            self.names.setdefault(key, (name, chunk.path))
        rows["band"] = band_of(rows["grade"])
        rows["month"] = rows["date"].str.slice(0, 7)
        rows["term"] = frame["term"][good] if "term" in frame.columns else term_of(rows["date"])
        outcome = numbers(frame["outcome"][good]) if "outcome" in frame.columns else pd.Series(float("nan"), index=rows.index)
        rows["outcome_met"] = (outcome * rows["students"]).fillna(0.0)
        rows["outcome_n"] = rows["students"].where(outcome.notna(), 0)
        if "section" in frame.columns:
            self.has_section = True
            rows["section"] = frame["section"][good]
        rows = self._filter(rows)
        if rows.empty:
            return
        days = [str(day) for day in rows["date"].unique()]
        self.first = min(self.first or "9999", min(days))
        self.last = max(self.last, max(days))
        if self.plan is not None:
            self.plan.match(rows)
        keys_used = _FACT_KEYS + (["section"] if "section" in rows.columns else [])
        self.parts.append(rows.assign(uses=1).groupby(keys_used, sort=False, observed=True)[_MEASURES].sum().reset_index())
        if len(self.parts) >= _COMPACT_EVERY:
            self.parts = [self.facts()]

    def _filter(self, rows: pd.DataFrame) -> pd.DataFrame:
        keep = self.filters.mask(rows, self.directory)
        self.kept += int(keep.sum())
        self.filtered += int((~keep).sum())
        return rows[keep]

    def facts(self) -> pd.DataFrame:
        if not self.parts:
            columns = _FACT_KEYS + (["section"] if self.has_section else []) + _MEASURES
            return pd.DataFrame({c: pd.Series(dtype="float64" if c == "outcome_met" else ("int64" if c in _MEASURES else object)) for c in columns})
        frame = pd.concat(self.parts, ignore_index=True)
        if self.has_section and "section" not in frame.columns:
            frame["section"] = ""
        keys = _FACT_KEYS + (["section"] if self.has_section else [])
        frame[keys] = frame[keys].fillna("")
        return frame.groupby(keys, sort=True, observed=True)[_MEASURES].sum().reset_index()


def read_usage_logs(
    paths: Sequence[Path], library: Library, fmt: TableFormat, *, root: Path | None = None, progress: Progress | None = None,
    filters: Filters | None = None, directory: SchoolDirectory | None = None, plan: DistrictPlan | None = None, report: ReadReport | None = None,
) -> UsageData:
    """Read every log in chunks; the result holds aggregates of the good, kept rows and every problem found."""
    report = report or ReadReport()
    directory = directory or SchoolDirectory()
    filters = filters or Filters()
    reader = TableReader(fmt, report, progress)
    folder = _Folder(library, fmt, directory, filters, plan, report)
    for path in paths:
        for chunk in reader.read(path, display_path(path, root)):
            folder.fold(chunk)
    facts = folder.facts()
    directory.assign(facts["school"].unique().tolist())
    if not directory.mapped:
        for a, b in similar_names({key: name for key, (name, _) in folder.names.items()}):
            where = next(path for name, path in folder.names.values() if name == b)
            report.problems.append(Problem(where, 0, 0, "school", f"'{a}' and '{b}' look like the same school but are counted as two", "Give a school-codes file (--schools) that maps both spellings to one code.", "warning"))
    return UsageData(report, facts, directory, filters, folder.has_section, folder.first, folder.last, folder.kept, folder.filtered, plan, folder.names)


# -- the summary --------------------------------------------------------------------------------------------


@dataclass
class UsageSummary:
    """Published tables (already suppressed), the headline figures, and their files."""

    tables: dict[str, pd.DataFrame]
    figures: dict[str, Any]
    threshold: int
    caption: ChartCaption
    synthetic: bool = False

    def csv(self, name: str) -> str:
        return frame_to_csv(self.tables[name])

    def json(self) -> str:
        payload = {
            "kind": "mathhub-usage-summary",
            "synthetic": self.synthetic,
            "threshold": self.threshold,
            "figures": self.figures,
            "caption": self.caption.as_dict(),
            **{name: json.loads(frame.to_json(orient="records")) for name, frame in self.tables.items()},
        }
        return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def markdown(self, top: int = 15) -> str:
        f = self.figures
        classes = f" ({f['classes']:,} distinct classes)" if f.get("classes") is not None else ""
        lines = [
            "# Lesson usage",
            "",
            f"{f['uses']:,} class uses{classes} of {f['cartridges_used']} lessons in {f['schools']} schools, {f['first_date']} to {f['last_date']}. "
            f"Filters: {f['filters']}. Student figures about fewer than {self.threshold} students are shown as <{self.threshold}; "
            "'hidden' marks a figure hidden so that a small one cannot be worked out from a total. "
            "Student-lessons count one student taking part in one lesson (a student in three lessons counts three times).",
            "",
            f"- Share of sessions on approved lessons: **{100 * f['share_sessions_approved']:.1f}%**; on drafts: **{100 * f['share_sessions_draft']:.1f}%**",
            f"- Lessons for the grades taught that were never used: **{f['never_used']}**",
            f"- Lessons taught outside their grades: **{f['off_grade']}**",
        ]
        if f.get("planned") is None:
            lines.append("- District plan: none given (pass --plan to compare planned and taught lessons)")
        else:
            lines += [f"- Planned lessons taught: **{f['planned_taught']} of {f['planned']}**; planned but not taught: **{f['planned_not_taught']}**", f"- Lessons taught off-plan: **{f['off_plan']}**"]
        lines += [
            "",
            "## Most used lessons",
            "",
            _markdown_table(self.tables["cartridges"].head(top), ["cartridge", "title", "status", "uses", "classes", "sessions", "student_lessons", "outcome", "outcome_n"]),
            "## By school",
            "",
            _markdown_table(self.tables["schools"], ["school", "label", "uses", "classes", "sessions", "student_lessons", "cartridges"]),
            "## By term",
            "",
            _markdown_table(self.tables["terms"], ["term", "uses", "sessions", "student_lessons"]),
            "## By month",
            "",
            _markdown_table(self.tables["months"], ["month", "uses", "sessions", "student_lessons"]),
            "## By grade",
            "",
            _markdown_table(self.tables["grades"], ["grade", "uses", "sessions", "student_lessons"]),
            "## Taught outside their grades",
            "",
            _markdown_table(self.tables["off-grade"], ["school", "grade", "cartridge", "lesson_grades", "uses"]),
        ]
        if "plan" in self.tables:
            lines += ["## District plan", "", _markdown_table(self.tables["plan"], ["school", "grade", "planned", "start", "end", "status", "uses", "uses_outside_window"]),
                      "## Off-plan", "", _markdown_table(self.tables["off-plan"], ["school", "grade", "cartridge", "uses"])]
        if "grouped" in self.tables:
            lines += [f"## Grouped by {', '.join(self.figures['group_by'])}", "", _markdown_table(self.tables["grouped"], list(self.tables["grouped"].columns))]
        return "\n".join(lines)

    def charts(self) -> dict[str, str]:
        months = self.tables["months"]
        top = self.tables["cartridges"].head(10)
        return {
            "usage-by-month.svg": line_chart("Class uses per month", [(m, float(c), f"{c:,}") for m, c in zip(months["month"], months["uses"], strict=True)], caption=self.caption, description="Number of class uses of Math Hub lessons in each month."),
            "usage-top-lessons.svg": bar_chart("Most used lessons (class uses)", [(t, float(c), f"{c:,}") for t, c in zip(top["title"], top["uses"], strict=True)], caption=self.caption, description="The ten lessons used by the most classes."),
        }

    def outputs(self) -> dict[str, str]:
        files = {f"usage-{name}.csv": self.csv(name) for name in self.tables}
        files["usage-summary.json"] = self.json()
        files["usage-summary.md"] = self.markdown()
        files.update(self.charts())
        return files


def _markdown_table(frame: pd.DataFrame, columns: list[str]) -> str:
    columns = [c for c in columns if c in frame.columns]
    if frame.empty:
        return "_None._\n"
    rows = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for record in frame[columns].itertuples(index=False):
        cells = ["–" if v is None or (isinstance(v, float) and v != v) else (f"{v:.2f}" if isinstance(v, float) else str(v)) for v in record]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"


def _totals(facts: pd.DataFrame, by: list[str], has_section: bool) -> pd.DataFrame:
    """Uses, sessions, student-lessons and the outcome (with its own n) per group; distinct classes when sections are known."""
    grouped = facts.groupby(by, sort=True, observed=True)
    result = grouped[_MEASURES].sum().reset_index()
    if has_section:
        classes = facts[facts["section"] != ""].drop_duplicates([*by, "school", "section"]).groupby(by, observed=True).size()
        result["classes"] = classes.reindex(pd.MultiIndex.from_frame(result[by]) if len(by) > 1 else result[by[0]]).fillna(0).astype("int64").to_numpy()
    else:
        result["classes"] = None
    result["outcome"] = (result["outcome_met"] / result["outcome_n"].where(result["outcome_n"] > 0)).round(3)
    result = result.rename(columns={"students": "student_lessons"})
    return result[[*by, "uses", "classes", "sessions", "student_lessons", "outcome", "outcome_n"]]


def summarise_usage(data: UsageData, library: Library, *, threshold: int = 5, group_by: Sequence[str] = (), caption: ChartCaption | None = None, synthetic: bool = False) -> UsageSummary:
    """Per lesson, school, grade, term, month and standard; lessons never used, off-grade, and the plan; all suppressed."""
    facts = data.facts
    cartridges = library.cartridges
    directory = data.directory
    has_section = data.has_section
    meta = pd.DataFrame([{"cartridge": c.id, "title": c.title, "status": c.status, "lesson_grades": " ".join(c.grades)} for c in cartridges.values()], columns=["cartridge", "title", "status", "lesson_grades"])
    published = facts.assign(school=facts["school"].map(lambda school: directory.codes.get(school, school)))  # unmapped names stay (never published: see privacy)

    per_cartridge = _totals(published, ["cartridge"], has_section)
    per_cartridge["schools"] = published.groupby("cartridge")["school"].nunique().reindex(per_cartridge["cartridge"]).to_numpy() if len(published) else []
    per_cartridge = meta.merge(per_cartridge, on="cartridge", how="inner").sort_values(["uses", "cartridge"], ascending=[False, True], kind="stable").reset_index(drop=True)
    per_school = _totals(published, ["school"], has_section)
    per_school.insert(1, "label", per_school["school"].map(directory.label))
    per_school["cartridges"] = published.groupby("school")["cartridge"].nunique().reindex(per_school["school"]).to_numpy() if len(published) else []
    per_grade = _totals(published, ["grade"], has_section)
    order = ["K", *[str(g) for g in range(1, 13)], "HS"]
    per_grade = per_grade.assign(order=per_grade["grade"].map(order.index)).sort_values("order").drop(columns="order").reset_index(drop=True)
    per_term = _totals(published, ["term"], has_section)
    months = _totals(published, ["month"], has_section)

    alignment = pd.DataFrame([{"cartridge": c.id, "standard": code} for c in cartridges.values() for code in c.alignment.addresses], columns=["cartridge", "standard"])
    sort_key = library.catalogue.sort_key  # any framework's codes, the default framework's first
    per_standard = _totals(published.merge(alignment, on="cartridge"), ["standard"], has_section)
    per_standard = per_standard.assign(order=per_standard["standard"].map(sort_key)).sort_values("order").drop(columns="order").reset_index(drop=True)

    used = set(published["cartridge"].unique())
    bands = set(published["band"].unique())
    never = meta[~meta["cartridge"].isin(used) & meta["lesson_grades"].map(lambda g: bool(set(g.split()) & bands))].reset_index(drop=True)
    lesson_grades = {c.id: set(c.grades) for c in cartridges.values()}
    off = published[[band not in lesson_grades.get(cid, {band}) for band, cid in zip(published["band"], published["cartridge"], strict=True)]]
    off_grade = off.groupby(["school", "grade", "cartridge"], sort=True)["uses"].sum().reset_index().merge(meta[["cartridge", "lesson_grades"]], on="cartridge")
    off_grade = off_grade[["school", "grade", "cartridge", "lesson_grades", "uses"]]

    status = published[["cartridge", "sessions"]].merge(meta[["cartridge", "status"]], on="cartridge").groupby("status")["sessions"].sum()
    total_sessions = int(status.sum())
    statuses = pd.DataFrame({"status": status.index, "sessions": status.to_numpy()})
    statuses["share"] = (statuses["sessions"] / total_sessions).round(4) if total_sessions else 0.0

    tables: dict[str, pd.DataFrame] = {
        "cartridges": per_cartridge, "schools": per_school, "grades": per_grade, "terms": per_term, "months": months,
        "standards": per_standard, "statuses": statuses, "never-used": never, "off-grade": off_grade,
    }
    figures: dict[str, Any] = {
        "rows": int(data.rows_read), "rows_rejected": int(data.rows_rejected), "rows_repeated": int(data.report.rows_repeated),
        "rows_filtered_out": int(data.rows_filtered), "files_repeated": int(data.report.files_repeated),
        "uses": int(published["uses"].sum()), "classes": _distinct_classes(published) if has_section else None,
        "cartridges_used": len(used), "schools": int(published["school"].nunique()),
        "first_date": data.first_date, "last_date": data.last_date,
        "share_sessions_approved": round(float(status.get("approved", 0)) / total_sessions, 4) if total_sessions else 0.0,
        "share_sessions_draft": round(float(status.get("draft", 0)) / total_sessions, 4) if total_sessions else 0.0,
        "never_used": int(len(never)), "off_grade": int(off_grade["cartridge"].nunique()),
        "filters": data.filters.describe(), "group_by": list(group_by),
        "planned": None, "planned_taught": None, "planned_not_taught": None, "off_plan": None,
    }
    if data.plan is not None:
        plan_table, off_plan = data.plan.tables(directory, data.last_date)
        tables["plan"], tables["off-plan"] = plan_table, off_plan
        figures.update(planned=int(len(plan_table)), planned_taught=int((plan_table["status"] == "taught").sum()),
                       planned_not_taught=int((plan_table["status"] == "not taught").sum()), off_plan=int(off_plan["cartridge"].nunique()) if len(off_plan) else 0)
    if group_by:
        if "standard" in group_by:
            grouped_source = published.merge(alignment, on="cartridge")
        else:
            grouped_source = published
        tables["grouped"] = _totals(grouped_source, list(group_by), has_section)
    tables = _suppressed(tables, threshold, group_by, alignment)
    return UsageSummary(tables, figures, threshold, caption or ChartCaption(filters=data.filters.describe()), synthetic)


def _distinct_classes(facts: pd.DataFrame) -> int:
    with_section = facts[facts["section"] != ""]
    return int(len(with_section.drop_duplicates(["school", "section"])))


_SINGLE = {"cartridge": "cartridges", "school": "schools", "grade": "grades", "term": "terms", "month": "months", "standard": "standards"}


def _suppressed(tables: dict[str, pd.DataFrame], threshold: int, group_by: Sequence[str], alignment: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every student figure hidden by its own n, with complementary suppression across every table that shares a total."""
    student_tables: dict[str, pd.DataFrame] = {name: tables[name] for name in ("cartridges", "schools", "grades", "terms", "months", "standards", "grouped") if name in tables}
    margins = [partition(name, frame) for name, frame in student_tables.items() if name != "standards"]
    cartridges = student_tables["cartridges"]
    row_of = {cid: i for i, cid in cartridges["cartridge"].items()}
    for i, code in student_tables["standards"]["standard"].items():
        parts = tuple(("cartridges", row_of[c]) for c in alignment.loc[alignment["standard"] == code, "cartridge"] if c in row_of)
        margins.append(Margin(("standards", i), parts))
    if "grouped" in student_tables:
        for dimension in group_by:
            if dimension in _SINGLE:
                margins += by_value(_SINGLE[dimension], student_tables[_SINGLE[dimension]], dimension, "grouped", student_tables["grouped"], dimension)
    protected = protect(student_tables, "student_lessons", threshold, margins)
    protected = protect(protected, "outcome_n", threshold, margins, hide=("outcome",))
    return {**tables, **protected}
