"""Bounds on the size and shape of contributed Markdown, checked in linear time before anything parses it.

Python-Markdown, the standard library's HTML tokenizer and latex2mathml are not
linear on every input: a paragraph of unmatched ``[``, a run of unclosed ``<a``
tags, lists nested a few hundred deep or a page of TeX each took minutes or ended
in ``RecursionError``. Content that passes these checks renders in about a second
at worst (see ``scripts/benchmark_safety.py``); content that fails them is never
rendered, and the contributor is told where and what to change.

The limits sit far above what a lesson needs (the largest paragraph in the
library costs under a tenth of ``MAX_BLOCK_COST``).
"""

from __future__ import annotations

import re

from .problems import LIMIT, Problem
from .scan import VOID, Scan

__all__ = [
    "MAX_LINE_CHARS", "MAX_NESTING", "MAX_HTML_DEPTH", "MAX_BLOCK_COST", "MAX_FILE_COST", "MAX_FORMULA_CHARS", "MAX_MATH_CHARS",
    "check_size", "check_markup",
]

MAX_LINE_CHARS = 10_000
"""Characters on one line (a paragraph may run over many lines)."""
MAX_NESTING = 10
"""Levels of lists, quotes and indentation (4 spaces or a tab each)."""
MAX_HTML_DEPTH = 32
"""HTML elements open inside one another."""
MAX_BLOCK_COST = 1_000_000
"""For one paragraph (or table row): its length times the number of ``[``, ``<`` and backticks in it."""
MAX_FILE_COST = 4_000_000
"""The same, added up over the file."""
MAX_FORMULA_CHARS = 2_000
"""Characters of TeX in one formula."""
MAX_MATH_CHARS = 30_000
"""Characters of TeX in one file."""
MAX_REPORTED = 5
"""Problems of one kind listed per file; the rest are counted."""

_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*[ \t]*")
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_MARKER = re.compile(r"[-*+>]|[0-9]{1,9}[.)]")


def _add(problems: list[Problem], counts: dict[str, int], kind: str, problem: Problem) -> None:
    counts[kind] = counts.get(kind, 0) + 1
    if counts[kind] <= MAX_REPORTED:
        problems.append(problem)


def _more(problems: list[Problem], counts: dict[str, int], path: str, first_line: int, what: dict[str, str]) -> None:
    for kind, count in counts.items():
        if count > MAX_REPORTED:
            problems.append(Problem(path, first_line, 0, "", f"{count - MAX_REPORTED:,} more {what[kind]} in this file", "Fix the ones listed above first; the check runs again.", "error", LIMIT))


def _depth(prefix: str) -> int:
    """Nesting of a line's prefix: each quote or list marker is a level, and so is each 4 columns of indentation before the first."""
    columns = 0
    for char in prefix:
        if char == "\t":
            columns += 4 - columns % 4
        elif char == " ":
            columns += 1
        else:
            break
    return len(_MARKER.findall(prefix)) + columns // 4


