"""Read a 1EdTech CASE package (CFPackage JSON) and check its structure, with every problem located.

CASE (Competencies and Academic Standards Exchange) is how states publish
standards: one ``CFDocument``, its ``CFItems`` (``identifier``,
``humanCodingScheme``, ``fullStatement``, ``educationLevel``, ``CFItemType``)
and ``CFAssociations`` between them (``isChildOf``, ``precedes``,
``isRelatedTo``, ``exactMatchOf``, ...), with licences in ``CFDefinitions``.
This module turns the JSON into typed records and reports, by JSON path, what
keeps it from being imported; ``case_import`` then builds the catalogue. It
reads only the fields Math Hub uses and is lenient about the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .jsonfile import JsonPath

__all__ = ["ASSOCIATION_TYPES", "Association", "Finding", "Item", "Node", "Package", "parse_package"]

ASSOCIATION_TYPES = frozenset({
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar",
    "hasSkillLevel", "isTranslationOf",
})
"""The association types of CASE 1.0 and 1.1; extensions are written ``ext:name``."""
MAX_ITEMS = 100_000
MAX_STATEMENT = 10_000


@dataclass(frozen=True)
class Finding:
    """One problem, by JSON path; located and worded as a ``Problem`` once the whole package is read."""

    path: JsonPath
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class Item:
    index: int
    """Position in ``CFItems``: for messages, and the order of last resort."""
    identifier: str
    code: str
    statement: str
    item_type: str
    levels: tuple[str, ...]
    uri: str
    notes: str
    abbreviated: str


@dataclass(frozen=True)
class Node:
    """One end of an association (a CASE LinkURI): the identifier, and the title and URI that describe it."""

    identifier: str
    title: str
    uri: str
    code: str


@dataclass(frozen=True)
class Association:
    index: int
    kind: str
    origin: Node
    destination: Node
    sequence: int | None


@dataclass
class Package:
    document: dict[str, str]
    """The CFDocument fields Math Hub shows (identifier, title, creator, publisher, version, ...), as text."""
    items: list[Item] = field(default_factory=list)
    associations: list[Association] = field(default_factory=list)
    licenses: dict[str, dict[str, str]] = field(default_factory=dict)
    """CFDefinitions.CFLicenses by identifier: title, uri, licenseText."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _link(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {key: _text(value.get(key)) for key in ("identifier", "title", "uri", "humanCodingScheme")}


_DOCUMENT_FIELDS = {
    "identifier": "identifier", "title": "title", "creator": "creator", "publisher": "publisher", "version": "version",
    "lastChangeDateTime": "last_changed", "adoptionStatus": "adoption_status", "officialSourceURL": "official_url",
    "uri": "uri", "CASEVersion": "case_version", "language": "language",
}


def parse_package(data: Any) -> Package:
    """Typed records and findings; never raises, whatever the JSON holds."""
    if not isinstance(data, dict):
        package = Package({})
        package.findings.append(Finding((), "a CASE package is a JSON object with CFDocument, CFItems and CFAssociations", "Export the framework from its CASE server as a CFPackage (the /ims/case/v1p0/CFPackages/<id> endpoint)."))
        return package
    raw_document = data.get("CFDocument")
    package = Package({name: _text(raw_document.get(key)) for key, name in _DOCUMENT_FIELDS.items()} if isinstance(raw_document, dict) else {})
    if not isinstance(raw_document, dict):
        package.findings.append(Finding(("CFDocument",) if "CFDocument" in data else (), "the package has no CFDocument", "A CFPackage starts with the CFDocument that describes the framework; export the whole package, not a list of items."))
    else:
        for key in ("identifier", "title"):
            if not package.document[key]:
                package.findings.append(Finding(("CFDocument", key) if key in raw_document else ("CFDocument",), f"the CFDocument has no {key}", "Every CFDocument has an identifier and a title; export the package again from its CASE server."))
        license_link = _link(raw_document.get("licenseURI"))
        package.document["license_id"] = license_link.get("identifier", "")
        package.document["license_title"] = license_link.get("title", "")
        package.document["license_uri"] = license_link.get("uri", "")
    _read_items(data, package)
    _read_associations(data, package)
    _read_licenses(data, package)
    return package


