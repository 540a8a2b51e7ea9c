"""The content model: frozen, typed records of cartridges, their lessons, and rubrics.

These are built only from files that passed the schema, the cross-reference
checks and the lesson's structure rules, so every consumer (site, reports)
can trust them. Standard codes here are already canonical. A lesson keeps
contributor text as Markdown source with its line (``MarkdownSource``): the
site renders it; nothing here does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .vocabulary import VOCABULARY

__all__ = [
    "Activity", "Adaptation", "Alignment", "AnswerSpace", "Attachment", "Block", "Cartridge", "Criterion", "HandoutItem", "LessTime",
    "LessTimeStep", "Lesson", "Level", "MarkdownSource", "Part", "Practice", "ReviewRecord", "Rubric", "Task", "Video", "VocabularyTerm",
    "ROLES", "Role", "STATUSES", "status_rank",
]

STATUSES: tuple[str, ...] = VOCABULARY.statuses.values
"""Review statuses in order (declared in ``schema/defs.schema.json``)."""
Role = str
"""An alignment role: one of ``ROLES``."""
ROLES: tuple[Role, ...] = VOCABULARY.roles.values


def status_rank(status: str) -> int:
    return VOCABULARY.status_rank(status)


@dataclass(frozen=True)
class Alignment:
    addresses: tuple[str, ...]
    builds_on: tuple[str, ...] = ()
    builds_towards: tuple[str, ...] = ()

    def by_role(self) -> dict[Role, tuple[str, ...]]:
        return {"addresses": self.addresses, "builds_on": self.builds_on, "builds_towards": self.builds_towards}

    @property
    def all(self) -> tuple[str, ...]:
        return self.addresses + self.builds_on + self.builds_towards


@dataclass(frozen=True)
class Attachment:
    path: str
    title: str
    size: int


@dataclass(frozen=True)
class Video:
    url: str
    title: str
    captions: bool
    minutes: int | None = None
    transcript: str | None = None


@dataclass(frozen=True)
class Adaptation:
    """Where a lesson came from: a Math Hub ``cartridge`` or an outside source, and the credit it owes.

    For a Math Hub parent the loader fills ``source_title``, ``source_author`` and ``source_license``
    from the parent, so the attribution line reads the same for both kinds.
    """

    changes: str
    cartridge: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_license: str | None = None
    source_author: str | None = None


@dataclass(frozen=True)
class ReviewRecord:
    reviewer: str
    date: str
    rubric: str
    outcome: str
    notes: str = ""


@dataclass(frozen=True)
class MarkdownSource:
    """Contributor Markdown kept as source (rendering happens on the site), with the file line of its first line."""

    text: str
    line: int

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


@dataclass(frozen=True)
class AnswerSpace:
    """The room a handout leaves for an answer: ``kind`` from the answer-space vocabulary, ``size`` in lines."""

    kind: str
    size: int | None = None


@dataclass(frozen=True)
class Task:
    """One task a student answers: an item of a Student task, Extension or Problems list (or the whole part)."""

    number: int
    """Numbered continuously through the lesson (warm-up, activities and their extensions, cool-down), as on the
    guide, the handout and the answer key; practice problems are numbered from 1 on their own sheet."""
    position: int
    """1-based position in its part, as the contributor numbers it in the source."""
    text: MarkdownSource
    """The task without its list marker and without the ``{...}`` options."""
    open_ended: bool
    space: AnswerSpace
    response: MarkdownSource | None
    """The expected response (or the answer of a practice problem), for the teacher only."""


@dataclass(frozen=True)
class Block:
    """A piece of a task part in source order: context text (``kind == "text"``) or one ``task``."""

    kind: Literal["text", "task"]
    source: MarkdownSource
    task: Task | None = None


@dataclass(frozen=True)
class Part:
    """A ``### `` part of a section: its vocabulary name, who reads it, and its Markdown."""

    name: str
    """From the lesson-part vocabulary, e.g. ``student-task``."""
    heading: str
    """The heading as written, without ``###``."""
    line: int
    audience: str
    """``student`` (printed on the handout) or ``teacher``."""
    source: MarkdownSource
    blocks: tuple[Block, ...] = ()
    """Parts made of tasks (Student task, Extension, Problems) and the parts that answer them (Expected responses,
    Extension responses, Answers): the text around the items and one block per task, in source order. A responses
    part's task blocks hold the response as their source and the task they answer as their ``task``."""
    tasks: tuple[Task, ...] = ()

    @property
    def label(self) -> str:
        return VOCABULARY.parts.label(self.name)

    @property
    def student_label(self) -> str:
        """The heading students see ("Are you ready for more?" for an extension)."""
        return str(VOCABULARY.parts[self.name].get("student-title") or self.label) if self.name in VOCABULARY.parts else self.heading


