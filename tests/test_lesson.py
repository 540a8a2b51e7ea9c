"""The lesson body parser (format version 2) on small inputs: structure, tasks, options, responses, and never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mathhub.lesson import DEFAULT_SPACE, EARLY_SPACE, default_space, parse_lesson
from mathhub.model import AnswerSpace, Lesson, MarkdownSource
from mathhub.rules import RULES, rules_reference

LESSON = """\
## Warm-up (5 minutes)

### Launch

Think time.

### Student task

1. One? {space: lines 1}
2. Two?

### Expected responses

1. One.
2. Two.

### Activity synthesis

Wrap up.

## Activity 1: Shares (20 minutes)

### Launch

Go.

### Student task

Context first.

1. Draw it.
   1. part a
   2. part b {space: box 8}
2. Name it.

### Expected responses

1. A drawing.
2. Three fourths.

### Activity synthesis

Share.

### Extension

Try five. {open-ended}

## Lesson synthesis (10 minutes)

Discuss.

## Cool-down (10 minutes)

### Student task

Last one.

### Expected responses

Answer.

### Responding to student thinking

Reteach.

## Student lesson summary

Summary.

## Practice problems

### Problems

1. P1
2. P2
3. P3

### Answers

1. A1
2. A2
3. A3
"""


def _parse(body: str, **options: object) -> tuple[Lesson, list[tuple[str, int]]]:
    lesson, findings = parse_lesson(body, 10, **options)  # type: ignore[arg-type]
    return lesson, [(f.rule, f.line) for f in findings]


def _sources(lesson: Lesson) -> list[MarkdownSource]:
    found = [s for s in (lesson.overview, lesson.summary) if s]
    for activity in lesson.activities:
        found += [s for s in (activity.intro,) if s] + [p.source for p in activity.parts]
    if lesson.practice:
        found += [s for s in (lesson.practice.intro,) if s] + [p.source for p in (lesson.practice.problems, lesson.practice.answers) if p]
    return found


def _kept_lines(lesson: Lesson) -> set[int]:
    return {source.line + offset for source in _sources(lesson) for offset, text in enumerate(source.text.split("\n")) if text.strip()}


def test_sections_parts_tasks_and_continuous_numbers() -> None:
    lesson, findings = _parse(LESSON)
    assert findings == []
    assert [(a.id, a.label, a.minutes, a.line) for a in lesson.activities] == [
        ("warm-up", "Warm-up", 5, 10), ("activity-1", "Activity 1: Shares", 20, 30), ("lesson-synthesis", "Lesson synthesis", 10, 58), ("cool-down", "Cool-down", 10, 62),
    ]
    assert [(t.number, t.position, t.text.first_line) for t in lesson.tasks] == [(1, 1, "One?"), (2, 2, "Two?"), (3, 1, "Draw it."), (4, 2, "Name it."), (5, 1, "Try five."), (6, 1, "Last one.")]
    draw = lesson.tasks[2]
    assert draw.text.text == "Draw it.\n1. part a\n2. part b" and draw.text.line == 40 and draw.space == AnswerSpace("box", 8)
    assert draw.response == MarkdownSource("A drawing.", 47)
    assert lesson.tasks[4].open_ended and lesson.tasks[4].response is None
    assert [(t.number, t.response.text if t.response else None) for t in lesson.practice.tasks] == [(1, "A1"), (2, "A2"), (3, "A3")]  # type: ignore[union-attr]
    assert [(item.activity.id, item.part.name, item.own_page) for item in lesson.handout] == [
        ("warm-up", "student-task", False), ("activity-1", "student-task", False), ("activity-1", "extension", False), ("cool-down", "student-task", True),
    ]
    activity = lesson.activity("activity-1")
    assert activity is not None and [b.kind for b in activity.part("student-task").blocks] == ["text", "task", "task"]  # type: ignore[union-attr]
    assert activity.part("extension").student_label == "Are you ready for more?"  # type: ignore[union-attr]
    assert lesson.activity("lesson-synthesis").intro == MarkdownSource("Discuss.", 60)  # type: ignore[union-attr]
    assert lesson.minutes == 45


def test_a_responses_part_keeps_its_prose_around_the_items() -> None:
    """The answer key shows all of a responses part: notes before and after the numbered items are pieces too."""
    body = LESSON.replace("### Expected responses\n\n1. A drawing.\n2. Three fourths.\n", "### Expected responses\n\nLook for equal parts.\n\n1. A drawing.\n2. Three fourths.\n\nBoth use fourths.\n")
    lesson, findings = _parse(body)
    assert findings == []
    responses = lesson.activity("activity-1").part("expected-responses")  # type: ignore[union-attr]
    assert responses is not None
    assert [(b.kind, b.source.text, b.task.number if b.task else None) for b in responses.blocks] == [
        ("text", "Look for equal parts.", None), ("task", "A drawing.", 3), ("task", "Three fourths.", 4), ("text", "Both use fourths.", None),
    ]
    single = lesson.activity("cool-down").part("expected-responses")  # type: ignore[union-attr]
    assert single is not None and [(b.kind, b.source.text) for b in single.blocks] == [("task", "Answer.")]


def test_a_task_continued_with_four_spaces_keeps_its_blocks() -> None:
    """Writers indent an item's next paragraph by 4 (Python-Markdown) or 3 (CommonMark): both start a block of their own."""
    body = LESSON.replace("2. Name it.\n", "2. Name it.\n\n    $$\\frac{3}{4}$$\n\n   Then explain.\n")
    lesson, findings = _parse(body)
    assert findings == []
    assert lesson.tasks[3].text.text == "Name it.\n\n$$\\frac{3}{4}$$\n\nThen explain."


