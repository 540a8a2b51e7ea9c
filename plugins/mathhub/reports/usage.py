"""Usage logs: read district CSV exports strictly, and summarise how lessons are used.

Rows are checked column by column with vectorised pandas operations (a
million rows in a few seconds); every bad row becomes a located ``Problem``
(``file:line:column: column-name: message``), never a traceback and never a
silent drop. Logs hold class-level counts only: a column that looks like it
identifies students refuses the whole file, and published outputs replace
small student counts with ``<N``.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..charts import bar_chart, line_chart
from ..frontmatter import decode
from ..library import Library
from ..problems import Problem
from ..standards import GRADES
from .coverage import frame_to_csv

__all__ = ["UsageLog", "UsageSummary", "load_usage_schema", "read_usage_logs", "summarise_usage", "MAX_ROW_PROBLEMS"]

MAX_ROW_PROBLEMS = 1000
"""Problems listed one by one per run; beyond this only a count is kept (memory stays bounded)."""
CHUNK_ROWS = 250_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class UsageSchema:
    columns: dict[str, dict[str, Any]]
    required: tuple[str, ...]
    refused: re.Pattern[str]


def load_usage_schema(schema_dir: Path) -> UsageSchema:
    document = json.loads((schema_dir / "usage-log.schema.json").read_text(encoding="utf-8"))
    return UsageSchema(document["properties"], tuple(document["required"]), re.compile(document["x-refused-columns"]["pattern"]))


@dataclass
class UsageLog:
    """The valid rows of one or more logs, and what was wrong with the others."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    files_refused: int = 0
    problems_not_listed: int = 0

    @property
    def fatal(self) -> bool:
        return self.files_refused > 0


_EMPTY = pd.DataFrame({
    "date": pd.Series(dtype="datetime64[ns]"), "school": pd.Series(dtype=str), "grade": pd.Series(dtype=str),
    "cartridge": pd.Series(dtype=str), "sessions": pd.Series(dtype="int64"), "students": pd.Series(dtype="int64"),
    "outcome": pd.Series(dtype="float64"),
})


