"""Hostile sizes and shapes get a located message, never a traceback or a hang (issue 10, class 6).

Each case here took minutes or crashed with RecursionError before the limits existed. The tests assert the
structure of the answer (a located problem, nothing rendered); ``scripts/benchmark_safety.py`` prints the times.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_library, run
from mathhub import load_repository
from mathhub.limits import MAX_HTML_DEPTH, MAX_LINE_CHARS, MAX_NESTING, check_markup, check_size
from mathhub.markup import render_markdown
from mathhub.scan import scan
from mathhub.synthetic import hostile_bodies

ONE_MB = 1_000_000
HOSTILE = hostile_bodies()


def _blocking(text: str) -> list[str]:
    problems = check_size(text, "x.md", 5)
    if not problems:
        problems = check_markup(scan(text), "x.md", 5)
    return [problem.format() for problem in problems]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_hostile_body_gets_a_located_limit_message_and_is_not_rendered(case: str) -> None:
    text = HOSTILE[case]
    messages = _blocking(text)
    assert messages, case
    assert all(message.startswith("x.md:") for message in messages)
    assert len(messages) <= 20  # a few located problems of each kind and a count, not a million lines
    rendered = render_markdown(text, source="x.md", first_line=5)
    assert rendered.html == "" and rendered.problems


def test_the_limits_name_the_right_line_and_limit() -> None:
    assert f"the limit is {MAX_LINE_CHARS:,}" in _blocking(HOSTILE["one-line"])[0]
    nested = _blocking(HOSTILE["nested-list-indented"])
    assert nested[0].startswith(f"x.md:{5 + MAX_NESTING}:1:") and f"nested {MAX_NESTING + 1} levels deep" in nested[0]
    assert any("nested 10,000 levels deep" in message for message in _blocking(HOSTILE["nested-quotes"]))
    divs = _blocking(HOSTILE["nested-divs"])
    assert divs == [divs[0]] and f"nested more than {MAX_HTML_DEPTH} levels" in divs[0]
    assert divs[0].startswith(f"x.md:{5 + 2 * MAX_HTML_DEPTH}:1:")


def test_ordinary_lessons_are_far_below_every_limit() -> None:
    root = Path(__file__).resolve().parent.parent / "content"
    for file in sorted(root.rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        assert _blocking(text) == [], file


def test_a_hostile_cartridge_is_reported_by_validate_and_never_published(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    source = (repo / "content/cartridges/fixture-sharing/index.md").read_text(encoding="utf-8")
    for name in ("one-line", "nested-divs"):
        folder = repo / "content/cartridges" / f"hostile-{name}"
        folder.mkdir()
        text = source.replace("id: fixture-sharing", f"id: hostile-{name}") + "\n" + HOSTILE[name][: 9 * ONE_MB // 10]
        (folder / "index.md").write_text(text, encoding="utf-8")
        (folder / "sharing-cards.pdf").write_bytes((repo / "content/cartridges/fixture-sharing/sharing-cards.pdf").read_bytes())
    result = run(["mathhub", "validate", "--errors-only"], cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/cartridges/hostile-one-line/index.md:" in result.stdout and "the line is" in result.stdout
    assert "content/cartridges/hostile-nested-divs/index.md:" in result.stdout and "HTML elements are nested more than" in result.stdout
    repository = load_repository(repo)
    assert "hostile-one-line" not in repository.cartridges and "hostile-nested-divs" not in repository.cartridges


def test_math_and_code_are_not_tags() -> None:
    """`$a<b$` is mathematics and `<b` in code is text: neither is an unclosed tag (issue 10, item 7)."""
    text = "If $a<b$ then `x<y` and\n\n```\n<unclosed\n```\n"
    assert _blocking(text) == []
    rendered = render_markdown(text, source="x.md")
    assert "<math" in rendered.html and "&lt;" in rendered.html and not rendered.problems
