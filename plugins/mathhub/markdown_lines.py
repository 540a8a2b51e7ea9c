"""The block structure of Markdown source, line by line: fenced code, headings and top-level list items.

The lesson parser needs to know where headings and ordered-list items are
without rendering anything, and to keep every line number. This module reads
the source once, left to right, with no backtracking regular expressions, so
its time is linear in the size of the input (content comes from pull
requests). It follows CommonMark where it matters for lessons: headings
indented at most three spaces, fenced code (``` or ~~~) hides everything
inside it, list items continue over indented and lazy lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Heading", "Item", "Line", "heading_of", "indent_of", "list_items", "mask_code_spans", "scan_lines", "setext_level", "starts_block"]

LineKind = Literal["text", "blank", "fence", "code"]

_ORDERED = re.compile(r"( {0,3})(\d{1,9})([.)])(?=[ \t]|$)")
_BULLET = re.compile(r"( {0,3})([-+*])(?=[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Line:
    """One source line: its number in the file, its text and what kind of line it is."""

    number: int
    text: str
    kind: LineKind
    """``fence`` for the ``` lines that open or close fenced code, ``code`` for the lines between them."""

    @property
    def in_code(self) -> bool:
        return self.kind in ("fence", "code")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    """The heading text without the ``#`` marks, closing sequence or surrounding spaces."""
    line: int
    column: int
    """Column of the first ``#``."""


@dataclass(frozen=True)
class Item:
    """A top-level ordered-list item: lines ``start`` to ``end`` (exclusive) of the sequence it came from."""

    start: int
    end: int
    number: int
    """The number written in the source (``3.`` -> 3)."""
    content_indent: int


def indent_of(text: str) -> int:
    """Leading whitespace in columns (a tab counts to the next multiple of four)."""
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def scan_lines(body: str, first_line: int) -> list[Line]:
    """Every line of ``body`` with its file line number, fenced code marked."""
    lines: list[Line] = []
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        number = first_line + offset
        if fence is not None:
            stripped = text.strip()
            if indent_of(text) <= 3 and stripped.startswith(fence) and set(stripped) == {fence[0]}:
                lines.append(Line(number, text, "fence"))
                fence = None
            else:
                lines.append(Line(number, text, "code"))
            continue
        match = _FENCE.match(text)
        if match and not (match.group(1)[0] == "`" and "`" in text[match.end():]):
            fence = match.group(1)
            lines.append(Line(number, text, "fence"))
        elif not text.strip():
            lines.append(Line(number, text, "blank"))
        else:
            lines.append(Line(number, text, "text"))
    return lines


def heading_of(line: Line) -> Heading | None:
    """The ATX heading on ``line`` (``## Title ##``), or None."""
    text = line.text
    if line.kind != "text" or "#" not in text[:4]:
        return None
    indent = len(text) - len(text.lstrip(" "))
    if indent > 3 or not text[indent:].startswith("#"):
        return None
    level = 0
    while indent + level < len(text) and text[indent + level] == "#":
        level += 1
    rest = text[indent + level :]
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    rest = rest.strip(" \t")
    closing = rest.rstrip("#")
    if closing != rest and (not closing or closing[-1] in " \t"):
        rest = closing.rstrip(" \t")
    return Heading(level, rest, line.number, indent + 1)


def setext_level(line: Line, previous: Line | None) -> int:
    """1 or 2 when ``line`` underlines ``previous`` as a setext heading (``===`` / ``---``), else 0."""
    if line.kind != "text" or previous is None or previous.kind != "text" or indent_of(line.text) > 3:
        return 0
    stripped = line.text.strip()
    if not stripped or set(stripped) not in ({"="}, {"-"}):
        return 0
    before = previous.text.lstrip()
    if heading_of(previous) or indent_of(previous.text) > 3 or before.startswith((">", "|", "<")) or _ORDERED.match(previous.text) or _BULLET.match(previous.text) or _is_break(previous.text):
        return 0
    return 1 if stripped[0] == "=" else 2


def _is_break(text: str) -> bool:
    """A thematic break (``---``, ``* * *``, ``___``): not a bullet, not text."""
    squeezed = text.replace(" ", "").replace("\t", "")
    return indent_of(text) <= 3 and len(squeezed) >= 3 and len(set(squeezed)) == 1 and squeezed[0] in "-*_"


def starts_block(text: str) -> bool:
    """Lines that interrupt a paragraph, so they cannot continue a list item lazily."""
    if indent_of(text) > 3:
        return False
    stripped = text.lstrip()
    return bool(stripped.startswith(("#", ">", "```", "~~~")) or _BULLET.match(text) or _ORDERED.match(text) or _is_break(text))


