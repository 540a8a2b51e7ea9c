"""The starter library itself: it validates strictly, and it covers K-12.

Rules a contributor must follow (sections, answers, practice problems, alt text...) are the
validator's editorial rules (``mathhub.rules``); these tests only check this library.
"""

from __future__ import annotations

from collections import Counter

from conftest import ROOT
from mathhub import load_repository

REPO = load_repository(ROOT)
CARTRIDGES = list(REPO.cartridges.values())


def test_the_library_is_valid_even_strictly() -> None:
    """No errors and no warnings: what `mathhub validate --strict` (CI) demands. The rules themselves live in the validator."""
    assert REPO.ok, [p.format() for p in REPO.problems if p.severity == "error"]
    assert [p.format() for p in REPO.problems] == []


def test_every_starter_lesson_is_ours_to_share() -> None:
    """The starter library's own policy (contributors may credit themselves and choose another open licence)."""
    folders = sorted(p.name for p in (ROOT / "content/cartridges").iterdir() if p.is_dir())
    assert sorted(REPO.cartridges) == folders, "every cartridge folder loads into the model"
    assert [c.id for c in CARTRIDGES if c.license != "CC-BY-4.0" or c.authors != ("Math Hub contributors",)] == []


def test_coverage_of_grades_and_high_school_categories() -> None:
    framework = REPO.catalogue.default
    assert len(CARTRIDGES) >= 40
    for grade in ["K", "1", "2", "3", "4", "5", "6", "7", "8"]:
        major = [
            c for c in CARTRIDGES
            if grade in c.grades and any(
                framework.standards[code].grade == grade and framework.clusters[framework.standards[code].cluster].emphasis == "major"
                for code in c.alignment.addresses
            )
        ]
        assert len(major) >= 3, f"grade {grade} has {len(major)} cartridges addressing a major-cluster standard"
    high_school = [c for c in CARTRIDGES if "HS" in c.grades]
    assert len(high_school) >= 10
    categories = {framework.standards[code].category for c in high_school for code in c.alignment.addresses}
    assert {"N", "A", "F", "G", "S"} <= categories


def test_rubrics_lineage_and_status_mix() -> None:
    kinds = Counter(r.kind for r in REPO.rubrics.values())
    assert len(REPO.rubrics) >= 12
    assert all(kinds[k] >= 1 for k in ("analytic", "holistic", "single-point", "checklist"))
    assert kinds["review"] >= 2
    assert all(r.standards for r in REPO.rubrics.values() if r.kind != "review")
    adaptations = [c for c in CARTRIDGES if c.adapted_from and c.adapted_from.cartridge]
    assert len(adaptations) >= 4
    assert all(len(c.adapted_from.changes) >= 40 for c in adaptations)  # type: ignore[union-attr]
    statuses = Counter(c.status for c in CARTRIDGES)
    assert statuses["approved"] > len(CARTRIDGES) / 2
    assert statuses["field-tested"] >= 2 and statuses["in-review"] + statuses["draft"] >= 2
    for c in CARTRIDGES:
        if c.status == "approved":
            assert any(r.outcome == "approved" and REPO.rubrics[r.rubric].kind == "review" for r in c.reviews), c.id
