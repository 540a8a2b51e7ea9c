"""Schools as logs write them, and as reports show them: opaque codes and public labels, never names.

A district's exports write a school however its system does ("Lincoln Elem.",
"Lincoln Elementary", "Tutoring: Maria Lopez"). Reports publish only a code and,
when the district's school-codes file gives one, a public label. Without that
file every school gets an opaque code (``School 01`` …, in the order of the
names), and names that look like one school are pointed out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..problems import Problem
from .tables import Chunk, ReadReport, TableFormat, TableReader, display_path, load_format

__all__ = ["SchoolDirectory", "load_school_codes", "school_key", "similar_names"]


def school_key(name: str) -> str:
    """Case, accents, punctuation and spacing folded: ``Lincoln  Elementary.`` and ``lincoln elementary`` are one school."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def keys_of(names: pd.Series) -> pd.Series:
    """``school_key`` over a column, computed once per distinct name."""
    distinct = {name: school_key(name) for name in names.unique()}
    return names.map(distinct)


@dataclass
class SchoolDirectory:
    """Which code and label each school key gets."""

    codes: dict[str, str] = field(default_factory=dict)
    """School key (or code) -> code."""
    labels: dict[str, str] = field(default_factory=dict)
    """Code -> public label (the code itself when the district gave none)."""
    mapped: bool = False
    source: str = ""

    def label(self, code: str) -> str:
        return self.labels.get(code, code)

    def ids(self, keys: pd.Series, chunk: Chunk, report: ReadReport) -> pd.Series:
        """Each row's school as reports know it: its code when the district maps schools (a school the mapping
        lacks is reported on its row, so no name is published), else its folded name, coded later by ``assign``."""
        if not self.mapped:
            return keys
        ids = keys.map(self.codes)
        source = self.source
        chunk.report(report, ids.isna() & chunk.good, "school", lambda v: f"the school '{v}' is not in {source}", f"Add a row for it to {source} (school, code, label).")
        return ids

    def identify(self, name: str) -> str:
        """How rows name a school before codes are assigned: its code when mapped, else its folded name."""
        key = school_key(name)
        return self.codes.get(key, key) if self.mapped else key

    def assign(self, keys: Iterable[str]) -> None:
        """Opaque codes for schools without a school-codes file, in the order of their names (stable for one set of logs)."""
        if self.mapped:
            return
        ordered = sorted(set(keys) - set(self.codes))
        width = max(2, len(str(len(ordered) + len(self.codes))))
        for key in ordered:
            code = f"School {len(self.codes) + 1:0{width}d}"
            self.codes[key] = code
            self.labels[code] = code


def load_school_codes(path: Path, schema_dir: Path, report: ReadReport, *, root: Path | None = None) -> SchoolDirectory:
    """Read a school-codes file (see ``schema/school-codes.schema.json``); problems go to ``report``."""
    fmt: TableFormat = load_format(schema_dir, "school-codes.schema.json", "school-codes file")
    display = display_path(path, root)
    directory = SchoolDirectory(mapped=True, source=display)
    reader = TableReader(fmt, report)
    for chunk in reader.read(path, display):
        frame = chunk.frame
        for line, row in frame[chunk.good].iterrows():
            key, code = school_key(str(row["school"])), str(row["code"])
            label = str(row.get("label", "") or "")
            if key in directory.codes and directory.codes[key] != code:
                report.refuse(Problem(display, int(line), chunk.positions["school"], "school", f"the school '{row['school']}' is mapped to two codes ({directory.codes[key]} and {code})", "Give each spelling of a school one code."))
                continue
            if code in directory.labels and label and directory.labels[code] not in (code, label):
                report.refuse(Problem(display, int(line), chunk.positions.get("label", 0), "label", f"the code {code} has two labels ('{directory.labels[code]}' and '{label}')", "Give each code one public label."))
                continue
            directory.codes[key] = code
            directory.codes.setdefault(school_key(code), code)
            if label or code not in directory.labels:
                directory.labels[code] = label or code
        report.rows_rejected += int(chunk.bad.sum())
    return directory


def similar_names(names: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of school names (key -> name as written) that look like one school.

    Same number of words, and every word that differs is an abbreviation of the
    other (``Elem.`` / ``Elementary``) or a near miss of four letters or more
    (``Lincon`` / ``Lincoln``); ``School A`` and ``School B`` are different schools.
    """
    def alike(x: str, y: str) -> bool:
        short, long = sorted((x, y), key=len)
        if len(short) >= 3 and not short.isdigit() and long.startswith(short):
            return True
        return min(len(x), len(y)) >= 4 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8

    keys = sorted(names)
    pairs = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            wa, wb = a.split(), b.split()
            if len(wa) == len(wb) and all(x == y or alike(x, y) for x, y in zip(wa, wb, strict=True)):
                pairs.append((names[a], names[b]))
    return pairs[:20]
