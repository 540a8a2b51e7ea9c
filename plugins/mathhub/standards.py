"""The standards catalogue: every framework Math Hub knows, and how to read any spelling of a code.

Authors write ``5.NF.3``, ``CCSS.MATH.CONTENT.5.NF.B.3`` or ``HSA-SSE.A.1``;
the site, the reports and the validator all need one canonical code. The
catalogue is built once from the JSON that ``scripts/build_standards.py``
(CCSS-M, bundled) and ``scripts/import_case.py`` (any framework published
through 1EdTech CASE, kept in the repository's ``frameworks/`` folder) write,
and answers every question about standards with dict look-ups.

Every standard has one *key*, the form stored in the content model: the bare
code for the default framework (``5.NF.B.3``, so existing lessons and URLs
never change) and ``FRAMEWORK:code`` for any other (``ESMS:MA.5.FR.2``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .vocabulary import VOCABULARY

__all__ = [
    "Catalogue", "Category", "Cluster", "Domain", "Framework", "Practice", "Provenance", "Resolution", "Standard",
    "DEFAULT_FRAMEWORK", "GRADES", "framework_from_document", "grade_label", "grade_sort_key", "load_catalogue", "page_segment",
]

DEFAULT_FRAMEWORK = "CCSS-M"
GRADES: tuple[str, ...] = VOCABULARY.grades.values
"""Grade levels in order, as declared in ``schema/defs.schema.json``."""
CATALOGUE_DIR = Path(__file__).parent / "catalogue"


def grade_sort_key(grade: str) -> int:
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


def grade_label(grade: str) -> str:
    return VOCABULARY.grade_label(grade)


@dataclass(frozen=True)
class Category:
    code: str
    name: str


@dataclass(frozen=True)
class Domain:
    code: str
    grade: str
    category: str
    name: str

    @property
    def key(self) -> str:
        """Unique across grades: K–8 domains repeat (``3|NF``, ``4|NF``)."""
        return f"{self.grade}|{self.code}"


@dataclass(frozen=True)
class Cluster:
    code: str
    alt: str
    grade: str
    category: str
    domain: str
    letter: str
    heading: str
    emphasis: str
    widely_applicable_prerequisite: bool
    modeling: bool
    uri: str


@dataclass(frozen=True)
class Standard:
    code: str
    alt: str
    legacy: str
    level: str
    parent: str
    grade: str
    category: str
    domain: str
    cluster: str
    text: str
    notes: tuple[str, ...]
    advanced: bool
    modeling: bool
    uri: str
    framework: str = DEFAULT_FRAMEWORK
    key: str = ""
    """The canonical form stored in lessons: ``code`` in the default framework, ``FRAMEWORK:code`` in any other."""
    case_id: str = ""
    """The CASE identifier of the item this standard was imported from (empty for CCSS-M)."""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.code if self.framework == DEFAULT_FRAMEWORK else f"{self.framework}:{self.code}")

    @property
    def is_substandard(self) -> bool:
        return self.level == "substandard"

    @property
    def family(self) -> str:
        """The top-level standard this one belongs to (itself, or its parent)."""
        return self.parent or self.code

    def key_of(self, code: str) -> str:
        """The key of another code of the same framework (its parent, a child, a prerequisite)."""
        return code if self.key == self.code else f"{self.framework}:{code}"

    @property
    def parent_key(self) -> str:
        return self.key_of(self.parent) if self.parent else ""

    @property
    def family_key(self) -> str:
        return self.key_of(self.family)


@dataclass(frozen=True)
class Practice:
    code: str
    number: int
    title: str
    description: str
    uri: str


@dataclass(frozen=True)
class Resolution:
    """The answer to "which standard did the author mean?"."""

    code: str | None
    suggestion: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Provenance:
    """Where an imported framework comes from, and on what terms: shown on its pages."""

    format: str
    document_id: str
    title: str
    creator: str = ""
    publisher: str = ""
    version: str = ""
    last_changed: str = ""
    adoption_status: str = ""
    official_url: str = ""
    document_uri: str = ""
    license_title: str = ""
    license_uri: str = ""
    license_text: str = ""
    package_sha256: str = ""


def page_segment(code: str) -> str:
    """The URL path segment of a code: letters, digits, ``.``, ``_`` and ``-``; anything else becomes ``-``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-") or "-"


