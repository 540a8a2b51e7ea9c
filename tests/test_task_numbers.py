"""{task N} in lesson text is printed as the handout's number; stale bare numbers and bad references are reported."""

from __future__ import annotations

from pathlib import Path

from mathhub import load_repository
from mathhub.task_numbers import TaskNumbers, references_in, resolve_text

NUMBERS = TaskNumbers({"warm-up": (1,), "activity-1": (2, 3), "cool-down": (5,)})
LESSON = "content/cartridges/fixture-sharing/index.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_reference_becomes_the_printed_number() -> None:
    assert resolve_text("Compare question {task 2} with {task warm-up 1}.", NUMBERS, "activity-1") == ("Compare question 3 with 1.", [])
    assert resolve_text("Redo {task activity-1 1} of Activity 1.", NUMBERS, None) == ("Redo 2 of Activity 1.", [])


def test_references_in_code_are_left_alone() -> None:
    assert resolve_text("Write `{task 2}` to refer to task 2.", NUMBERS, "activity-1")[0] == "Write `{task 2}` to refer to task 2."


def test_a_reference_that_cannot_be_resolved_is_reported_and_left_as_written() -> None:
    text, problems = resolve_text("See {task 4}, {task activity-9 1}, {tasks 2} and {task 1}.", NUMBERS, "activity-1")
    assert text == "See {task 4}, {task activity-9 1}, {tasks 2} and 2."
    assert [(reference, problem.split(",")[0]) for _, reference, problem in problems] == [
        ("{task 4}", "asks for task 4 of activity-1"),
        ("{task activity-9 1}", "names 'activity-9'"),
        ("{tasks 2}", "is not a task reference: write {task N} or {task activity-2 N}"),
    ]
    assert resolve_text("See {task 1}.", NUMBERS, None)[1][0][2].startswith("is not inside an activity")


def test_bare_numbers_are_reported_only_where_the_handout_prints_another_number() -> None:
    found = list(references_in("In question 2, and in questions 1 and 2; practice problem 2 is separate.", NUMBERS, "activity-1"))
    assert [(phrase, suggestion, printed) for _, phrase, suggestion, _, printed in found] == [
        ("question 2", "question {task 2}", "3"),
        ("questions 1 and 2", "questions {task 1} and {task 2}", "2, 3"),
    ]
    assert list(references_in("In question 1 of the warm-up.", NUMBERS, "activity-1")) == []  # printed as 1 too
    named = list(references_in("Revisit Activity 1, question 2.", NUMBERS, "cool-down"))
    assert [(phrase, suggestion) for _, phrase, suggestion, _, _ in named] == [("question 2", "question {task activity-1 2}")]


def test_the_loader_resolves_references_everywhere_a_lesson_mentions_a_task(library: Path) -> None:
    lesson = library / LESSON
    _edit(lesson, "Compare drawings.", "Compare drawings from question {task 2}.")
    _edit(lesson, "2. How much sandwich does each friend get?", "2. How much sandwich does each friend get? Use your drawing from question {task 1}.")
    _edit(lesson, "preparation: ", "preparation: Try question {task activity-1 2} yourself. ")
    repo = load_repository(library)
    assert [p.format() for p in repo.problems if p.severity == "error"] == []
    sharing = repo.cartridges["fixture-sharing"]
    activity = sharing.lesson.activity("activity-1")
    assert activity is not None
    synthesis = activity.part("activity-synthesis")
    assert synthesis is not None and "Compare drawings from question 3." in synthesis.source.text
    assert activity.tasks[1].text.text.endswith("Use your drawing from question 2.")
    assert sharing.preparation.startswith("Try question 3 yourself.")


def test_the_loader_reports_a_bad_reference_and_a_stale_number_with_their_lines(library: Path) -> None:
    lesson = library / LESSON
    _edit(lesson, "Compare drawings.", "Compare drawings from question {task 7} and question 2.")
    line = lesson.read_text(encoding="utf-8").split("\n").index("Compare drawings from question {task 7} and question 2.") + 1
    problems = [p for p in load_repository(library).problems if p.path == LESSON and p.rule in ("task-reference", "task-number-in-text")]
    assert [(p.line, p.column, p.severity, p.rule) for p in problems] == [
        (line, 32, "error", "task-reference"),
        (line, 45, "warning", "task-number-in-text"),
    ]
    assert problems[0].message == "the task reference '{task 7}' asks for task 7 of activity-1, which has 2 tasks"
    assert problems[1].message == "'question 2' of activity-1 is printed as 3 on the handout, which numbers tasks straight through the lesson"
    assert "Write 'question {task 2}'" in problems[1].hint
