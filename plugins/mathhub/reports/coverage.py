"""Coverage as pandas tables, and their CSV, JSON, Markdown and SVG forms."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from ..charts import heatmap
from ..coverage import Coverage
from ..outputs import spreadsheet_safe, write_atomic
from ..standards import GRADES, Framework, grade_label

__all__ = ["coverage_tables", "coverage_csv", "coverage_json", "coverage_markdown", "coverage_heatmap", "write_coverage", "frame_to_csv"]

HEATMAP_COLUMNS = ["CC", "OA", "NBT", "NF", "MD", "G", "RP", "NS", "EE", "F", "SP", "HS N", "HS A", "HS F", "HS G", "HS S"]


def frame_to_csv(frame: pd.DataFrame) -> str:
    """Tidy CSV, safe to open in a spreadsheet: no cell from content can start a formula."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(spreadsheet_safe)
    return str(safe.to_csv(index=False, lineterminator="\n"))


def coverage_tables(coverage: Coverage) -> dict[str, pd.DataFrame]:
    """``standards`` (one row per catalogue item), ``rollups`` (one per cluster/domain/grade/category), ``gaps``."""
    standards = pd.DataFrame([
        {**asdict(row), "addressed": row.addressed, "assessed": row.assessed} for row in coverage.standards
    ])
    rollups = pd.DataFrame([
        {
            "level": r.level, "key": r.key, "name": r.name, "grade": r.grade, "standards": r.standards,
            "addressed": r.addressed, "share_addressed": round(r.share_addressed, 4),
            "assessed": r.assessed, "share_assessed": round(r.share_assessed, 4),
            "lessons": r.lessons, "depth": round(r.depth, 3),
            "major_standards": r.major_standards, "major_addressed": r.major_addressed,
            "share_major_addressed": None if r.share_major_addressed is None else round(r.share_major_addressed, 4),
        }
        for r in coverage.rollups
    ])
    gaps = pd.DataFrame([
        {"rank": i + 1, "code": g.code, "grade": g.grade, "emphasis": g.emphasis, "prerequisite_of": g.prerequisite_of, "kind": g.kind, "missing_prerequisites": " ".join(g.missing_prerequisites)}
        for i, g in enumerate(coverage.gaps + coverage.weak_foundations)
    ], columns=["rank", "code", "grade", "emphasis", "prerequisite_of", "kind", "missing_prerequisites"])
    return {"standards": standards, "rollups": rollups, "gaps": gaps}


def coverage_csv(coverage: Coverage, table: str = "standards") -> str:
    return frame_to_csv(coverage_tables(coverage)[table])


def coverage_json(coverage: Coverage) -> str:
    tables = coverage_tables(coverage)
    payload = {
        "min_status": coverage.min_status,
        "framework": coverage.framework,
        "figures": {metric: round(coverage.figure(metric), 2) for metric in ("addressed", "assessed", "major")},
        **{name: json.loads(frame.to_json(orient="records")) for name, frame in tables.items()},
    }
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def coverage_markdown(coverage: Coverage, *, gap_limit: int = 25) -> str:
    top = [s for s in coverage.standards if s.level == "standard"]
    crosswalk_only = sum(1 for s in top if s.addressed and s.crosswalk == s.addresses)
    lines = [
        "# Standards coverage",
        "",
        f"Framework: {coverage.framework_name} ({coverage.framework}). Lessons counted: review status `{coverage.min_status}` or later.",
        "",
        f"- Standards addressed by at least one lesson: **{coverage.figure('addressed'):.1f}%**",
    ]
    if any(s.crosswalk for s in coverage.standards):
        lines.append(f"- Of those, addressed only through the crosswalk (by lessons aligned to an equivalent standard of another framework): **{crosswalk_only}** of {sum(1 for s in top if s.addressed)}")
    lines.append(f"- Standards addressed and assessed by a rubric: **{coverage.figure('assessed'):.1f}%**")
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
    lines += ["", f"## Gaps, most important first (top {gap_limit} of {len(coverage.gaps)})", "", "| # | Standard | Grade | Emphasis | Prerequisite of |", "|---:|---|---|---|---:|"]
    for i, g in enumerate(coverage.gaps[:gap_limit], start=1):
        lines.append(f"| {i} | {g.code} | {grade_label(g.grade)} | {g.emphasis or '–'} | {g.prerequisite_of} |")
    lines += ["", "## Addressed, but a prerequisite has no lesson", "", "| Standard | Missing prerequisites |", "|---|---|"]
    for g in coverage.weak_foundations[:gap_limit]:
        lines.append(f"| {g.code} | {', '.join(g.missing_prerequisites)} |")
    return "\n".join(lines) + "\n"


def coverage_heatmap(coverage: Coverage, framework: Framework) -> str:
    """Grade × domain (K–8) and HS × conceptual category, share of standards addressed, values printed in the cells."""
    cells: dict[tuple[str, str], tuple[float, str]] = {}
    for r in coverage.rollups:
        if r.level == "domain" and r.grade != "HS":
            cells[(grade_label(r.grade), framework.domains[r.key].code)] = (r.share_addressed, f"{r.addressed}/{r.standards}")
        if r.level == "category":
            cells[("High school", f"HS {r.key}")] = (r.share_addressed, f"{r.addressed}/{r.standards}")
    present = list(dict.fromkeys(key[1] for key in cells))
    columns = [c for c in HEATMAP_COLUMNS if c in present] + [c for c in present if c not in HEATMAP_COLUMNS]
    rows = [grade_label(g) for g in GRADES if any(key[0] == grade_label(g) for key in cells)]
    return heatmap(
        "Standards addressed by grade and domain",
        rows,
        columns,
        cells,
        description="Each cell shows how many of the domain's standards in that grade have at least one lesson, as addressed/total. High-school columns are conceptual categories: HS N Number and Quantity, HS A Algebra, HS F Functions, HS G Geometry, HS S Statistics and Probability.",
    )


def write_coverage(coverage: Coverage, framework: Framework, folder: Path) -> list[Path]:
    """Every output into ``folder``, each written atomically."""
    outputs = {
        "coverage-standards.csv": coverage_csv(coverage, "standards"),
        "coverage-rollups.csv": coverage_csv(coverage, "rollups"),
        "coverage-gaps.csv": coverage_csv(coverage, "gaps"),
        "coverage.json": coverage_json(coverage),
        "coverage.md": coverage_markdown(coverage),
        "coverage-heatmap.svg": coverage_heatmap(coverage, framework),
    }
    written = []
    for name, text in outputs.items():
        write_atomic(folder / name, text)
        written.append(folder / name)
    return written
