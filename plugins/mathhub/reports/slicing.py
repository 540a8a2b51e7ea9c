"""What every district table shares: grade levels, school-year terms, and the slicing options.

``--school``, ``--from``/``--to``, ``--term`` and ``--grade`` mean the same for
usage logs and results files; so do grades written ``KG``, ``05`` or ``11`` and
terms worked out from dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .schools import SchoolDirectory
from .tables import per_value

__all__ = ["Filters", "band_of", "grade_levels", "term_of"]

HIGH_SCHOOL = ("9", "10", "11", "12")


def grade_levels(raw: pd.Series) -> pd.Series:
    """``K``, ``1``–``12`` or ``HS`` from what exports write (``KG``, ``05``, ``09``, ``hs``); anything else unchanged."""
    text = raw.str.upper().str.replace(r"^0+(?=\d)", "", regex=True)
    return text.replace({"KG": "K", "K0": "K", "0": "K", "00": "K", "KINDERGARTEN": "K"})


def band_of(levels: pd.Series) -> pd.Series:
    """The library's grade for a class's grade: 9 to 12 are high school."""
    return levels.where(~levels.isin(HIGH_SCHOOL), "HS")


def term_of(dates: pd.Series) -> pd.Series:
    """The school-year semester of ISO dates: August to December is S1, January to July S2 (``2025-26 S1``); "" for a non-date."""
    if isinstance(dates.dtype, pd.CategoricalDtype):
        return per_value(dates, term_of)
    year = pd.to_numeric(dates.str.slice(0, 4), errors="coerce")
    month = pd.to_numeric(dates.str.slice(5, 7), errors="coerce")
    valid = year.notna() & month.notna()
    year, month = year.fillna(2000).astype(int), month.fillna(1).astype(int)
    start = year.where(month >= 8, year - 1)
    terms = start.astype(str) + "-" + ((start + 1) % 100).map("{:02d}".format) + " S" + month.ge(8).map({True: "1", False: "2"})
    return terms.where(valid, "")


@dataclass(frozen=True)
class Filters:
    """What ``--school``, ``--from``/``--to``, ``--term`` and ``--grade`` keep."""

    schools: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    terms: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()

    def describe(self) -> str:
        """The filters as the caption of a chart prints them."""
        parts = []
        if self.schools:
            parts.append("school " + ", ".join(self.schools))
        if self.start or self.end:
            parts.append(f"dates {self.start or '…'} to {self.end or '…'}")
        if self.terms:
            parts.append("term " + ", ".join(self.terms))
        if self.grades:
            parts.append("grade " + ", ".join(self.grades))
        return "; ".join(parts) or "none"

    def mask(self, rows: pd.DataFrame, directory: SchoolDirectory) -> pd.Series:
        """Which of ``rows`` (columns school, grade, term, and date when known) to keep."""
        keep = pd.Series(True, index=rows.index)
        if self.schools:
            keep &= rows["school"].isin({directory.identify(name) for name in self.schools})
        if (self.start or self.end) and "date" in rows.columns:
            start, end = self.start or "", self.end or "9999"
            keep &= per_value(rows["date"], lambda d: (d >= start) & (d <= end)) if isinstance(rows["date"].dtype, pd.CategoricalDtype) else (rows["date"] >= start) & (rows["date"] <= end)
        if self.terms:
            wanted = {t.strip().casefold() for t in self.terms}
            keep &= rows["term"].astype(str).str.strip().str.casefold().isin(wanted)
        if self.grades:
            wanted = set(grade_levels(pd.Series(list(self.grades), dtype=object)).tolist())
            keep &= rows["grade"].isin(wanted) | band_of(rows["grade"]).isin(wanted)
        return keep
