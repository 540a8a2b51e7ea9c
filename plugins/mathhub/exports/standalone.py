"""A page the site rendered, as a standalone HTML document that works from a zip folder or inside an LMS.

The site's lesson pages are fragments placed into the theme (header, navigation, search, scripts). A
package holds the same fragment, reused as it is, in a plain document of its own: an inline stylesheet,
the lesson's language, no script and no site chrome. Links are rewritten for where the page now lives:

- a page or file the package contains (the handout, an image, an attachment) -> a relative path to it;
- any other page of the site (a standard, a grade, another lesson) -> its address on the hosted site,
  a link the teacher can follow when online (or plain text when the site has no address);
- ``#anchors`` and links to other sites (a licence, a video) stay as they are.

So nothing in a packaged page is fetched from outside the package: every ``src`` is a file beside it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser

__all__ = ["Links", "Standalone", "SITE_ONLY", "standalone_page", "stylesheet"]

SITE_ONLY = (
    "script",  # the theme's and the guide's JSON-LD: a package runs no script
    ".mh-print-bar",  # "Back to the teacher guide" and the print button, which needs the site's script
    ".mh-download",  # the site's links to the packages themselves
    'section[aria-labelledby="mh-used-by"]',  # a rubric's list of the site's lessons that use it
    ".headerlink",  # the "¶" permalink after a heading: the theme's CSS hides it until hovered, a package has no theme
)
"""What the site shows around a lesson that has no place in a package, as CSS selectors, with the reason."""
_TABLE_START = re.compile(r"(<table\b)")
_TABLE_END = re.compile(r"</table>")
"""Every table scrolls inside its own box (focusable, so a keyboard can scroll it): the site's theme does this with its
script, and a page 375 px wide must never scroll sideways."""
EXPORT_TEMPLATE = "export"
"""The ``mathhub-template`` marker of packaged pages: the output audit reads it, as on every site page."""


@dataclass(frozen=True)
class Links:
    """Where links of the site's pages lead once the pages are in a package."""

    package: Mapping[str, str]
    """Site path (``cartridges/x/handout/``, ``cartridges/x/diagram.svg``) -> path in the lesson's folder."""
    site_url: str
    """The hosted site's address (``https://example.org/math-hub/``), for pages the package does not hold; or ""."""

    def site_link(self, path: str) -> str | None:
        return self.site_url.rstrip("/") + "/" + path if self.site_url else None


@dataclass(frozen=True)
class Standalone:
    html: bytes
    files: tuple[str, ...]
    """Package paths (in the lesson's folder) the page shows or links to, in document order."""
    missing: tuple[str, ...] = ()
    """URLs of files the page showed that neither the package nor the site holds: their elements are left out."""


@cache
def stylesheet() -> str:
    """The packaged pages' one stylesheet (``standalone.css``), inlined into each page."""
    return resources.files(__package__).joinpath("standalone.css").read_text(encoding="utf-8")


def _site_path(url: str, page_url: str) -> tuple[str, str]:
    """A relative URL of the page at ``page_url`` as a site path, and its ``#fragment`` (``../x.svg#a`` -> ``cartridges/x/x.svg``)."""
    path, _, fragment = url.partition("#")
    path = path.partition("?")[0]
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(folder, unquote(path)))
    if joined in (".", ""):
        joined = ""
    elif path.endswith("/") or path.rsplit("/", 1)[-1] in (".", ".."):
        joined += "/"
    return joined, fragment


def _is_relative(url: str) -> bool:
    head = url.split("#", 1)[0].split("?", 1)[0]
    return bool(head) and not head.startswith(("/", "\\")) and ":" not in head.split("/", 1)[0]


def standalone_page(fragment: str, *, page_url: str, title: str, language: str, links: Links, origin: str = "") -> Standalone:
    """The document for ``fragment`` (as the site rendered it at ``page_url``); ``origin`` is the page's address on
    the site, printed at the end so a printout says where it came from (or "" for none)."""
    tree = LexborHTMLParser(f'<main class="mh-export">{fragment}</main>')
    main = tree.css_first("main")
    if main is None:  # lexbor always builds <main> from this markup
        raise ValueError("the page did not parse")
    for selector in SITE_ONLY:
        for node in main.css(selector):
            node.decompose()
    used: list[str] = []
    missing: list[str] = []
    for node in main.css("[href], [src]"):
        for attribute in ("href", "src"):
            value = node.attributes.get(attribute)
            if value is None or value.startswith("#") or not _is_relative(value):
                continue
            target, anchor = _site_path(value, page_url)
            packaged = links.package.get(target)
            if packaged is not None:
                node.attrs[attribute] = packaged + (f"#{anchor}" if anchor else "")
                used.append(packaged)
            elif node.tag == "a" and attribute == "href":
                outside = links.site_link(target)
                if outside is None:
                    node.unwrap()
                else:
                    node.attrs[attribute] = outside + (f"#{anchor}" if anchor else "")
            else:  # a file the site does not publish either (a refused SVG, under 'disallowed_html: warn'): the site shows
                missing.append(value)  # a broken image; the package leaves the element out rather than point outside itself
                node.decompose()
                break
    body = _TABLE_END.sub("</table></div>", _TABLE_START.sub(r'<div class="mh-table-wrap" tabindex="0">\1', main.html or ""))
    footer = f'<p class="mh-export-origin">From Math Hub: <a href="{html.escape(origin)}">{html.escape(origin)}</a></p>' if origin else ""
    document = (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="mathhub-template" content="{EXPORT_TEMPLATE}">\n'
        f"<title>{html.escape(title, quote=False)}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{body}\n{footer}\n</body>\n</html>\n"
    )
    return Standalone(document.encode("utf-8"), tuple(dict.fromkeys(used)), tuple(missing))
