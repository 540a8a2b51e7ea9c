"""Read the site search's Pagefind index back, as tests read the HTML: what the browser would receive."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

_SIGNATURE = b"pagefind_dcd"


def search_pages(site: Path) -> dict[str, dict[str, Any]]:
    """URL (site-relative, no leading slash) -> the record Pagefind stored: content, meta, filters."""
    pages: dict[str, dict[str, Any]] = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(_SIGNATURE), fragment
        record = json.loads(data[len(_SIGNATURE):])
        pages[record["url"].lstrip("/")] = record
    return pages
