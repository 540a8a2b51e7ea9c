"""What contributed HTML may contain, and the sanitiser that enforces it.

One allowlist serves three readers: the validator (``htmlcheck``) reports what is
outside it with file and line, the renderer (``markup``) removes it with ``sanitize``,
and the contributor guide lists it. Ids and classes are part of it, because the
theme finds its own elements by id (``__config``, ``__search``...) and a page must
never be able to hand it a look-alike (DOM clobbering).
"""

from __future__ import annotations

import functools
import html
import re
import threading
from collections.abc import Callable

import nh3
from latex2mathml.converter import convert

__all__ = [
    "ALLOWED_TAGS", "ATTRIBUTES", "CONTENT_CLASSES", "RESERVED_ID_PREFIXES", "SAFE_ID", "class_allowed", "id_problem", "sanitize", "tex_to_mathml",
]

MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mstyle", "merror", "mpadded", "mphantom", "mfenced", "menclose", "munder", "mover",
    "munderover", "mtable", "mtr", "mtd", "mlabeledtr", "maligngroup", "malignmark",
}
HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_TAGS = HTML_TAGS | MATHML_TAGS
_COMMON = {"class", "id", "title", "lang", "dir"}
_MATHML_ATTRIBUTES = {
    "display", "xmlns", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder",
    "columnalign", "columnspacing", "rowspacing", "width", "height", "depth", "linethickness", "notation", "open",
    "close", "separators", "minsize", "maxsize", "movablelimits", "symmetric", "largeop", "form", "scriptlevel",
    "displaystyle", "alttext", "encoding", "rowalign", "columnlines", "rowlines", "frame", "framespacing", "equalrows",
    "equalcolumns", "align", "mathsize", "mathcolor", "mathbackground", "voffset", "columnspan", "rowspan", "lquote",
    "rquote", "intent", "arg",
}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _COMMON,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "scope", "align", "style"},
    "col": {"span"},
    "ol": {"start", "type"},
    "details": {"open"},
    **{tag: _MATHML_ATTRIBUTES for tag in MATHML_TAGS},
}
URL_SCHEMES = {"http", "https", "mailto"}

ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
})
CONTENT_CLASSES = ADMONITION_TYPES | {"admonition", "admonition-title", "headerlink", "mh-math", "mh-math-error", "mh-no-print"}
"""Classes a lesson may carry: the admonition kinds, and what the renderer itself adds. The theme's ``md-*``
classes are not here: a page must not be able to dress content up as the site's own header, search or dialogs."""

_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9+#-]{1,24}")


def class_allowed(name: str) -> bool:
    """A class content may carry: ``CONTENT_CLASSES``, or ``language-xyz`` on fenced code."""
    return name in CONTENT_CLASSES or bool(_LANGUAGE_CLASS.fullmatch(name))


SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_CHARS = 100
RESERVED_ID_PREFIXES = ("mh-",)
"""Ids of Math Hub's own templates. The theme's ids all start with ``__``, which ``SAFE_ID`` never matches."""

_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*")
_ALIGN_STYLE = re.compile(r"text-align:\s*(?:left|right|center)\s*;?")
_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def id_problem(value: str) -> str:
    """Why ``value`` may not be an element id in content, or "" when it may."""
    if not SAFE_ID.fullmatch(value) or len(value) > MAX_ID_CHARS:
        return f"is not lower-case letters, digits and single hyphens (at most {MAX_ID_CHARS} characters)"
    if value.startswith(RESERVED_ID_PREFIXES):
        return "is reserved for the site's own page parts ('mh-...')"
    return ""


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> tuple[str | None, str]:
    """MathML for ``tex`` (with the TeX as its ``alttext``), or ``(None, reason)``.

    Cached: a formula recurs on a lesson's four pages and across lessons, and the result is a pure function of its input.
    """
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as error:  # noqa: BLE001 - latex2mathml raises many types (and RecursionError); each is a content problem
        return None, str(error) or type(error).__name__
    return mathml.replace("<math ", f'<math alttext="{html.escape(tex, quote=True)}" ', 1), ""


def _leaves_site(value: str) -> bool:
    squeezed = _CONTROLS.sub("", html.unescape(value)).replace("\\", "/").lower()
    return squeezed.startswith(("//", "http:", "https:")) or ":" in squeezed.split("/", 1)[0]


class _Filter:
    """nh3's per-attribute hook: URLs, styles, and the page-wide id rules (safe, not reserved, unique)."""

    def __init__(self, used_ids: set[str], generated: set[str], link: Callable[[str], str] | None) -> None:
        self.used_ids, self.generated, self.link = used_ids, generated, link
        self.seen: set[str] = set()

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            if id_problem(value) or value in self.seen or (value in self.used_ids and value not in self.generated):
                return None
            self.seen.add(value)
            return value
        if attribute == "class":
            kept = [name for name in value.split() if class_allowed(name)]
            return " ".join(kept) or None
        if attribute in ("href", "cite") and _CONTROLS.sub("", html.unescape(value)).lower().startswith("data:"):
            return None
        if attribute == "style":
            # Markdown tables align cells with style="text-align: ..."; nothing else may style.
            return value if _ALIGN_STYLE.fullmatch(value.strip()) else None
        if tag == "img" and attribute == "src":
            source = _CONTROLS.sub("", value).lower()
            if source.startswith("data:"):
                return value if _DATA_IMAGE.fullmatch(source) else None
            if _leaves_site(value):
                return None  # images come from the repository, never from another origin (\\host too)
        if tag == "img" and attribute in ("width", "height") and not value.isdigit():
            return None
        if self.link is not None and attribute in ("href", "src") and not _leaves_site(value) and not value.startswith(("#", "data:", "mailto:")):
            return self.link(value)
        return value


class _Sanitiser:
    """One ``nh3.Cleaner`` for the whole build: ``nh3.clean(tags=..., attributes=...)`` converts the allowlist
    into a new ammonia builder on every call (about 1 ms each, 60x the cleaning itself at 20,000 parts).

    A cleaner's attribute filter is fixed when it is built, so it hands each attribute to the ``_Filter`` of the
    call in progress on this thread (``mkdocs serve`` renders on its own thread).
    """

    def __init__(self) -> None:
        self.current = threading.local()
        self.cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES | {"data"},  # data: survives only on <img> of a raster type (see _Filter)
            link_rel=None,
            strip_comments=True,
            attribute_filter=self._filter,
            clean_content_tags={"script", "style"},
        )

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        hook: _Filter = self.current.hook
        return hook(tag, attribute, value)

    def clean(self, fragment: str, hook: _Filter) -> str:
        self.current.hook = hook
        try:
            return self.cleaner.clean(fragment)
        finally:
            self.current.hook = None


_SANITISER: _Sanitiser | None = None


def sanitize(fragment: str, *, used_ids: set[str] | None = None, generated_ids: set[str] | frozenset[str] = frozenset(), link: Callable[[str], str] | None = None) -> str:
    """Keep the allowlist: safe HTML, MathML, allowed classes, unique safe ids, and http(s)/mailto or relative URLs.

    ``used_ids`` are ids already on the page (they are added to); ``generated_ids`` are the ones the renderer
    gave this fragment's headings. ``link`` rewrites every relative URL (a Markdown source path -> the page's URL).
    """
    global _SANITISER
    if _SANITISER is None:
        _SANITISER = _Sanitiser()
    used = used_ids if used_ids is not None else set()
    hook = _Filter(used, set(generated_ids), link)
    cleaned = _SANITISER.clean(fragment, hook)
    used.update(hook.seen)
    return cleaned
