"""Read the body of a cartridge's ``index.md`` (format version 2) into a ``Lesson``, with located findings.

The body is a sequence of ``## `` sections (Overview, Warm-up, Activity 1, 2 …,
Lesson synthesis, Cool-down, Student lesson summary, Practice problems); a timed
section is divided into ``### `` parts (Launch, Student task, Expected
responses …). In a Student task, Extension or Problems part each top-level
ordered-list item is one task, with optional ``{...}`` options on its last line;
the matching responses part has one numbered item per task. See
``/specs/lesson-v2.md`` and the contributor guide.

Everything wrong is a ``rules.Finding`` with its line; nothing raises. Parts
stay Markdown source (the site renders them). One pass over the lines, no
backtracking patterns: linear in the size of the body.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .markdown_lines import Line, heading_of, indent_of, list_items, mask_code_spans, scan_lines, setext_level
from .model import Activity, AnswerSpace, Block, Lesson, MarkdownSource, Part, Practice, Task
from .rules import Finding
from .vocabulary import VOCABULARY, Vocabulary

__all__ = ["DEFAULT_SPACE", "EARLY_GRADES", "EARLY_SPACE", "REQUIRED_PARTS", "SECTION_PARTS", "TASK_PARTS", "default_space", "parse_lesson", "section_forms"]

SECTION_PARTS: dict[str, tuple[str, ...]] = {
    "warm-up": (
        "launch", "student-task", "expected-responses", "anticipated-student-thinking", "questions-to-ask", "activity-synthesis",
        "supports-for-multilingual-learners", "supports-for-students-with-disabilities", "materials",
    ),
    "activity": (
        "launch", "student-task", "expected-responses", "anticipated-student-thinking", "questions-to-ask", "activity-synthesis",
        "extension", "extension-responses", "supports-for-multilingual-learners", "supports-for-students-with-disabilities", "materials",
    ),
    "lesson-synthesis": (),
    "cool-down": ("launch", "student-task", "expected-responses", "responding-to-student-thinking"),
    "practice-problems": ("problems", "answers"),
}
"""The ``### `` parts each section may have, in their order. Overview and Student lesson summary are free prose."""

REQUIRED_PARTS: dict[str, tuple[str, ...]] = {
    "warm-up": ("launch", "student-task", "expected-responses", "activity-synthesis"),
    "activity": ("launch", "student-task", "expected-responses", "activity-synthesis"),
    "cool-down": ("student-task", "expected-responses", "responding-to-student-thinking"),
    "practice-problems": ("problems", "answers"),
}
"""Parts a complete lesson must have (responses only while some task is not open-ended)."""

TASK_PARTS: dict[str, str] = {t.value: str(t.get("answered-by")) for t in VOCABULARY.parts if t.get("answered-by")}
"""Student parts made of tasks -> the teacher part that answers them (``x-answered-by`` in the vocabulary)."""

REQUIRED_SECTIONS = ("activity", "cool-down", "student-lesson-summary", "practice-problems")
EARLY_GRADES = frozenset({"K", "1", "2"})
EARLY_SPACE = AnswerSpace("box", 6)
DEFAULT_SPACE = AnswerSpace("lines", 4)
_MINIMUM_PRACTICE = 3


def default_space(grades: Sequence[str]) -> AnswerSpace:
    """A box 6 lines tall for K–2 (the lowest grade decides), four ruled lines otherwise."""
    return EARLY_SPACE if any(grade in EARLY_GRADES for grade in grades) else DEFAULT_SPACE


def section_forms(vocabulary: Vocabulary = VOCABULARY) -> dict[str, str]:
    """Section kind -> its ``## `` heading as a contributor writes it, in order."""
    forms = {}
    for term in vocabulary.sections:
        name = term.label + (" 1" if term.value == "activity" else "")
        if term.value in ("warm-up", "activity", "cool-down"):
            name += ": <title>"
        forms[term.value] = f"## {name}" + (" (N minutes)" if term.get("timed") else "")
    return forms


# -- headings ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _SectionHeading:
    kind: str | None
    number: int | None
    title: str
    minutes: int | None
    minutes_text: str | None
    """What stands in the final parentheses when it mentions minutes, written or malformed."""


