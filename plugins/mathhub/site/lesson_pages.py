"""A lesson's pages: the teacher guide, the student handout, the answer key and the practice sheet; the grades' vocabulary.

Every page is built from the one parsed ``model.Lesson``: the handout prints the
Student task and Extension parts, the answer key pairs each task with its
expected response, the practice sheet prints the summary and the problems, so
nothing can drift between them. Contributed text reaches a page only through
``contributed.render`` / ``render_inline``, one part, task or response at a
time (a task ending with a table cannot swallow the next one), and is placed
as sanitised HTML into view models (``LessonView`` …) that autoescaping
templates lay out. MkDocs is never given contributor text as page Markdown.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..attribution import attribution_line
from ..contributed import Rendered, plain_text, render, render_inline
from ..frontmatter import Document, FieldPath, field_name
from ..library import Library
from ..model import Activity, AnswerSpace, Cartridge, MarkdownSource, Part, Task
from ..problems import Problem
from ..vocabulary import Vocabulary
from .render import Renderer
from .urls import Urls, content_linker, relative

__all__ = [
    "ActivityView", "CartridgeText", "DownloadView", "LessonPages", "LessonView", "PartView", "TaskView", "VocabularyEntry", "EARLY_PRINT_GRADES",
]

EARLY_PRINT_GRADES = frozenset({"K", "1", "2", "3", "4", "5"})
"""Handouts for these grades print at 14 pt (12 pt otherwise)."""
RESPONSE_PARTS = frozenset({"expected-responses", "extension-responses", "answers"})
TEMPLATE_IDS = frozenset({
    "mh-glance", "mh-less-time", "mh-standards", "mh-practices", "mh-assessment", "mh-resources", "mh-about", "mh-adapted-from",
    "mh-adaptations", "mh-reviews", "overview", "student-lesson-summary", "practice-problems",
})
"""Ids the guide's templates use; contributed headings never take them (their ids also carry a section prefix)."""


# -- view models ----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskView:
    """One task as a page shows it: its number (continuous through the handout), its text and the room to answer."""

    number: int
    anchor: str
    context: Markup
    """The part's text just before this task (a story, a table, a figure): printed with the task, never apart from it."""
    text: Markup
    space: AnswerSpace
    open_ended: bool
    response: Markup | None = None


@dataclass(frozen=True)
class PartView:
    name: str
    label: str
    """The heading teachers see ("Student task", "Extension")."""
    student_label: str
    """The heading students see ("Are you ready for more?" for an extension)."""
    audience: str
    anchor: str
    html: Markup = Markup("")
    """A prose part's text."""
    tasks: tuple[TaskView, ...] = ()
    after: Markup = Markup("")
    """Text after the last task of a task part."""
    answers: tuple[tuple[int | None, Markup], ...] = ()
    """A responses part in source order: (the task number it answers, its HTML), or (None, prose between the items)."""

    @property
    def is_tasks(self) -> bool:
        return bool(self.tasks)

    @property
    def is_responses(self) -> bool:
        return self.name in RESPONSE_PARTS


@dataclass(frozen=True)
class LessTimeView:
    skip: bool
    minutes: int | None
    note: Markup


@dataclass(frozen=True)
class ActivityView:
    id: str
    kind: str
    label: Markup
    """"Activity 1: Three brownies, four friends", mathematics rendered."""
    plain_label: str
    minutes: int
    intro: Markup
    parts: tuple[PartView, ...]
    less_time: LessTimeView | None = None

    def part(self, name: str) -> PartView | None:
        return next((p for p in self.parts if p.name == name), None)

    @property
    def student_parts(self) -> tuple[PartView, ...]:
        return tuple(p for p in self.parts if p.audience == "student" and p.tasks)

    @property
    def task_parts(self) -> tuple[PartView, ...]:
        return tuple(p for p in self.parts if p.tasks)


@dataclass(frozen=True)
class LessonView:
    overview: Markup
    activities: tuple[ActivityView, ...]
    summary: Markup
    practice_intro: Markup
    problems: PartView | None
    answers: PartView | None

    @property
    def handout_activities(self) -> tuple[ActivityView, ...]:
        """Activities with something for students, the cool-down excepted (it prints on its own page)."""
        return tuple(a for a in self.activities if a.student_parts and a.kind != "cool-down")

    @property
    def cool_down(self) -> ActivityView | None:
        return next((a for a in self.activities if a.kind == "cool-down" and a.student_parts), None)


