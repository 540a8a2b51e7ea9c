"""A lesson's credit line: title, author, source and licence, as open licences ask reusers to keep them.

One function writes it, so the teacher guide, the handout, every generated
printable page and the JSON-LD ``creditText`` carry the same sentence.
"""

from __future__ import annotations

from .licences import LICENCES, PUBLIC_DOMAIN
from .model import Cartridge

__all__ = ["attribution_line", "licence_phrase", "names"]


def names(people: tuple[str, ...] | list[str]) -> str:
    """``("A", "B", "C")`` -> ``A, B and C``."""
    people = list(people)
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def licence_phrase(licence_id: str) -> str:
    """``licensed under CC BY 4.0 (https://...)``, or the public-domain wording, for any licence id."""
    licence = LICENCES.get(licence_id)
    if licence is None:
        return f"licensed under {licence_id}"
    if licence.id == PUBLIC_DOMAIN:
        return "in the public domain"
    if not licence.attribution:
        return f"dedicated to the public domain under {licence.name} ({licence.url})"
    return f"licensed under {licence.name} ({licence.url})"


def attribution_line(cartridge: Cartridge, title: str | None = None) -> str:
    """The lesson's own credit, then (for an adaptation) the credit its source asks for.

    ``title`` is the title as it should read here (as plain text in JSON-LD, mathematics spelled out).

    ``“Sharing Brownies” by Math Hub contributors, licensed under CC BY 4.0 (https://…). Adapted from
    “Fractions as Division” by Open Math, https://example.org/lesson, licensed under CC BY 4.0 (https://…).``
    """
    line = f"“{cartridge.title if title is None else title}” by {names(cartridge.authors)}, {licence_phrase(cartridge.license)}."
    adapted = cartridge.adapted_from
    if adapted is None:
        return line
    title = adapted.source_title or adapted.cartridge or ""
    origin = f"Adapted from the Math Hub lesson “{title}”" if adapted.cartridge else f"Adapted from “{title}”"
    if adapted.source_author:
        origin += f" by {adapted.source_author}"
    if adapted.source_url:
        origin += f", {adapted.source_url}"
    if adapted.source_license:
        origin += f", {licence_phrase(adapted.source_license)}"
    return f"{line} {origin}."
