"""Privacy by construction, and district tables that cannot hang or crash the reader (issue 10, item 8).

Headers are normalised before they are matched; every schema limit is enforced;
oversize fields and lines get a located message; no ``_csv.Error`` escapes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import ROOT, run
from mathhub.privacy import Margin, identifying_reason, normalise_header, suppress

ROW = "2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,20,"
HEADER = "date,school,grade,cartridge,sessions,students"


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    from mathhub import load_repository
    from mathhub.library import index_library

    return index_library(load_repository(ROOT))


def read(path: Path, library):  # type: ignore[no-untyped-def]
    from mathhub.reports.usage import load_usage_schema, read_usage_logs

    return read_usage_logs([path], library, load_usage_schema(ROOT / "schema"), root=path.parent)


VARIANTS = {
    "StudentFirstName": "StudentFirstName",
    "Student's Name": "Student's Name",
    "student": "student",
    "learner": "learner",
    "pupil": "pupil",
    "username": "username",
    "surname": "surname",
    "initials": "initials",
    "zero-width space": "student\u200bname",
    "quoted line break": '"student\nname"',
    "Spanish": "nombre_del_estudiante",
    "French": "Prénom de l'élève",
    "German": "Schüler-Nachname",
    "Portuguese": "nome do aluno",
    "Chinese": "学生姓名",
    "Date of Birth": "Date of Birth",
    "E-mail": "E-mail",
    "IEP status": "IEP status",
}


@pytest.mark.parametrize("header", list(VARIANTS.values()), ids=list(VARIANTS))
def test_an_identifying_header_written_any_way_refuses_the_file_naming_the_column(tmp_path: Path, header: str, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_text(f"{HEADER},{header}\n{ROW}x\n", encoding="utf-8")
    data = read(log, library)
    assert data.fatal and data.rows_read == 0
    [problem] = [p for p in data.problems if p.severity == "error"]
    shown = header.strip('"').replace("\n", "\\x0a").replace("\u200b", "\\u200b")
    assert problem.location == "log.csv:1:7"
    assert problem.message.startswith(f"the column '{shown}' looks like it identifies students")
    assert problem.message.endswith("so the whole usage log is refused")


@pytest.mark.parametrize("header", ["students", "Students", " STUDENTS ", "school id", "Section Code", "term", "lesson name", "teacher"])
def test_counts_and_non_person_columns_are_not_refused(header: str) -> None:
    assert identifying_reason(header, ["date", "school", "grade", "cartridge", "sessions", "students", "outcome", "term", "section"]) is None


def test_normalisation_folds_case_spacing_punctuation_accents_and_invisible_characters() -> None:
    assert normalise_header("StudentFirstName") == "student first name"
    assert normalise_header("Student\u2019s\u00a0Name") == "students name"
    assert normalise_header("stu\u200b_\u200dID") == "stu id"
    assert normalise_header("  Élève\t(Prénom)  ") == "eleve prenom"
    assert normalise_header("ＳＴＵＤＥＮＴ") == "student"  # full-width letters


def test_a_200_kb_quoted_field_is_reported_with_its_line(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_text(f"{HEADER},outcome\n{ROW}\n" + f'2026-01-06,"{"S" * 200_000}",5,sharing-brownies-fractions-as-division,1,20,\n' + ROW + "\n", encoding="utf-8")
    data = read(log, library)
    assert not data.fatal
    messages = [p.format() for p in data.problems]
    assert any(m.startswith("log.csv:3:2: school: the school is 200,000 characters long; at most 120 are allowed") for m in messages), messages
    assert data.rows_read == 3 and data.rows_rejected == 1


def test_a_field_beyond_the_csv_limit_is_located_not_a_csv_error(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    line = "x" * 900_000 + "\n"
    with log.open("w", encoding="utf-8") as handle:
        handle.write(f"{HEADER},outcome\n{ROW}\n2026-01-06,\"")
        handle.writelines(itertools.repeat(line, 3))  # one quoted field of 2.7 MB over three lines
        handle.write(f'",5,sharing-brownies-fractions-as-division,1,20,\n{ROW}\n')
    data = read(log, library)
    messages = [p.format() for p in data.problems]
    assert any("cannot be read: a field is longer than 1,000,000 characters" in m and m.startswith("log.csv:3:") for m in messages), messages
    assert not any("_csv.Error" in m or "Error:" in m for m in messages)


def test_a_50_mb_header_line_is_refused_at_once(tmp_path: Path) -> None:
    log = tmp_path / "huge.csv"
    with log.open("w", encoding="utf-8") as handle:
        for _ in range(50):
            handle.write("student_name," * 80_000)
        handle.write("\n" + ROW + "\n")
    result = run(["mathhub", "usage", "--quiet", str(log)], cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "huge.csv:1: the header line is longer than 1,000,000 bytes" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr) < 2000


def test_a_long_data_line_is_left_out_with_its_line(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_text(f"{HEADER},outcome\n{ROW}\n" + "2026-01-06," + "y" * 1_200_000 + "\n" + ROW.replace("-05", "-07") + "\n", encoding="utf-8")
    data = read(log, library)
    assert [p.format().splitlines()[0] for p in data.problems] == ["log.csv:3: line 3 is longer than 1,000,000 bytes; the row was left out"]
    assert data.rows_read == 2 and data.rows_rejected == 1 and int(data.facts["uses"].sum()) == 2


@pytest.mark.parametrize(("value", "message"), [
    ("2999-01-05", "the date 2999-01-05 is in the future"),
    ("1899-12-31", "the date 1899-12-31 is before 2000-01-01"),
])
def test_dates_outside_the_plausible_range_are_refused(tmp_path: Path, value: str, message: str, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_text(f"{HEADER}\n{ROW[:-1].replace('2026-01-05', value)}\n", encoding="utf-8")
    data = read(log, library)
    assert [p.message for p in data.problems][0].startswith(message)


def test_every_limit_of_the_schema_is_enforced(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    import json

    schema = json.loads((ROOT / "schema/usage-log.schema.json").read_text(encoding="utf-8"))
    string_columns = [name for name, spec in schema["properties"].items() if spec.get("type") == "string" and spec.get("format") != "date"]
    assert all("maxLength" in schema["properties"][name] for name in string_columns)
    log = tmp_path / "log.csv"
    log.write_text(
        "date,school,grade,cartridge,sessions,students,outcome,term,section\n"
        f"2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,20,,{'T' * 41},3B\n"
        f"2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,20,,S1,{'3' * 41}\n"
        "2026-01-05,School A,5,sharing-brownies-fractions-as-division,1,20,,S1,Ms Lopez's class\n"
        "2026-01-05,School A,5,Sharing Brownies,1,20,,S1,3B\n"
        "2026-01-05,School A,5,sharing-brownies-fractions-as-division,101,20,,S1,3B\n",
        encoding="utf-8",
    )
    found = {(p.line, p.field) for p in read(log, library).problems}
    assert {(2, "term"), (3, "section"), (4, "section"), (5, "cartridge"), (6, "sessions")} <= found


def test_a_nul_byte_refuses_the_file_with_its_line(tmp_path: Path, library) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_bytes(f"{HEADER}\n{ROW[:-1]}\n2026-01-06,Sch\x00ool,5,x,1,20\n".encode())
    data = read(log, library)
    assert data.fatal and data.problems[0].format().startswith("log.csv:3:15: the file contains a NUL character")


# -- suppression -------------------------------------------------------------------------------------------------


def test_a_small_cell_is_hidden_and_cannot_be_recovered_from_its_total() -> None:
    counts = {"a": 3, "b": 40, "c": 25, "total": 68}
    hidden = suppress(counts, 5, [Margin("total", ("a", "b", "c"))])
    assert hidden == {"a": "small", "c": "complementary"}


def test_hidden_cells_that_add_up_to_fewer_than_the_threshold_need_a_third() -> None:
    counts = {"a": 1, "b": 2, "c": 30, "d": 31}
    assert suppress(counts, 5, [Margin(None, ("a", "b", "c", "d"))]) == {"a": "small", "b": "small", "c": "complementary"}


def test_suppression_follows_chains_of_totals() -> None:
    # a school's cluster is the sum of its standards, and all schools is the sum of the schools
    counts = {("s1", "x"): 3, ("s1", "y"): 30, ("s2", "x"): 40, ("s2", "y"): 50, ("all", "x"): 43, ("all", "y"): 80, ("s1", "cluster"): 33, ("s2", "cluster"): 90}
    margins = [Margin(("all", "x"), (("s1", "x"), ("s2", "x"))), Margin(("all", "y"), (("s1", "y"), ("s2", "y"))),
               Margin(("s1", "cluster"), (("s1", "x"), ("s1", "y"))), Margin(("s2", "cluster"), (("s2", "x"), ("s2", "y")))]
    hidden = suppress(counts, 5, margins)
    assert hidden[("s1", "x")] == "small"
    for margin in margins:
        if margin.total not in hidden:
            gone = [p for p in margin.parts if p in hidden]
            assert len(gone) != 1, margin


def test_zero_counts_describe_nobody_and_stay() -> None:
    assert suppress({"a": 0, "b": 20}, 5, [Margin(None, ("a", "b"))]) == {}
