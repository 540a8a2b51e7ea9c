"""Coverage as tables, and their CSV, JSON, Markdown and SVG forms; the pull-request comment of ``--compare``.

Pure Python (the csv and json modules): the site publishes the same files
without loading pandas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..charts import Cell, ChartCaption, heatmap
from ..coverage import STATUS_WORDS, Coverage, CoverageChange, Rollup, StandardChange
from ..outputs import markdown_text, spreadsheet_safe, write_atomic
from ..standards import GRADES, Framework, grade_label

__all__ = [
    "change_json", "change_markdown", "coverage_csv", "coverage_heatmap", "coverage_json", "coverage_markdown", "coverage_tables",
    "rows_to_csv", "write_coverage",
]

HEATMAP_COLUMNS = ["CC", "OA", "NBT", "NF", "MD", "G", "RP", "NS", "EE", "F", "SP", "HS N", "HS A", "HS F", "HS G", "HS S"]
Table = list[dict[str, Any]]


def rows_to_csv(rows: Table, columns: Sequence[str]) -> str:
    """Tidy CSV, safe to open in a spreadsheet: no cell from content can start a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else spreadsheet_safe(row.get(c)) for c in columns])
    return out.getvalue()


def _rollup_row(r: Rollup) -> dict[str, Any]:
    return {
        "level": r.level, "key": r.key, "name": r.name, "grade": r.grade, "standards": r.standards,
        "addressed": r.addressed, "share_addressed": round(r.share_addressed, 4),
        "assessed": r.assessed, "share_assessed": round(r.share_assessed, 4),
        "lessons": r.lessons, "depth": round(r.depth, 3),
        "major_standards": r.major_standards, "major_addressed": r.major_addressed,
        "share_major_addressed": None if r.share_major_addressed is None else round(r.share_major_addressed, 4),
    }


def coverage_tables(coverage: Coverage) -> dict[str, tuple[list[str], Table]]:
    """``standards`` (every catalogue item, reading order), ``rollups``, ``gaps`` and ``blocking`` (missing prerequisites)."""
    standards = [
        {**{k: v for k, v in asdict(s).items() if k not in ("lesson_ids", "rubric_ids", "uncounted")},
         "addressed": s.addressed, "assessed": s.assessed, "lesson_ids": " ".join(s.lesson_ids), "rubric_ids": " ".join(s.rubric_ids),
         "not_counted": " ".join(s.uncounted)}
        for s in coverage.standards
    ]
    standard_columns = ["code", "grade", "category", "domain", "cluster", "emphasis", "level", "parent", "statement", "addressed", "addresses",
                        "crosswalk", "lesson_ids", "not_counted", "assessed", "rubrics", "rubric_ids", "builds_on", "builds_towards", "best_status", "prerequisite_of"]
    rollups = [_rollup_row(r) for r in coverage.rollups]
    gaps = [{"rank": i, "code": g.code, "grade": g.grade, "emphasis": g.emphasis, "prerequisite_of": g.prerequisite_of, "statement": coverage.standard(g.code).statement}
            for i, g in enumerate(coverage.gaps, start=1)]
    blocking = [{"rank": i, "code": b.code, "grade": b.grade, "emphasis": b.emphasis, "blocks": len(b.blocks), "addressed_standards": " ".join(b.blocks),
                 "statement": coverage.standard(b.code).statement} for i, b in enumerate(coverage.blocking, start=1)]
    return {
        "standards": (standard_columns, standards),
        "rollups": (list(_rollup_row(coverage.rollups[0])) if coverage.rollups else [], rollups),
        "gaps": (["rank", "code", "grade", "emphasis", "prerequisite_of", "statement"], gaps),
        "blocking": (["rank", "code", "grade", "emphasis", "blocks", "addressed_standards", "statement"], blocking),
    }


def coverage_csv(coverage: Coverage, table: str = "standards") -> str:
    columns, rows = coverage_tables(coverage)[table]
    return rows_to_csv(rows, columns)


