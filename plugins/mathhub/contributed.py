"""The one seam through which contributed Markdown becomes HTML: every lesson part, task, response and text field.

Pages never hand contributor text to MkDocs: they call ``render`` (a block of
Markdown: a part, a task, a response) or ``render_inline`` (a one-line field:
a title, a summary, a target, a vocabulary definition), and place the sanitised
HTML they return. Both add the one check that needs the rendered result: a
``$`` printed as a dollar sign next to mathematics is the ``literal-dollar``
rule, located in the source. ``plain_text`` turns rendered HTML (MathML
included) into readable text for ``<title>``, descriptions and JSON-LD.

The renderer is issue 10's ``markup.render_markdown`` (one Math Hub-owned
Python-Markdown, limits, the sanitiser), imported on one line below; this
module only adds what lesson pages need around it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser

from .markdown_lines import mask_code_spans, scan_lines
from .markup import Heading, Rendered, render_markdown  # issue 10: the one Markdown renderer
from .problems import Problem
from .rules import COMPLETE_FROM, RULES, Finding

__all__ = ["Heading", "Rendered", "plain_text", "render", "render_inline"]

_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.S)
_PLAIN = re.compile(r"(?![-+*>]|[0-9]{1,9}[.)])[^\n\\`*_\[\]<>#|$&~]*")
"""One line with none of the characters Markdown (or math) acts on, not starting like a list or a quote:
Python-Markdown would render it as itself, escaped, so it need not run."""
_MATH_OR_MONEY = re.compile(r"\\\$|\$(?!\s)(?:\\.|[^\\$\n])+?(?<!\s)\$")
"""A money sign written ``\\$``, or inline mathematics ``$…$`` (no space just inside the signs, as arithmatex reads it)."""
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()#+\-.!]")
_HIDDEN = frozenset({"code", "pre", "math", "script", "style", "kbd"})
_OPERATORS = frozenset("=+−-×÷<>≤≥≠≈±→:")


def render(
    text: str,
    *,
    source: str,
    first_line: int = 1,
    id_prefix: str = "",
    used_ids: set[str] | None = None,
    link: Callable[[str], str] | None = None,
) -> Rendered:
    """A block of contributed Markdown as safe HTML, with its headings and problems (``render_markdown`` + ``literal-dollar``)."""
    rendered = render_markdown(text, source=source, first_line=first_line, id_prefix=id_prefix, used_ids=used_ids, link=link)
    dollars = literal_dollars(text, rendered.html, source, first_line)
    return replace(rendered, problems=rendered.problems + tuple(dollars)) if dollars else rendered


def _literal(text: str) -> str:
    """``text`` as Markdown that renders as itself, except its ``$…$`` mathematics: a field is text, not Markdown.

    Markdown punctuation becomes character references and ``&``, ``<``, ``>`` entities, so a title such as
    ``<img src=x>`` or ``1. Fractions`` prints as written; ``\\$`` (money) and ``$…$`` pass unchanged.
    """
    out: list[str] = []
    index = 0
    for match in _MATH_OR_MONEY.finditer(text):
        out.append(_escape_text(text[index : match.start()]))
        out.append(match.group(0))
        index = match.end()
    out.append(_escape_text(text[index:]))
    return "".join(out)


def _escape_text(text: str) -> str:
    """Character references, not backslashes: ``\\(`` would open arithmatex's bracket mathematics."""
    return _MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


@functools.lru_cache(maxsize=65536)
def render_inline(text: str, *, source: str, line: int, field: str = "") -> Rendered:
    """A one-line text field (title, summary, goal, definition, note) as inline HTML: its text as written, mathematics as MathML.

    ``field`` names the front-matter field in any problem. Cached: the result (frozen) depends on the arguments
    alone, and ``mkdocs serve`` renders every lesson's title and summary again for each new site plan.
    """
    if _PLAIN.fullmatch(text):
        return Rendered(html.escape(text, quote=False))
    rendered = render(_literal(text), source=source, first_line=line)
    match = _PARAGRAPH.match(rendered.html)
    problems = tuple(replace(p, field=field) for p in rendered.problems) if field else rendered.problems
    if match and "<p>" not in match.group(1):
        return Rendered(match.group(1), (), problems)
    return Rendered(html.escape(text, quote=False), (), problems)


# -- a $ printed beside mathematics --------------------------------------------------------------------------------------
class _Text(HTMLParser):
    """The visible text of rendered HTML, without code and mathematics, and where each ``$`` in it sits."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "math" or tag in ("br", "p", "li", "td", "th", "div"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            if tag == "math":
                self.text.append("\x00")  # where mathematics stood
        elif tag in ("p", "li", "td", "th", "div"):
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def _intended(text: str) -> int:
    """``\\$`` written on purpose (money), outside code."""
    count = 0
    for line in scan_lines(text, 1):
        if not line.in_code:
            count += mask_code_spans(line.text).count("\\$")
    return count


def literal_dollars(text: str, rendered_html: str, source: str, first_line: int) -> list[Problem]:
    """The ``literal-dollar`` problem when the rendered text shows more ``$`` signs than the source escaped on purpose.

    The validator's check of the source (``editorial.dollar_problems``) catches the usual mistakes; this one
    catches what only rendering shows, such as ``$…$`` split by a table cell, a link or an emphasis mark.
    """
    if "$" not in rendered_html:
        return []
    parser = _Text()
    parser.feed(rendered_html)
    parser.close()
    visible = "".join(parser.text)
    signs = [m.start() for m in re.finditer(r"\$", visible)]
    if len(signs) <= _intended(text):
        return []
    beside = [i for i in signs if "\x00" in visible[max(0, i - 2) : i + 3] or visible[i : i + 2] == "$$"]
    at = (beside or signs)[0]
    snippet = " ".join(visible[max(0, at - 12) : at + 13].replace("\x00", " ").split())
    lines = text.split("\n")
    near = visible[at : at + 6].replace("\x00", "").strip() or "$"
    offset = next((i for i, row in enumerate(lines) if near in row), next((i for i, row in enumerate(lines) if "$" in row), 0))
    problem = f"'{snippet}' prints its '$' as text: the mathematics did not render (a table cell, a link, emphasis or a line break inside $…$ splits it)"
    finding = Finding("literal-dollar", first_line + offset, 0, {"problem": problem})  # the line; a part's text is dedented, so no column
    return [RULES["literal-dollar"].problem(source, finding, COMPLETE_FROM)]


# -- readable plain text ---------------------------------------------------------------------------------------------------
_SUPERSCRIPTS = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class _Node:
    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[_Node | str] = []


def _grouped(text: str) -> str:
    return text if len(text) <= 1 or text.isalnum() or (text.startswith("(") and text.endswith(")")) else f"({text})"


def _math_text(node: _Node | str) -> str:
    """MathML as a line of text a reader understands: ``\\frac{3}{4}`` -> 3/4, ``x^{2}`` -> x², ``9^{1/2}`` -> 9^(1/2)."""
    if isinstance(node, str):
        return node
    parts = [_math_text(child) for child in node.children if not (isinstance(child, _Node) and child.tag == "annotation")]
    tag = node.tag
    if tag == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0].strip())}/{_grouped(parts[1].strip())}"
    if tag in ("msup", "msub") and len(parts) == 2:
        base, script = parts[0].strip(), parts[1].strip()
        if tag == "msup":
            return base + (script.translate(_SUPERSCRIPTS) if re.fullmatch(r"[0-9+\-−]+", script) else f"^{_grouped(script)}")
        return base + (script.translate(_SUBSCRIPTS) if script.isdigit() else f"_{_grouped(script)}")
    if tag == "msubsup" and len(parts) == 3:
        return f"{parts[0].strip()}_{_grouped(parts[1].strip())}^{_grouped(parts[2].strip())}"
    if tag == "msqrt":
        return "√" + _grouped("".join(parts).strip())
    if tag == "mroot" and len(parts) == 2:
        return f"{parts[1].strip()}√{_grouped(parts[0].strip())}"
    if tag in ("mo", "mi") and "".join(parts).strip() in _OPERATORS:
        return f" {''.join(parts).strip()} "  # latex2mathml writes the ratio colon as an identifier
    if tag == "mspace":
        return " "
    return "".join(parts)


class _Plain(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[_Node] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "math" or self.stack:
            node = _Node(tag)
            if self.stack:
                self.stack[-1].children.append(node)
            self.stack.append(node)
        elif tag in ("br", "p", "li"):
            self.out.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            node = self.stack.pop()
            if not self.stack:
                self.out.append(" ".join(_math_text(node).split()))

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].children.append(data)
        else:
            self.out.append(data)


def plain_text(rendered_html: str) -> str:
    """Rendered HTML as one line of readable text: tags dropped, mathematics spelled out (``a ÷ b = a/b``)."""
    parser = _Plain()
    parser.feed(rendered_html)
    parser.close()
    return " ".join("".join(parser.out).split())
