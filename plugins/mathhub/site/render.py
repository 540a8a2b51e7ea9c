"""Render generated fragments with an autoescaping Jinja environment.

MkDocs' own theme environment does not autoescape; every fragment Math Hub
generates from content goes through this one instead, so a title such as
``<img src=x onerror=alert(1)>`` is always text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..library import Library
from ..licences import LICENCES
from ..standards import grade_label
from ..vocabulary import Vocabulary
from .urls import Urls, relative

__all__ = ["Renderer", "json_for_script"]

TEMPLATES = Path(__file__).parent / "templates"
EMPHASIS_LABELS = {"major": "Major cluster", "supporting": "Supporting cluster", "additional": "Additional cluster"}
"""Cluster emphasis comes from the standards catalogue, not from a content vocabulary."""
LICENSE_URLS = {licence.id: licence.url for licence in LICENCES.values()}
"""Every licence Math Hub knows (``licences.py``), by SPDX id: a source's licence may be one no lesson here can carry."""


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


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the process: ``mkdocs serve`` plans the site again after every save,
    and compiling the templates again took longer than rendering a lesson's pages. Jinja checks each template's
    source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    """One autoescaping environment for the whole build; ``render`` binds links to the page."""

    def __init__(self, library: Library, vocabulary: Vocabulary) -> None:
        self.library = library
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            bytecode_cache=_COMPILED,
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
            vocabulary=vocabulary,
            status_labels=vocabulary.statuses.labels,
            statuses=vocabulary.statuses.values,
            role_labels=vocabulary.roles.labels,
            emphasis_labels=EMPHASIS_LABELS,
            license_urls=LICENSE_URLS,
            approaches={t.value: f"{t.label}: {t.description}" for t in vocabulary.approaches},
            approach_names=vocabulary.approaches.labels,
        )

    def render(self, template: str, page_url: str, **context: Any) -> str:
        def to(target: str) -> str:
            return relative(target, page_url)

        return self.env.get_template(template).render(to=to, page_url=page_url, **context)