def coverage_json(coverage: Coverage) -> str:
    payload: dict[str, Any] = {
        "min_status": coverage.min_status,
        "framework": coverage.framework,
        "definitions": coverage.footnote(),
        "figures": {metric: round(coverage.figure(metric), 2) for metric in ("addressed", "assessed", "major")},
        **{name: rows for name, (_, rows) in coverage_tables(coverage).items()},
    }
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def coverage_markdown(coverage: Coverage, *, limit: int = 25) -> str:
    top = [s for s in coverage.standards if s.level == "standard"]
    crosswalk_only = sum(1 for s in top if s.addressed and s.crosswalk == s.addresses)
    lines = [
        "# Standards coverage",
        "",
        f"Framework: {coverage.framework_name} ({coverage.framework}).",
        "",
        f"- Standards addressed by at least one lesson: **{coverage.figure('addressed'):.1f}%**",
    ]
    if any(s.crosswalk for s in coverage.standards):
        lines.append(f"- Of those, addressed only through the crosswalk (by lessons aligned to an equivalent standard of another framework): **{crosswalk_only}** of {sum(1 for s in top if s.addressed)}")
    lines.append(f"- Standards assessed by a rubric: **{coverage.figure('assessed'):.1f}%**")
    if any(r.major_standards for r in coverage.rollups):
        lines.append(f"- K–8 major-cluster standards addressed: **{coverage.figure('major'):.1f}%**")
    lines += [
        "",
        "| Grade | Standards | Addressed | Assessed | Lessons per addressed standard | Major-cluster standards addressed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in coverage.rollups:
        if r.level == "grade":
            major = f"{r.major_addressed} of {r.major_standards} ({_pct(r.share_major_addressed)})" if r.major_standards else "–"
            lines.append(f"| {grade_label(r.key)} | {r.standards} | {r.addressed} ({_pct(r.share_addressed)}) | {r.assessed} ({_pct(r.share_assessed)}) | {r.depth:.2f} | {major} |")
    gaps = coverage.gaps
    lines += ["", f"## Gaps, most important first ({_shown(limit, len(gaps))})", "", "| # | Standard | Grade | Emphasis | Prerequisite of |", "|---:|---|---|---|---:|"]
    for i, g in enumerate(gaps[:limit], start=1):
        lines.append(f"| {i} | {g.code} | {grade_label(g.grade)} | {g.emphasis or '–'} | {g.prerequisite_of} |")
    blocking = coverage.blocking
    lines += ["", f"## Prerequisites with no lesson that addressed standards build on ({_shown(limit, len(blocking))})", "",
              "Fill these first: each blocks the addressed standards listed beside it.", "",
              "| Prerequisite with no lesson | Grade | Addressed standards that build on it |", "|---|---|---|"]
    for b in blocking[:limit]:
        lines.append(f"| {b.code} | {grade_label(b.grade)} | {len(b.blocks)}: {', '.join(b.blocks)} |")
    lines += ["", f"_{coverage.footnote()}_"]
    return "\n".join(lines) + "\n"


def _shown(limit: int, total: int) -> str:
    return f"all {total}" if total <= limit else f"the first {limit} of {total}; the CSV has them all"


def coverage_heatmap(coverage: Coverage, framework: Framework, *, caption: ChartCaption | None = None, ident: str = "coverage-map", standalone: bool = False) -> str:
    """Grade × domain (K–8) and HS × conceptual category: standards addressed, printed as addressed/total and a percentage."""
    cells: dict[tuple[str, str], Cell] = {}
    for r in coverage.rollups:
        if r.level == "domain" and r.grade != "HS":
            cells[(grade_label(r.grade), framework.domains[r.key].code)] = Cell(r.share_addressed, (f"{r.addressed}/{r.standards}", _pct(r.share_addressed)))
        if r.level == "category":
            cells[("High school", f"HS {r.key}")] = Cell(r.share_addressed, (f"{r.addressed}/{r.standards}", _pct(r.share_addressed)))
    present = list(dict.fromkeys(key[1] for key in cells))
    columns = [c for c in HEATMAP_COLUMNS if c in present] + [c for c in present if c not in HEATMAP_COLUMNS]
    rows = [grade_label(g) for g in GRADES if any(key[0] == grade_label(g) for key in cells)]
    return heatmap(
        "Standards addressed by grade and domain", rows, columns, cells, caption=caption, ident=ident, standalone=standalone, row_header="Grade",
        description="Each cell shows how many of the domain's standards in that grade have at least one lesson, as addressed/total and a percentage. "
        "High-school columns are conceptual categories: HS N Number and Quantity, HS A Algebra, HS F Functions, HS G Geometry, HS S Statistics and Probability. " + coverage.footnote(),
    )


def write_coverage(coverage: Coverage, framework: Framework, folder: Path, *, caption: ChartCaption | None = None) -> list[Path]:
    """Every output into ``folder``, each written atomically."""
    outputs = {
        "coverage-standards.csv": coverage_csv(coverage, "standards"),
        "coverage-rollups.csv": coverage_csv(coverage, "rollups"),
        "coverage-gaps.csv": coverage_csv(coverage, "gaps"),
        "coverage-blocking.csv": coverage_csv(coverage, "blocking"),
        "coverage.json": coverage_json(coverage),
        "coverage.md": coverage_markdown(coverage),
        "coverage-heatmap.svg": coverage_heatmap(coverage, framework, caption=caption, standalone=True),
    }
    written = []
    for name, text in outputs.items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    return written


# -- the pull-request comment ---------------------------------------------------------------------------------------


def _standard_change(s: StandardChange) -> dict[str, Any]:
    return {"code": s.code, "grade": s.grade, "emphasis": s.emphasis, "because": list(s.because)}


def _rollup_pair(before: Rollup | None, after: Rollup | None) -> dict[str, Any]:
    return {"before": None if before is None else _rollup_row(before), "after": None if after is None else _rollup_row(after)}


def change_json(change: CoverageChange, ref: str) -> str:
    payload = {
        "kind": "mathhub-coverage-change",
        "compared_with": ref,
        "min_status": change.min_status,
        "summary": change.summary(),
        "standards_addressed": [_standard_change(s) for s in change.added],
        "standards_no_longer_addressed": [_standard_change(s) for s in change.removed],
        "standards_newly_assessed": [_standard_change(s) for s in change.newly_assessed],
        "standards_no_longer_assessed": [_standard_change(s) for s in change.no_longer_assessed],
        "lessons_added": [asdict(lesson) for lesson in change.lessons_added],
        "lessons_removed": [asdict(lesson) for lesson in change.lessons_removed],
        "status_changes": [{"id": new.id, "title": new.title, "before": old.status, "after": new.status} for old, new in change.status_changes],
        "rubric_links": [{"id": lesson.id, "added": list(added), "removed": list(removed)} for lesson, added, removed in change.rubric_links],
        "rubrics_added": list(change.rubrics_added),
        "rubrics_removed": list(change.rubrics_removed),
        "left_out": [{"id": lesson.id, "title": lesson.title, "status": lesson.status, "addresses": list(lesson.addresses)} for lesson in change.left_out],
        "grades": [{"grade": c.key, **_rollup_pair(c.before, c.after)} for c in change.grades],
        "clusters": [{"cluster": c.key, "name": c.name, **_rollup_pair(c.before, c.after)} for c in change.clusters],
    }
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _figure(r: Rollup | None) -> str:
    return "–" if r is None else f"{r.addressed}/{r.standards} addressed, {r.assessed} assessed"


def change_markdown(change: CoverageChange, ref: str) -> str:
    """A pull-request comment: the summary, then each kind of change with the lessons responsible."""
    words = STATUS_WORDS.get(change.min_status, change.min_status)
    lines = ["## Coverage change", "", change.summary(), "", f"Compared with `{markdown_text(ref)}`; lessons count from review status *{words}*."]
    if change.empty:
        lines += ["", "No lesson, rubric or coverage figure changed."]
        return "\n".join(lines) + "\n"

    def standards(title: str, items: Sequence[StandardChange], verb: str) -> None:
        if items:
            lines.extend(["", f"### {title}", "", f"| Standard | Grade | Emphasis | {verb} |", "|---|---|---|---|"])
            lines.extend(f"| {s.code} | {grade_label(s.grade)} | {s.emphasis or '–'} | {', '.join(f'`{b}`' for b in s.because) or '–'} |" for s in items)

    standards("Standards now addressed", change.added, "Because of")
    standards("Standards no longer addressed", change.removed, "Because of")
    standards("Standards now assessed by a rubric", change.newly_assessed, "Rubrics")
    standards("Standards no longer assessed", change.no_longer_assessed, "Rubrics")
    if change.lessons_added or change.lessons_removed or change.status_changes:
        lines += ["", "### Lessons", "", "| Lesson | Change |", "|---|---|"]
        lines += [f"| `{x.id}` {markdown_text(x.title)} | added ({STATUS_WORDS.get(x.status, x.status)}{'' if x.counted else ', not counted'}) |" for x in change.lessons_added]
        lines += [f"| `{x.id}` {markdown_text(x.title)} | removed |" for x in change.lessons_removed]
        lines += [f"| `{new.id}` {markdown_text(new.title)} | status {STATUS_WORDS.get(old.status, old.status)} → {STATUS_WORDS.get(new.status, new.status)} |" for old, new in change.status_changes]
    if change.rubric_links or change.rubrics_added or change.rubrics_removed:
        lines += ["", "### Rubrics", ""]
        lines += [f"- `{lesson.id}` now names {', '.join(f'`{r}`' for r in added) or 'no new rubric'}" + (f"; no longer names {', '.join(f'`{r}`' for r in removed)}" if removed else "") for lesson, added, removed in change.rubric_links]
        lines += [f"- rubric `{r}` added to the library" for r in change.rubrics_added]
        lines += [f"- rubric `{r}` removed from the library" for r in change.rubrics_removed]
    if change.left_out:
        lines += ["", "### Not counted because of their status", "", f"Coverage counts lessons *{words}* or later; these new or changed lessons are below that:", ""]
        lines += [f"- `{x.id}` ({STATUS_WORDS.get(x.status, x.status)}) addresses {', '.join(x.addresses) or 'no standard'}" for x in change.left_out]
    if change.grades:
        lines += ["", "### Per grade", "", "| Grade | Before | After |", "|---|---|---|"]
        lines += [f"| {grade_label(c.key)} | {_figure(c.before)} | {_figure(c.after)} |" for c in change.grades]
    if change.clusters:
        lines += ["", "### Per cluster", "", "| Cluster | Before | After |", "|---|---|---|"]
        lines += [f"| {markdown_text(c.name)} | {_figure(c.before)} | {_figure(c.after)} |" for c in change.clusters]
    return "\n".join(lines) + "\n"
