"""The site's one search (header and Find a lesson): Pagefind records for lessons and standard pages.

Records are made from the content model, not scraped from the HTML, so what a search finds is what the
library says: a lesson's title, summary, the statements of the standards it addresses and the maths
synonyms of their words (``search_terms.Synonyms``). Codes are indexed as tokens (``CODE_TOKEN``), one per
search key (``search_terms.search_key``) of every spelling of the standard and of the standards it is part
of, so "6.RP.3", "6rp3" and "CCSS.MATH.CONTENT.6.RP.A.3" all find a lesson tagged 6.RP.A.3c, exactly (the
browser searches the token in quotes: no prefix matching of codes). Pagefind writes a chunked index that the browser fetches only when the search box is
used, a few pieces per query (``assets/mathhub/search.js``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..library import Library
from ..search_terms import Synonyms, keys_by_standard
from ..standards import grade_label, grade_sort_key
from .urls import Urls

__all__ = ["CODE_TOKEN", "KIND_TOKEN", "SEARCH_DIR", "SearchRecord", "search_records", "write_search_index"]

KIND_TOKEN = "mhkind"
"""``mhkindlesson`` / ``mhkindstandard``: a record's kind, as a word the browser searches for exactly."""
CODE_TOKEN = "mhcode"
"""``mhcode6rpa3``: a search key of a code the record answers to (``search_terms.search_key``, lower case)."""
SEARCH_DIR = "pagefind"
"""Where the index lives in the site (``search.js`` imports ``pagefind/pagefind.js`` from there)."""
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's own widgets: the site has its own search box, so they are not published."""


@dataclass(frozen=True)
class SearchRecord:
    """One search result: a lesson or a standard page, with the words and codes that find it."""

    url: str
    kind: str  # "lesson" or "standard": lessons are listed first
    title: str
    content: str
    codes: tuple[str, ...]
    rank: str  # the order with no query (and for a code): lessons by grade then title, then standards
    meta: dict[str, str] = field(default_factory=dict)


def search_records(library: Library, titles: dict[str, tuple[str, str]], synonyms: Synonyms) -> list[SearchRecord]:
    """Every lesson and every standard page, as search records, in a fixed order.

    ``titles`` maps a lesson id to its plain title and summary (as the lesson page shows them).
    """
    catalogue = library.catalogue
    keys = keys_by_standard(catalogue)
    records: list[SearchRecord] = []
    for c in library.cartridges.values():
        title, summary = titles[c.id]
        addressed = list(dict.fromkeys([*c.alignment.addresses, *(k for code in c.alignment.addresses for k in catalogue.crosswalked(code))]))
        family: list[str] = []
        for code in addressed:
            standard = catalogue.standard(code)
            family += [standard.key, standard.parent_key, standard.family_key]
        codes = tuple(sorted({key for code in dict.fromkeys(family) if code for key in keys.get(code, ())}))
        statements = [catalogue.standard(code).text for code in c.alignment.addresses]
        text = " ".join([summary, *statements])
        grades = ", ".join(grade_label(g) for g in c.grades)
        first = min((grade_sort_key(g) for g in c.grades), default=99)
        records.append(SearchRecord(
            url=Urls.cartridge(c.id), kind="lesson", title=title, codes=codes,
            content=" ".join([text, *synonyms.expand(f"{title} {text}")]),
            rank=f"0-{first:02d}-{title.casefold()}",
            meta={"grades": grades, "minutes": str(c.minutes), "status": c.status, "standards": ", ".join(c.alignment.addresses), "summary": summary},
        ))
    for framework in catalogue.frameworks.values():
        named = f"{framework.id} " if framework.qualifier else ""
        for s in framework.standards.values():
            records.append(SearchRecord(
                url=Urls.standard(s.key), kind="standard", title=named + s.code, codes=tuple(keys.get(s.key, ())),
                content=s.text, rank=f"1-{grade_sort_key(s.grade):02d}-{s.key}",
                meta={"summary": s.text[:200]},
            ))
    return records


def write_search_index(site_dir: Path, records: list[SearchRecord]) -> None:
    """Index ``records`` with Pagefind into ``site_dir/pagefind``.

    Each record becomes a small HTML page in a scratch folder for Pagefind's indexer (its binary ships in the
    ``pagefind[bin]`` wheel): the command line indexes thousands of pages in seconds, where the Python API's
    service takes about 0.1 s per record. Text is escaped; only the scratch pages carry the data-pagefind markup.
    """
    output = site_dir / SEARCH_DIR
    shutil.rmtree(output, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="mathhub-search-") as scratch:
        for record in records:
            page = Path(scratch, record.url, "index.html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(_record_page(record), encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(output), "--force-language", "en", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind could not index the site: {(result.stderr or result.stdout).strip()[-2000:]}")
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)


def _record_page(record: SearchRecord) -> str:
    """What Pagefind reads for one record: the heading and text it indexes, the tokens for its kind and codes
    (words, not Pagefind filters: Pagefind writes filter values in a different order on every run, and the site
    must be the same bytes for the same commit), then (ignored for words) the details a result shows."""
    e = html.escape
    tokens = [KIND_TOKEN + record.kind, *(CODE_TOKEN + code.lower() for code in record.codes)]
    details = [f'<span data-pagefind-meta="kind">{e(record.kind)}</span>', f'<span data-pagefind-sort="rank">{e(record.rank)}</span>']
    details += [f'<span data-pagefind-meta="{e(key)}">{e(value)}</span>' for key, value in sorted(record.meta.items()) if value]
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(record.title)}</title></head>'
        f'<body><main data-pagefind-body><h1 data-pagefind-meta="title">{e(record.title)}</h1><p>{e(record.content)}</p>'
        f'<p>{" ".join(tokens)}</p><div data-pagefind-ignore>{"".join(details)}</div></main></body></html>\n'
    )
