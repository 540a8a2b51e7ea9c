"""Coverage: the script and the site agree, gaps move when lessons arrive, CI options work."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_library, copy_samples, mathhub
from mathhub.outputs import markdown_text, spreadsheet_safe
from mathhub.standards import grade_label


def coverage_rows(repo: Path, *extra: str) -> dict[str, dict[str, str]]:
    result = mathhub(["coverage", "--format", "csv", *extra], cwd=repo)
    assert result.returncode == 0, result.stderr
    return {row["code"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def counted_on_page(site: Path, code: str, role: str) -> int:
    """Lessons listed under a role on a standard page, leaving out drafts (the coverage default)."""
    text = (site / "standards" / code / "index.html").read_text(encoding="utf-8")
    match = re.search(rf'<h3 id="role-{role}".*?</h3>(.*?)(?=<h[23] )', text, re.S)
    if not match:
        return 0
    items = re.findall(r'<li class="mh-lesson">(.*?)</li>', match.group(1), re.S)
    return sum(1 for item in items if "mh-status--draft" not in item)


def test_script_counts_agree_with_the_standard_pages(real_site: Path) -> None:
    rows = coverage_rows(ROOT)
    assert len(rows) == 509
    checked = 0
    for code in ["5.NF.B.3", "4.NF.B.3", "K.CC.B.4", "K.CC.B.4a", "K.OA.A.1", "1.OA.C.6", "HSA-REI.B.4b", "HSA-REI.B.4", "3.OA.B.5", "6.NS.A.1"]:
        for role, column in (("addresses", "addresses"), ("builds_on", "builds_on")):
            assert counted_on_page(real_site, code, role) == int(rows[code][column]), (code, role)
            checked += 1
    assert checked == 20
    assert int(rows["5.NF.B.3"]["addresses"]) >= 2
    page = (real_site / "coverage/index.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="mh-chart" role="img"' in page
    downloaded = (real_site / "coverage/coverage-standards.csv").read_text(encoding="utf-8")
    assert downloaded == mathhub(["coverage", "--format", "csv"], cwd=ROOT).stdout


def _copy_repo(target: Path) -> Path:
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    copy_samples(target)
    return target


def _add_lesson(repo: Path, code: str, grade: str, slug: str) -> None:
    made = mathhub(["new-cartridge", "--title", f"New lesson for {code}", "--id", slug, "--grade", grade, "--standard", code], cwd=repo)
    assert made.returncode == 0, made.stderr
    index = repo / "content/cartridges" / slug / "index.md"
    filled = index.read_text(encoding="utf-8").replace("term: TODO", "term: new word").replace("TODO", "Written")  # a lesson in review has no placeholders
    index.write_text(filled.replace("status: draft", "status: in-review"), encoding="utf-8")


def _major_gap(repo: Path) -> tuple[str, str]:
    gaps = mathhub(["coverage", "--format", "csv", "--table", "gaps"], cwd=repo)
    first = next(row for row in csv.DictReader(io.StringIO(gaps.stdout)))
    assert first["emphasis"] == "major"
    return first["code"], first["grade"]


def test_a_new_lesson_moves_a_major_standard_off_the_gap_list(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")  # the small fixture library: the same gap list and figures, at a fraction of the build
    code, grade = _major_gap(repo)
    before = json.loads(mathhub(["coverage", "--format", "json"], cwd=repo).stdout)
    grade_before = next(r for r in before["rollups"] if r["level"] == "grade" and r["key"] == grade)

    _add_lesson(repo, code, grade, "new-gap-lesson")
    after = json.loads(mathhub(["coverage", "--format", "json"], cwd=repo).stdout)
    grade_after = next(r for r in after["rollups"] if r["level"] == "grade" and r["key"] == grade)
    assert code not in {g["code"] for g in after["gaps"]}
    assert grade_after["major_addressed"] == grade_before["major_addressed"] + 1
    assert grade_after["share_major_addressed"] > grade_before["share_major_addressed"]

    result = build_site(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/coverage/index.html").read_text(encoding="utf-8")
    gaps = page.split('id="gaps"', 1)[1].split('id="blocking"', 1)[0]
    assert f">{code}</a>" not in gaps
    row = re.search(rf'<tr id="grade-row-{grade.lower()}">.*?<td class="mh-major">(.*?)</td>', page, re.S)
    assert row and row.group(1).startswith(f"{grade_after['major_addressed']} of {grade_after['major_standards']}")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    _git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message)


def test_fail_under_is_checked_and_printed_honestly(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    figure = json.loads(mathhub(["coverage", "--format", "json"], cwd=repo).stdout)["figures"]["addressed"]
    assert mathhub(["coverage", "--fail-under", str(figure - 1)], cwd=repo).returncode == 0
    failing = mathhub(["coverage", "--fail-under", str(figure + 0.04)], cwd=repo)
    assert failing.returncode == 1 and "below the required" in failing.stderr
    shown = re.search(r"coverage is ([0-9.]+)%, below the required ([0-9.]+)%", failing.stderr)
    assert shown and float(shown.group(1)) < float(shown.group(2))  # never "13.0 %, below the required 13 %"
    for bad in ("150", "-5", "lots"):
        refused = mathhub(["coverage", "--fail-under", bad], cwd=repo)
        assert refused.returncode == 2 and "--fail-under" in refused.stderr and "Traceback" not in refused.stderr


def test_compare_writes_a_pull_request_comment_naming_lessons_and_status_changes(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _commit(repo, "base")
    code, grade = _major_gap(repo)
    _add_lesson(repo, code, grade, "compare-lesson")
    draft = mathhub(["new-cartridge", "--title", "A draft lesson", "--id", "draft-lesson", "--grade", "5", "--standard", "5.NF.B.6"], cwd=repo)
    assert draft.returncode == 0, draft.stderr
    demoted = repo / "content/cartridges/g5-sharing-sandwiches-intervention/index.md"
    demoted.write_text(demoted.read_text(encoding="utf-8").replace("status: in-review", "status: draft"), encoding="utf-8")
    linked = repo / "content/cartridges/g4-multiplying-area-models-auditorium/index.md"
    text = linked.read_text(encoding="utf-8")
    rubrics = re.search(r"rubrics: \[(.*?)\]", text)
    assert rubrics
    linked.write_text(text.replace(rubrics.group(0), f"rubrics: [{rubrics.group(1)}, fraction-reasoning-analytic]"), encoding="utf-8")

    compared = mathhub(["coverage", "--compare", "HEAD"], cwd=repo)
    assert compared.returncode == 0, compared.stderr
    md = compared.stdout
    assert md.startswith("## Coverage change\n\nThis change addresses 1 new standard, 1 of them major.")
    assert "not counted because the review status is below in review: draft-lesson (draft)" in md
    assert f"| {code} | {grade_label(grade)} | major | `compare-lesson` |" in md
    assert "| `g5-sharing-sandwiches-intervention` Sharing Sandwiches" in md and "status in review → draft |" in md
    assert "- `g4-multiplying-area-models-auditorium` now names `fraction-reasoning-analytic`" in md
    assert "### Not counted because of their status" in md and "- `draft-lesson` (draft) addresses 5.NF.B.6" in md
    assert "### Per cluster" in md and "### Per grade" in md

    as_json = mathhub(["coverage", "--compare", "HEAD", "--format", "json"], cwd=repo)
    data = json.loads(as_json.stdout)
    assert data["kind"] == "mathhub-coverage-change" and data["compared_with"] == "HEAD"
    assert [(s["code"], s["because"]) for s in data["standards_addressed"]] == [(code, ["compare-lesson"])]
    assert {(c["id"], c["before"], c["after"]) for c in data["status_changes"]} == {("g5-sharing-sandwiches-intervention", "in-review", "draft")}
    assert [x["id"] for x in data["left_out"]] == ["draft-lesson", "g5-sharing-sandwiches-intervention"]
    assert data["rubric_links"] == [{"id": "g4-multiplying-area-models-auditorium", "added": ["fraction-reasoning-analytic"], "removed": []}]
    assert any(c["cluster"] == framework_cluster(code) for c in data["clusters"])

    out = tmp_path / "comment"
    written = mathhub(["coverage", "--compare", "HEAD", "--out", str(out)], cwd=repo)
    assert written.returncode == 0
    assert (out / "coverage-change.md").read_text(encoding="utf-8") == md
    assert json.loads((out / "coverage-change.json").read_text(encoding="utf-8")) == data
    assert mathhub(["coverage", "--compare", "no-such-ref"], cwd=repo).returncode == 2


def framework_cluster(code: str) -> str:
    from mathhub.standards import load_catalogue

    return load_catalogue().default.standards[code].cluster


def test_a_draft_lesson_says_why_it_adds_no_standard(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _commit(repo, "base")
    assert mathhub(["new-cartridge", "--title", "Draft", "--id", "only-draft", "--grade", "5", "--standard", "5.NF.B.6"], cwd=repo).returncode == 0
    md = mathhub(["coverage", "--compare", "HEAD"], cwd=repo).stdout
    assert "This change addresses 0 new standards. 1 new or changed lesson is not counted because the review status is below in review: only-draft (draft)." in md


@pytest.mark.parametrize("command", ["coverage", "usage --quiet samples/district/SYNTHETIC-usage-log.csv --format json"])  # one pipe handler in main()
@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_piping_into_head_exits_quietly(command: str, reader: str) -> None:
    """`| true` closes the pipe before the first write; `| head -1` after the first line: neither prints a traceback."""
    program = Path(sys.executable).parent / "mathhub"
    result = subprocess.run(f"{program} {command} | {reader}", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300, executable="/bin/bash")
    assert result.stdout.count("\n") <= 1
    assert "Error" not in result.stderr and "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


def test_the_same_grade_has_the_same_numbers_on_coverage_standards_and_grade_pages(real_site: Path) -> None:
    coverage = (real_site / "coverage/index.html").read_text(encoding="utf-8")
    checked = 0
    for grade in ["K", "1", "2", "3", "4", "5", "6", "7", "8"]:
        row = re.search(rf'<tr id="grade-row-{grade.lower()}">.*?<td class="mh-standards-count">(\d+)</td><td class="mh-addressed">(\d+) .*?<td class="mh-assessed">(\d+) ', coverage, re.S)
        assert row, grade
        figures = tuple(int(x) for x in row.groups())
        browse = (real_site / f"standards/grade-{grade.lower()}/index.html").read_text(encoding="utf-8")
        group = re.search(r'class="mh-group-coverage"><strong>(\d+)</strong> standards: <strong>(\d+)</strong> addressed by a lesson, <strong>(\d+)</strong> assessed', browse)
        grade_page = (real_site / f"grades/{grade.lower()}/index.html").read_text(encoding="utf-8")
        on_grade = re.search(r'has <strong>(\d+)</strong> standards: <strong>(\d+)</strong> addressed by a lesson, <strong>(\d+)</strong> assessed', grade_page)
        index = (real_site / "standards/index.html").read_text(encoding="utf-8")
        listed = re.search(rf'href="grade-{grade.lower()}/">[^<]+</a></th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', index)
        assert group and on_grade and listed, grade
        assert tuple(int(x) for x in group.groups()) == tuple(int(x) for x in on_grade.groups()) == tuple(int(x) for x in listed.groups()) == figures, grade
        for page in (coverage, browse, grade_page):
            assert "A standard is addressed when at least one lesson whose review status is in review or later addresses it or one of its parts" in page
        checked += 1
    assert checked == 9
    grade3 = json.loads(mathhub(["coverage", "--format", "json"], cwd=ROOT).stdout)
    rollup = next(r for r in grade3["rollups"] if r["level"] == "grade" and r["key"] == "3")
    assert rollup["standards"] == 25  # top-level standards only: 3.NF.A.2a counts with 3.NF.A.2


def test_the_csv_has_statements_lesson_ids_and_reading_order() -> None:
    rows = list(csv.DictReader(io.StringIO(mathhub(["coverage", "--format", "csv"], cwd=ROOT).stdout)))
    codes = [r["code"] for r in rows]
    assert codes.index("5.MD.A.1") < codes.index("5.MD.B.2") < codes.index("5.MD.C.3")
    brownies = next(r for r in rows if r["code"] == "5.NF.B.3")
    assert brownies["statement"].startswith("Interpret a fraction as division")
    assert "sharing-brownies-fractions-as-division" in brownies["lesson_ids"].split()
    assert "fraction-reasoning-analytic" in brownies["rubric_ids"].split()


def test_the_missing_prerequisites_that_block_the_most_come_first_and_none_are_cut_silently() -> None:
    blocking = list(csv.DictReader(io.StringIO(mathhub(["coverage", "--format", "csv", "--table", "blocking"], cwd=ROOT).stdout)))
    counts = [int(r["blocks"]) for r in blocking]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(mathhub(["coverage", "--format", "csv"], cwd=ROOT).stdout))}
    for r in blocking:
        assert rows[r["code"]]["addressed"] == "False"
        assert all(rows[code]["addressed"] == "True" for code in r["addressed_standards"].split())
    markdown = mathhub(["coverage"], cwd=ROOT).stdout
    shown = f"(the first 25 of {len(blocking)}; the CSV has them all)" if len(blocking) > 25 else f"(all {len(blocking)})"
    assert shown in markdown


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1"])
def test_csv_cells_cannot_start_a_formula(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("5.NF.B.3") == "5.NF.B.3"


def test_markdown_report_cells_stay_one_cell_of_text() -> None:
    """A school's name or a title from a contributed file cannot split a report's table row, add HTML or
    send terminal escapes to whoever prints the report."""
    cell = markdown_text("North | South <img src=x onerror=alert(1)>\x1b[2J\nEast")
    row = f"| {cell} | 42 |"
    assert "\x1b" not in cell and "\n" not in cell and "<" not in cell
    assert len([p for p in row.replace("\\|", "").split("|") if p.strip()]) == 2
