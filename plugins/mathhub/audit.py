"""The output audit: the last gate of every build, on what the browser will actually receive.

Input checks say what is wrong in a lesson; this module is what guarantees the
promise. It parses every HTML and SVG file written to the site (and the search
index, whose text the theme shows as HTML) and reports, naming the page and the
source file:

- any event-handler attribute (``on*``), on any element, in any case;
- a ``javascript:`` / ``vbscript:`` URL, or a ``data:`` URL other than a raster image in ``<img src>``;
- a script that is not the theme's bundle, one of Math Hub's own assets (or one listed in ``extra_javascript``),
  the theme's own inline snippets (read from the installed theme), JSON (``__config``) or JSON-LD;
- an element id reserved by the theme (``__*``) anywhere but where the theme puts it, or any id used twice;
- a ``name`` on ``img``, ``form``, ``embed``, ``object`` or ``iframe`` (they clobber ``document``), except the theme's search form;
- a resource loaded from outside the site (``http:``, ``//host``, ``\\\\host``, ``/\\host``), in ``src``, ``srcset``,
  ``poster``, ``data``, ``<link href>`` (stylesheet, icon, preload...), SVG ``href``, ``ping``, ``background``,
  form ``action``, or CSS ``url()`` / ``@import`` in a ``style`` attribute or element;
- ``<meta http-equiv>``, ``<base>``, ``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``, ``<applet>``, ``<portal>``;
- a page without Math Hub's template marker (``<meta name="mathhub-template">``): another template was used;
- an SVG file that ``svg.clean_svg`` would not publish as it is;
- a download (``.zip``, ``.imscc``) whose manifest is not valid Common Cartridge 1.1, lists a file it lacks or
  a remote one, or holds a page, SVG or file type that would fail the checks above (``exports.conformance``).

Deliberately allowed: links (``<a href>``) to other sites, which are navigation and not requests; ``mailto:``;
relative and site-root URLs; ``data:image/(png|jpeg|gif|webp)`` images; inline ``style`` attributes that load
nothing (the theme and Math Hub's timeline use them); ``<link rel="canonical|alternate|next|prev">`` to anywhere
(no request is made); the JSON the theme reads from ``__config`` (its content is the theme's).

HTML is parsed with selectolax (lexbor, an HTML5-conformant parser written in C), so the audit sees the same
tree a browser builds, fast enough for thousands of pages; SVG with lxml (no entities, no network).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .exports.conformance import archive_findings
from .problems import Problem
from .svg import clean_svg, css_text, svg_file

__all__ = ["AUDIT", "ArchiveAudit", "AuditReport", "Auditor", "audit_site", "audit_html", "theme_inline_scripts"]

AUDIT = "output-audit"
TEMPLATE_MARKER = "mathhub-template"
_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp)(?:;[a-z0-9=.+-]+)*(?:;base64)?,", re.I)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset", "data", "cite", "codebase", "longdesc", "ping", "manifest", "icon", "lowsrc", "dynsrc", "archive")
_RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
    "video": ("src", "poster"), "audio": ("src",), "source": ("src", "srcset"), "track": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"), "body": ("background",),
    "table": ("background",), "td": ("background",), "th": ("background",), "form": ("action",), "button": ("formaction",),
    "a": ("ping",), "area": ("ping",), "html": ("manifest",),
}
_NAVIGATION_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "search", "me", "noopener", "noreferrer", "nofollow", "external", "bookmark", "tag"}
_FORBIDDEN_TAGS = {
    "base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "noembed",
    # inline SVG that can rewrite links or attributes, or embed a document: neither the theme nor Math Hub uses them
    "animate", "set", "animatemotion", "animatetransform", "discard", "foreignobject", "handler", "listener",
}
_NAMED = {"img", "form", "embed", "object", "iframe"}
_CONTENT_CHECKED = frozenset({"style", "script"})
"""Elements whose content is checked even when they have no attribute (CSS, inline scripts)."""
_THEME_IDS = [
    (re.compile(r"__config"), {"script"}), (re.compile(r"__(drawer|search|toc|consent)"), {"input", "form"}),
    (re.compile(r"__palette_\d+"), {"input"}), (re.compile(r"__nav_[\d_]+(_label)?"), {"input", "label", "nav"}),
    (re.compile(r"__tabbed_\d+_\d+"), {"input"}), (re.compile(r"__code_\d+"), {"code"}),
    (re.compile(r"__codelineno-[\w-]+"), {"a", "span"}), (re.compile(r"__(fnref|fn)[:\w-]*"), {"sup", "li", "div", "a"}),
]
_CSS_LOADS = re.compile(r"@import|@font-face|image-set\(|expression\(|-moz-binding|behavior\s*:|src\(|element\(|cross-fade\(|paint\(", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.I)
_SEARCH_SCRIPTS = ("pagefind/pagefind.js", "pagefind/pagefind-worker.js")
"""The site search's engine, written by Pagefind from its wheel (site/search_index.py), never from content."""
_SCRIPTS = re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js|assets/mathhub/[a-z-]+\.js")


