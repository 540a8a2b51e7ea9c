"""A site built from every injection payload in the corpus carries no script, handler or javascript: URL from content."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build_site, copy_library
from pagefind_index import search_pages

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TEXT_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '"}</script><script>alert(1)</script>',
    "<svg/onload=alert('XSS')>",
    "javascript:alert(1)",
    "'';!--\"<XSS>=&{()}",
    "<iframe src=javascript:alert(1)>",
]
THEME_INLINE_SCRIPTS = ("__md_scope=new URL", "var palette=__md_get(", "var target=document.getElementById(location.hash")
ALLOWED_SCRIPT_SOURCES = re.compile(r"(^|/)assets/(javascripts/bundle\.[0-9a-f]+\.min\.js|mathhub/(mathhub|find|lessons|search)\.js)$")


def _body_payloads() -> list[str]:
    """The Markdown payloads of the corpus (the lines each xss-/img- case appends to the guide)."""
    base = (Path(__file__).parent / "fixtures/library/content/cartridges/fixture-sharing/index.md").read_text(encoding="utf-8")
    payloads = []
    for case in sorted((CORPUS / "cartridges").glob("xss-*")) + sorted((CORPUS / "cartridges").glob("img-remote")):
        text = (case / "index.md").read_text(encoding="utf-8")
        payload = text[len(base.replace("id: fixture-sharing", f"id: {case.name}")):].strip()
        payloads.append(re.sub(r"^## ", "#### ", payload, flags=re.M))  # inside a task a heading is a level-4 one
    return payloads


def _front_matter_payload_cartridge(repo: Path) -> None:
    folder = repo / "content/cartridges/payload-front-matter"
    source = (repo / "content/cartridges/fixture-sharing/index.md").read_text(encoding="utf-8")
    quoted = [json.dumps(p) for p in TEXT_PAYLOADS]
    text = source.replace("id: fixture-sharing", "id: payload-front-matter")
    text = text.replace('title: "Fixture: Sharing Sandwiches"', f"title: {quoted[0]}")
    text = text.replace("summary: A small fixture lesson in which students share sandwiches and see that a ÷ b = a/b.", f"summary: {quoted[1]}")
    text = text.replace("materials: [paper rectangles]", f"materials: [{quoted[2]}, {quoted[4]}]")
    text = text.replace("preparation: Cut paper rectangles.", f"preparation: {quoted[5]}")
    text = text.replace("goals: [Understand a fraction as division of the numerator by the denominator.]", f"goals: [{quoted[3]}]")
    text = text.replace("targets: [I can share things equally and name each share as a fraction.]", f"targets: [\"I can {TEXT_PAYLOADS[0]}\"]")
    text = text.replace("title: Sharing cards", f"title: {quoted[1]}")
    text = text.replace("title: Sharing sandwiches, a teacher's walkthrough", f"title: {quoted[0]}")
    text = text.replace("    - reviewer: Math Hub review team", f"    - reviewer: {quoted[2]}")
    text += "\n\nTemplates stay text: {{ config.site_name }} and {% include 'base.html' %}.\n"
    task = "Two sandwiches are shared by three friends. How much does each friend get?\n"
    text = text.replace(task, task + "\n" + "\n\n".join(_body_payloads()) + "\n")  # student text: printed on the handout too
    text = text.replace("  status: approved", "  status: draft")  # a draft: the payloads' one-letter alt texts are warnings, not errors
    folder.mkdir()
    (folder / "index.md").write_text(text, encoding="utf-8")
    shutil.copy(repo / "content/cartridges/fixture-sharing/sharing-cards.pdf", folder)
    (folder / "x").write_bytes(b"")  # the payloads' <img src=x>: present, so only the payload itself is at stake


class _Audit(HTMLParser):
    """Every script, event handler and dangerous URL in a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "background"):
                scheme = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if scheme.startswith(("javascript:", "vbscript:")) or (scheme.startswith("data:") and not scheme.startswith("data:image/")):
                    self.findings.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "base", "meta") and tag != "meta" or (tag == "meta" and "http-equiv" in attributes):
            self.findings.append(f"<{tag}>")
        if tag == "script":
            self._script = attributes
            source = attributes.get("src", "")
            if source and not ALLOWED_SCRIPT_SOURCES.search(source):
                self.findings.append(f"<script src={source}>")

    def handle_data(self, data: str) -> None:
        if self._script is None or "src" in self._script:
            return
        kind = self._script.get("type", "")
        if kind == "application/ld+json":
            json.loads(data)
        elif kind == "application/json" and self._script.get("id") == "__config":
            json.loads(data)
        elif not data.strip().startswith(THEME_INLINE_SCRIPTS):
            self.findings.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def _audit(text: str) -> list[str]:
    audit = _Audit()
    audit.feed(text)
    audit.close()
    return audit.findings


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_library(tmp_path_factory.mktemp("payloads") / "repo")
    _front_matter_payload_cartridge(repo)
    for case in ("svg-script", "svg-external-image", "svg-onload", "svg-entity"):
        shutil.copytree(CORPUS / "cartridges" / case, repo / "content/cartridges" / case)
        shutil.copy(repo / "content/cartridges/fixture-sharing/sharing-cards.pdf", repo / "content/cartridges" / case)
    (repo / "content/cartridges/fixture-sharing/leak.png").symlink_to("/etc/hostname")  # a link out of the repository
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8").replace("  - mathhub:\n", "  - mathhub:\n      disallowed_html: warn\n")
    assert "disallowed_html: warn" in config
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = build_site(repo, repo / "site")  # strict, as make site builds: 'warn' reports and builds anyway
    assert built.returncode == 0, built.stderr
    assert "removed from the site" in built.stderr and "Traceback" not in built.stderr
    return repo / "site"


