"""The loader's cross-checks, on small libraries, and the real repository as a whole."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run
from mathhub import load_repository


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_repository_is_valid_and_summarised() -> None:
    result = run(["mathhub", "validate"], cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert re.fullmatch(r"Checked \d+ cartridges? and \d+ rubrics; \d+ standards referenced\.", result.stdout.strip().splitlines()[-1])


def test_fixture_library_model(library: Path) -> None:
    repo = load_repository(library)
    assert repo.ok, repo.problems
    sharing = repo.cartridges["fixture-sharing"]
    assert sharing.alignment.addresses == ("5.NF.B.3",)
    assert sharing.alignment.builds_on == ("4.NF.B.3",)
    assert [a.id for a in sharing.activities] == ["warm-up", "activity-1", "lesson-synthesis", "cool-down"]
    assert sharing.minutes == 45 and sharing.minutes_with_less_time == 35
    assert sharing.student_goal == "Let's share sandwiches and find out how much each friend gets."
    assert repo.cartridges["fixture-quadratics"].alignment.builds_on == ("HSA-SSE.A.2",)
    assert repo.cartridges["fixture-sharing-small-group"].adapted_from.cartridge == "fixture-sharing"  # type: ignore[union-attr]


def test_adaptation_cycle_is_reported(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", "review:\n", "adapted_from:\n  cartridge: fixture-sharing-small-group\n  changes: Circular on purpose.\nreview:\n")
    repo = load_repository(library)
    messages = [p.message for p in repo.problems]
    assert any("goes round in a circle: fixture-sharing -> fixture-sharing-small-group -> fixture-sharing" in m for m in messages), messages


def test_approved_needs_a_review_record_and_minutes_must_add_up(library: Path) -> None:
    index = library / "content/cartridges/fixture-quadratics/index.md"
    _edit(index, "status: draft", "status: approved")
    _edit(index, "## Activity 1: Completing the square (30 minutes)", "## Activity 1: Completing the square (25 minutes)")
    repo = load_repository(library)
    found = {(p.field, p.message) for p in repo.problems if p.path.endswith("fixture-quadratics/index.md")}
    assert ("review", "the required field 'records' is missing") in found
    assert ("minutes", "the section headings add up to 45 minutes, but 'minutes' is 50") in found


def test_grade_mismatch_is_a_warning(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", 'grades: ["5"]', 'grades: ["4"]')
    repo = load_repository(library)
    assert repo.ok
    assert any(p.severity == "warning" and "grade 5 standard" in p.message for p in repo.problems)


def test_review_record_must_name_a_review_rubric(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", "rubric: fixture-review", "rubric: fixture-rubric")
    repo = load_repository(library)
    assert any("'fixture-rubric' is not a review rubric" in p.message for p in repo.problems)


def test_symlink_attachment_leaving_the_folder_is_refused(library: Path) -> None:
    folder = library / "content/cartridges/fixture-sharing"
    (folder / "sharing-cards.pdf").unlink()
    (folder / "sharing-cards.pdf").symlink_to("/etc/hostname")
    repo = load_repository(library)
    assert any("link that leads outside" in p.message for p in repo.problems)


def test_integer_grades_are_accepted(library: Path) -> None:
    _edit(library / "content/cartridges/fixture-sharing/index.md", 'grades: ["5"]', "grades: [5]")
    repo = load_repository(library)
    assert repo.ok and repo.cartridges["fixture-sharing"].grades == ("5",)


def test_any_link_out_of_a_cartridge_folder_is_an_error(library: Path) -> None:
    folder = library / "content/cartridges/fixture-sharing"
    (folder / "stray.png").symlink_to("/etc/hostname")
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![A picture of shares](stray.png)\n", encoding="utf-8")
    repo = load_repository(library)
    found = {(p.path, p.message) for p in repo.problems if p.severity == "error"}
    assert ("content/cartridges/fixture-sharing/stray.png", "'stray.png' is a link that leads outside the cartridge folder") in found
    assert ("content/cartridges/fixture-sharing/index.md", "'stray.png' is a link that leads outside the cartridge folder") in found
