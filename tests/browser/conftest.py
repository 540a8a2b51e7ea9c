"""Browser fixtures: the real site served on 127.0.0.1, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PAGES = {
    "home": "",
    "find": "find/?grade=5&standard=5.NF.B.3&minutes=60",
    "standards-browser": "standards/grade-5/",
    "standards-index": "standards/",
    "standard": "standards/5.NF.B.3/",
    "grade": "grades/5/",
    "cartridge": "cartridges/sharing-brownies-fractions-as-division/",
    "handout": "cartridges/sharing-brownies-fractions-as-division/handout/",
    "handout-kindergarten": "cartridges/k-pond-stories/handout/",
    "answer-key": "cartridges/sharing-brownies-fractions-as-division/answer-key/",
    "practice-sheet": "cartridges/g3-unit-fractions-fun-run/practice/",
    "vocabulary": "grades/5/vocabulary/",
    "rules": "contribute/rules/",
    "rubric": "rubrics/fraction-reasoning-analytic/",
    "coverage": "coverage/",
    "usage": "usage/",
    "mastery": "mastery/",
    "contribute": "contribute/",
    "fields": "contribute/fields/",
}


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: run `make test` as root to install Debian's chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (a missing browser fails under CI=true)")
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(real_site: Path) -> Iterator[str]:
    yield from _serve(real_site)


@pytest.fixture(scope="session")
def frameworks_url(frameworks_site: Path) -> Iterator[str]:
    """The library with a second framework (conftest.frameworks_library), served like the real site."""
    yield from _serve(frameworks_site)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def open_tab(chromium) -> Iterator[Callable[..., Any]]:
    """``open_tab(**context_options)``: a tab kept open for a module's tests that open a page and read it, one per set of
    options (viewport, colour scheme, phone emulation).

    Measured in Chromium's own CPU per page load: 1.4 s in a new browser context (it starts new browser
    processes), 0.6 s in a new tab of an open context, 0.3 s as a navigation in an open tab. Each test starts with ``goto``, so it sees a freshly
    loaded page; a test that emulates print media sets it itself.
    """
    contexts: dict[str, Any] = {}
    tabs: dict[str, Any] = {}

    def tab(**options: Any) -> Any:  # noqa: ANN401 - a Playwright page
        key = json.dumps(options, sort_keys=True)
        if key not in tabs:
            contexts[key] = chromium.new_context(**options)
            tabs[key] = contexts[key].new_page()
            tabs[key].set_default_timeout(30_000)
        return tabs[key]

    yield tab
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def scheme_tabs(open_tab) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One open tab per colour scheme at a desktop width (axe in both schemes, the search-ranking queries)."""
    return {scheme: open_tab(viewport={"width": 1280, "height": 900}, color_scheme=scheme) for scheme in ("light", "dark")}


@pytest.fixture(scope="module")
def _desktop(chromium) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(_desktop) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A new tab for one test, in a desktop context the module's tests share: a new context per test cost ~0.8 s more
    of Chromium's CPU per test (figures: ``open_tab``). The tab's storage and the context's cookies are cleared after
    the test; the HTTP cache is shared, so a test that counts requests opens its own context."""
    tab = _desktop.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    if tab.url.startswith("http"):
        try:
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        except Exception:  # noqa: BLE001, S110 - a page that failed its test may not answer; it is closed next
            pass
    tab.close()
    _desktop.clear_cookies()


def screenshot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    """Keep a picture for reviewers under test-artifacts/ (git-ignored) when ``MATHHUB_SCREENSHOTS=1``.

    Off by default: a full-page picture of a long page costs the browser up to 2 s, a minute of a busy CI run in
    all; the pull-request workflow turns them on and keeps them as an artifact.
    """
    if os.environ.get("MATHHUB_SCREENSHOTS") != "1":
        return
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(folder / f"{name}.png"), full_page=True)