@dataclass(frozen=True)
class CartridgeText:
    """A cartridge's front-matter text rendered once (mathematics as MathML), with plain-text forms for <title> and data."""

    title: Markup
    summary: Markup
    student_goal: Markup
    goals: tuple[Markup, ...]
    targets: tuple[Markup, ...]
    vocabulary: tuple[tuple[Markup, Markup], ...]
    plain_title: str
    plain_summary: str
    less_time_notes: tuple[Markup, ...] = ()


@dataclass(frozen=True)
class DownloadView:
    """A lesson's (or a grade's) packages as a page links to them: site paths and sizes in bytes."""

    zip: str
    """The zip a teacher unpacks (``downloads/<id>.zip``); empty for a grade, which has only a cartridge."""
    cartridge: str
    """The IMS Common Cartridge an LMS imports (``downloads/<id>.imscc``)."""
    size: int


@dataclass(frozen=True)
class VocabularyEntry:
    """A term on a grade's vocabulary page: each distinct definition with the lessons that give it."""

    term: Markup
    anchor: str
    definitions: tuple[tuple[Markup, tuple[Cartridge, ...]], ...]


# -- rendering one page's worth of a lesson ---------------------------------------------------------------------------------
_Key = tuple[str, int, str, str]
"""A rendered piece: its text, its line, its id prefix, and where the page sits relative to the lesson folder
("" for a piece with no relative URL in it: it renders the same from every page)."""


class _PageRender:
    """Renders the parts of one cartridge for one page: links follow the page, ids stay unique on it.

    The guide, the handout, the answer key and the practice sheet show many of the same pieces: a piece
    already rendered for one of them is reused (``cache``) unless it has headings or ids, which belong
    to one page. A piece with relative URLs is reused only from the same depth (its links follow the page).
    """

    def __init__(self, c: Cartridge, page_url: str, problems: list[Problem], text: CartridgeText, cache: dict[_Key, Rendered]) -> None:
        self.c = c
        folder = posixpath.dirname(Urls.cartridge_src(c.id))
        self.link = content_linker(folder, page_url)
        self.depth = relative(folder + "/", page_url) or "./"
        self.problems = problems
        self.used_ids: set[str] = set(TEMPLATE_IDS) | {c.id}
        self.text = text
        self.cache = cache

    def markdown(self, source: MarkdownSource | None, prefix: str) -> Markup:
        if source is None or not source.text.strip():
            return Markup("")
        anywhere = (source.text, source.line, prefix, "")
        cached = self.cache.get(anywhere) or self.cache.get((source.text, source.line, prefix, self.depth))
        if cached is not None:
            return Markup(cached.html)
        linked: list[str] = []

        def link(url: str) -> str:
            linked.append(url)
            return self.link(url)

        rendered = render(source.text, source=self.c.source, first_line=source.line, id_prefix=prefix, used_ids=self.used_ids, link=link)
        if not rendered.headings and ' id="' not in rendered.html:
            self.cache[(source.text, source.line, prefix, self.depth if linked else "")] = rendered
        return self._keep(rendered)

    def inline(self, text: str, line: int) -> Markup:
        return self._keep(render_inline(text, source=self.c.source, line=line))

    def _keep(self, rendered: Rendered) -> Markup:
        self.problems.extend(rendered.problems)
        return Markup(rendered.html)

    def task(self, task: Task, context: Markup, prefix: str, responses: bool) -> TaskView:
        response = self.markdown(task.response, prefix) if responses and task.response is not None else None
        anchor = f"problem-{task.number}" if prefix == "practice-" else f"task-{task.number}"
        return TaskView(task.number, anchor, context, self.markdown(task.text, prefix), task.space, task.open_ended, response)

    def part(self, activity_id: str, part: Part, responses: bool) -> PartView:
        prefix = f"{activity_id}-"
        anchor = f"{activity_id}-{part.name}"
        self.used_ids.add(anchor)
        base = PartView(part.name, part.label, part.student_label, part.audience, anchor)
        if part.name in RESPONSE_PARTS and part.blocks:
            answers = tuple((b.task.number if b.kind == "task" and b.task else None, self.markdown(b.source, prefix)) for b in part.blocks)
            return replace(base, answers=answers)
        if not part.tasks:
            return replace(base, html=self.markdown(part.source, prefix))
        tasks: list[TaskView] = []
        pending: list[Markup] = []
        for block in part.blocks:
            if block.kind == "task" and block.task is not None:
                tasks.append(self.task(block.task, Markup("").join(pending), prefix, responses))
                pending = []
            else:
                pending.append(self.markdown(block.source, prefix))
        return replace(base, tasks=tuple(tasks), after=Markup("").join(pending))

    def activity(self, a: Activity, *, teacher: bool, responses: bool, line_of: Callable[[str], int]) -> ActivityView:
        title = self.inline(a.title, a.line) if a.title else Markup("")
        name = Markup.escape(a.label.split(":", 1)[0] if a.title else a.label)
        label = name + Markup(": ") + title if a.title else name
        parts = tuple(self.part(a.id, p, responses) for p in a.parts if teacher or p.audience == "student")
        step = next((s for s in self.c.less_time.plan if s.activity == a.id), None) if self.c.less_time else None
        less = LessTimeView(step.skip, step.minutes, self.inline(step.note, line_of(a.id))) if step and teacher else None
        intro = self.markdown(a.intro, f"{a.id}-") if teacher else Markup("")
        return ActivityView(a.id, a.kind, label, plain_text(str(label)), a.minutes, intro, parts, less)

    def lesson(self, *, teacher: bool, responses: bool, line_of: Callable[[str], int]) -> LessonView:
        lesson = self.c.lesson
        activities = tuple(self.activity(a, teacher=teacher, responses=responses, line_of=line_of) for a in lesson.activities)
        practice = lesson.practice
        problems = self.part("practice", practice.problems, responses) if practice and practice.problems else None
        answers = self.part("practice", practice.answers, responses) if practice and practice.answers and teacher else None
        return LessonView(
            self.markdown(lesson.overview, "overview-") if teacher else Markup(""),
            activities,
            self.markdown(lesson.summary, "summary-"),
            self.markdown(practice.intro, "practice-") if practice else Markup(""),
            problems, answers,
        )


