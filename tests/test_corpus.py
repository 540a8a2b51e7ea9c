"""The bad-input corpus (tests/corpus): every malformed input gives a clean, located error and a non-zero exit,
and every editorial rule has a golden case with its message, line and hint."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_library, run
from mathhub import load_repository
from mathhub.cli import main
from mathhub.library import index_library
from mathhub.reports.usage import load_usage_schema, read_usage_logs
from mathhub.rules import RULES

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library plus every corpus cartridge and rubric, in one repository."""
    repo = copy_library(tmp_path_factory.mktemp("corpus") / "repo")
    cards = repo / "content/cartridges/fixture-sharing/sharing-cards.pdf"
    for case in sorted((CORPUS / "cartridges").iterdir()):
        target = repo / "content/cartridges" / case.name
        shutil.copytree(case, target)
        shutil.copy(cards, target / "sharing-cards.pdf")
        spec = EXPECTED[f"cartridges/{case.name}"]
        for name, size in spec.get("sizes", {}).items():
            with open(target / name, "wb") as handle:
                handle.truncate(size)
        for name, destination in spec.get("symlinks", {}).items():
            os.symlink(destination, target / name)
    for case in sorted((CORPUS / "rules").iterdir()):
        shutil.copytree(case, repo / "content/cartridges" / case.name)
        shutil.copy(cards, repo / "content/cartridges" / case.name / "sharing-cards.pdf")
    for case in sorted((CORPUS / "rubrics").iterdir()):
        shutil.copy(case, repo / "content/rubrics" / case.name)
    return repo


@pytest.fixture(scope="module")
def corpus_problems(corpus_repo: Path):  # type: ignore[no-untyped-def]
    return load_repository(corpus_repo).problems


CONTENT_CASES = sorted(k for k in EXPECTED if not k.startswith(("usage/", "rules/")))
USAGE_CASES = sorted(k for k in EXPECTED if k.startswith("usage/"))
RULE_CASES = sorted(k for k in EXPECTED if k.startswith("rules/"))


def test_the_corpus_is_large_enough() -> None:
    assert len(EXPECTED) >= 60


@pytest.mark.parametrize("case", CONTENT_CASES)
def test_each_content_fault_is_located(case: str, corpus_problems) -> None:  # type: ignore[no-untyped-def]
    spec = EXPECTED[case]
    if case.startswith("cartridges/"):
        path = f"content/{case}/{spec.get('problem_file', 'index.md')}"
    else:
        path = f"content/{case}"
    found = [p for p in corpus_problems if p.path == path and p.severity == "error"]
    assert found, f"no error reported for {path}"
    assert any(spec["message"] in p.message and p.line == spec["line"] for p in found), "\n".join(p.format() for p in found)


@pytest.mark.parametrize("case", RULE_CASES)
def test_each_rule_case_gives_its_pinned_message_line_and_hint(case: str, corpus_problems) -> None:  # type: ignore[no-untyped-def]
    spec = EXPECTED[case]
    name = case.removeprefix("rules/")
    mine = [p for p in corpus_problems if p.path.startswith(f"content/cartridges/{name}/")]
    assert {p.rule for p in mine} == {spec["rule"]}, "\n".join(p.format() for p in mine)
    found = [
        (p.line, p.column, p.field, p.severity, p.message, p.hint)
        for p in mine
        if p.path == f"content/cartridges/{name}/{spec['problem_file']}" and p.line == spec["line"]
    ]
    assert found == [(spec["line"], spec["column"], spec["field"], spec["severity"], spec["message"], spec["hint"])]


def test_every_rule_in_the_registry_has_a_golden_case() -> None:
    assert {EXPECTED[case]["rule"] for case in RULE_CASES} == set(RULES)
    severities = {(EXPECTED[case]["rule"], EXPECTED[case]["severity"]) for case in RULE_CASES}
    for rule in RULES.values():
        if rule.severity == "by-status":
            assert (rule.id, "error") in severities, rule.id
        else:
            assert (rule.id, rule.severity) in severities, rule.id
    assert any(RULES[rule].severity == "by-status" and severity == "warning" for rule, severity in severities), "a draft case shows a by-status rule as a warning"


def test_one_run_reports_every_content_fault_and_exits_1(corpus_repo: Path) -> None:
    result = run(["mathhub", "validate", "--format", "json"], cwd=corpus_repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    paths = {p["path"] for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"}
    for case in CONTENT_CASES:
        prefix = f"content/{case}"
        assert any(path.startswith(prefix) for path in paths), case
    for case in RULE_CASES:
        if EXPECTED[case]["severity"] == "error":
            assert f"content/cartridges/{case.removeprefix('rules/')}/{EXPECTED[case]['problem_file']}" in paths, case


@pytest.fixture(scope="module")
def valid_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with no problems: a usage log is checked against valid content (broken content stops first)."""
    repo = copy_library(tmp_path_factory.mktemp("usage") / "repo")
    assert load_repository(repo).ok
    return repo


@pytest.fixture(scope="module")
def valid_library(valid_repo: Path):  # type: ignore[no-untyped-def]
    return index_library(load_repository(valid_repo))


@pytest.mark.parametrize("case", USAGE_CASES)
def test_each_usage_fault_is_located(case: str, valid_repo: Path, valid_library) -> None:  # type: ignore[no-untyped-def]
    library = valid_library
    log = read_usage_logs([CORPUS / case], library, load_usage_schema(valid_repo / "schema"), root=CORPUS)
    spec = EXPECTED[case]
    errors = [p for p in log.problems if p.severity == "error"]
    assert errors, case
    assert all(p.path == case for p in errors)
    assert any(spec["message"] in p.message and p.line == spec["line"] for p in errors), "\n".join(p.format() for p in errors)
    assert log.fatal or log.rows_rejected > 0


def test_the_usage_command_exits_1_on_every_bad_log(valid_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 1, nothing on stdout, no traceback, the log's own located message, for each bad log. The first runs as
    the installed command does, in its own process; the others call the same entry point here (a new interpreter
    and pandas per log took a minute)."""
    first, *others = USAGE_CASES
    result = run(["mathhub", "usage", "--quiet", "--root", str(valid_repo), str(CORPUS / first)], cwd=valid_repo)
    assert result.returncode == 1, first
    assert "Traceback" not in result.stderr and result.stdout == "", first
    assert EXPECTED[first]["message"] in result.stderr, result.stderr
    for case in others:
        code = main(["usage", "--quiet", "--root", str(valid_repo), str(CORPUS / case)])
        out, err = capsys.readouterr()
        assert code == 1, case
        assert "Traceback" not in err and out == "", case
        assert EXPECTED[case]["message"] in err, (case, err)
