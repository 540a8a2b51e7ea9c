"""Mastery from class-level results: the planted weaknesses are found exactly, with the lessons that close the gap."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_library, mathhub
from mathhub.coverage import is_intervention, lesson_minutes
from mathhub.model import status_rank
from mathhub.synthetic_district import write_district

HEADER = "school,section,grade,term,standard,assessed,meeting\n"


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    from mathhub import load_repository
    from mathhub.library import index_library

    return index_library(load_repository(ROOT))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, library):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("district")
    made = write_district(folder, library, seed=99)  # another seed than the committed sample: the pattern, not the numbers
    out = folder / "out"
    result = mathhub(["mastery", "--quiet", str(made.results), "--schools", str(made.schools), "--out", str(out)], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return made, out


def weak_cells(svg: Path) -> set[tuple[str, str]]:
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    return {(g.get("data-row"), g.get("data-column")) for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-weak") == "true"}  # type: ignore[misc]


def expected_lessons(library, codes: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Written out independently of mathhub.mastery: counted lessons addressing the codes, shortest first, interventions first among equals."""
    found = {}
    for code in codes:
        for cid in library.lessons_for(code, "addresses"):
            c = library.cartridges[cid]
            if status_rank(c.status) >= status_rank("in-review"):
                found[cid] = (lesson_minutes(c), not is_intervention(c), c.title.casefold(), cid)
    return [cid for cid, _ in sorted(found.items(), key=lambda kv: kv[1])]


def test_the_heat_maps_show_exactly_the_planted_cells(district) -> None:  # type: ignore[no-untyped-def]
    made, out = district
    assert weak_cells(out / "mastery-heatmap-clusters.svg") == {(p.cluster, "Elementary B · 2025-26 S1") for p in made.planted}
    assert weak_cells(out / "mastery-heatmap-standards.svg") == {(code, "Elementary B · 2025-26 S1") for _, _, code in made.planted_standards}


def test_the_weak_list_is_the_planted_cells_each_with_its_lessons_and_prerequisite_lessons(district, library) -> None:  # type: ignore[no-untyped-def]
    made, out = district
    rows = list(csv.DictReader(io.StringIO((out / "mastery-weak.csv").read_text(encoding="utf-8"))))
    assert {(r["school"], r["term"], r["standard"]) for r in rows} == set(made.planted_standards)
    planted = {code for _, _, code in made.planted_standards}
    framework = library.framework
    with_prerequisites = 0
    for row in rows:
        lessons = expected_lessons(library, [row["standard"]])
        short = [cid for cid in lessons if lesson_minutes(library.cartridges[cid]) <= 30 or is_intervention(library.cartridges[cid])]
        assert row["lessons"].split() == short + [cid for cid in lessons if cid not in short], row
        weak_prerequisites = [p for p in framework.prerequisites.get(row["standard"], ()) if p in planted]
        assert row["weak_prerequisites"].split() == weak_prerequisites
        assert row["prerequisite_lessons"].split() == expected_lessons(library, weak_prerequisites)
        with_prerequisites += bool(weak_prerequisites)
    assert with_prerequisites >= 2  # 3.NF.A.3 builds on 3.NF.A.1 and 3.NF.A.2, which are weak too
    brownies = next(r for r in rows if r["standard"] == "5.NF.B.3")
    assert brownies["lessons"].split()[0] == "g5-sharing-sandwiches-intervention"  # the 30-minute intervention first


