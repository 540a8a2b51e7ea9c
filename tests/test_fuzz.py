"""Property-based tests: arbitrary input gives a model or located problems, never another exception, quickly."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from conftest import FIXTURES, copy_library
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mathhub import load_repository
from mathhub.frontmatter import decode, parse_text
from mathhub.htmlcheck import check_markdown
from mathhub.library import Library, index_library
from mathhub.limits import check_markup, check_size
from mathhub.markup import render_markdown
from mathhub.problems import Problem
from mathhub.reports.usage import load_usage_schema, read_usage_logs
from mathhub.scan import scan
from mathhub.scope import Scope
from mathhub.standards import load_catalogue

FAST = settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.text(alphabet=st.sampled_from(list("abc:- \n\t\"'[]{}&*!|>#%@`,.?0123456789éあ\x00\r")), max_size=400)


def _located(problems: list[Problem], lines: int) -> None:
    for problem in problems:
        assert problem.message
        assert 0 <= problem.line <= lines + 2


@FAST
@given(body=YAMLISH)
def test_front_matter_parser_never_raises(body: str) -> None:
    text = f"---\n{body}\n---\nBody\n"
    document, problems = parse_text(text, "x.md")
    assert document is not None or problems
    _located(problems, text.count("\n") + 1)


@FAST
@given(data=st.binary(max_size=300))
def test_decoder_never_raises(data: bytes) -> None:
    text, problems = decode(data, "x.md")
    assert (text is None) == bool(problems)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=30) | st.sampled_from(["5", "K", "HS", "5.NF.B.3", "fixture-rubric", "fixture-sharing", "approved", "CC-BY-4.0", "2026-05-01"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["addresses", "builds_on", "rubrics", "status", "records", "cartridge", "term", "definition", "activity", "minutes", "skip", "note", "path", "title", "x"]), children, max_size=5),
    max_leaves=20,
)
FIELDS = ["id", "title", "summary", "grades", "standards", "practices", "vocabulary", "less_time", "assessment", "resources", "review", "license", "authors", "adapted_from", "updated", "x"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=4))
@example(changes={"review": {"addresses": None, "status": []}})  # once a TypeError: a list where a status goes
def test_arbitrary_values_in_a_lessons_front_matter_give_a_lesson_or_located_problems(changes: dict[str, object], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """Any YAML-expressible values in the real fields of a valid lesson (so the schema, the references and the
    editorial rules all see them): the lesson loads, or errors in its file say why; never an exception."""
    repo = _repo(tmp_path_factory, "front-matter")
    lesson = repo / "content/cartridges/fixture-sharing/index.md"
    original = (FIXTURE_LESSON).read_text(encoding="utf-8")
    _, front, body = original.split("---\n", 2)
    data = {**yaml.safe_load(front), **changes}
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body
    lesson.write_text(text, encoding="utf-8")
    repository = load_repository(repo, scope=Scope(frozenset({"fixture-sharing"})))  # what a full load reports for it (tests/test_scope.py)
    mine = [p for p in repository.problems if p.path.endswith("cartridges/fixture-sharing/index.md")]
    _located(mine, text.count("\n") + 1)
    assert "fixture-sharing" in repository.cartridges or any(p.severity == "error" for p in mine)


CODES = st.text(alphabet=st.sampled_from(list("0123456789KHSNAFGSRPCOEMBDIQTVWabcdefgh.-: ")), max_size=25)


@settings(max_examples=600)  # each unknown code is compared with every known one for a suggestion (~6 ms)
@given(raw=CODES | st.text(max_size=40))
def test_standard_code_normaliser_never_raises(raw: str) -> None:
    catalogue = load_catalogue()
    found = catalogue.resolve(raw)
    if found.code is not None:
        assert catalogue.resolve(found.code).code == found.code
    else:
        assert found.reason


MARKDOWNISH = st.lists(st.sampled_from(list("ab <>/=\"'`$\\[]()!{}#.:*_-&;\n\t|>~0") + ["<a ", "<div>", "</div>", "](", "$$", "```", "<!--", "-->", "{: #x}", "## ", "\n\n"]), max_size=120).map("".join)


@settings(max_examples=300)
@given(body=st.one_of(st.text(max_size=600), MARKDOWNISH))
def test_html_check_never_raises(body: str) -> None:
    lines = body.count("\n") + 1
    found = scan(body)
    _located(check_size(body, "x.md", 1) + check_markup(found, "x.md", 1) + check_markdown(found, "x.md", 1), lines)


@settings(max_examples=200)
@given(body=st.one_of(st.text(max_size=400), MARKDOWNISH))
def test_renderer_never_raises_and_ids_stay_safe(body: str) -> None:
    """Any text renders to located problems or sanitised HTML whose ids are all unique and safe."""
    import re as _re

    used: set[str] = {"fixture"}
    rendered = render_markdown(body, source="x.md", first_line=3, used_ids=used)
    _located(list(rendered.problems), body.count("\n") + 3)
    ids = _re.findall(r' id="([^"]*)"', rendered.html)
    assert len(ids) == len(set(ids)) and "fixture" not in ids
    assert all(_re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids
    assert "<script" not in rendered.html and " on" not in _re.sub(r">[^<]*<", "><", rendered.html)


CSV_CELLS = st.one_of(
    st.sampled_from(["2026-01-05", "2026-02-30", "", "K", "5", "HS", "13", "fixture-sharing", "nope", "-3", "1.5", "20", "0.5", "=1+1", '"q,uoted"', "é"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CSV_CELLS, min_size=5, max_size=8), max_size=12), header=st.permutations(["date", "school", "grade", "cartridge", "sessions", "students", "outcome"]))
def test_usage_reader_never_raises(rows: list[list[str]], header: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    repo = _usage_repo(tmp_path_factory)
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    log_file = repo / "fuzz.csv"
    log_file.write_text(buffer.getvalue(), encoding="utf-8")
    log = read_usage_logs([log_file], _usage_library(repo), load_usage_schema(repo / "schema"), root=repo)
    assert log.rows_read + log.rows_rejected + (1 if log.fatal else 0) >= min(1, len(rows)) or not rows
    if not log.fatal:  # every row is counted, rejected or a repeat: none is dropped silently
        kept = int(log.facts["uses"].sum())
        assert kept + log.report.rows_repeated <= log.rows_read <= kept + log.report.rows_repeated + log.rows_rejected
    _located(log.problems, buffer.getvalue().count("\n") + 1)


_REPOS: dict[str, Path] = {}
FIXTURE_LESSON = FIXTURES / "library/content/cartridges/fixture-sharing/index.md"


def _repo(factory, name: str) -> Path:  # type: ignore[no-untyped-def]
    """One copy of the fixture library per property (copying it for every example cost most of the run)."""
    if name not in _REPOS:
        _REPOS[name] = copy_library(factory.mktemp(f"fuzz-{name}") / "repo")
    return _REPOS[name]


def _usage_repo(factory) -> Path:  # type: ignore[no-untyped-def]
    return _repo(factory, "usage")


_LIBRARIES: dict[Path, Library] = {}


def _usage_library(repo: Path) -> Library:
    """The usage fuzz changes only the log, never the lessons: load them once, not once per example."""
    if repo not in _LIBRARIES:
        _LIBRARIES[repo] = index_library(load_repository(repo))
    return _LIBRARIES[repo]


CSV_TEXT = st.lists(st.sampled_from(list(',;\t|"\n\r x5-é\x00\u200b') + ["2026-01-05", "fixture-sharing", "20", '""']), max_size=120).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=CSV_TEXT, separator=st.sampled_from([",", ";", "\t"]))
def test_any_bytes_after_a_header_give_rows_or_located_problems(body: str, separator: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """Quotes, line breaks, NULs and ragged rows in any order: never a csv.Error, a pandas error or a traceback."""
    repo = _usage_repo(tmp_path_factory)
    log_file = repo / "fuzz-raw.csv"
    text = separator.join(["date", "school", "grade", "cartridge", "sessions", "students"]) + "\n" + body
    log_file.write_bytes(text.encode("utf-8"))
    log = read_usage_logs([log_file], _usage_library(repo), load_usage_schema(repo / "schema"), root=repo)
    _located(log.problems, text.count("\n") + text.count("\r") + 1)
