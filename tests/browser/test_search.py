"""The site's one search, as a teacher types it: the header box and "Find a lesson" give the same lessons."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# A teacher's query -> the standard (or a part of it) that a lesson among the first three results must address.
QUERIES = {
    "6.RP.3": "6.RP.A.3",
    "6.RP.A.3": "6.RP.A.3",
    "6rp3": "6.RP.A.3",
    "CCSS.MATH.CONTENT.6.RP.A.3": "6.RP.A.3",
    "fractions as division": "5.NF.B.3",
    "dividing fractions": "6.NS.A.1",
    "ratio": "6.RP.A.3",
    "area of a rectangle": "3.MD.C.7",
    "K.CC.4": "K.CC.B.4",
    "make a ten": "1.OA.C.6",
}
RATIO = re.compile(r"\bratios?\b", re.I)


@pytest.fixture(scope="module")
def lessons(real_site: Path) -> dict[str, dict[str, Any]]:
    """The lessons as Find's data file has them (lessons.js), by page path: codes and text to check results with."""
    script = (real_site / "assets/mathhub/lessons.js").read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("window.MATHHUB_LESSONS = ").rstrip().rstrip(";"))
    for lesson in data["lessons"]:
        lesson["text"] = " ".join([lesson["title"], lesson["summary"], *(data["standards"][c]["text"] for c in lesson["standards"])])
    return {lesson["url"]: lesson for lesson in data["lessons"]}


def _lesson_paths(hrefs: list[str], base_url: str) -> list[str]:
    root = urlparse(base_url).path
    paths = [urlparse(href).path.removeprefix(root) for href in hrefs]
    return [path for path in paths if path.startswith("cartridges/")]


def _addresses(lesson: dict[str, Any], want: str) -> bool:
    return any(code == want or (code.startswith(want) and code[len(want)].isalpha()) for code in lesson["standards"])


def header_results(page, base_url: str, query: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(lesson paths, every hit's path) from the header box's drop-down."""
    page.locator("#mh-search-q").fill(query)
    page.wait_for_function("() => { const c = document.querySelector('.mh-search__count'); return c && c.textContent && c.textContent !== 'Searching…'; }")
    hrefs = page.locator(".mh-search__hit").evaluate_all("links => links.map(a => a.href)")
    return _lesson_paths(hrefs, base_url), [urlparse(h).path for h in hrefs]


def find_results(page, base_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(base_url + "find/?" + "standard=" + query.replace(" ", "+"))
    page.wait_for_function("() => { const t = document.getElementById('mh-find-count').textContent; return !/Loading|Searching/.test(t); }")
    return _lesson_paths(page.locator("#mh-find-results .mh-lesson__title").evaluate_all("links => links.map(a => a.href)"), base_url)


@pytest.mark.parametrize("query", list(QUERIES))
def test_a_lesson_for_the_intended_standard_is_in_the_first_three(scheme_tabs, base_url: str, lessons, query: str) -> None:  # type: ignore[no-untyped-def]
    want, page = QUERIES[query], scheme_tabs["light"]  # one open tab for every query: each starts on a freshly loaded page
    page.goto(base_url + "grades/")
    header, hits = header_results(page, base_url, query)
    assert any(_addresses(lessons[path], want) for path in header[:3]), (query, header[:3])
    kinds = ["lesson" if "/cartridges/" in hit else "other" for hit in hits]
    assert kinds == sorted(kinds), hits  # lessons above standard pages
    found = find_results(page, base_url, query)
    assert any(_addresses(lessons[path], want) for path in found[:3]), (query, found[:3])
    assert found[:3] == header[:3]  # one search: the same lessons in the same order


def test_ratio_finds_only_lessons_about_ratios(page, base_url: str, lessons) -> None:  # type: ignore[no-untyped-def]
    found = find_results(page, base_url, "ratio")
    assert found, "no lesson for 'ratio'"
    assert [path for path in found if not RATIO.search(lessons[path]["text"])] == []
    assert not any("rational" in path for path in found)  # a whole word, not a prefix of 'rational'


def test_enter_on_a_code_opens_its_lessons(page, base_url: str, lessons) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.locator("#mh-search-q").fill("6rp3")
    page.locator("#mh-search-q").press("Enter")
    page.wait_for_url(re.compile(r".*/find/\?standard=6rp3$"))
    page.wait_for_function("() => !/Loading|Searching/.test(document.getElementById('mh-find-count').textContent)")
    found = _lesson_paths(page.locator("#mh-find-results .mh-lesson__title").evaluate_all("links => links.map(a => a.href)"), base_url)
    assert found and all(_addresses(lessons[path], "6.RP.A.3") for path in found)


def test_no_search_data_is_fetched_until_the_box_is_used(chromium, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context()  # its own: a shared context's cache could answer without a request
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    try:
        page.goto(base_url + "cartridges/sharing-brownies-fractions-as-division/")
        page.wait_for_load_state("networkidle")
        assert not [url for url in fetched if "/pagefind/" in url or "search_index" in url]
        header_results(page, base_url, "brownies")
        assert [url for url in fetched if "/pagefind/" in url]
    finally:
        context.close()
