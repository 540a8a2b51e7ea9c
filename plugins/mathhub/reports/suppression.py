"""Hide small figures in published tables, with complementary suppression across tables (rules: ``mathhub.privacy``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import pandas as pd

from ..privacy import Margin, suppress

__all__ = ["HIDDEN", "by_value", "partition", "protect", "small_label"]

HIDDEN = "hidden"
"""What a complementarily suppressed count shows: hidden so that a small group cannot be worked out from a total."""


def small_label(threshold: int) -> str:
    return f"<{threshold}"


def partition(name: str, frame: pd.DataFrame) -> Margin:
    """The rows of ``frame`` add up to a grand total that is known (or can be worked out from another table)."""
    return Margin(None, tuple((name, i) for i in frame.index))


def by_value(total_name: str, totals: pd.DataFrame, total_column: str, part_name: str, parts: pd.DataFrame, part_column: str) -> list[Margin]:
    """Each row of ``totals`` is the sum of the rows of ``parts`` with the same value in the given columns."""
    groups: dict[Hashable, list[Hashable]] = {}
    for i, value in parts[part_column].items():
        groups.setdefault(value, []).append(i)
    return [Margin((total_name, i), tuple((part_name, j) for j in groups.get(value, []))) for i, value in totals[total_column].items()]


def protect(tables: dict[str, pd.DataFrame], n_column: str, threshold: int, margins: Iterable[Margin], *, hide: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """Tables as they may be published: ``n_column`` below the threshold becomes ``<N``, complementary cells ``hidden``,
    and the figures in ``hide`` that rest on those students are blanked."""
    counts: dict[Hashable, int] = {}
    for name, frame in tables.items():
        if n_column in frame.columns:
            counts.update({(name, i): int(n) for i, n in frame[n_column].items()})
    hidden = suppress(counts, threshold, list(margins))
    out = {}
    for name, frame in tables.items():
        if n_column not in frame.columns or frame.empty:
            out[name] = frame
            continue
        reasons = pd.Series([hidden.get((name, i)) for i in frame.index], index=frame.index, dtype=object)
        small, complementary = reasons == "small", reasons == "complementary"
        frame = frame.copy()
        for column in hide:
            frame[column] = frame[column].astype(object).where(~(small | complementary), None)
        frame[n_column] = frame[n_column].astype(object).where(~small, small_label(threshold)).where(~complementary, HIDDEN)
        out[name] = frame
    return out
