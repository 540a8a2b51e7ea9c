"""One linear pass over contributed Markdown: code and math masked, tags, links and images found, each with its offset.

The input checks (``limits``, ``htmlcheck``) and the renderer's guard all read this
``Scan``. Every loop here moves forward: a search that fails is never started again
from an earlier position, so a 1 MB line of ``[[[[`` or ``<a <a <a`` costs one pass,
not one pass per character (the regexes this replaces took minutes on such lines).
Nothing here decides what is allowed; it only says what is where.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["Link", "Scan", "Tag", "scan"]

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_BLANK = re.compile(r"\n[ \t]*\n")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9:-]*")
# One attribute, bounded: quoted values stop at '<' as well, so a missing quote costs one scan to the next '<'.
_ATTRIBUTE = re.compile(r"""[ \t\n\r\f/]*([^\s"'<>/=]+)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"([^"<]*)"|'([^'<]*)'|([^\s<>]+)))?""")
_TAG_END = re.compile(r"[ \t\n\r\f]*(/?)[ \t\n\r\f/]*>")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>|<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>")
_DESTINATION = re.compile(r"\(\s*(?:<([^<>\n]*)>|([^\s()\[\]<>]*))")
_BRACKET = re.compile(r"[\[\]]")
_REFERENCE = re.compile(r"[ ]{0,3}\[([^\]\n]{1,999})\]:[ \t]*(?:<([^<>\n]*)>|(\S*))")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class Tag:
    """An HTML tag written in the Markdown (outside code and math)."""

    offset: int
    name: str
    """Lower-case tag name."""
    attrs: tuple[tuple[str, str | None], ...]
    """Lower-case attribute names and their raw (still entity-encoded) values."""
    end: bool = False
    self_closing: bool = False


@dataclass(frozen=True)
class Link:
    """A URL the Markdown links to or shows: ``[x](url)``, ``![alt](url)``, ``[x]: url``, ``<scheme:...>``."""

    offset: int
    url: str
    image: bool = False
    alt: str | None = None
    kind: str = "inline"


@dataclass
class Scan:
    """What one linear pass found. ``masked`` is the text with code and math blanked (same length, same lines)."""

    text: str
    masked: str
    tags: list[Tag] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    unclosed: list[tuple[int, str]] = field(default_factory=list)
    """Offsets of '<' that start a tag, comment or declaration never closed before the next '<', with what it is."""
    math: list[tuple[int, str]] = field(default_factory=list)
    """Offset and TeX of each piece of mathematics."""
    line_starts: list[int] = field(default_factory=list)

    def locate(self, offset: int) -> tuple[int, int]:
        """0-based offset -> 1-based (line, column) within this text."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def _mask_fences(text: str, chars: list[str], starts: list[int]) -> None:
    """Fenced code blocks (``` or ~~~, also inside lists and quotes) become blanks."""
    if "```" not in text and "~~~" not in text:
        return
    fence: str | None = None
    for number, start in enumerate(starts):
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        line = text[start:end]
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                _blank(chars, start, end)
        else:
            _blank(chars, start, end)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line[match.end():].strip():
                fence = None


def _escaped(text: str, index: int) -> bool:
    """True when the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index > 0 and text[index - 1] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


def _chunks(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks: Markdown never carries code spans, math or links across them."""
    spans = []
    start = 0
    for match in _BLANK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _mask_code_spans(text: str, chars: list[str], start: int, end: int) -> None:
    """Backtick runs pair with the next run of the same length (CommonMark's rule), found in one pass."""
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(text, start, end)]
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    pointer = dict.fromkeys(by_length, 0)
    index = 0
    while index < len(runs):
        position, length = runs[index]
        same = by_length[length]
        while pointer[length] < len(same) and same[pointer[length]] <= index:
            pointer[length] += 1
        if pointer[length] < len(same) and not _escaped(text, position):
            closer = same[pointer[length]]
            close_at, close_length = runs[closer]
            _blank(chars, position, close_at + close_length)
            index = closer + 1
        else:
            index += 1


def _mask_math(text: str, chars: list[str], start: int, end: int, found: list[tuple[int, str]]) -> None:
    """Arithmatex's syntax: ``$$...$$`` / ``\\[...\\]`` blocks, ``$...$`` (no space inside the dollars) and ``\\(...\\)``."""
    masked = "".join(chars[start:end])
    stripped = masked.strip()
    lead = len(masked) - len(masked.lstrip())
    for opener, closer in (("$$", "$$"), ("\\[", "\\]")):
        if stripped.startswith(opener) and stripped.endswith(closer) and len(stripped) > len(opener) + len(closer):
            found.append((start + lead, stripped[len(opener) : -len(closer)]))
            _blank(chars, start, end)
            return
    if stripped.startswith("\\begin{") and stripped.rstrip().endswith("}") and "\\end{" in stripped:
        found.append((start + lead, stripped))
        _blank(chars, start, end)
        return
    # \( ... \)
    position = masked.find("\\(")
    while position != -1:
        if _escaped(masked, position):
            position = masked.find("\\(", position + 2)
            continue
        close = masked.find("\\)", position + 2)
        if close == -1:
            break
        found.append((start + position, masked[position + 2 : close]))
        _blank(chars, start + position, start + close + 2)
        position = masked.find("\\(", close + 2)
    # $ ... $ : an opener not followed by a space pairs with the next dollar if that one is not after a space.
    masked = "".join(chars[start:end])
    dollars = [i for i, ch in enumerate(masked) if ch == "$" and not _escaped(masked, i)]
    index = 0
    while index + 1 < len(dollars):
        first, second = dollars[index], dollars[index + 1]
        if second > first + 1 and not masked[first + 1].isspace() and not masked[second - 1].isspace():
            found.append((start + first, masked[first + 1 : second]))
            _blank(chars, start + first, start + second + 1)
            index += 2
        else:
            index += 1


def _scan_links(text: str, masked: str, start: int, end: int, links: list[Link]) -> None:
    """``[text](url)`` and ``![alt](url)`` with a bracket stack; reference definitions line by line."""
    stack: list[int] = []
    for bracket in _BRACKET.finditer(masked, start, end):
        position = bracket.start()
        if _escaped(masked, position):
            continue
        if bracket.group(0) == "[":
            stack.append(position)
        elif stack:
            opener = stack.pop()
            if position + 1 < end and masked[position + 1] == "(":
                match = _DESTINATION.match(masked, position + 1, end)
                if match:
                    url = match.group(1) if match.group(1) is not None else match.group(2)
                    image = opener > 0 and masked[opener - 1] == "!" and not _escaped(masked, opener - 1)
                    links.append(Link(opener - 1 if image else opener, url, image, text[opener + 1 : position] if image else None))
                stack.clear()  # a link's text cannot hold another link: its brackets are done
    for line_start in _line_offsets(masked, start, end):
        match = _REFERENCE.match(masked, line_start, end)
        if match:
            url = match.group(2) if match.group(2) is not None else match.group(3)
            links.append(Link(match.start(1) - 1, url, kind="reference"))


def _line_offsets(text: str, start: int, end: int) -> list[int]:
    offsets = [start]
    position = text.find("\n", start, end)
    while position != -1:
        offsets.append(position + 1)
        position = text.find("\n", position + 1, end)
    return offsets


def _scan_tags(masked: str, result: Scan) -> None:
    """Every ``<`` that starts markup: a tag, an end tag, a comment, a declaration, or an autolink."""
    text = masked
    length = len(text)
    position = text.find("<")
    while position != -1:
        after = text[position + 1 : position + 2]
        if text.startswith("<!--", position):
            close = text.find("-->", position + 4)
            if close == -1:
                result.unclosed.append((position, "comment"))
                return  # everything after an unclosed comment is inside it
            position = text.find("<", close + 3)
            continue
        if after in ("!", "?"):
            stop = text.find("<", position + 2)
            close = text.find(">", position + 2, stop if stop != -1 else length)
            if close == -1:
                result.unclosed.append((position, "declaration"))
                position = stop
            else:
                position = stop if stop != -1 else -1
            continue
        autolink = _AUTOLINK.match(text, position)
        if autolink:
            result.links.append(Link(position, autolink.group(1) or "mailto:" + autolink.group(2), kind="autolink"))
            position = text.find("<", autolink.end())
            continue
        end_tag = after == "/"
        name = _TAG_NAME.match(text, position + 1 + end_tag)
        if name is None:
            position = text.find("<", position + 1)  # '< 3', '<=', '</ ': text, not markup
            continue
        cursor = name.end()
        attrs: list[tuple[str, str | None]] = []
        while True:
            closing = _TAG_END.match(text, cursor)
            if closing:
                result.tags.append(Tag(position, name.group(0).lower(), tuple(attrs), end_tag, bool(closing.group(1))))
                cursor = closing.end()
                break
            attribute = _ATTRIBUTE.match(text, cursor)
            if attribute is None or attribute.end() == cursor:
                result.unclosed.append((position, f"<{'/' if end_tag else ''}{name.group(0).lower()}>"))
                break
            value = next((g for g in attribute.groups()[1:] if g is not None), None)
            attrs.append((attribute.group(1).lower(), value))
            cursor = attribute.end()
            if cursor >= length:
                result.unclosed.append((position, f"<{name.group(0).lower()}>"))
                break
        position = text.find("<", max(cursor, position + 1))


def scan(text: str) -> Scan:
    """Mask code and math, then find tags and links: linear in the length of ``text``."""
    starts = _line_starts(text)
    chars = list(text)
    _mask_fences(text, chars, starts)
    fenced = "".join(chars)
    math: list[tuple[int, str]] = []
    chunks = [(start, end) for start, end in _chunks(fenced) if end > start]
    for start, end in chunks:
        if fenced.find("`", start, end) != -1:
            _mask_code_spans(fenced, chars, start, end)
        if fenced.find("$", start, end) != -1 or fenced.find("\\", start, end) != -1:
            _mask_math(fenced, chars, start, end, math)
    masked = "".join(chars)
    result = Scan(text, masked, math=math, line_starts=starts)
    links: list[Link] = []
    for start, end in chunks:
        if masked.find("]", start, end) != -1:
            _scan_links(text, masked, start, end, links)
    _scan_tags(masked, result)
    result.links = sorted(links + result.links, key=lambda link: link.offset)
    return result
