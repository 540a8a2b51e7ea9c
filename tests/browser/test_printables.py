"""Handouts as Chromium prints them (Letter and A4), the print buttons, and a shortened lesson found in Find.

For one lesson each of kindergarten, grades 3, 5 and 8 and high school, the handout is printed to
a tagged PDF and read back with pypdf: task numbers run on through the lesson, every figure is on
the page of its question (the PDF's structure tree says where each figure is), no expected response
is printed, body text is at least 14 pt for K-5 (12 pt otherwise) and mathematics is at body size.
In the browser's print mode, every declared answer space is drawn and every heading is black.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import ROOT
from mathhub import load_repository
from mathhub.model import Cartridge, MarkdownSource

pytestmark = pytest.mark.browser
REPO = load_repository(ROOT)
LESSONS = {
    "K": "k-pond-stories",
    "3": "g3-unit-fractions-fun-run",
    "5": "g5-volume-packing-eraser-boxes",
    "8": "g8-squares-on-sides-pythagorean",
    "HS": "hs-garden-path-expressions",
}
EARLY = {"K", "1", "2", "3", "4", "5"}
LETTER = {"width": 816, "height": 1056}  # a sheet of US Letter at 96 px per inch: the print-mode checks' window


@dataclass
class Printed:
    """A printed PDF: each page's text, its text fragments (x, size in pt, text) and the figures (page, alt) in order."""

    pages: list[str]
    fragments: list[list[tuple[float, float, str]]]
    figures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())

    def task_numbers(self) -> list[tuple[int, int]]:
        """(page, number) of every task number label: an 'N.' fragment at the left edge of the text column."""
        labels = [(page, x, int(text.strip()[:-1])) for page, rows in enumerate(self.fragments) for x, _, text in rows if re.fullmatch(r"\s*\d+\.\s*", text)]
        left = min(x for _, x, _ in labels)
        return [(page, number) for page, x, number in labels if x - left < 3]


def _print(tab: Any, url: str, paper: str) -> Printed:  # noqa: ANN401 - a Playwright page
    from pypdf import PdfReader

    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(tab.pdf(format=paper, print_background=True, tagged=True)))
    pages, fragments = [], []
    for page in reader.pages:
        rows: list[tuple[float, float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float, rows: list[tuple[float, float, str]] = rows) -> None:  # noqa: ANN401
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                rows.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], size * scale, text))

        pages.append(page.extract_text(visitor_text=visit) or "")
        fragments.append(rows)
    numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    printed = Printed(pages, fragments)

    def walk(node: Any) -> None:  # noqa: ANN401 - pypdf objects
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            page = node.get("/Pg") or next((k.get_object().get("/Pg") for k in _kids(node) if hasattr(k.get_object(), "get")), None)
            printed.figures.append((numbers[page.idnum] if page is not None else -1, str(node.get("/Alt", ""))))
        for kid in _kids(node):
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return printed


def _kids(node: Any) -> list[Any]:  # noqa: ANN401
    kids = node.get("/K")
    if kids is None or isinstance(kids, int):
        return []
    return list(kids) if isinstance(kids, list) else [kids]


def _words(source: MarkdownSource, count: int = 6) -> str:
    text = re.sub(r"\$[^$]*\$|!\[[^\]]*\]\([^)]*\)|[*_`|#>]", " ", source.text)
    return " ".join(text.split()[:count])


