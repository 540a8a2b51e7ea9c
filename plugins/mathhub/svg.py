"""Contributed SVG, read with a real XML parser and rebuilt from an allowlist.

An SVG file is published as a document of its own on the site's origin: opened
directly, anything scripted in it runs as the site. So an SVG is parsed with lxml
(entities never expanded, no network, no DTD), namespace-aware, and checked
element by element against an allowlist; the file the site publishes is the
cleaned tree written out again, never the contributor's bytes. Anything dangerous
(scripts, foreign objects, animation, event attributes, references outside the
file, CSS that loads something) is an error and the image is not published;
editor clutter (Inkscape, Sodipodi, RDF metadata, comments) is dropped quietly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from lxml import etree

from .problems import UNSAFE_HTML, Problem

__all__ = ["SVG_NS", "clean_svg", "css_problem", "css_text", "svg_file"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_EDITOR_NS = (
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://creativecommons.org/ns#", "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/", "http://www.bohemiancoding.com/sketch/ns", "http://www.serif.com/",
)
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "a", "image", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "style", "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
    "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "switch",
})
DROPPED = frozenset({"metadata"})
"""Allowed but not published (editors fill them with RDF)."""
_DANGER = {
    "script": "Images cannot run scripts; remove the <script> element.",
    "foreignObject": "Images cannot embed HTML documents; draw the content with shapes and <text>.",
    "animate": "Animation can rewrite links and attributes; publish a still image.",
    "set": "Animation can rewrite links and attributes; publish a still image.",
    "animateMotion": "Animation is not allowed; publish a still image.",
    "animateTransform": "Animation is not allowed; publish a still image.",
    "feImage": "Filters may not load images; remove the <feImage>.",
    "handler": "Images cannot run scripts.",
    "listener": "Images cannot run scripts.",
}
_URL_ELEMENTS = {"a"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)")
_CSS_LOADS = re.compile(r"@(?!media[\s(])|image-set\(|image\(|expression\(|-moz-binding|behavior\s*:|src\(|element\(|cross-fade\(|paint\(", re.I)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_PARSER_OPTIONS = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False, "huge_tree": False,
    "remove_comments": True, "remove_pis": True, "collect_ids": False, "strip_cdata": False,
}


def svg_file(name: str) -> bool:
    """An SVG by its name, in any letter case (``Diagram.SVG`` is as much an SVG to a browser as ``diagram.svg``)."""
    return name.lower().endswith(".svg")


def css_text(css: str) -> str:
    """CSS as the browser tokenizes it: escapes decoded, comments removed (in one forward pass)."""
    decoded = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) and int(m.group(1), 16) < 0x110000 else (m.group(2) or ""), css)
    parts = []
    position = 0
    while True:
        start = decoded.find("/*", position)
        if start == -1:
            parts.append(decoded[position:])
            break
        parts.append(decoded[position:start])
        end = decoded.find("*/", start + 2)
        if end == -1:
            break
        position = end + 2
    return "".join(parts)


def css_problem(css: str) -> str | None:
    """Why this CSS (a ``style`` attribute or element, or a ``fill="url(...)"``) could load something, or None."""
    text = css_text(css)
    loads = _CSS_LOADS.search(text)
    if loads:
        found = loads.group(0)
        return "CSS at-rules other than @media (@import, @font-face...) are not allowed in an image" if found == "@" else f"CSS with '{found}' is not allowed in an image"
    for match in _CSS_URL.finditer(text):
        target = match.group(2).strip()
        if not target.startswith("#"):
            return f"CSS refers to '{target[:60]}' outside the file"
    return None


def _href_problem(element: str, value: str) -> str | None:
    squeezed = _CONTROLS.sub("", html.unescape(value))
    if squeezed.startswith("#"):
        return None
    if element == "image" and _DATA_IMAGE.fullmatch(squeezed):
        return None
    if element in _URL_ELEMENTS:
        scheme = _SCHEME.match(squeezed)
        if scheme is None or scheme.group(1).lower() in ("http", "https", "mailto"):
            return None
        return f"a '{scheme.group(1).lower()}:' link is not allowed"
    return f"the SVG refers to '{value[:60]}' outside the file"


def _local(tag: object) -> tuple[str | None, str]:
    if not isinstance(tag, str):
        return None, ""
    qname = etree.QName(tag)
    return qname.namespace, qname.localname


def clean_svg(raw: bytes, path: str) -> tuple[bytes | None, list[Problem]]:
    """The publishable bytes of an SVG (the allowlisted tree written out again), or None and why not."""
    problems: list[Problem] = []

    def add(line: int | None, message: str, hint: str) -> None:
        problems.append(Problem(path, line or 0, 0, "", message, hint, "error", UNSAFE_HTML))

    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        problems.append(Problem(path, line, error.position[1] if error.position else 0, "", f"the SVG is not well-formed XML: {error.msg}", "Open the file in an SVG editor and save it again as plain SVG.", "error", UNSAFE_HTML))
        return None, problems
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        declared = raw.lower().find(b"<!doctype")
        add(raw.count(b"\n", 0, declared) + 1 if declared != -1 else 1, "SVG files may not declare a DOCTYPE or entities", "Remove the <!DOCTYPE ...> and <!ENTITY ...> lines; plain SVG needs neither.")
    namespace, name = _local(root.tag)
    if namespace != SVG_NS or name != "svg":
        add(root.sourceline, "the file is not an SVG image (its root element is not <svg> in the SVG namespace)", 'Start the file with <svg xmlns="http://www.w3.org/2000/svg" ...>.')
        return None, problems
    for element in list(root.iter()):  # editor clutter first, so nothing inside it is checked
        if isinstance(element.tag, str):
            namespace, name = _local(element.tag)
            if (namespace == SVG_NS and name in DROPPED) or (namespace and namespace.startswith(_EDITOR_NS)):
                _remove(element)
    for element in list(root.iter()):
        if isinstance(element, etree._Entity):
            add(element.sourceline, f"the entity reference {element.text} is not allowed", "Write the character itself (the file is UTF-8).")
            continue
        if not isinstance(element.tag, str):
            continue
        namespace, name = _local(element.tag)
        if namespace != SVG_NS:
            add(element.sourceline, f"the element <{name}> from the namespace '{namespace or 'none'}' is not allowed in an SVG image", "Use SVG elements only; HTML or other XML inside an image is not published.")
            continue
        if name not in ELEMENTS:
            add(element.sourceline, f"the SVG element <{name}> is not allowed", _DANGER.get(name, "Use plain shapes, paths, text and gradients."))
            continue
        if name == "style":
            problem = css_problem(element.text or "")
            if problem:
                add(element.sourceline, problem, "Images must be self-contained: no @import, fonts or url() to other files; url(#id) is fine.")
            if len(element):
                add(element.sourceline, "a <style> element may hold only CSS text", "Remove the elements inside <style>.")
        for attribute, value in list(element.attrib.items()):
            attr_ns, attr_name = _local(attribute)
            if attr_ns in (None, XLINK_NS) and attr_name.lower().startswith("on"):
                add(element.sourceline, f"the SVG event attribute '{attr_name}' is not allowed", "Images cannot run scripts; remove the attribute.")
            elif attr_ns not in (None, XLINK_NS, XML_NS):
                del element.attrib[attribute]  # editor attributes (inkscape:label...) are not published
            elif attr_name == "href":
                problem = _href_problem(name, value)
                if problem:
                    add(element.sourceline, problem, "Images must be self-contained: embed shapes, and refer only to ids inside the file (#id).")
            elif attr_name == "style" or "url(" in value.lower() or "\\" in value:
                problem = css_problem(value)
                if problem:
                    add(element.sourceline, problem, "Images must be self-contained: refer only to ids inside the file (url(#id)).")
            elif attr_name in ("attributeName", "from", "to", "values", "begin"):
                add(element.sourceline, f"the attribute '{attr_name}' (animation) is not allowed", "Publish a still image.")
    if problems:
        return None, problems
    _strip_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n", []


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        tail = element.tail
        parent.remove(element)
        if tail and tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _strip_namespaces(root: etree._Element) -> None:
    """Drop namespace declarations nothing uses any more (sodipodi, inkscape...)."""
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS, "xlink": XLINK_NS} if _uses(root.iter(), XLINK_NS) else {None: SVG_NS})


def _uses(elements: Iterable[etree._Element], namespace: str) -> bool:
    return any(etree.QName(a).namespace == namespace for e in elements if isinstance(e.tag, str) for a in e.attrib)
