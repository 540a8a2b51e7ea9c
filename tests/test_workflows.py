"""The GitHub workflows: actionlint finds nothing, only first-party actions are used, and every command a
workflow runs exists and is run here, verbatim, in a scratch repository laid out like this one."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BIN, ROOT, copy_library
from mathhub.cli import build_parser
from mathhub.fences import unclosed_fence

WORKFLOWS = ROOT / ".github" / "workflows"
FIRST_PARTY = {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/configure-pages", "actions/cache"}
# What the test gives each expression a workflow passes to a script (GitHub fills them in on its runners).
EXPRESSIONS = {
    "github.base_ref": "main",
    "steps.pages.outputs.base_url": "https://example.org/fork",
    "github.server_url": "https://github.com",
    "github.repository": "example/fork",
}
SHELL = {"{", "}", "echo", "export", "set", "cd"}
# Steps this test cannot run: the suite itself (it is what is running).
NOT_RUN_HERE = {"bash .ci/run"}


def _workflows() -> dict[str, dict[str, Any]]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(WORKFLOWS.glob("*.yml"))}


def _steps() -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, job, step) for name, workflow in _workflows().items() for job, spec in workflow["jobs"].items() for step in spec.get("steps", [])]


def _actionlint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "actionlint"), "-no-color", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_workflows_exist() -> None:
    assert set(_workflows()) == {"pull-request.yml", "deploy.yml"}


def test_actionlint_reports_nothing() -> None:
    if os.environ.get("CI") == "true":
        assert shutil.which("shellcheck"), "shellcheck is missing: `make test` installs it, and actionlint checks the run: scripts with it"
    result = _actionlint()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_would_report_a_mistake(tmp_path: Path) -> None:
    """The check above can fail: an event field put straight into a script (script injection) is reported."""
    broken = tmp_path / ".github" / "workflows"
    broken.mkdir(parents=True)
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    (broken / "pull-request.yml").write_text(text.replace('"origin/$BASE_REF"', '"origin/${{ github.head_ref }}"', 1), encoding="utf-8")
    result = _actionlint(str(broken / "pull-request.yml"), cwd=tmp_path)
    assert result.returncode == 1 and "github.head_ref" in result.stdout


def test_only_first_party_actions() -> None:
    used = {step["uses"] for _, _, step in _steps() if "uses" in step}
    assert used and {use.split("@")[0] for use in used} <= FIRST_PARTY, used
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", use) for use in used), used


def test_untrusted_code_gets_no_write_access() -> None:
    workflows = _workflows()
    pull_request = workflows["pull-request.yml"]
    assert set(pull_request[True]) == {"pull_request"}  # YAML reads the key `on` as True; never pull_request_target
    assert pull_request["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pull_request["jobs"].values())
    assert workflows["deploy.yml"]["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for _, _, step in _steps():
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def _script(step: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The step's script and environment, with every ``${{ }}`` expression replaced by the test's value."""

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            expression = match.group(1).strip()
            assert expression in EXPRESSIONS, f"unknown expression {expression!r}: give it a value in EXPRESSIONS"
            return EXPRESSIONS[expression]

        return re.sub(r"\$\{\{(.*?)\}\}", one, text)

    assert "${{" not in step["run"], "expressions go into env:, never into the script itself (script injection)"
    return step["run"], {key: fill(str(value)) for key, value in step.get("env", {}).items()}


def _commands(script: str) -> list[list[str]]:
    """The commands of a script: `mathhub`, `make` and `bash` invocations, as words."""
    found = []
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line.split(" >>")[0])
        if words[0] in SHELL or "=" in words[0]:
            continue  # shell built-ins, and assignments such as SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"
        found.append(words)
    return found


def test_every_command_exists() -> None:
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    seen = set()
    for name, job, step in _steps():
        if "run" not in step:
            continue
        for words in _commands(step["run"]):
            seen.add(words[0].rsplit("/", 1)[-1])
            if words[0] == ".venv/bin/mathhub":
                build_parser().parse_args(words[1:])  # exits (failing the test) on an unknown command or option
            elif words[0] == "make":
                assert set(words[1:]) <= targets, (name, job, words)
            elif words[0] == "bash":
                assert (ROOT / words[1]).is_file(), (name, job, words)
            else:
                pytest.fail(f"{name}/{job}: `{' '.join(words)}` is a command this test does not know; add it and run it below")
    assert seen == {"make", "mathhub", "bash"}