def test_no_line_of_the_body_is_dropped() -> None:
    lesson, _ = _parse(LESSON)
    headings = {10 + i for i, line in enumerate(LESSON.split("\n")) if line.startswith("#")}
    wanted = {10 + i for i, line in enumerate(LESSON.split("\n")) if line.strip()} - headings
    assert _kept_lines(lesson) == wanted


def test_headings_in_fenced_code_are_text() -> None:
    body = LESSON.replace("Think time.\n", "Think time.\n\n```\n## Not a section\n### Not a part\n```\n")
    lesson, findings = _parse(body)
    assert findings == []
    assert "## Not a section" in lesson.activities[0].part("launch").source.text  # type: ignore[union-attr]


def test_an_ordered_list_inside_a_bullet_list_is_not_a_task() -> None:
    body = LESSON.replace("1. One? {space: lines 1}\n2. Two?\n", "- Look:\n  1. first\n  2. second\n\n1. One? {space: lines 1}\n2. Two?\n")
    lesson, findings = _parse(body)
    assert findings == []
    assert [t.text.first_line for t in lesson.activities[0].tasks] == ["One?", "Two?"]


def test_a_lazy_continuation_line_belongs_to_its_task() -> None:
    lesson, findings = _parse(LESSON.replace("2. Name it.\n", "2. Name it\nwith a fraction.\n"))
    assert findings == []
    assert lesson.tasks[3].text.text == "Name it\nwith a fraction."


def test_task_options_and_what_is_not_an_option() -> None:
    body = LESSON.replace("1. One? {space: lines 1}", "1. Half of $x^{2}$ is $\\frac{x^2}{2}$").replace("2. Two?", "2. Two? {open-ended, space: number line}")
    lesson, findings = _parse(body)
    assert findings == []
    one, two = lesson.tasks[:2]
    assert one.text.text.endswith("$\\frac{x^2}{2}$") and one.space == DEFAULT_SPACE
    assert two.open_ended and two.space == AnswerSpace("number-line") and two.text.text == "Two?"


