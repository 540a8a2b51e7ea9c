"""Shared fixtures: small libraries copied into tmp_path, and the real site built once per test run.

`make test` runs the suite on every core (pytest-xdist, ``-n auto`` in the Makefile). A site every worker needs is still
built once per run: the first worker to need it builds it into the run's shared temporary folder while holding a
lock; the others wait for it and read the same site (``_once``). Tests only read these sites.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings

# No Hypothesis deadlines: a busy CI machine makes any example slow now and then, and a deadline then fails a
# correct test. Property tests state how many examples they try; the profile covers every one of them.
settings.register_profile("mathhub", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("mathhub")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``long`` (a live ``mkdocs serve`` through several full rebuilds) run first: started last, one
    would keep its worker busy long after the others are done."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent


def copy_library(target: Path, fixture: str = "library") -> Path:
    """A repository in ``target``: the fixture's content, the real schemas and mkdocs.yml."""
    shutil.copytree(FIXTURES / fixture, target, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schema", target / "schema", dirs_exist_ok=True)
    if not (target / "mkdocs.yml").exists() and (ROOT / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    if not (target / "content" / "index.md").exists():
        shutil.copy(ROOT / "content" / "index.md", target / "content" / "index.md")
    if not (target / "content" / "contribute").exists():
        shutil.copytree(ROOT / "content" / "contribute", target / "content" / "contribute")
    copy_samples(target)
    return target


def copy_samples(target: Path) -> None:
    """The published SYNTHETIC summaries that mkdocs.yml points the Usage and Mastery pages at."""
    (target / "samples" / "district").mkdir(parents=True, exist_ok=True)
    for summary in (ROOT / "samples" / "district").glob("SYNTHETIC-*-summary.json"):
        shutil.copy(summary, target / "samples" / "district" / summary.name)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_library(tmp_path / "repo")


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run an installed console command (``mathhub``, ``mkdocs``) the way a contributor would."""
    command = [str(BIN / args[0]), *args[1:]]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", **(env or {})}
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run


def mathhub(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``mathhub <args>`` in ``cwd``, run inside the test process: the same ``main`` the console script calls.

    For the many tests that check what a command reports: each would otherwise start Python, import pandas and
    load the library again (about 2 s). The repository's own content, which no test changes, is loaded once per
    worker and reused while its files are unchanged. Tests of the command as a process (exit on a closed pipe,
    colour, the console scripts) use ``run``.
    """
    from mathhub import cli as command

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _inside(cwd), mock.patch.object(command, "load_repository", _load_real_once(command.load_repository)):
        try:
            code = command.main(args)
        except SystemExit as stop:  # argparse refuses bad options this way
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(["mathhub", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


_REAL_REPOSITORY: dict[tuple[tuple[str, int, int], ...], Any] = {}


def _load_real_once(load: Callable[..., Any]) -> Callable[..., Any]:
    """``load_repository`` that keeps the real repository (no options, root = ROOT) while none of its files change."""

    def loaded(root: Path, **options: Any) -> Any:
        if options or Path(root).resolve() != ROOT:
            return load(root, **options)
        stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for folder in ("content", "schema", "frameworks") for path in sorted((ROOT / folder).rglob("*")) if path.is_file())
        if stamp not in _REAL_REPOSITORY:
            _REAL_REPOSITORY.clear()
            _REAL_REPOSITORY[stamp] = load(root)
        return _REAL_REPOSITORY[stamp]

    return loaded


def build_site(repo: Path, dest: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``repo`` into ``dest``, as `make site` runs it."""
    return run(["mkdocs", "build", "--strict", "--site-dir", str(dest)], cwd=repo, env={"SOURCE_DATE_EPOCH": "1767225600", **(env or {})})


def _once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict[str, object]]) -> tuple[Path, dict[str, object]]:
    """``make(folder)`` run once per test run, whichever worker asks first; its folder and what it returned (JSON)."""
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else tmp_path_factory.getbasetemp()
    folder, done = shared / f"once-{name}", shared / f"once-{name}.json"
    with FileLock(str(shared / f"once-{name}.lock")):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            done.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))


def _built(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture library, built once per run."""
    folder, result = _once(tmp_path_factory, "fixture", lambda folder: _built(build_site(copy_library(folder / "repo"), folder / "repo" / "site")))
    assert result["returncode"] == 0, result["stderr"]
    return folder / "repo" / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built once per run (the expensive fixture)."""
    folder, result = _once(tmp_path_factory, "real", lambda folder: _built(build_site(ROOT, folder / "site")))
    assert result["returncode"] == 0, result["stderr"]
    return folder / "site"


CASE_FIXTURES = FIXTURES / "case"


def frameworks_library(target: Path) -> Path:
    """The fixture library plus the Example State Mathematics Standards (ESMS), imported from the CASE fixture as a
    district would, and lessons aligned to them: one to both frameworks (in an unusual spelling), one to ESMS only,
    and a new one scaffolded from an ESMS code."""
    repo = copy_library(target)
    imported = run(["mathhub", "import-case", str(CASE_FIXTURES / "esms-package.json"), "--framework", "ESMS", "--crosswalk", str(CASE_FIXTURES / "esms-crosswalk.csv")], cwd=repo)
    assert imported.returncode == 0, imported.stderr
    for path, old, new in [
        ("content/cartridges/fixture-sharing-small-group/index.md", "addresses: [5.NF.B.3]", "addresses: [5.NF.B.3, esms:5.fr.2a]"),
        ("content/cartridges/fixture-quadratics/index.md", "addresses: [HSA-REI.B.4b]", "addresses: [ESMS:MA.912.AR.2.a]"),
        ("content/rubrics/fixture-rubric.md", "standards: [5.NF.B.3]", "standards: [5.NF.B.3, ESMS:MA.5.FR.2]"),
    ]:
        file = repo / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new), encoding="utf-8")
    made = run(["mathhub", "new-cartridge", "--title", "Measuring Volume with Cubes", "--grade", "5", "--standard", "esms:5.gm.1"], cwd=repo)
    assert made.returncode == 0, made.stderr
    return repo


@pytest.fixture(scope="session")
def frameworks_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library with a second framework, built once per run; its repository is the site's parent folder."""
    folder, result = _once(tmp_path_factory, "frameworks", lambda folder: _built(build_site(frameworks_library(folder / "repo"), folder / "repo" / "site")))
    assert result["returncode"] == 0, result["stderr"]
    return folder / "repo" / "site"


@pytest.fixture(scope="session")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The attack library (tests/attack_library.py) built as `make site` builds, with ``disallowed_html: warn``."""
    from attack_library import write_attack_library

    folder, result = _once(tmp_path_factory, "attacks", lambda folder: _built(build_site(write_attack_library(folder / "repo"), folder / "repo" / "site")))
    repo = folder / "repo"
    return repo, repo / "site", subprocess.CompletedProcess(["mkdocs", "build"], int(str(result["returncode"])), str(result["stdout"]), str(result["stderr"]))
