"""schema.org ``LearningResource`` metadata for a cartridge page."""

from __future__ import annotations

from typing import Any

from ..attribution import attribution_line
from ..library import Library
from ..licences import licence_url
from ..model import Cartridge
from ..standards import grade_label
from .urls import Urls


def learning_resource(c: Cartridge, library: Library, site_url: str, *, name: str | None = None, description: str | None = None) -> dict[str, Any]:
    """The JSON-LD object; URLs are absolute when ``site_url`` is configured, else site-relative.

    ``name`` and ``description`` are the title and summary as plain text (mathematics spelled out), when known.
    """
    catalogue = library.catalogue
    vocabulary = library.repository.schemas.vocabulary

    def absolute(path: str) -> str:
        return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path

    def term(code: str) -> dict[str, Any]:
        standard = catalogue.standard(code)
        return {
            "@type": "DefinedTerm",
            "termCode": standard.code,
            "name": standard.text,
            "inDefinedTermSet": catalogue.framework_of(code).name,
            "url": absolute(Urls.standard(code)),
        }

    assessed = [code for code in c.alignment.addresses if any(code in library.rubrics[r].standards for r in c.rubrics)]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "@id": absolute(Urls.cartridge(c.id)),
        "name": name if name is not None else c.title,
        "description": description if description is not None else c.summary,
        "learningResourceType": "lesson plan",
        "educationalLevel": [grade_label(g) for g in c.grades],
        "teaches": [term(code) for code in c.alignment.addresses],
        "educationalAlignment": [
            {
                "@type": "AlignmentObject",
                "alignmentType": vocabulary.roles[role].get("schema-org"),
                "educationalFramework": catalogue.framework_of(code).name,
                "targetName": catalogue.standard(code).code,
                "targetDescription": catalogue.standard(code).text,
                "targetUrl": absolute(Urls.standard(code)),
            }
            for role, codes in c.alignment.by_role().items()
            for code in codes
        ],
        "timeRequired": f"PT{c.minutes}M",
        "license": licence_url(c.license),
        "inLanguage": c.language,
        "dateModified": c.updated,
        "version": c.version,
        "author": [_agent(name) for name in c.authors],
        "creditText": attribution_line(c, name),
        "creativeWorkStatus": c.status,
    }
    if assessed:
        data["assesses"] = [term(code) for code in assessed]
    if c.adapted_from:
        if c.adapted_from.cartridge:
            parent = library.cartridges.get(c.adapted_from.cartridge)
            data["isBasedOn"] = {"@type": "LearningResource", "name": parent.title if parent else c.adapted_from.cartridge, "url": absolute(Urls.cartridge(c.adapted_from.cartridge))}
        else:
            source = c.adapted_from
            data["isBasedOn"] = {
                "@type": "CreativeWork",
                "name": source.source_title,
                "url": source.source_url,
                "author": _agent(source.source_author or ""),
                "license": licence_url(source.source_license or "") or source.source_license,
            }
    return data


def _agent(name: str) -> dict[str, str]:
    words = ("contributors", "team", "project", "mathematics", "foundation", "institute", "university", "inc", "group", "network")
    return {"@type": "Organization" if any(word in name.lower().split() for word in words) else "Person", "name": name}
