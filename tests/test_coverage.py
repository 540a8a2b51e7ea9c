"""Coverage: the script and the site agree, gaps move when lessons arrive, CI options work."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_site, run
from mathhub.outputs import spreadsheet_safe


def coverage_rows(repo: Path, *extra: str) -> dict[str, dict[str, str]]:
    result = run(["mathhub", "coverage", "--format", "csv", *extra], cwd=repo)
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
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    downloaded = (real_site / "coverage/coverage-standards.csv").read_text(encoding="utf-8")
    assert downloaded == run(["mathhub", "coverage", "--format", "csv"], cwd=ROOT).stdout


def _copy_repo(target: Path) -> Path:
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "schema", target / "schema")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def _add_lesson(repo: Path, code: str, grade: str, slug: str) -> None:
    made = run(["mathhub", "new-cartridge", "--title", f"New lesson for {code}", "--id", slug, "--grade", grade, "--standard", code], cwd=repo)
    assert made.returncode == 0, made.stderr
    index = repo / "content/cartridges" / slug / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("status: draft", "status: in-review"), encoding="utf-8")


def _major_gap(repo: Path) -> tuple[str, str]:
    gaps = run(["mathhub", "coverage", "--format", "csv", "--table", "gaps"], cwd=repo)
    first = next(row for row in csv.DictReader(io.StringIO(gaps.stdout)) if row["kind"] == "no lesson")
    assert first["emphasis"] == "major"
    return first["code"], first["grade"]


def test_a_new_lesson_moves_a_major_standard_off_the_gap_list(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    code, grade = _major_gap(repo)
    before = json.loads(run(["mathhub", "coverage", "--format", "json"], cwd=repo).stdout)
    grade_before = next(r for r in before["rollups"] if r["level"] == "grade" and r["key"] == grade)

    _add_lesson(repo, code, grade, "new-gap-lesson")
    after = json.loads(run(["mathhub", "coverage", "--format", "json"], cwd=repo).stdout)
    grade_after = next(r for r in after["rollups"] if r["level"] == "grade" and r["key"] == grade)
    assert code not in {g["code"] for g in after["gaps"] if g["kind"] == "no lesson"}
    assert grade_after["major_addressed"] == grade_before["major_addressed"] + 1
    assert grade_after["share_major_addressed"] > grade_before["share_major_addressed"]

    result = build_site(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/coverage/index.html").read_text(encoding="utf-8")
    gaps = page.split('id="gaps"', 1)[1].split('id="weak-foundations"', 1)[0]
    assert f">{code}</a>" not in gaps
    row = re.search(rf'<tr id="grade-row-{grade.lower()}">.*?<td class="mh-major">(.*?)</td>', page, re.S)
    assert row and row.group(1).startswith(f"{grade_after['major_addressed']} of {grade_after['major_standards']}")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_fail_under_and_compare_against_a_git_ref(tmp_path: Path) -> None:
    repo = _copy_repo(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "-A")
    _git(repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base")
    figure = json.loads(run(["mathhub", "coverage", "--format", "json"], cwd=repo).stdout)["figures"]["addressed"]
    assert run(["mathhub", "coverage", "--fail-under", str(figure - 1)], cwd=repo).returncode == 0
    failing = run(["mathhub", "coverage", "--fail-under", str(figure + 1)], cwd=repo)
    assert failing.returncode == 1 and "below the required" in failing.stderr

    code, grade = _major_gap(repo)
    _add_lesson(repo, code, grade, "compare-lesson")
    compared = run(["mathhub", "coverage", "--compare", "HEAD"], cwd=repo)
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.startswith("This change addresses 1 new standard, 1 of them major.")
    assert f"+ {code}" in compared.stdout
    assert run(["mathhub", "coverage", "--compare", "no-such-ref"], cwd=repo).returncode == 2


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1"])
def test_csv_cells_cannot_start_a_formula(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("5.NF.B.3") == "5.NF.B.3"