def _svg_text(c: Cartridge) -> str:
    folder = ROOT / c.folder
    return " ".join(re.sub(r"<[^>]+>", " ", t) for svg in sorted(folder.glob("*.svg")) for t in re.findall(r"<text\b[^>]*>.*?</text>", svg.read_text(encoding="utf-8"), re.S))


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("grade", list(LESSONS))
def test_a_printed_handout_is_ready_for_students(open_tab, base_url: str, grade: str, paper: str) -> None:  # type: ignore[no-untyped-def]
    c, page = REPO.cartridges[LESSONS[grade]], open_tab(viewport={"width": 1280, "height": 900})
    printed = _print(page, base_url + f"cartridges/{c.id}/handout/", paper)
    tasks = c.lesson.tasks

    # Task numbers run on through the handout, 1 to the cool-down's last.
    labels = printed.task_numbers()
    assert [number for _, number in labels] == [t.number for t in tasks] == list(range(1, len(tasks) + 1))
    page_of = dict((number, page) for page, number in labels)

    # Every figure is printed on the page of its question (the tagged PDF's figures, in the order of the handout's images).
    images = page.evaluate("Array.from(document.querySelectorAll('.mh-printable img')).map(i => [i.alt, i.closest('.mh-task').id])")
    assert [alt for _, alt in printed.figures] == [alt for alt, _ in images] and images
    for (figure_page, alt), (_, task_id) in zip(printed.figures, images, strict=True):
        assert figure_page == page_of[int(task_id.removeprefix("task-"))], f"{alt!r} is on page {figure_page + 1}, its question on page {page_of[int(task_id[5:])] + 1}"

    # No expected response is printed; no teacher part is.
    text = printed.text
    for task in tasks:
        if task.response is not None and len(_words(task.response).split()) >= 5:
            assert _words(task.response) not in text, task.number
    for teacher in ("Expected responses", "Teacher only", "Launch", "Activity synthesis", "Back to the teacher guide", "Print handout", "Find a lesson"):
        assert teacher not in text
    assert "Name" in printed.pages[0] and "Class" in printed.pages[0] and "Name" in printed.pages[-1]  # the cool-down's own name line
    assert "licensed under CC BY 4.0" in " ".join(printed.pages[-1].split())  # the credit line, after the cool-down

    # Body text and mathematics at 14 pt for K-5 (12 pt otherwise); figure labels and the credit line aside.
    minimum = 13.95 if grade in EARLY else 11.95
    figures, credit = _svg_text(c), page.locator(".mh-attribution").inner_text()
    small = [
        (number + 1, round(size, 1), text) for number, rows in enumerate(printed.fragments) for _, size, text in rows
        if size < minimum and text.strip() not in figures and text.strip() not in credit
        and (grade in EARLY or len(text.strip()) >= 3 and not text.strip().isdigit())
    ]
    assert small == []


@pytest.mark.parametrize("grade", list(LESSONS))
def test_in_print_every_answer_space_is_drawn_and_every_heading_is_black(open_tab, base_url: str, grade: str) -> None:  # type: ignore[no-untyped-def]
    c = REPO.cartridges[LESSONS[grade]]
    for scheme in ("light", "dark"):
        tab = open_tab(viewport=LETTER, color_scheme=scheme)
        tab.goto(base_url + f"cartridges/{c.id}/handout/")
        tab.emulate_media(media="print", color_scheme=scheme)
        drawn = tab.evaluate("""() => Array.from(document.querySelectorAll('.mh-task')).map(task => {
            const space = task.querySelector(':scope > .mh-space');
            if (!space) { return [task.id, 'none', 0, 0]; }
            const kind = space.className.replace(/.*mh-space--/, '');
            const em = parseFloat(getComputedStyle(space).fontSize);
            const lines = Array.from(space.querySelectorAll('.mh-space__line')).filter(l => parseFloat(getComputedStyle(l).borderBottomWidth) >= 1 && l.getBoundingClientRect().height > em);
            const border = parseFloat(getComputedStyle(space).borderTopWidth);
            return [task.id, kind, lines.length || Math.round(space.getBoundingClientRect().height / em * 10) / 10, kind === 'box' || kind === 'grid' ? border : 1];
        })""")
        for (task_id, kind, size, border), task in zip(drawn, c.lesson.tasks, strict=True):
            assert task_id == f"task-{task.number}" and kind == task.space.kind, (task_id, kind)
            if kind == "lines":
                assert size == task.space.size, task_id
            elif kind in ("box", "grid"):
                assert size >= task.space.size * 1.3 and border >= 1, (task_id, size, border)
            elif kind == "number-line":
                assert size >= 2, task_id
        colours = tab.evaluate("Array.from(document.querySelectorAll('.mh-printable :is(h1, h2, h3)')).map(h => getComputedStyle(h).color)")
        assert colours and set(colours) == {"rgb(0, 0, 0)"}
        hidden = tab.evaluate("Array.from(document.querySelectorAll('.md-header, .md-sidebar, .md-footer, .mh-print-bar')).every(e => getComputedStyle(e).display === 'none')")
        assert hidden