def test_suppressed_cells_are_labelled_and_no_hidden_cell_can_be_worked_out(district) -> None:  # type: ignore[no-untyped-def]
    made, out = district
    summary = json.loads((out / "mastery-summary.json").read_text(encoding="utf-8"))
    cells = {(c["level"], c["key"], c["school"], c["term"]): c for c in summary["cells"]}
    tutoring = [c for c in summary["cells"] if c["school"] == "SCH-T" and c["level"] == "standard"]
    assert tutoring and all(c["state"] == "small" and c["assessed"] is None and c["share"] is None for c in tutoring)
    assert any(c["state"] == "hidden" for c in summary["cells"])
    # every visible "All schools" cell: its hidden school cells are never exactly one
    for (level, key, school, term), cell in cells.items():
        if school == "All schools" and cell["state"] == "value":
            parts = [c for (lv, k, s, t), c in cells.items() if (lv, k, t) == (level, key, term) and s != "All schools"]
            assert sum(c["state"] != "value" for c in parts) != 1, (level, key, term)
    svg = (out / "mastery-heatmap-standards.svg").read_text(encoding="utf-8")
    assert ">n&lt;5</text>" in svg and ">hidden</text>" in svg
    assert "too few students (n&lt;5 shown)" in svg and "hidden so a small group cannot be worked out" in svg


def test_every_heat_map_has_title_legend_n_in_every_cell_and_a_caption(district) -> None:  # type: ignore[no-untyped-def]
    _, out = district
    for name in ("mastery-heatmap-clusters.svg", "mastery-heatmap-standards.svg"):
        root = ET.fromstring((out / name).read_text(encoding="utf-8"))
        ns = "{http://www.w3.org/2000/svg}"
        texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
        assert texts[0].startswith("Students meeting the standard, by")
        assert {"0", "under 20%", "20–39%", "40–59%", "60–79%", "80–100%", "weak: below 50%"} <= set(texts)
        assert any(t.startswith("Math Hub ") and "filters: none" in t for t in texts)
        for g in root.iter(f"{ns}g"):
            if g.get("class") == "mh-cell" and g.get("data-state") == "value":
                assert any(t.startswith("n=") for t in ("".join(x.itertext()) for x in g.iter(f"{ns}text"))), g.attrib
        assert "@media (prefers-color-scheme: dark)" in (out / name).read_text(encoding="utf-8")


def mastery(*args: str):  # type: ignore[no-untyped-def]
    return mathhub(["mastery", "--quiet", *args], cwd=ROOT)


