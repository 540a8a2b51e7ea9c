"""``imsmanifest.xml`` for IMS Common Cartridge 1.1: what an LMS reads to import lessons.

The manifest is written with lxml from plain descriptions (``LessonEntry``, ``PackagedPage``,
``StandardRef``) so it is always well formed and its text always escaped. It follows the CC 1.1
profile of IMS Content Packaging 1.2 (``shared/ims-cc/cc_v1p1``, which the tests validate against):

- the cartridge's LOM: title, description, language, keywords (the standards' codes), the lesson's
  date and authors, the context "school", the licence, and the standards as LOM classifications: the
  standards a lesson addresses with the purpose "educational objective", the ones it builds on with
  "prerequisite"; each taxon's ``id`` is the CASE identifier where the framework was imported from CASE,
  otherwise the standard's URI (CC 1.1 has no curriculum-standards element; LOM classification is its way);
- one organization: a folder per lesson, an item per page;
- one ``webcontent`` resource per page, with the files the page shows and a dependency on the lesson's
  other files; the teacher guide, answer key and rubrics carry the role "Instructor" (LMSs hide them from
  students), the handout and practice sheet "Learner"; the guide is the lesson plan (``intendeduse``).

Every file is local: a cartridge made here has no web-link resource and no remote ``href``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

__all__ = ["CP", "LOM_MANIFEST", "LOM_RESOURCE", "Audience", "LessonEntry", "PackagedPage", "Role", "StandardRef", "manifest_xml"]

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATIONS = " ".join([
    CP, "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
    LOM_MANIFEST, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
    LOM_RESOURCE, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
])
"""Where the schemas are published: names for validators, never fetched by an LMS."""

Audience = Literal["Instructor", "Learner"]
Role = Literal["addresses", "builds_on"]
"""The alignments a manifest names: what the lesson addresses (purpose "educational objective"), what it builds on ("prerequisite")."""


@dataclass(frozen=True)
class StandardRef:
    """A standard a lesson is aligned to, as a LOM taxon."""

    framework: str
    """The framework's name (``Common Core State Standards for Mathematics``)."""
    code: str
    statement: str
    identifier: str
    """The CASE identifier, or the standard's URI, or the code when neither is known."""
    role: Role


@dataclass(frozen=True)
class PackagedPage:
    """One page of a lesson in the package."""

    key: str
    """A name unique in the lesson (``guide``, ``handout``, ``rubric-x``): part of the resource's identifier."""
    title: str
    path: str
    """The page's path in the archive (``lesson-id/handout.html``)."""
    audience: Audience
    lesson_plan: bool = False
    files: tuple[str, ...] = ()
    """Archive paths of the files the page shows."""


@dataclass(frozen=True)
class LessonEntry:
    """What the manifest says about one lesson."""

    id: str
    title: str
    summary: str
    language: str
    updated: str
    authors: tuple[str, ...]
    rights: str
    """The credit line and licence, as a sentence."""
    standards: tuple[StandardRef, ...]
    pages: tuple[PackagedPage, ...]
    files: tuple[str, ...]
    """Archive paths of every other file of the lesson (images, attachments, the licence text)."""


def _ident(kind: str, *parts: str) -> str:
    """An ``xs:ID``: a letter for its kind (an ID may not start with a digit; a lesson id may), then the lesson id and
    the page key, joined by dots, which neither contains: no two elements can share one."""
    return ".".join((kind, *parts))


def _lang_string(parent: etree._Element, tag: str, text: str, language: str) -> etree._Element:
    holder = etree.SubElement(parent, tag)
    string = etree.SubElement(holder, f"{{{LOM_MANIFEST}}}string", language=language)
    string.text = text
    return holder


def _classification(lom: etree._Element, purpose: str, description: str, refs: Sequence[StandardRef], language: str) -> None:
    m = f"{{{LOM_MANIFEST}}}"
    classification = etree.SubElement(lom, m + "classification")
    etree.SubElement(etree.SubElement(classification, m + "purpose"), m + "value").text = purpose
    for ref in refs:
        taxon = etree.SubElement(etree.SubElement(classification, m + "taxonPath"), m + "taxon")
        etree.SubElement(taxon, m + "id").text = ref.identifier
        _lang_string(taxon, m + "entry", f"{ref.code}: {ref.statement}", language)
    _lang_string(classification, m + "description", description, language)
    for ref in refs:
        _lang_string(classification, m + "keyword", ref.code, language)


