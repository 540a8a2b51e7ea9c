"""The generated pages, read back from a real build of the small fixture library."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from conftest import build_site, copy_library


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def section(text: str, heading_id: str) -> str:
    """The HTML from the heading with ``id`` up to the next heading of the same or higher level."""
    match = re.search(rf'<h([1-6]) id="{re.escape(heading_id)}"', text)
    assert match, heading_id
    level = int(match.group(1))
    end = re.compile(rf"<h[1-{level}][ >]")
    rest = text[match.end():]
    stop = end.search(rest)
    return rest[: stop.start()] if stop else rest


def test_standard_page_lists_lessons_by_role_with_statement_and_prerequisites(fixture_site: Path) -> None:
    addressed = page(fixture_site, "standards/5.NF.B.3")
    assert "fixture-sharing/" in section(addressed, "role-addresses")
    assert "Interpret a fraction as division of the numerator by the denominator" in addressed
    prerequisites = section(addressed, "prerequisites")
    assert 'href="../3.OA.A.2/"' in prerequisites
    built_on = page(fixture_site, "standards/4.NF.B.3")
    assert "fixture-sharing/" in section(built_on, "role-builds_on")
    assert "fixture-sharing/" not in section(built_on, "lessons").split('id="role-builds_on"')[0]


def test_every_catalogue_standard_has_a_page_and_empty_ones_invite(fixture_site: Path) -> None:
    from mathhub.standards import load_catalogue

    codes = list(load_catalogue().default.standards)
    assert len(codes) == 509
    missing = [code for code in codes if not (fixture_site / "standards" / code / "index.html").is_file()]
    assert missing == []
    empty = page(fixture_site, "standards/K.CC.A.1")
    assert "No lesson addresses K.CC.A.1 yet" in empty
    assert 'href="../../contribute/"' in empty


def test_rubric_page_has_a_table_and_lists_its_users(fixture_site: Path) -> None:
    text = page(fixture_site, "rubrics/fixture-rubric")
    assert "<table" in text and '<th scope="row">Models the sharing' in text
    assert "fixture-sharing/" in section(text, "mh-used-by")
    review = page(fixture_site, "rubrics/fixture-review")
    assert "fixture-sharing/" in section(review, "mh-used-by")


def test_adaptation_and_parent_link_to_each_other(fixture_site: Path) -> None:
    child = page(fixture_site, "cartridges/fixture-sharing-small-group")
    assert 'class="mh-parent" href="../fixture-sharing/"' in child
    assert "Shortened to 30 minutes for a small group." in child
    parent = page(fixture_site, "cartridges/fixture-sharing")
    assert 'href="../fixture-sharing-small-group/"' in section(parent, "mh-adaptations")


def test_cartridge_page_card_timeline_and_math(fixture_site: Path) -> None:
    text = page(fixture_site, "cartridges/fixture-sharing")
    assert 'class="mh-card"' in text
    timeline = re.findall(r'<a class="mh-timeline__name" href="#[a-z0-9-]+">(.*?)</a> <span class="mh-timeline__minutes">(\d+) min', text)
    assert timeline == [("Warm-up", "5"), ("Activity 1: Three sandwiches, four friends", "20"), ("Lesson synthesis", "10"), ("Cool-down", "10")]
    assert "<math" in text and "arithmatex" not in text
    assert "Two sandwiches are shared by three friends" in text
    assert not (fixture_site / "cartridges/fixture-sharing/handout.md").exists()
    assert (fixture_site / "cartridges/fixture-sharing/sharing-cards.pdf").is_file()


def test_json_ld_parses_and_names_the_standards(fixture_site: Path) -> None:
    text = page(fixture_site, "cartridges/fixture-sharing")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "LearningResource"
    assert [t["termCode"] for t in data["teaches"]] == ["5.NF.B.3"]
    assert data["timeRequired"] == "PT45M"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    child = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', page(fixture_site, "cartridges/fixture-sharing-small-group"), re.S)[0])
    assert child["isBasedOn"]["url"].endswith("/cartridges/fixture-sharing/")


def test_find_a_lesson_data_and_page(fixture_site: Path) -> None:
    script = (fixture_site / "assets/mathhub/lessons.js").read_text(encoding="utf-8")
    payload = json.loads(script.removeprefix("window.MATHHUB_LESSONS = ").rstrip().rstrip(";"))
    assert {lesson["id"] for lesson in payload["lessons"]} == {"fixture-sharing", "fixture-sharing-small-group", "fixture-quadratics", "fixture-ratios"}
    assert [s["value"] for s in payload["vocabulary"]["statuses"]] == ["draft", "in-review", "field-tested", "approved"]
    assert {s["value"]: s["label"] for s in payload["vocabulary"]["grades"]}["K"] == "Kindergarten"
    assert {lesson["id"]: lesson["lessTime"] for lesson in payload["lessons"]}["fixture-ratios"] == 40
    find = page(fixture_site, "find")
    for name in ("grade", "domain", "standard", "minutes", "approach", "status"):
        assert f'name="{name}"' in find
    assert 'aria-live="polite"' in find


def test_field_reference_comes_from_the_schema(fixture_site: Path) -> None:
    text = page(fixture_site, "contribute/fields")
    schema = json.loads((Path(__file__).parent.parent / "schema/cartridge.schema.json").read_text(encoding="utf-8"))
    summary = schema["properties"]["summary"]["description"]
    assert html.escape(summary, quote=False) in text
    assert "<code>standards.builds_on</code>" in text


def test_no_page_loads_anything_from_another_origin(fixture_site: Path) -> None:
    pattern = re.compile(r'<(script|link|img|iframe|source)\b[^>]*\b(src|href)="(https?:)?//', re.I)
    offenders = []
    for file in fixture_site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            tag = match.group(0)
            if match.group(1).lower() == "link" and re.search(r'rel="(canonical|license)', tag):
                continue
            offenders.append((file.relative_to(fixture_site).as_posix(), tag))
    assert offenders == []
    for css in fixture_site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css


def test_nav_stays_small(fixture_site: Path) -> None:
    text = page(fixture_site, "standards/5.NF.B.3")
    assert text.count('class="md-nav__link') < 40
    assert "Fixture: Sharing Sandwiches" not in text.split('<div class="md-content"')[0]


def test_broken_content_fails_the_build_with_the_validator_report(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"), encoding="utf-8")
    result = build_site(repo, tmp_path / "out")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code" in output
    assert "Did you mean '5.NF.B.7'?" in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "index.html").exists()


def test_bad_math_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-quadratics/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nBroken: $\\frac{1}{$ here.\n", encoding="utf-8")
    result = build_site(repo, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "content/cartridges/fixture-quadratics/index.md:" in output and "cannot be rendered" in output
    assert "Traceback" not in output


def test_the_standards_notice_is_on_standard_pages_and_in_every_footer(fixture_site: Path) -> None:
    from mathhub.standards import load_catalogue

    notice = load_catalogue().default.notice
    assert notice in page(fixture_site, "standards/5.NF.B.3").split('<footer', 1)[0]
    for path in ("", "find", "cartridges/fixture-sharing", "rubrics/fixture-rubric", "standards/K.CC.A.1"):
        footer = page(fixture_site, path).split("<footer", 1)[1]
        assert notice in footer and "Achieve the Core" in footer, path
