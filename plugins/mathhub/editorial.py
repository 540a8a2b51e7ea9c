"""Editorial checks of a whole cartridge: its front matter and its parsed lesson together.

The lesson parser checks the structure of the body; the checks here need more
than one place at once (minutes in the headings against ``minutes``, responses
against student text) or look at every line (TODO, dollar signs). Each returns
``rules.Finding`` values; the loader turns them into problems with the
severity the lesson's review status calls for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .frontmatter import Document, FieldPath, field_name, strings_in
from .markdown_lines import Line, heading_of, mask_code_spans, scan_lines, starts_block
from .model import Lesson, MarkdownSource
from .rules import Finding

__all__ = ["check_cartridge", "dollar_problems"]

_TODO = re.compile(r"\bTODO\b")
_LEAK_WORDS = re.compile(r"answer key|expected responses?", re.I)
_ANSWER_LABEL = re.compile(r"^\s{0,3}(?:[-+*]\s+|\d{1,9}[.)]\s+)?(?:\*\*|__|\*|_)?answers?(?:\*\*|__|\*|_)?\s*:", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACING = re.compile(r"\\[,;:! ]|\\left|\\right|\s+|\$|\*")
_PLAIN_SEARCH_BUDGET = 200_000
"""Characters of student text times tasks below which ``needle in text`` is cheaper than building an automaton."""
_MINIMUM_LEAK = 16
"""Shorter responses (a number, a fraction) appear in tasks innocently; longer ones only when copied."""
TEXT_FIELDS = ("title", "summary", "student_goal")
TEXT_LISTS = ("goals", "targets")


def _finding(document: Document, rule: str, path: FieldPath, **values: object) -> Finding:
    line, column = document.where(path)
    return Finding(rule, line, column, values, field_name(path))


# -- minutes ---------------------------------------------------------------------------------------------------------
def _minutes(document: Document, lesson: Lesson, complete: bool) -> Iterator[Finding]:
    data = document.data
    declared = data.get("minutes")
    added = lesson.minutes
    if complete and lesson.activities and isinstance(declared, int) and not isinstance(declared, bool) and added != declared:
        yield _finding(document, "minutes-do-not-add-up", ("minutes",), counted="the section headings add up to", added=added, field="minutes", declared=declared,
                       fix=f"Write 'minutes: {added}', or change the '(N minutes)' in the headings so they add up to {declared}.")
    less = data.get("less_time")
    if not isinstance(less, dict) or not isinstance(less.get("plan"), list):
        return
    by_id = {a.id: a for a in lesson.activities}
    ids = ", ".join(by_id) or "none yet"
    saved = 0
    seen: set[str] = set()
    usable = complete
    for index, step in enumerate(less["plan"]):
        if not isinstance(step, dict) or not isinstance(step.get("activity"), str):
            usable = False
            continue
        name = step["activity"]
        path: FieldPath = ("less_time", "plan", index, "activity")
        activity = by_id.get(name)
        if activity is None:
            yield _finding(document, "less-time-activity", path, activity=name, problem="but the lesson has no such activity", ids=ids)
            usable = False
        elif name in seen:
            yield _finding(document, "less-time-activity", path, activity=name, problem="a second time", ids=ids)
            usable = False
        elif step.get("skip") is True:
            saved += activity.minutes
        elif isinstance(step.get("minutes"), int):
            if step["minutes"] >= activity.minutes:
                yield _finding(document, "less-time-activity", ("less_time", "plan", index, "minutes"), activity=name, ids=ids,
                               problem=f"with {step['minutes']} minutes, but it takes {activity.minutes} minutes in full")
                usable = False
            else:
                saved += activity.minutes - step["minutes"]
        else:
            usable = False  # the schema reports a step with neither skip nor minutes
        seen.add(name)
    target = less.get("minutes")
    if usable and isinstance(declared, int) and isinstance(target, int) and added == declared and declared - saved != target:
        result = declared - saved
        yield _finding(document, "minutes-do-not-add-up", ("less_time", "minutes"), counted="the less-time plan leaves", added=result, field="less_time.minutes", declared=target,
                       fix=f"Write 'minutes: {result}' under less_time, or change the plan so it saves {declared - target} minutes.")


# -- front matter wording -----------------------------------------------------------------------------------------------
def _targets(document: Document) -> Iterator[Finding]:
    targets = document.data.get("targets")
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        if isinstance(target, str) and not target.startswith("I can "):
            yield _finding(document, "target-phrasing", ("targets", index), target=target)


def _vocabulary(document: Document) -> Iterator[Finding]:
    terms = document.data.get("vocabulary")
    first: dict[str, int] = {}
    for index, entry in enumerate(terms if isinstance(terms, list) else []):
        term = entry.get("term") if isinstance(entry, dict) else None
        if not isinstance(term, str):
            continue
        key = " ".join(term.split()).casefold()
        if key in first:
            yield _finding(document, "vocabulary-term", ("vocabulary", index, "term"), term=term, first=first[key])
        else:
            first[key] = index


def _front_matter_todo(document: Document) -> Iterator[Finding]:
    for path, text in strings_in(document.data):
        if _TODO.search(text):
            yield _finding(document, "todo-left", path, text=_preview(text))


def _text_fields(document: Document) -> Iterator[tuple[FieldPath, str]]:
    """The front-matter text that may hold $…$ mathematics (shown rendered on the site)."""
    data = document.data
    for name in TEXT_FIELDS:
        if isinstance(data.get(name), str):
            yield (name,), data[name]
    for name in TEXT_LISTS:
        values = data.get(name)
        for index, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str):
                yield (name, index), value
    terms = data.get("vocabulary")
    for index, entry in enumerate(terms if isinstance(terms, list) else []):
        if isinstance(entry, dict):
            for key in ("term", "definition"):
                if isinstance(entry.get(key), str):
                    yield ("vocabulary", index, key), entry[key]
    plan = data.get("less_time", {}).get("plan") if isinstance(data.get("less_time"), dict) else None
    for index, step in enumerate(plan if isinstance(plan, list) else []):
        if isinstance(step, dict) and isinstance(step.get("note"), str):
            yield ("less_time", "plan", index, "note"), step["note"]


def _front_matter_dollars(document: Document) -> Iterator[Finding]:
    for path, text in _text_fields(document):
        lines = [Line(1, line, "text" if line.strip() else "blank") for line in text.split("\n")]
        for _, _, problem in dollar_problems(lines):
            yield _finding(document, "literal-dollar", path, problem=problem)


# -- the body line by line ------------------------------------------------------------------------------------------------
def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _body_todo(lines: Sequence[Line]) -> Iterator[Finding]:
    for line in lines:
        match = _TODO.search(line.text)
        if match:
            yield Finding("todo-left", line.number, match.start() + 1, {"text": _preview(line.text.strip())})


_DOLLAR_TOKENS = re.compile(r"\\.|\$\$|\$", re.S)


def _dollars(text: str) -> list[int]:
    """Columns (0-based) of single, unescaped ``$`` signs in ``text`` (``$$`` pairs are left out)."""
    if "$" not in text:
        return []
    return [m.start() for m in _DOLLAR_TOKENS.finditer(text) if m.group(0) == "$"]


def dollar_problems(lines: Sequence[Line]) -> list[tuple[int, int, str]]:
    """``(line, column, problem)`` for every ``$`` that would print as a dollar sign instead of opening mathematics.

    Inline math is ``$…$`` within one paragraph, with no space just inside the
    signs; display math is ``$$`` on lines of its own (or ``$$…$$`` alone on a
    line), in pairs, not empty. ``\\$`` is a dollar sign on purpose.
    """
    problems: list[tuple[int, int, str]] = []
    signs: list[tuple[int, str, int]] = []  # the current paragraph's single $ signs: line, masked text, column
    display: Line | None = None
    display_empty = False

    def flush() -> None:
        for index in range(0, len(signs) - 1, 2):
            (open_line, open_text, open_col), (_, close_text, close_col) = signs[index], signs[index + 1]
            after = open_text[open_col + 1] if open_col + 1 < len(open_text) else " "
            before = close_text[close_col - 1] if close_col > 0 else " "
            if after.isspace() or before.isspace():
                problems.append((open_line, open_col + 1, "a space just inside '$ … $' (or money written with '$') makes both signs print as dollar signs"))
        if len(signs) % 2:
            line, _, column = signs[-1]
            problems.append((line, column + 1, "this '$' is never closed in its paragraph"))
        signs.clear()

    for line in lines:
        if line.in_code or line.kind == "blank":
            flush()
            if display is not None and line.kind == "blank":
                problems.append((display.number, 1, f"the '$$' opened on line {display.number} is not closed before the blank line"))
                display = None
            continue
        if "$" not in line.text and display is None:
            if signs and (heading_of(line) or starts_block(line.text)):
                flush()
            continue
        masked = mask_code_spans(line.text)
        stripped = masked.strip()
        if display is not None:
            if stripped.endswith("$$"):
                if stripped == "$$" and display_empty:
                    problems.append((display.number, 1, f"the '$$' on line {display.number} and the one on line {line.number} have no mathematics between them"))
                display = None
            elif stripped:
                display_empty = False
            continue
        if stripped.startswith("$$"):
            flush()
            if stripped == "$$":
                display, display_empty = line, True
            elif stripped.endswith("$$") and len(stripped) >= 4:
                if not stripped[2:-2].strip():
                    problems.append((line.number, masked.index("$$") + 1, "'$$$$' has no mathematics between the signs"))
            else:
                display, display_empty = line, False
            continue
        heading = heading_of(line)
        if heading or starts_block(line.text):
            flush()
        middle = masked.find("$$")
        if middle >= 0 and not (middle > 0 and masked[middle - 1] == "\\"):
            problems.append((line.number, middle + 1, "'$$' in the middle of a line prints as dollar signs: put $$ on lines of their own"))
        signs.extend((line.number, masked, column) for column in _dollars(masked))
        if heading:
            flush()
    flush()
    if display is not None:
        problems.append((display.number, 1, f"the '$$' opened on line {display.number} is never closed"))
    return problems


def _body_dollars(lines: Sequence[Line]) -> Iterator[Finding]:
    for line, column, problem in dollar_problems(lines):
        yield Finding("literal-dollar", line, column, {"problem": problem})


# -- answers in student text -------------------------------------------------------------------------------------------------
def _normal(text: str) -> str:
    """Case, spaces and math delimiters removed, so a copied answer is found however it was re-typed."""
    return _SPACING.sub("", text.casefold()).rstrip(".!?,;:")


class _Substrings:
    """Answers "is ``needle`` a substring of ``text``?" in time linear in the needle (a suffix automaton).

    Many responses are looked up in the same student text; ``needle in text`` for each
    would make a long lesson quadratic.
    """

    def __init__(self, text: str) -> None:
        self.next: list[dict[str, int]] = [{}]
        link, length, last = [-1], [0], 0
        for char in text:
            current = len(self.next)
            self.next.append({})
            length.append(length[last] + 1)
            link.append(0)
            state = last
            while state != -1 and char not in self.next[state]:
                self.next[state][char] = current
                state = link[state]
            if state != -1:
                following = self.next[state][char]
                if length[state] + 1 == length[following]:
                    link[current] = following
                else:
                    clone = len(self.next)
                    self.next.append(dict(self.next[following]))
                    length.append(length[state] + 1)
                    link.append(link[following])
                    while state != -1 and self.next[state].get(char) == following:
                        self.next[state][char] = clone
                        state = link[state]
                    link[following] = link[current] = clone
            last = current

    def __contains__(self, needle: str) -> bool:
        state = 0
        for char in needle:
            state = self.next[state].get(char, -1)
            if state < 0:
                return False
        return True


def _searchable(text: str, lookups: int) -> str | _Substrings:
    """The text itself while a plain search per response stays cheap; a suffix automaton when many long searches would add up."""
    return text if len(text) * max(lookups, 1) < _PLAIN_SEARCH_BUDGET else _Substrings(text)


def _fragments(response: MarkdownSource) -> Iterator[str]:
    yield response.text
    for line in response.text.split("\n"):
        if line.lstrip().startswith("|"):
            continue  # table rows repeat the given cells of the task's table
        yield from _SENTENCE_END.split(line)


def _answers_in_student_text(lesson: Lesson) -> Iterator[Finding]:
    for activity in lesson.activities:
        name = f"Activity {activity.number}" if activity.number is not None else f"the {activity.label.split(':')[0]}"
        for part in activity.student_parts:
            for line_offset, line in enumerate(part.source.text.split("\n")):
                number = part.source.line + line_offset
                words = _LEAK_WORDS.search(line)
                if words:
                    yield Finding("answer-in-student-text", number, words.start() + 1, {"part": part.heading, "section": name, "problem": f"contains the words '{words.group(0)}'"})
                elif _ANSWER_LABEL.match(line):
                    yield Finding("answer-in-student-text", number, 1, {"part": part.heading, "section": name, "problem": "labels an answer with 'Answer:'"})
        student = [(p, [_normal(line) for line in p.source.text.split("\n")], _searchable(_normal(p.source.text), len(activity.tasks))) for p in activity.student_parts]
        for task in activity.tasks:
            if task.response is None:
                continue
            for fragment in _fragments(task.response):
                needle = _normal(fragment)
                if len(needle) < _MINIMUM_LEAK:
                    continue
                hit = next(((p, lines) for p, lines, whole in student if needle in whole), None)
                if hit is None:
                    continue
                part, normal_lines = hit
                offset = next((i for i, text in enumerate(normal_lines) if needle in text), 0)
                yield Finding("answer-in-student-text", part.source.line + offset, 1,
                              {"part": part.heading, "section": name, "problem": f"contains the expected response of task {task.position}: '{_preview(fragment)}'"})
                break


def check_cartridge(document: Document, lesson: Lesson, *, complete_headings: bool) -> list[Finding]:
    """Every editorial finding about one cartridge that needs its front matter, its whole body, or both.

    ``complete_headings`` is False when a timed heading has no minutes: the sums are then not compared.
    """
    lines = scan_lines(document.body, document.body_line)
    findings: list[Finding] = []
    findings.extend(_minutes(document, lesson, complete_headings))
    findings.extend(_targets(document))
    findings.extend(_vocabulary(document))
    findings.extend(_front_matter_todo(document))
    findings.extend(_front_matter_dollars(document))
    findings.extend(_body_todo(lines))
    findings.extend(_body_dollars(lines))
    findings.extend(_answers_in_student_text(lesson))
    return findings
