"""A lesson shaped like an open curriculum's (fixture-ratios) loads with every piece in its place, nothing merged or dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_library
from mathhub import load_repository
from mathhub.model import AnswerSpace, Cartridge

SOURCE = FIXTURES / "library/content/cartridges/fixture-ratios/index.md"


@pytest.fixture(scope="module")
def ratios(tmp_path_factory: pytest.TempPathFactory) -> Cartridge:
    repo = load_repository(copy_library(tmp_path_factory.mktemp("ratios") / "repo"))
    assert [p.format() for p in repo.problems] == [], "the fixture library validates strictly"
    return repo.cartridges["fixture-ratios"]


def test_lesson_level_fields(ratios: Cartridge) -> None:
    assert ratios.student_goal == "Let's use tables to make lemonade that always tastes the same."
    assert ratios.status == "in-review" and ratios.minutes == 50
    assert [v.term for v in ratios.vocabulary] == ["equivalent ratios", "ratio table"]
    assert ratios.vocabulary[1].definition == "A table whose rows are equivalent ratios."
    assert ratios.less_time is not None and ratios.minutes_with_less_time == 40
    assert [(s.activity, s.skip, s.minutes) for s in ratios.less_time.plan] == [("warm-up", True, None), ("activity-2", False, 10)]
    assert ratios.lesson.overview is not None and ratios.lesson.overview.first_line.startswith("Students already describe ratios")


def test_activities_in_order_with_their_own_parts(ratios: Cartridge) -> None:
    assert [(a.id, a.label, a.minutes) for a in ratios.activities] == [
        ("warm-up", "Warm-up: Times fifteen", 5),
        ("activity-1", "Activity 1: Batches of lemonade", 15),
        ("activity-2", "Activity 2: Which lemonade is stronger?", 15),
        ("lesson-synthesis", "Lesson synthesis", 10),
        ("cool-down", "Cool-down: Pancake batter", 5),
    ]
    one, two = ratios.activities[1], ratios.activities[2]
    assert [p.name for p in one.parts] == [
        "launch", "student-task", "expected-responses", "activity-synthesis", "extension", "extension-responses",
        "supports-for-multilingual-learners", "supports-for-students-with-disabilities", "materials",
    ]
    assert one.part("launch").source.first_line.startswith("Read the recipe aloud")  # type: ignore[union-attr]
    assert two.part("launch").source.first_line.startswith("Tell students that the class next door")  # type: ignore[union-attr]
    assert two.part("anticipated-student-thinking") and two.part("questions-to-ask")
    assert one.part("materials").source.text.startswith("Measuring cups")  # type: ignore[union-attr]
    assert ratios.activities[3].intro is not None and ratios.activities[3].intro.first_line.startswith('Ask: "How does a ratio table')
    cool_down = ratios.activities[4]
    assert cool_down.part("responding-to-student-thinking").source.first_line.startswith("Students who answer 7 eggs")  # type: ignore[union-attr]


def test_tasks_numbered_through_the_lesson_with_responses_and_answer_spaces(ratios: Cartridge) -> None:
    tasks = ratios.lesson.tasks
    assert [t.number for t in tasks] == list(range(1, 12))
    assert [(t.number, t.text.first_line) for t in tasks][3:6] == [
        (4, "Complete the table so that every row makes lemonade that tastes the same as the recipe."),
        (5, "How many cups of water go with 1 scoop of powder?"),
        (6, "Noah mixes 7 scoops of powder with 17 cups of water. Does his lemonade taste the same as the class recipe? Explain how you know."),
    ]
    table = tasks[3]
    assert table.space == AnswerSpace("none") and "| 10 |   |" in table.text.text and "{space" not in table.text.text
    assert tasks[0].space == AnswerSpace("lines", 1) and tasks[6].space == AnswerSpace("grid", 8) and tasks[7].space == AnswerSpace("lines", 4)
    assert all(t.response is not None for t in tasks)
    assert tasks[8].open_ended and tasks[8].response.first_line.startswith("Answers vary.")  # type: ignore[union-attr]
    assert tasks[5].response.first_line.startswith("No. With 7 scoops")  # type: ignore[union-attr]
    assert [t.response.text for t in tasks[9:]] == ["8 eggs.", "9 cups of flour."]  # type: ignore[union-attr]


def test_handout_teacher_parts_answer_key_and_practice(ratios: Cartridge) -> None:
    handout = [(item.activity.id, item.part.student_label) for item in ratios.lesson.handout]
    assert handout == [
        ("warm-up", "Student task"), ("activity-1", "Student task"), ("activity-1", "Are you ready for more?"),
        ("activity-2", "Student task"), ("activity-2", "Are you ready for more?"), ("cool-down", "Student task"),
    ]
    assert all(part.audience == "teacher" for _, part in ratios.lesson.teacher_parts)
    assert [t.number for t in ratios.lesson.answer_key] == list(range(1, 12))
    practice = ratios.lesson.practice
    assert practice is not None and [t.number for t in practice.tasks] == [1, 2, 3, 4]
    assert [t.response.first_line for t in practice.tasks][0] == "12 bananas: 8 cups is 4 times 2 cups, and $4 \\times 3 = 12$."  # type: ignore[union-attr]
    assert practice.tasks[1].space == AnswerSpace("none")
    summary = ratios.lesson.summary
    assert summary is not None and "| 6 | 15 |" in summary.text and summary.text.endswith("compare the other.")


def test_every_line_of_the_lesson_is_in_the_model(ratios: Cartridge) -> None:
    """Nothing merged away or dropped: each line of the body lives in exactly one piece of the model."""
    lesson = ratios.lesson
    pieces = [lesson.overview, lesson.summary]
    for activity in lesson.activities:
        pieces += [activity.intro] + [p.source for p in activity.parts]
    assert lesson.practice is not None
    pieces += [lesson.practice.intro] + [p.source for p in (lesson.practice.problems, lesson.practice.answers) if p]
    owners: dict[int, int] = {}
    for piece in pieces:
        if piece is None:
            continue
        for offset, text in enumerate(piece.text.split("\n")):
            if text.strip():
                owners[piece.line + offset] = owners.get(piece.line + offset, 0) + 1
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    body = {n for n in range(ratios.body_line, len(lines) + 1) if lines[n - 1].strip() and not lines[n - 1].startswith(("## ", "### "))}
    assert set(owners) == body and set(owners.values()) == {1}
    assert lines[ratios.activities[1].tasks[0].text.line - 1].startswith("1. Complete the table")


def test_the_model_file_path_is_the_fixture(ratios: Cartridge) -> None:
    assert ratios.source == "content/cartridges/fixture-ratios/index.md" and Path(ratios.folder).name == "fixture-ratios"
