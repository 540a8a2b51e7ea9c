"""WCAG 2.1 AA in a real browser (axe-core) and valid HTML (Nu checker); internal links: test_site_real.test_every_internal_link_resolves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import PAGES, screenshot

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU = Path(__file__).resolve().parent.parent / "tools/node_modules/vnu-jar/build/dist/vnu.jar"


def _axe(tab) -> list[dict]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return list(results.response["violations"])


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(chromium, base_url: str, name: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(base_url + PAGES[name])
        tab.wait_for_load_state("networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert tab.locator("body").get_attribute("data-md-color-scheme") == expected
        violations = _axe(tab)
        screenshot(tab, f"{name}-{scheme}")
        assert violations == [], _describe(violations)
    finally:
        context.close()


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