@dataclass(frozen=True)
class AuditReport:
    problems: list[Problem]
    pages: int
    svgs: int
    seconds: float
    archives: int = 0

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / max(1, self.pages)

    def summary(self) -> str:
        packed = f" with {self.archives} downloads" if self.archives else ""
        return f"Output audit: {self.pages} HTML pages and {self.svgs} SVG files checked{packed} in {self.seconds:.2f} s ({self.ms_per_page:.2f} ms per page)."


def theme_inline_scripts() -> list[re.Pattern[str]]:
    """The installed theme's own inline scripts, as patterns: template expressions may only fill quoted strings."""
    folder = resources.files("material") / "templates" / "partials" / "javascripts"
    patterns = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".html"):
            continue
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}", "", entry.read_text(encoding="utf-8"), flags=re.S)
        for body in re.findall(r"<script>(.*?)</script>", text, re.S):
            parts = re.split(r"\{\{.*?\}\}", body.strip(), flags=re.S)
            patterns.append(re.compile(r"[^\"\\<>\n]*".join(re.escape(part) for part in parts)))
    return patterns


class Auditor:
    """The checks on one document; ``site`` (when given) is where scripts a page loads must exist."""

    def __init__(self, scripts: Iterable[str] = (), site_url: str = "", site: Path | None = None) -> None:
        self.site = site
        self.inline = theme_inline_scripts()
        self.scripts = {s.lstrip("/") for s in scripts}
        self.origin = _origin(site_url)
        base = urlsplit(site_url.strip()).path if self.origin else ""
        self.base_path = base if base.endswith("/") else base + "/"
        """The site's path on its host (``/math-hub/``): root-relative URLs start with it."""

    # -- URLs ---------------------------------------------------------------------------
    def remote(self, url: str) -> bool:
        squeezed = _CONTROLS.sub("", html.unescape(url)).replace("\\", "/")
        if squeezed.startswith("//"):
            return True
        scheme = _SCHEME.match(squeezed)
        if scheme is None or scheme.group(1).lower() == "data":
            return False
        return not (self.origin and squeezed.lower().startswith(self.origin + "/"))

    @staticmethod
    def bad_scheme(url: str, tag: str, attribute: str) -> str | None:
        squeezed = _CONTROLS.sub("", html.unescape(url))
        scheme = _SCHEME.match(squeezed)
        if scheme is None:
            return None
        name = scheme.group(1).lower()
        if name in ("javascript", "vbscript", "livescript", "mocha"):
            return f"a '{name}:' URL"
        if name == "data" and not (tag == "img" and attribute in ("src", "srcset") and _DATA_IMAGE.match(squeezed)):
            return "a 'data:' URL that is not a raster image in <img>"
        return None

    # -- one document ---------------------------------------------------------------------
    def page(self, text: str, page: str) -> list[str]:
        tree = LexborHTMLParser(text)
        findings: list[str] = []
        ids: dict[str, int] = {}
        marker = False
        for node in tree.root.traverse() if tree.root is not None else []:
            tag = node.tag
            if not tag or tag.startswith("-"):
                continue
            attributes = node.attributes
            if not attributes and tag not in _CONTENT_CHECKED and tag.lower() not in _FORBIDDEN_TAGS:
                continue  # most elements have no attribute: only their tag or their content could be wrong
            attrs = {name.lower(): value or "" for name, value in attributes.items()}
            findings.extend(self.element(node, tag, attrs, page))
            if tag == "meta" and attrs.get("name") == TEMPLATE_MARKER:
                marker = True
            identifier = attrs.get("id")
            if identifier is not None:
                ids[identifier] = ids.get(identifier, 0) + 1
                if ids[identifier] == 2:
                    findings.append(f"the id '{identifier}' is used twice (a script looking it up gets the first)")
                if identifier.startswith("__") and not any(p.fullmatch(identifier) and tag in tags for p, tags in _THEME_IDS):
                    findings.append(f"<{tag} id=\"{identifier}\">: an id reserved by the theme")
                elif identifier.startswith("__") and _inside(node, "article"):
                    findings.append(f"<{tag} id=\"{identifier}\">: an id reserved by the theme, inside the page content")
        if not marker:
            findings.append("the page was not built from Math Hub's template (no <meta name=\"mathhub-template\">)")
        return findings

    def element(self, node: LexborNode, tag: str, attrs: dict[str, str], page: str) -> list[str]:
        findings = []
        snippet = f"<{tag}"
        for name in attrs:
            if name.startswith("on"):
                findings.append(f"{snippet} {name}=...>: an event-handler attribute")
        for name in _URL_ATTRIBUTES:
            if name in attrs:
                values = [part.strip().split(" ")[0] for part in attrs[name].split(",")] if name == "srcset" else [attrs[name]]
                for value in values:
                    problem = self.bad_scheme(value, tag, name)
                    if problem:
                        findings.append(f"{snippet} {name}=\"{value[:60]}\">: {problem}")
        resources_here = list(_RESOURCE_ATTRIBUTES.get(tag, ()))
        if tag == "link" and not set(attrs.get("rel", "").lower().split()) <= _NAVIGATION_RELS:
            resources_here.append("href")
        for name in resources_here:
            if name in attrs:
                values = [part.strip().split(" ")[0] for part in attrs[name].split(",")] if name == "srcset" else [attrs[name]]
                for value in values:
                    if value and self.remote(value):
                        findings.append(f"{snippet} {name}=\"{value[:60]}\">: a resource from outside the site")
        if tag.lower() in _FORBIDDEN_TAGS:
            findings.append(f"<{tag}>: not allowed on a page")
        if tag == "meta" and "http-equiv" in attrs:
            findings.append(f"<meta http-equiv=\"{attrs['http-equiv'][:30]}\">: not allowed on a page")
        if tag in _NAMED and "name" in attrs and not (tag == "form" and attrs["name"] == "search"):
            findings.append(f"<{tag} name=\"{attrs['name'][:30]}\">: a name that can replace a document property")
        if "style" in attrs:
            problem = self.css(attrs["style"])
            if problem:
                findings.append(f"{snippet} style=...>: {problem}")
        if tag == "style":
            problem = self.css(node.text(deep=True) or "")
            if problem:
                findings.append(f"<style>: {problem}")
        if tag == "script":
            findings.extend(self.script(node, attrs, page))
        return findings

    def css(self, css: str) -> str | None:
        """CSS in a page may use the site's own files and data: images; it may not import, bind or load from elsewhere."""
        text = css_text(css)
        loads = _CSS_LOADS.search(text)
        if loads:
            return f"CSS with '{loads.group(0)}'"
        for target in _CSS_URL.findall(text):
            if self.remote(target) or self.bad_scheme(target, "img", "src"):
                return f"CSS url({target[:60]}) outside the site"
        return None

    def script(self, node: LexborNode, attrs: dict[str, str], page: str) -> list[str]:
        source = attrs.get("src")
        if source is not None:
            path = source.split("?")[0].split("#")[0]
            if self.origin and path.lower().startswith(self.origin + "/"):
                path = path[len(self.origin):]
            if path.startswith("/"):
                resolved = path[len(self.base_path):] if path.startswith(self.base_path) else path.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if self.remote(source) or not (_SCRIPTS.fullmatch(resolved) or resolved in self.scripts):
                return [f"<script src=\"{source[:60]}\">: not one of the theme's or Math Hub's scripts"]
            if self.site is not None and not (self.site / resolved).is_file():
                return [f"<script src=\"{source[:60]}\">: the script is missing from the site"]
            return []
        text = node.text(deep=True) or ""
        kind = attrs.get("type", "").lower()
        if kind in ("application/json", "application/ld+json"):
            if kind == "application/json" and attrs.get("id") != "__config":
                return ["<script type=\"application/json\"> other than the theme's __config"]
            try:
                json.loads(text)
            except ValueError:
                return [f"<script type=\"{kind}\">: not valid JSON"]
            return []
        if any(pattern.fullmatch(text.strip()) for pattern in self.inline):
            return []
        return [f"an inline script that is not one of the theme's: {text.strip()[:60]!r}"]