# -- the pages ------------------------------------------------------------------------------------------------------------------
@dataclass
class LessonPages:
    """Renders every lesson page of the library; problems found while rendering are kept for the build to report."""

    library: Library
    renderer: Renderer
    documents: Mapping[str, Document]
    vocabulary: Vocabulary
    problems: list[Problem] = field(default_factory=list)
    _texts: dict[str, CartridgeText] = field(default_factory=dict)
    _pieces: tuple[str, dict[_Key, Rendered]] = ("", {})
    """One cartridge's rendered pieces, shared by its pages (MkDocs renders a lesson's pages one after another)."""
    _views: dict[tuple[str, bool, bool], LessonView] = field(default_factory=dict)
    """The current cartridge's lesson views by (page URL, teacher, responses): its downloads package the very pages the
    site shows, so each is rendered once (``_pieces`` says which cartridge they belong to)."""

    # front matter, once per cartridge
    def text(self, c: Cartridge) -> CartridgeText:
        found = self._texts.get(c.id)
        if found is None:
            found = self._texts[c.id] = self._render_text(c)
        return found

    def _field(self, c: Cartridge, text: str, path: FieldPath) -> Markup:
        document = self.documents.get(c.source)
        line = document.where(path)[0] if document else 1
        rendered = render_inline(text, source=c.source, line=line, field=field_name(path))
        self.problems.extend(rendered.problems)
        return Markup(rendered.html)

    def _render_text(self, c: Cartridge) -> CartridgeText:
        title = self._field(c, c.title, ("title",))
        summary = self._field(c, c.summary, ("summary",))
        notes = tuple(self._field(c, s.note, ("less_time", "plan", i, "note")) for i, s in enumerate(c.less_time.plan)) if c.less_time else ()
        return CartridgeText(
            title=title,
            summary=summary,
            student_goal=self._field(c, c.student_goal, ("student_goal",)) if c.student_goal else Markup(""),
            goals=tuple(self._field(c, g, ("goals", i)) for i, g in enumerate(c.goals)),
            targets=tuple(self._field(c, t, ("targets", i)) for i, t in enumerate(c.targets)),
            vocabulary=tuple(
                (self._field(c, v.term, ("vocabulary", i, "term")), self._field(c, v.definition, ("vocabulary", i, "definition")))
                for i, v in enumerate(c.vocabulary)
            ),
            plain_title=plain_text(str(title)),
            plain_summary=plain_text(str(summary)),
            less_time_notes=notes,
        )

    def _plan_line(self, c: Cartridge) -> Callable[[str], int]:
        document = self.documents.get(c.source)
        steps = {s.activity: i for i, s in enumerate(c.less_time.plan)} if c.less_time else {}

        def line_of(activity_id: str) -> int:
            index = steps.get(activity_id)
            return document.where(("less_time", "plan", index, "note"))[0] if document and index is not None else 1

        return line_of

    def _lesson(self, c: Cartridge, page_url: str, *, teacher: bool, responses: bool) -> LessonView:
        if self._pieces[0] != c.id:
            self._pieces = (c.id, {})
            self._views = {}
        key = (page_url, teacher, responses)
        view = self._views.get(key)
        if view is None:
            page = _PageRender(c, page_url, self.problems, self.text(c), self._pieces[1])
            view = self._views[key] = page.lesson(teacher=teacher, responses=responses, line_of=self._plan_line(c))
        return view

    def _context(self, c: Cartridge, page_url: str) -> dict[str, Any]:
        # The credit line quotes the title: its mathematics renders like the title's (whose problems are reported already).
        credit = Markup(render_inline(attribution_line(c), source=c.source, line=1).html)
        return {"c": c, "t": self.text(c), "early": bool(set(c.grades) & EARLY_PRINT_GRADES), "attribution": credit}

    def guide(self, c: Cartridge, page_url: str, jsonld: Mapping[str, Any], download: DownloadView | None = None) -> str:
        """The teacher guide; ``download`` links the lesson's packages (None inside a package: it holds no link to itself)."""
        lesson = self._lesson(c, page_url, teacher=True, responses=False)
        vocabulary_pages = {g: Urls.vocabulary(g) for g in c.grades if self.grade_terms(g)}
        return self.renderer.render(
            "lesson_guide.html", page_url, lesson=lesson, jsonld=jsonld, vocabulary_pages=vocabulary_pages, download=download, **self._context(c, page_url),
        )

    def handout(self, c: Cartridge, page_url: str) -> str:
        lesson = self._lesson(c, page_url, teacher=False, responses=False)
        return self.renderer.render("lesson_handout.html", page_url, lesson=lesson, **self._context(c, page_url))

    def answer_key(self, c: Cartridge, page_url: str) -> str:
        lesson = self._lesson(c, page_url, teacher=True, responses=True)
        return self.renderer.render("lesson_answer_key.html", page_url, lesson=lesson, **self._context(c, page_url))

    def practice_sheet(self, c: Cartridge, page_url: str) -> str:
        lesson = self._lesson(c, page_url, teacher=False, responses=False)
        return self.renderer.render("lesson_practice.html", page_url, lesson=lesson, **self._context(c, page_url))

    def toc(self, c: Cartridge) -> list[dict[str, Any]]:
        """The guide's table of contents: its sections, the activities in order."""
        entries: list[tuple[str, str]] = []
        lesson = c.lesson
        if lesson.overview is not None:
            entries.append(("overview", "Overview"))
        for a in lesson.activities:
            title = plain_text(render_inline(a.title, source=c.source, line=a.line).html) if a.title else ""
            entries.append((a.id, a.label.split(":", 1)[0] + (f": {title}" if title else "") if a.title else a.label))
        if lesson.summary is not None:
            entries.append(("student-lesson-summary", self.vocabulary.sections.label("student-lesson-summary")))
        if lesson.practice is not None:
            entries.append(("practice-problems", self.vocabulary.sections.label("practice-problems")))
        entries += [("mh-standards", "Standards"), ("mh-about", "About this lesson")]
        return [{"level": 2, "id": anchor, "name": Markup.escape(name), "children": []} for anchor, name in entries]

    # the grades' vocabulary
    @cached_property
    def _terms(self) -> dict[str, list[VocabularyEntry]]:
        by_grade: dict[str, dict[str, list[tuple[Markup, Markup, Cartridge]]]] = {}
        for grade, ids in self.library.by_grade.items():
            for cid in ids:
                c = self.library.cartridges[cid]
                for (term, definition), entry in zip(self.text(c).vocabulary, c.vocabulary, strict=True):
                    key = " ".join(entry.term.split()).casefold()
                    by_grade.setdefault(grade, {}).setdefault(key, []).append((term, definition, c))
        return {grade: [_entry(key, uses) for key, uses in sorted(terms.items())] for grade, terms in by_grade.items()}

    def grade_terms(self, grade: str) -> list[VocabularyEntry]:
        return self._terms.get(grade, [])

    def vocabulary_page(self, grade: str, page_url: str) -> str:
        return self.renderer.render("grade_vocabulary.html", page_url, grade=grade, entries=self.grade_terms(grade))


def _entry(key: str, uses: Iterable[tuple[Markup, Markup, Cartridge]]) -> VocabularyEntry:
    definitions: dict[str, tuple[Markup, list[Cartridge]]] = {}
    term: Markup | None = None
    for rendered_term, definition, c in uses:
        term = term or rendered_term
        definitions.setdefault(str(definition), (definition, []))[1].append(c)
    anchor = "term-" + "-".join("".join(ch if ch.isalnum() else " " for ch in key).split())
    return VocabularyEntry(term or Markup(key), anchor, tuple((d, tuple(sorted(cs, key=lambda c: c.title.casefold()))) for d, cs in definitions.values()))