def test_bad_options_are_reported_on_their_line() -> None:
    _, findings = _parse(LESSON.replace("{space: lines 1}", "{space: lines}").replace("2. Two?", "2. Two? {closed}"))
    assert findings == [("task-options", 18), ("task-options", 19)]


def test_responses_numbered_like_their_tasks_may_skip_an_open_ended_one() -> None:
    body = LESSON.replace("2. Two?\n", "2. Two? {open-ended}\n3. Three?\n").replace("1. One.\n2. Two.\n", "1. One.\n3. Three.\n")
    lesson, findings = _parse(body)
    assert findings == []
    assert [(t.position, t.response.text if t.response else None) for t in lesson.activities[0].tasks] == [(1, "One."), (2, None), (3, "Three.")]


def test_a_single_task_response_may_be_a_numbered_list() -> None:
    lesson, findings = _parse(LESSON.replace("### Expected responses\n\nAnswer.\n", "### Expected responses\n\n1. First step.\n2. Second step.\n"))
    assert findings == []
    assert lesson.activity("cool-down").tasks[0].response == MarkdownSource("1. First step.\n2. Second step.", 70)  # type: ignore[union-attr]


def test_default_answer_space_follows_the_grade() -> None:
    assert default_space(["K"]) == EARLY_SPACE == AnswerSpace("box", 6)
    assert default_space(["2", "3"]) == EARLY_SPACE
    assert default_space(["5"]) == default_space(["HS"]) == DEFAULT_SPACE == AnswerSpace("lines", 4)
    lesson, _ = _parse(LESSON, space=EARLY_SPACE)
    assert lesson.tasks[1].space == EARLY_SPACE and lesson.tasks[0].space == AnswerSpace("lines", 1)


def test_structure_problems_are_located() -> None:
    body = "Intro.\n\n# Title\n\n" + LESSON.replace("## Lesson synthesis (10 minutes)", "## Synthesis (10 minutes)").replace("## Activity 1: Shares (20 minutes)", "## Activity 1 (20 min)")
    _, findings = _parse(body)
    assert ("text-outside-sections", 10) in findings and ("unknown-section", 12) in findings
    assert ("heading-minutes", 34) in findings and ("heading-title", 34) in findings
    assert ("unknown-section", 62) in findings


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.text(alphabet=st.sampled_from(list("#123.)-*> \n\t`~${}:|abc(minutes)ActivityWarm-upCool-downLaunchStudent task")), max_size=600))
def test_any_body_gives_a_lesson_and_located_findings(body: str) -> None:
    lesson, findings = parse_lesson(body, 5)
    last = 5 + body.count("\n")
    assert all(f.rule in RULES and 5 <= f.line <= last for f in findings)
    assert all(5 <= line <= last for line in _kept_lines(lesson))


@settings(max_examples=200)
@given(st.lists(st.sampled_from(LESSON.split("\n\n")), max_size=30))
def test_a_lesson_without_structure_errors_keeps_every_line(blocks: list[str]) -> None:
    """Text is never silently lost: what the model leaves out, an error (which keeps the lesson off the site) reports."""
    body = "\n\n".join(blocks)
    lesson, findings = _parse(body)
    if any(RULES[rule].severity == "error" for rule, _ in findings):
        return
    kept = _kept_lines(lesson)
    for number, text in enumerate(body.split("\n"), start=10):
        if text.strip() and not text.startswith(("## ", "### ")):
            assert number in kept, (number, text)


def test_the_contributor_guide_rule_list_comes_from_the_registry() -> None:
    reference = rules_reference()
    assert [r["id"] for r in reference] == list(RULES)
    for row in reference:
        assert row["severity"] in ("error", "warning", "warning for a draft, error from in review on")
        assert row["summary"] and row["message"] and row["hint"]
        assert "{" not in row["message"].replace("{open-ended", "").replace("{space", "").replace("{task", "").replace("{…}", "")