@dataclass(frozen=True)
class Activity:
    """A timed section of the lesson: the warm-up, an activity, the lesson synthesis or the cool-down."""

    kind: str
    """From the lesson-section vocabulary: ``warm-up``, ``activity``, ``lesson-synthesis`` or ``cool-down``."""
    id: str
    """``warm-up``, ``activity-1``, ``activity-2``, …, ``lesson-synthesis``, ``cool-down``: used by less-time plans and page anchors."""
    number: int | None
    """The activity number (Activity 2 -> 2); None for the other kinds."""
    title: str
    """The title after the colon, or ``""``."""
    minutes: int
    line: int
    intro: MarkdownSource | None
    """Teacher text between the heading and the first part (all of a lesson synthesis)."""
    parts: tuple[Part, ...]

    @property
    def label(self) -> str:
        """"Activity 1: Three brownies, four friends", "Warm-up", "Cool-down: Sharing pizzas"."""
        name = VOCABULARY.sections.label(self.kind) + (f" {self.number}" if self.number is not None else "")
        return f"{name}: {self.title}" if self.title else name

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    @property
    def tasks(self) -> tuple[Task, ...]:
        """The Student task's tasks, then the Extension's, in number order."""
        return tuple(task for name in ("student-task", "extension") if (p := self.part(name)) for task in p.tasks)

    @property
    def student_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.audience == "student")

    @property
    def teacher_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.audience != "student")


@dataclass(frozen=True)
class Practice:
    """The Practice problems section: problems (numbered from 1 on the practice sheet) with their answers."""

    line: int
    intro: MarkdownSource | None
    problems: Part | None
    answers: Part | None

    @property
    def tasks(self) -> tuple[Task, ...]:
        return self.problems.tasks if self.problems else ()


@dataclass(frozen=True)
class HandoutItem:
    """One student-facing part on the handout, with the activity it belongs to."""

    activity: Activity
    part: Part

    @property
    def own_page(self) -> bool:
        """The cool-down starts a new printed page."""
        return self.activity.kind == "cool-down"


@dataclass(frozen=True)
class Lesson:
    """The body of ``index.md``, in version 2: overview, activities in order, summary, practice problems."""

    overview: MarkdownSource | None
    activities: tuple[Activity, ...]
    summary: MarkdownSource | None
    """The Student lesson summary (printed on the practice sheet)."""
    practice: Practice | None

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Every handout task in number order (practice problems are separate)."""
        return tuple(task for activity in self.activities for task in activity.tasks)

    @property
    def handout(self) -> tuple[HandoutItem, ...]:
        """The student-facing parts in order: what the handout prints."""
        return tuple(HandoutItem(a, p) for a in self.activities for p in a.student_parts)

    @property
    def teacher_parts(self) -> tuple[tuple[Activity, Part], ...]:
        return tuple((a, p) for a in self.activities for p in a.teacher_parts)

    @property
    def answer_key(self) -> tuple[Task, ...]:
        """Every handout task with its expected response (None for an open-ended task without one)."""
        return self.tasks

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)


@dataclass(frozen=True)
class VocabularyTerm:
    """A word of the lesson with its student-friendly definition (the ``vocabulary`` field)."""

    term: str
    definition: str


@dataclass(frozen=True)
class LessTimeStep:
    activity: str
    """An activity id."""
    skip: bool
    minutes: int | None
    """The shortened minutes, when not skipped."""
    note: str


@dataclass(frozen=True)
class LessTime:
    """"With less time": what to shorten or skip, and the lesson's resulting minutes."""

    minutes: int
    plan: tuple[LessTimeStep, ...]


@dataclass(frozen=True)
class Cartridge:
    """One lesson as the site, the validator and the reports see it: its front matter checked and its body parsed."""

    id: str
    title: str
    summary: str
    student_goal: str
    language: str
    version: str
    updated: str
    grades: tuple[str, ...]
    course: str | None
    alignment: Alignment
    practices: tuple[str, ...]
    minutes: int
    """The whole lesson's class time (the sum of its activities' minutes)."""
    grouping: tuple[str, ...]
    materials: tuple[str, ...]
    preparation: str
    approaches: tuple[str, ...]
    goals: tuple[str, ...]
    targets: tuple[str, ...]
    vocabulary: tuple[VocabularyTerm, ...]
    less_time: LessTime | None
    rubrics: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    videos: tuple[Video, ...]
    authors: tuple[str, ...]
    license: str
    adapted_from: Adaptation | None
    status: str
    reviews: tuple[ReviewRecord, ...]
    source: str
    """Repository-relative path of ``index.md``."""
    folder: str
    """Repository-relative path of the cartridge folder."""
    body: str
    body_line: int
    lesson: Lesson

    @property
    def minutes_with_less_time(self) -> int:
        """The shortest time the lesson can be taught in: its less-time plan's minutes, or its full minutes."""
        return self.less_time.minutes if self.less_time else self.minutes

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self.lesson.activities


@dataclass(frozen=True)
class Level:
    score: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    name: str
    description: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Rubric:
    """One rubric: criteria by levels from its front matter, and its scoring guidance (the body) as written."""

    id: str
    title: str
    summary: str
    kind: str
    language: str
    updated: str
    grades: tuple[str, ...]
    standards: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    license: str
    authors: tuple[str, ...]
    source: str
    body: str
    body_line: int

    @property
    def is_review(self) -> bool:
        return self.kind == "review"
