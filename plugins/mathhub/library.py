"""Every cross-index of the library, built in one sweep over the loaded model.

The site and the reports ask "which cartridges address 5.NF.B.3?", "who uses
this rubric?", "what was adapted from this lesson?" thousands of times; each
answer here is a dict look-up prepared once. Standards are named by their
catalogue key (``5.NF.B.3``, ``ESMS:MA.5.FR.2``), whatever their framework.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import ROLES, Cartridge, Role, Rubric
from .repository import Repository
from .standards import Catalogue, Framework, grade_sort_key

__all__ = ["Library", "index_library"]


@dataclass
class Library:
    """The repository's model plus its indexes. Read-only after ``index_library``."""

    repository: Repository
    cartridges: dict[str, Cartridge]
    rubrics: dict[str, Rubric]
    by_standard: dict[str, dict[Role, list[str]]] = field(default_factory=dict)
    """Canonical code -> role -> cartridge ids (sorted by title)."""
    by_family: dict[str, dict[Role, list[str]]] = field(default_factory=dict)
    """Top-level standard -> role -> cartridge ids, counting its sub-standards too."""
    by_crosswalk: dict[str, dict[Role, list[str]]] = field(default_factory=dict)
    """Standard -> role -> cartridge ids aligned (directly or through a sub-standard) to a standard the crosswalk
    declares equivalent, and not to this one: what counts "through the crosswalk"."""
    rubrics_by_standard: dict[str, list[str]] = field(default_factory=dict)
    rubric_users: dict[str, list[str]] = field(default_factory=dict)
    adaptations: dict[str, list[str]] = field(default_factory=dict)
    by_grade: dict[str, list[str]] = field(default_factory=dict)
    by_practice: dict[str, list[str]] = field(default_factory=dict)

    @property
    def catalogue(self) -> Catalogue:
        return self.repository.catalogue

    @property
    def framework(self) -> Framework:
        """The default framework (CCSS-M): the one the grade pages, Find's domains and the Coverage page use."""
        return self.repository.catalogue.default

    def lessons_for(self, code: str, role: Role = "addresses") -> list[str]:
        """Cartridge ids with ``role`` for the key ``code``; a top-level standard also counts its sub-standards' lessons."""
        ids = self.by_standard.get(code, {}).get(role, [])
        if code in self.by_family:
            ids = list(dict.fromkeys(ids + self.by_family[code][role]))
        return list(ids)

    def crosswalk_lessons_for(self, code: str, role: Role = "addresses") -> list[str]:
        """Cartridge ids that count for ``code`` only through the crosswalk (never one of ``lessons_for``)."""
        return list(self.by_crosswalk.get(code, {}).get(role, []))

    def rubrics_for(self, code: str) -> list[str]:
        """Rubric ids that assess ``code``, its parent standard, or one of its sub-standards."""
        standard = self.catalogue.get(code)
        ids = set(self.rubrics_by_standard.get(code, []))
        if standard is not None:
            if standard.parent:
                ids.update(self.rubrics_by_standard.get(standard.parent_key, []))
            for child in self.catalogue.framework_of(code).children(standard.code):
                ids.update(self.rubrics_by_standard.get(child.key, []))
        return sorted(ids)

    def assessed(self, code: str) -> bool:
        return bool(self.rubrics_for(code))


def _by_title(cartridges: dict[str, Cartridge], ids: list[str]) -> list[str]:
    return sorted(set(ids), key=lambda i: (cartridges[i].title.casefold(), i))


def index_library(repository: Repository) -> Library:
    """Build every index in one pass over cartridges and rubrics."""
    cartridges, rubrics = repository.cartridges, repository.rubrics
    catalogue = repository.catalogue
    by_standard: dict[str, dict[Role, list[str]]] = defaultdict(lambda: {role: [] for role in ROLES})
    by_family: dict[str, dict[Role, list[str]]] = defaultdict(lambda: {role: [] for role in ROLES})
    rubric_users: dict[str, list[str]] = defaultdict(list)
    adaptations: dict[str, list[str]] = defaultdict(list)
    by_grade: dict[str, list[str]] = defaultdict(list)
    by_practice: dict[str, list[str]] = defaultdict(list)
    for cid, cartridge in cartridges.items():
        for role, codes in cartridge.alignment.by_role().items():
            for code in codes:
                by_standard[code][role].append(cid)
                standard = catalogue.get(code)
                if standard is not None and standard.parent:
                    by_family[standard.parent_key][role].append(cid)
        for rubric_id in cartridge.rubrics:
            rubric_users[rubric_id].append(cid)
        if cartridge.adapted_from and cartridge.adapted_from.cartridge:
            adaptations[cartridge.adapted_from.cartridge].append(cid)
        for grade in cartridge.grades:
            by_grade[grade].append(cid)
        for practice in cartridge.practices:
            by_practice[practice].append(cid)
    rubrics_by_standard: dict[str, list[str]] = defaultdict(list)
    for rid, rubric in rubrics.items():
        for code in rubric.standards:
            rubrics_by_standard[code].append(rid)

    def sort_roles(table: dict[str, dict[Role, list[str]]]) -> dict[str, dict[Role, list[str]]]:
        return {code: {role: _by_title(cartridges, ids) for role, ids in roles.items()} for code, roles in sorted(table.items())}

    library = Library(
        repository=repository,
        cartridges=cartridges,
        rubrics=rubrics,
        by_standard=sort_roles(by_standard),
        by_family=sort_roles(by_family),
        rubrics_by_standard={k: sorted(v) for k, v in sorted(rubrics_by_standard.items())},
        rubric_users={k: _by_title(cartridges, v) for k, v in sorted(rubric_users.items())},
        adaptations={k: _by_title(cartridges, v) for k, v in sorted(adaptations.items())},
        by_grade={g: _by_title(cartridges, v) for g, v in sorted(by_grade.items(), key=lambda kv: grade_sort_key(kv[0]))},
        by_practice={k: _by_title(cartridges, v) for k, v in sorted(by_practice.items(), key=lambda kv: int(kv[0][2:]))},
    )
    library.by_crosswalk = sort_roles(_crosswalked(library))
    return library


def _crosswalked(library: Library) -> dict[str, dict[Role, list[str]]]:
    """For every standard with a crosswalk partner: lessons of its partners (and its sub-standards' partners) it lacks."""
    catalogue = library.catalogue
    found: dict[str, dict[Role, set[str]]] = defaultdict(lambda: {role: set() for role in ROLES})
    for key, partners in catalogue.equivalents.items():
        standard = catalogue.standard(key)
        for role in ROLES:
            ids = {cid for partner in partners for cid in library.lessons_for(partner, role)}
            for target in dict.fromkeys([key, standard.family_key]):
                found[target][role].update(ids)
    return {
        key: {role: sorted(ids - set(library.lessons_for(key, role))) for role, ids in roles.items()}
        for key, roles in found.items()
        if any(ids - set(library.lessons_for(key, role)) for role, ids in roles.items())
    }
