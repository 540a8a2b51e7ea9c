"""A second framework in a real browser: its pages pass axe and the Nu checker, and Find filters by framework."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import screenshot
from .test_accessibility import VNU, _axe, _describe

pytestmark = pytest.mark.browser

PAGES = {
    "framework-index": "standards/esms/",
    "framework-standard": "standards/esms/MA.5.FR.2/",
    "framework-browse": "standards/esms/grade-5/",
    "default-index-with-switch": "standards/",
    "find-by-framework": "find/?framework=ESMS",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_framework_pages_have_no_axe_violations(scheme_tabs, frameworks_url: str, name: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    tab = scheme_tabs[scheme]
    tab.goto(frameworks_url + PAGES[name])
    tab.wait_for_load_state("networkidle")
    violations = _axe(tab, scheme)
    screenshot(tab, f"{name}-{scheme}")
    assert violations == [], _describe(violations)


def test_framework_pages_are_valid_html(frameworks_site: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("the Nu HTML Checker needs java and tests/tools/node_modules (make test installs both)")
    files = sorted({str(frameworks_site / path.split("?")[0] / "index.html") for path in PAGES.values()} | {str(frameworks_site / "cartridges/fixture-sharing-small-group/index.html")})
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files], capture_output=True, text=True, timeout=300)
    messages = [m for m in json.loads(result.stdout or "{}").get("messages", []) if m.get("type") == "error"]
    assert messages == [], messages[:10]


def test_nothing_scrolls_sideways_at_375_px(chromium, frameworks_url: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    try:
        for path in PAGES.values():
            tab.goto(frameworks_url + path)
            tab.wait_for_load_state("networkidle")
            assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    finally:
        context.close()


def test_find_filters_by_framework_and_finds_imported_codes_in_any_spelling(page, frameworks_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(frameworks_url + "find/")
    results = page.locator("#mh-find-results .mh-lesson__title")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('all 5 lessons')")
    page.get_by_label("Framework").select_option("CCSS-M")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('4 of 5')")
    assert "Measuring Volume with Cubes" not in results.all_inner_texts()
    page.get_by_label("Framework").select_option("ESMS")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('4 of 5')")
    assert "Fixture: Batches of Lemonade at 2 : 5" not in results.all_inner_texts()  # grade 6: no ESMS standard, no crosswalk
    sharing = page.locator("#mh-find-results li", has_text="Fixture: Sharing Sandwiches").first
    assert "ESMS:MA.5.FR.2 (through the crosswalk)" in sharing.locator(".mh-lesson__standards").inner_text()
    page.get_by_label("Standard or words").fill("esms:5.fr.2a")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('1 of 5')")
    assert results.all_inner_texts() == ["Fixture: Sharing Sandwiches in a Small Group"]
    page.get_by_label("Standard or words").fill("5.FR.2")
    page.wait_for_function("document.getElementById('mh-find-count').textContent.includes('2 of 5')")
    assert sorted(results.all_inner_texts()) == ["Fixture: Sharing Sandwiches", "Fixture: Sharing Sandwiches in a Small Group"]
    assert "framework=ESMS" in page.url
    page.goto(frameworks_url + "standards/")
    page.get_by_role("navigation", name="Standards frameworks").get_by_role("link", name="Example State Mathematics Standards (ESMS)").click()
    assert page.locator("h1").inner_text() == "Example State Mathematics Standards"
    page.get_by_role("link", name="Grade 5 standards").click()
    page.get_by_role("link", name="MA.5.FR.2", exact=True).click()
    assert page.locator("h1").inner_text() == "MA.5.FR.2"
