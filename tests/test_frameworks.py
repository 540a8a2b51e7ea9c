"""Several standards frameworks side by side: validation, the library, the site and coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import copy_library
from mathhub.library import index_library
from mathhub.repository import load_repository
from mathhub.standards import CATALOGUE_DIR, load_catalogue

SECOND = {
    "framework": {"id": "TEST", "name": "Test State Standards", "notice": "Test notice.", "credits": [], "grades": ["5"]},
    "categories": [],
    "domains": [{"code": "FR", "grade": "5", "category": "", "name": "Fractions"}],
    "clusters": [{
        "code": "5.FR.A", "alt": "", "grade": "5", "category": "", "domain": "FR", "letter": "A", "heading": "Fractions as division",
        "emphasis": "", "widely_applicable_prerequisite": False, "modeling": False, "uri": "",
    }],
    "standards": [{
        "code": "5.FR.1", "alt": "", "legacy": "", "level": "standard", "parent": "", "grade": "5", "category": "", "domain": "FR",
        "cluster": "5.FR.A", "text": "Explain a fraction as the division of its numerator by its denominator.", "notes": [],
        "advanced": False, "modeling": False, "uri": "",
    }],
    "practices": [],
    "edges": [],
}


# -- the regression ------------------------------------------------------------------------------

def test_a_lesson_aligned_to_a_second_framework_renders_every_page(tmp_path: Path) -> None:
    """Regression: a `FW:code` lesson passed validation, then the build crashed with KeyError."""
    from mathhub.site.pages import SitePlan

    catalogue_dir = tmp_path / "catalogue"
    catalogue_dir.mkdir()
    shutil.copy(CATALOGUE_DIR / "ccss-m.json", catalogue_dir / "ccss-m.json")
    (catalogue_dir / "test.json").write_text(json.dumps(SECOND), encoding="utf-8")
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.B.3, TEST:5.fr.1]"), encoding="utf-8")
    repository = load_repository(repo, catalogue=load_catalogue(catalogue_dir))
    assert repository.ok, repository.problems
    assert repository.cartridges["fixture-sharing"].alignment.addresses == ("5.NF.B.3", "TEST:5.FR.1")
    plan = SitePlan(index_library(repository), repository.schemas)
    for planned in plan.pages.values():
        plan.render(planned, planned.src_uri.removesuffix("index.md").removesuffix(".md") + "/", "<p>body</p>")
    assert "TEST:5.FR.1" in plan.data_files()["assets/mathhub/lessons.js"]
    assert "standards/test/5.FR.1.md" in plan.pages