def check_size(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Line length, nesting depth and parsing cost: one pass over the lines, no regex that can backtrack."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    block_chars = block_marks = 0
    block_line = first_line
    total = 0
    fence: str | None = None
    start = 0
    number = first_line
    length = len(text)
    while start <= length:
        end = text.find("\n", start)
        if end == -1:
            end = length
        width = end - start
        if width == 0 and fence is None:  # the common blank line: it only ends a paragraph
            if block_chars:
                total += _close_block(problems, counts, path, block_line, block_chars, block_marks)
                block_chars = block_marks = 0
            block_line = number + 1
            start = end + 1
            number += 1
            continue
        if width > MAX_LINE_CHARS:
            _add(problems, counts, "line", Problem(
                path, number, MAX_LINE_CHARS + 1, "", f"the line is {width:,} characters long; the limit is {MAX_LINE_CHARS:,}",
                "Break it into shorter lines: Markdown joins the lines of a paragraph, so the page looks the same.", "error", LIMIT,
            ))
        fenced = _FENCE.match(text, start, end)
        if fence is not None:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = None
        elif fenced:
            fence = fenced.group(1)
        else:
            prefix = _PREFIX.match(text, start, end)
            depth = _depth(prefix.group(0)) if prefix and prefix.end() > start else 0
            if depth > MAX_NESTING:
                _add(problems, counts, "nesting", Problem(
                    path, number, 1, "", f"lists, quotes or indentation are nested {depth:,} levels deep here; the limit is {MAX_NESTING}",
                    "Flatten the structure: use headings or a table instead of lists inside lists.", "error", LIMIT,
                ))
            line_is_blank = width == 0 or text[start:end].isspace()
            table_row = not line_is_blank and text[prefix.end() if prefix else start : end][:1] == "|"
            if line_is_blank or table_row:
                total += _close_block(problems, counts, path, block_line, block_chars, block_marks)
                block_chars = block_marks = 0
                block_line = number + 1
            marks = text.count("[", start, end) + text.count("<", start, end) + text.count("`", start, end)
            if table_row:
                total += _close_block(problems, counts, path, number, width, marks)
                block_line = number + 1
            elif not line_is_blank:
                block_chars += width + 1
                block_marks += marks
        start = end + 1
        number += 1
    total += _close_block(problems, counts, path, block_line, block_chars, block_marks)
    if total > MAX_FILE_COST and "cost" not in counts:
        problems.append(Problem(
            path, first_line, 0, "", f"the file is too complex to publish safely (cost {total:,}; the limit is {MAX_FILE_COST:,})",
            "The cost of a paragraph is its length times its number of '[', '<' and '`'. Split the lesson, or move long code into fenced blocks.", "error", LIMIT,
        ))
    _more(problems, counts, path, first_line, {"line": "lines are too long", "nesting": "lines are nested too deeply", "cost": "paragraphs are too complex"})
    return problems


def _close_block(problems: list[Problem], counts: dict[str, int], path: str, line: int, chars: int, marks: int) -> int:
    cost = chars * marks
    if cost > MAX_BLOCK_COST:
        _add(problems, counts, "cost", Problem(
            path, line, 1, "", f"this paragraph is too complex to publish safely: {chars:,} characters with {marks:,} '[', '<' or '`' (cost {cost:,}; the limit is {MAX_BLOCK_COST:,})",
            "Split the paragraph with blank lines, close the brackets and tags it opens, or put code in a fenced block (```).", "error", LIMIT,
        ))
    return cost


def check_markup(found: Scan, path: str, first_line: int = 1) -> list[Problem]:
    """Tags that never close, HTML nested too deep, and too much TeX: the inputs that stall the HTML tokenizer and TeX converter."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}

    def at(offset: int) -> tuple[int, int]:
        line, column = found.locate(offset)
        return first_line + line - 1, column

    for offset, what in found.unclosed:
        line, column = at(offset)
        thing = "an HTML comment" if what == "comment" else "a declaration" if what == "declaration" else f"the HTML tag {what}"
        _add(problems, counts, "unclosed", Problem(
            path, line, column, "", f"'<' starts {thing} that is never closed",
            "Close it with '>' before the next '<'. For a less-than sign write '&lt;', or put it in `code` or in $mathematics$.", "error", LIMIT,
        ))
    depth = 0
    reported = False
    for tag in found.tags:
        if tag.name in VOID or tag.self_closing:
            continue
        depth = max(0, depth - 1) if tag.end else depth + 1
        if depth > MAX_HTML_DEPTH and not reported:
            reported = True
            line, column = at(tag.offset)
            problems.append(Problem(
                path, line, column, "", f"HTML elements are nested more than {MAX_HTML_DEPTH} levels deep here",
                "Simplify the HTML (or close the elements you opened); Markdown needs very little of it.", "error", LIMIT,
            ))
    total = 0
    for offset, tex in found.math:
        total += len(tex)
        if len(tex) > MAX_FORMULA_CHARS:
            line, column = at(offset)
            _add(problems, counts, "formula", Problem(
                path, line, column, "", f"the formula is {len(tex):,} characters long; the limit is {MAX_FORMULA_CHARS:,}",
                "Split it into several formulas, or check for a '$' that is not closed.", "error", LIMIT,
            ))
    if total > MAX_MATH_CHARS:
        problems.append(Problem(
            path, first_line, 0, "", f"the file has {total:,} characters of mathematics; the limit is {MAX_MATH_CHARS:,}",
            "Split the lesson, or check for '$' signs that should be written '\\$' (money).", "error", LIMIT,
        ))
    _more(problems, counts, path, first_line, {"unclosed": "unclosed tags", "formula": "formulas are too long"})
    return problems
