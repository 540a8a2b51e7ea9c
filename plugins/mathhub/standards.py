"""The standards catalogue: every framework Math Hub knows, and how to read any spelling of a code.

Authors write ``5.NF.3``, ``CCSS.MATH.CONTENT.5.NF.B.3`` or ``HSA-SSE.A.1``;
the site, the reports and the validator all need one canonical code. The
catalogue is built once from the JSON that ``scripts/build_standards.py``
writes, and answers every question about standards with dict look-ups.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

__all__ = [
    "Catalogue", "Category", "Cluster", "Domain", "Framework", "Practice", "Resolution", "Standard",
    "DEFAULT_FRAMEWORK", "GRADES", "grade_label", "grade_sort_key", "load_catalogue",
]

DEFAULT_FRAMEWORK = "CCSS-M"
GRADES: tuple[str, ...] = ("K", "1", "2", "3", "4", "5", "6", "7", "8", "HS")
CATALOGUE_DIR = Path(__file__).parent / "catalogue"


def grade_sort_key(grade: str) -> int:
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


def grade_label(grade: str) -> str:
    return {"K": "Kindergarten", "HS": "High school"}.get(grade, f"Grade {grade}")


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

    @property
    def is_substandard(self) -> bool:
        return self.level == "substandard"

    @property
    def family(self) -> str:
        """The top-level standard this one belongs to (itself, or its parent)."""
        return self.parent or self.code


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
    _keys: dict[str, str] = field(default_factory=dict, repr=False)
    position: dict[str, int] = field(default_factory=dict, repr=False)
    """Document order of every standard code, for sorting."""
    _practice_keys: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.position = {code: index for index, code in enumerate(self.standards)}
        for standard in self.standards.values():
            for spelling in (standard.code, standard.alt, standard.legacy):
                if spelling:
                    self._keys[_key(spelling)] = standard.code
        for practice in self.practices.values():
            self._practice_keys[practice.code.upper()] = practice.code
            self._practice_keys[f"MP.{practice.number}"] = practice.code
            self._practice_keys[f"CCSS.MATH.PRACTICE.{practice.code.upper()}"] = practice.code

    # -- codes -------------------------------------------------------------
    def resolve(self, raw: str) -> Resolution:
        code = self._keys.get(_key(raw))
        if code:
            return Resolution(code)
        return Resolution(None, self.suggest(raw), f"'{raw}' is not a {self.id} standard")

    def suggest(self, raw: str) -> str | None:
        """The closest real code, preferring codes of the same domain."""
        key = _key(raw)
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
        prefix = _key(raw).rsplit(".", 1)[0]
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
    """Every framework, keyed by id; bare codes belong to the default framework."""

    def __init__(self, frameworks: dict[str, Framework], default: str = DEFAULT_FRAMEWORK) -> None:
        self.frameworks = frameworks
        self.default = frameworks[default]

    def resolve(self, raw: str) -> Resolution:
        """Canonical code for any spelling; ``FRAMEWORK:code`` selects another framework."""
        if not isinstance(raw, str) or not raw.strip():
            return Resolution(None, None, "a standard code must be text")
        name, sep, rest = raw.partition(":")
        if sep:
            framework = self.frameworks.get(name.strip().upper())
            if framework is None:
                known = ", ".join(sorted(self.frameworks))
                return Resolution(None, None, f"unknown standards framework '{name.strip()}' (known: {known})")
            found = framework.resolve(rest)
            if found.code and framework is not self.default:
                return Resolution(f"{framework.id}:{found.code}")
            return found
        return self.default.resolve(raw)

    def standard(self, code: str) -> Standard:
        name, sep, rest = code.partition(":")
        if sep:
            return self.frameworks[name].standards[rest]
        return self.default.standards[code]

    def resolve_practice(self, raw: str) -> str | None:
        return self.default.resolve_practice(raw) if isinstance(raw, str) else None


def _framework_from_json(document: dict) -> Framework:
    meta = document["framework"]
    fid = meta["id"]
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
    )


@cache
def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Load every ``*.json`` framework in ``directory`` once per process."""
    frameworks = {}
    for path in sorted(directory.glob("*.json")):
        framework = _framework_from_json(json.loads(path.read_text(encoding="utf-8")))
        frameworks[framework.id] = framework
    return Catalogue(frameworks)
