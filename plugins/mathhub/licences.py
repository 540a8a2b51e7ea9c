"""Open licences Math Hub knows, and which licence an adaptation may carry.

An adaptation inherits obligations from what it adapts: ShareAlike keeps the
same licence, NonCommercial keeps the NC condition, NoDerivatives allows no
adaptation at all. The validator asks ``adaptation_licence`` for every adapted
lesson (an outside source or a Math Hub parent); the site shows each licence by
``name`` and links ``url``. The table is the one place licences are described.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Licence", "LICENCES", "Verdict", "adaptation_licence", "licence_name", "licence_url"]

PUBLIC_DOMAIN = "public-domain"
"""Not an SPDX id: a work with no copyright (expired, or a government work), often marked with the Public Domain Mark."""


@dataclass(frozen=True)
class Licence:
    id: str
    """SPDX identifier (or ``public-domain``)."""
    name: str
    """How people write it: ``CC BY-SA 4.0``."""
    url: str
    elements: frozenset[str]
    """Creative Commons licence elements beyond attribution: ``SA``, ``NC``, ``ND`` (empty for CC BY and MIT)."""
    attribution: bool = True
    """False for CC0 and the public domain: nothing to keep."""


def _cc(elements: str, version: str) -> Licence:
    parts = [p for p in elements.split("-") if p]
    suffix = "-".join(["BY", *parts])
    path = "-".join(["by", *[p.lower() for p in parts]])
    return Licence(f"CC-{suffix}-{version}", f"CC {suffix} {version}", f"https://creativecommons.org/licenses/{path}/{version}/", frozenset(parts))


LICENCES: dict[str, Licence] = {
    licence.id: licence
    for licence in [
        *(_cc(elements, version) for version in ("4.0", "3.0", "2.5", "2.0") for elements in ("", "SA", "NC", "NC-SA", "ND", "NC-ND")),
        Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/", frozenset(), attribution=False),
        Licence(PUBLIC_DOMAIN, "Public domain", "https://creativecommons.org/publicdomain/mark/1.0/", frozenset(), attribution=False),
        Licence("MIT", "MIT License", "https://opensource.org/license/mit", frozenset()),
    ]
}


def licence_name(licence_id: str) -> str:
    known = LICENCES.get(licence_id)
    return known.name if known else licence_id


def licence_url(licence_id: str) -> str | None:
    known = LICENCES.get(licence_id)
    return known.url if known else None


@dataclass(frozen=True)
class Verdict:
    """Whether a lesson under ``lesson`` may adapt material under ``source``, and why."""

    allowed: bool | None
    """True, False, or None when the source's licence is unknown (the validator warns)."""
    rule: str
    """The licence rule that decides, in words: the reason half of the message."""
    allowed_licences: tuple[str, ...] = ()
    """Lesson licences (SPDX ids, in the order offered) that would be allowed."""


def adaptation_licence(source: str, lesson: str, lesson_choices: tuple[str, ...]) -> Verdict:
    """Decide one case of the licence table; ``lesson_choices`` are the licences a lesson may carry (the schema's list).

    CC BY, MIT, CC0, public domain -> any licence; BY-SA -> BY-SA; BY-NC -> BY-NC or BY-NC-SA;
    BY-NC-SA -> BY-NC-SA; anything with ND -> no adaptation; unknown -> cannot tell.
    """
    found = LICENCES.get(source)
    if found is None:
        return Verdict(None, f"Math Hub does not know the licence '{source}', so it cannot check that it allows adaptation")
    elements = found.elements
    if "ND" in elements:
        return Verdict(False, f"{found.name} is a NoDerivatives (ND) licence: it allows sharing the original unchanged, never an adaptation")
    if not elements:
        return Verdict(True, f"{found.name} lets an adaptation use any licence")
    wanted: tuple[str, ...]
    if elements == {"SA"}:
        wanted, rule = ("SA",), f"{found.name} is ShareAlike (SA): an adaptation must be shared under CC BY-SA too"
    elif elements == {"NC"}:
        wanted, rule = ("NC", "NC-SA"), f"{found.name} is NonCommercial (NC): an adaptation must keep the NC condition (CC BY-NC or CC BY-NC-SA)"
    else:
        wanted, rule = ("NC-SA",), f"{found.name} is NonCommercial-ShareAlike (NC-SA): an adaptation must be shared under CC BY-NC-SA too"
    allowed = tuple(choice for choice in lesson_choices if _elements_key(choice) in wanted and _version_at_least(choice, found.id))
    return Verdict(lesson in allowed, rule, allowed)


def _elements_key(licence_id: str) -> str | None:
    licence = LICENCES.get(licence_id)
    if licence is None or not licence.id.startswith("CC-BY"):
        return None
    return "-".join(e for e in ("NC", "SA", "ND") if e in licence.elements)


def _version_at_least(licence_id: str, source_id: str) -> bool:
    """ShareAlike allows the same licence elements at the same or a later version, never an earlier one."""

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.rsplit("-", 1)[-1].split("."))

    return version(licence_id) >= version(source_id)
