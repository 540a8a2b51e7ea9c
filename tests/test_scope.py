"""One lesson at a time: `mathhub validate <path>` and `--changed BASE` report exactly what a full run reports for them;
what the loader leaves out takes its references with it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, mathhub
from mathhub import load_repository
from mathhub.library import index_library
from mathhub.scope import Scope, scope_from_changes
from test_corpus import corpus_repo  # noqa: F401  (the fixture: every corpus fault in one repository)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_problems_one_by_one(root: Path) -> int:
    """For every cartridge folder and rubric file: a scoped load reports what the full load reports for its files."""
    full = load_repository(root)
    cartridges = sorted(p.name for p in (root / "content/cartridges").iterdir() if p.is_dir() and not p.name.startswith("."))
    rubrics = sorted(p.stem for p in (root / "content/rubrics").glob("*.md"))
    scopes = [Scope(cartridges=frozenset({c})) for c in cartridges] + [Scope(rubrics=frozenset({r})) for r in rubrics]
    for scope in scopes:
        alone = load_repository(root, scope=scope)
        assert alone.problems == full.problems_in(scope), scope
        assert set(alone.cartridges) <= set(full.cartridges) and set(alone.rubrics) <= set(full.rubrics), scope
    return sum(1 for scope in scopes if full.problems_in(scope))


def test_each_lesson_of_the_real_library_alone_matches_the_full_run() -> None:
    _same_problems_one_by_one(ROOT)


def test_each_broken_lesson_of_the_corpus_alone_matches_the_full_run(corpus_repo: Path) -> None:  # noqa: F811
    assert _same_problems_one_by_one(corpus_repo) >= 60  # the comparison covers real faults, not only clean lessons


def test_cross_reference_faults_alone_match_the_full_run(library: Path) -> None:
    """Broken rubrics, broken parents, chains and cycles: the answers that depend on other files."""
    cartridges = library / "content/cartridges"
    # a rubric with an error of its own, named by fixture-sharing
    _edit(library / "content/rubrics/fixture-rubric.md", "kind: analytic", "kind: analytic\ncolour: blue")
    # a chain: chain-child adapts fixture-sharing-small-group, which adapts fixture-sharing
    shutil.copytree(cartridges / "fixture-sharing-small-group", cartridges / "chain-child")
    _edit(cartridges / "chain-child/index.md", "id: fixture-sharing-small-group", "id: chain-child")
    _edit(cartridges / "chain-child/index.md", "cartridge: fixture-sharing\n", "cartridge: fixture-sharing-small-group\n")
    # a cycle of two, and a lesson adapting a member of it
    for name, parent in (("loop-a", "loop-b"), ("loop-b", "loop-a"), ("loop-child", "loop-a")):
        shutil.copytree(cartridges / "fixture-sharing-small-group", cartridges / name)
        _edit(cartridges / name / "index.md", "id: fixture-sharing-small-group", f"id: {name}")
        _edit(cartridges / name / "index.md", "cartridge: fixture-sharing\n", f"cartridge: {parent}\n")
    # a parent whose index.md cannot be read at all
    (cartridges / "unreadable").mkdir()
    (cartridges / "unreadable/index.md").write_text("no front matter\n", encoding="utf-8")
    shutil.copytree(cartridges / "fixture-sharing-small-group", cartridges / "orphan")
    _edit(cartridges / "orphan/index.md", "id: fixture-sharing-small-group", "id: orphan")
    _edit(cartridges / "orphan/index.md", "cartridge: fixture-sharing\n", "cartridge: unreadable\n")
    assert _same_problems_one_by_one(library) >= 8
    messages = {(p.path.split("/")[2], p.message) for p in load_repository(library).problems}
    assert ("chain-child", "the cartridge 'fixture-sharing-small-group' this lesson adapts has errors of its own, so this lesson is left out until they are fixed") in messages
    assert ("loop-b", "'adapted_from' goes round in a circle: loop-b -> loop-a -> loop-b") in messages
    assert ("orphan", "the cartridge 'unreadable' this lesson adapts has errors of its own, so this lesson is left out until they are fixed") in messages


def test_a_lesson_naming_a_broken_rubric_is_left_out_with_its_reason(library: Path) -> None:
    _edit(library / "content/rubrics/fixture-rubric.md", "kind: analytic", "kind: analytic\ncolour: blue")
    repository = load_repository(library)
    found = [p for p in repository.problems if p.path == "content/cartridges/fixture-sharing/index.md"]
    assert [(p.line, p.field, p.message, p.hint) for p in found] == [
        (35, "assessment.rubrics[0]", "the rubric 'fixture-rubric' has errors of its own, so this lesson is left out until they are fixed", "Fix the problems reported for content/rubrics/fixture-rubric.md."),
    ]
    # what is left out takes its references with it: neither the lesson nor its adaptation reaches the model
    assert "fixture-rubric" not in repository.rubrics
    assert "fixture-sharing" not in repository.cartridges and "fixture-sharing-small-group" not in repository.cartridges
    library_index = index_library(repository)
    for cartridge in library_index.cartridges.values():
        assert all(rid in library_index.rubrics for rid in cartridge.rubrics + tuple(r.rubric for r in cartridge.reviews))
        assert cartridge.adapted_from is None or cartridge.adapted_from.cartridge is None or cartridge.adapted_from.cartridge in library_index.cartridges


def test_validate_one_lesson_from_the_command_line(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", "addresses: [5.NF.B.3]", "addresses: [6RP1]")
    _edit(library / "content/cartridges/fixture-quadratics/index.md", "status: draft", "status: done")
    one = mathhub(["validate", "content/cartridges/fixture-sharing"], cwd=library)
    assert one.returncode == 1
    assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code" in one.stdout
    assert "fixture-quadratics" not in one.stdout  # another lesson's problem is not this lesson's
    assert one.stdout.rstrip().endswith("Checked 1 cartridge, with the 2 files it refers to.")  # its rubric and its review rubric
    # the same lesson named by a file inside it (as pre-commit passes them), from another folder
    inside = mathhub(["validate", "--root", str(library), str(library / "content/cartridges/fixture-sharing/index.md")], cwd=library.parent)
    assert inside.returncode == 1 and inside.stdout == one.stdout
    clean = mathhub(["validate", "content/cartridges/fixture-sharing-small-group", "content/rubrics/fixture-rubric.md"], cwd=library)
    assert clean.returncode == 1  # its parent, fixture-sharing, is broken: it is left out with it
    assert "fixture-sharing-small-group/index.md:19:3: adapted_from.cartridge: the cartridge 'fixture-sharing' this lesson adapts has errors" in clean.stdout


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("content/cartridges/fixture-sharng", "there is no cartridge folder 'fixture-sharng'. Did you mean 'fixture-sharing'?"),
        ("content/rubrics/fixture-rubrik.md", "there is no rubric file 'fixture-rubrik.md'. Did you mean 'fixture-rubric'?"),
        ("mkdocs.yml", "mkdocs.yml is not a lesson or a rubric"),
        ("content/index.md", "content/index.md is not a lesson or a rubric"),
    ],
)
def test_a_path_that_names_no_lesson_is_a_usage_error(library: Path, path: str, message: str) -> None:
    result = mathhub(["validate", path], cwd=library)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def branch(library: Path) -> Path:
    """The fixture library as a git repository, on a branch off main."""
    _git(library, "init", "-q", "-b", "main")
    _git(library, "add", ".")
    _git(library, "commit", "-q", "-m", "base")
    _git(library, "switch", "-q", "-c", "topic")
    return library


def test_changed_checks_what_the_branch_changes_and_what_refers_to_it(branch: Path) -> None:
    # main moves on after the branch point: its changes are not the branch's
    _git(branch, "switch", "-q", "main")
    _edit(branch / "content/cartridges/fixture-quadratics/index.md", "status: draft", "status: done")
    _git(branch, "commit", "-q", "-am", "main moves on")
    _git(branch, "switch", "-q", "topic")
    _edit(branch / "content/cartridges/fixture-quadratics/index.md", "title: \"Fixture: Solving", "title: \"Fixture: Still Solving")
    nothing = mathhub(["validate", "--changed", "main"], cwd=branch)
    assert nothing.returncode == 0, nothing.stdout
    assert nothing.stdout == "Checked 1 cartridge changed since main.\n"
    # a rubric change breaks the lesson that names it, and the lesson adapted from that one
    _edit(branch / "content/rubrics/fixture-rubric.md", "kind: analytic", "kind: analytic\ncolour: blue")
    _git(branch, "commit", "-q", "-am", "change the rubric")
    result = mathhub(["validate", "--changed", "main", "--format", "json"], cwd=branch)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert sorted({p["path"] for p in report["problems"]}) == [
        "content/cartridges/fixture-sharing-small-group/index.md",
        "content/cartridges/fixture-sharing/index.md",
        "content/rubrics/fixture-rubric.md",
    ]
    assert report["summary"] == "Checked 1 cartridge and 1 rubric changed since main, and 2 lessons that refer to them."
    # a new, untracked lesson is part of the change too
    shutil.copytree(branch / "content/cartridges/fixture-quadratics", branch / "content/cartridges/new-lesson")
    untracked = mathhub(["validate", "--changed", "main"], cwd=branch)
    assert "content/cartridges/new-lesson/index.md:2:1: id: the id 'fixture-quadratics' does not match the folder name 'new-lesson'" in untracked.stdout


def test_changed_outside_the_content_checks_everything(branch: Path) -> None:
    _edit(branch / "mkdocs.yml", "site_name: Math Hub", "site_name: Math Hub (fork)")
    result = mathhub(["validate", "--changed", "main"], cwd=branch)
    assert result.returncode == 0
    assert result.stdout.endswith("everything was checked, because files outside content/ changed since main.\n")
    assert mathhub(["validate", "--changed", "no-such-branch"], cwd=branch).returncode == 2
    assert mathhub(["validate", "--changed", "main", "content/cartridges/fixture-sharing"], cwd=branch).returncode == 2


def test_scope_from_changes() -> None:
    assert scope_from_changes(["content/cartridges/a/index.md", "content/cartridges/a/x.pdf", "content/rubrics/r.md", "content/index.md"], "content") == Scope(frozenset({"a"}), frozenset({"r"}))
    assert scope_from_changes(["content/cartridges/a/index.md", "schema/defs.schema.json"], "content") is None
    assert scope_from_changes([], "content") == Scope()


def test_strict_turns_warnings_into_errors(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", 'grades: ["5"]', 'grades: ["4"]')
    assert mathhub(["validate"], cwd=library).returncode == 0
    strict = mathhub(["validate", "--strict"], cwd=library)
    assert strict.returncode == 1
    assert "warning:" not in strict.stdout and "is a grade 5 standard, but the lesson is for grade 4" in strict.stdout
