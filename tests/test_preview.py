"""The fast preview: after saves in `mkdocs serve`, the served site equals a clean build of the final content, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import build_site, copy_library
from serving import save, serve, wait_for

pytestmark = pytest.mark.long

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} once"
    save(path, text.replace(old, new))


def test_saves_rerender_only_their_pages_and_the_site_equals_a_clean_build(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    lesson = repo / "content/cartridges/fixture-sharing/index.md"
    rubric = repo / "content/rubrics/fixture-rubric.md"
    other = repo / "content/cartridges/fixture-ratios/index.md"
    adapted = repo / "content/cartridges/fixture-sharing-small-group/index.md"
    serving = tmp_path / "serving"  # mkdocs serve builds into a temporary folder: this one, so the test can read it
    serving.mkdir()
    edits = [
        # (file, old text, new text, the page that shows it, what it shows)
        (lesson, "Give one minute of quiet think time.", "Give two minutes of quiet think time, then a signal.", "cartridges/fixture-sharing/", "two minutes of quiet think time"),
        (rubric, "Score the drawing.", "Score the drawing, then the explanation.", "rubrics/fixture-rubric/", "then the explanation"),
        (lesson, "Draw how the friends can share the sandwiches.", "Draw how the four friends can share the sandwiches.", "cartridges/fixture-sharing/handout/", "the four friends can share"),
        # Front matter: the lesson's pages, and the practice, standard, grade, coverage, rubric and data pages that show it.
        (lesson, "practices: [MP2, MP3]", "practices: [MP2, MP3, MP7]", "practices/mp7/", "Fixture: Sharing Sandwiches"),
        (lesson, "  builds_towards: [6.NS.A.1]", "  builds_towards: [6.NS.A.1, 6.RP.A.1]", "standards/6.RP.A.1/", "Fixture: Sharing Sandwiches"),
        (lesson, "review:\n  status: approved", "review:\n  status: field-tested", "cartridges/fixture-sharing/", "mh-status--field-tested"),
        (other, 'updated: "2026-07-01"', 'updated: "2026-07-15"', "cartridges/fixture-ratios/", "2026-07-15"),  # the home page's newest
        # A second grade: the lesson joins grade 4's page and a new grade 4 download; then leaves both again.
        (adapted, 'grades: ["5"]', 'grades: ["4", "5"]', "grades/4/", "Fixture: Sharing Sandwiches in a Small Group"),
        (adapted, 'grades: ["4", "5"]', 'grades: ["5"]', "grades/4/", "No lessons"),
        # A second lesson assessed with the rubric: the rubric's page lists it (a download's copy of that page lists no lessons).
        (adapted, "approaches: [small-group-intervention]\n", "approaches: [small-group-intervention]\nassessment:\n  rubrics: [fixture-rubric]\n", "rubrics/fixture-rubric/", "Fixture: Sharing Sandwiches in a Small Group"),
    ]
    with serve(repo, tmp_path / "serve.log", env={"TMPDIR": str(serving), **EPOCH}) as server:
        # A new title (it shows on index pages and in other lessons' links) rebuilds everything, and shows everywhere.
        _edit(other, 'title: "Fixture: Batches', 'title: "Renamed: Batches')
        wait_for(lambda: "Renamed: Batches" in server.get("grades/6/"), "the renamed lesson on its grade page")
        assert "rebuilding every page (the planned pages or their titles changed)" in server.log()
        reloads = server.log().count("Reloading browsers")
        for number, (path, old, new, page, shows) in enumerate(edits, start=1):
            assert shows not in server.get(page)
            _edit(path, old, new)
            wait_for(lambda: shows in server.get(page), f"edit {number} on {page}")  # noqa: B023 - used at once
            wait_for(lambda: server.log().count("Reloading browsers") >= reloads + number, f"rebuild {number} to finish")  # noqa: B023
        assert server.log().count("mathhub: re-rendered") == len(edits), server.log()  # each edit took the quick path
        served = [site for site in serving.iterdir() if site.name.startswith("mkdocs_")]
        assert len(served) == 1, served
        shutil.copytree(served[0], tmp_path / "served")
        url = server.url
    # The clean build is made for the address the preview served at, as MkDocs serves under site_url's path.
    result = build_site(repo, tmp_path / "clean", env={"MATHHUB_SITE_URL": url, **EPOCH})
    assert result.returncode == 0, result.stderr
    served_tree, clean_tree = _tree(tmp_path / "served"), _tree(tmp_path / "clean")
    assert sorted(served_tree) == sorted(clean_tree)
    assert [path for path in clean_tree if served_tree[path] != clean_tree[path]] == []
