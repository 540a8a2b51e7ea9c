"""Options of the ``mathhub`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as opt


class MathHubConfig(base.Config):
    enabled = opt.Type(bool, default=True)
    """Turn the plugin off (e.g. for a plain build of the same Markdown)."""

    schema_dir = opt.Optional(opt.Dir(exists=True))
    """Folder with the JSON Schemas; default: ``schema/`` beside ``mkdocs.yml``."""

    usage = opt.Optional(opt.File(exists=True))
    """An aggregated usage summary (``usage-summary.json`` from ``mathhub usage --out``) to publish as the Usage page."""

    mastery = opt.Optional(opt.File(exists=True))
    """An aggregated mastery summary (``mastery-summary.json`` from ``mathhub mastery --out``) to publish as the Mastery page."""

    recent = opt.Type(int, default=6)
    """How many recently updated cartridges the home page lists."""

    search_guides = opt.Type(bool, default=True)
    """Put the full teacher guides in the search index (off: titles, summaries and standards only)."""

    disallowed_html = opt.Choice(("error", "warn"), default="error")
    """HTML, links, files and SVGs the site will not publish (scripts, frames, event attributes, unknown files...):
    stop the build ('error', the default), or report them and build without them ('warn', works with strict: true);
    the renderer removes them from the pages either way."""

    downloads = opt.Type(bool, default=True)
    """Offer every lesson as a zip and an IMS Common Cartridge (and every grade as a cartridge) under ``downloads/``,
    linked from the lesson pages ("Download lesson")."""

    audit = opt.Type(bool, default=True)
    """Run the output audit (``mathhub.audit``) on the written site at the end of every build, and fail the build on
    anything unsafe. Only switch it off to inspect a broken build."""
