"""Keyboard, screen readers, print and phones: what public-school teachers and students rely on."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ROOT
from mathhub import load_repository

from .conftest import PAGES

pytestmark = pytest.mark.browser
REPO = load_repository(ROOT)


def _tab_to(page, element_id: str, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def _press(page, key: str, times: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        page.keyboard.press(key)


def _focus_ring(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; })()")


def test_every_filter_works_from_the_keyboard_and_results_are_announced(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "find/")
    live = page.locator("#mh-find-count")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    start = live.inner_text()
    _tab_to(page, "mh-f-grade")
    ring = _focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    _press(page, "ArrowDown", 6)  # K, 1, 2, 3, 4, 5
    assert page.locator("#mh-f-grade").input_value() == "5"
    page.wait_for_function("t => document.getElementById('mh-find-count').textContent !== t", arg=start)
    for field in ("mh-f-domain", "mh-f-q", "mh-f-minutes", "mh-f-approach", "mh-f-status"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == field
        assert _focus_ring(page)["style"] != "none"
    _press(page, "Shift+Tab", 3)
    assert page.evaluate("document.activeElement.id") == "mh-f-q"
    page.keyboard.type("fractions")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('of')")
    assert "Sharing Brownies: Fractions as Division" in page.locator("#mh-find-results").inner_text()
    _press(page, "Tab", 4)
    assert page.evaluate("document.activeElement.type") == "reset"
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.startsWith('Showing all')")
    assert page.locator("#mh-f-grade").input_value() == ""


def test_search_from_the_keyboard(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "grades/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "mh-search-q"
    page.keyboard.type("brownies")
    page.locator(".mh-search__hit").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/cartridges/.*brownies.*"))


def test_mathematics_is_exposed_to_assistive_technology(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + PAGES["cartridge"])
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")  # collapsed responses are hidden until opened
    maths = page.locator("article math")
    assert maths.count() >= 5
    assert page.get_by_role("math").count() == maths.count()
    assert maths.first.get_attribute("alttext")
    assert all(m.get_attribute("alttext") for m in maths.all())


def _pdf_text(page, url: str) -> str:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    page.goto(url)
    page.wait_for_load_state("networkidle")
    data = page.pdf(format="Letter", print_background=True)
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages).split())


def _key_sentence(cartridge) -> str:  # type: ignore[no-untyped-def]
    """A sentence of the cool-down's expected response, as it reads on a page."""
    response = cartridge.lesson.activity("cool-down").tasks[0].response.text
    plain = re.sub(r"\$[^$]*\$|[*_`]", "", response)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", plain) if len(s.strip()) > 40 and "|" not in s]
    return sentences[0]


@pytest.mark.parametrize("cid", ["k-counting-collections", "sharing-brownies-fractions-as-division", "hs-patio-quadratics"])
def test_a_printed_handout_is_only_the_handout(page, base_url: str, cid: str) -> None:  # type: ignore[no-untyped-def]
    cartridge = REPO.cartridges[cid]
    text = _pdf_text(page, base_url + f"cartridges/{cid}/handout/")
    assert cartridge.title.split(":")[0] in text
    for activity in cartridge.activities:
        if activity.student_parts:
            assert activity.label in text, activity.label
    assert "Name" in text and "Date" in text and "Class" in text
    key = " ".join(_key_sentence(cartridge).split()[:8])
    assert key not in text
    for chrome in ("Find a lesson", "Table of contents", "Back to the teacher guide", "Made with", "Search", "Lessons and rubrics ©", "Print handout"):
        assert chrome not in text, chrome


def test_a_printed_teacher_guide_is_the_whole_guide_with_responses_and_statements_expanded(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    cartridge = REPO.cartridges["sharing-brownies-fractions-as-division"]
    text = _pdf_text(page, base_url + PAGES["cartridge"])
    assert "Expected responses" in text and "Responding to student thinking" in text
    assert " ".join(_key_sentence(cartridge).split()[:8]) in text  # inside a collapsed <details>: expanded for print
    assert "50-pound sack of rice" in text
    assert "Find a lesson" not in text and "Print handout" not in text


def test_print_is_black_on_white(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + PAGES["handout"])
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate("(() => { const p = document.querySelector('article p'); const s = getComputedStyle(p); const b = getComputedStyle(document.body); return [s.color, b.backgroundColor]; })()")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]


def test_filters_are_usable_on_a_phone(chromium, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    try:
        tab.goto(base_url + "find/")
        for field in ("Grade", "Domain", "Standard or words", "Time available", "Approach", "Review status"):
            box = tab.get_by_label(field).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 24, field
        tab.get_by_label("Grade").select_option("HS")
        tab.wait_for_function("document.getElementById('mh-find-count').textContent.includes('of')")
        assert "High school" in tab.locator("#mh-find-results").inner_text()
    finally:
        context.close()