def test_empty_table_cells_leave_room_to_write(open_tab, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A table a student fills in prints its empty cells tall and wide enough for a handwritten answer."""
    page = open_tab(viewport=LETTER, color_scheme="light")
    page.goto(base_url + "cartridges/g5-multiplying-fractions-hiking-trail/handout/")
    page.emulate_media(media="print")
    cells = page.evaluate("""() => Array.from(document.querySelectorAll('.mh-printable td:empty')).map(td => {
        const em = parseFloat(getComputedStyle(td).fontSize), box = td.getBoundingClientRect();
        return [box.height / em, box.width / em];
    })""")
    assert cells and all(height >= 2.2 and width >= 4 for height, width in cells), cells


def test_fractions_print_at_body_size(open_tab, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Inline fractions are not shrunk for young readers: numerators and denominators at the size of the text around them."""
    page = open_tab(viewport=LETTER, color_scheme="light")
    page.goto(base_url + "cartridges/g3-unit-fractions-fun-run/handout/")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.mh-printable mfrac')).map(f => {
        const body = parseFloat(getComputedStyle(f.closest('p, li, td, th, div')).fontSize);
        return Array.from(f.children).map(part => parseFloat(getComputedStyle(part).fontSize) / body);
    })""")
    assert sizes and all(abs(ratio - 1) < 0.01 for parts in sizes for ratio in parts), sizes


def test_print_buttons_print_and_are_not_printed(chromium, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context()
    context.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    tab = context.new_page()
    try:
        tab.goto(base_url + "cartridges/sharing-brownies-fractions-as-division/")
        tab.get_by_role("link", name="Print handout").click()
        tab.wait_for_url(re.compile(r".*/handout/\?print$"))
        tab.wait_for_function("window.__printed === 1")
        button = tab.get_by_role("button", name="Print handout")
        assert button.is_visible()
        button.click()
        tab.wait_for_function("window.__printed === 2")
        tab.emulate_media(media="print")
        assert not button.is_visible()
        assert tab.locator("a[href*='answer-key']").count() == 0  # the handout never leads students to the answers
        tab.emulate_media(media="screen")
        tab.go_back()
        tab.get_by_role("link", name="Print answer key").click()
        tab.wait_for_url(re.compile(r".*/answer-key/\?print$"))
        tab.wait_for_function("window.__printed === 1")
        assert "Answer key:" in tab.locator("h1").inner_text()
    finally:
        context.close()


def test_a_60_minute_lesson_with_a_45_minute_plan_is_found_for_45_minutes_and_shows_the_plan(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    c = REPO.cartridges["sharing-brownies-fractions-as-division"]
    assert c.minutes == 60 and c.less_time is not None and c.less_time.minutes == 45
    ready = "!document.getElementById('mh-find-count').textContent.startsWith('Loading')"
    page.goto(base_url + "find/?minutes=45")
    page.wait_for_function(ready)
    item = page.locator(".mh-lesson", has_text="Sharing Brownies: Fractions as Division")
    assert "45 min (shortened from 60)" in item.locator(".mh-lesson__meta").inner_text()
    shown = [int(m) for m in re.findall(r"· (\d+) min", page.locator("#mh-find-results").inner_text())]
    assert shown and all(m <= 45 for m in shown)
    item.get_by_role("link", name="Shortened version: see the plan for 45 minutes").click()
    page.wait_for_url(re.compile(r".*/cartridges/sharing-brownies-fractions-as-division/#mh-less-time$"))
    plan = page.locator("#mh-less-time + ul.mh-less-time")
    assert plan.is_visible() and page.locator("#mh-less-time").inner_text() == "With less time: 45 minutes"
    steps = plan.locator("li").all_inner_texts()
    assert len(steps) == len(c.less_time.plan)
    for step, text in zip(c.less_time.plan, steps, strict=True):
        assert (("skip it" in text) if step.skip else (f"{step.minutes} minutes instead of" in text)), text
    page.goto(base_url + "find/?minutes=30")
    page.wait_for_function(ready)
    assert "Sharing Brownies: Fractions as Division" not in page.locator("#mh-find-results").inner_text()