def _generic_key(raw: str, prefixes: tuple[str, ...] = ()) -> str:
    """Fold a code of an imported framework: case, spaces, separators, optional prefixes, sub-letter forms.

    ``MA.5.FR.2.a``, ``ma.5.fr.2a``, ``5.FR.2(a)``, ``5-FR-2-A`` and (with the
    prefix ``MA.`` declared) ``5.FR.2.a`` all fold to ``5.FR.2.A``.
    """
    text = re.sub(r"\s+", "", raw.strip().upper())
    text = re.sub(r"[()\[\]\-_/,;:]", ".", text)
    text = re.sub(r"(?<=\d)(?=[A-Z])|(?<=[A-Z])(?=\d)", ".", text)
    text = re.sub(r"\.+", ".", text).strip(".")
    for prefix in prefixes:
        folded = _generic_key(prefix) + "."
        if text.startswith(folded) and len(text) > len(folded):
            return text[len(folded):]
    return text


def _key(raw: str) -> str:
    """Fold every accepted spelling of a code to one lookup key.

    Upper-case; drop the ``CCSS.Math.Content.`` prefix; ``-`` and ``.`` are the
    same; the ``HS`` in front of a high-school category is optional; a
    sub-standard letter may be written ``.a``, ``.A`` or ``a``.
    """
    text = raw.strip().upper().replace(" ", "")
    text = re.sub(r"^CCSS\.MATH\.CONTENT\.", "", text)
    text = text.replace("-", ".")
    text = re.sub(r"^HS(?=[NAFGS]\.)", "", text)
    text = re.sub(r"\.(\d+)\.([A-Z])$", r".\1\2", text)
    return text


@dataclass
class Framework:
    """One standards framework with its structure, statements and coherence edges."""

    id: str
    name: str
    notice: str
    credits: tuple[str, ...]
    grades: tuple[str, ...]
    categories: dict[str, Category]
    domains: dict[str, Domain]
    clusters: dict[str, Cluster]
    standards: dict[str, Standard]
    practices: dict[str, Practice]
    prerequisite_edges: tuple[tuple[str, str], ...]
    related_edges: tuple[tuple[str, str], ...]
    spelling: str = "generic"
    """How codes are folded: ``ccss-m`` (the CCSS-M conventions) or ``generic`` (any imported framework)."""
    prefixes: tuple[str, ...] = ()
    """Leading parts authors may leave out (``MA.`` in ``MA.5.FR.2``)."""
    progression_source: str = "The framework"
    """Who lists the prerequisite links, as the subject of a sentence ("The Coherence Map lists no prerequisite")."""
    progression_credit: str = ""
    """The credit line for the prerequisite links on standard pages."""
    provenance: Provenance | None = None
    crosswalk: tuple[tuple[str, str], ...] = ()
    """(code in this framework, equivalent code in the default framework) pairs."""
    _keys: dict[str, str] = field(default_factory=dict, repr=False)
    position: dict[str, int] = field(default_factory=dict, repr=False)
    """Document order of every standard code, for sorting."""
    _practice_keys: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.position = {code: index for index, code in enumerate(self.standards)}
        for standard in self.standards.values():
            for spelling in (standard.code, standard.alt, standard.legacy):
                if spelling:
                    self._keys[self.fold(spelling)] = standard.code
            if standard.case_id:
                self._keys.setdefault(standard.case_id.upper(), standard.code)
        for practice in self.practices.values():
            self._practice_keys[practice.code.upper()] = practice.code
            self._practice_keys[f"MP.{practice.number}"] = practice.code
            self._practice_keys[f"CCSS.MATH.PRACTICE.{practice.code.upper()}"] = practice.code

    # -- codes -------------------------------------------------------------
    def fold(self, raw: str) -> str:
        """The look-up key of any spelling of a code of this framework."""
        return _key(raw) if self.spelling == "ccss-m" else _generic_key(raw, self.prefixes)

    @property
    def qualifier(self) -> str:
        """``""`` for the default framework, ``"ID:"`` for any other: the start of every key (as ``Standard.key``)."""
        return "" if self.id == DEFAULT_FRAMEWORK else f"{self.id}:"

    def key(self, code: str) -> str:
        """The key stored in lessons for one of this framework's canonical codes."""
        return self.qualifier + code

    @property
    def a_standard(self) -> str:
        """``a CCSS-M standard``, ``an ESMS standard``: the article follows how the id's first letter is said."""
        return f"{'an' if self.id[:1] in 'AEFHILMNORSX' else 'a'} {self.id} standard"

    @property
    def slug(self) -> str:
        """The URL folder of this framework's pages under ``standards/`` (empty for the default framework)."""
        return self.id.lower() if self.qualifier else ""

    def resolve(self, raw: str) -> Resolution:
        code = self._keys.get(self.fold(raw)) or self._keys.get(raw.strip().upper())
        if code:
            return Resolution(code)
        return Resolution(None, self.suggest(raw), f"'{raw}' is not {self.a_standard}")

    def suggest(self, raw: str) -> str | None:
        """The closest real code, preferring codes of the same domain.

        For CCSS-M, separators left out (``6RP1``) are put back first: ``6.RP.1`` is a known spelling of
        6.RP.A.1, and without the dots the number would be compared as ``6``.
        """
        key = self.fold(raw)
        if self.spelling == "ccss-m":
            key = _key(re.sub(r"(?<=\d)(?=[A-Z])|(?<=[A-Z])(?=\d)", ".", key))
            if key in self._keys:
                return self._keys[key]
        candidates = difflib.get_close_matches(key, self._keys.keys(), n=8, cutoff=0.6)
        if not candidates:
            return None
        prefix, _, last = key.rpartition(".")
        number = _leading_int(last)

        def rank(candidate: str) -> tuple[bool, int, float, str]:
            other = _leading_int(candidate.rpartition(".")[2])
            distance = abs(other - number) if number is not None and other is not None else 99
            return (not candidate.startswith(prefix + "."), distance, -difflib.SequenceMatcher(None, key, candidate).ratio(), candidate)

        return self._keys[min(candidates, key=rank)]

    def domain_range(self, raw: str) -> str | None:
        """``'5.NF'`` -> ``'5.NF.A.1 to 5.NF.B.7'``: what a domain holds, for hints."""
        prefix = self.fold(raw).rsplit(".", 1)[0]
        codes = [code for key, code in self._keys.items() if key.startswith(prefix + ".")]
        if not codes:
            return None
        ordered = [code for code in self.standards if code in set(codes) and not self.standards[code].is_substandard]
        return f"{ordered[0]} to {ordered[-1]}" if ordered else None

    def resolve_practice(self, raw: str) -> str | None:
        text = raw.strip().upper().replace(" ", "")
        return self._practice_keys.get(text) or self._practice_keys.get(re.sub(r"^MP\.?", "MP", text))

    # -- structure ---------------------------------------------------------
    def domain_of(self, standard: Standard) -> Domain:
        return self.domains[f"{standard.grade}|{standard.domain}"]

    def children(self, code: str) -> list[Standard]:
        return [s for s in self.standards.values() if s.parent == code]

    @cached_property
    def prerequisites(self) -> dict[str, tuple[str, ...]]:
        """Standard -> the standards it builds on (Coherence Map, sub-standards rolled up to parents)."""
        return _rolled_edges(self.prerequisite_edges, self.standards, reverse=False)

    @cached_property
    def leads_to(self) -> dict[str, tuple[str, ...]]:
        """Standard -> the standards that build on it."""
        return _rolled_edges(self.prerequisite_edges, self.standards, reverse=True)

    @cached_property
    def related(self) -> dict[str, tuple[str, ...]]:
        """Standard -> related standards of the same framework (both directions, families)."""
        both = self.related_edges + tuple((b, a) for a, b in self.related_edges)
        return _rolled_edges(both, self.standards, reverse=True)


