"""Turn a checked CASE package into a Math Hub framework catalogue (the format of the bundled CCSS-M).

How the CASE tree becomes Math Hub's levels (the README says the same for districts):

- an item is a *grouping* when its ``CFItemType`` is a grouping type (Grade Level,
  Course, Domain, Strand, Cluster, Category, Topic, ... and any ``--grouping-type``)
  or when it has no ``humanCodingScheme``; every other item is a *standard*, cited
  by its code; items of a ``--skip-type`` are left out with everything below them;
- a standard below another standard is a sub-standard of the top-most one;
- a standard's domain is the top-most grouping above it that is not a grade or
  course, its cluster the nearest grouping (the domain itself when there is one);
  high-school domains are also the high-school categories;
- its grade comes from ``educationLevel`` (its own, or the nearest item's above
  it): KG -> K, 01-08 -> 1-8, 09-12 -> HS (the lowest when there are several;
  pre-kindergarten and adult levels are left out);
- ``precedes`` between two standards is a prerequisite edge, ``isRelatedTo`` a
  related one; ``exactMatchOf`` to a CCSS-M standard outside the package (found by
  its title, code or corestandards.org URI), or a row of a crosswalk CSV, is a
  crosswalk pair.

Everything is ordered by the package (``sequenceNumber``, then position), so the
same package always gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .case_package import ASSOCIATION_TYPES, Association, Finding, Item, Node, Package, parse_package
from .framework_files import check_document, check_framework_id
from .frontmatter import decode, field_name
from .jsonfile import locate, read_json
from .problems import Problem
from .standards import GRADES, Framework, Provenance, framework_from_document, page_segment

__all__ = ["DEFAULT_GROUPING_TYPES", "ImportOptions", "ImportResult", "import_case", "render_catalogue"]

DEFAULT_GROUPING_TYPES = frozenset({
    "grade", "grade level", "gradelevel", "grade band", "course", "domain", "strand", "sub-strand", "substrand", "cluster",
    "category", "conceptual category", "reporting category", "topic", "unit", "section", "big idea", "standard group",
})
GRADE_TYPES = frozenset({"grade", "grade level", "gradelevel", "grade band", "course"})
MAX_PACKAGE_BYTES = 200_000_000
MAX_CROSSWALK_BYTES = 10_000_000
_NOT_SCHOOL = {"PK", "IT", "PR", "TK", "PS", "13", "UG", "AE", "OTHER"}
_SMALL_WORDS = {"and", "of", "the", "for", "in", "to", "with", "a", "an", "on"}


@dataclass(frozen=True)
class ImportOptions:
    framework: str
    """The id authors write before a code (``ESMS:MA.5.FR.2``) and the catalogue's file name."""
    name: str = ""
    """The framework's name on the site; default: the CFDocument's title."""
    grouping_types: tuple[str, ...] = ()
    skip_types: tuple[str, ...] = ()
    crosswalk: Path | None = None
    crosswalk_display: str = ""


@dataclass
class ImportResult:
    document: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return self.document is not None