def _minutes_suffix(text: str) -> tuple[str, int | None, str | None]:
    """Split ``Title (15 minutes)`` into the title, the minutes and the parenthesised text."""
    stripped = text.rstrip()
    if not stripped.endswith(")"):
        return stripped, None, None
    opening = stripped.rfind("(")
    if opening < 0:
        return stripped, None, None
    inside = stripped[opening + 1 : -1].strip()
    words = inside.split()
    if not any("min" in word.lower() for word in words):
        return stripped, None, None
    before = stripped[:opening].rstrip()
    if len(words) == 2 and words[0].isdigit() and words[1] in ("minutes", "minute"):
        return before, int(words[0]), inside
    return before, None, inside


def _classify(text: str, vocabulary: Vocabulary) -> _SectionHeading:
    name, minutes, minutes_text = _minutes_suffix(text)
    labels = {term.label.casefold(): term.value for term in vocabulary.sections}
    head, colon, title = name.partition(":")
    head, title = head.strip(), title.strip()
    kind = labels.get(head.casefold())
    number = None
    if kind is None:
        words = head.split()
        if len(words) == 2 and labels.get(words[0].casefold()) == "activity" and words[1].isdigit():
            kind, number = "activity", int(words[1])
    elif kind == "activity":
        kind = None  # "Activity" without a number
    if kind is not None and not vocabulary.sections[kind].get("timed") and colon:
        kind = None  # "Overview: something" is not a section
    return _SectionHeading(kind, number, title, minutes, minutes_text)


# -- options on a task's last line --------------------------------------------------------------------------------------
_OPTION_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9 ,:\t-]*")


def _unescaped_dollars(text: str) -> int:
    count, escaped = 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "$":
            count += 1
    return count


def _option_group(text: str) -> tuple[int, str] | None:
    """``(column, inside)`` of a ``{...}`` group ending ``text`` that reads as task options, else None.

    Braces of TeX (``\\frac{1}{2}``, ``x^{2}``), inside ``$…$`` or inside code are not options.
    """
    if not text.rstrip().endswith("}"):
        return None
    masked = mask_code_spans(text).rstrip()
    if not masked.endswith("}"):
        return None
    start = masked.rfind("{")
    inside = masked[start + 1 : -1]
    if start < 0 or "}" in inside or (start > 0 and masked[start - 1] not in " \t") or (start > 0 and masked[start - 1] == "\\"):
        return None
    if _unescaped_dollars(masked[:start]) % 2 or "$$" in masked:
        return None
    if not _OPTION_WORDS.fullmatch(inside):
        return None
    return start, inside


def _looks_like_options(inside: str) -> bool:
    word = inside.strip().lower()
    return word.startswith(("open-ended", "open ended", "space"))


@dataclass
class _Options:
    open_ended: bool = False
    space: AnswerSpace | None = None
    problems: list[str] = field(default_factory=list)


def _parse_options(inside: str, vocabulary: Vocabulary) -> _Options:
    options = _Options()
    spaces = vocabulary.answer_spaces
    written = ", ".join(t.value.replace("-", " ") + (" N" if t.get("size") else "") for t in spaces)
    for raw in inside.split(","):
        item = " ".join(raw.split()).lower()
        if item in ("open-ended", "open ended"):
            if options.open_ended:
                options.problems.append("says open-ended twice")
            options.open_ended = True
        elif item.partition(":")[0].strip() == "space":
            _, colon, rest = item.partition(":")
            words = rest.split()
            size = int(words.pop()) if words and words[-1].isdigit() else None
            kind = "-".join(words)
            if not colon or not kind:
                options.problems.append(f"does not say which answer space; write 'space:' and one of: {written}")
                continue
            if kind not in spaces:
                options.problems.append(f"asks for the answer space '{' '.join(words)}'; use one of: {written}")
                continue
            limits = spaces[kind].get("size")
            label = kind.replace("-", " ")
            if limits and size is None:
                options.problems.append(f"gives no size: write, for example, 'space: {label} {min(4, limits['maximum'])}'")
            elif not limits and size is not None:
                options.problems.append(f"gives a size, but '{label}' takes none")
            elif limits and not limits["minimum"] <= size <= limits["maximum"]:
                wanted, takes = (f"{size} lines", "lines take") if kind == "lines" else (f"a {label} {size} lines tall", f"a {label} takes")
                options.problems.append(f"asks for {wanted}; {takes} a number from {limits['minimum']} to {limits['maximum']}")
            elif options.space is not None:
                options.problems.append("gives the answer space twice")
            else:
                options.space = AnswerSpace(kind, size)
        elif not item:
            options.problems.append("has an empty option between commas")
        else:
            key, colon, rest = item.partition(":")
            close = difflib.get_close_matches(key.strip(), ["open-ended", "space"], n=1, cutoff=0.6)
            suggestion = f"; did you mean '{close[0]}{colon}{rest}'?" if close else ""
            options.problems.append(f"has the unknown option '{item}'{suggestion}")
    return options


