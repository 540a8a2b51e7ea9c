"""WCAG 2.1 AA in a real browser (axe-core), valid HTML (Nu checker), no sideways scroll on a 375 px phone; internal links:
test_site_real.test_every_internal_link_resolves.

axe-core is the newest release from npm, pinned in tests/tools/package.json (``make test`` installs it), and its
``axe.min.js`` is injected into each page: a Python wrapper would bundle an older axe that misses rules. Every page
gets every WCAG 2.1 A/AA rule in the light scheme and the colour rules (contrast, links told apart from text) again
in the dark one: the document is otherwise the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import PAGES, screenshot

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TOOLS = Path(__file__).resolve().parent.parent / "tools"
VNU = TOOLS / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = TOOLS / "node_modules/axe-core/axe.min.js"


# What a colour scheme changes: the dark scheme is checked for these; every other rule sees the same document in both.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def _axe(tab, scheme: str = "light") -> list[dict]:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        message = f"{AXE} is missing: run `make test` (npm ci in tests/tools) to install axe-core"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    if not tab.evaluate("typeof window.axe === 'object'"):
        tab.add_script_tag(path=str(AXE))
    only = {"type": "rule", "values": COLOUR_RULES} if scheme == "dark" else {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": only, "resultTypes": ["violations"]}
    return list(tab.evaluate("options => window.axe.run(document, options).then(r => r.violations)", options))


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(scheme_tabs, base_url: str, name: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    tab = scheme_tabs[scheme]
    tab.goto(base_url + PAGES[name])
    tab.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert tab.locator("body").get_attribute("data-md-color-scheme") == expected
    violations = _axe(tab, scheme)
    screenshot(tab, f"{name}-{scheme}")
    assert violations == [], _describe(violations)


def test_nu_html_checker_finds_no_errors(real_site: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        message = "the Nu HTML Checker needs java and tests/tools/node_modules (make test installs both)"
        if __import__("os").environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    files = sorted({str(real_site / (path.split("?")[0] or "") / "index.html") for path in PAGES.values()})
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [f"{Path(m.get('url', '')).parent.name}: line {m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:40])
    assert result.returncode == 0


# Every page type, plus the lessons whose wide tables and long equations once pushed a phone's page sideways.
PHONE_PAGES = {
    **PAGES,
    "lesson-with-a-wide-table": "cartridges/hs-linear-or-exponential-growth/",
    "answer-key-with-a-table": "cartridges/g8-squares-on-sides-pythagorean/answer-key/",
    "answer-key-with-long-equations": "cartridges/g7-mountain-weather-rational-numbers/answer-key/",
}


def test_no_page_scrolls_sideways_on_a_phone(chromium, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """At 375 px on an emulated phone every page fits its width; every page that does not is named with what sticks out."""
    context = chromium.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    wide: dict[str, list[object]] = {}
    try:
        for name, path in PHONE_PAGES.items():
            tab.goto(base_url + path, wait_until="load")
            found = tab.evaluate("""() => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width + 1) { return null; }
              const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1);
              return [document.documentElement.scrollWidth, out.slice(0, 3).map(e => e.tagName + '.' + e.className)];
            }""")
            if found:
                wide[name] = found
            screenshot(tab, f"{name}-mobile")
    finally:
        context.close()
    assert wide == {}
