"""Chromium over every page the attack library produced: no dialog, no script from content, no request to another
origin, no navigation to a ``javascript:`` URL (issue 10). The library is tests/attack_library.py."""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import _Quiet

pytestmark = pytest.mark.browser

# Anything a payload could do that a page must never do; the init script reports it before any page script runs.
TRAPS = """
(() => {
  const report = (what) => { try { window.__mathhubAttack = (window.__mathhubAttack || []).concat([what]); } catch (e) {} };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) { report(name + ":" + args.join(",")); return original.apply(this, args); };
  }
  document.addEventListener("securitypolicyviolation", (event) => report("csp:" + event.blockedURI), true);
})();
"""


# Hover everything in the content, then return what the traps saw and every javascript:/vbscript: URL in the DOM.
PROBE = """(hover) => {
  if (hover) document.querySelectorAll('article *').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})));
  const urls = Array.from(document.querySelectorAll('[href],[src],[action],[formaction]'))
    .map(e => e.href || e.src || e.action || '').filter(u => /^\\s*(javascript|vbscript):/i.test(u));
  return (window.__mathhubAttack || []).concat(urls);
}"""


@pytest.fixture(scope="module")
def attack_url(attack_site: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> Iterator[str]:
    repo, site, result = attack_site
    assert result.returncode == 0, result.stderr[-2000:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_no_page_of_the_attack_site_runs_script_or_leaves_the_origin(chromium, attack_url: str, attack_site) -> None:  # type: ignore[no-untyped-def]
    site = attack_site[1]
    every = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")) + ["404.html"]
    assert len(every) > 500
    # Every page that shows contributed text (a lesson's, a rubric's, a hand-written page, or an attack lesson's or
    # rubric's title and summary on an index page), and the first page of every other kind: the other ~450 standard
    # and browse pages are the same template with the same benign data, and the audit has read each of them.
    kinds: set[str] = set()
    pages = []
    for page in every:
        kind = page.split("/", 1)[0] if "/" in page else page
        shows = page.startswith(("cartridges/", "rubrics/", "contribute/", "index.html", "404.html")) or "attack-" in (site / page).read_text(encoding="utf-8")
        if shows or kind not in kinds:
            pages.append(page)
            kinds.add(kind)
    assert len(pages) < len(every) and any(p.startswith("standards/") and p not in ("standards/index.html",) for p in pages)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAPS)
    dialogs: list[str] = []
    outside: list[str] = []
    navigations: list[str] = []

    # Listening (not routing) keeps each page fast; the machine has no network, so nothing could arrive anyway.
    context.on("request", lambda request: None if request.url.startswith((attack_url, "data:", "blob:", "about:")) else outside.append(request.url))
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    tab.on("dialog", lambda dialog: (dialogs.append(f"{tab.url}: {dialog.message}"), dialog.dismiss()))
    tab.on("framenavigated", lambda frame: navigations.append(frame.url) if frame.url.lower().startswith("javascript:") else None)
    reported: dict[str, list[str]] = {}
    try:
        for page in pages:
            url = attack_url + page.removesuffix("index.html")
            # Pages with contributed Markdown wait for every image (onerror) and get hovered (onmouseover); pages
            # built from templates alone are read once the theme's script has run (it runs before DOMContentLoaded).
            content = page.startswith(("cartridges/", "rubrics/", "contribute/", "index.html", "404.html"))
            tab.goto(url, wait_until="load" if content else "domcontentloaded")
            found = tab.evaluate(PROBE, content)
            if found:
                reported[page] = found
    finally:
        context.close()
    assert dialogs == []
    assert reported == {}
    assert outside == []
    assert navigations == []


def test_search_results_for_payload_words_run_nothing(chromium, attack_url: str) -> None:  # type: ignore[no-untyped-def]
    """Search results come from contributed text: search for the words around the payloads (shown as text)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAPS)
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith((attack_url, "data:", "blob:")) else outside.append(request.url))
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(attack_url + "cartridges/attack-metadata/", wait_until="load")
        for query in ("fixture", "sandwiches", "fractions"):  # the pages with the payloads (bodies are not indexed)
            tab.locator("#mh-search-q").fill(query)
            tab.locator(".mh-search__hit").first.wait_for()
        found = tab.evaluate("window.__mathhubAttack || []")
    finally:
        context.close()
    assert dialogs == [] and found == [] and outside == []


def test_the_traps_see_what_a_payload_would_do(chromium, attack_url: str) -> None:  # type: ignore[no-untyped-def]
    """The checks above can fail: a script that did run would be seen by each of them."""
    context = chromium.new_context()
    context.add_init_script(TRAPS)
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith((attack_url, "data:")) else outside.append(request.url))
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(attack_url + "cartridges/attack-clobbering/", wait_until="load")
        tab.evaluate("""() => {
          const a = document.createElement('a'); a.href = 'javascript:void(0)'; document.querySelector('article').append(a);
          document.querySelector('article').insertAdjacentHTML('beforeend', '<img src="https://evil.example/t.png">');
          alert('control');
        }""")
        found = tab.evaluate(PROBE, True)
        tab.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('evil.example'))")
    finally:
        context.close()
    assert dialogs == ["control"]
    assert "alert:control" in found and "javascript:void(0)" in found
    assert any("evil.example" in url for url in outside)
