"""Accessible SVG charts for reports and the site: ready for a meeting, readable in both palettes.

Every chart carries its title, a legend with its scale, the figure printed in
each cell or beside each bar (nothing depends on colour alone), and a caption
with the date, the Math Hub version and the filters. Colours come from two
palettes (light and dark) of a colour-blind-safe sequential scale; shapes carry
classes (``mh-q3``, ``mh-ink``…) so the site's stylesheet (``chart_css``)
switches a chart to the dark palette with the rest of the page, and a
downloaded file follows the reader's system setting (``standalone=True``).
Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Literal

__all__ = ["PALETTES", "Cell", "ChartCaption", "Palette", "bar_chart", "chart_css", "heatmap", "line_chart", "scale_bin", "SCALE_LABELS"]

_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""
CellState = Literal["value", "small", "hidden", "none"]


@dataclass(frozen=True)
class Palette:
    background: str
    ink: str
    muted: str
    grid: str
    scale: tuple[str, ...]
    """Fills for the bins of ``SCALE_LABELS``: exactly 0, then 0–20 %, 20–40 %, 40–60 %, 60–80 %, 80–100 %."""
    hidden: str
    hatch: str
    accent: str
    """Bars, lines and the outline of weak cells."""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def ink_on(fill: str) -> str:
    """Black or white, whichever is more readable on ``fill`` (at least 4.5:1 on every fill of both palettes)."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


# ColorBrewer YlGnBu (light) and viridis (dark): sequential, ordered by lightness, safe for the common colour-vision deficiencies.
PALETTES: dict[str, Palette] = {
    "light": Palette("#ffffff", "#000000", "#4d4d4d", "#8c8c8c", ("#ffffff", "#ffffcc", "#c7e9b4", "#7fcdbb", "#1d6fa8", "#1b2a80"), "#e6e6e6", "#8c8c8c", "#1b2a80"),
    "dark": Palette("#1e2129", "#ffffff", "#c6c9d1", "#8b909b", ("#1e2129", "#3b1f5c", "#3b528b", "#21908d", "#5ec962", "#e4e05a"), "#3a3d46", "#8b909b", "#e4e05a"),
}
SCALE_LABELS: tuple[str, ...] = ("0", "under 20%", "20–39%", "40–59%", "60–79%", "80–100%")


def scale_bin(share: float) -> int:
    """The scale bin of a share: 0 exactly, then one bin per 20 percentage points."""
    if share <= 0:
        return 0
    return min(5, 1 + int(share * 100 + 1e-9) // 20)


@dataclass(frozen=True)
class ChartCaption:
    """The line under every chart: when, by which version, about what."""

    generated: str = ""
    version: str = ""
    filters: str = ""
    note: str = ""

    def text(self) -> str:
        parts = []
        if self.version:
            parts.append(f"Math Hub {self.version}")
        if self.generated:
            parts.append(f"generated {self.generated}")
        parts.append(f"filters: {self.filters or 'none'}")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)

    def as_dict(self) -> dict[str, str]:
        return {"generated": self.generated, "version": self.version, "filters": self.filters, "note": self.note}


@dataclass(frozen=True)
class Cell:
    """One heat-map cell: its share (for the colour), the lines printed in it, and its state."""

    share: float | None
    lines: tuple[str, ...]
    state: CellState = "value"
    weak: bool = False


@dataclass
class _Svg:
    width: int
    height: int
    ident: str
    title: str
    description: str
    standalone: bool
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)

    def render(self) -> str:
        light = PALETTES["light"]
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="mh-chart" role="img" aria-labelledby="{self.ident}-title {self.ident}-desc" viewBox="0 0 {self.width} {self.height}" width="{self.width}" height="{self.height}" {_FONT} font-size="12">',
            f'<title id="{self.ident}-title">{escape(self.title)}</title>',
            f'<desc id="{self.ident}-desc">{escape(self.description or self.title)}</desc>',
        ]
        if self.standalone:
            head.append(f"<style>@media (prefers-color-scheme: dark) {{ {_rules('', 'dark')} }}</style>")
        head.append(f'<rect class="mh-bg" width="{self.width}" height="{self.height}" fill="{light.background}"/>')
        return "\n".join(head + self.parts + ["</svg>"]) + "\n"