# -- the parser ---------------------------------------------------------------------------------------------------------
def _source(lines: Sequence[Line]) -> MarkdownSource | None:
    """The lines as one Markdown text, without leading and trailing blank lines; None when empty."""
    start, end = 0, len(lines)
    while start < end and lines[start].kind == "blank":
        start += 1
    while end > start and lines[end - 1].kind == "blank":
        end -= 1
    if start == end:
        return None
    return MarkdownSource("\n".join(line.text for line in lines[start:end]), lines[start].number)


def _dedent(text: str, columns: int) -> str:
    """Remove a list item's indentation from one of its continuation lines: up to ``columns`` columns.

    Items numbered ``1.`` put their text 3 columns in, and many writers indent what follows
    by 4 (the Python-Markdown convention): a line indented 4 or more loses 4, so a ``$$`` line or
    a paragraph written that way starts its own block when the item is rendered on its own.
    """
    if columns < 4 and indent_of(text) >= 4:
        columns = 4
    removed, index = 0, 0
    while index < len(text) and removed < columns and text[index] in " \t":
        removed += 1 if text[index] == " " else 4 - removed % 4
        index += 1
    return text[index:]


def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_Piece = tuple[MarkdownSource, int | None]
"""A piece of a responses part: its Markdown and the position of the task it answers (None for prose around the items)."""


@dataclass
class _RawSection:
    heading: _SectionHeading
    text: str
    line: int
    column: int
    lines: list[Line]


@dataclass
class _RawPart:
    name: str
    heading: str
    line: int
    lines: list[Line]