def render_catalogue(document: dict[str, Any]) -> str:
    """The catalogue file's text: the same layout as the bundled ``ccss-m.json`` (sorted keys, one space indent)."""
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def import_case(package_file: Path, display: str, options: ImportOptions, default: Framework) -> ImportResult:
    """Read, check and convert one package; every problem is located in the package or the crosswalk CSV."""
    reason = check_framework_id(options.framework, default.id)
    if reason:
        return ImportResult(None, [Problem(display, 0, 0, "", reason, "Pass another --framework, for example the state's abbreviation: --framework TX-TEKS.")])
    data, text, problems = read_json(package_file, display, MAX_PACKAGE_BYTES)
    if data is None:
        return ImportResult(None, problems)
    package = parse_package(data)
    converter = _Converter(package, options, default)
    document = converter.convert() if package.ok else None
    findings = package.findings + converter.findings
    where = locate(text, [f.path for f in findings])
    for finding in findings:
        line, column = where.get(finding.path, (0, 0))
        problems.append(Problem(display, line, column, field_name(finding.path), finding.message, finding.hint, finding.severity))
    if document is not None and options.crosswalk is not None:
        pairs, csv_problems = _read_crosswalk(options.crosswalk, options.crosswalk_display or str(options.crosswalk), framework_from_document(document), default)
        problems.extend(csv_problems)
        document["crosswalk"] = _merge_crosswalk(document["crosswalk"], pairs, document, default)
    if any(p.severity == "error" for p in problems) or document is None:
        return ImportResult(None, sorted(problems))
    document["framework"]["provenance"]["package_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for path, message in check_document(document, default):  # the importer's own output must load: a bug here is never a bad site
        problems.append(Problem(display, 0, 0, field_name(path), f"internal error: the converted catalogue is not valid: {message}", "Please report this with the package."))
    if any(p.severity == "error" for p in problems):
        return ImportResult(None, sorted(problems))
    return ImportResult(document, sorted(problems), _summary(document, default))


def _summary(document: dict[str, Any], default: Framework) -> str:
    standards = document["standards"]
    subs = sum(1 for s in standards if s["level"] == "substandard")
    edges = document["edges"]
    prerequisites = sum(1 for e in edges if e["relation"] == "prerequisite")
    grades = ", ".join(document["framework"]["grades"])
    licence = document["framework"]["provenance"]["license_title"] or "no licence stated"
    return (
        f"{len(standards)} standards ({subs} sub-standards) in grades {grades}; {prerequisites} prerequisite and "
        f"{len(edges) - prerequisites} related edges; {len(document['crosswalk'])} crosswalk pairs to {default.id}; licence: {licence}"
    )


def _grade(level: str) -> str | None:
    """A CEDS grade code (``KG``, ``05``, ``09``) as a Math Hub grade; ``""`` for levels outside K-12; None if unknown."""
    value = level.strip().upper()
    if value in ("K", "KG", "00"):
        return "K"
    if value in ("HS",):
        return "HS"
    if value.isdigit() and 1 <= int(value) <= 12:
        return str(int(value)) if int(value) <= 8 else "HS"
    if value in _NOT_SCHOOL:
        return ""
    return None


def _initials(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", text) if w.lower() not in _SMALL_WORDS]
    initials = "".join(w[0] for w in words).upper()[:6]
    return initials or "GEN"


def _unique(candidate: str, taken: set[str]) -> str:
    value, n = candidate, 2
    while value in taken:
        value, n = f"{candidate}-{n}", n + 1
    taken.add(value)
    return value


def _http(url: str) -> str:
    """Only http(s) links reach the site; anything else in a package is dropped."""
    return url if re.match(r"^https?://[^\s<>\"']+$", url) else ""


def _uri_key(uri: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", uri.strip().lower()).rstrip("/")


class _Converter:
    def __init__(self, package: Package, options: ImportOptions, default: Framework) -> None:
        self.package, self.options, self.default = package, options, default
        self.findings: list[Finding] = []
        self.items = {item.identifier: item for item in package.items}
        self.grouping_types = DEFAULT_GROUPING_TYPES | {t.casefold() for t in options.grouping_types}
        self.skip_types = {t.casefold() for t in options.skip_types}
        self.sequence: dict[str, tuple[bool, int]] = {}
        self.reported: set[tuple[str | int, ...]] = set()

    def add(self, path: tuple[str | int, ...], message: str, hint: str = "", severity: Literal["error", "warning"] = "error") -> None:
        self.findings.append(Finding(path, message, hint, severity))

    # -- the tree ----------------------------------------------------------------
    def tree(self) -> dict[str, str | None]:
        """Item -> parent item (None: top level), from isChildOf; reports extra parents, loose ends and circles."""
        document_id = self.package.document.get("identifier", "")
        parent: dict[str, str | None] = {}
        sequence: dict[str, tuple[bool, int]] = {}
        via: dict[str, Association] = {}
        loose: list[Association] = []
        for association in self.package.associations:
            if association.kind != "isChildOf":
                continue
            child, target = association.origin.identifier, association.destination.identifier
            if child not in self.items or (target not in self.items and target != document_id):
                loose.append(association)
                continue
            if child in parent:
                first = via[child].destination.title or via[child].destination.identifier
                self.add(("CFAssociations", association.index), f"'{self.items[child].code or child}' has a second parent; Math Hub keeps the first ('{first}')", "A standard appears once in Math Hub's hierarchy.", "warning")
                continue
            parent[child] = target if target in self.items else None
            via[child] = association
            sequence[child] = (association.sequence is None, association.sequence or 0)
        if loose:
            self.add(("CFAssociations", loose[0].index), f"{len(loose)} isChildOf association{'s link' if len(loose) != 1 else ' links'} an item outside this package, and {'are' if len(loose) != 1 else 'is'} left out", "Export the whole framework as one CFPackage.", "warning")
        for start in parent:
            seen, node = [start], parent[start]
            while node is not None and node not in seen:
                seen.append(node)
                node = parent.get(node)
            if node == start:
                loop = " -> ".join(self.items[i].code or self.items[i].statement[:40] for i in [*seen, start])
                self.add(("CFAssociations", via[start].index), f"isChildOf goes round in a circle: {loop}", "One of these items must be the parent; remove the association that makes the circle.")
                return {}
        self.sequence = sequence
        return parent

    def ordered(self, parent: dict[str, str | None]) -> list[tuple[Item, tuple[Item, ...]]]:
        """Every item in document order (depth first, by sequenceNumber then position) with its ancestors."""
        children: dict[str | None, list[Item]] = {}
        for item in self.package.items:
            children.setdefault(parent.get(item.identifier), []).append(item)
        for siblings in children.values():
            siblings.sort(key=lambda item: (*self.sequence.get(item.identifier, (True, 0)), item.index))
        result: list[tuple[Item, tuple[Item, ...]]] = []
        stack: list[tuple[Item, tuple[Item, ...]]] = [(item, ()) for item in reversed(children.get(None, []))]
        while stack:
            item, ancestors = stack.pop()
            if item.item_type.casefold() in self.skip_types:
                continue
            result.append((item, ancestors))
            stack.extend((child, (*ancestors, item)) for child in reversed(children.get(item.identifier, [])))
        return result

    def is_standard(self, item: Item) -> bool:
        return bool(item.code) and item.item_type.casefold() not in self.grouping_types

    # -- the catalogue -------------------------------------------------------------
    def convert(self) -> dict[str, Any] | None:
        parent = self.tree()
        if any(f.severity == "error" for f in self.findings):
            return None
        fid = self.options.framework
        standards: list[dict[str, Any]] = []
        by_id: dict[str, dict[str, Any]] = {}
        domains: dict[str, dict[str, str]] = {}
        clusters: dict[str, dict[str, Any]] = {}
        categories: dict[str, str] = {}
        domain_codes: dict[tuple[str, str], str] = {}
        cluster_codes: dict[tuple[str, str], str] = {}
        taken_domains: dict[str, set[str]] = {}
        taken_clusters: set[str] = set()
        codes: dict[str, Item] = {}
        ordered = self.ordered(parent)
        grouping = {a.identifier for item, ancestors in ordered if self.is_standard(item) for a in ancestors}
        left_out = [
            item for item, ancestors in ordered
            if not item.code and item.identifier not in grouping and item.item_type.casefold() not in self.grouping_types and not any(self.is_standard(a) for a in ancestors)
        ]
        for item, ancestors in ordered:
            if not self.is_standard(item):
                continue
            if item.code in codes:
                self.add(("CFItems", item.index, "humanCodingScheme"), f"the code '{item.code}' is also the code of CFItems[{codes[item.code].index}]", "Codes must be unique: leave one of the items out with --skip-type, or correct the package.")
                continue
            if ":" in item.code or len(fid) + 1 + len(item.code) > 60:
                self.add(("CFItems", item.index, "humanCodingScheme"), f"'{item.code}' cannot be cited as {fid}:{item.code}" + (" (it contains ':')" if ":" in item.code else " (longer than 60 characters)"), "Choose a shorter --framework id, or correct the code.")
                continue
            codes[item.code] = item
            statements = [a for a in ancestors if self.is_standard(a)]
            top = by_id.get(statements[0].identifier) if statements else None
            if statements and top is None:
                continue  # its parent standard was left out, and said why
            if top is not None:
                record = {**top, "code": item.code, "level": "substandard", "parent": top["code"]}
            else:
                grade = self.grade_of(item, ancestors)
                if grade is None:
                    continue
                groupings = [a for a in ancestors if not self.is_standard(a) and a.item_type.casefold() not in GRADE_TYPES]
                domain_item = groupings[0] if groupings else None
                domain_key = (grade, domain_item.identifier if domain_item else "")
                if domain_key not in domain_codes:
                    candidate = (domain_item.code or _initials(domain_item.abbreviated or domain_item.statement)) if domain_item else "GEN"
                    domain_codes[domain_key] = _unique(candidate, taken_domains.setdefault(grade, set()))
                domain = domain_codes[domain_key]
                name = (domain_item.abbreviated or domain_item.statement) if domain_item else "Standards"
                category = domain if grade == "HS" else ""
                domains.setdefault(f"{grade}|{domain}", {"code": domain, "grade": grade, "category": category, "name": name})
                if category:
                    categories.setdefault(category, name)
                cluster_item = groupings[-1] if len(groupings) > 1 else None
                nearest = cluster_item or domain_item
                cluster_key = (grade, nearest.identifier if nearest else "")
                if cluster_key not in cluster_codes:
                    if cluster_item is not None:
                        candidate = cluster_item.code or f"{domain}.{_initials(cluster_item.abbreviated or cluster_item.statement)}"
                    else:
                        candidate = domain if domain_item is not None and domain_item.code else f"{grade}.{domain}"
                    cluster_codes[cluster_key] = _unique(candidate, taken_clusters)
                cluster = cluster_codes[cluster_key]
                clusters.setdefault(cluster, {
                    "code": cluster, "alt": "", "grade": grade, "category": category, "domain": domain, "letter": "",
                    "heading": cluster_item.statement if cluster_item else name, "emphasis": "", "widely_applicable_prerequisite": False,
                    "modeling": False, "uri": _http(nearest.uri) if nearest else "",
                })
                record = {"grade": grade, "category": category, "domain": domain, "cluster": cluster, "level": "standard", "parent": "", "code": item.code}
            record.update({
                "alt": "", "legacy": "", "text": item.statement, "notes": [item.notes] if item.notes else [], "advanced": False,
                "modeling": False, "uri": _http(item.uri), "case_id": item.identifier,
            })
            standards.append(record)
            by_id[item.identifier] = record
        if left_out:
            self.add(("CFItems", left_out[0].index), f"{len(left_out)} item{'s have' if len(left_out) != 1 else ' has'} no humanCodingScheme and no standard below, so lessons could not cite {'them' if len(left_out) != 1 else 'it'}; left out", "Give each standard a humanCodingScheme, or name its CFItemType with --grouping-type if it only groups others.", "warning")
        if not standards:
            self.add(("CFItems",), "no item of the package is a standard Math Hub can import", "Standards need a humanCodingScheme and a CFItemType that is not a grouping type (Grade Level, Strand, Domain, ...).")
            return None
        self.check_spellings(standards)
        if any(f.severity == "error" for f in self.findings):
            return None
        edges = self.edges(by_id)
        crosswalk = self.package_crosswalk(by_id)
        return self.document(standards, domains, clusters, categories, edges, crosswalk)

    def grade_of(self, item: Item, ancestors: tuple[Item, ...]) -> str | None:
        for source in (item, *reversed(ancestors)):
            if not source.levels:
                continue
            grades = []
            for position, level in enumerate(source.levels):
                grade = _grade(level)
                if grade is None:
                    path = ("CFItems", source.index, "educationLevel", position)
                    if path not in self.reported:  # once, however many standards inherit it
                        self.reported.add(path)
                        self.add(path, f"'{level}' is not an education level Math Hub knows", "CASE uses the CEDS grade codes: KG, 01 to 12 (PK and adult levels are left out).")
                    return None
                if grade:
                    grades.append(grade)
            if not grades:
                self.add(("CFItems", item.index), f"'{item.code}' is for pre-kindergarten or adults only; left out", "Math Hub's lessons are for kindergarten to grade 12.", "warning")
                return None
            return min(grades, key=GRADES.index)
        self.add(("CFItems", item.index), f"'{item.code}' has no educationLevel, and no item above it has one", "Add educationLevel (such as [\"05\"]) to the item, or to the grade grouping above it.")
        return None

    def check_spellings(self, standards: list[dict[str, Any]]) -> None:
        """Two codes an author could not tell apart (case, separators) would be one key and one page."""
        prefixes = self.prefixes(standards)
        probe = framework_from_document({"framework": {"id": self.options.framework, "name": "", "notice": "", "credits": [], "grades": [], "prefixes": prefixes}, "categories": [], "domains": [], "clusters": [], "standards": [], "practices": [], "edges": []})
        seen: dict[str, str] = {}
        for record in standards:
            for key in (probe.fold(record["code"]), "page:" + page_segment(record["code"]).lower()):
                other = seen.setdefault(key, record["code"])
                if other != record["code"]:
                    item = self.items[record["case_id"]]
                    self.add(("CFItems", item.index, "humanCodingScheme"), f"the codes '{other}' and '{record['code']}' cannot be told apart (letter case or separators)", "Correct one of the codes in the package.")
                    break

    @staticmethod
    def prefixes(standards: Iterable[dict[str, Any]]) -> list[str]:
        """A first part every code shares (``MA.`` in ``MA.5.FR.2``) may be left out by authors."""
        firsts = {record["code"].split(".", 1)[0] for record in standards}
        if len(firsts) == 1:
            first = firsts.pop()
            if first.isalpha() and all(record["code"].count(".") >= 2 for record in standards):
                return [first.upper() + "."]
        return []

    def edges(self, by_id: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
        found: set[tuple[str, str, str]] = set()
        outside: dict[str, list[Association]] = {}
        unknown: list[Association] = []
        for association in self.package.associations:
            kind = association.kind
            if kind not in ASSOCIATION_TYPES and not kind.startswith("ext:"):
                unknown.append(association)
                continue
            if kind not in ("precedes", "isRelatedTo"):
                continue
            origin, destination = by_id.get(association.origin.identifier), by_id.get(association.destination.identifier)
            if origin is None or destination is None:
                outside.setdefault(kind, []).append(association)
                continue
            if origin["code"] == destination["code"]:
                continue
            if kind == "precedes":
                found.add(("prerequisite", origin["code"], destination["code"]))
            else:
                a, b = sorted((origin["code"], destination["code"]))
                found.add(("related", a, b))
        for kind, left in sorted(outside.items()):
            self.add(("CFAssociations", left[0].index), f"{len(left)} {kind} association{'s' if len(left) != 1 else ''} {'link' if len(left) != 1 else 'links'} an item that is not an imported standard; left out", "Only links between two standards of the package become prerequisite or related links.", "warning")
        if unknown:
            self.add(("CFAssociations", unknown[0].index, "associationType"), f"'{unknown[0].kind}' is not a CASE association type ({len(unknown)} association{'s' if len(unknown) != 1 else ''} left out)", "CASE types are " + ", ".join(sorted(ASSOCIATION_TYPES)) + "; extensions start with 'ext:'.", "warning")
        return [{"relation": r, "from": a, "to": b} for r, a, b in sorted(found)]

    def package_crosswalk(self, by_id: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
        """exactMatchOf between an imported standard and a default-framework standard outside the package."""
        uris = {_uri_key(s.uri): s.code for s in self.default.standards.values() if s.uri}
        pairs: list[dict[str, str]] = []
        unmatched: list[Association] = []
        for association in self.package.associations:
            if association.kind != "exactMatchOf":
                continue
            ends = [(association.origin, by_id.get(association.origin.identifier)), (association.destination, by_id.get(association.destination.identifier))]
            inside = [record for _, record in ends if record is not None]
            outside = [node for node, record in ends if record is None and node.identifier not in self.items]
            if len(inside) != 1 or len(outside) != 1:
                continue
            match = self.default_code(outside[0], uris)
            if match is None:
                unmatched.append(association)
                continue
            pairs.append({"code": inside[0]["code"], "default": match, "source": "package"})
        if unmatched:
            first = unmatched[0].destination if unmatched[0].destination.identifier not in self.items else unmatched[0].origin
            self.add(("CFAssociations", unmatched[0].index), f"{len(unmatched)} exactMatchOf association{'s' if len(unmatched) != 1 else ''} {'match' if len(unmatched) != 1 else 'matches'} an item that is not {self.default.a_standard} Math Hub knows (first: '{first.title or first.uri or first.identifier}'); left out of the crosswalk", "Give these pairs in a crosswalk CSV (--crosswalk) instead.", "warning")
        return pairs

    def default_code(self, node: Node, uris: dict[str, str]) -> str | None:
        for candidate in (node.code, node.title, node.title.split(" ", 1)[0] if node.title else ""):
            if candidate:
                found = self.default.resolve(candidate)
                if found.code:
                    return found.code
        return uris.get(_uri_key(node.uri)) if node.uri else None

    def document(self, standards: list[dict[str, Any]], domains: dict[str, dict[str, str]], clusters: dict[str, dict[str, Any]], categories: dict[str, str], edges: list[dict[str, str]], crosswalk: list[dict[str, str]]) -> dict[str, Any]:
        fid, doc = self.options.framework, self.package.document
        license_record = self.package.licenses.get(doc.get("license_id", ""), {})
        license_title = license_record.get("title") or doc.get("license_title", "")
        if not license_title:
            self.add(("CFDocument",), "the package names no licence (licenseURI); the site will say that no licence is stated", "Check the publisher's terms before publishing the standards' text.", "warning")
        owner = doc.get("publisher") or doc.get("creator") or doc["title"]
        title = doc["title"]
        notice = f"{title}: published by {owner}" + (f", version {doc['version']}" if doc.get("version") else "") + (f". Licence: {license_title}." if license_title else ". The CASE package states no licence.")
        provenance = Provenance(
            format=f"1EdTech CASE {doc.get('case_version') or '1.0'} package", document_id=doc["identifier"], title=title,
            creator=doc.get("creator", ""), publisher=doc.get("publisher", ""), version=doc.get("version", ""),
            last_changed=doc.get("last_changed", ""), adoption_status=doc.get("adoption_status", ""),
            official_url=_http(doc.get("official_url", "")), document_uri=_http(doc.get("uri", "")), license_title=license_title,
            license_uri=_http(license_record.get("uri") or doc.get("license_uri", "")), license_text=license_record.get("text", ""),
        )
        used_grades = {s["grade"] for s in standards}
        return {
            "framework": {
                "id": fid,
                "name": self.options.name or title,
                "notice": notice,
                "credits": [f"Imported into Math Hub from the 1EdTech CASE package of CFDocument {doc['identifier']}" + (f", last changed {doc['last_changed']}" if doc.get("last_changed") else "") + "."],
                "grades": [g for g in GRADES if g in used_grades],
                "spelling": "generic",
                "prefixes": self.prefixes(standards),
                "progression_source": "The package",
                "progression_credit": f"the 'precedes' and 'isRelatedTo' associations of the {title} CASE package, sub-standards shown with their parent standard.",
                "provenance": asdict(provenance),
            },
            "categories": [{"code": code, "name": name} for code, name in categories.items()],
            "domains": list(domains.values()),
            "clusters": list(clusters.values()),
            "standards": standards,
            "practices": [],
            "edges": edges,
            "crosswalk": crosswalk,
        }


def _merge_crosswalk(package_pairs: list[dict[str, str]], csv_pairs: list[dict[str, str]], document: dict[str, Any], default: Framework) -> list[dict[str, str]]:
    """Package pairs and CSV pairs, once each (the package's word first), in framework then default-framework order."""
    order = {s["code"]: index for index, s in enumerate(document["standards"])}
    merged: dict[tuple[str, str], dict[str, str]] = {}
    for pair in [*package_pairs, *csv_pairs]:
        merged.setdefault((pair["code"], pair["default"]), pair)
    return sorted(merged.values(), key=lambda p: (order[p["code"]], default.position[p["default"]], p["source"]))


def _read_crosswalk(file: Path, display: str, framework: Framework, default: Framework) -> tuple[list[dict[str, str]], list[Problem]]:
    """A crosswalk CSV: a header row with the columns ``code`` (this framework, any spelling) and ``ccss`` (CCSS-M, any spelling)."""
    hint = "The crosswalk CSV has a header row with the columns code (a code of the imported framework) and ccss (the matching CCSS-M code), one pair per row."
    try:
        size = file.stat().st_size
        if size > MAX_CROSSWALK_BYTES:
            return [], [Problem(display, 0, 0, "", f"the file is {size:,} bytes; the limit is {MAX_CROSSWALK_BYTES:,} bytes", hint)]
        text, problems = decode(file.read_bytes(), display)
    except OSError as error:
        return [], [Problem(display, 0, 0, "", f"cannot read the crosswalk: {error.strerror or error}", hint)]
    if text is None:
        return [], problems
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not {"code", "ccss"} <= {cell.strip().lower() for cell in rows[0]}:
        return [], [Problem(display, 1, 1, "", "the first row must name the columns 'code' and 'ccss'", hint)]
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {"code": header.index("code"), "ccss": header.index("ccss")}
    pairs: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        found = {}
        for name, framework_of in (("code", framework), ("ccss", default)):
            resolution = framework_of.resolve(values[name]) if values[name] else None
            if resolution is None or resolution.code is None:
                suggestion = resolution.suggestion if resolution else None
                column = columns[name] + 1
                what = f"'{values[name]}' is not {framework_of.a_standard}" if values[name] else f"the {name} column is empty"
                problems.append(Problem(display, line, column, name, what, f"Did you mean '{suggestion}'?" if suggestion else hint))
            else:
                found[name] = resolution.code
        if len(found) == 2:
            key = (found["code"], found["ccss"])
            if key in seen:
                problems.append(Problem(display, line, 1, "", f"the pair {key[0]} = {key[1]} is listed twice", "Remove the repeated row.", "warning"))
                continue
            seen.add(key)
            pairs.append({"code": found["code"], "default": found["ccss"], "source": "crosswalk csv"})
    return pairs, problems
