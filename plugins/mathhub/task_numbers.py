"""Task numbers in lesson text: ``{task 3}`` is printed as the number the handout gives that task.

A contributor numbers each activity's tasks from 1, but the site numbers tasks
straight through the lesson (warm-up 1–2, Activity 1 tasks 3–5, …), so that
"look at problem 5" means one thing on the guide, the handout and the answer
key. A number written by hand ("in question 3") would point students and
teachers at the wrong task, and would go stale whenever a task is added. So
lesson text refers to a task as ``{task 3}`` (task 3 of this activity's
Student task) or ``{task activity-2 3}`` (of another activity); the loader
replaces each reference with the printed number before the lesson is parsed
for good, and reports a reference to a task that does not exist, or a bare
"question 3" whose printed number differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .frontmatter import Document, FieldPath, field_name
from .markdown_lines import mask_code_spans, scan_lines
from .model import Lesson
from .rules import Finding

__all__ = ["TaskNumbers", "references_in", "resolve_body", "resolve_front_matter", "resolve_text", "task_numbers"]

_REFERENCE = re.compile(r"\{task(?:\s+(?P<activity>[a-z0-9-]+))?\s+(?P<position>[0-9]{1,3})\}", re.I)
_LOOSE_REFERENCE = re.compile(r"\{\s*tasks?\b[^{}\n]{0,40}\}", re.I)
_PLACE = r"the\s+warm-up|the\s+cool-down|activity\s+[0-9]{1,2}"
_BARE = re.compile(
    rf"(?<![\w{{])(?:(?P<before>{_PLACE})(?:'s|,)?\s+)?(?<!practice )(?P<noun>questions?|tasks?|problems?)\s+"
    r"(?P<numbers>[0-9]{1,2}(?:\s*(?:,|and|or|to|through|–|-)\s*[0-9]{1,2})*)\b"
    rf"(?:\s+(?:of|in|from)\s+(?P<where>{_PLACE}))?",
    re.I,
)
_NUMBER = re.compile(r"[0-9]{1,2}")


@dataclass(frozen=True)
class TaskNumbers:
    """Activity id -> the printed numbers of its Student task's tasks, by position (1-based)."""

    by_activity: Mapping[str, tuple[int, ...]]
    activities: frozenset[str] = frozenset()
    """Every activity id of the lesson, with tasks or without."""

    def printed(self, activity: str | None, position: int) -> int | None:
        numbers = self.by_activity.get(activity or "", ())
        return numbers[position - 1] if 1 <= position <= len(numbers) else None


def task_numbers(lesson: Lesson) -> TaskNumbers:
    table: dict[str, tuple[int, ...]] = {}
    for activity in lesson.activities:
        part = activity.part("student-task")
        if part is not None and part.tasks:
            table[activity.id] = tuple(task.number for task in part.tasks)
    return TaskNumbers(table, frozenset(a.id for a in lesson.activities))


def _where(text: str | None) -> str | None:
    """"the warm-up" -> ``warm-up``; "Activity 2" -> ``activity-2``."""
    if text is None:
        return None
    words = " ".join(text.lower().split())
    return words.removeprefix("the ").replace(" ", "-")


