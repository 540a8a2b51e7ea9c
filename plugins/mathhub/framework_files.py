"""The frameworks a repository adds to the bundled CCSS-M: ``frameworks/<id>.json``, written by ``scripts/import_case.py``.

A district's state framework is data of that library, chosen by the district
and reviewed by pull request like its lessons, so it lives in the repository
beside ``schema/`` rather than inside the package that every library shares.
The one loader (``load_repository``) reads it, so the validator, the site and
the scripts all see the same catalogue. A file that is not a well-formed
catalogue is a located problem, never a ``KeyError`` halfway through a build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .frontmatter import field_name
from .jsonfile import JsonPath, locate, read_json
from .problems import Problem
from .standards import GRADES, Catalogue, Framework, framework_from_document, load_catalogue, page_segment

__all__ = ["FRAMEWORK_ID", "MAX_CATALOGUE_BYTES", "check_framework_id", "check_document", "load_repository_catalogue"]

FRAMEWORK_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
MAX_CATALOGUE_BYTES = 50_000_000
_HINT = "This file is written by scripts/import_case.py: import the CASE package again instead of editing the file by hand."

_SECTIONS: dict[str, dict[str, type]] = {
    "categories": {"code": str, "name": str},
    "domains": {"code": str, "grade": str, "category": str, "name": str},
    "clusters": {"code": str, "alt": str, "grade": str, "category": str, "domain": str, "letter": str, "heading": str, "emphasis": str, "widely_applicable_prerequisite": bool, "modeling": bool, "uri": str},
    "standards": {"code": str, "alt": str, "legacy": str, "level": str, "parent": str, "grade": str, "category": str, "domain": str, "cluster": str, "text": str, "notes": list, "advanced": bool, "modeling": bool, "uri": str, "case_id": str},
    "practices": {"code": str, "number": int, "title": str, "description": str, "uri": str},
    "edges": {"from": str, "to": str, "relation": str},
    "crosswalk": {"code": str, "default": str, "source": str},
}
_OPTIONAL = {"standards": {"case_id"}, "crosswalk": {"source"}}
_META: dict[str, type] = {"id": str, "name": str, "notice": str, "credits": list, "grades": list, "spelling": str, "prefixes": list, "progression_source": str, "progression_credit": str, "provenance": dict}
_META_REQUIRED = {"id", "name", "notice", "credits", "grades"}
_PROVENANCE = {"format", "document_id", "title", "creator", "publisher", "version", "last_changed", "adoption_status", "official_url", "document_uri", "license_title", "license_uri", "license_text", "package_sha256"}
_TYPE_WORDS = {str: "text", bool: "true or false", int: "a whole number", list: "a list", dict: "a group of fields"}
RESERVED_SEGMENTS = re.compile(r"^(grade-|hs-|index$)", re.I)
"""Page names a framework's standard pages may not take: its own browse pages and index live beside them."""


def check_framework_id(fid: str, default: str) -> str | None:
    """Why ``fid`` cannot name a framework, or None. It is the prefix authors write (``ESMS:``) and a URL folder."""
    if not FRAMEWORK_ID.match(fid) or len(fid) > 20:
        return f"'{fid}' cannot be a framework id: use 1 to 20 capital letters, digits and single hyphens, starting with a letter (for example ESMS or TX-TEKS)"
    if fid == default:
        return f"'{fid}' is the bundled framework; choose another id"
    if RESERVED_SEGMENTS.match(fid.lower()):
        return f"'{fid}' cannot be a framework id: ids starting with GRADE- or HS- would share a web address with a standards page"
    return None


def check_document(document: Any, default: Framework) -> list[tuple[JsonPath, str]]:
    """(path, message) for everything that keeps ``document`` from being a framework the site can publish."""
    found: list[tuple[JsonPath, str]] = []

    def add(path: JsonPath, message: str) -> None:
        found.append((path, message))
    if not isinstance(document, dict):
        return [((), "a framework catalogue is a JSON object with 'framework', 'standards' and the other sections")]
    for name in sorted(set(document) - {"framework", *_SECTIONS}):
        add((name,), f"'{name}' is not a section of a framework catalogue")
    meta = document.get("framework")
    if not isinstance(meta, dict):
        add(("framework",), "the 'framework' section (id, name, notice, credits, grades) is missing")
    else:
        _check_record(meta, ("framework",), _META, _META_REQUIRED, add)
        provenance = meta.get("provenance")
        if isinstance(provenance, dict):
            _check_record(provenance, ("framework", "provenance"), dict.fromkeys(_PROVENANCE, str), {"format", "document_id", "title"}, add)
    for section, fields in _SECTIONS.items():
        rows = document.get(section, [] if section == "crosswalk" else None)
        if not isinstance(rows, list):
            add((section,), f"the '{section}' section is missing or is not a list")
            continue
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                add((section, index), "expected a group of fields")
                continue
            _check_record(row, (section, index), fields, set(fields) - _OPTIONAL.get(section, set()), add)
    if found:
        return found  # the cross-checks below assume well-formed records
    _cross_check(document, default, add)
    return found


def _check_record(record: dict[str, Any], path: JsonPath, fields: dict[str, type], required: set[str], add: Callable[[JsonPath, str], None]) -> None:
    for name in sorted(required - set(record)):
        add(path, f"the field '{name}' is missing")
    for name, value in record.items():
        wanted = fields.get(name)
        if wanted is None:
            add((*path, name), f"'{name}' is not a field here")
        elif not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            add((*path, name), f"expected {_TYPE_WORDS[wanted]}")
        elif isinstance(value, list) and not all(isinstance(item, str) for item in value):
            add((*path, name), "expected a list of texts")


