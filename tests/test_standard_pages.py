"""Standard pages for teachers: lessons first, each once, the part it addresses, and no command for a gap."""

from __future__ import annotations

import re
from pathlib import Path


def _read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_lessons_come_first_each_once_with_the_part_they_address(real_site: Path) -> None:
    page = _read(real_site, "standards/6.RP.A.3")
    article = page[page.index('id="standard"'):]
    assert article.index('id="lessons"') < article.index('id="about"') < article.index('id="progression"')
    links = re.findall(r'class="mh-lesson__title" href="([^"]+)"', article)
    assert links and len(links) == len(set(links))  # a lesson listed under "Addresses" is not listed again
    trail = article[article.index("g6-trail-mix-ratio-tables/"):]
    assert "Addresses it through 6.RP.A.3a, 6.RP.A.3b" in trail[: trail.index("</li>")]
    assert 'class="mh-status mh-status--approved">Approved<' in trail[: trail.index("</li>")]  # colour and word
    assert "Earlier standards it needs" in article and "Later standards that need it" in article  # not "Builds on" twice


def test_a_standard_without_lessons_offers_the_closest_lessons_and_the_guide(real_site: Path) -> None:
    page = _read(real_site, "standards/6.RP.A.1")
    assert "No lesson addresses 6.RP.A.1 yet" in page
    invite = page[page.index("mh-invite"):]
    invite = invite[: invite.index("</div>")]
    assert "new_cartridge" not in page and "python " not in invite
    assert 'href="../../contribute/"' in invite
    assert "g6-trail-mix-ratio-tables/" in invite  # 6.RP.A.1 leads to 6.RP.A.3, which that lesson addresses


def test_top_level_pages_have_no_empty_left_sidebar(real_site: Path) -> None:
    for path in ("", "find/", "standards/6.RP.A.3/", "cartridges/k-counting-collections/"):
        page = (real_site / path / "index.html").read_text(encoding="utf-8")
        assert re.search(r'class="md-sidebar md-sidebar--primary"[^>]*\shidden', page), path
    coverage = _read(real_site, "coverage")  # in the Data section: its sidebar lists Coverage, Usage, Mastery
    assert not re.search(r'class="md-sidebar md-sidebar--primary"[^>]*\shidden', coverage)
