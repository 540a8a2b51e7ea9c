"""The content model: frozen, typed records of cartridges and rubrics.

These are built only from front matter that has passed the schema and the
cross-reference checks, so every consumer (site, reports) can trust them.
Standard codes here are already canonical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Adaptation", "Alignment", "Attachment", "Cartridge", "Criterion", "Handout", "Level", "Phase",
    "ReviewRecord", "Rubric", "Video", "GUIDE_SECTIONS", "STATUSES", "ROLES", "Role", "status_rank",
]

STATUSES: tuple[str, ...] = ("draft", "in-review", "field-tested", "approved")
Role = Literal["addresses", "builds_on", "builds_towards"]
ROLES: tuple[Role, ...] = ("addresses", "builds_on", "builds_towards")


def status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else -1


@dataclass(frozen=True)
class Alignment:
    addresses: tuple[str, ...]
    builds_on: tuple[str, ...] = ()
    builds_towards: tuple[str, ...] = ()

    def by_role(self) -> dict[Role, tuple[str, ...]]:
        return {"addresses": self.addresses, "builds_on": self.builds_on, "builds_towards": self.builds_towards}

    @property
    def all(self) -> tuple[str, ...]:
        return self.addresses + self.builds_on + self.builds_towards


@dataclass(frozen=True)
class Phase:
    name: str
    minutes: int


@dataclass(frozen=True)
class Attachment:
    path: str
    title: str
    size: int


@dataclass(frozen=True)
class Video:
    url: str
    title: str
    captions: bool
    minutes: int | None = None
    transcript: str | None = None


@dataclass(frozen=True)
class Adaptation:
    """Where a lesson came from: a Math Hub ``cartridge`` or an outside source, and the credit it owes.

    For a Math Hub parent the loader fills ``source_title``, ``source_author`` and ``source_license``
    from the parent, so the attribution line reads the same for both kinds.
    """

    changes: str
    cartridge: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_license: str | None = None
    source_author: str | None = None


@dataclass(frozen=True)
class ReviewRecord:
    reviewer: str
    date: str
    rubric: str
    outcome: str
    notes: str = ""


@dataclass(frozen=True)
class Handout:
    source: str
    """Repository-relative path of ``handout.md``."""
    body: str
    body_line: int


@dataclass(frozen=True)
class Cartridge:
    id: str
    title: str
    summary: str
    language: str
    version: str
    updated: str
    grades: tuple[str, ...]
    course: str | None
    alignment: Alignment
    practices: tuple[str, ...]
    total_minutes: int
    phases: tuple[Phase, ...]
    grouping: tuple[str, ...]
    materials: tuple[str, ...]
    preparation: str
    approaches: tuple[str, ...]
    goals: tuple[str, ...]
    targets: tuple[str, ...]
    rubrics: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    videos: tuple[Video, ...]
    authors: tuple[str, ...]
    license: str
    adapted_from: Adaptation | None
    status: str
    reviews: tuple[ReviewRecord, ...]
    source: str
    """Repository-relative path of ``index.md``."""
    folder: str
    """Repository-relative path of the cartridge folder."""
    body: str
    body_line: int
    handout: Handout | None


@dataclass(frozen=True)
class Level:
    score: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    name: str
    description: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    summary: str
    kind: str
    language: str
    updated: str
    grades: tuple[str, ...]
    standards: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    license: str
    authors: tuple[str, ...]
    source: str
    body: str
    body_line: int

    @property
    def is_review(self) -> bool:
        return self.kind == "review"

GUIDE_SECTIONS: tuple[str, ...] = (
    "Warm-up",
    "Launch",
    "Explore",
    "Synthesis",
    "Cool-down",
    "Anticipated student thinking",
    "Questions to ask",
    "Supports for multilingual learners",
    "Supports for students with IEPs",
    "Extension",
    "Cool-down answer key",
)
"""Second-level headings every teacher guide has, in this order (phases may add "(10 minutes)")."""