def _lom(metadata: etree._Element, title: str, description: str, language: str, lessons: Sequence[LessonEntry]) -> None:
    m = f"{{{LOM_MANIFEST}}}"
    lom = etree.SubElement(metadata, m + "lom")
    general = etree.SubElement(lom, m + "general")
    _lang_string(general, m + "title", title, language)
    etree.SubElement(general, m + "language").text = language
    _lang_string(general, m + "description", description, language)
    standards = _unique(ref for lesson in lessons for ref in lesson.standards)
    for code in dict.fromkeys(ref.code for ref in standards if ref.role == "addresses"):
        _lang_string(general, m + "keyword", code, language)
    life = etree.SubElement(lom, m + "lifeCycle")
    contribute = etree.SubElement(life, m + "contribute")
    etree.SubElement(etree.SubElement(contribute, m + "role"), m + "value").text = "author"
    for author in dict.fromkeys(a for lesson in lessons for a in lesson.authors):
        etree.SubElement(contribute, m + "entity").text = author
    date = etree.SubElement(contribute, m + "date")
    etree.SubElement(date, m + "dateTime").text = max(lesson.updated for lesson in lessons)
    educational = etree.SubElement(lom, m + "educational")
    etree.SubElement(etree.SubElement(educational, m + "learningResourceType"), m + "value").text = "IMS Common Cartridge"
    context = etree.SubElement(educational, m + "context")
    etree.SubElement(context, m + "source").text = "LOMv1.0"
    etree.SubElement(context, m + "value").text = "school"
    rights = etree.SubElement(lom, m + "rights")
    etree.SubElement(etree.SubElement(rights, m + "copyrightAndOtherRestrictions"), m + "value").text = "yes"
    _lang_string(rights, m + "description", " ".join(dict.fromkeys(lesson.rights for lesson in lessons)), language)
    for framework in dict.fromkeys(ref.framework for ref in standards):
        for role, purpose, words in (("addresses", "educational objective", "addressed"), ("builds_on", "prerequisite", "built on")):
            refs = [ref for ref in standards if ref.framework == framework and ref.role == role]
            if refs:
                _classification(lom, purpose, f"{framework}: standards {words}", refs, language)


def _unique(refs: Iterable[StandardRef]) -> list[StandardRef]:
    """Standards in first-seen order, each (code, role) once: a grade's lessons share many."""
    seen: dict[tuple[str, str, str], StandardRef] = {}
    for ref in refs:
        seen.setdefault((ref.framework, ref.code, ref.role), ref)
    return list(seen.values())


def _role(resource: etree._Element, audience: Audience) -> None:
    r = f"{{{LOM_RESOURCE}}}"
    metadata = etree.SubElement(resource, f"{{{CP}}}metadata")
    role = etree.SubElement(etree.SubElement(etree.SubElement(metadata, r + "lom"), r + "educational"), r + "intendedEndUserRole")
    etree.SubElement(role, r + "source").text = "IMSGLC_CC_Rolesv1p1"
    etree.SubElement(role, r + "value").text = audience


def manifest_xml(identifier: str, title: str, description: str, language: str, lessons: Sequence[LessonEntry]) -> bytes:
    """The manifest of a cartridge holding ``lessons`` (one for a lesson's cartridge, all of a grade's for the grade's)."""
    if not lessons:
        raise ValueError("a cartridge needs at least one lesson")
    c = f"{{{CP}}}"
    root = etree.Element(c + "manifest", nsmap={None: CP, "lomimscc": LOM_MANIFEST, "lom": LOM_RESOURCE, "xsi": _XSI}, identifier=_ident("M", identifier))
    root.set(f"{{{_XSI}}}schemaLocation", _SCHEMA_LOCATIONS)
    metadata = etree.SubElement(root, c + "metadata")
    etree.SubElement(metadata, c + "schema").text = "IMS Common Cartridge"
    etree.SubElement(metadata, c + "schemaversion").text = "1.1.0"
    _lom(metadata, title, description, language, lessons)
    organization = etree.SubElement(etree.SubElement(root, c + "organizations"), c + "organization", identifier=_ident("O", identifier), structure="rooted-hierarchy")
    top = etree.SubElement(organization, c + "item", identifier=_ident("O", identifier, "root"))
    resources = etree.SubElement(root, c + "resources")
    for lesson in lessons:
        folder = etree.SubElement(top, c + "item", identifier=_ident("I", lesson.id))
        etree.SubElement(folder, c + "title").text = lesson.title
        files_id = _ident("F", lesson.id)
        for page in lesson.pages:
            resource_id = _ident("R", lesson.id, page.key)
            item = etree.SubElement(folder, c + "item", identifier=_ident("I", lesson.id, page.key), identifierref=resource_id)
            etree.SubElement(item, c + "title").text = page.title
            resource = etree.SubElement(resources, c + "resource", identifier=resource_id, type="webcontent", href=page.path)
            if page.lesson_plan:
                resource.set("intendeduse", "lessonplan")
            _role(resource, page.audience)
            for path in (page.path, *page.files):
                etree.SubElement(resource, c + "file", href=path)
            if lesson.files:
                etree.SubElement(resource, c + "dependency", identifierref=files_id)
        if lesson.files:
            shared = etree.SubElement(resources, c + "resource", identifier=files_id, type="webcontent")
            for path in lesson.files:
                etree.SubElement(shared, c + "file", href=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
