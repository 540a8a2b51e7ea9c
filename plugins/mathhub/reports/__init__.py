"""The report layer: the only part of Math Hub that imports pandas.

``coverage`` turns the coverage computation into tables and files;
``usage`` reads district usage logs and summarises them.
"""

from __future__ import annotations

from .coverage import coverage_csv, coverage_heatmap, coverage_json, coverage_markdown, coverage_tables, frame_to_csv, write_coverage

__all__ = ["coverage_csv", "coverage_heatmap", "coverage_json", "coverage_markdown", "coverage_tables", "frame_to_csv", "write_coverage"]
