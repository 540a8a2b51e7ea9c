"""What a contributor meets on the built site: every lesson's edit link opens its own file, the schemas are
published where their `$id` says, adapted lessons credit their source, and the scaffold points editors at the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from conftest import ROOT, run

SITE_URL = "https://math-hub.github.io/math-hub/"  # mkdocs.yml's default site_url
REPO_URL = "https://github.com/math-hub/math-hub"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _jsonld(text: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))  # type: ignore[union-attr]


def test_mkdocs_defaults_are_the_documented_ones() -> None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # the default
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    assert (config["site_url"], config["repo_url"], config["edit_uri"]) == (SITE_URL, REPO_URL, "edit/main/content/")


def test_every_lesson_and_rubric_has_an_edit_link_to_its_own_source(fixture_site: Path) -> None:
    pages = {
        "cartridges/fixture-sharing": "content/cartridges/fixture-sharing/index.md",
        "cartridges/fixture-sharing/handout": "content/cartridges/fixture-sharing/index.md",  # generated from the lesson's one file
        "cartridges/fixture-sharing/answer-key": "content/cartridges/fixture-sharing/index.md",
        "cartridges/fixture-sharing/practice": "content/cartridges/fixture-sharing/index.md",
        "cartridges/fixture-quadratics": "content/cartridges/fixture-quadratics/index.md",
        "rubrics/fixture-rubric": "content/rubrics/fixture-rubric.md",
        "contribute": "content/contribute/index.md",
    }
    for page, source in pages.items():
        links = re.findall(r'<a href="([^"]+)" title="Edit this page"', _page(fixture_site, page))
        assert links == [f"{REPO_URL}/edit/main/{source}"], page
    assert 'title="Edit this page"' not in _page(fixture_site, "standards/5.NF.B.3")  # generated: there is no file to edit


def test_every_real_lesson_has_an_edit_link_to_its_own_file(real_site: Path) -> None:
    lessons = sorted(p.name for p in (ROOT / "content/cartridges").iterdir() if (p / "index.md").is_file())
    for lesson in lessons:
        links = re.findall(r'<a href="([^"]+)" title="Edit this page"', _page(real_site, f"cartridges/{lesson}"))
        assert links == [f"{REPO_URL}/edit/main/content/cartridges/{lesson}/index.md"], lesson


def test_the_repository_link_makes_no_request_to_github(fixture_site: Path) -> None:
    text = _page(fixture_site, "")
    assert f'<a href="{REPO_URL}" title="Go to repository" class="md-source">' in text
    assert 'data-md-component="source"' not in text  # material's component would ask the GitHub API for stars


def test_the_schemas_are_published_at_their_id(fixture_site: Path) -> None:
    for schema in sorted((ROOT / "schema").glob("*.schema.json")):
        document = json.loads(schema.read_text(encoding="utf-8"))
        assert document["$id"] == f"{SITE_URL}schema/{schema.name}"
        assert (fixture_site / "schema" / schema.name).read_bytes() == schema.read_bytes()


def test_an_adapted_lesson_credits_its_source_on_the_guide_the_handout_and_in_json_ld(fixture_site: Path) -> None:
    credit = (
        "“Fixture: Solving Quadratics by Completing the Square” by Math Hub contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
        "Adapted from “Completing the Square, Day 1” by Open Algebra Project, https://example.org/open-algebra/completing-the-square, "
        "licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )
    guide = _page(fixture_site, "cartridges/fixture-quadratics")
    assert '<a href="https://example.org/open-algebra/completing-the-square" rel="noopener">Completing the Square, Day 1</a>' in guide
    assert "<div><dt>By</dt><dd>Open Algebra Project</dd></div>" in guide
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener">CC-BY-4.0</a>' in guide
    assert f"(keep it when you share or adapt this lesson): {credit}</p>" in guide
    handout = _page(fixture_site, "cartridges/fixture-quadratics/handout")
    assert f'<p class="mh-attribution">{credit}</p>' in handout
    data = _jsonld(guide)
    assert data["creditText"] == credit
    assert data["isBasedOn"] == {
        "@type": "CreativeWork", "name": "Completing the Square, Day 1", "url": "https://example.org/open-algebra/completing-the-square",
        "author": {"@type": "Organization", "name": "Open Algebra Project"}, "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def test_a_math_hub_adaptation_credits_its_parent(fixture_site: Path) -> None:
    child = _page(fixture_site, "cartridges/fixture-sharing-small-group")
    assert "Adapted from the Math Hub lesson “Fixture: Sharing Sandwiches” by Math Hub contributors" in _jsonld(child)["creditText"]
    assert '<p class="mh-attribution">“Fixture: Sharing Sandwiches” by Math Hub contributors, licensed under CC BY 4.0' in _page(fixture_site, "cartridges/fixture-sharing/handout")


def test_the_scaffolds_point_editors_at_the_schemas(library: Path) -> None:
    made = run(["mathhub", "new-cartridge", "--title", "Sharing Brownies", "--grade", "5", "--standard", "5.NF.B.3"], cwd=library)
    assert made.returncode == 0, made.stderr
    assert made.stdout == "Created content/cartridges/sharing-brownies/index.md. Replace every TODO (a draft may keep them: they are warnings), then check the lesson: mathhub validate content/cartridges/sharing-brownies\n"
    lines = (library / "content/cartridges/sharing-brownies/index.md").read_text(encoding="utf-8").split("\n")
    assert lines[:2] == ["---", f"# yaml-language-server: $schema={SITE_URL}schema/cartridge.schema.json"]
    rubric = run(["mathhub", "new-rubric", "--title", "Brownie Rubric", "--grade", "5", "--standard", "5.NF.B.3"], cwd=library)
    assert rubric.returncode == 0, rubric.stderr
    assert (library / "content/rubrics/brownie-rubric.md").read_text(encoding="utf-8").split("\n")[1] == f"# yaml-language-server: $schema={SITE_URL}schema/rubric.schema.json"
    checked = run(["mathhub", "validate", "content/cartridges/sharing-brownies", "content/rubrics/brownie-rubric.md"], cwd=library)
    assert checked.returncode == 0, checked.stdout  # the comment is only a comment


def test_the_documented_editor_task_reads_the_validators_annotations(library: Path) -> None:
    """CONTRIBUTING.md's VS Code task turns `mathhub validate --format github` lines into problems; check its pattern."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]
    [settings] = [b for b in blocks if "yaml.schemas" in b]
    assert set(settings["yaml.schemas"]) == {"./schema/cartridge.schema.json", "./schema/rubric.schema.json"}
    [tasks] = [b for b in blocks if "tasks" in b]
    matcher = tasks["tasks"][0]["problemMatcher"]["pattern"]
    index = library / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace('grades: ["5"]', 'grades: ["4"]').replace("addresses: [5.NF.B.3]", "addresses: [5.NF.B.3, 5.NF.9]"), encoding="utf-8")
    output = run(["mathhub", *tasks["tasks"][0]["args"][:-1], str(index)], cwd=library).stdout
    found = [re.match(matcher["regexp"], line) for line in output.splitlines() if line.startswith("::")]
    assert [(m[matcher["severity"]], m[matcher["file"]], m[matcher["line"]], m[matcher["column"]]) for m in found if m] == [
        ("warning", "content/cartridges/fixture-sharing/index.md", "11", "15"),
        ("error", "content/cartridges/fixture-sharing/index.md", "11", "25"),
    ]
    assert all(found) and "unknown standard code" in found[1][matcher["message"]]  # type: ignore[index]


def test_json_ld_names_a_lesson_with_mathematics_in_plain_text(fixture_site: Path) -> None:
    """Search engines and LMS importers read JSON-LD as text: no raw TeX in the name or the credit line."""
    data = _jsonld(_page(fixture_site, "cartridges/fixture-ratios"))
    assert "$" not in data["name"] and "\\" not in data["name"]
    assert data["creditText"].startswith(f"“{data['name']}” by ")
