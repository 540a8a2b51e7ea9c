"""The Data section (Coverage, Usage, Mastery) as a coordinator sees it: charts that fit, legends that show, both palettes."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  const page = [document.documentElement.scrollWidth, document.documentElement.clientWidth];
  const charts = [...document.querySelectorAll('svg.mh-chart')].map(svg => {
    const box = svg.getBoundingClientRect();
    const figure = svg.closest('figure');
    const texts = [...svg.querySelectorAll('text')];
    const legend = texts.find(t => t.textContent === 'under 20%');
    const title = texts[0];
    const inside = t => { if (!t) return false; const r = t.getBoundingClientRect();
      return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; };
    const background = getComputedStyle(svg.querySelector('.mh-bg')).fill;
    return {id: svg.getAttribute('aria-labelledby'), left: box.left, right: box.right, width: box.width,
            figureScroll: figure.scrollWidth, figureClient: figure.clientWidth,
            legend: legend ? inside(legend) : null, legendInk: legend ? getComputedStyle(legend).fill : null,
            title: inside(title), background};
  });
  return {column: [column.left, column.right], page, charts};
}"""
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 33, 41)"}
INK = {"light": "rgb(0, 0, 0)", "dark": "rgb(255, 255, 255)"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("name", ["coverage", "mastery", "usage"])
def test_charts_fit_their_column_and_show_their_legend(open_tab, base_url: str, name: str, width: int, scheme: str) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(viewport={"width": width, "height": 900}, color_scheme=scheme, is_mobile=width < 500, has_touch=width < 500)
    tab.goto(base_url + f"{name}/")
    tab.wait_for_load_state("networkidle")
    found = tab.evaluate(MEASURE)
    screenshot(tab, f"data-{name}-{width}-{scheme}")
    page_width, viewport = found["page"]
    assert page_width <= viewport + 1, f"the page scrolls sideways: {page_width} > {viewport}"
    left, right = found["column"]
    assert found["charts"], "no chart on the page"
    for chart in found["charts"]:
        assert chart["width"] > 200, chart
        assert chart["left"] >= left - 1 and chart["right"] <= right + 1, f"{chart['id']} is clipped: {chart} in {found['column']}"
        assert chart["figureScroll"] <= chart["figureClient"] + 1, f"{chart['id']} scrolls inside its figure"
        assert chart["title"], chart
        assert chart["background"] == BACKGROUND[scheme], chart
        if name != "usage":  # heat maps carry a legend with their scale
            assert chart["legend"] is True, f"{chart['id']}: the legend is not visible"
            assert chart["legendInk"] == INK[scheme], chart


def test_the_data_section_is_in_the_nav(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.get_by_role("link", name="Data", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Standards coverage"
    nav = page.locator("nav.md-nav--primary").inner_text()
    for title in ("Coverage", "Usage", "Mastery"):
        assert title in nav
    page.locator("nav.md-nav--primary").get_by_role("link", name="Mastery", exact=True).first.click()
    assert page.locator("h1").inner_text() == "Mastery"
    assert page.locator(".mh-weak-list > li").count() >= 2