def _text(x: float, y: float, text: str, cls: str = "mh-ink", *, anchor: str = "start", weight: str = "", size: int = 0, fill: str = "") -> str:
    colour = fill or {"mh-ink": PALETTES["light"].ink, "mh-muted": PALETTES["light"].muted}.get(cls, PALETTES["light"].ink)
    extra = (f' font-weight="{weight}"' if weight else "") + (f' font-size="{size}"' if size else "")
    return f'<text x="{x:.0f}" y="{y:.0f}" class="{cls}" fill="{colour}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _text_width(text: str, size: int = 12) -> float:
    """A generous estimate of rendered width (system sans-serif), so labels are never cut."""
    return len(text) * size * 0.6


def _legend(svg: _Svg, x: float, y: float, width: float, items: list[tuple[str, str]]) -> float:
    """Swatches with labels, wrapped to ``width``; returns the y below the legend."""
    light = PALETTES["light"]
    cx, cy = x, y
    for kind, label in items:
        needed = 22 + _text_width(label, 11) + 14
        if cx + needed > x + width and cx > x:
            cx, cy = x, cy + 20
        if kind.startswith("q"):
            index = int(kind[1:])
            dash = ' stroke-dasharray="3 2"' if index == 0 else ""
            svg.add(f'<rect x="{cx:.0f}" y="{cy - 11:.0f}" width="16" height="14" class="mh-{kind}" fill="{light.scale[index]}" stroke="{light.grid}"{dash}/>')
        elif kind == "hidden":
            svg.add(_hatched(cx, cy - 11, 16, 14, light))
        elif kind == "weak":
            svg.add(f'<rect x="{cx + 1:.0f}" y="{cy - 10:.0f}" width="14" height="12" fill="none" class="mh-weak" stroke="{light.accent}" stroke-width="3"/>')
            svg.add(f'<path d="M{cx + 1:.0f} {cy - 10:.0f} h7 l-7 7 z" class="mh-weak-mark" fill="{light.accent}"/>')
        elif kind == "none":
            svg.add(f'<rect x="{cx:.0f}" y="{cy - 11:.0f}" width="16" height="14" class="mh-bg" fill="{light.background}" stroke="{light.grid}" stroke-dasharray="1 3"/>')
        elif kind == "bar":
            svg.add(f'<rect x="{cx:.0f}" y="{cy - 9:.0f}" width="16" height="10" class="mh-accent" fill="{light.accent}"/>')
        svg.add(_text(cx + 22, cy, label, size=11))
        cx += needed
    return cy + 14


def heatmap(
    title: str, rows: Sequence[str], columns: Sequence[str], cells: dict[tuple[str, str], Cell], *,
    description: str = "", caption: ChartCaption | None = None, ident: str = "heatmap", standalone: bool = False,
    row_header: str = "", weak_label: str = "", extra_legend: Sequence[tuple[str, str]] = (),
) -> str:
    """A grid of labelled cells with a legend and a caption; a column label may use " · " to break into lines."""
    widest = max([_text_width(part, 12) * 1.1 for c in columns for part in c.split(" · ")] + [0])  # bold
    cell_w, cell_h = int(max(66, widest + 12)), 40
    left = int(max([_text_width(r, 12) for r in rows] + [_text_width(row_header, 12), 60]) + 16)
    header_lines = max([len(c.split(" · ")) for c in columns] + [1])
    grid_w = left + cell_w * len(columns) + 10
    width = int(max(grid_w, 600))
    svg = _Svg(width, 0, ident, title, description, standalone)
    svg.add(_text(10, 24, title, weight="700", size=15))
    legend = [(f"q{i}", label) for i, label in enumerate(SCALE_LABELS)]
    if any(c.state == "small" for c in cells.values()):
        legend.append(("hidden", "too few students (n<5 shown)"))
    if any(c.state == "hidden" for c in cells.values()):
        legend.append(("hidden", "hidden so a small group cannot be worked out"))
    if any(c.state == "none" for c in cells.values()) or len(cells) < len(rows) * len(columns):
        legend.append(("none", "– no figure"))
    if weak_label:
        legend.append(("weak", weak_label))
    legend += list(extra_legend)
    top = _legend(svg, 10, 48, width - 20, legend) + 10
    light = PALETTES["light"]
    if row_header:
        svg.add(_text(left - 8, top + 14 * header_lines - 2, row_header, "mh-muted", anchor="end", weight="700"))
    for j, column in enumerate(columns):
        x = left + j * cell_w + (cell_w - 2) / 2
        for k, part in enumerate(column.split(" · ")):
            svg.add(_text(x, top + 14 * (k + 1) - 2, part, anchor="middle", weight="700" if k == 0 else "", size=0 if k == 0 else 11))
    top += 14 * header_lines + 6
    for i, row in enumerate(rows):
        y = top + i * cell_h
        svg.add(_text(left - 8, y + cell_h / 2 + 4, row, anchor="end", weight="700"))
        for j, column in enumerate(columns):
            x = left + j * cell_w
            cell = cells.get((row, column), Cell(None, ("–",), "none"))
            svg.add(_cell(row, column, x, y, cell_w - 2, cell_h - 2, cell, light))
    bottom = top + cell_h * len(rows) + 20
    if caption is not None:
        svg.add(_text(10, bottom, caption.text(), "mh-muted", size=11))
        bottom += 10
    svg.height = int(bottom + 6)
    return svg.render()


