"""Render contributed Markdown to safe HTML: Math Hub's own Markdown, never MkDocs' page pipeline.

MkDocs reads ``key: value`` lines and ``---`` blocks at the start of a page as
metadata (template, tags, description...) and lets ``attr_list`` put any id on a
heading; a lesson body must be able to do neither. So contributed text is rendered
here, with one Math Hub-owned configuration, and MkDocs only ever sees the result.

``render_markdown`` is the one entry point. It is cheap to call many times per page
(one ``markdown.Markdown`` instance, reset per call), so a page built from many
parts (launch, task, expected responses...) renders each part separately and keeps
heading ids unique with ``used_ids`` and ``id_prefix``. It returns:

- ``html``: sanitised HTML (``rendering.sanitize``) with mathematics already MathML;
- ``headings``: ``(level, id, text)`` for the page's table of contents
  (``Rendered.toc_tokens()`` is what ``mkdocs.structure.toc.get_toc`` takes);
- ``problems``: mathematics that did not convert, and any input limit exceeded
  (``limits``), located by file and line. Text over a limit is not rendered at all.

The configuration (MkDocs' defaults plus the site's): tables, fenced code, admonitions (``!!! note``), details (``??? note``),
arithmatex's math syntax converted to MathML at build time, a restricted
``attr_list`` (ids that ``rendering.id_problem`` accepts, classes from
``rendering.CONTENT_CLASSES``, ``width``/``height`` in pixels on images; nothing
else), and heading ids generated from the heading text (or a valid explicit id),
each with a permalink.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.tables import TableExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from pymdownx import util as pymdownx_util
from pymdownx.arithmatex import (
    RE_BRACKET_BLOCK,
    RE_BRACKET_INLINE,
    RE_DOLLAR_BLOCK,
    RE_SMART_DOLLAR_INLINE,
    RE_TEX_BLOCK,
    BlockArithmatexProcessor,
    InlineArithmatexPattern,
)
from pymdownx.details import DetailsExtension

from .limits import check_markup, check_size
from .problems import Problem
from .rendering import class_allowed, id_problem, sanitize, tex_to_mathml
from .scan import scan

__all__ = ["Heading", "Rendered", "render_markdown", "slug"]

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NOT_WORD = re.compile(r"[^a-z0-9\s-]+")
_SEPARATORS = re.compile(r"[\s-]+")
_DIMENSION = re.compile(r"[0-9]{1,4}")
_PREFIX = re.compile(r"(?:[a-z0-9]+-)*")
MATH_HINT = "Check the braces and command names; see the contributor guide for the supported LaTeX. Write money as \\$3.50."


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str
    """Plain text (mathematics as its TeX)."""


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...] = ()
    problems: tuple[Problem, ...] = ()

    def toc_tokens(self) -> list[dict[str, Any]]:
        """Nested ``{level, id, name, children}`` tokens: the input of ``mkdocs.structure.toc.get_toc``."""
        return nest([{"level": h.level, "id": h.id, "name": html.escape(h.text, quote=False)} for h in self.headings])


def nest(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat heading tokens -> a tree by level (a deeper heading belongs to the nearest shallower one before it)."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for token in tokens:
        token = {**token, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def slug(text: str) -> str:
    """``"Warm-up (5 minutes)"`` -> ``"warm-up-5-minutes"``: ASCII letters, digits and single hyphens
    (Python-Markdown's ``toc`` slugs, without underscores, so existing anchors keep working)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", ascii_text)).strip("-")[:90].strip("-")


@dataclass
class _Call:
    """What one ``render_markdown`` call collects while Python-Markdown runs."""

    id_prefix: str
    used_ids: set[str]
    headings: list[Heading] = field(default_factory=list)
    generated: set[str] = field(default_factory=set)
    math: dict[str, str] = field(default_factory=dict)
    """HTML placeholder -> the TeX it stands for (for heading text)."""
    math_errors: list[tuple[str, str]] = field(default_factory=list)


class _RestrictedAttrList(AttrListTreeprocessor):
    """``attr_list`` that keeps only what ``rendering`` allows; the patterns cannot scan past a '{' (linear)."""

    BASE_RE = r"\{\:?[ ]*([^\}\n ][^\n{]*)\}"
    HEADER_RE = re.compile(rf"[ ]+{BASE_RE}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{BASE_RE}[ ]*$")
    INLINE_RE = re.compile(rf"^{BASE_RE}")

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for key, value in attrs:
            if key == "." and value and class_allowed(value):
                elem.set("class", f"{elem.get('class')} {value}" if elem.get("class") else value)
            elif key == "id" and value and not id_problem(value):
                elem.set("id", value)
            elif key in ("width", "height") and elem.tag == "img" and value and _DIMENSION.fullmatch(value):
                elem.set(key, value)
        return remainder


class _HeadingIds(Treeprocessor):
    """Every heading gets a safe, unique id (its own if valid, else one made from its text) and a permalink."""

    def __init__(self, md: markdown.Markdown, owner: _Renderer) -> None:
        super().__init__(md)
        self.owner = owner
        self.unescape = UnescapeTreeprocessor(md).unescape

    def _text(self, element: etree.Element) -> str:
        call = self.owner.call
        raw = "".join(element.itertext())

        def stashed(match: re.Match[str]) -> str:
            if match.group(0) in call.math:
                return call.math[match.group(0)]
            try:
                block = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            except (IndexError, ValueError):
                return ""
            return html.unescape(re.sub(r"<[^>]*>", "", str(block)))

        return " ".join(self.unescape(HTML_PLACEHOLDER_RE.sub(stashed, raw)).split())

    def run(self, root: etree.Element) -> None:
        call = self.owner.call
        for element in root.iter():
            level = _HEADINGS.get(element.tag)
            if level is None:
                continue
            text = self._text(element)
            wanted = element.get("id") or ""
            if not wanted or id_problem(wanted) or wanted in call.used_ids:
                base = slug(text) or "section"
                wanted = call.id_prefix + (base if not id_problem(call.id_prefix + base) else f"s-{base}")
                candidate, number = wanted, 1
                while candidate in call.used_ids:
                    number += 1
                    candidate = f"{wanted}-{number}"
                wanted = candidate
            element.set("id", wanted)
            call.used_ids.add(wanted)
            call.generated.add(wanted)
            call.headings.append(Heading(level, wanted, text))
            anchor = etree.SubElement(element, "a", {"class": "headerlink", "href": f"#{wanted}", "title": "Permanent link"})
            anchor.text = "\u00b6"


class _InlineMath(InlineArithmatexPattern):
    def __init__(self, pattern: str, owner: _Renderer) -> None:
        super().__init__(pattern, {"generic": True})
        self.owner = owner

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
        groups = m.groups()
        escapes = groups[0] or (groups[3] if len(groups) > 3 else None)
        if escapes:
            return super().handleMatch(m, data)
        tex = groups[2] if groups[2] else groups[5]
        return self.owner.math(tex, display=False), m.start(0), m.end(0)


class _BlockMath(BlockArithmatexProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, owner: _Renderer) -> None:
        super().__init__(pattern, {"generic": True}, md)
        self.owner = owner

    def generic_output(self, parent: etree.Element, math: str) -> None:
        element = etree.SubElement(parent, "div", {"class": "mh-math"})
        element.text = self.owner.math(math, display=True)


_LIST_START = re.compile(r"(?P<indent>[ ]*)(?:[-*+]|1[.)])[ \t]+\S")
_LIST_ITEM = re.compile(r"[ ]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\S")


class _ListsInterruptParagraphs(Preprocessor):
    """A list may start right after a line of text, as on GitHub and in CommonMark.

    Python-Markdown reads "Solve each equation:" followed by "- a. ..." as one paragraph with
    literal dashes; contributors preview on GitHub, where it is a list, and a task's sub-parts
    or a response's strategies are written that way. So a blank line is put before a bullet
    (or a "1." item) that follows a line of text. Fenced code is already stashed at this point.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            start = _LIST_START.match(line)
            if start and len(start.group("indent")) <= 3 and out and out[-1][:1] not in ("", " ", "\t") and not _LIST_ITEM.match(out[-1]):
                out.append("")  # only after top-level text: inside a list item Python-Markdown already nests lists
            out.append(line)
        return out


class _MathHubMarkdown(Extension):
    """Math (arithmatex syntax -> MathML), the restricted attribute lists and the heading ids."""

    def __init__(self, owner: _Renderer) -> None:
        super().__init__()
        self.owner = owner

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_ListsInterruptParagraphs(md), "mathhub_list_start", 15)
        pymdownx_util.escape_chars(md, ["$"])
        inline = "(?:" + "|".join([RE_SMART_DOLLAR_INLINE, RE_BRACKET_INLINE]) + ")"
        md.inlinePatterns.register(_InlineMath(inline, self.owner), "arithmatex-inline", 189.9)
        block = r"(?s)^(?:" + "|".join([RE_DOLLAR_BLOCK, RE_BRACKET_BLOCK, RE_TEX_BLOCK]) + r")[ ]*$"
        md.parser.blockprocessors.register(_BlockMath(block, md, self.owner), "arithmatex-block", 79.9)
        md.treeprocessors.register(_RestrictedAttrList(md), "attr_list", 8)
        md.treeprocessors.register(_HeadingIds(md, self.owner), "mathhub_heading_ids", 5)


class _Renderer:
    """The one Markdown instance and what the current call collects; a lock keeps `mkdocs serve` threads apart."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=[TableExtension(), FencedCodeExtension(), AdmonitionExtension(), DetailsExtension(), _MathHubMarkdown(self)], output_format="html")
        self.call = _Call("", set())
        self.lock = threading.Lock()

    def math(self, tex: str, display: bool) -> str:
        mathml, error = tex_to_mathml(tex, display)
        if mathml is None:
            self.call.math_errors.append((tex, error))
            mathml = f'<code class="mh-math-error">{html.escape(tex)}</code>'
        placeholder = self.md.htmlStash.store(mathml)
        self.call.math[placeholder] = tex
        return placeholder

    def convert(self, text: str, call: _Call) -> str:
        with self.lock:
            self.call = call
            try:
                return self.md.reset().convert(text)
            finally:
                self.md.reset()


_RENDERER: _Renderer | None = None


def _renderer() -> _Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = _Renderer()
    return _RENDERER


def render_markdown(
    text: str,
    *,
    source: str,
    first_line: int = 1,
    id_prefix: str = "",
    used_ids: set[str] | None = None,
    link: Callable[[str], str] | None = None,
) -> Rendered:
    """Render one piece of contributed Markdown (a whole body, or one part of a page).

    ``source`` and ``first_line`` locate problems (``text`` starts on that line of that file).
    ``used_ids`` holds the ids already on the page and receives this part's ids, so parts rendered
    separately into one page never repeat an id; ``id_prefix`` (lower-case words ending in '-',
    e.g. ``"task-2-"``) is put before every generated heading id. ``link`` rewrites each relative
    URL (``"diagram.svg"``, ``"../other/index.md"``) into the URL the page should use.
    """
    if id_prefix and not _PREFIX.fullmatch(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must be lower-case words each followed by '-', e.g. 'task-2-'")
    ids = used_ids if used_ids is not None else set()
    blocking = check_size(text, source, first_line)
    found = None
    if not blocking:
        found = scan(text)
        blocking = check_markup(found, source, first_line)
    if blocking:
        return Rendered("", (), tuple(blocking))
    assert found is not None
    call = _Call(id_prefix, ids)
    body = _renderer().convert(text, call)
    cleaned = sanitize(body, used_ids=ids, generated_ids=call.generated, link=link)
    return Rendered(cleaned, tuple(call.headings), tuple(_math_problems(call.math_errors, found.math, found.locate, source, first_line)))


def _math_problems(errors: list[tuple[str, str]], math: list[tuple[int, str]], locate: Callable[[int], tuple[int, int]], source: str, first_line: int) -> list[Problem]:
    """Locate each failed formula at the first unused place the scan saw the same TeX."""
    problems = []
    used: set[int] = set()
    for tex, message in errors:
        offset = next((o for o, t in math if t.strip() == tex.strip() and o not in used), None)
        line, column = (first_line, 0)
        if offset is not None:
            used.add(offset)
            found_line, column = locate(offset)
            line = first_line + found_line - 1
        problems.append(Problem(source, line, column, "", f"the LaTeX '{tex}' cannot be rendered: {message}", MATH_HINT))
    return problems
