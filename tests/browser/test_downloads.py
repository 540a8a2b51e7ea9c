"""A teacher downloads a lesson from its page, unpacks it and opens the handout with no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

LESSON = "g3-area-tiling-patio"


def test_download_a_lesson_and_open_its_handout_offline(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}cartridges/{LESSON}/")
    link = page.get_by_role("link", name="Download lesson")
    assert link.count() == 1
    assert link.inner_text().startswith("Download lesson (ZIP, ") and link.inner_text().endswith(" KB)")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == f"{LESSON}.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    size = saved.stat().st_size
    assert link.inner_text() == f"Download lesson (ZIP, {size / 1024:.0f} KB)"

    archive = zipfile.ZipFile(saved)
    names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    assert {f"{LESSON}/guide.html", f"{LESSON}/handout.html", f"{LESSON}/answer-key.html", f"{LESSON}/LICENSE.txt"} <= set(names)
    archive.extractall(tmp_path / "unpacked")

    # Offline: any request that is not a file of the unpacked folder fails the test.
    outside: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else (outside.append(route.request.url), route.abort()))
    page.goto((tmp_path / "unpacked" / LESSON / "handout.html").as_uri())
    assert page.locator("h1").inner_text() == "Tiling the Patio: Area and Multiplication"
    assert page.title() == "Student handout: Tiling the Patio: Area and Multiplication"
    images = page.locator("main img")
    assert images.count() >= 1
    page.wait_for_function("[...document.querySelectorAll('main img')].every(i => i.complete)")
    assert page.evaluate("[...document.querySelectorAll('main img')].every(i => i.naturalWidth > 0)")
    assert page.evaluate("document.scripts.length") == 0
    page.goto((tmp_path / "unpacked" / LESSON / "guide.html").as_uri())
    page.get_by_role("link", name="student handout").click()
    assert page.url.endswith(f"/{LESSON}/handout.html")
    assert outside == []


@pytest.fixture(scope="module")
def unpacked(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lesson's zip, unpacked as a teacher's computer would."""
    folder = tmp_path_factory.mktemp("unpacked")
    zipfile.ZipFile(real_site / "downloads" / f"{LESSON}.zip").extractall(folder)
    return folder / LESSON


PACKAGED_PAGES = ["guide", "handout", "practice", "answer-key", "rubric-g2-g3-problem-solving-holistic"]


@pytest.mark.parametrize("name", PACKAGED_PAGES)
def test_packaged_pages_have_no_axe_violations(open_tab, unpacked: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    from .test_accessibility import _axe, _describe

    tab = open_tab(viewport={"width": 375, "height": 800})
    tab.goto((unpacked / f"{name}.html").as_uri())
    violations = _axe(tab)
    assert violations == [], _describe(violations)
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 375 px"


def test_packaged_pages_are_valid_html(unpacked: Path) -> None:
    from .test_accessibility import VNU

    java = shutil.which("java")
    if java is None or not VNU.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("the Nu HTML Checker needs java and tests/tools/node_modules (make test installs both)")
        pytest.skip("the Nu HTML Checker needs java and tests/tools/node_modules (make test installs both)")
    files = [str(unpacked / f"{name}.html") for name in PACKAGED_PAGES]
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [f"{Path(m.get('url', '')).name}: line {m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:40])