def test_results_are_checked_row_by_row(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(
        HEADER
        + "School A,5A,5,2025-26 S1,5.NF.3,24,18\n"
        + "School A,5A,5,2025-26 S1,5.NF.B.9,24,18\n"
        + "School A,5B,5,2025-26 S1,5.NF.B.4,24,30\n"
        + "School A,5B,5,2025-26 S1,5.NF.B.4a,24,-1\n"
        + "School A,5C,5,2025-26 S1,5.NF.B.3,24,18\n"
        + "School A,5C,5,2025-26 S1,5.NF.B.3,24,18\n",
        encoding="utf-8",
    )
    result = mastery(str(results))
    assert result.returncode == 1
    err = result.stderr.replace(str(tmp_path) + "/", "")
    assert "results.csv:3:5: standard: '5.NF.B.9' is not a CCSS-M standard" in err
    assert "Did you mean 5.NF.B." in err
    assert "results.csv:4:7: meeting: 30 students meeting is more than the number assessed" in err
    assert "results.csv:5:7: meeting: the meeting count -1 is negative" in err
    assert "results.csv:7: warning: this row has the same school, section, grade, term, standard as line 6; it is counted once" in err
    skipped = mastery(str(results), "--skip-bad-rows", "--format", "json")
    assert skipped.returncode == 0, skipped.stderr
    cells = {(c["level"], c["key"]): c for c in json.loads(skipped.stdout)["cells"] if c["school"] != "All schools"}
    assert cells[("standard", "5.NF.B.3")]["assessed"] == 48  # 5.NF.3 is 5.NF.B.3; the repeat is counted once


def test_levels_and_rubric_criteria_count_for_their_standards(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(
        "school,section,grade,date,rubric,criterion,level_1,level_2,level_3,level_4\n"
        "School A,5A,5,2026-01-12,fraction-reasoning-analytic,Models the situation,2,4,10,6\n"
        "School A,5B,5,2026-01-12,fraction-reasoning-analytic,Draws pictures,2,4,10,6\n"
        "School A,5C,5,2026-01-12,no-such-rubric,Models the situation,2,4,10,6\n",
        encoding="utf-8",
    )
    result = mastery(str(results), "--skip-bad-rows", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "results.csv:3:6: criterion: the rubric 'fraction-reasoning-analytic' has no criterion 'Draws pictures'" in result.stderr.replace(str(tmp_path) + "/", "")
    assert "there is no rubric 'no-such-rubric'" in result.stderr
    cells = [c for c in json.loads(result.stdout)["cells"] if c["level"] == "standard" and c["school"] != "All schools"]
    assert {c["key"] for c in cells} == {"3.NF.A.1", "3.NF.A.2", "3.NF.A.3", "4.NF.A.1", "4.NF.B.3", "5.NF.A.1", "5.NF.B.3", "5.NF.B.4"}
    assert all(c["assessed"] == 22 and c["meeting"] == 16 and c["term"] == "2025-26 S2" for c in cells)


def test_an_identifying_column_refuses_a_results_file(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text("school,section,grade,term,standard,assessed,meeting,StudentID\nA,5A,5,S1,5.NF.B.3,1,1,42\n", encoding="utf-8")
    result = mastery(str(results))
    assert result.returncode == 1 and result.stdout == ""
    assert "results.csv:1:8: StudentID: the column 'StudentID' looks like it identifies students" in result.stderr.replace(str(tmp_path) + "/", "")
    assert mastery(str(results), "--threshold", "2").returncode == 2


def test_the_mastery_page_is_built_from_the_committed_summary(tmp_path: Path, fixture_site: Path) -> None:
    page = (fixture_site / "mastery/index.html").read_text(encoding="utf-8")  # the fixture library's mkdocs.yml names the sample
    assert "Synthetic data" in page and "Students meeting the standard, by cluster, school and term" in page
    assert "Synthetic Elementary" not in page  # only codes and labels
    assert 'data-weak="true"' in page and (fixture_site / "mastery/mastery-summary.json").is_file()
    repo = copy_library(tmp_path / "repo")
    summary = json.loads((ROOT / "samples/district/SYNTHETIC-mastery-summary.json").read_text(encoding="utf-8"))
    tampered = {**summary, "cells": [{**c, "state": "value", "assessed": 3, "meeting": 3} if c["state"] == "small" else c for c in summary["cells"]]}
    (repo / "tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("samples/district/SYNTHETIC-mastery-summary.json", "tampered.json"), encoding="utf-8")
    refused = build_site(repo, tmp_path / "site2")
    assert refused.returncode == 1 and "below the threshold" in refused.stderr and "Traceback" not in refused.stderr
    (repo / "mkdocs.yml").write_text(config.replace("samples/district/SYNTHETIC-mastery-summary.json", "../../../samples/district/SYNTHETIC-results.csv".replace("../../../", str(ROOT) + "/")), encoding="utf-8")
    refused = build_site(repo, tmp_path / "site3")
    assert refused.returncode == 1 and "is not a mastery summary" in refused.stderr


def test_the_real_mastery_page_lists_the_planted_weak_cells_with_lesson_links(real_site: Path) -> None:
    page = (real_site / "mastery/index.html").read_text(encoding="utf-8")
    weak = page.split('id="weak"', 1)[1].split('id="clusters"', 1)[0]
    items = set()
    for school, term, standard in __import__("re").findall(r'data-school="([^"]+)" data-term="([^"]+)" data-standard="([^"]+)"', weak):
        items.add((school, term, standard))
    clusters = {standard.rsplit(".", 1)[0] for _, _, standard in items}
    assert clusters == {"3.NF.A", "5.NF.B"} and {s for s, _, _ in items} == {"SCH-B"}
    assert 'href="../cartridges/g5-sharing-sandwiches-intervention/"' in weak
    csv_text = (real_site / "mastery/mastery-weak.csv").read_text(encoding="utf-8")
    assert {(r["school"], r["term"], r["standard"]) for r in csv.DictReader(io.StringIO(csv_text))} == items
