"""Render generated fragments with an autoescaping Jinja environment.

MkDocs' own theme environment does not autoescape; every fragment Math Hub
generates from content goes through this one instead, so a title such as
``<img src=x onerror=alert(1)>`` is always text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..library import Library
from ..licences import LICENCES
from ..model import STATUSES
from ..standards import grade_label
from .urls import Urls, relative

__all__ = ["Renderer", "json_for_script", "STATUS_LABELS", "PHASE_LABELS"]

TEMPLATES = Path(__file__).parent / "templates"
STATUS_LABELS = {"draft": "Draft", "in-review": "In review", "field-tested": "Field-tested", "approved": "Approved"}
PHASE_LABELS = {
    "warm-up": "Warm-up", "launch": "Launch", "explore": "Explore", "synthesis": "Synthesis", "cool-down": "Cool-down",
    "reflection": "Reflection", "practice": "Practice", "intervention": "Intervention",
}
ROLE_LABELS = {"addresses": "Addresses", "builds_on": "Builds on", "builds_towards": "Builds towards"}
EMPHASIS_LABELS = {"major": "Major cluster", "supporting": "Supporting cluster", "additional": "Additional cluster"}
LICENSE_URLS = {licence.id: licence.url for licence in LICENCES.values()}
"""Every licence Math Hub knows (``licences.py``), by SPDX id."""


def json_for_script(value: Any) -> Markup:
    """JSON that is safe inside ``<script>``: no ``</script>``, ``<!--`` or ``&`` can break out."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class Renderer:
    """One autoescaping environment for the whole build; ``render`` binds links to the page."""

    def __init__(self, library: Library, approaches: dict[str, str]) -> None:
        self.library = library
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["size"] = _size
        self.env.filters["json_script"] = json_for_script
        self.env.globals.update(
            library=library,
            framework=library.framework,
            catalogue=library.catalogue,
            standard=library.catalogue.standard,
            urls=Urls,
            grade_label=grade_label,
            status_labels=STATUS_LABELS,
            statuses=STATUSES,
            phase_labels=PHASE_LABELS,
            role_labels=ROLE_LABELS,
            emphasis_labels=EMPHASIS_LABELS,
            license_urls=LICENSE_URLS,
            approaches=approaches,
            approach_names={k: v.split(":")[0] for k, v in approaches.items()},
        )

    def render(self, template: str, page_url: str, **context: Any) -> str:
        def to(target: str) -> str:
            return relative(target, page_url)

        return self.env.get_template(template).render(to=to, page_url=page_url, **context)
