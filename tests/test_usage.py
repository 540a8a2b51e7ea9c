"""Usage logs: strict reading with located errors, privacy, small-count suppression, and the Usage page."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import defaultdict
from pathlib import Path

from conftest import ROOT, build_site, copy_library, run

SAMPLE = ROOT / "samples/usage/SYNTHETIC-usage-log.csv"
HEADER = "date,school,grade,cartridge,sessions,students,outcome\n"


def usage(*args: str, cwd: Path = ROOT):  # type: ignore[no-untyped-def]
    return run(["mathhub", "usage", "--quiet", *args], cwd=cwd)


def test_sample_totals_match_an_independent_count() -> None:
    result = usage(str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    expected: dict[str, dict[str, int]] = defaultdict(lambda: {"classes": 0, "sessions": 0, "students": 0})
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            totals = expected[row["cartridge"]]
            totals["classes"] += 1
            totals["sessions"] += int(row["sessions"])
            totals["students"] += int(row["students"])
    got = {row["cartridge"]: row for row in summary["cartridges"]}
    assert got.keys() == expected.keys()
    for cid, totals in expected.items():
        assert got[cid]["classes"] == totals["classes"]
        assert got[cid]["sessions"] == totals["sessions"]
        assert got[cid]["students"] == (totals["students"] if totals["students"] >= 5 else "<5")
    assert summary["figures"]["classes"] == sum(t["classes"] for t in expected.values())
    assert summary["figures"]["never_used"] == len(summary["never-used"]) >= 1


def test_a_student_identifying_column_refuses_the_log(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,school,grade,cartridge,sessions,students,student_name\n2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,20,Ana\n", encoding="utf-8")
    result = usage(str(log))
    assert result.returncode == 1
    assert "log.csv:1:7: student_name: the column 'student_name' looks like it identifies students" in result.stderr
    assert result.stdout == ""


def test_small_counts_are_suppressed(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,3,0.5\n2026-01-06,School B,5,g5-volume-packing-eraser-boxes,1,22,\n", encoding="utf-8")
    result = usage(str(log), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = {row["cartridge"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["sharing-brownies-fractions-as-division"]["students"] == "<5"
    assert rows["sharing-brownies-fractions-as-division"]["outcome"] == ""
    assert rows["g5-volume-packing-eraser-boxes"]["students"] == "22"
    assert "| <5 |" in usage(str(log)).stdout


def test_bad_rows_are_located_and_never_silently_dropped(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        HEADER
        + "2026-02-30,School A,5,sharing-brownies-fractions-as-division,1,20,\n"
        + "2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,-3,\n"
        + "2026-01-05,School A,5,sharing-brownies-fraction-as-division,1,20,\n"
        + "2026-01-05,School A,13,sharing-brownies-fractions-as-division,1,20,\n"
        + "05/01/2026,School A,5,sharing-brownies-fractions-as-division,1,20,75\n"
        + "2026-01-06,School A,5,sharing-brownies-fractions-as-division,2,25,0.8\n",
        encoding="utf-8",
    )
    result = usage(str(log))
    assert result.returncode == 1
    err = result.stderr
    assert "log.csv:2:1: date: '2026-02-30' is not a real date" in err
    assert "log.csv:3:6: students: the students count -3 is negative" in err
    assert "log.csv:4:4: cartridge: there is no cartridge 'sharing-brownies-fraction-as-division'" in err
    assert "Did you mean 'sharing-brownies-fractions-as-division'?" in err
    assert "log.csv:5:3: grade: '13' is not a grade" in err
    assert "log.csv:6:1: date: '05/01/2026' is not a date written YYYY-MM-DD" in err
    assert "log.csv:6:7: outcome: the outcome 75 is outside 0–1" in err
    assert "Traceback" not in err
    skipped = usage(str(log), "--skip-bad-rows", "--format", "json")
    assert skipped.returncode == 0
    summary = json.loads(skipped.stdout)
    assert summary["figures"]["classes"] == 1 and summary["figures"]["rows_rejected"] == 5


def test_encodings_and_missing_columns_are_clear_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "2026-01-05,École Saint-Jean,5,sharing-brownies-fractions-as-division,1,20,\n").encode("latin-1"))
    missing = tmp_path / "missing.csv"
    missing.write_text("date,school,grade,cartridge,sessions\n2026-01-05,A,5,x,1\n", encoding="utf-8")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(HEADER.encode("utf-16"))
    result = usage(str(latin), str(missing), str(utf16))
    assert result.returncode == 1
    assert "latin.csv:2:12: the file is not valid UTF-8" in result.stderr
    assert "missing.csv:1: students: the required column 'students' is missing" in result.stderr
    assert "utf16.csv:1:1: the file is saved as UTF-16" in result.stderr


def test_csv_output_cannot_run_formulas(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(HEADER + '2026-01-05,"=HYPERLINK(""http://x"")",5,sharing-brownies-fractions-as-division,1,20,\n', encoding="utf-8")
    result = usage(str(log), "--format", "csv", "--table", "schools")
    assert result.returncode == 0, result.stderr
    assert "'=HYPERLINK" in result.stdout


def test_usage_page_from_an_aggregated_summary_only(tmp_path: Path) -> None:
    out = tmp_path / "usage-out"
    assert usage(str(SAMPLE), "--out", str(out)).returncode == 0
    repo = copy_library(tmp_path / "repo")
    shutil.rmtree(repo / "content/cartridges")
    shutil.copytree(ROOT / "content/cartridges", repo / "content/cartridges")
    shutil.rmtree(repo / "content/rubrics")
    shutil.copytree(ROOT / "content/rubrics", repo / "content/rubrics")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("  - mathhub\n", f"  - mathhub:\n      usage: {out / 'usage-summary.json'}\n"), encoding="utf-8")
    result = build_site(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/usage/index.html").read_text(encoding="utf-8")
    assert "Lesson usage" in page and "Sharing Brownies" in page
    assert "Synthetic Elementary" not in page  # schools are not published on the site
    (repo / "mkdocs.yml").write_text(config.replace("  - mathhub\n", f"  - mathhub:\n      usage: {SAMPLE}\n"), encoding="utf-8")
    refused = build_site(repo, tmp_path / "site2")
    assert refused.returncode == 1
    assert "is not a usage summary" in refused.stderr and "Traceback" not in refused.stderr
