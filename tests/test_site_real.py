"""The real site, built once from the repository's own content, read back as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT
from mathhub import load_repository

REPO = load_repository(ROOT)


def test_every_cartridge_has_a_page_and_valid_json_ld(real_site: Path) -> None:
    for cartridge in REPO.cartridges.values():
        text = (real_site / "cartridges" / cartridge.id / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert len(blocks) == 1, cartridge.id
        data = json.loads(blocks[0])
        assert data["name"] == cartridge.title
        assert [t["termCode"] for t in data["teaches"]] == list(cartridge.alignment.addresses)
        assert data["timeRequired"] == f"PT{cartridge.minutes}M"
        if cartridge.adapted_from and cartridge.adapted_from.cartridge:
            assert data["isBasedOn"]["url"].endswith(f"/cartridges/{cartridge.adapted_from.cartridge}/")
    for rubric in REPO.rubrics.values():
        assert (real_site / "rubrics" / rubric.id / "index.html").is_file()


def test_all_mathematics_renders_as_mathml(real_site: Path) -> None:
    math_pages = 0
    for file in (real_site / "cartridges").rglob("index.html"):
        text = file.read_text(encoding="utf-8")
        assert "arithmatex" not in text and "mh-math-error" not in text, file
        article = text.split("<article", 1)[1].split("</article>", 1)[0]
        visible = re.sub(r"<[^>]+>", "", re.sub(r"<script\b.*?</script>", "", article, flags=re.S))
        assert not re.search(r"\$[^$]*(\\[a-zA-Z]+|\^\{)[^$]*\$", visible), f"TeX left unrendered in {file}"
        math_pages += "<math " in text
    assert math_pages >= 30


def test_every_image_in_the_site_content_has_alt_text(real_site: Path) -> None:
    for file in (real_site / "cartridges").rglob("index.html"):
        content = file.read_text(encoding="utf-8").split('class="md-content"', 1)[1]
        for tag in re.findall(r"<img\b[^>]*>", content):
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), (file, tag)
            src = re.search(r'src="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
            assert (file.parent / src).resolve().is_file(), (file, src)


def test_every_internal_link_resolves(real_site: Path) -> None:
    """Every relative href/src in every page points at a file (a folder link at its index.html): the one link check
    (linkchecker walked the same links again, slower; it is no longer needed)."""
    broken = []
    # Absolute links (only the 404 page has them) start with site_url's path, where the site is published.
    mount = re.search(r'<link rel="canonical" href="https?://[^/"]+(/[^"]*)"', (real_site / "index.html").read_text(encoding="utf-8"))
    prefix = mount.group(1) if mount else "/"
    for file in real_site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"#?]+)', text):
            if re.match(r"^[a-z]+:|^//", link):
                continue
            target = (real_site / link.removeprefix(prefix)) if link.startswith("/") else (file.parent / link).resolve()
            if link.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((file.relative_to(real_site).as_posix(), link))
    assert broken == []


def test_the_output_audit_reports_nothing_on_the_real_site(real_site: Path) -> None:
    """The same audit ends every build (the plugin's on_post_build); run again here, it finds nothing."""
    from mathhub.audit import audit_site

    report = audit_site(real_site)
    assert report.pages > 600 and report.svgs > 20
    assert report.problems == []


def test_no_paragraph_holds_a_list_written_as_text(real_site: Path) -> None:
    """Sub-parts and strategies written as a list under a line of text reach teachers as lists, not '- a.' lines."""
    stray = []
    for file in sorted((real_site / "cartridges").rglob("index.html")):
        for paragraph in re.findall(r"<p>(.*?)</p>", file.read_text(encoding="utf-8"), flags=re.S):
            if re.search(r"\n[ ]*(?:[-*+]|1\.)[ ]+\S", paragraph):
                stray.append(f"{file.relative_to(real_site)}: {paragraph[:80]!r}")
    assert not stray, "\n".join(stray)
