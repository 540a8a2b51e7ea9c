"""The editorial rules of a lesson: one registry, each rule with an id, a severity, a message and a hint.

The lesson parser and the editorial checks report ``Finding`` values (which
rule, where, and the words to fill in); ``Rule.problem`` turns a finding into
a ``Problem`` with the severity the lesson's review status calls for. The
contributor guide lists the rules from ``rules_reference``, so the rules a
contributor must follow are written down once, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .problems import Problem, Severity
from .vocabulary import VOCABULARY

__all__ = ["COMPLETE_FROM", "Finding", "Rule", "RULES", "RuleSeverity", "rule", "rules_reference"]

RuleSeverity = Literal["error", "warning", "by-status"]

COMPLETE_FROM = "in-review"
"""From this review status on, a lesson must be complete: ``by-status`` rules are errors, before it warnings."""


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place; ``values`` fill in the rule's message and hint."""

    rule: str
    line: int
    column: int = 0
    values: Mapping[str, object] = field(default_factory=dict)
    field: str = ""
    """The front-matter field, for findings located in the front matter."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: RuleSeverity
    summary: str
    """What the rule checks, in one sentence (the contributor guide's "what" column)."""
    message: str
    """A ``str.format`` template filled with a finding's values."""
    hint: str
    example: Mapping[str, object]
    """Values that illustrate the message and hint in the contributor guide (and prove the templates complete)."""

    def severity_for(self, status: str) -> Severity:
        if self.severity != "by-status":
            return self.severity
        rank = VOCABULARY.status_rank(status)
        return "error" if rank >= VOCABULARY.status_rank(COMPLETE_FROM) else "warning"

    def problem(self, path: str, finding: Finding, status: str) -> Problem:
        values = {key: str(value) for key, value in finding.values.items()}
        return Problem(path, finding.line, finding.column, finding.field, self.message.format_map(values), self.hint.format_map(values), self.severity_for(status), self.id)


_ORDER = "Overview, Warm-up, Activity 1, Activity 2 …, Lesson synthesis, Cool-down, Student lesson summary, Practice problems"
_OPTIONS = "{open-ended}, {space: lines N}, {space: box N}, {space: grid N}, {space: number line}, {space: none}"

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "unknown-section", "error",
            "A level-2 heading that is not one of the lesson's sections, or a level-1 heading.",
            "'{heading}' is not a lesson section",
            "Sections, in this order: {allowed}.{suggestion}",
            {"heading": "## Explore (20 minutes)", "allowed": "## Overview, ## Warm-up: <title> (N minutes), ## Activity 1: <title> (N minutes), …", "suggestion": " Did you mean '## Activity 1: <title> (N minutes)'?"},
        ),
        Rule(
            "text-outside-sections", "error",
            "Text before the first '## ' section heading.",
            "text before the first section: '{text}'",
            "Everything in a lesson belongs to a '## ' section: move this text under '## Overview', or delete it.",
            {"text": "Students already know unit fractions."},
        ),
        Rule(
            "section-order", "error",
            "Sections out of order, repeated, or activities not numbered 1, 2, 3 ….",
            "'{heading}' is out of order: {reason}",
            "Sections go in this order, each at most once: " + _ORDER + "; activities are numbered 1, 2, 3 … without gaps.",
            {"heading": "## Warm-up (5 minutes)", "reason": "it must come before '## Activity 1: Sharing (15 minutes)' on line 40"},
        ),
        Rule(
            "heading-minutes", "error",
            "A timed section heading without '(N minutes)', or minutes on a section that is not timed.",
            "'{heading}' {problem}",
            "A timed heading ends with its minutes, for example '## Activity 1: Three brownies, four friends (15 minutes)'. "
            "Only the Warm-up, the Activities, the Lesson synthesis and the Cool-down are timed.",
            {"heading": "## Warm-up: Sharing one brownie", "problem": "has no minutes: add '(N minutes)' at the end"},
        ),
        Rule(
            "heading-title", "error",
            "An activity heading without a title.",
            "'{heading}' has no title",
            "Name the activity after a colon, for example '## Activity {number}: Three brownies, four friends (15 minutes)'.",
            {"heading": "## Activity 2 (15 minutes)", "number": 2},
        ),
        Rule(
            "unknown-part", "error",
            "A '### ' heading that is not one of the parts of its section.",
            "'### {heading}' is not a part of {section}",
            "{section_cap} has these parts, in this order: {parts}.{suggestion}",
            {"heading": "Answers", "section": "Activity 1", "section_cap": "Activity 1", "parts": "Launch, Student task, Expected responses, …", "suggestion": " Did you mean '### Expected responses'?"},
        ),
        Rule(
            "part-order", "error",
            "Parts of a section out of order, or repeated.",
            "'### {heading}' is out of order in {section}: {reason}",
            "{section_cap} has these parts, in this order, each at most once: {parts}.",
            {"heading": "Launch", "section": "Activity 1", "section_cap": "Activity 1", "reason": "it must come before '### Student task' on line 52", "parts": "Launch, Student task, Expected responses, …"},
        ),
        Rule(
            "minutes-do-not-add-up", "error",
            "The section minutes do not add up to 'minutes', or the less-time plan does not leave 'less_time.minutes'.",
            "{counted} {added} minutes, but '{field}' is {declared}",
            "'minutes' is the sum of the '(N minutes)' in the section headings, and 'less_time.minutes' is 'minutes' less what the plan skips or shortens. {fix}",
            {"counted": "the section headings add up to", "added": 55, "field": "minutes", "declared": 60, "fix": "Write 'minutes: 55', or change the headings so they add up to 60."},
        ),
        Rule(
            "less-time-activity", "error",
            "A less-time plan step that names an activity the lesson does not have, repeats one, or does not shorten it.",
            "less_time.plan names '{activity}' {problem}",
            "Name one of this lesson's activities ({ids}) once, with 'skip: true' or with 'minutes' less than the activity's own.",
            {"activity": "activity-3", "problem": "but the lesson has no such activity", "ids": "warm-up, activity-1, activity-2, lesson-synthesis, cool-down"},
        ),
        Rule(
            "missing-part", "by-status",
            "A required section or part is missing or empty (warning for a draft, error from 'in-review' on).",
            "{what} is {state}",
            "A draft may leave it for later; from 'in-review' on it is required. {help}",
            {"what": "the '### Launch' part of Activity 1", "state": "missing", "help": "Activity 1 has these parts, in this order: Launch, Student task, Expected responses, …"},
        ),
        Rule(
            "task-without-answer", "by-status",
            "A task that is not marked {open-ended} has no expected response (warning for a draft, error from 'in-review' on).",
            "task {number} of {section} has no expected response: '{task}'",
            "Add item {number} to '### {responses}', one numbered item per task in the same order; if the task has no single answer, end it with {{open-ended}}.",
            {"number": 2, "section": "Activity 1", "task": "How much brownie does each friend get?", "responses": "Expected responses"},
        ),
        Rule(
            "responses-count", "error",
            "More expected responses than tasks, or a list of responses that cannot be matched to the tasks.",
            "'### {responses}' of {section} {problem}",
            "Write one numbered item per task, in the order of the tasks. To leave out the response of an open-ended task, number each item like its task (for example '1.' and '3.').",
            {"responses": "Expected responses", "section": "Activity 1", "problem": "has 3 numbered items, but the student task has 2 tasks"},
        ),
        Rule(
            "empty-student-task", "by-status",
            "A student-facing task part with no text (warning for a draft, error from 'in-review' on).",
            "the '### {part}' part of {section} has no text",
            "Write what students read and do: this part is what the handout prints.",
            {"part": "Student task", "section": "the Warm-up"},
        ),
        Rule(
            "todo-left", "by-status",
            "'TODO' left in the text or the front matter (warning for a draft, error from 'in-review' on).",
            "TODO left: '{text}'",
            "Replace the placeholder with the real content; a draft may keep TODOs, a lesson in review may not.",
            {"text": "TODO: what the teacher says to start."},
        ),
        Rule(
            "answer-in-student-text", "error",
            "A student-facing part contains an expected response, or the words 'answer key', 'expected response' or 'Answer:'.",
            "the student-facing '### {part}' of {section} {problem}",
            "Students see this part on the handout; keep answers in '### Expected responses' (or '### Extension responses', '### Answers'), which only teachers see.",
            {"part": "Student task", "section": "Activity 1", "problem": "contains the expected response of task 2: '3/4 of a brownie.'"},
        ),
        Rule(
            "practice-problems", "by-status",
            "Fewer than 3 practice problems, or a practice problem without an answer (warning for a draft, error from 'in-review' on).",
            "the practice problems {problem}",
            "Write at least 3 problems under '### Problems' and one numbered answer per problem under '### Answers', in the same order.",
            {"problem": "have no answer for problem 3: 'Write a division equation for 4 pizzas shared by 6 friends.'"},
        ),
        Rule(
            "target-phrasing", "warning",
            "A learning target that does not start with 'I can' (always a warning).",
            "the target '{target}' does not start with 'I can'",
            "Targets speak to students, and 'I can …' is the recommended form, for example 'I can explain why 3 ÷ 4 = 3/4 using a drawing.'",
            {"target": "Explain why 3 ÷ 4 = 3/4."},
        ),
        Rule(
            "task-options", "error",
            "An unknown or malformed {…} task option, or options that are not on the task's last line.",
            "the task option '{options}' {problem}",
            "Task options go in braces at the end of a task's last line: " + _OPTIONS.replace("{", "{{").replace("}", "}}")
            + ", for example {{open-ended, space: box 6}}. Lines take 1 to 20; a box or a grid 1 to 30. To print braces at the end of a line, write \\{{ and \\}}.",
            {"options": "{space: lines 30}", "problem": "asks for 30 lines; lines takes a number from 1 to 20"},
        ),
        Rule(
            "literal-dollar", "error",
            "A '$' that would print as a dollar sign next to mathematics (for example '$$' lines that do not pair up).",
            "a '$' here would print as a dollar sign: {problem}",
            "Write inline mathematics as $…$ with no space just inside the dollar signs, closed in the same paragraph; put $$ on lines of their own, in pairs, around the mathematics; write a money sign as \\$.",
            {"problem": "the '$$' opened on line 12 is not closed before the blank line"},
        ),
        Rule(
            "task-reference", "error",
            "A {task …} reference to a task that does not exist, or a misspelt one.",
            "the task reference '{reference}' {problem}",
            "Write {{task N}} for task N of this activity's Student task, or {{task activity-2 N}} for another activity's; the site prints the number the handout gives that task.",
            {"reference": "{task 4}", "problem": "asks for task 4 of activity-1, which has 2 tasks"},
        ),
        Rule(
            "task-number-in-text", "warning",
            "A task mentioned by its number in its activity ('question 3') where the handout prints another number (always a warning).",
            "'{text}' of {activity} is printed as {printed} on the handout, which numbers tasks straight through the lesson",
            "Write '{suggestion}': the site then prints the handout's number, and it stays right when tasks are added.",
            {"text": "question 2", "suggestion": "question {task 2}", "activity": "activity-1", "printed": 3},
        ),
        Rule(
            "handout-file", "error",
            "A leftover handout.md: the handout is generated from the Student task parts.",
            "handout.md is no longer used; move its tasks into the Student task parts of index.md",
            "The handout, the answer key and the practice sheet are generated from index.md: put each task in its activity's '### Student task' part, then delete handout.md.",
            {},
        ),
        Rule(
            "vocabulary-term", "error",
            "The same vocabulary term defined twice.",
            "the term '{term}' is defined twice (first at vocabulary[{first}])",
            "Keep one definition of each term.",
            {"term": "quotient", "first": 0},
        ),
        Rule(
            "image-alt-text", "by-status",
            "An image whose alt text is too short to say what it shows (warning for a draft, error from 'in-review' on).",
            "the alt text of '{src}' is too short to describe it: '{alt}'",
            "Say what the picture shows in at least 10 characters, for example ![A number line from 0 to 1 marked in fourths](number-line.svg).",
            {"src": "shares.svg", "alt": "picture"},
        ),
    )
}
"""Every editorial rule, by id, in the order the contributor guide lists them."""


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def rules_reference() -> list[dict[str, str]]:
    """The contributor guide's rule list: id, severity in words, what it checks, an example message and its hint."""
    words = {
        "error": "error",
        "warning": "warning",
        "by-status": f"warning for a draft, error from {VOCABULARY.statuses.label(COMPLETE_FROM).lower()} on",
    }
    return [
        {
            "id": r.id,
            "severity": words[r.severity],
            "summary": r.summary,
            "message": r.message.format_map({k: str(v) for k, v in r.example.items()}),
            "hint": r.hint.format_map({k: str(v) for k, v in r.example.items()}),
        }
        for r in RULES.values()
    ]