def test_the_ci_entry_point_runs_the_suite_after_setting_up() -> None:
    """`bash .ci/run` is the one step not run below: it is `make test`, which makes the environment first."""
    assert _commands((ROOT / ".ci/run").read_text(encoding="utf-8"))[-1] == ["make", "test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: setup browser\n\t\$\(BIN\)/python -m pytest -n auto --dist worksteal$", makefile, re.M)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository laid out like this one: the fixture library on a branch off `main`, with `origin/main`,
    the Makefile and its scripts, and `.venv` pointing at the environment this test runs in."""
    repo = copy_library(tmp_path_factory.mktemp("workflow") / "repo")
    for name in ("Makefile", "pyproject.toml", "scripts/build_site.sh"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, repo / name)
    os.utime(repo / "pyproject.toml", (0, 0))  # older than the environment's stamp: make must not reinstall
    (repo / ".venv").symlink_to(BIN.parent)
    (repo / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    git = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": os.environ["PATH"]}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "base"], ["update-ref", "refs/remotes/origin/main", "main"], ["switch", "-q", "-c", "topic"]):
        subprocess.run(["git", *args], cwd=repo, env=git, check=True, capture_output=True)
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.B.3, 5.NF.B.4]"), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "a lesson now addresses one more standard"], cwd=repo, env=git, check=True, capture_output=True)
    return repo


def _run_step(step: dict[str, Any], repo: Path, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """As GitHub runs a `run:` step: bash -eo pipefail, in the repository, with the step's environment."""
    script, env = _script(step)
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "true", "GITHUB_STEP_SUMMARY": str(repo / "summary.md"), **env, **(extra or {})}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=repo, env=full, capture_output=True, text=True, timeout=900)


def _step(workflow: str, name: str) -> dict[str, Any]:
    return next(step for wf, _, step in _steps() if wf == workflow and step.get("name") == name)


def test_every_run_step_is_run_here(scratch: Path) -> None:
    ran = {step["name"] for wf, _, step in _steps() if "run" in step and step["run"].strip() not in NOT_RUN_HERE}
    assert ran == {
        "Set up", "Check the lessons and rubrics this pull request changes (warnings count)", "Build the site",
        "Standards coverage compared with the base branch",
    }


def test_setup_step(scratch: Path) -> None:
    result = _run_step(_step("pull-request.yml", "Set up"), scratch)
    assert result.returncode == 0, result.stderr
    assert "Nothing to be done" in result.stdout or result.stdout == ""  # the environment is made; make leaves it


def test_check_step_annotates_what_the_pull_request_changes(scratch: Path) -> None:
    step = _step("pull-request.yml", "Check the lessons and rubrics this pull request changes (warnings count)")
    clean = _run_step(step, scratch)
    assert (clean.returncode, clean.stdout) == (0, "Checked 1 cartridge changed since origin/main, and 1 lesson that refers to them.\n"), clean.stderr
    index = scratch / "content/cartridges/fixture-sharing/index.md"
    before = index.read_text(encoding="utf-8")
    try:
        index.write_text(before.replace('grades: ["5"]', 'grades: ["4"]'), encoding="utf-8")  # a warning: strict fails on it
        warned = _run_step(step, scratch)
    finally:
        index.write_text(before, encoding="utf-8")
    assert warned.returncode == 1
    assert warned.stdout.startswith("::error file=content/cartridges/fixture-sharing/index.md,line=11,col=15,title=standards.addresses[0]::5.NF.B.3 is a grade 5 standard, but the lesson is for grade 4")


def test_coverage_step_writes_the_job_summary(scratch: Path) -> None:
    result = _run_step(_step("pull-request.yml", "Standards coverage compared with the base branch"), scratch)
    assert result.returncode == 0, result.stderr
    summary = (scratch / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Coverage change\n\nThis change addresses 1 new standard, 1 of them major.")
    assert "Compared with `origin/main`" in summary
    assert "| 5.NF.B.4 | Grade 5 | major | `fixture-sharing` |" in summary and unclosed_fence(summary) is None


@pytest.mark.parametrize("workflow", ["pull-request.yml", "deploy.yml"])
def test_build_step(scratch: Path, workflow: str) -> None:
    shutil.rmtree(scratch / "site", ignore_errors=True)
    result = _run_step(_step(workflow, "Build the site"), scratch)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (scratch / "site/cartridges/fixture-quadratics/index.html").read_text(encoding="utf-8")
    if workflow == "deploy.yml":  # a fork publishes at its own address, with edit links to its own repository
        assert '<link rel="canonical" href="https://example.org/fork/cartridges/fixture-quadratics/">' in page
        assert 'href="https://github.com/example/fork/edit/main/content/cartridges/fixture-quadratics/index.md"' in page
    else:
        assert '<link rel="canonical" href="https://math-hub.github.io/math-hub/cartridges/fixture-quadratics/">' in page