def _leading_int(text: str) -> int | None:
    match = re.match(r"\d+", text)
    return int(match.group()) if match else None


def _rolled_edges(edges: tuple[tuple[str, str], ...], standards: dict[str, Standard], reverse: bool) -> dict[str, tuple[str, ...]]:
    """Edges between standard families (sub-standards rolled up to their parent), in document order."""
    result: dict[str, set[str]] = {}
    for before, after in edges:
        if before not in standards or after not in standards:
            continue
        a, b = standards[before].family, standards[after].family
        if a == b:
            continue
        source, target = (a, b) if reverse else (b, a)
        result.setdefault(source, set()).add(target)
    order = {code: index for index, code in enumerate(standards)}
    return {k: tuple(sorted(v, key=order.__getitem__)) for k, v in result.items()}


class Catalogue:
    """Every framework, keyed by id; bare codes belong to the default framework, ``ID:code`` to any other."""

    def __init__(self, frameworks: dict[str, Framework]) -> None:
        self.default = frameworks[DEFAULT_FRAMEWORK]
        """CCSS-M, bundled: its codes are stored without a prefix, so its lessons and URLs never change."""
        self.frameworks = {DEFAULT_FRAMEWORK: self.default, **{fid: frameworks[fid] for fid in sorted(frameworks) if fid != DEFAULT_FRAMEWORK}}
        """The default framework first, then the others by id: the order of every listing."""

    def resolve(self, raw: str) -> Resolution:
        """Canonical key for any spelling; ``FRAMEWORK:code`` selects another framework."""
        if not isinstance(raw, str) or not raw.strip():
            return Resolution(None, None, "a standard code must be text")
        name, sep, rest = raw.partition(":")
        if sep:
            framework = self.frameworks.get(name.strip().upper())
            if framework is None:
                known = ", ".join(self.frameworks)
                return Resolution(None, None, f"unknown standards framework '{name.strip()}' (known: {known})")
            found = framework.resolve(rest)
            if found.code:
                return Resolution(framework.key(found.code))
            return Resolution(None, framework.key(found.suggestion) if found.suggestion else None, found.reason)
        found = self.default.resolve(raw)
        if found.code is None:
            for other in list(self.frameworks.values())[1:]:
                elsewhere = other._keys.get(other.fold(raw))
                if elsewhere:
                    return Resolution(None, other.key(elsewhere), f"{found.reason}; codes of other frameworks start with the framework's name")
        return found

    def get(self, key: str) -> Standard | None:
        """The standard with this key, or None."""
        name, sep, rest = key.partition(":")
        if sep:
            framework = self.frameworks.get(name)
            return framework.standards.get(rest) if framework is not None and framework is not self.default else None
        return self.default.standards.get(key)

    def standard(self, key: str) -> Standard:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def sort_key(self, key: str) -> tuple[int, int, str]:
        """Catalogue order for any key: the default framework's standards first, each framework in document order."""
        name, sep, code = key.partition(":")
        framework = self.frameworks.get(name) if sep else self.default
        if framework is None:
            return (len(self.frameworks), 0, key)
        return (list(self.frameworks).index(framework.id), framework.position.get(code if sep else key, len(framework.position)), key)

    def framework_of(self, key: str) -> Framework:
        name, sep, _ = key.partition(":")
        return self.frameworks[name] if sep else self.default

    @cached_property
    def equivalents(self) -> dict[str, tuple[str, ...]]:
        """Key -> keys the crosswalks declare equivalent, both ways (one hop: each framework maps to the default)."""
        pairs: dict[str, set[str]] = {}
        for framework in list(self.frameworks.values())[1:]:
            for code, default_code in framework.crosswalk:
                pairs.setdefault(framework.key(code), set()).add(default_code)
                pairs.setdefault(default_code, set()).add(framework.key(code))
        order = {framework.id: index for index, framework in enumerate(self.frameworks.values())}

        def rank(key: str) -> tuple[int, int, str]:
            standard = self.standard(key)
            return (order[standard.framework], self.frameworks[standard.framework].position[standard.code], key)

        return {key: tuple(sorted(found, key=rank)) for key, found in sorted(pairs.items())}

    def crosswalked(self, key: str) -> tuple[str, ...]:
        """What ``key`` counts for through the crosswalk: the equivalents of the standard and of its parent."""
        standard = self.get(key)
        found = self.equivalents.get(key, ())
        if standard is not None and standard.parent:
            found += self.equivalents.get(standard.parent_key, ())
        return tuple(dict.fromkeys(found))

    def frameworks_in(self, keys: Iterable[str]) -> list[Framework]:
        """The frameworks these keys belong to, in catalogue order (for notices and filters)."""
        used = {self.framework_of(key).id for key in keys}
        return [framework for fid, framework in self.frameworks.items() if fid in used]

    def resolve_practice(self, raw: str) -> str | None:
        return self.default.resolve_practice(raw) if isinstance(raw, str) else None


