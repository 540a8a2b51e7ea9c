"""Small, accessible SVG charts: values are printed on the chart, so nothing depends on colour alone."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["heatmap", "bar_chart", "line_chart"]

_FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _shade(value: float) -> tuple[str, str]:
    """Fill and text colours for a share 0..1; text keeps at least 4.5:1 contrast on its fill."""
    steps = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    index = min(len(steps) - 1, int(round(value * (len(steps) - 1))))
    return steps[index], ("#000000" if index < 6 else "#ffffff")


def heatmap(title: str, rows: Sequence[str], columns: Sequence[str], cells: dict[tuple[str, str], tuple[float, str]], *, description: str = "") -> str:
    """A grid of labelled cells. ``cells[(row, column)] = (share 0..1, printed text)``; missing cells are blank."""
    cell_w, cell_h, left, top = 58, 34, 104, 40
    width, height = left + cell_w * len(columns) + 10, top + cell_h * len(rows) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="hm-title hm-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} font-size="13">',
        f'<title id="hm-title">{escape(title)}</title>',
        f'<desc id="hm-desc">{escape(description or title)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for j, column in enumerate(columns):
        x = left + j * cell_w + cell_w / 2
        out.append(f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle" font-weight="700" fill="#000000">{escape(column)}</text>')
    for i, row in enumerate(rows):
        y = top + i * cell_h
        out.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="end" font-weight="700" fill="#000000">{escape(row)}</text>')
        for j, column in enumerate(columns):
            x = left + j * cell_w
            if (row, column) not in cells:
                out.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="#ffffff" stroke="#d0d0d0"/>')
                continue
            share, label = cells[(row, column)]
            fill, ink = _shade(share)
            out.append(f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{fill}" stroke="#767676"/>')
            out.append(f'<text x="{x + (cell_w - 2) / 2:.0f}" y="{y + cell_h / 2 + 4:.0f}" text-anchor="middle" fill="{ink}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], *, description: str = "") -> str:
    """Horizontal bars: ``(label, value, printed value)``, longest first as given."""
    bar_h, left, width = 24, 260, 720
    height = 40 + bar_h * len(items) + 10
    peak = max((v for _, v, _ in items), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="bc-title bc-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} font-size="12">',
        f'<title id="bc-title">{escape(title)}</title>',
        f'<desc id="bc-desc">{escape(description or title)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-weight="700" font-size="14" fill="#000000">{escape(title)}</text>',
    ]
    for i, (label, value, printed) in enumerate(items):
        y = 36 + i * bar_h
        length = (width - left - 80) * value / peak
        short = label if len(label) <= 40 else label[:38] + "…"
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" fill="#000000">{escape(short)}</text>')
        out.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{bar_h - 8}" fill="#3182bd"/>')
        out.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}" fill="#000000">{escape(printed)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def line_chart(title: str, points: Sequence[tuple[str, float, str]], *, description: str = "") -> str:
    """A line over labelled periods, each point's value printed above it."""
    width, height, left, bottom, top = 720, 300, 50, 50, 40
    peak = max((v for _, v, _ in points), default=0) or 1
    step = (width - left - 30) / max(1, len(points) - 1)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="lc-title lc-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} font-size="12">',
        f'<title id="lc-title">{escape(title)}</title>',
        f'<desc id="lc-desc">{escape(description or title)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-weight="700" font-size="14" fill="#000000">{escape(title)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 20}" y2="{height - bottom}" stroke="#000000"/>',
    ]
    coords = []
    for i, (label, value, printed) in enumerate(points):
        x = left + i * step
        y = height - bottom - (height - bottom - top - 20) * value / peak
        coords.append(f"{x:.1f},{y:.1f}")
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#08519c"/>')
        out.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="#000000">{escape(printed)}</text>')
        out.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#000000">{escape(label)}</text>')
    if len(coords) > 1:
        out.insert(6, f'<polyline points="{" ".join(coords)}" fill="none" stroke="#08519c" stroke-width="2"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
