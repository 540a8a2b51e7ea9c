"""What a teacher does, in a real browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def test_reach_a_grade_5_fractions_lesson_through_the_standards_browser(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.get_by_role("link", name="Standards", exact=True).first.click()
    page.get_by_role("link", name="Grade 5 standards").click()
    page.get_by_role("link", name="5.NF.B.3", exact=True).click()
    assert page.locator("h1").inner_text() == "5.NF.B.3"
    page.locator("#role-addresses + ul").get_by_role("link", name="Sharing Brownies: Fractions as Division").click()
    assert page.locator("h1").inner_text() == "Sharing Brownies: Fractions as Division"
    assert "/cartridges/sharing-brownies-fractions-as-division/" in page.url


def test_find_a_lesson_with_combined_filters_and_a_shareable_url(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "find/")
    count = page.locator("#mh-find-count")
    total = int(re.search(r"all (\d+) lessons", count.inner_text()).group(1))  # type: ignore[union-attr]
    page.get_by_label("Grade").select_option("5")
    page.get_by_label("Standard or words").fill("5.NF.3")
    page.get_by_label("Time available").select_option("60")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('of')")
    titles = page.locator("#mh-find-results .mh-lesson__title").all_inner_texts()
    assert "Sharing Brownies: Fractions as Division" in titles
    assert 0 < len(titles) < total
    params = parse_qs(urlparse(page.url).query)
    assert params == {"grade": ["5"], "standard": ["5.NF.3"], "minutes": ["60"]}
    shared = page.url
    page.goto(base_url)
    page.goto(shared)
    page.wait_for_function("!/Loading|Searching/.test(document.getElementById('mh-find-count').textContent)")
    assert page.get_by_label("Grade").input_value() == "5"
    assert page.locator("#mh-find-results .mh-lesson__title").all_inner_texts() == titles
    page.get_by_label("Time available").select_option("30")
    page.wait_for_function("!document.getElementById('mh-find-results').textContent.includes('Sharing Brownies: Fractions as Division')")
    assert all(m <= 30 for m in map(int, re.findall(r"· (\d+) min", page.locator("#mh-find-results").inner_text())))


def test_search_finds_a_cartridge_by_a_word_of_its_title(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.locator("#mh-search-q").fill("brownies")
    page.locator(".mh-search__hit").first.wait_for()
    assert "Sharing Brownies" in page.locator(".mh-search__hit").first.inner_text()


def test_from_a_cartridge_open_its_handout_answer_key_practice_and_rubric(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "cartridges/sharing-brownies-fractions-as-division/")
    page.locator(".mh-actions__more").get_by_role("link", name="student handout").click()
    assert page.url.endswith("/handout/")
    assert "Activity 2: Sharing table" in page.locator("article").inner_text()
    page.get_by_role("link", name="Back to the teacher guide").click()
    page.locator(".mh-actions__more").get_by_role("link", name="answer key").click()
    assert page.url.endswith("/answer-key/") and page.locator("h1").inner_text().startswith("Answer key:")
    page.go_back()
    page.locator(".mh-actions").get_by_role("link", name="Practice problems").click()
    assert page.url.endswith("/practice/") and page.locator("#problem-3").is_visible()
    page.go_back()
    page.get_by_role("link", name="Rubric: Reasoning with Fractions (Grades 3–5)").click()
    assert page.locator("h1").inner_text() == "Reasoning with Fractions (Grades 3–5)"
    assert page.locator("table.mh-rubric").count() == 1


def test_from_a_standard_reach_a_prerequisite(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "standards/5.NF.B.3/")
    first = page.locator("a.mh-prerequisite").first
    code = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == code
    assert "5.NF.B.3" in page.locator("#leads-to + ul").inner_text()


def test_adaptation_links_both_ways(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "cartridges/sharing-brownies-fractions-as-division/")
    page.locator("#mh-adaptations + ul a").first.click()
    assert page.locator("a.mh-parent").inner_text() == "Sharing Brownies: Fractions as Division"
