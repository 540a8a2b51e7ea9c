"""The report layer: tables, CSV/JSON/Markdown/SVG files, and the readers of district data.

``coverage`` is pure Python, so the site can publish the coverage files without
loading pandas. ``usage``, ``results`` and the readers they share (``tables``,
``schools``, ``plan``, ``suppression``) are the only modules that import pandas;
import them by name (``mathhub.reports.usage``).
"""

from __future__ import annotations

from .coverage import change_json, change_markdown, coverage_csv, coverage_heatmap, coverage_json, coverage_markdown, coverage_tables, write_coverage

__all__ = ["change_json", "change_markdown", "coverage_csv", "coverage_heatmap", "coverage_json", "coverage_markdown", "coverage_tables", "write_coverage"]
