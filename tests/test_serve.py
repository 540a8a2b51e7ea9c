"""`mkdocs serve` as a contributor uses it: a lesson with problems is a page that lists them, at its own URL,
until it is fixed; the server recovers.

Also the case that used to crash the preview: a lesson naming a rubric that itself has errors
(KeyError in jsonld.py). What the preview leaves out takes its references with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_library
from serving import save, serve, wait_for

pytestmark = pytest.mark.long

LESSON = "cartridges/fixture-sharing/"


def test_a_broken_lesson_lists_its_problems_at_its_url_and_the_preview_recovers(tmp_path: Path) -> None:
    """A mistake and its fix in one `mkdocs serve` (edits that show up everywhere: tests/test_preview.py)."""
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    original = index.read_text(encoding="utf-8")
    with serve(repo, tmp_path / "serve.log") as server:
        assert "Fixture: Sharing Sandwiches" in server.get(LESSON)
        save(index, original.replace("addresses: [5.NF.B.3]", "addresses: [6RP1]"))
        wait_for(lambda: "6RP1" in server.get(LESSON), "the error page at the lesson's URL")
        assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code" in server.log()
        page = server.get(LESSON)
        assert "Problems in the lesson fixture-sharing" in page
        assert '<code class="mh-problem-where">content/cartridges/fixture-sharing/index.md:11:15</code>' in page
        assert '<code class="mh-problem-field">standards.addresses[0]</code>: unknown standard code: &#39;6RP1&#39; is not a CCSS-M standard' in page
        assert "Hint: Did you mean &#39;6.RP.A.1&#39;?" in page
        assert "Problems in the lesson fixture-sharing" in server.get(LESSON + "handout/")
        # the lesson adapted from it is left out with it, and says why on its own page
        child = server.get("cartridges/fixture-sharing-small-group/")
        assert "the cartridge &#39;fixture-sharing&#39; this lesson adapts has errors of its own" in child
        # the rest of the site is still there
        assert "Fixture: Solving Quadratics" in server.get("cartridges/fixture-quadratics/")
        assert "Math Hub" in server.get("")

        save(index, original)
        wait_for(lambda: "Fixture: Sharing Sandwiches" in server.get(LESSON) and "mh-problems" not in server.get(LESSON), "the lesson after the fix")
        assert "mh-problems" not in server.get("cartridges/fixture-sharing-small-group/")
        assert "Traceback" not in server.log()


def test_a_lesson_naming_a_broken_rubric_does_not_crash_the_preview(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    rubric = repo / "content/rubrics/fixture-rubric.md"
    original = rubric.read_text(encoding="utf-8")
    with serve(repo, tmp_path / "serve.log") as server:
        assert "Fixture Fraction Rubric" in server.get("rubrics/fixture-rubric/")
        save(rubric, original.replace("kind: analytic", "kind: analytic\ncolour: blue"))
        wait_for(lambda: "colour" in server.get("rubrics/fixture-rubric/"), "the rubric's error page")
        assert "Problems in the rubric fixture-rubric" in server.get("rubrics/fixture-rubric/")
        assert "&#39;colour&#39; is not a field here" in server.get("rubrics/fixture-rubric/")
        lesson = server.get(LESSON)
        assert "Problems in the lesson fixture-sharing" in lesson
        assert "the rubric &#39;fixture-rubric&#39; has errors of its own, so this lesson is left out until they are fixed" in lesson
        assert "Fix the problems reported for content/rubrics/fixture-rubric.md." in lesson
        assert "KeyError" not in server.log() and "Traceback" not in server.log()

        save(rubric, original)
        wait_for(lambda: "Fixture: Sharing Sandwiches" in server.get(LESSON) and "mh-problems" not in server.get(LESSON), "the lesson after the rubric is fixed")
        assert "Fixture Fraction Rubric" in server.get("rubrics/fixture-rubric/")