def list_items(lines: Sequence[Line]) -> list[Item]:
    """The top-level ordered-list items in ``lines`` (a part of a lesson), in order.

    An item runs from its marker to the line before the next top-level block:
    indented lines, blank lines followed by indented lines, lazy continuation
    lines of its paragraph and fenced code opened inside it all belong to it.
    Ordered lists nested in a bullet list are not top-level.
    """
    items: list[Item] = []
    current: tuple[int, int, int] | None = None  # start, number, content indent
    last_inside = -1  # index of the last line known to belong to the current item
    bullet_indent: int | None = None  # content indent of an open top-level bullet item
    fence_inside: bool | None = None  # whether the fenced code being read belongs to the current item
    paragraph = False  # the previous line was paragraph text (so a lazy continuation is possible)

    def close() -> None:
        nonlocal current
        if current is not None:
            items.append(Item(current[0], last_inside + 1, current[1], current[2]))
            current = None

    for index, line in enumerate(lines):
        if line.kind == "code":
            if fence_inside:
                last_inside = index
            continue
        if line.kind == "fence":
            if fence_inside is None:  # an opening fence
                inside = current is not None and (indent_of(line.text) >= current[2] or (index == last_inside + 1 and paragraph))
                if current is not None and not inside:
                    close()
                fence_inside = inside
                if inside:
                    last_inside = index
            else:  # the closing fence
                if fence_inside:
                    last_inside = index
                fence_inside = None
            paragraph = False
            continue
        if line.kind == "blank":
            paragraph = False
            continue
        indent = indent_of(line.text)
        ordered = _ORDERED.match(line.text)
        bullet = None if _is_break(line.text) else _BULLET.match(line.text)
        if current is not None and indent >= current[2]:
            last_inside, paragraph = index, True
            continue
        if bullet_indent is not None and indent >= bullet_indent:
            paragraph = True
            continue
        if ordered:
            close()
            bullet_indent = None
            content = ordered.end() + 1
            rest = line.text[ordered.end():]
            spaces = indent_of(rest)
            if rest.strip() and spaces <= 4:
                content = ordered.end() + spaces
            current = (index, int(ordered.group(2)), content)
            last_inside, paragraph = index, True
            continue
        if bullet:
            close()
            rest = line.text[bullet.end():]
            bullet_indent = bullet.end() + (indent_of(rest) if rest.strip() and indent_of(rest) <= 4 else 1)
            paragraph = True
            continue
        lazy = paragraph and index == (last_inside + 1 if current is not None else index) and not starts_block(line.text)
        if current is not None and lazy:
            last_inside = index
            continue
        if bullet_indent is not None and paragraph and not starts_block(line.text):
            continue
        close()
        bullet_indent = None
        paragraph = not line.text.lstrip().startswith(("#", "|"))
    close()
    return items


_CODE_SPAN_TICKS = re.compile(r"`+")


def mask_code_spans(text: str) -> str:
    """``text`` with every inline code span replaced by spaces (same length), so `$` or `{` inside code are ignored.

    A span opens with a run of backticks and closes at the next run of the same length;
    each run is visited once (linear time).
    """
    if "`" not in text:
        return text
    runs = [(m.start(), m.end() - m.start()) for m in _CODE_SPAN_TICKS.finditer(text)]
    if len(runs) < 2:
        return text
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    pointer = dict.fromkeys(by_length, 0)
    out = list(text)
    index = 0
    while index < len(runs):
        start, length = runs[index]
        same = by_length[length]
        while pointer[length] < len(same) and same[pointer[length]] <= index:
            pointer[length] += 1
        if pointer[length] == len(same):
            index += 1
            continue
        closing = same[pointer[length]]
        end = runs[closing][0] + length
        out[start:end] = " " * (end - start)
        index = closing + 1
    return "".join(out)
