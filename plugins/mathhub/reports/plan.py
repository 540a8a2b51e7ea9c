"""The district plan: which lessons (or standards) each school's grade should teach, and when.

Read from a CSV described by ``schema/district-plan.schema.json``. While the
usage logs are read, every chunk of rows is matched against the plan, so the
summary can say what was planned and taught, planned and not taught, taught
outside its window, and taught off-plan, without keeping any row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..library import Library
from ..problems import Problem
from .schools import SchoolDirectory, keys_of
from .slicing import grade_levels
from .tables import ReadReport, TableReader, display_path, load_format

__all__ = ["DistrictPlan", "load_plan"]


class DistrictPlan:
    """Plan items (one per planned lesson) and what the logs matched to them so far."""

    def __init__(self, rows: pd.DataFrame, items: pd.DataFrame) -> None:
        self.rows = rows
        """One row per plan line: line, school, grade, planned (cartridge id or standard code), start, end, lessons."""
        self.items = items
        """Plan rows expanded to the lessons that satisfy them: line, school, grade, cartridge, start, end."""
        self.inside = pd.Series(0, index=rows.index, dtype="int64")
        self.outside = pd.Series(0, index=rows.index, dtype="int64")
        self.off_plan: list[pd.DataFrame] = []
        self.schools = set(rows["school"])

    def match(self, rows: pd.DataFrame) -> None:
        """Count the uses in ``rows`` (school, grade, band, cartridge, date, uses implied 1) against every plan item."""
        used = rows[["school", "grade", "band", "cartridge", "date"]].astype(object).reset_index(names="row")
        merged = used.merge(self.items, on=["school", "cartridge"], how="inner", suffixes=("", "_plan"))
        merged = merged[(merged["grade"] == merged["grade_plan"]) | ((merged["grade_plan"] == "HS") & (merged["band"] == "HS"))]
        inside = (merged["date"] >= merged["start"]) & (merged["date"] <= merged["end"])
        self.inside = self.inside.add(merged[inside].groupby("plan_row").size(), fill_value=0).astype("int64")
        self.outside = self.outside.add(merged[~inside].groupby("plan_row").size(), fill_value=0).astype("int64")
        unplanned = used[~used["row"].isin(merged["row"]) & used["school"].isin(self.schools)]
        if len(unplanned):
            self.off_plan.append(unplanned.groupby(["school", "grade", "cartridge"]).size().rename("uses").reset_index())

    def tables(self, directory: SchoolDirectory, last_date: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The plan with each line's status, and the lessons taught off-plan (schools by code)."""
        plan = self.rows.copy()
        plan["uses"] = self.inside.reindex(plan.index, fill_value=0).to_numpy()
        plan["uses_outside_window"] = self.outside.reindex(plan.index, fill_value=0).to_numpy()
        plan["status"] = [
            "taught" if uses else ("no lesson in the library" if lessons == 0 else ("window still open" if end > last_date else "not taught"))
            for uses, lessons, end in zip(plan["uses"], plan["lessons"], plan["end"], strict=True)
        ]
        plan["school"] = plan["school"].map(lambda s: directory.codes.get(s, s))
        plan = plan[["school", "grade", "planned", "start", "end", "status", "uses", "uses_outside_window"]].sort_values(["school", "grade", "start", "planned"], kind="stable").reset_index(drop=True)
        if self.off_plan:
            off = pd.concat(self.off_plan).groupby(["school", "grade", "cartridge"], sort=True)["uses"].sum().reset_index()
        else:
            off = pd.DataFrame({"school": [], "grade": [], "cartridge": [], "uses": []})
        off["school"] = off["school"].map(lambda s: directory.codes.get(s, s))
        return plan, off.reset_index(drop=True)


def load_plan(path: Path, schema_dir: Path, library: Library, directory: SchoolDirectory, report: ReadReport, *, root: Path | None = None) -> DistrictPlan:
    """Read and check a district plan; problems go to ``report`` (any bad line stops the run: a plan must be exact)."""
    fmt = load_format(schema_dir, "district-plan.schema.json", "district plan")
    display = display_path(path, root)
    grades = set(fmt.columns["grade"]["enum"])
    catalogue = library.repository.catalogue
    lines: list[dict[str, object]] = []
    items: list[dict[str, object]] = []
    for chunk in TableReader(fmt, report).read(path, display):
        frame = chunk.frame.astype(object)  # a plan is small: plain strings are simpler than categories here
        levels = grade_levels(frame["grade"])
        chunk.report(report, ~levels.isin(grades), "grade", lambda v: f"'{v}' is not a grade", "Use K, 1 to 12, or HS.")
        chunk.report(report, chunk.good & (frame["start"] > frame["end"]), "end", lambda v: f"the window ends ({v}) before it starts", "Swap start and end.")
        keys = keys_of(frame["school"])
        ids = keys.map(directory.codes).fillna(keys) if directory.mapped else keys
        if directory.mapped:
            chunk.report(report, chunk.good & keys.map(directory.codes).isna(), "school", lambda v: f"the school '{v}' is not in {directory.source}", f"Add it to {directory.source}.")
        for line in frame.index[chunk.good]:
            cartridge = str(frame.at[line, "cartridge"]) if "cartridge" in frame.columns else ""
            standard = str(frame.at[line, "standard"]) if "standard" in frame.columns else ""
            if bool(cartridge) == bool(standard):
                report.add(Problem(display, int(line), 0, "cartridge", "give either a cartridge or a standard on each line", "Write the lesson's id, or a standard code, not both."))
                continue
            if cartridge:
                if cartridge not in library.cartridges:
                    report.add(Problem(display, int(line), chunk.positions["cartridge"], "cartridge", f"there is no cartridge '{cartridge}'", "Check the id against the cartridge's folder name."))
                    continue
                planned, lessons = cartridge, [cartridge]
            else:
                found = catalogue.resolve(standard)
                if found.code is None:
                    report.add(Problem(display, int(line), chunk.positions["standard"], "standard", found.reason or f"'{standard}' is not a standard", f"Did you mean {found.suggestion}?" if found.suggestion else "Write a code such as 5.NF.B.3."))
                    continue
                planned, lessons = found.code, library.lessons_for(found.code)
            row = {"plan_row": len(lines), "line": int(line), "school": ids[line], "grade": levels[line], "planned": planned, "start": frame.at[line, "start"], "end": frame.at[line, "end"], "lessons": len(lessons)}
            lines.append(row)
            items += [{"plan_row": row["plan_row"], "school": row["school"], "grade_plan": row["grade"], "cartridge": cid, "start": row["start"], "end": row["end"]} for cid in lessons]
    rows = pd.DataFrame(lines, columns=["plan_row", "line", "school", "grade", "planned", "start", "end", "lessons"]).set_index("plan_row")
    expanded = pd.DataFrame(items, columns=["plan_row", "school", "grade_plan", "cartridge", "start", "end"])
    if report.rows_rejected or any(p.path == display and p.severity == "error" for p in report.problems):
        report.files_refused += 1
    return DistrictPlan(rows, expanded)