def _read_items(data: dict[str, Any], package: Package) -> None:
    items = data.get("CFItems")
    if not isinstance(items, list):
        package.findings.append(Finding(("CFItems",) if "CFItems" in data else (), "the package has no list of CFItems", "The CFItems are the standards themselves; export the whole CFPackage."))
        return
    if len(items) > MAX_ITEMS:
        package.findings.append(Finding(("CFItems",), f"the package has {len(items):,} items; the limit is {MAX_ITEMS:,}", "Check that this is a single framework."))
        return
    seen: dict[str, int] = {}
    for index, raw in enumerate(items):
        here: JsonPath = ("CFItems", index)
        if not isinstance(raw, dict):
            package.findings.append(Finding(here, "expected a CFItem (a group of fields)"))
            continue
        identifier, statement = _text(raw.get("identifier")), _text(raw.get("fullStatement"))
        if not identifier:
            package.findings.append(Finding(here, "the CFItem has no identifier", "Every CFItem has a unique identifier (a UUID)."))
            continue
        if identifier in seen:
            package.findings.append(Finding((*here, "identifier"), f"the identifier '{identifier}' is also used by CFItems[{seen[identifier]}]", "Identifiers must be unique within a package."))
            continue
        seen[identifier] = index
        if not statement:
            package.findings.append(Finding((*here, "fullStatement") if "fullStatement" in raw else here, "the CFItem has no fullStatement", "Every CFItem states its standard in fullStatement."))
            continue
        if len(statement) > MAX_STATEMENT:
            package.findings.append(Finding((*here, "fullStatement"), f"the statement is {len(statement):,} characters long; the limit is {MAX_STATEMENT:,}"))
            continue
        levels = raw.get("educationLevel", [])
        if isinstance(levels, str):
            levels = [part for part in levels.split(",")]
        if not isinstance(levels, list) or not all(isinstance(level, str) for level in levels):
            package.findings.append(Finding((*here, "educationLevel"), "educationLevel must be a list of grade codes such as [\"05\"]", "CASE uses the CEDS grade codes: KG, 01 to 12."))
            levels = []
        code = raw.get("humanCodingScheme")
        if code is not None and not isinstance(code, str):
            package.findings.append(Finding((*here, "humanCodingScheme"), "humanCodingScheme must be text, such as \"MA.5.FR.2\""))
            code = ""
        item_type = _text(raw.get("CFItemType")) or _link(raw.get("CFItemTypeURI")).get("title", "")
        package.items.append(Item(
            index=index, identifier=identifier, code=" ".join((code or "").split()), statement=statement, item_type=item_type,
            levels=tuple(level.strip() for level in levels if level.strip()), uri=_text(raw.get("uri")), notes=_text(raw.get("notes")),
            abbreviated=_text(raw.get("abbreviatedStatement")),
        ))


def _node(value: Any) -> Node | None:
    link = _link(value)
    if not link.get("identifier"):
        return None
    return Node(link["identifier"], link["title"], link["uri"], link["humanCodingScheme"])


def _read_associations(data: dict[str, Any], package: Package) -> None:
    associations = data.get("CFAssociations")
    if associations is None:
        package.findings.append(Finding((), "the package has no CFAssociations, so its standards have no hierarchy", "Export the whole CFPackage; without isChildOf associations every item is imported at the top level.", "warning"))
        return
    if not isinstance(associations, list):
        package.findings.append(Finding(("CFAssociations",), "CFAssociations must be a list"))
        return
    for index, raw in enumerate(associations):
        here: JsonPath = ("CFAssociations", index)
        if not isinstance(raw, dict):
            package.findings.append(Finding(here, "expected a CFAssociation (a group of fields)"))
            continue
        kind = _text(raw.get("associationType"))
        origin, destination = _node(raw.get("originNodeURI")), _node(raw.get("destinationNodeURI"))
        if not kind:
            package.findings.append(Finding(here, "the association has no associationType", "Use one of: " + ", ".join(sorted(ASSOCIATION_TYPES)) + "."))
            continue
        if origin is None or destination is None:
            end = "originNodeURI" if origin is None else "destinationNodeURI"
            package.findings.append(Finding((*here, end) if end in raw else here, f"the association has no {end} with an identifier", "Each association links two nodes, each given as {\"identifier\", \"uri\", \"title\"}."))
            continue
        sequence = raw.get("sequenceNumber")
        if isinstance(sequence, str) and sequence.strip().isdigit():
            sequence = int(sequence)
        package.associations.append(Association(index, kind, origin, destination, sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None))


def _read_licenses(data: dict[str, Any], package: Package) -> None:
    definitions = data.get("CFDefinitions")
    licenses = definitions.get("CFLicenses") if isinstance(definitions, dict) else None
    for raw in licenses if isinstance(licenses, list) else []:
        if isinstance(raw, dict) and _text(raw.get("identifier")):
            package.licenses[_text(raw["identifier"])] = {"title": _text(raw.get("title")), "uri": _text(raw.get("uri")), "text": _text(raw.get("licenseText"))}