class _Parser:
    def __init__(self, body: str, first_line: int, space: AnswerSpace, vocabulary: Vocabulary) -> None:
        self.lines = scan_lines(body, first_line)
        self.space = space
        self.vocabulary = vocabulary
        self.findings: list[Finding] = []
        self.counter = 0  # continuous task numbers through the lesson
        self.unreadable: set[int] = set()  # lines of responses parts already reported as not a numbered list

    def add(self, rule: str, line: int, column: int = 0, **values: object) -> None:
        self.findings.append(Finding(rule, line, column, values))

    # -- sections ----------------------------------------------------------------
    def split_sections(self) -> list[_RawSection]:
        sections: list[_RawSection] = []
        forms = ", ".join(section_forms(self.vocabulary).values())
        outside_reported = False
        previous: Line | None = None
        for line in self.lines:
            level = setext_level(line, previous)
            if level and previous is not None:
                self.add("unknown-section", previous.number, 1, heading=previous.text.strip(), allowed=forms,
                         suggestion=f" A line of {'=' if level == 1 else '-'} directly under text makes that text a level-{level} heading: leave a blank line above it, or write the heading as '## …'.")
            previous = line
            heading = heading_of(line)
            if heading and heading.level == 1:
                self.add("unknown-section", line.number, heading.column, heading=f"# {heading.text}", allowed=forms, suggestion=" The page title comes from 'title' in the front matter.")
            if heading and heading.level == 2:
                sections.append(_RawSection(_classify(heading.text, self.vocabulary), heading.text, line.number, heading.column, []))
                continue
            if sections:
                sections[-1].lines.append(line)
            elif line.kind != "blank" and not outside_reported and not (heading and heading.level == 1):
                outside_reported = True
                self.add("text-outside-sections", line.number, 1, text=_preview(line.text))
        return sections

    def check_sections(self, sections: list[_RawSection]) -> list[_RawSection]:
        """Report unknown, misplaced and badly timed headings; return the sections to read, in order."""
        order = self.vocabulary.sections.values
        by_kind = section_forms(self.vocabulary)
        forms = ", ".join(by_kind.values())
        labels = {self.vocabulary.sections[kind].label: form for kind, form in by_kind.items()}
        kept: list[_RawSection] = []
        seen: dict[str, int] = {}
        last: _RawSection | None = None
        next_activity = 1
        for section in sections:
            h = section.heading
            written = f"## {section.text}"
            if h.kind is None:
                match = difflib.get_close_matches(_minutes_suffix(section.text)[0].split(":")[0], list(labels), n=1, cutoff=0.6)
                self.add("unknown-section", section.line, section.column, heading=written, allowed=forms, suggestion=f" Did you mean '{labels[match[0]]}'?" if match else "")
                continue
            kept.append(section)
            term = self.vocabulary.sections[h.kind]
            if term.get("timed") and h.minutes is None:
                problem = f"writes its minutes as '({h.minutes_text})': write '(N minutes)'" if h.minutes_text else "has no minutes: add '(N minutes)' at the end"
                self.add("heading-minutes", section.line, section.column, heading=written, problem=problem)
            elif not term.get("timed") and h.minutes_text:
                self.add("heading-minutes", section.line, section.column, heading=written, problem=f"is not timed: remove '({h.minutes_text})'")
            if h.kind == "activity" and not h.title:
                self.add("heading-title", section.line, section.column, heading=written, number=h.number)
            if h.kind == "activity":
                if h.number != next_activity:
                    self.add("section-order", section.line, section.column, heading=written, reason=f"the next activity is Activity {next_activity}")
                next_activity = (h.number or 0) + 1
            elif h.kind in seen:
                self.add("section-order", section.line, section.column, heading=written, reason=f"there is already a '## {term.label}' section on line {seen[h.kind]}")
            if last is not None and order.index(h.kind) < order.index(last.heading.kind or ""):
                self.add("section-order", section.line, section.column, heading=written, reason=f"it must come before '## {last.text}' on line {last.line}")
            seen.setdefault(h.kind, section.line)
            last = section
        end = self.lines[-1].number if self.lines else 1
        for kind in REQUIRED_SECTIONS:
            if kind not in seen:
                following = next((s for s in kept if order.index(s.heading.kind or "") > order.index(kind)), None)
                line, column = (following.line, following.column) if following else (end, 0)
                self.add("missing-part", line, column, what=f"the section '{by_kind[kind]}'", state="missing", help="Sections, in this order: " + forms + ".")
        return kept

    # -- parts -----------------------------------------------------------------------
    def split_parts(self, section: _RawSection, name: str) -> tuple[list[Line], list[_RawPart]]:
        """The lines before the first part, and the parts in order (unknown and misplaced ones reported)."""
        kind = section.heading.kind or ""
        allowed = SECTION_PARTS[kind]
        labels = {self.vocabulary.parts[p].label.casefold(): p for p in allowed}
        all_labels = {t.label.casefold(): t.value for t in self.vocabulary.parts}
        parts_list = ", ".join(self.vocabulary.parts[p].label for p in allowed) or "none: it is teacher prose only (use '####' headings inside it)"
        intro: list[Line] = []
        parts: list[_RawPart] = []
        seen: dict[str, int] = {}
        last: _RawPart | None = None
        for line in section.lines:
            heading = heading_of(line)
            if heading is None or heading.level != 3:
                (parts[-1].lines if parts else intro).append(line)
                continue
            part = labels.get(heading.text.casefold())
            if part is None:
                known = all_labels.get(heading.text.casefold())
                match = difflib.get_close_matches(heading.text, [self.vocabulary.parts[p].label for p in allowed], n=1, cutoff=0.6) if not known else []
                suggestion = f" Did you mean '### {match[0]}'?" if match else ""
                self.add("unknown-part", line.number, heading.column, heading=heading.text, section=name, section_cap=name[0].upper() + name[1:], parts=parts_list, suggestion=suggestion)
                (parts[-1].lines if parts else intro).append(line)
                continue
            if part in seen:
                self.add("part-order", line.number, heading.column, heading=heading.text, section=name, section_cap=name[0].upper() + name[1:], parts=parts_list,
                         reason=f"there is already a '### {self.vocabulary.parts[part].label}' on line {seen[part]}")
            elif last is not None and allowed.index(part) < allowed.index(last.name):
                self.add("part-order", line.number, heading.column, heading=heading.text, section=name, section_cap=name[0].upper() + name[1:], parts=parts_list,
                         reason=f"it must come before '### {last.heading}' on line {last.line}")
            seen.setdefault(part, line.number)
            last = _RawPart(part, heading.text, line.number, [])
            parts.append(last)
        return intro, parts

    # -- tasks ------------------------------------------------------------------------
    def tasks(self, raw: _RawPart, name: str, numbered: bool) -> tuple[tuple[Block, ...], tuple[Task, ...]]:
        lines = raw.lines
        items = list_items(lines)
        blocks: list[Block] = []
        tasks: list[Task] = []
        option_lines: set[int] = set()
        if not items:
            source = _source(lines)
            if source is None:
                return (), ()
            task, used = self.task(lines, 0, len(lines), 0, 1, numbered)
            option_lines.add(used)
            blocks.append(Block("task", task.text, task))
            tasks.append(task)
        else:
            position = 0
            cursor = 0
            for item in items:
                context = _source(lines[cursor : item.start])
                if context is not None:
                    blocks.append(Block("text", context))
                position += 1
                task, used = self.task(lines, item.start, item.end, item.content_indent, position, numbered)
                option_lines.add(used)
                blocks.append(Block("task", task.text, task))
                tasks.append(task)
                cursor = item.end
            context = _source(lines[cursor:])
            if context is not None:
                blocks.append(Block("text", context))
        for line in lines:
            if line.kind == "text" and line.number not in option_lines:
                group = _option_group(line.text)
                if group and _looks_like_options(group[1]):
                    self.add("task-options", line.number, group[0] + 1, options="{" + group[1] + "}", problem=f"is not on the last line of its task in {name}: move it to the end of the task's last line")
        return tuple(blocks), tuple(tasks)

    def task(self, lines: Sequence[Line], start: int, end: int, indent: int, position: int, numbered: bool) -> tuple[Task, int]:
        """One task from ``lines[start:end]``; returns it and the line number that held its options (or -1)."""
        texts: list[str] = []
        for offset, line in enumerate(lines[start:end]):
            if offset == 0 and indent:
                marker = line.text.lstrip()
                digits = len(marker) - len(marker.lstrip("0123456789"))
                texts.append(marker[digits + 1 :].lstrip(" \t"))
            elif line.kind == "text" and indent and indent_of(line.text) < indent:
                texts.append(line.text.lstrip(" \t"))  # a lazy continuation line
            else:
                texts.append(_dedent(line.text, indent))
        last = max((i for i in range(len(texts)) if lines[start + i].kind == "text"), default=-1)
        options = _Options()
        used = -1
        if last >= 0:
            group = _option_group(texts[last])
            if group is not None:
                options = _parse_options(group[1], self.vocabulary)
                line = lines[start + last]
                used = line.number
                column = len(line.text) - len(texts[last]) + group[0] + 1
                for problem in options.problems:
                    self.add("task-options", line.number, column, options="{" + group[1] + "}", problem=problem)
                texts[last] = texts[last][: group[0]].rstrip()
        while texts and not texts[-1].strip():
            texts.pop()
        first = lines[start].number
        while texts and not texts[0].strip():
            texts.pop(0)
            first += 1
        if numbered:
            self.counter += 1
        number = self.counter if numbered else position
        return Task(number, position, MarkdownSource("\n".join(texts), first), options.open_ended, options.space or self.space, None), used

    def responses(self, raw: _RawPart | None, tasks: tuple[Task, ...], name: str) -> tuple[dict[int, MarkdownSource], list[_Piece]]:
        """Match a responses part to ``tasks`` (by position).

        Returns the responses by task position, and the part's pieces in source order: each
        response item with its task position, and the prose around the items (position None),
        so the answer key can show all of the part and nothing written there is lost.
        """
        if raw is None or not tasks:
            return {}, []
        lines = raw.lines
        whole = _source(lines)
        if len(tasks) == 1:
            return ({1: whole}, [(whole, 1)]) if whole is not None else ({}, [])
        items = list_items(lines)
        if not items:
            if whole is not None:
                self.add("responses-count", raw.line, 1, responses=raw.heading, section=name, problem=f"is not a numbered list, but there are {len(tasks)} tasks")
                self.unreadable.add(raw.line)
            return {}, ([(whole, None)] if whole is not None else [])
        written = [item.number for item in items]
        strictly_increasing = all(a < b for a, b in zip(written, written[1:], strict=False))
        if strictly_increasing and all(1 <= n <= len(tasks) for n in written):
            keys = written
        else:
            keys = list(range(1, len(items) + 1))
        found: dict[int, MarkdownSource] = {}
        pieces: list[_Piece] = []
        extra: list[int] = []
        cursor = 0
        for key, item in zip(keys, items, strict=True):
            context = _source(lines[cursor : item.start])
            if context is not None:
                pieces.append((context, None))
            cursor = item.end
            if key > len(tasks):
                extra.append(lines[item.start].number)
                continue
            texts = [lines[item.start].text.lstrip()[len(str(item.number)) + 1 :].lstrip(" \t")]
            texts += [_dedent(line.text, item.content_indent) for line in lines[item.start + 1 : item.end]]
            found[key] = MarkdownSource("\n".join(texts).strip("\n"), lines[item.start].number)
            pieces.append((found[key], key))
        after = _source(lines[cursor:])
        if after is not None:
            pieces.append((after, None))
        if extra:
            self.add("responses-count", extra[0], 1, responses=raw.heading, section=name,
                     problem=f"has {len(items)} numbered items, but there {'is 1 task' if len(tasks) == 1 else f'are {len(tasks)} tasks'}")
        return found, pieces

    # -- sections into the model ------------------------------------------------------------
    def activity(self, section: _RawSection) -> Activity:
        h = section.heading
        kind = h.kind or ""
        activity_id = f"activity-{h.number}" if kind == "activity" else kind
        name = f"Activity {h.number}" if kind == "activity" else f"the {self.vocabulary.sections[kind].label}"
        intro_lines, raw_parts = self.split_parts(section, name)
        by_name = {p.name: p for p in reversed(raw_parts)}  # the first of a repeated part
        built: dict[int, Part] = {}
        answered: dict[str, tuple[Task, ...]] = {}
        response_blocks: dict[int, tuple[Block, ...]] = {}  # id() of a responses part -> its pieces, once its tasks are known
        for raw in raw_parts:
            if raw.name in TASK_PARTS:
                blocks, tasks = self.tasks(raw, name, numbered=kind != "practice-problems")
                responses_raw = by_name.get(TASK_PARTS[raw.name])
                matched, pieces = self.responses(responses_raw, tasks, name)
                tasks = tuple(Task(t.number, t.position, t.text, t.open_ended, t.space, matched.get(t.position)) for t in tasks)
                blocks = tuple(Block(b.kind, b.source, tasks[b.task.position - 1]) if b.task else b for b in blocks)
                answered[raw.name] = tasks
                built[id(raw)] = self.part(raw, blocks, tasks)
                if responses_raw is not None:
                    response_blocks[id(responses_raw)] = tuple(
                        Block("task", source, tasks[position - 1]) if position else Block("text", source) for source, position in pieces
                    )
        for raw in raw_parts:
            if id(raw) not in built:
                built[id(raw)] = self.part(raw, response_blocks.get(id(raw), ()))
        parts = tuple(built[id(raw)] for raw in raw_parts)
        self.check_complete(kind, name, section, raw_parts, answered)
        return Activity(kind, activity_id, h.number, h.title, h.minutes or 0, section.line, _source(intro_lines), parts)

    def part(self, raw: _RawPart, blocks: tuple[Block, ...] = (), tasks: tuple[Task, ...] = ()) -> Part:
        source = _source(raw.lines) or MarkdownSource("", raw.line + 1)
        audience = str(self.vocabulary.parts[raw.name].get("audience", "teacher"))
        return Part(raw.name, raw.heading, raw.line, audience, source, blocks, tasks)

    def check_complete(self, kind: str, name: str, section: _RawSection, raw_parts: list[_RawPart], answered: dict[str, tuple[Task, ...]]) -> None:
        """Required parts present and filled in; every task answered."""
        present = {p.name: p for p in reversed(raw_parts)}
        allowed = SECTION_PARTS.get(kind, ())
        order = ", ".join(self.vocabulary.parts[p].label for p in allowed)
        help_text = f"{name[0].upper() + name[1:]} has these parts, in this order: {order}."
        for part in REQUIRED_PARTS.get(kind, ()):
            raw = present.get(part)
            label = self.vocabulary.parts[part].label
            asked = next((s for s, r in TASK_PARTS.items() if r == part), None)
            if asked is not None and (not answered.get(asked) or all(t.open_ended for t in answered[asked])):
                continue  # responses are needed only for tasks that have a single answer
            if raw is None:
                self.add("missing-part", section.line, section.column, what=f"the '### {label}' part of {name}", state="missing", help=help_text)
            elif _source(raw.lines) is None:
                rule = "empty-student-task" if part in TASK_PARTS and part != "problems" else "missing-part"
                if rule == "empty-student-task":
                    self.add(rule, raw.line, 1, part=raw.heading, section=name)
                elif part != "problems":
                    self.add(rule, raw.line, 1, what=f"the '### {label}' part of {name}", state="empty", help=help_text)
        extension = present.get("extension")
        if extension is not None and _source(extension.lines) is None:
            self.add("empty-student-task", extension.line, 1, part=extension.heading, section=name)
        if "extension" in answered and answered["extension"] and not all(t.open_ended for t in answered["extension"]) and "extension-responses" not in present:
            label = self.vocabulary.parts["extension-responses"].label
            self.add("missing-part", extension.line if extension else section.line, 1, what=f"the '### {label}' part of {name}", state="missing", help=help_text)
        for asked, tasks in answered.items():
            responses = present.get(TASK_PARTS[asked])
            if responses is None or _source(responses.lines) is None or responses.line in self.unreadable:
                continue  # reported above as a missing or empty part, or as not a numbered list
            for task in tasks:
                if task.response is None and not task.open_ended:
                    if asked == "problems":
                        self.add("practice-problems", task.text.line, 1, problem=f"have no answer for problem {task.position}: '{_preview(task.text.text)}'")
                    else:
                        self.add("task-without-answer", task.text.line, 1, number=task.position, section=name, task=_preview(task.text.text), responses=responses.heading)
        if kind == "practice-problems":
            count = len(answered.get("problems", ()))
            if count < _MINIMUM_PRACTICE:
                problems = present.get("problems")
                self.add("practice-problems", problems.line if problems else section.line, 1, problem=f"have {count} problem{'s' if count != 1 else ''}; at least {_MINIMUM_PRACTICE} are needed")

    def practice(self, section: _RawSection) -> Practice:
        activity = self.activity(section)
        return Practice(section.line, activity.intro, activity.part("problems"), activity.part("answers"))

    def parse(self) -> Lesson:
        sections = self.check_sections(self.split_sections())
        overview = summary = None
        activities: list[Activity] = []
        practice: Practice | None = None
        for section in sections:
            kind = section.heading.kind
            if kind == "overview":
                overview = overview or _source(section.lines)
            elif kind == "student-lesson-summary":
                summary = summary or _source(section.lines)
                if summary is None:
                    self.add("missing-part", section.line, section.column, what="the '## Student lesson summary' section", state="empty", help="Write the lesson's big idea in words students read; it is printed on the practice sheet.")
            elif kind == "practice-problems":
                practice = practice or self.practice(section)
            else:
                activities.append(self.activity(section))
        return Lesson(overview, tuple(activities), summary, practice)


def parse_lesson(body: str, first_line: int, *, space: AnswerSpace = DEFAULT_SPACE, vocabulary: Vocabulary = VOCABULARY) -> tuple[Lesson, list[Finding]]:
    """The lesson in ``body`` (which starts on line ``first_line`` of its file) and everything wrong with its structure.

    ``space`` is the answer space of tasks that declare none (see ``default_space``).
    """
    parser = _Parser(body, first_line, space, vocabulary)
    lesson = parser.parse()
    return lesson, parser.findings
