"""Usage logs: strict reading with located errors, slicing, the district plan, privacy, and the Usage page."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_library, mathhub

DISTRICT = ROOT / "samples/district"
LOG = DISTRICT / "SYNTHETIC-usage-log.csv"
SCHOOLS = DISTRICT / "SYNTHETIC-schools.csv"
PLAN = DISTRICT / "SYNTHETIC-plan.csv"
HEADER = "date,school,grade,cartridge,sessions,students,outcome\n"
BROWNIES = "sharing-brownies-fractions-as-division"
VOLUME = "g5-volume-packing-eraser-boxes"


def usage(*args: str, cwd: Path = ROOT):  # type: ignore[no-untyped-def]
    return mathhub(["usage", "--quiet", *args], cwd=cwd)


def summary_of(*args: str) -> dict:  # type: ignore[type-arg]
    result = usage(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_totals_match_an_independent_count() -> None:
    summary = summary_of(str(LOG), "--schools", str(SCHOOLS))
    expected: dict[str, dict[str, int]] = defaultdict(lambda: {"uses": 0, "sessions": 0, "students": 0})
    sections: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with LOG.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            totals = expected[row["cartridge"]]
            totals["uses"] += 1
            totals["sessions"] += int(row["sessions"])
            totals["students"] += int(row["students"])
            sections[row["cartridge"]].add((row["school"].replace("Elem.", "Elementary"), row["section"]))
    got = {row["cartridge"]: row for row in summary["cartridges"]}
    assert got.keys() == expected.keys()
    for cid, totals in expected.items():
        assert got[cid]["uses"] == totals["uses"]
        assert got[cid]["sessions"] == totals["sessions"]
        assert got[cid]["student_lessons"] in (totals["students"], "hidden", "<5")
        assert got[cid]["classes"] == len(sections[cid])  # distinct classes, not summed rows
    assert summary["figures"]["uses"] == sum(t["uses"] for t in expected.values())
    assert summary["figures"]["classes"] == len({s for cid in sections for s in sections[cid]})


def test_a_student_identifying_column_refuses_the_log(tmp_path: Path) -> None:
    log = write(tmp_path, f"date,school,grade,cartridge,sessions,students,student_name\n2026-01-05,School A,5,{BROWNIES},1,20,Ana\n")
    result = usage(str(log))
    assert result.returncode == 1
    assert "log.csv:1:7: student_name: the column 'student_name' looks like it identifies students" in result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    from mathhub import load_repository
    from mathhub.library import index_library

    return index_library(load_repository(ROOT))


@pytest.mark.parametrize("column", ["Student", "stu_id", "LASID", "SASID", "SSID", "STN", "iep", "ell", "gender", "race"])
def test_every_identifying_column_from_issue_13_refuses_the_log(tmp_path: Path, column: str, library) -> None:  # type: ignore[no-untyped-def]
    from mathhub.reports.usage import load_usage_schema, read_usage_logs

    log = write(tmp_path, f"date,school,grade,cartridge,sessions,students,{column}\n2026-01-05,School A,5,{BROWNIES},1,20,x\n")
    data = read_usage_logs([log], library, load_usage_schema(ROOT / "schema"), root=tmp_path)
    assert data.fatal and data.facts.empty
    assert [p.format().splitlines()[0] for p in data.problems] == [f"log.csv:1:7: {column}: the column '{column}' looks like it identifies students (it contains '{column.lower().split('_')[0]}'), so the whole usage log is refused"]


def test_an_outcome_is_suppressed_by_the_students_behind_it(tmp_path: Path) -> None:
    """'Ducks at the Pond: 7 students, 100 %' came from one class of 3: the outcome's own n decides."""
    log = write(tmp_path, HEADER + f"2026-01-05,School A,5,{BROWNIES},1,3,1.0\n2026-01-06,School A,5,{BROWNIES},1,4,\n"
                + "".join(f"2026-01-0{d},School B,5,{VOLUME},1,22,0.5\n" for d in (5, 6)))
    result = usage(str(log), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = {row["cartridge"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows[BROWNIES]["student_lessons"] == "7"
    assert rows[BROWNIES]["outcome"] == "" and rows[BROWNIES]["outcome_n"] in ("<5", "hidden")
    assert rows[VOLUME]["student_lessons"] == "44"


@pytest.mark.parametrize(("threshold", "allow", "allowed"), [(0, False, False), (-3, False, False), (4, False, False), (4, True, True), (2, True, False), (5, False, True), (7, False, True)])
def test_the_threshold_cannot_go_below_the_floor(threshold: int, allow: bool, allowed: bool) -> None:
    from mathhub.privacy import check_threshold

    assert (check_threshold(threshold, allow) is None) == allowed


def test_the_command_refuses_a_threshold_below_the_floor(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + f"2026-01-05,School A,5,{BROWNIES},1,3,0.5\n")
    for value in ("0", "-3"):
        result = usage(str(log), "--threshold", value)
        assert result.returncode == 2 and "below the privacy floor of 5" in result.stderr and result.stdout == ""
    assert "| <4 |" in usage(str(log), "--threshold", "4", "--allow-small-threshold").stdout


def _recoverable(values: list[object], threshold: int) -> bool:
    """Could a hidden figure in this list be worked out from the total? (exactly one hidden, or hidden ones adding up to less than the threshold)"""
    hidden = [v for v in values if v in (f"<{threshold}", "hidden")]
    return len(hidden) == 1


def test_complementary_suppression_protects_a_small_cell_in_every_table(tmp_path: Path) -> None:
    rows = [f"2026-0{m}-1{d},School {s},{g},{c},1,{n},0.5" for m, d, s, g, c, n in [
        (1, 1, "A", "5", BROWNIES, 3), (1, 2, "B", "5", VOLUME, 21), (2, 3, "C", "5", VOLUME, 25), (2, 4, "B", "5", BROWNIES, 30), (3, 5, "C", "5", BROWNIES, 26),
    ]]
    summary = summary_of(str(write(tmp_path, HEADER + "\n".join(rows) + "\n")))
    assert summary["threshold"] == 5
    for table in ("cartridges", "schools", "grades", "terms", "months"):
        values = [row["student_lessons"] for row in summary[table]]
        assert not _recoverable(values, 5), (table, values)
    schools = {row["label"]: row["student_lessons"] for row in summary["schools"]}
    assert list(schools.values()).count("hidden") == 1 and "<5" in schools.values()


def test_school_names_are_never_published_unless_mapped_to_a_label(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + f"2026-01-05,Tutoring: Maria Lopez,5,{BROWNIES},1,12,\n2026-01-06,Lincoln Elementary,5,{BROWNIES},1,25,\n")
    out = tmp_path / "out"
    result = usage(str(log), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for file in out.iterdir():
        text = file.read_text(encoding="utf-8")
        assert "Maria Lopez" not in text and "Lincoln" not in text, file.name
    assert {row["school"] for row in json.loads((out / "usage-summary.json").read_text())["schools"]} == {"School 01", "School 02"}
    codes = write(tmp_path, "school,code,label\nLincoln Elementary,LIN,Lincoln Elementary\nTutoring: Maria Lopez,T1,\n", "codes.csv")
    mapped = summary_of(str(log), "--schools", str(codes))
    assert {(row["school"], row["label"]) for row in mapped["schools"]} == {("LIN", "Lincoln Elementary"), ("T1", "T1")}
    assert "Maria" not in json.dumps(mapped)


def test_two_spellings_of_a_school_are_pointed_out_and_merged_by_the_codes_file(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + f"2026-01-05,Lincoln Elem.,5,{BROWNIES},1,25,\n2026-01-06,Lincoln Elementary,5,{VOLUME},1,25,\n")
    result = usage(str(log))
    assert result.returncode == 0
    assert "'Lincoln Elem.' and 'Lincoln Elementary' look like the same school but are counted as two" in result.stderr
    codes = write(tmp_path, "school,code,label\nLincoln Elem.,LIN,Lincoln\nLincoln Elementary,LIN,Lincoln\n", "codes.csv")
    merged = summary_of(str(log), "--schools", str(codes))
    assert [(row["school"], row["uses"]) for row in merged["schools"]] == [("LIN", 2)]
    unknown = write(tmp_path, "school,code,label\nLincoln Elementary,LIN,Lincoln\n", "partial.csv")
    refused = usage(str(log), "--schools", str(unknown))
    assert refused.returncode == 1 and "log.csv:2:2: school: the school 'Lincoln Elem.' is not in partial.csv" in refused.stderr.replace(str(tmp_path) + "/", "")


def test_high_school_grades_are_accepted_and_mapped(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + "".join(f"2026-01-0{i},School A,{g},hs-patio-quadratics,1,25,\n" for i, g in enumerate(["9", "11", "09", "HS", "12"], start=1)))
    summary = summary_of(str(log))
    assert {row["grade"]: row["uses"] for row in summary["grades"]} == {"9": 2, "11": 1, "12": 1, "HS": 1}
    assert summary["off-grade"] == []  # a grade-11 class teaching a high-school lesson is on grade
    assert summary_of(str(log), "--grade", "HS")["figures"]["uses"] == 5
    assert summary_of(str(log), "--grade", "11")["figures"]["uses"] == 1


def test_a_semicolon_separated_file_is_read_and_named(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER.replace(",", ";") + f"2026-01-05;School A;5;{BROWNIES};1;22;0,75\n2026-01-06;School A;5;{BROWNIES};1;22;\n")
    result = usage(str(log))
    assert result.returncode == 1
    assert "log.csv: read as semicolon-separated (';')" in result.stderr
    assert "outcome: '0,75' is not a number" in result.stderr and "missing" not in result.stderr
    assert usage(str(log), "--skip-bad-rows").returncode == 0


def test_one_unquoted_comma_leaves_out_only_its_row(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + f"2026-01-05,Lincoln, East,5,{BROWNIES},1,22,\n2026-01-06,School A,5,{BROWNIES},1,22,\n2026-01-07,School A,5,{VOLUME},1,22,\n")
    stopped = usage(str(log))
    assert stopped.returncode == 1 and "log.csv:2: row 2 has 8 fields but the header has 7" in stopped.stderr
    assert 'double quotes ("Lincoln, East")' in stopped.stderr
    summary = summary_of(str(log), "--skip-bad-rows")
    assert summary["figures"]["uses"] == 2 and summary["figures"]["rows_rejected"] == 1


def test_repeated_rows_and_repeated_files_are_counted_once(tmp_path: Path) -> None:
    body = HEADER + f"2026-01-05,School A,5,{BROWNIES},1,22,\n2026-01-06,School A,5,{VOLUME},1,22,\n"
    log = write(tmp_path, body + f"2026-01-05,School A,5,{BROWNIES},1,22,\n")
    copy = write(tmp_path, body + f"2026-01-05,School A,5,{BROWNIES},1,22,\n", "copy.csv")
    result = usage(str(log), str(copy), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "log.csv:4: warning: this row has exactly the same values as line 2; it is counted once" in result.stderr
    assert "copy.csv: warning: this file has exactly the same content as" in result.stderr
    figures = json.loads(result.stdout)["figures"]
    assert figures["uses"] == 2 and figures["rows_repeated"] == 1 and figures["files_repeated"] == 1


def test_bad_rows_are_located_and_never_silently_dropped(tmp_path: Path) -> None:
    log = write(tmp_path,
        HEADER
        + f"2026-02-30,School A,5,{BROWNIES},1,20,\n"
        + f"2026-01-05,School A,5,{BROWNIES},1,-3,\n"
        + "2026-01-05,School A,5,sharing-brownies-fraction-as-division,1,20,\n"
        + f"2026-01-05,School A,13,{BROWNIES},1,20,\n"
        + f"05/01/2026,School A,5,{BROWNIES},1,20,75\n"
        + f"2026-01-06,School A,5,{BROWNIES},2,25,0.8\n"
        + f"2999-01-06,School A,5,{BROWNIES},2,25,0.8\n"
        + f"2026-01-07,{'S' * 121},5,{BROWNIES},2,25,0.8\n",
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
    assert "log.csv:8:1: date: the date 2999-01-06 is in the future" in err
    assert "log.csv:9:2: school: the school is 121 characters long; at most 120 are allowed" in err
    assert "Traceback" not in err
    summary = summary_of(str(log), "--skip-bad-rows")
    assert summary["figures"]["uses"] == 1 and summary["figures"]["rows_rejected"] == 7


def test_encodings_and_missing_columns_are_clear_errors(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + f"2026-01-05,École Saint-Jean,5,{BROWNIES},1,20,\n").encode("latin-1"))
    missing = write(tmp_path, "date,school,grade,cartridge,sessions\n2026-01-05,A,5,x,1\n", "missing.csv")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(HEADER.encode("utf-16"))
    result = usage(str(latin), str(missing), str(utf16))
    assert result.returncode == 1
    assert "latin.csv:2:12: the file is not valid UTF-8" in result.stderr
    assert "missing.csv:1: students: the required column 'students' is missing" in result.stderr
    assert "utf16.csv:1:1: the file is saved as UTF-16" in result.stderr


def test_csv_output_cannot_run_formulas(tmp_path: Path) -> None:
    codes = write(tmp_path, 'school,code,label\nA,A1,"=HYPERLINK(""http://x"")"\n', "codes.csv")
    log = write(tmp_path, HEADER + f"2026-01-05,A,5,{BROWNIES},1,20,\n")
    result = usage(str(log), "--schools", str(codes), "--format", "csv", "--table", "schools")
    assert result.returncode == 0, result.stderr
    assert "'=HYPERLINK" in result.stdout


def test_slicing_by_school_dates_term_and_grade(tmp_path: Path) -> None:
    whole = summary_of(str(LOG), "--schools", str(SCHOOLS))
    by_school = summary_of(str(LOG), "--schools", str(SCHOOLS), "--school", "SCH-B")
    assert [row["school"] for row in by_school["schools"]] == ["SCH-B"]
    assert by_school["figures"]["uses"] == next(row["uses"] for row in whole["schools"] if row["school"] == "SCH-B")
    assert "school SCH-B" in by_school["figures"]["filters"]
    s1 = summary_of(str(LOG), "--schools", str(SCHOOLS), "--term", "2025-26 S1")
    dated = summary_of(str(LOG), "--schools", str(SCHOOLS), "--from", "2025-08-01", "--to", "2025-12-31")
    assert s1["figures"]["uses"] == dated["figures"]["uses"] == next(row["uses"] for row in whole["terms"] if row["term"] == "2025-26 S1")
    grade4 = summary_of(str(LOG), "--schools", str(SCHOOLS), "--grade", "4")
    assert [row["grade"] for row in grade4["grades"]] == ["4"]
    assert usage(str(LOG), "--from", "2025-13-01").returncode == 2


def test_group_by_and_declared_optional_columns(tmp_path: Path) -> None:
    summary = summary_of(str(LOG), "--schools", str(SCHOOLS), "--group-by", "school,term")
    grouped = summary["grouped"]
    assert {(row["school"], row["term"]) for row in grouped} >= {("SCH-A", "2025-26 S1"), ("SCH-B", "2025-26 S2")}
    assert all(set(row) >= {"school", "term", "uses", "classes", "sessions", "student_lessons", "outcome", "outcome_n"} for row in grouped)
    assert sum(row["uses"] for row in grouped) == summary["figures"]["uses"]
    assert {row["term"] for row in summary["terms"]} == {"2025-26 S1", "2025-26 S2"}  # the term column is kept
    assert usage(str(LOG), "--group-by", "teacher").returncode == 2
    no_section = write(tmp_path, HEADER + f"2026-01-05,A,5,{BROWNIES},1,20,\n")
    assert usage(str(no_section), "--group-by", "section").returncode == 2
    derived = summary_of(str(no_section))
    assert [row["term"] for row in derived["terms"]] == ["2025-26 S2"]  # no term column: from the date


def test_the_district_plan_gives_planned_taught_off_plan_and_off_grade() -> None:
    summary = summary_of(str(LOG), "--schools", str(SCHOOLS), "--plan", str(PLAN))
    plan = summary["plan"]
    with PLAN.open(encoding="utf-8", newline="") as handle:
        assert len(plan) == sum(1 for _ in csv.DictReader(handle))
    not_taught = [(row["school"], row["grade"], row["planned"]) for row in plan if row["status"] != "taught"]
    assert not_taught == [("SCH-C", "4", "g4-adding-fractions-painting-the-fence")]
    assert summary["figures"]["planned_not_taught"] == 1
    assert [(row["school"], row["grade"], row["cartridge"]) for row in summary["off-plan"]] == [("SCH-A", "4", BROWNIES)]
    assert [(row["school"], row["grade"], row["cartridge"]) for row in summary["off-grade"]] == [("SCH-A", "4", BROWNIES)]
    standard_row = next(row for row in plan if row["planned"] == "5.NF.B.3" and row["school"] == "SCH-A")
    assert standard_row["status"] == "taught" and standard_row["uses"] > 0


def test_never_used_is_measured_against_the_grades_taught(tmp_path: Path) -> None:
    log = write(tmp_path, HEADER + "2026-01-05,School A,K,k-counting-collections,1,20,\n")
    never = {row["cartridge"] for row in summary_of(str(log))["never-used"]}
    assert never and all(c.startswith("k-") for c in never)  # a K-5 school is not told about high-school lessons


def test_outputs_have_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        result = usage(str(LOG), "--schools", str(SCHOOLS), "--out", str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    modes = {stat.S_IMODE(file.stat().st_mode) for file in out.iterdir()}
    assert modes == {0o644}


def test_usage_page_from_an_aggregated_summary_only(tmp_path: Path, fixture_site: Path) -> None:
    sitemap = (fixture_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("coverage/", "usage/", "mastery/"):
        assert f"<loc>https://math-hub.github.io/math-hub/{path}</loc>" in sitemap, path
    page = (fixture_site / "usage/index.html").read_text(encoding="utf-8")
    assert "Lesson usage" in page and "Synthetic data" in page and "Elementary A" in page
    assert "Synthetic Elementary" not in page and "Synthetic Elem." not in page  # school names are never published
    repo = copy_library(tmp_path / "repo")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("samples/district/SYNTHETIC-usage-summary.json", str(LOG)), encoding="utf-8")
    refused = build_site(repo, tmp_path / "site2")
    assert refused.returncode == 1
    assert "is not a usage summary" in refused.stderr and "Traceback" not in refused.stderr
    weak = json.loads((DISTRICT / "SYNTHETIC-usage-summary.json").read_text(encoding="utf-8"))
    weak["threshold"] = 3
    (repo / "weak.json").write_text(json.dumps(weak), encoding="utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("samples/district/SYNTHETIC-usage-summary.json", "weak.json"), encoding="utf-8")
    refused = build_site(repo, tmp_path / "site3")
    assert refused.returncode == 1 and "threshold below 5" in refused.stderr
