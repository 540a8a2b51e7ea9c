"""Tell the contributor, with file and line, about HTML, attributes and links the site will not publish.

The renderer (``markup``) removes all of it anyway and the output audit (``audit``)
checks what was written; this check exists for the message. It reads a ``Scan``
(code and math already masked), so it is linear in the size of the file.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from .problems import UNSAFE_HTML, Problem
from .rendering import ALLOWED_TAGS, ATTRIBUTES, class_allowed, id_problem
from .scan import Scan

__all__ = ["check_markdown", "remote", "scheme"]

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "file", "livescript", "mocha", "jar", "view-source", "blob", "filesystem"}
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*", re.I)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "poster", "xlink:href", "data", "codebase", "cite", "longdesc", "srcset", "dynsrc", "lowsrc", "ping", "manifest", "icon"}
_ATTR_LIST = re.compile(r"\{([^{}\n]{1,200})\}")
_ATTR_TOKEN = re.compile(r"""([#.]?[^\s=]+)(?:=(?:"[^"]*"|'[^']*'|\S*))?""")
_DIMENSION = re.compile(r"[0-9]{1,4}")


def scheme(url: str) -> str:
    """The URL scheme as a browser sees it: entities decoded, whitespace and controls removed, lower case."""
    squeezed = _CONTROLS.sub("", html.unescape(html.unescape(url)))
    match = _SCHEME.match(squeezed)
    return match.group(1).lower() if match else ""


def remote(url: str) -> bool:
    """True for a URL that leaves the site: a scheme, or a host written ``//host``, ``\\\\host``, ``/\\host``."""
    squeezed = _CONTROLS.sub("", html.unescape(url)).replace("\\", "/")
    return bool(scheme(url)) or squeezed.startswith("//")


def _url_problem(url: str, image: bool) -> tuple[str, str] | None:
    found = scheme(url)
    decoded = _CONTROLS.sub("", html.unescape(url))
    if found in _DANGEROUS_SCHEMES:
        if found == "data" and image and _IMAGE_DATA.fullmatch(decoded):
            return None
        return f"a '{found}:' address is not allowed", "Link to a web page (https://...) or to a file in the cartridge folder."
    if image and remote(url):
        return "images must be files in the cartridge folder, not on another website", "Save the image into the cartridge folder and refer to it by name, so the site works offline."
    if not found and image:
        if decoded.replace("\\", "/").startswith("/"):
            return f"'{decoded}' is an absolute path", "Refer to images by their name in the cartridge folder."
        if ".." in PurePosixPath(decoded.split("#")[0].split("?")[0]).parts:
            return f"'{decoded}' leads outside the cartridge folder", "Copy the image into the cartridge folder."
    return None


def _attr_list_problems(value: str) -> list[str]:
    """What a ``{: #id .class key=value}`` attribute list asks for that the renderer will not keep."""
    problems = []
    for token in _ATTR_TOKEN.finditer(value.lstrip(":")):
        word = token.group(1)
        if word.startswith("#"):
            reason = id_problem(word[1:])
            if reason:
                problems.append(f"the id '{word[1:]}' {reason}")
        elif word.startswith("."):
            if not class_allowed(word[1:]):
                problems.append(f"the class '{word[1:]}' is not one of the classes lessons may use")
        elif word in ("width", "height"):
            number = token.group(0).split("=", 1)[1].strip("\"'") if "=" in token.group(0) else ""
            if not _DIMENSION.fullmatch(number):
                problems.append(f"'{token.group(0)}' must be a whole number of pixels")
        else:
            problems.append(f"the attribute '{word}' is not allowed")
    return problems


def check_markdown(found: Scan, path: str, first_line: int = 1) -> list[Problem]:
    """Every disallowed tag, attribute, class, id and link in a scanned body, located by line and column."""
    problems: list[Problem] = []

    def add(offset: int, message: str, hint: str) -> None:
        line, column = found.locate(offset)
        problems.append(Problem(path, first_line + line - 1, column, "", message, hint, "error", UNSAFE_HTML))

    for tag in found.tags:
        if tag.end:
            continue
        if tag.name not in ALLOWED_TAGS:
            add(tag.offset, f"the HTML tag <{tag.name}> is not allowed", "Use Markdown, or the allowed HTML listed in the contributor guide (tables, details/summary, images from the cartridge folder, basic formatting).")
            continue
        allowed = ATTRIBUTES.get("*", set()) | ATTRIBUTES.get(tag.name, set())
        for name, raw in tag.attrs:
            value = raw or ""
            if name.startswith("on"):
                add(tag.offset, f"the event attribute '{name}' on <{tag.name}> is not allowed", "Lessons cannot run scripts; remove the attribute.")
            elif name == "style":
                if re.search(r"url\s*\(|expression\s*\(|@import|behavior\s*:|\\", html.unescape(value), re.I):
                    add(tag.offset, f"the style on <{tag.name}> loads something ('url(', 'expression(' or '@import')", "Remove the style attribute; the site's own styles apply.")
                elif tag.name not in ("td", "th"):
                    add(tag.offset, f"a style attribute on <{tag.name}> is not allowed", "Remove it; the site's own styles apply.")
            elif name in _URL_ATTRIBUTES:
                problem = _url_problem(value, image=(tag.name == "img" and name == "src"))
                if problem:
                    add(tag.offset, f"<{tag.name} {name}=...>: {problem[0]}", problem[1])
                elif name not in allowed:
                    add(tag.offset, f"the attribute '{name}' on <{tag.name}> is not allowed", "Remove it; it would be dropped from the page.")
            elif name == "id":
                reason = id_problem(html.unescape(value))
                if reason:
                    add(tag.offset, f"the id '{html.unescape(value)}' on <{tag.name}> {reason}", "Use lower-case letters, digits and hyphens (for example 'task-2'), or leave the id out: headings get one automatically.")
            elif name == "class":
                unknown = [c for c in html.unescape(value).split() if not class_allowed(c)]
                if unknown:
                    add(tag.offset, f"the class '{unknown[0]}' on <{tag.name}> is not one of the classes lessons may use", "Remove it; the contributor guide lists the classes lessons may use.")
            elif name not in allowed:
                add(tag.offset, f"the attribute '{name}' on <{tag.name}> is not allowed", "Remove it; it would be dropped from the page.")
    for link in found.links:
        problem = _url_problem(link.url, link.image)
        if problem:
            add(link.offset, problem[0], problem[1])
    for match in _ATTR_LIST.finditer(found.masked):
        inside = match.group(1).lstrip(": ")
        if not inside.startswith(("#", ".")) and "=" not in inside:
            continue  # '{1, 2, 3}' in prose: not written as an attribute list
        for message in _attr_list_problems(inside):
            add(match.start(), f"attribute list {match.group(0)[:60]}: {message}", "Attribute lists may give a heading an id (lower-case letters, digits, hyphens), a documented class, or an image width/height.")
    return sorted(set(problems))