def _cross_check(document: dict[str, Any], default: Framework, add: Callable[[JsonPath, str], None]) -> None:
    meta = document["framework"]
    if meta.get("spelling", "generic") not in ("generic", "ccss-m"):
        add(("framework", "spelling"), "the spelling must be 'generic' or 'ccss-m'")
    for index, grade in enumerate(meta["grades"]):
        if grade not in GRADES:
            add(("framework", "grades", index), f"'{grade}' is not a Math Hub grade ({', '.join(GRADES)})")
    categories = {c["code"] for c in document["categories"]}
    domains = {f'{d["grade"]}|{d["code"]}' for d in document["domains"]}
    clusters = {c["code"] for c in document["clusters"]}
    standards: dict[str, dict[str, Any]] = {}
    for index, s in enumerate(document["standards"]):
        here: JsonPath = ("standards", index)
        code = s["code"]
        if not code.strip() or ":" in code or code != code.strip():
            add((*here, "code"), f"'{code}' cannot be a code: it must be non-empty, without ':' or surrounding spaces")
        if code in standards:
            add((*here, "code"), f"the code '{code}' appears twice")
        standards.setdefault(code, s)
        if s["grade"] not in GRADES:
            add((*here, "grade"), f"'{s['grade']}' is not a Math Hub grade ({', '.join(GRADES)})")
        if f'{s["grade"]}|{s["domain"]}' not in domains:
            add((*here, "domain"), f"there is no domain '{s['domain']}' in grade {s['grade']}")
        if s["cluster"] not in clusters:
            add((*here, "cluster"), f"there is no cluster '{s['cluster']}'")
        if s["grade"] == "HS" and s["category"] not in categories:
            add((*here, "category"), f"there is no category '{s['category']}' for this high-school standard")
        if s["level"] not in ("standard", "substandard"):
            add((*here, "level"), "the level must be 'standard' or 'substandard'")
        if RESERVED_SEGMENTS.match(page_segment(code)):
            add((*here, "code"), f"the code '{code}' would share a web address with a page of the framework's index")
    for index, s in enumerate(document["standards"]):
        parent = standards.get(s["parent"]) if s["parent"] else None
        if s["level"] == "substandard" and (parent is None or parent["level"] != "standard"):
            add(("standards", index, "parent"), f"the sub-standard's parent '{s['parent']}' is not a standard of this framework")
        if s["level"] == "standard" and s["parent"]:
            add(("standards", index, "parent"), "a top-level standard has no parent")
    _check_spellings(document, add)
    for index, edge in enumerate(document["edges"]):
        for end in ("from", "to"):
            if edge[end] not in standards:
                add(("edges", index, end), f"'{edge[end]}' is not a standard of this framework")
        if edge["relation"] not in ("prerequisite", "related"):
            add(("edges", index, "relation"), "the relation must be 'prerequisite' or 'related'")
    for index, pair in enumerate(document.get("crosswalk", [])):
        if pair["code"] not in standards:
            add(("crosswalk", index, "code"), f"'{pair['code']}' is not a standard of this framework")
        if pair["default"] not in default.standards:
            add(("crosswalk", index, "default"), f"'{pair['default']}' is not a {default.id} standard")


def _check_spellings(document: dict[str, Any], add: Callable[[JsonPath, str], None]) -> None:
    """Two codes that read the same to an author, or on a case-insensitive disk, would be one page and one key."""
    probe = framework_from_document({**document, "standards": [], "edges": [], "crosswalk": []})
    folds: dict[str, str] = {}
    segments: dict[str, str] = {}
    for index, s in enumerate(document["standards"]):
        code = s["code"]
        for seen, key in ((folds, probe.fold(code)), (segments, page_segment(code).lower())):
            other = seen.setdefault(key, code)
            if other != code:
                add(("standards", index, "code"), f"the codes '{other}' and '{code}' cannot be told apart (as written by authors, or as web addresses)")
                break


def load_repository_catalogue(folder: Path, relative: Callable[[Path], str], bundled: Catalogue | None = None) -> tuple[Catalogue, list[Problem]]:
    """The bundled catalogue plus every well-formed ``folder/*.json``; what is wrong with the others, located."""
    bundled = bundled or load_catalogue()
    frameworks = dict(bundled.frameworks)
    problems: list[Problem] = []
    if not folder.is_dir():
        return bundled, problems
    for file in sorted(folder.glob("*.json")):  # sub-folders (e.g. the CASE packages themselves) are not read
        if file.name.startswith(".") or not file.is_file():
            continue
        framework, found = _load_one(file, relative(file), bundled.default, frameworks)
        problems.extend(found)
        if framework is not None:
            frameworks[framework.id] = framework
    if len(frameworks) == len(bundled.frameworks):
        return bundled, problems
    return Catalogue(frameworks), problems


def _load_one(file: Path, display: str, default: Framework, known: dict[str, Framework]) -> tuple[Framework | None, list[Problem]]:
    data, text, problems = read_json(file, display, MAX_CATALOGUE_BYTES)
    if data is None:
        return None, problems
    findings = check_document(data, default)
    if not findings:
        fid = data["framework"]["id"]
        reason = check_framework_id(fid, default.id)
        if reason is None and fid in known:
            reason = f"another file already defines the framework '{fid}'"
        if reason is None and file.stem != fid.lower():
            reason = f"the framework '{fid}' must be in frameworks/{fid.lower()}.json, not {file.name}"
        if reason:
            findings.append((("framework", "id"), reason))
    if findings:
        where = locate(text, [path for path, _ in findings])
        for path, message in findings:
            line, column = where.get(path, (0, 0))
            problems.append(Problem(display, line, column, field_name(path), message, _HINT))
        return None, problems
    return framework_from_document(data), problems
