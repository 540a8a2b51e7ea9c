"""Turn untrusted Markdown-rendered HTML into safe HTML, with mathematics as MathML.

Two jobs, both on HTML that came from a pull request:
- ``math_to_mathml`` replaces the TeX that ``pymdownx.arithmatex`` marked with
  MathML produced at build time, so pages need no math renderer at view time
  and screen readers get real math;
- ``sanitize`` keeps only the documented allowlist of tags, attributes and
  URL schemes (the second line of defence; the validator reports the rest).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from latex2mathml.converter import convert

__all__ = ["MathError", "ALLOWED_TAGS", "math_to_mathml", "sanitize"]

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])</(?P=tag)>',
    re.S,
)

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
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$")
_ALIGN_STYLE = re.compile(r"^text-align:\s*(left|right|center)\s*;?$")


@dataclass(frozen=True)
class MathError:
    tex: str
    message: str


def math_to_mathml(text: str) -> tuple[str, list[MathError]]:
    """Replace arithmatex's TeX spans with MathML; report TeX that does not convert."""
    errors: list[MathError] = []

    def replace(match: re.Match[str]) -> str:
        block = match.group("block") is not None
        tex = html.unescape(match.group("block") if block else match.group("inline"))
        try:
            mathml = convert(tex, display="block" if block else "inline")
        except Exception as error:  # noqa: BLE001 - latex2mathml raises many types; each is a content problem
            errors.append(MathError(tex, str(error) or type(error).__name__))
            return f'<code class="mh-math-error">{html.escape(tex)}</code>'
        mathml = mathml.replace("<math ", f'<math alttext="{html.escape(tex, quote=True)}" ', 1)
        return f'<div class="mh-math">{mathml}</div>' if block else mathml

    return _MATH.sub(replace, text), errors


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "cite") and value.strip().lower().startswith("data:"):
        return None
    if attribute == "style":
        # Markdown tables align cells with style="text-align: ..."; nothing else may style.
        return value if _ALIGN_STYLE.match(value.strip()) else None
    if tag == "img" and attribute == "src":
        source = value.strip().lower()
        if source.startswith(("http:", "https:", "//")):
            return None  # images come from the repository, never from another origin
        if source.startswith("data:") and not _DATA_IMAGE.match(source):
            return None
    return value


def sanitize(fragment: str) -> str:
    """Keep the allowlist: safe HTML, MathML, and links with http(s)/mailto or relative URLs."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES | {"data"},  # data: survives only on <img> of a raster type (see _attribute_filter)
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
        clean_content_tags={"script", "style"},
    )