def _site_url_from_sitemap(site: Path) -> str:
    """The address MkDocs built the site for (its sitemap's first <loc>), so root-relative URLs resolve."""
    try:
        head = (site / "sitemap.xml").read_text(encoding="utf-8")[:2000]
    except OSError:
        return ""
    match = re.search(r"<loc>\s*(https?://[^<\s]+)", head)
    return match.group(1) if match else ""


def _origin(site_url: str) -> str:
    match = re.match(r"(https?://[^/]+)", site_url.strip(), re.I)
    return match.group(1).lower() if match else ""


def _inside(node: LexborNode, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def audit_html(text: str, page: str = "page.html", *, scripts: Iterable[str] = (), site_url: str = "") -> list[str]:
    """What is wrong with one HTML document (``page`` is its path in the site, for resolving script URLs)."""
    return Auditor(scripts, site_url).page(text, page)


class ArchiveAudit:
    """Audits downloads; each member is checked once by content (a lesson's zip and cartridge, and its grade's
    cartridge, hold the same files)."""

    def __init__(self, auditor: Auditor) -> None:
        self.auditor = auditor
        self.checked: dict[bytes, list[str]] = {}

    def member(self, name: str, data: bytes) -> list[str]:
        key = hashlib.sha256(name.rsplit(".", 1)[-1].encode() + b"\0" + data).digest()
        if key not in self.checked:
            self.checked[key] = _member(self.auditor, name, data)
        return self.checked[key]

    def findings(self, data: bytes) -> list[str]:
        key = hashlib.sha256(data).digest()
        if key not in self.checked:
            self.checked[key] = list(archive_findings(data, self.member))
        return self.checked[key]


def audit_site(
    site: Path, *, sources: Mapping[str, str] | None = None, scripts: Iterable[str] = (), site_url: str = "",
    only: Collection[str] | None = None, audited: Mapping[str, Sequence[str]] | None = None,
) -> AuditReport:
    """Audit every HTML and SVG file under ``site`` and the search index. ``sources`` maps a site path
    (``cartridges/x/index.html``) to the file it was built from, for the report. ``only`` limits the files
    to those site paths (the pages ``mkdocs serve`` has just written again); the search index is always audited.
    ``audited`` holds the findings of files already checked with these same checks, by site path, for exactly
    the bytes now on disk (``BackgroundAudit``, which checked pages while the build wrote the next ones)."""
    started = time.perf_counter()
    auditor = Auditor(scripts, site_url or _site_url_from_sitemap(site), site)
    archive_audit = ArchiveAudit(auditor)
    sources = sources or {}
    audited = audited or {}
    problems: list[Problem] = []
    pages = svgs = archives = 0
    label = site.name

    def report(path: str, message: str) -> None:
        origin = sources.get(path)
        hint = f"Built from {origin}; fix it there." if origin else "This file is built by the site itself; report it to the maintainers."
        problems.append(Problem(f"{label}/{path}", 0, 0, "", message, hint, "error", AUDIT))

    for file in sorted(site.rglob("*")) if only is None else sorted(site / path for path in only):
        if not file.is_file():
            continue
        path = file.relative_to(site).as_posix()
        lowered = file.name.lower()
        if lowered.endswith((".html", ".htm", ".xhtml")):
            pages += 1
            if path in audited:
                findings: Iterable[str] = audited[path]
            else:
                try:
                    findings = auditor.page(file.read_text(encoding="utf-8"), path)
                except UnicodeDecodeError:
                    findings = ["the page is not UTF-8"]
            for finding in findings:
                report(path, finding)
        elif svg_file(lowered):
            svgs += 1
            _, svg_problems = clean_svg(file.read_bytes(), path)
            for problem in svg_problems:
                report(path, (f"line {problem.line}: " if problem.line else "") + problem.message)
        elif lowered.endswith((".zip", ".imscc")):
            archives += 1
            for finding in audited[path] if path in audited else archive_audit.findings(file.read_bytes()):
                report(path, finding)
        elif lowered.endswith(_NEVER_PUBLISHED) and not _expected(path):
            report(path, "a file type the site never publishes (a browser would run it)")
    index = site / "search" / "search_index.json"
    if index.is_file():
        problems.extend(_search_index(index, auditor, label, sources, only))
    return AuditReport(sorted(problems), pages, svgs, time.perf_counter() - started, archives)


_NEVER_PUBLISHED = (".xml", ".xsl", ".xslt", ".mhtml", ".shtml", ".swf", ".js")


def _member(auditor: Auditor, name: str, data: bytes) -> list[str]:
    """The audit's checks on one file inside a download: its pages as pages, its SVGs as SVGs, no type a browser runs."""
    lowered = name.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        try:
            return auditor.page(data.decode("utf-8"), name)
        except UnicodeDecodeError:
            return ["the page is not UTF-8"]
    if svg_file(lowered):
        return [(f"line {p.line}: " if p.line else "") + p.message for p in clean_svg(data, name)[1]]
    if lowered.endswith((*_NEVER_PUBLISHED, ".zip", ".imscc")):
        return ["a file type a download never holds"]
    return []


def _entry_page(location: str) -> str:
    """The page file a search entry points into: ``cartridges/x/#launch`` -> ``cartridges/x/index.html``."""
    page = location.split("#")[0]
    return page + "index.html" if page.endswith("/") or not location else page


def _expected(path: str) -> bool:
    return path in ("sitemap.xml", *_SEARCH_SCRIPTS) or path.startswith("assets/javascripts/") or bool(_SCRIPTS.fullmatch(path))


def _search_index(index: Path, auditor: Auditor, label: str, sources: Mapping[str, str], only: Collection[str] | None = None) -> list[Problem]:
    """The theme shows search results as HTML: every title and text in the index is a fragment of a page
    (with ``only``, the entries of those pages: the rest were audited when they were written)."""
    problems = []
    try:
        docs = json.loads(index.read_text(encoding="utf-8")).get("docs", [])
    except (ValueError, AttributeError):
        return [Problem(f"{label}/search/search_index.json", 0, 0, "", "the search index is not valid JSON", "", "error", AUDIT)]
    for doc in docs:
        if only is not None and _entry_page(str(doc.get("location", ""))) not in only:
            continue
        for part in ("title", "text"):
            fragment = str(doc.get(part, ""))
            if "<" not in fragment:
                continue
            tree = LexborHTMLParser(f"<body>{fragment}</body>")
            for node in tree.body.traverse() if tree.body is not None else []:
                tag = node.tag
                if not tag or tag.startswith("-") or tag == "body":
                    continue
                attrs = {name.lower(): value or "" for name, value in node.attributes.items()}
                for finding in auditor.element(node, tag, attrs, "search/search_index.json"):
                    location = str(doc.get("location", ""))
                    origin = sources.get(_entry_page(location))
                    problems.append(Problem(f"{label}/search/search_index.json", 0, 0, "", f"search entry '{location}' ({part}): {finding}", f"Built from {origin}; fix it there." if origin else "", "error", AUDIT))
                if tag == "script":
                    problems.append(Problem(f"{label}/search/search_index.json", 0, 0, "", f"search entry '{doc.get('location', '')}' ({part}): a <script> element", "", "error", AUDIT))
    return problems
