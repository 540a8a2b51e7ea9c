"""A lesson's generated pages, read back from a real build of the fixture library.

The fixture ``fixture-ratios`` has the public structure of an open curriculum lesson (warm-up, two
activities with their own launches, responses and extensions, lesson synthesis, cool-down with
response guidance, vocabulary, practice problems). Every piece of it must reach the teacher guide,
in order; the handout, answer key and practice sheet must show exactly their share of it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import build_site, copy_library
from mathhub import Cartridge, Repository, load_repository
from mathhub.model import MarkdownSource
from mathhub.rules import RULES
from pagefind_index import search_pages

LESSON = "fixture-ratios"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    return load_repository(copy_library(tmp_path_factory.mktemp("lesson-pages") / "repo"))


@pytest.fixture(scope="module")
def ratios(repository: Repository) -> Cartridge:
    return repository.cartridges[LESSON]


def article(site: Path, path: str) -> str:
    text = (site / path / "index.html").read_text(encoding="utf-8")
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def visible(fragment: str) -> str:
    """What a reader sees: tags and mathematics dropped (mathematics becomes a space), entities decoded, spaces collapsed."""
    fragment = re.sub(r"<math\b.*?</math>", " ", fragment, flags=re.S)
    fragment = re.sub(r"<(script|svg)\b.*?</\1>", " ", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def words(source: MarkdownSource | str | None, count: int = 6) -> str:
    """The first words of a piece of Markdown as they read on the page (no markup, no mathematics, no task options)."""
    text = source.text if isinstance(source, MarkdownSource) else (source or "")
    text = re.sub(r"\$[^$]*\$|\{[a-z ,:0-9-]+\}\s*$|!\[[^\]]*\]\([^)]*\)", " ", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*]|\d+\.|\|)\s*|[*`|#>]", " ", text, flags=re.M)
    return " ".join(text.split()[:count])


def in_order(page_text: str, pieces: list[str]) -> list[str]:
    """The pieces not found in ``page_text`` in the given order (empty when every piece follows the one before)."""
    missing, cursor = [], 0
    for piece in pieces:
        found = page_text.find(piece, cursor)
        if found < 0:
            missing.append(piece)
        else:
            cursor = found + len(piece)
    return missing


def test_the_curriculum_lesson_reaches_the_guide_with_nothing_merged_or_dropped(fixture_site: Path, ratios: Cartridge) -> None:
    page = article(fixture_site, f"cartridges/{LESSON}")
    text = visible(page)
    lesson = ratios.lesson
    pieces = [words(lesson.overview)]
    for activity in lesson.activities:
        pieces.append(activity.title or activity.label)
        pieces.append(words(activity.intro))
        for part in activity.parts:
            pieces.append(part.label)
            for block in part.blocks or ():
                pieces.append(words(block.source))
            if not part.blocks:
                pieces.append(words(part.source))
    pieces += ["Student lesson summary", words(lesson.summary), "Practice problems"]
    assert lesson.practice and lesson.practice.problems and lesson.practice.answers
    pieces += [words(t.text) for t in lesson.practice.tasks] + [words(b.source) for b in lesson.practice.answers.blocks]
    assert in_order(text, [p for p in pieces if p]) == []
    # Every activity is its own section with its minutes, every part its own heading, in the source's order.
    assert re.findall(r"<h2 id=\"([a-z0-9-]+)\"", page)[:7] == ["mh-glance", "overview", "warm-up", "activity-1", "activity-2", "lesson-synthesis", "cool-down"]
    for activity in lesson.activities:
        shown = re.findall(rf'id="{activity.id}-([a-z-]+)"', page)
        assert shown == [p.name for p in activity.parts], activity.id
        assert f'id="{activity.id}">' in page and f"({activity.minutes} minute" in page
    # Every task and every response, numbered as on the handout; responses and answers collapsed and marked.
    assert re.findall(r'<div class="mh-task" id="task-(\d+)">', page) == [str(t.number) for t in lesson.tasks]
    assert re.findall(r'<div class="mh-task" id="problem-(\d+)">', page) == ["1", "2", "3", "4"]
    answered = re.findall(r'<div class="mh-answer"><span class="mh-task__number">(\d+)\.</span>', page)
    assert answered == [str(t.number) for t in lesson.tasks] + ["1", "2", "3", "4"]
    details = re.findall(r'<details class="mh-teacher-only" id="([a-z0-9-]+)" data-audience="teacher">\s*<summary>([^<]+)<span class="mh-audience">Teacher only</span>', page)
    assert [anchor for anchor, _ in details] == [
        "warm-up-expected-responses", "activity-1-expected-responses", "activity-1-extension-responses",
        "activity-2-expected-responses", "activity-2-extension-responses", "cool-down-expected-responses", "practice-answers",
    ]
    assert "Extension: Are you ready for more?" in text
    for term in ratios.vocabulary:
        assert term.term in text and words(term.definition, 4) in text


def test_tasks_are_numbered_the_same_on_the_guide_the_handout_and_the_answer_key(fixture_site: Path, ratios: Cartridge) -> None:
    numbers = [str(t.number) for t in ratios.lesson.tasks]
    assert numbers == [str(n) for n in range(1, 12)]
    handout = article(fixture_site, f"cartridges/{LESSON}/handout")
    key = article(fixture_site, f"cartridges/{LESSON}/answer-key")
    assert re.findall(r'<span class="mh-task__number">(\d+)\.</span>', handout) == numbers
    assert re.findall(r'<div class="mh-key" id="task-(\d+)">', key) == numbers
    for task in ratios.lesson.tasks:
        assert words(task.text) in visible(handout) and words(task.text) in visible(key)


def test_the_handout_is_for_students_only(fixture_site: Path, ratios: Cartridge) -> None:
    page = article(fixture_site, f"cartridges/{LESSON}/handout")
    text = visible(page)
    assert re.search(r'<h1 id="handout">Fixture: Batches of Lemonade at <math\b', page)
    assert "Name Date Class" in text and ratios.student_goal in html.unescape(page)
    headings = re.findall(r"<h2 id=\"[a-z0-9-]+\">(.*?)</h2>", page)
    assert [visible(h) for h in headings] == ["Warm-up: Times fifteen", "Activity 1: Batches of lemonade", "Activity 2: Which lemonade is stronger?", "Cool-down: Pancake batter"]
    assert text.count("Are you ready for more?") == 2
    # The cool-down starts its own printed page and has its own name line.
    cool_down = page.split('class="mh-handout__activity mh-handout__cool-down"', 1)[1]
    assert "Name" in visible(cool_down) and re.findall(r'id="task-(\d+)"', cool_down) == ["10", "11"]
    # No answers, no teacher parts.
    for task in ratios.lesson.tasks:
        if task.response is not None and len(task.response.text) > 12:
            assert words(task.response, 5) not in text, task.number
    for teacher in ("Launch", "Activity synthesis", "Expected responses", "Teacher only", "Lesson synthesis", "Supports for"):
        assert teacher not in text
    # The declared answer space of every task, drawn.
    spaces = re.findall(r'<div class="mh-task" id="task-(\d+)">.*?(?=<div class="mh-task" id=|</section>)', page, flags=re.S)
    drawn = {}
    for number, block in zip(spaces, re.split(r'<div class="mh-task" id="task-\d+">', page)[1:], strict=True):
        kind = re.search(r'class="mh-space mh-space--([a-z-]+)"', block)
        drawn[int(number)] = (kind.group(1), block.count('class="mh-space__line"')) if kind else ("none", 0)
    expected = {t.number: (t.space.kind, t.space.size if t.space.kind == "lines" else 0) for t in ratios.lesson.tasks}
    assert drawn == expected
    assert 'style="--mh-lines: 8"' in page  # the grid of task 7
    credit = page.split('<p class="mh-attribution">', 1)[1].split("</p>", 1)[0]
    assert credit.startswith("“Fixture: Batches of Lemonade at <math") and "$" not in credit
    assert "” by Math Hub contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)." in html.unescape(credit)
    assert 'data-mh-print hidden>Print handout</button>' in page and "answer-key" not in page


def test_the_answer_key_is_teacher_only_complete_and_kept_out_of_search(fixture_site: Path, ratios: Cartridge) -> None:
    key = article(fixture_site, f"cartridges/{LESSON}/answer-key")
    text = visible(key)
    for task in ratios.lesson.tasks:
        assert task.response is not None
        assert words(task.response, 5) in text, task.number
    assert ratios.lesson.practice is not None
    for problem in ratios.lesson.practice.tasks:
        assert words(problem.response, 5) in text
    assert "For the teacher" in text
    locations = set(search_pages(fixture_site))
    assert f"cartridges/{LESSON}/" in locations
    assert not any(location.endswith(("/answer-key/", "/handout/", "/practice/")) for location in locations)
    guide = article(fixture_site, f"cartridges/{LESSON}")
    assert 'href="answer-key/?print">Print answer key</a>' in guide and 'href="handout/?print">Print handout</a>' in guide
    assert 'href="practice/">Practice problems</a>' in guide


def test_the_practice_sheet_has_the_summary_the_vocabulary_and_room_to_answer(fixture_site: Path, ratios: Cartridge) -> None:
    page = article(fixture_site, f"cartridges/{LESSON}/practice")
    text = visible(page)
    assert ratios.lesson.practice is not None
    assert in_order(text, ["Lesson summary", words(ratios.lesson.summary), "Vocabulary", "equivalent ratios", "ratio table", "Practice problems"]) == []
    assert re.findall(r'<div class="mh-task" id="problem-(\d+)">', page) == ["1", "2", "3", "4"]
    assert page.count('class="mh-space mh-space--lines"') == 3  # problem 2 is its own table ({space: none})
    for problem in ratios.lesson.practice.tasks:
        assert words(problem.text) in text and words(problem.response, 5) not in text


def test_a_grade_vocabulary_page_gathers_the_definitions_with_their_lessons(fixture_site: Path) -> None:
    page = article(fixture_site, "grades/6/vocabulary")
    assert re.findall(r'<dt id="(term-[a-z-]+)">', page) == ["term-equivalent-ratios", "term-ratio-table"]
    entry = page.split('id="term-equivalent-ratios"', 1)[1].split("</div>", 1)[0]
    assert "<math" in entry and f'href="../../../cartridges/{LESSON}/"' in entry
    assert 'the <a href="vocabulary/">vocabulary of these lessons</a>' in article(fixture_site, "grades/6")
    assert not (fixture_site / "grades/k/vocabulary").exists()


def test_the_table_of_contents_lists_the_activities(fixture_site: Path, ratios: Cartridge) -> None:
    full = (fixture_site / f"cartridges/{LESSON}/index.html").read_text(encoding="utf-8")
    toc = full.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([a-z0-9-]+)"', toc)
    assert anchors == ["overview", *[a.id for a in ratios.activities], "student-lesson-summary", "practice-problems", "mh-standards", "mh-about"]
    assert "Activity 2: Which lemonade is stronger?" in html.unescape(toc)


def test_mathematics_in_front_matter_is_mathml_on_the_page_and_plain_text_in_the_title(fixture_site: Path) -> None:
    full = (fixture_site / f"cartridges/{LESSON}/index.html").read_text(encoding="utf-8")
    assert "<title>Fixture: Batches of Lemonade at 2 : 5 - Math Hub</title>" in full
    description = re.search(r'<meta name="description" content="([^"]*)"', full)
    assert description and "$" not in description.group(1) and "takes 5/2 cups of water" in html.unescape(description.group(1))
    page = article(fixture_site, f"cartridges/{LESSON}")
    summary = re.search(r'<p class="mh-summary">(.*?)</p>', page, re.S)
    assert summary and summary.group(1).count("<math") == 2 and "$" not in visible(summary.group(1))
    targets = re.search(r'<ul class="mh-targets">(.*?)</ul>', page, re.S)
    assert targets and targets.group(1).count("<math") == 2
    assert page.split('id="mh-less-time"', 1)[1].split("</ul>", 1)[0].count("<math") == 1
    grade = article(fixture_site, "grades/6")
    assert re.search(r'class="mh-lesson__title"[^>]*>Fixture: Batches of Lemonade at <math', grade)
    lessons = (fixture_site / "assets/mathhub/lessons.js").read_text(encoding="utf-8")
    assert '"title":"Fixture: Batches of Lemonade at 2 : 5"' in lessons
    assert not re.search(r"\$[^$]*(\\[a-zA-Z]+|\^\{)[^$]*\$", visible(page))


def test_the_rules_page_is_generated_from_the_registry(fixture_site: Path) -> None:
    page = article(fixture_site, "contribute/rules")
    assert re.findall(r'<dt id="rule-([a-z-]+)">', page) == list(RULES)
    for rule in RULES.values():
        section = page.split(f'id="rule-{rule.id}"', 1)[1].split("</dd>", 1)[0]
        example = {k: str(v) for k, v in rule.example.items()}
        assert html.escape(rule.message.format_map(example), quote=False) in section.replace("&#39;", "'").replace("&#34;", '"'), rule.id
    guide = article(fixture_site, "contribute")
    assert 'href="rules/"' in guide and "one file" in visible(guide)


def test_lesson_text_never_reaches_mkdocs_as_page_markdown(repository: Repository) -> None:
    from mathhub.library import index_library
    from mathhub.site.pages import SitePlan

    plan = SitePlan(index_library(repository), repository.schemas)
    lesson_pages = [p for p in plan.pages.values() if p.kind in ("cartridge", "handout", "answer-key", "practice-sheet", "vocabulary")]
    assert len(lesson_pages) == 4 * len(repository.cartridges) + 2
    assert all(p.markdown == "" for p in lesson_pages)


def test_a_dollar_sign_left_by_rendering_fails_the_build_located_in_the_source(tmp_path: Path) -> None:
    """``$x | y$`` passes the source check (the signs pair up), but the table splits it: only rendering shows the '$'."""
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-ratios/index.md"
    text = index.read_text(encoding="utf-8")
    broken = text.replace("   | 4 |   |\n", "   | $4 | x$ |\n", 1)
    assert broken != text
    index.write_text(broken, encoding="utf-8")
    assert load_repository(repo).ok
    line = broken.split("\n").index("   | $4 | x$ |") + 1
    result = build_site(repo, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"content/cartridges/fixture-ratios/index.md:{line}: a '$' here would print as a dollar sign: '2 5 $4 x$' prints its '$' as text" in output
    assert "prints its '$' as text: the mathematics did not render" in output
    assert "hint: Write inline mathematics as $…$" in output and "Traceback" not in output
