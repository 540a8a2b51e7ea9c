"""Scaffolds write skeletons that validate (a new lesson with warnings only) and never overwrite anything."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run


def test_new_cartridge_validates_with_warnings_only_and_strict_fails_on_it(library: Path) -> None:
    made = run(["mathhub", "new-cartridge", "--title", "Area: Tiling Rectangles", "--grade", "3", "--standard", "3.MD.7"], cwd=library)
    assert made.returncode == 0, made.stderr
    index = library / "content/cartridges/area-tiling-rectangles/index.md"
    assert index.is_file() and sorted(p.name for p in index.parent.iterdir()) == ["index.md"]
    assert "3.MD.C.7" in index.read_text(encoding="utf-8")
    checked = run(["mathhub", "validate", "--format", "json"], cwd=library)
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    mine = [p for p in report["problems"] if p["path"] == "content/cartridges/area-tiling-rectangles/index.md"]
    assert report["errors"] == 0 and mine and all(p["severity"] == "warning" for p in mine)
    assert {p["rule"] for p in mine} == {"todo-left"}, "the skeleton is a complete lesson whose only gaps are its placeholders"
    assert "Checked 5 cartridges" in report["summary"]
    strict = run(["mathhub", "validate", "--strict"], cwd=library)
    assert strict.returncode == 1
    assert "area-tiling-rectangles/index.md:" in strict.stdout and "warning:" not in strict.stdout


def test_a_filled_in_skeleton_passes_strict_validation(library: Path) -> None:
    """Replacing the placeholders is all a contributor has to do: the skeleton's structure is already right."""
    made = run(["mathhub", "new-cartridge", "--title", "Area: Tiling Rectangles", "--grade", "3", "--standard", "3.MD.7"], cwd=library)
    assert made.returncode == 0, made.stderr
    index = library / "content/cartridges/area-tiling-rectangles/index.md"
    text = index.read_text(encoding="utf-8").replace("term: TODO", "term: area").replace("TODO", "Written").replace("status: draft", "status: in-review")
    index.write_text(text, encoding="utf-8")
    strict = run(["mathhub", "validate", "--strict"], cwd=library)
    assert strict.returncode == 0, strict.stdout


def test_new_cartridge_refuses_to_overwrite(library: Path) -> None:
    target = library / "content/cartridges/fixture-sharing/index.md"
    before = target.read_bytes()
    result = run(["mathhub", "new-cartridge", "--title", "x", "--id", "fixture-sharing", "--grade", "5", "--standard", "5.NF.B.3"], cwd=library)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert target.read_bytes() == before


def test_new_cartridge_explains_an_unknown_standard(library: Path) -> None:
    result = run(["mathhub", "new-cartridge", "--title", "Fractions", "--grade", "5", "--standard", "5.NF.9"], cwd=library)
    assert result.returncode == 2
    assert "Did you mean '5.NF.B.7'?" in result.stderr
    assert not (library / "content/cartridges/fractions").exists()


def test_new_rubric_passes_the_validator_and_refuses_to_overwrite(library: Path) -> None:
    made = run(["python", str(Path(__file__).parent.parent / "scripts/new_rubric.py"), "--title", "Area Checklist", "--kind", "checklist", "--grade", "3", "--standard", "3.MD.C.7"], cwd=library)
    assert made.returncode == 0, made.stderr
    assert run(["mathhub", "validate"], cwd=library).returncode == 0
    again = run(["mathhub", "new-rubric", "--title", "Area Checklist", "--grade", "3"], cwd=library)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_a_failed_site_build_leaves_the_previous_site_intact(library: Path, fixture_site: Path) -> None:
    import shutil
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    shutil.copytree(root / "scripts", library / "scripts")
    shutil.copytree(fixture_site, library / "site")  # the site the last good build left (a good build: test_workflows.py)
    env = {"BIN": str(Path(sys.executable).parent), "PATH": "/usr/bin:/bin"}
    before = {p.relative_to(library / "site"): p.read_bytes() for p in (library / "site").rglob("*") if p.is_file()}
    index = library / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("minutes: 45", "minutes: 99"), encoding="utf-8")
    second = subprocess.run(["bash", "scripts/build_site.sh"], cwd=library, env=env, capture_output=True, text=True)
    assert second.returncode != 0
    assert "the section headings add up to 45 minutes, but 'minutes' is 99" in second.stdout
    after = {p.relative_to(library / "site"): p.read_bytes() for p in (library / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (library / ".site-build").exists()
