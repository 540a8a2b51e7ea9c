"""Find HTML and links in contributed Markdown that the site will not publish.

The build sanitises rendered HTML anyway (``rendering.sanitize``); this check
tells the contributor first, with file and line, so nothing silently
disappears. It reads the Markdown source with the standard library's
tolerant HTML tokenizer, skipping code (where HTML is shown, not run).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import PurePosixPath

from .problems import UNSAFE_HTML, Problem
from .rendering import ALLOWED_TAGS, ATTRIBUTES

__all__ = ["check_markdown", "check_svg"]

_FENCE = re.compile(r"^(\s*)(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "file", "livescript", "mocha"}
_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$", re.I)
_MD_LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_MD_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?([ \t]|$)", re.M)
_MD_AUTOLINK = re.compile(r"<([a-z][a-z0-9+.\-]*:[^>\s]*)>", re.I)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "poster", "xlink:href", "data", "codebase", "cite", "longdesc", "srcset", "dynsrc", "lowsrc"}


def _without_code(text: str) -> str:
    """Blank out fenced blocks and code spans, keeping every line and column in place."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)[0] * 3
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            lines[index] = " " * len(line)
        else:
            lines[index] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def _scheme(url: str) -> str:
    """The URL scheme as a browser would see it: entities decoded, whitespace and controls removed."""
    decoded = html.unescape(html.unescape(url))
    squeezed = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", decoded)
    match = _SCHEME.match(squeezed)
    return match.group(1).lower() if match else ""


def _url_problem(url: str, image: bool) -> tuple[str, str] | None:
    scheme = _scheme(url)
    decoded = html.unescape(url).strip()
    if scheme in _DANGEROUS_SCHEMES:
        if scheme == "data" and image and _IMAGE_DATA.match(decoded):
            return None
        return f"a '{scheme}:' address is not allowed", "Link to a web page (https://...) or to a file in the cartridge folder."
    if image and (scheme in ("http", "https") or decoded.startswith("//")):
        return "images must be files in the cartridge folder, not on another website", "Save the image into the cartridge folder and refer to it by name, so the site works offline."
    if not scheme and not decoded.startswith(("#", "/")):
        parts = PurePosixPath(decoded.split("#")[0].split("?")[0]).parts
        if ".." in parts and image:
            return f"'{decoded}' leads outside the cartridge folder", "Copy the image into the cartridge folder."
    if decoded.startswith("/") and image:
        return f"'{decoded}' is an absolute path", "Refer to images by their name in the cartridge folder."
    return None


class _Scanner(HTMLParser):
    def __init__(self, path: str, first_line: int, problems: list[Problem]) -> None:
        super().__init__(convert_charrefs=True)
        self.path, self.first_line, self.problems = path, first_line, problems

    def _add(self, message: str, hint: str) -> None:
        line, column = self.getpos()
        self.problems.append(Problem(self.path, self.first_line + line - 1, column + 1, "", message, hint, "error", UNSAFE_HTML))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._add(f"the HTML tag <{tag}> is not allowed", "Use Markdown, or the allowed HTML listed in the contributor guide (tables, details/summary, images from the cartridge folder, basic formatting).")
            return
        allowed = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"the event attribute '{name}' on <{tag}> is not allowed", "Lessons cannot run scripts; remove the attribute.")
            elif name == "style":
                if re.search(r"url\s*\(|expression\s*\(|@import|behavior\s*:", html.unescape(value), re.I):
                    self._add(f"the style on <{tag}> loads something ('url(', 'expression(' or '@import')", "Remove the style attribute; the site's own styles apply.")
                elif tag not in ("td", "th"):
                    self._add(f"a style attribute on <{tag}> is not allowed", "Remove it; the site's own styles apply.")
            elif name in _URL_ATTRIBUTES:
                found = _url_problem(value, image=(tag == "img" and name == "src"))
                if found:
                    self._add(f"<{tag} {name}=...>: {found[0]}", found[1])
            elif name not in allowed:
                self._add(f"the attribute '{name}' on <{tag}> is not allowed", "Remove it; it would be dropped from the page.")


def check_markdown(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """Every disallowed tag, attribute and link in a Markdown body, located by line and column."""
    problems: list[Problem] = []
    source = _without_code(text)
    scanner = _Scanner(path, first_line, problems)
    try:
        scanner.feed(source)
        scanner.close()
    except Exception:  # noqa: BLE001 - the stdlib tokenizer is tolerant; this is a last resort
        problems.append(Problem(path, first_line, 0, "", "the HTML in this file cannot be read", "Simplify the HTML; use Markdown instead.", "error", UNSAFE_HTML))
    starts = [0]
    for match in re.finditer(r"\n", source):
        starts.append(match.end())

    def locate(offset: int) -> tuple[int, int]:
        low, high = 0, len(starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return first_line + low, offset - starts[low] + 1

    for pattern, image_group in ((_MD_LINK, 1), (_MD_REFERENCE, None), (_MD_AUTOLINK, None)):
        for match in pattern.finditer(source):
            url = match.group(2) if pattern is _MD_LINK else match.group(1)
            image = bool(match.group(image_group)) if image_group else False
            found = _url_problem(url, image)
            if found:
                line, column = locate(match.start())
                problems.append(Problem(path, line, column, "", found[0], found[1], "error", UNSAFE_HTML))
    return sorted(set(problems))


_SVG_BAD_ELEMENT = re.compile(r"<\s*(script|foreignObject|iframe|object|embed|handler|listener)\b", re.I)
_SVG_EVENT = re.compile(r"\son[a-z]+\s*=", re.I)
_SVG_HREF = re.compile(r"(?:xlink:)?href\s*=\s*[\"']\s*([^\"'#\s][^\"']*)[\"']", re.I)
_SVG_URL = re.compile(r"url\(\s*[\"']?\s*([^#\"')\s][^\"')]*)", re.I)
_SVG_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)


def check_svg(text: str, path: str) -> list[Problem]:
    """An SVG is published as a file and opened directly: no scripts, events, entities or outside references."""
    problems: list[Problem] = []

    def add(offset: int, message: str, hint: str) -> None:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(Problem(path, line, column, "", message, hint, "error", UNSAFE_HTML))

    for match in _SVG_DOCTYPE.finditer(text):
        add(match.start(), "SVG files may not declare a DOCTYPE or entities", "Remove the <!DOCTYPE ...> and <!ENTITY ...> lines; plain SVG needs neither.")
    for match in _SVG_BAD_ELEMENT.finditer(text):
        add(match.start(), f"the SVG element <{match.group(1)}> is not allowed", "Images cannot contain scripts or embedded documents; use plain shapes and text.")
    for match in _SVG_EVENT.finditer(text):
        add(match.start() + 1, f"the SVG event attribute '{match.group(0).strip().rstrip('=').strip()}' is not allowed", "Images cannot run scripts; remove the attribute.")
    for pattern in (_SVG_HREF, _SVG_URL):
        for match in pattern.finditer(text):
            add(match.start(), f"the SVG refers to '{match.group(1)[:60]}' outside the file", "Images must be self-contained: embed shapes, and refer only to ids inside the file (#id).")
    return problems