def test_no_payload_survives_in_any_page(payload_site: Path) -> None:
    pages = sorted(payload_site.rglob("*.html"))
    assert len(pages) > 500
    findings = {page.relative_to(payload_site).as_posix(): found for page in pages if (found := _audit(page.read_text(encoding="utf-8")))}
    assert findings == {}


def test_payload_titles_show_as_text_everywhere(payload_site: Path) -> None:
    title = TEXT_PAYLOADS[0]
    escaped = html.escape(title, quote=False)
    cartridge = (payload_site / "cartridges/payload-front-matter/index.html").read_text(encoding="utf-8")
    assert f"<h1 id=\"payload-front-matter\">{escaped}</h1>" in cartridge
    assert f"<title>{html.escape(title)} - " in cartridge
    standard = (payload_site / "standards/5.NF.B.3/index.html").read_text(encoding="utf-8")
    assert escaped in standard and title not in standard
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', cartridge, re.S).group(1))  # type: ignore[union-attr]
    assert ld["name"] == title and ld["description"] == TEXT_PAYLOADS[1]
    assert "{{ config.site_name }}" in cartridge and "{% include 'base.html' %}" in cartridge


def test_search_index_and_lesson_data_hold_no_markup_from_content(payload_site: Path) -> None:
    records = search_pages(payload_site)
    assert any(record["meta"]["title"] == TEXT_PAYLOADS[0] for record in records.values())  # plain text, shown with textContent
    engine = (Path(__file__).parent.parent / "plugins/mathhub/site/assets/search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in engine and "insertAdjacentHTML" not in engine  # results are shown with textContent
    script = (payload_site / "assets/mathhub/lessons.js").read_text(encoding="utf-8")
    assert "</script" not in script.lower() and "<img" not in script
    data = json.loads(script.removeprefix("window.MATHHUB_LESSONS = ").rstrip().rstrip(";"))
    assert any(lesson["title"] == TEXT_PAYLOADS[0] for lesson in data["lessons"])


def test_unsafe_svg_files_are_not_published(payload_site: Path) -> None:
    for case in ("svg-script", "svg-external-image", "svg-onload", "svg-entity"):
        assert not (payload_site / "cartridges" / case / "diagram.svg").exists(), case
    for svg in payload_site.rglob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and not re.search(r"\son[a-z]+=", text), svg


@pytest.mark.parametrize("payload", TEXT_PAYLOADS[:3] + ["<a href='jav&#x09;ascript:alert(1)'>x</a>", "<script>alert(1)</script>", '<a href="data:text/html,x">x</a>'])
def test_the_audit_catches_a_payload_that_was_not_escaped(payload: str) -> None:
    """The audit above would see a payload that reached a page raw (so its silence means something)."""
    if payload.startswith('"}'):
        payload = payload.split("</script>", 1)[1]
    assert _audit(f"<p>{payload}</p>") != []


def test_a_link_out_of_the_repository_is_never_published(payload_site: Path) -> None:
    assert not (payload_site / "cartridges/fixture-sharing/leak.png").exists()
    assert (payload_site / "cartridges/fixture-sharing/sharing-cards.pdf").is_file()