def resolve_text(text: str, numbers: TaskNumbers, activity: str | None) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` with every ``{task …}`` outside code replaced by its printed number, and what could not be resolved.

    Each unresolved reference is ``(offset, reference, problem)``; it is left in the text as written.
    """
    if "{" not in text:
        return text, []
    visible = mask_code_spans(text)
    unresolved: list[tuple[int, str, str]] = []
    out: list[str] = []
    cursor = 0
    for match in _REFERENCE.finditer(visible):
        printed, problem = _printed(match, numbers, activity)
        if problem:
            unresolved.append((match.start(), match.group(0), problem))
            continue
        out.append(text[cursor : match.start()] + str(printed))
        cursor = match.end()
    out.append(text[cursor:])
    for loose in _LOOSE_REFERENCE.finditer(visible):
        if not _REFERENCE.fullmatch(loose.group(0)):
            unresolved.append((loose.start(), loose.group(0), "is not a task reference: write {task N} or {task activity-2 N}"))
    return "".join(out), sorted(unresolved)


def _printed(match: re.Match[str], numbers: TaskNumbers, activity: str | None) -> tuple[int, str]:
    """The printed number a reference stands for, or 0 and what is wrong with it."""
    target = (match.group("activity") or activity or "").lower()
    position = int(match.group("position"))
    if not target:
        return 0, "is not inside an activity; name the activity, for example {task activity-1 2}"
    if target not in numbers.by_activity:
        known = ", ".join(sorted(numbers.by_activity)) or "none"
        return 0, f"names '{target}', which has no student tasks (activities with tasks: {known})"
    printed = numbers.printed(target, position)
    if printed is None:
        count = len(numbers.by_activity[target])
        return 0, f"asks for task {position} of {target}, which has {count} task{'s' if count != 1 else ''}"
    return printed, ""


def references_in(text: str, numbers: TaskNumbers, activity: str | None) -> Iterator[tuple[int, str, str, str, str]]:
    """Bare task numbers in ``text`` that the handout prints differently:
    ``(offset, phrase, suggestion, activity id, the printed numbers)``.

    "question 3" inside Activity 2 means task 3 of Activity 2; "question 3 of Activity 1" names its activity.
    Practice problems are numbered on their own sheet, so "practice problem 2" is left alone.
    """
    for match in _BARE.finditer(text):
        named = match.group("where") or match.group("before")
        target = _where(named) or activity
        if target is None or target not in numbers.by_activity:
            continue
        numbers_text = match.group("numbers")
        positions = [int(n.group(0)) for n in _NUMBER.finditer(numbers_text)]
        printed = [numbers.printed(target, p) for p in positions]
        if any(p is None for p in printed) or all(p == q for p, q in zip(positions, printed, strict=True)):
            continue
        prefix = "{task " + (target + " " if named else "")
        suggestion = _NUMBER.sub(lambda n, prefix=prefix: prefix + n.group(0) + "}", numbers_text)
        start = match.start("noun")
        end = match.start("numbers") + len(numbers_text)
        yield start, text[start:end], f"{match.group('noun')} {suggestion}", target, ", ".join(str(p) for p in printed)


def resolve_body(body: str, first_line: int, lesson: Lesson, numbers: TaskNumbers) -> tuple[str, list[Finding]]:
    """The body with its references resolved, and a finding per bad reference or stale bare number.

    Each line belongs to the activity whose heading comes last before it (the overview, the
    summary and the practice problems belong to none). Code is left alone.
    """
    starts = sorted([(a.line, a.id) for a in lesson.activities] + ([(lesson.practice.line, "")] if lesson.practice else [])
                    + ([(lesson.summary.line - 1, "")] if lesson.summary else []))
    findings: list[Finding] = []
    out: list[str] = []
    for line in scan_lines(body, first_line):
        activity: str | None = None
        for start, name in starts:
            if start <= line.number:
                activity = name or None
        if line.in_code or "{" not in line.text and not _BARE.search(line.text):
            out.append(line.text)
            continue
        resolved, unresolved = resolve_text(line.text, numbers, activity)
        for offset, reference, problem in unresolved:
            findings.append(Finding("task-reference", line.number, offset + 1, {"reference": reference, "problem": problem}))
        for offset, phrase, suggestion, target, printed in references_in(mask_code_spans(line.text), numbers, activity):
            values = {"text": phrase, "suggestion": suggestion, "activity": target, "printed": printed}
            findings.append(Finding("task-number-in-text", line.number, offset + 1, values))
        out.append(resolved)
    return "\n".join(out), findings


def _front_matter_texts(data: Mapping[str, Any]) -> Iterator[tuple[FieldPath, str, str | None]]:
    """The front-matter text that may mention a task: ``(path, text, the activity it belongs to)``."""
    if isinstance(data.get("preparation"), str):
        yield ("preparation",), data["preparation"], None
    materials = data.get("materials")
    for index, item in enumerate(materials if isinstance(materials, list) else []):
        if isinstance(item, str):
            yield ("materials", index), item, None
    less = data.get("less_time")
    plan = less.get("plan") if isinstance(less, dict) else None
    for index, step in enumerate(plan if isinstance(plan, list) else []):
        if isinstance(step, dict) and isinstance(step.get("note"), str):
            activity = step.get("activity") if isinstance(step.get("activity"), str) else None
            yield ("less_time", "plan", index, "note"), step["note"], activity


def resolve_front_matter(document: Document, numbers: TaskNumbers) -> list[Finding]:
    """Resolve the references in the preparation, materials and less-time notes (in ``document.data``, as the
    loader normalises other fields), and report what cannot be resolved or is stale."""
    findings: list[Finding] = []
    for path, text, activity in _front_matter_texts(document.data):
        if activity is not None and activity not in numbers.activities:
            continue  # a plan step naming no activity of the lesson is reported by the less-time-activity rule
        line, column = document.where(path)
        resolved, unresolved = resolve_text(text, numbers, activity)
        for _, reference, problem in unresolved:
            findings.append(Finding("task-reference", line, column, {"reference": reference, "problem": problem}, field_name(path)))
        for _, phrase, suggestion, target, printed in references_in(mask_code_spans(text), numbers, activity):
            values = {"text": phrase, "suggestion": suggestion, "activity": target, "printed": printed}
            findings.append(Finding("task-number-in-text", line, column, values, field_name(path)))
        if resolved != text:
            _assign(document.data, path, resolved)
    return findings


def _assign(data: Any, path: FieldPath, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
