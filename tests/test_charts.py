"""Charts ready for a meeting: title, legend with scale, a value in every cell, a caption; readable in both palettes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from mathhub.charts import PALETTES, SCALE_LABELS, Cell, ChartCaption, bar_chart, chart_css, contrast, heatmap, ink_on, line_chart, scale_bin

NS = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_zero_and_small_shares_fall_in_different_bins() -> None:
    assert scale_bin(0.0) == 0
    assert scale_bin(0.12) == 1 and scale_bin(0.22) == 2
    assert [scale_bin(x) for x in (0.199, 0.2, 0.4, 0.6, 0.8, 1.0)] == [1, 2, 3, 4, 5, 5]
    for palette in PALETTES.values():
        assert len(set(palette.scale)) == len(SCALE_LABELS)


def test_printed_values_keep_4_5_to_1_contrast_on_every_fill_in_both_palettes() -> None:
    for palette in PALETTES.values():
        for fill in (*palette.scale, palette.hidden, palette.background):
            assert contrast(fill, ink_on(fill)) >= 4.5, fill
        assert contrast(palette.muted, palette.background) >= 4.5
        assert contrast(palette.ink, palette.background) >= 4.5


def test_the_site_stylesheet_switches_every_chart_class_to_the_dark_palette() -> None:
    css = chart_css()
    svg = heatmap("T", ["a"], ["x", "y"], {("a", "x"): Cell(0.3, ("30%", "n=9")), ("a", "y"): Cell(None, ("n<5",), "small")})
    classes = set(re.findall(r'class="([\w-]+)"', svg)) - {"mh-chart", "mh-cell"}
    for name in classes:
        assert f'[data-md-color-scheme="slate"] .mh-chart .{name} ' in css, name
    assert PALETTES["dark"].background in css


def test_a_heat_map_has_title_legend_values_suppressed_cells_and_caption() -> None:
    cells = {("Grade 3", "A · S1"): Cell(0.0, ("0%", "n=40")), ("Grade 3", "B · S1"): Cell(0.12, ("12%", "n=50"), weak=True), ("Grade 3", "C · S1"): Cell(None, ("n<5",), "small"),
             ("Grade 4", "A · S1"): Cell(None, ("hidden",), "hidden"), ("Grade 4", "B · S1"): Cell(0.9, ("90%", "n=41"))}
    svg = heatmap("Mastery <by> grade", ["Grade 3", "Grade 4"], ["A · S1", "B · S1", "C · S1"], cells, caption=ChartCaption("2026-07-01", "1.2.3", "school A"), weak_label="weak: below 50%", standalone=True)
    found = texts(svg)
    assert found[0] == "Mastery <by> grade"
    assert set(SCALE_LABELS) <= set(found) and "weak: below 50%" in found and "– no figure" in found
    assert "too few students (n<5 shown)" in found and "hidden so a small group cannot be worked out" in found
    assert "Math Hub 1.2.3 · generated 2026-07-01 · filters: school A" in found
    cells_out = {(g.get("data-row"), g.get("data-column")): g for g in ET.fromstring(svg).iter(f"{NS}g") if g.get("class") == "mh-cell"}
    assert len(cells_out) == 6 and cells_out[("Grade 3", "B · S1")].get("data-weak") == "true"
    assert cells_out[("Grade 4", "C · S1")].get("data-state") == "none"
    assert "url(" not in svg and "<script" not in svg


def test_bar_labels_are_never_cut_and_values_stay_inside() -> None:
    long = "Sharing Sandwiches: Fractions as Division (Small-Group Intervention)"
    svg = bar_chart("Most used", [(long, 30.0, "30"), ("Short", 3.0, "3")])
    root = ET.fromstring(svg)
    width = float(root.get("width"))  # type: ignore[arg-type]
    labels = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    for label in labels:
        text = "".join(label.itertext())
        assert float(label.get("x")) - len(text) * 12 * 0.6 >= 0, text  # type: ignore[arg-type]
    assert any(t.endswith("…") for t in ("".join(x.itertext()) for x in labels))
    assert long in svg  # the full title is kept as a tooltip
    values = [t for t in root.iter(f"{NS}text") if "".join(t.itertext()) == "30"]
    assert float(values[0].get("x")) + 2 * 12 * 0.6 <= width  # type: ignore[arg-type]


def test_the_last_period_label_of_a_line_chart_stays_inside() -> None:
    svg = line_chart("Per month", [(f"2026-{m:02d}", float(m * 100), f"{m * 100:,}") for m in range(1, 13)])
    root = ET.fromstring(svg)
    width = float(root.get("width"))  # type: ignore[arg-type]
    for t in root.iter(f"{NS}text"):
        if t.get("text-anchor") == "middle":
            half = len("".join(t.itertext())) * 12 * 0.6 / 2
            assert half <= float(t.get("x")) <= width - half, "".join(t.itertext())  # type: ignore[arg-type]