def _hatched(x: float, y: float, w: float, h: float, light: Palette) -> str:
    """A grey box with diagonal lines: a suppressed cell (drawn directly, no pattern or url() reference)."""
    segments = []
    for t in range(-int(h), int(w), 7):
        s0, s1 = max(0, -t), min(h, w - t)
        if s1 > s0:
            segments.append(f"M{x + t + s0:.1f} {y + h - s0:.1f}L{x + t + s1:.1f} {y + h - s1:.1f}")
    return (f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" class="mh-hidden" fill="{light.hidden}" stroke="{light.grid}"/>'
            f'<path d="{"".join(segments)}" class="mh-hatch" stroke="{light.hatch}" stroke-width="1.5" fill="none"/>')


def _cell(row: str, column: str, x: float, y: float, w: float, h: float, cell: Cell, light: Palette) -> str:
    out = []
    if cell.state in ("small", "hidden"):
        out.append(_hatched(x, y, w, h, light))
        ink_cls, ink = "mh-ink", light.ink
        out.append(f'<rect x="{x + 6}" y="{y + h / 2 - 9:.0f}" width="{w - 12}" height="18" rx="3" class="mh-bg" fill="{light.background}"/>')
    elif cell.state == "none" or cell.share is None:
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" class="mh-bg" fill="{light.background}" stroke="{light.grid}" stroke-dasharray="1 3"/>')
        ink_cls, ink = "mh-muted", light.muted
    else:
        index = scale_bin(cell.share)
        dash = ' stroke-dasharray="3 2"' if index == 0 else ""
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" class="mh-q{index}" fill="{light.scale[index]}" stroke="{light.grid}"{dash}/>')
        ink_cls, ink = f"mh-q{index}-ink", ink_on(light.scale[index])
    if cell.weak:
        out.append(f'<rect x="{x + 1.5}" y="{y + 1.5}" width="{w - 3}" height="{h - 3}" fill="none" class="mh-weak" stroke="{light.accent}" stroke-width="3"/>')
        out.append(f'<path d="M{x + 1.5} {y + 1.5} h10 l-10 10 z" class="mh-weak-mark" fill="{light.accent}"/>')
    lines = cell.lines[:2]
    for k, line in enumerate(lines):
        offset = (k - (len(lines) - 1) / 2) * 14
        weight = "700" if k == 0 else ""
        out.append(_text(x + w / 2, y + h / 2 + 4 + offset, line, ink_cls, anchor="middle", weight=weight, size=0 if k == 0 else 11, fill=ink))
    state = f' data-row="{escape(row)}" data-column="{escape(column)}" data-state="{cell.state}"' + (' data-weak="true"' if cell.weak else "")
    return f'<g class="mh-cell"{state}>' + "".join(out) + "</g>"


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], *, description: str = "", caption: ChartCaption | None = None, ident: str = "bars", standalone: bool = False) -> str:
    """Horizontal bars ``(label, value, printed value)`` in the order given; long labels are shortened, never cut."""
    width, bar_h = 720, 24
    shown = [(label if len(label) <= 44 else label[:42] + "…", value, printed) for label, value, printed in items]
    left = int(min(max([_text_width(s, 12) for s, _, _ in shown] + [40]) + 18, 340))
    value_room = max([_text_width(p, 12) for _, _, p in shown] + [20]) + 14
    peak = max((v for _, v, _ in shown), default=0) or 1
    svg = _Svg(width, 0, ident, title, description, standalone)
    light = PALETTES["light"]
    svg.add(_text(10, 24, title, weight="700", size=15))
    top = 44
    for i, (label, value, printed) in enumerate(shown):
        y = top + i * bar_h
        length = (width - left - value_room) * value / peak
        svg.add(f'<g><title>{escape(items[i][0])}</title>' + _text(left - 8, y + 16, label, anchor="end") + "</g>")
        svg.add(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{bar_h - 8}" class="mh-accent" fill="{light.accent}"/>')
        svg.add(_text(left + length + 6, y + 16, printed))
    bottom = top + bar_h * len(shown) + 20
    if caption is not None:
        svg.add(_text(10, bottom, caption.text(), "mh-muted", size=11))
        bottom += 10
    svg.height = int(bottom + 6)
    return svg.render()


def line_chart(title: str, points: Sequence[tuple[str, float, str]], *, description: str = "", caption: ChartCaption | None = None, ident: str = "line", standalone: bool = False) -> str:
    """A line over labelled periods, each point's value printed above it; the first and last labels stay inside."""
    width, plot_h, left, top = 720, 220, 40, 60
    right = int(max([_text_width(label, 12) for label, _, _ in points[-1:]] + [_text_width(p, 12) for _, _, p in points[-1:]] + [20]) / 2 + 16)
    peak = max((v for _, v, _ in points), default=0) or 1
    step = (width - left - right) / max(1, len(points) - 1)
    svg = _Svg(width, 0, ident, title, description, standalone)
    light = PALETTES["light"]
    svg.add(_text(10, 24, title, weight="700", size=15))
    base = top + plot_h
    svg.add(f'<line x1="{left - 10}" y1="{base}" x2="{width - right + 10}" y2="{base}" class="mh-grid-line" stroke="{light.grid}"/>')
    coords, marks = [], []
    every = max(1, -(-len(points) // 12))  # at most 12 period labels
    for i, (label, value, printed) in enumerate(points):
        x = left + i * step if len(points) > 1 else (left + width - right) / 2
        y = base - (plot_h - 24) * value / peak
        coords.append(f"{x:.1f},{y:.1f}")
        marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="mh-accent" fill="{light.accent}"/>')
        marks.append(_text(x, y - 8, printed, anchor="middle"))
        if i % every == 0 or i == len(points) - 1:
            marks.append(_text(x, base + 18, label, anchor="middle"))
    if len(coords) > 1:
        svg.add(f'<polyline points="{" ".join(coords)}" fill="none" class="mh-accent-line" stroke="{light.accent}" stroke-width="2"/>')
    svg.parts.extend(marks)
    bottom = base + 44
    if caption is not None:
        svg.add(_text(10, bottom, caption.text(), "mh-muted", size=11))
        bottom += 10
    svg.height = int(bottom + 6)
    return svg.render()


def _rules(scope: str, palette: str) -> str:
    """CSS that turns a chart's shapes to ``palette``; ``scope`` prefixes every selector (the site's dark scheme)."""
    p = PALETTES[palette]
    pre = f"{scope} " if scope else ""
    rules = [
        f"{pre}.mh-chart .mh-bg {{ fill: {p.background}; }}",
        f"{pre}.mh-chart .mh-ink {{ fill: {p.ink}; }}",
        f"{pre}.mh-chart .mh-muted {{ fill: {p.muted}; }}",
        f"{pre}.mh-chart rect, {pre}.mh-chart .mh-grid-line {{ stroke: {p.grid}; }}",
        f"{pre}.mh-chart .mh-hidden {{ fill: {p.hidden}; }}",
        f"{pre}.mh-chart .mh-hatch {{ stroke: {p.hatch}; }}",
        f"{pre}.mh-chart .mh-accent {{ fill: {p.accent}; stroke: none; }}",
        f"{pre}.mh-chart .mh-accent-line {{ stroke: {p.accent}; }}",
        f"{pre}.mh-chart .mh-weak {{ stroke: {p.accent}; }}",
        f"{pre}.mh-chart .mh-weak-mark {{ fill: {p.accent}; }}",
    ]
    for index, fill in enumerate(p.scale):
        rules.append(f"{pre}.mh-chart .mh-q{index} {{ fill: {fill}; }}")
        rules.append(f"{pre}.mh-chart .mh-q{index}-ink {{ fill: {ink_on(fill)}; }}")
    return " ".join(rules)


def chart_css() -> str:
    """The site's chart stylesheet: charts scale down to their column, and follow the dark palette."""
    return (
        "/* Generated by mathhub.charts.chart_css(): the chart palettes, from one definition. */\n"
        ".mh-chart { display: block; max-width: 100%; height: auto; }\n"
        + _rules('[data-md-color-scheme="slate"]', "dark").replace("} ", "}\n")
        + "\n"
    )
