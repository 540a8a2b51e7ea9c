"""The pre-commit hook, run by pre-commit itself when a contributor commits in a scratch lesson repository.

What runs is the hook as `.pre-commit-hooks.yaml` declares it (id, entry, file pattern, options), given to
pre-commit as a local hook with `language: system` and the entry pointed at this environment's `mathhub`.
So pre-commit selects the staged files and calls the entry exactly as in a contributor's repository; the one
difference is the environment: with `language: python` pre-commit would first install Math Hub and its
dependencies into a virtualenv of its own, from the network, which a test must not depend on.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ROOT, copy_library

MANIFEST = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _run(args: list[str], repo: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{BIN}:{os.environ['PATH']}", "HOME": str(repo.parent), "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "A Teacher", "GIT_AUTHOR_EMAIL": "teacher@example.org", "GIT_COMMITTER_NAME": "A Teacher", "GIT_COMMITTER_EMAIL": "teacher@example.org",
        "NO_MKDOCS_2_WARNING": "true",
    }
    return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def _commits(repo: Path) -> int:
    return int(_run(["git", "rev-list", "--count", "HEAD"], repo).stdout.strip() or 0)


@pytest.fixture
def lesson_repo(tmp_path: Path) -> Path:
    """A lesson repository with the Math Hub hook installed, and its content committed through the hook."""
    repo = copy_library(tmp_path / "lessons")
    [hook] = MANIFEST
    local = {**hook, "language": "system", "entry": f"{BIN / 'mathhub'} {hook['entry'].split(' ', 1)[1]}"}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, sort_keys=False), encoding="utf-8")
    for args in (["git", "init", "-q", "-b", "main"], ["pre-commit", "install"], ["git", "add", "."]):
        assert _run(args, repo).returncode == 0, args
    first = _run(["git", "commit", "-q", "-m", "The library"], repo)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Math Hub lesson check" in first.stdout + first.stderr and "Passed" in first.stdout + first.stderr
    return repo


def test_the_manifest_and_this_repositorys_config_are_valid() -> None:
    assert _run(["pre-commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], ROOT).returncode == 0
    assert _run(["pre-commit", "validate-config", str(ROOT / ".pre-commit-config.yaml")], ROOT).returncode == 0
    assert [hook["id"] for hook in MANIFEST] == ["mathhub-validate"] and MANIFEST[0]["entry"] == "mathhub validate"


def test_a_bad_lesson_stops_the_commit_with_the_located_message(lesson_repo: Path) -> None:
    index = lesson_repo / "content/cartridges/fixture-sharing/index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good.replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"), encoding="utf-8")
    _run(["git", "add", "-A"], lesson_repo)
    refused = _run(["git", "commit", "-m", "A typo in a standard code"], lesson_repo)
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1 and _commits(lesson_repo) == 1
    assert "Math Hub lesson check" in output and "Failed" in output
    assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code: '5.NF.9' is not a CCSS-M standard" in output
    assert "hint: Did you mean '5.NF.B.7'?" in output
    assert "Checked 1 cartridge, with the 2 files it refers to." in output  # only the lesson the commit touches

    index.write_text(good.replace("Compare drawings.", "Compare the drawings."), encoding="utf-8")
    _run(["git", "add", "-A"], lesson_repo)
    accepted = _run(["git", "commit", "-m", "Fixed"], lesson_repo)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _commits(lesson_repo) == 2 and "Passed" in accepted.stdout + accepted.stderr


def test_a_broken_rubric_stops_the_commit_of_the_lesson_that_names_it(lesson_repo: Path) -> None:
    rubric = lesson_repo / "content/rubrics/fixture-rubric.md"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("kind: analytic", "kind: analytical"), encoding="utf-8")
    _run(["git", "add", "-A"], lesson_repo)
    refused = _run(["git", "commit", "-m", "Rename the kind"], lesson_repo)
    assert refused.returncode == 1
    assert 'content/rubrics/fixture-rubric.md:4:1: kind: "analytical" is not one of the allowed values' in refused.stdout + refused.stderr


def test_files_outside_the_lessons_do_not_run_the_check(lesson_repo: Path) -> None:
    (lesson_repo / "NOTES.txt").write_text("Plans for next term.\n", encoding="utf-8")
    _run(["git", "add", "-A"], lesson_repo)
    result = _run(["git", "commit", "-m", "Notes"], lesson_repo)
    assert result.returncode == 0
    assert "Math Hub lesson check" in result.stdout + result.stderr and "Skipped" in result.stdout + result.stderr