def framework_from_document(document: dict[str, Any]) -> Framework:
    """A framework from a catalogue document (``ccss-m.json`` or an imported ``frameworks/*.json``).

    The document must already be known to be well formed: the bundled one is
    checked by its build script, imported ones by ``framework_files``.
    """
    meta = document["framework"]
    fid = meta["id"]
    provenance = meta.get("provenance")
    return Framework(
        id=fid,
        name=meta["name"],
        notice=meta["notice"],
        credits=tuple(meta["credits"]),
        grades=tuple(meta["grades"]),
        categories={c["code"]: Category(**c) for c in document["categories"]},
        domains={f'{d["grade"]}|{d["code"]}': Domain(**d) for d in document["domains"]},
        clusters={c["code"]: Cluster(**c) for c in document["clusters"]},
        standards={s["code"]: Standard(**{**s, "notes": tuple(s["notes"])}, framework=fid) for s in document["standards"]},
        practices={p["code"]: Practice(**p) for p in document["practices"]},
        prerequisite_edges=tuple((e["from"], e["to"]) for e in document["edges"] if e["relation"] == "prerequisite"),
        related_edges=tuple((e["from"], e["to"]) for e in document["edges"] if e["relation"] == "related"),
        spelling=meta.get("spelling", "generic"),
        prefixes=tuple(meta.get("prefixes", ())),
        progression_source=meta.get("progression_source", "The framework"),
        progression_credit=meta.get("progression_credit", ""),
        provenance=Provenance(**provenance) if provenance else None,
        crosswalk=tuple((c["code"], c["default"]) for c in document.get("crosswalk", ())),
    )


@cache
def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Load every ``*.json`` framework in ``directory`` once per process (the bundled catalogue by default)."""
    frameworks = {}
    for path in sorted(directory.glob("*.json")):
        framework = framework_from_document(json.loads(path.read_text(encoding="utf-8")))
        frameworks[framework.id] = framework
    return Catalogue(frameworks)
