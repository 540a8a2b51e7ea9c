"""A mastery summary as files: JSON, CSV tables, Markdown and SVG heat maps.

Pure Python (no pandas): the CLI writes these, and the site publishes the same
files beside its Mastery page.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..library import Library
from ..mastery import Mastery, WeakCell
from ..outputs import markdown_text
from .coverage import rows_to_csv

__all__ = ["mastery_markdown", "mastery_outputs"]


def mastery_outputs(mastery: Mastery, library: Library, min_status: str) -> dict[str, str]:
    """Every file ``mathhub mastery --out`` writes: JSON summary, CSV tables, Markdown, SVG heat maps."""
    framework = library.framework
    cells = [
        {"level": c.level, "key": c.key, "school": c.school, "label": mastery.label(c.school) if c.school in mastery.labels else c.school, "term": c.term,
         "state": c.state, "assessed": c.assessed if c.state == "value" else None, "meeting": c.meeting if c.state == "value" else None,
         "share": None if c.share is None else round(c.share, 4)}
        for c in sorted(mastery.cells.values(), key=lambda c: (c.level, mastery.order.get(c.key, 0), c.school, c.term))
    ]
    weak = mastery.weak_cells(library, min_status)
    weak_rows = [
        {"school": w.school, "label": mastery.label(w.school), "term": w.term, "standard": w.standard, "share": w.share, "assessed": w.assessed,
         "lessons": " ".join(lesson.id for lesson in w.lessons), "weak_prerequisites": " ".join(p for p, _ in w.prerequisites),
         "prerequisite_lessons": " ".join(lesson.id for lesson in w.prerequisite_lessons)}
        for w in weak
    ]
    trend = mastery.trend("cluster") + mastery.trend("standard")
    return {
        "mastery-summary.json": mastery.to_json(),
        "mastery-cells.csv": rows_to_csv(cells, ["level", "key", "school", "label", "term", "state", "assessed", "meeting", "share"]),
        "mastery-weak.csv": rows_to_csv(weak_rows, ["school", "label", "term", "standard", "share", "assessed", "lessons", "weak_prerequisites", "prerequisite_lessons"]),
        "mastery-trend.csv": rows_to_csv(trend, ["level", "key", "school", "from", "to", "before", "after", "change"]),
        "mastery.md": mastery_markdown(mastery, weak, library),
        "mastery-heatmap-clusters.svg": mastery.heatmap("cluster", framework, standalone=True),
        "mastery-heatmap-standards.svg": mastery.heatmap("standard", framework, standalone=True),
    }


def mastery_markdown(mastery: Mastery, weak: Sequence[WeakCell], library: Library) -> str:
    lines = [
        "# Mastery",
        "",
        f"Share of students meeting each standard, weighted by the number assessed. Figures about fewer than {mastery.threshold} students are not shown; "
        f"'hidden' marks a figure withheld so that a small group cannot be worked out from a total. {mastery.caption.text()}.",
        "",
        f"## Weak cells (below {100 * mastery.weak_below:.0f}%) and the lessons that close the gap",
        "",
    ]
    if not weak:
        lines.append("_None._")
    for w in weak:
        lines.append(f"- **{w.standard}** at {markdown_text(mastery.label(w.school))}, {w.term}: {100 * w.share:.0f}% of {w.assessed} students")
        for lesson in w.lessons:
            tags = ", ".join(t for t, on in (("intervention", lesson.intervention), ("short", lesson.short)) if on)
            lines.append(f"  - lesson: `{lesson.id}` {markdown_text(lesson.title)} ({lesson.minutes} min{', ' + tags if tags else ''})")
        if not w.lessons:
            lines.append("  - no lesson addresses it yet")
        for code, share in w.prerequisites:
            lines.append(f"  - weak prerequisite: {code} ({100 * share:.0f}%)")
        for lesson in w.prerequisite_lessons:
            lines.append(f"  - prerequisite lesson: `{lesson.id}` {markdown_text(lesson.title)} ({lesson.minutes} min, for {lesson.standard})")
    columns = mastery.columns()
    lines += ["", "## By cluster", "", "| Cluster | " + " | ".join(f"{markdown_text(mastery.label(s))} {t}" for s, t in columns) + " |", "|---|" + "---:|" * len(columns)]
    for key in mastery.keys("cluster"):
        cells = []
        for school, term in columns:
            c = mastery.cell("cluster", key, school, term)
            cells.append("" if c is None else (f"n<{mastery.threshold}" if c.state == "small" else ("hidden" if c.state == "hidden" else f"{100 * (c.share or 0):.0f}% (n={c.assessed})")))
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
