"""What a cartridge's front matter points at: rubrics, review rubrics and the lesson it adapts.

Read from half-trusted data (before the schema has blessed it), because the
loader needs the answer twice: to know which files a one-lesson check must
read, and to check every reference once those files are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .frontmatter import FieldPath

__all__ = ["Reference", "references"]

Kind = Literal["rubric", "review-rubric", "cartridge"]


@dataclass(frozen=True)
class Reference:
    kind: Kind
    """``rubric`` (assessment), ``review-rubric`` (a review record) or ``cartridge`` (``adapted_from``)."""
    target: str
    """The id named: a rubric file stem or a cartridge folder name."""
    field: FieldPath
    """Where the id is written, to locate problems."""


def references(data: Any) -> list[Reference]:
    """Every id the front matter names, in the order written; values of the wrong type are left to the schema."""
    found: list[Reference] = []
    if not isinstance(data, dict):
        return found
    assessment = data.get("assessment")
    rubrics = assessment.get("rubrics") if isinstance(assessment, dict) else None
    for index, rubric in enumerate(rubrics if isinstance(rubrics, list) else []):
        if isinstance(rubric, str):
            found.append(Reference("rubric", rubric, ("assessment", "rubrics", index)))
    review = data.get("review")
    records = review.get("records") if isinstance(review, dict) else None
    for index, record in enumerate(records if isinstance(records, list) else []):
        if isinstance(record, dict) and isinstance(record.get("rubric"), str):
            found.append(Reference("review-rubric", record["rubric"], ("review", "records", index, "rubric")))
    adapted = data.get("adapted_from")
    if isinstance(adapted, dict) and isinstance(adapted.get("cartridge"), str):
        found.append(Reference("cartridge", adapted["cartridge"], ("adapted_from", "cartridge")))
    return found