class _Reader:
    def __init__(self, library: Library, schema: UsageSchema, progress: Progress | None) -> None:
        self.library, self.schema, self.progress = library, schema, progress or (lambda _: None)
        self.known = set(library.cartridges)
        self.log = UsageLog(_EMPTY.copy())
        self._suggestions: dict[str, str] = {}
        self.frames: list[pd.DataFrame] = []

    def problem(self, problem: Problem) -> None:
        if len(self.log.problems) < MAX_ROW_PROBLEMS:
            self.log.problems.append(problem)
        else:
            self.log.problems_not_listed += 1

    def refuse(self, path: str, line: int, column: int, field_name: str, message: str, hint: str) -> None:
        self.log.files_refused += 1
        self.log.problems.append(Problem(path, line, column, field_name, message, hint))

    def read(self, file: Path, display: str) -> None:
        try:
            raw = file.read_bytes()
        except OSError as error:
            self.refuse(display, 0, 0, "", f"cannot read the file: {error.strerror or error}", "Check the path.")
            return
        text, problems = decode(raw, display)
        if text is None:
            self.log.files_refused += 1
            self.log.problems.extend(problems)
            return
        if not text.strip():
            self.refuse(display, 1, 1, "", "the file is empty", "Export the log again with its header row.")
            return
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])))
        columns = [name.strip() for name in header]
        for index, name in enumerate(columns, start=1):
            if self.schema.refused.search(name):
                self.refuse(display, 1, index, name, f"the column '{name}' looks like it identifies students, so the whole log is refused", "Usage logs hold class-level counts only. Delete this column from the export and run again; nothing from this file was used.")
        duplicates = {name for name in columns if columns.count(name) > 1}
        for name in sorted(duplicates):
            self.refuse(display, 1, columns.index(name) + 1, name, f"the column '{name}' appears more than once", "Keep one of them.")
        missing = [name for name in self.schema.required if name not in columns]
        for name in missing:
            self.refuse(display, 1, 0, name, f"the required column '{name}' is missing", f"The header must name these columns: {', '.join(self.schema.required)}. {self.schema.columns[name]['description']}")
        if self.log.files_refused and (missing or duplicates or any(self.schema.refused.search(n) for n in columns)):
            return
        for index, name in enumerate(columns, start=1):
            if name not in self.schema.columns:
                self.log.problems.append(Problem(display, 1, index, name, f"the column '{name}' is not part of the usage format and is ignored", "", "warning"))
        position = {name: columns.index(name) + 1 for name in self.schema.columns if name in columns}
        try:
            # index_col=False and ParserWarning as an error: a row with more fields than the header
            # is reported, never shifted into an index or silently cut.
            with warnings.catch_warnings():
                warnings.simplefilter("error", pd.errors.ParserWarning)
                reader = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, chunksize=CHUNK_ROWS, skipinitialspace=True, header=0, index_col=False, on_bad_lines="error")
                offset = 0
                starts = _row_lines(text)
                for chunk in reader:
                    chunk.columns = columns
                    lines = starts[offset : offset + len(chunk)] if starts is not None else list(range(offset + 2, offset + 2 + len(chunk)))
                    self.validate(chunk, display, position, lines)
                    offset += len(chunk)
                    self.log.rows_read += len(chunk)
                    self.progress(f"{display}: {self.log.rows_read:,} rows read")
        except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
            line, found = _ragged_row(text, len(columns))
            self.refuse(display, line, 0, "", f"row {line} has {found} fields but the header has {len(columns)}", "Each row needs the same number of fields as the header; put values that contain commas in double quotes.")

    def suggestion(self, value: str) -> str:
        if value not in self._suggestions:
            match = difflib.get_close_matches(value, sorted(self.known), n=1)
            self._suggestions[value] = f"Did you mean '{match[0]}'?" if match else "Check the id against the cartridge's folder name."
        return self._suggestions[value]

    def validate(self, chunk: pd.DataFrame, path: str, position: dict[str, int], row_lines: list[int]) -> None:
        """Check every column at once; keep good rows, report bad ones with their line numbers."""
        lines = pd.Index(row_lines)
        chunk = chunk.set_axis(lines)
        data = {name: chunk[name].str.strip() for name in position}
        bad = pd.Series(False, index=lines)

        def report(mask: pd.Series, column: str, message: Callable[[str], str], hint: str | Callable[[str], str]) -> None:
            nonlocal bad
            if not mask.any():
                return
            bad |= mask
            for line, value in data[column][mask].items():
                text = hint(value) if callable(hint) else hint
                self.problem(Problem(path, int(line), position[column], column, message(value), text))

        dates = pd.to_datetime(data["date"], format="%Y-%m-%d", errors="coerce")
        shaped = data["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
        report(dates.isna() & shaped, "date", lambda v: f"'{v}' is not a real date", "Check the month and day.")
        report(~shaped, "date", lambda v: f"'{v}' is not a date written YYYY-MM-DD" if v else "the date is empty", "Write dates like 2026-09-14.")
        grades = data["grade"].str.upper().str.lstrip("0").replace({"": "0", "KG": "K", "K0": "K"})
        report(~grades.isin(GRADES), "grade", lambda v: f"'{v}' is not a grade", "Use K, 1 to 8, or HS.")
        report(data["school"] == "", "school", lambda v: "the school is empty", "Name the school or give its district code.")
        known = data["cartridge"].isin(self.known)
        report(~known, "cartridge", lambda v: f"there is no cartridge '{v}'" if v else "the cartridge id is empty", self.suggestion)
        numbers = {}
        for column, low, high in (("sessions", 1, 100), ("students", 0, 1000)):
            values = pd.to_numeric(data[column], errors="coerce")
            numbers[column] = values

            def not_a_number(v: str, c: str = column) -> str:
                return f"'{v}' is not a number" if v else f"the {c} count is empty"

            def negative(v: str, c: str = column) -> str:
                return f"the {c} count {v} is negative"

            def fractional(v: str, c: str = column) -> str:
                return f"the {c} count {v} is not a whole number"

            def out_of_range(v: str, c: str = column, lo: int = low, hi: int = high) -> str:
                return f"the {c} count {v} is outside {lo}–{hi}"

            report(values.isna(), column, not_a_number, f"Write the number of {column} as a whole number.")
            report(values.notna() & (values < 0), column, negative, "Counts cannot be below zero.")
            report(values.notna() & (values >= 0) & (values % 1 != 0), column, fractional, "Write a whole number.")
            report(values.notna() & (values >= 0) & (values % 1 == 0) & ((values < low) | (values > high)), column, out_of_range, "Check for a typing error or a total copied into a class row.")
        if "outcome" in position:
            raw = data["outcome"]
            outcome = pd.to_numeric(raw, errors="coerce")
            report((raw != "") & outcome.isna(), "outcome", lambda v: f"'{v}' is not a number", "Write the share meeting the target as a decimal from 0 to 1, or leave it empty.")
            report(outcome.notna() & ((outcome < 0) | (outcome > 1)), "outcome", lambda v: f"the outcome {v} is outside 0–1", "Write 75% as 0.75.")
        else:
            outcome = pd.Series(float("nan"), index=lines)
        self.log.rows_rejected += int(bad.sum())
        good = ~bad
        self.frames.append(pd.DataFrame({
            "date": dates[good], "school": data["school"][good], "grade": grades[good], "cartridge": data["cartridge"][good],
            "sessions": numbers["sessions"][good].astype("int64"), "students": numbers["students"][good].astype("int64"),
            "outcome": outcome[good].astype("float64"),
        }))


def _row_lines(text: str) -> list[int] | None:
    """The line each data row starts on, when rows and lines differ (quoted line breaks, blank lines); else None."""
    if '"' not in text and "\n\n" not in text.rstrip("\n"):
        return None
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    starts, previous_end = [], reader.line_num
    for row in reader:
        if row:
            starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts


def _ragged_row(text: str, expected: int) -> tuple[int, int]:
    """Line number and field count of the first row whose field count differs from the header's (error path only)."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    for row in reader:
        if row and len(row) != expected:
            return reader.line_num, len(row)
    return 0, expected


def read_usage_logs(paths: Sequence[Path], library: Library, schema: UsageSchema, *, root: Path | None = None, progress: Progress | None = None) -> UsageLog:
    """Read every log; the result holds the good rows and every problem found."""
    reader = _Reader(library, schema, progress)
    for path in paths:
        display = path.as_posix()
        if root is not None:
            try:
                display = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        reader.read(path, display)
    if reader.frames:
        reader.log.frame = pd.concat(reader.frames, ignore_index=True)
    return reader.log


@dataclass
class UsageSummary:
    tables: dict[str, pd.DataFrame]
    figures: dict[str, Any]
    threshold: int

    def published(self, name: str) -> pd.DataFrame:
        """A table as it may be published: student counts below the threshold become ``<N`` (and their outcomes are hidden)."""
        frame = self.tables[name].copy()
        if "students" in frame.columns and self.threshold > 0:
            small = frame["students"] < self.threshold
            frame["students"] = frame["students"].astype(object).where(~small, f"<{self.threshold}")
            if "outcome" in frame.columns:
                frame["outcome"] = frame["outcome"].astype(object).where(~small, None)
        return frame

    def csv(self, name: str) -> str:
        return frame_to_csv(self.published(name))

    def json(self) -> str:
        payload = {
            "kind": "mathhub-usage-summary",
            "threshold": self.threshold,
            "figures": self.figures,
            **{name: json.loads(self.published(name).to_json(orient="records", date_format="iso")) for name in self.tables},
        }
        return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def markdown(self, top: int = 15) -> str:
        f = self.figures
        lines = [
            "# Lesson usage",
            "",
            f"{f['classes']:,} class uses of {f['cartridges_used']} lessons in {f['schools']} schools, {f['first_date']} to {f['last_date']}. "
            f"Student counts below {self.threshold} are shown as <{self.threshold}.",
            "",
            f"- Share of sessions on approved lessons: **{100 * f['share_sessions_approved']:.1f}%**; on drafts: **{100 * f['share_sessions_draft']:.1f}%**",
            f"- Lessons never used: **{f['never_used']}**",
            f"- Standards the library addresses but no class was taught: **{f['planned_not_taught']}**",
            "",
            "## Most used lessons",
            "",
            _markdown_table(self.published("cartridges").head(top), ["cartridge", "title", "status", "classes", "sessions", "students", "outcome"]),
            "## By month",
            "",
            _markdown_table(self.published("months"), ["month", "classes", "sessions", "students"]),
            "## By grade",
            "",
            _markdown_table(self.published("grades"), ["grade", "classes", "sessions", "students"]),
        ]
        return "\n".join(lines)

    def charts(self) -> dict[str, str]:
        months = self.tables["months"]
        top = self.tables["cartridges"].head(10)
        return {
            "usage-by-month.svg": line_chart("Classes taught per month", [(m, float(c), f"{c:,}") for m, c in zip(months["month"], months["classes"], strict=True)], description="Number of class uses of Math Hub lessons in each month."),
            "usage-top-lessons.svg": bar_chart("Most used lessons (classes)", [(t, float(c), f"{c:,}") for t, c in zip(top["title"], top["classes"], strict=True)], description="The ten lessons taught by the most classes."),
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


def _totals(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(by, sort=True, observed=True)
    result = grouped.agg(classes=("sessions", "size"), sessions=("sessions", "sum"), students=("students", "sum")).reset_index()
    return result


def summarise_usage(log: UsageLog, library: Library, *, threshold: int = 5) -> UsageSummary:
    """Per cartridge, school, grade, standard and month; unused lessons; approved vs draft; planned vs taught."""
    frame = log.frame
    cartridges = library.cartridges
    meta = pd.DataFrame([
        {"cartridge": c.id, "title": c.title, "status": c.status, "grades": " ".join(c.grades)} for c in cartridges.values()
    ], columns=["cartridge", "title", "status", "grades"])
    per_cartridge = _totals(frame, ["cartridge"])
    per_cartridge["schools"] = frame.groupby("cartridge")["school"].nunique().reindex(per_cartridge["cartridge"]).to_numpy() if len(frame) else []
    weighted = frame.assign(met=frame["outcome"] * frame["students"], counted=frame["students"].where(frame["outcome"].notna(), 0))
    outcome = weighted.groupby("cartridge")[["met", "counted"]].sum()
    per_cartridge["outcome"] = (outcome["met"] / outcome["counted"].where(outcome["counted"] > 0)).reindex(per_cartridge["cartridge"]).round(3).to_numpy() if len(frame) else []
    per_cartridge = meta.merge(per_cartridge, on="cartridge", how="inner").sort_values(["classes", "cartridge"], ascending=[False, True], kind="stable").reset_index(drop=True)

    per_school = _totals(frame, ["school"])
    per_school["cartridges"] = frame.groupby("school")["cartridge"].nunique().reindex(per_school["school"]).to_numpy() if len(frame) else []
    per_grade = _totals(frame, ["grade"])
    per_grade = per_grade.assign(order=per_grade["grade"].map(GRADES.index)).sort_values("order").drop(columns="order").reset_index(drop=True)
    months = _totals(frame.assign(month=frame["date"].dt.strftime("%Y-%m")), ["month"])

    alignment = pd.DataFrame([{"cartridge": c.id, "standard": code} for c in cartridges.values() for code in c.alignment.addresses], columns=["cartridge", "standard"])
    per_standard = _totals(frame[["cartridge", "sessions", "students"]].merge(alignment, on="cartridge"), ["standard"])
    order = library.catalogue.sort_key  # any framework's codes, the default framework's first
    per_standard = per_standard.assign(order=per_standard["standard"].map(order)).sort_values("order").drop(columns="order").reset_index(drop=True)

    used = set(frame["cartridge"].unique())
    never = meta[~meta["cartridge"].isin(used)].reset_index(drop=True)
    status = frame[["cartridge", "sessions"]].merge(meta[["cartridge", "status"]], on="cartridge").groupby("status")["sessions"].sum()
    total_sessions = int(status.sum())
    statuses = pd.DataFrame({"status": status.index, "sessions": status.to_numpy()})
    statuses["share"] = (statuses["sessions"] / total_sessions).round(4) if total_sessions else 0.0
    taught = set(per_standard["standard"])
    planned = sorted({code for c in cartridges.values() for code in c.alignment.addresses} - taught, key=order)
    not_taught = pd.DataFrame({"standard": planned, "lessons": [len(library.by_standard.get(code, {}).get("addresses", [])) for code in planned]})

    figures = {
        "rows": int(log.rows_read),
        "rows_rejected": int(log.rows_rejected),
        "classes": int(len(frame)),
        "cartridges_used": len(used),
        "schools": int(frame["school"].nunique()),
        "first_date": frame["date"].min().strftime("%Y-%m-%d") if len(frame) else "",
        "last_date": frame["date"].max().strftime("%Y-%m-%d") if len(frame) else "",
        "share_sessions_approved": round(float(status.get("approved", 0)) / total_sessions, 4) if total_sessions else 0.0,
        "share_sessions_draft": round(float(status.get("draft", 0)) / total_sessions, 4) if total_sessions else 0.0,
        "never_used": int(len(never)),
        "planned_not_taught": len(planned),
    }
    tables = {
        "cartridges": per_cartridge, "schools": per_school, "grades": per_grade, "standards": per_standard,
        "months": months, "statuses": statuses, "never-used": never, "planned-not-taught": not_taught,
    }
    return UsageSummary(tables, figures, threshold)
