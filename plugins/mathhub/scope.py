"""Which lessons and rubrics one validator run is about.

``mathhub validate content/cartridges/<id>`` checks one lesson, ``--changed BASE``
what a branch changes. A ``Scope`` names them: the loader reads only them and the
files they refer to, and the report keeps only problems in their own files, so a
lesson's report is the same whether it is checked alone or with the whole library.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .references import Reference

__all__ = ["Scope", "ScopeError", "names_on_disk", "owner", "scope_from_paths", "scope_from_changes"]


class ScopeError(Exception):
    """A path that names no lesson or rubric; the message says what to give instead."""


def names_on_disk(folder: Path, *, folders: bool) -> list[str]:
    """Cartridge folder names (``folders``) or rubric file stems, as listed on disk; hidden entries left out.

    References are checked against these listings, whether or not the files parse, so a one-lesson run
    and a full run give the same answer (and the same "did you mean").
    """
    if not folder.is_dir():
        return []
    if folders:
        return sorted(e.name for e in folder.iterdir() if not e.name.startswith(".") and e.is_dir())
    return sorted(e.stem for e in folder.iterdir() if not e.name.startswith(".") and e.suffix == ".md" and not e.is_dir())


def owner(path: str, cartridges_dir: str, rubrics_dir: str) -> tuple[Literal["cartridge", "rubric"], str] | None:
    """The lesson (any file under ``cartridges/<id>/``, or the folder) or rubric (``rubrics/<id>.md``) a path belongs to."""
    if path.startswith(cartridges_dir + "/"):
        name = path[len(cartridges_dir) + 1 :].split("/", 1)[0]
        return ("cartridge", name) if name and not name.startswith(".") else None
    rest = path[len(rubrics_dir) + 1 :] if path.startswith(rubrics_dir + "/") else ""
    return ("rubric", rest[:-3]) if rest.endswith(".md") and "/" not in rest and not rest.startswith(".") else None


@dataclass(frozen=True)
class Scope:
    cartridges: frozenset[str] = frozenset()
    """Cartridge folder names."""
    rubrics: frozenset[str] = frozenset()
    """Rubric file stems."""

    def __bool__(self) -> bool:
        return bool(self.cartridges or self.rubrics)

    def covers(self, path: str, cartridges_dir: str, rubrics_dir: str) -> bool:
        """Is a problem at ``path`` (repository-relative) in one of the scope's files?"""
        found = owner(path, cartridges_dir, rubrics_dir)
        if found is None:
            return False
        return found[1] in (self.cartridges if found[0] == "cartridge" else self.rubrics)

    def with_dependents(self, references: Mapping[str, Sequence[Reference]]) -> Scope:
        """Add every cartridge that refers, directly or through a chain of adaptations, to something in scope.

        A changed rubric can break the lessons that name it, and a broken lesson takes its adaptations with it.
        """
        cartridges = set(self.cartridges)
        grew = True
        while grew:
            grew = False
            for cid in sorted(references):
                if cid not in cartridges and any(
                    (ref.target in cartridges) if ref.kind == "cartridge" else (ref.target in self.rubrics) for ref in references[cid]
                ):
                    cartridges.add(cid)
                    grew = True
        return Scope(frozenset(cartridges), self.rubrics)

    def describe(self) -> str:
        parts = []
        if self.cartridges:
            parts.append(f"{len(self.cartridges)} cartridge{'s' if len(self.cartridges) != 1 else ''}")
        if self.rubrics:
            parts.append(f"{len(self.rubrics)} rubric{'s' if len(self.rubrics) != 1 else ''}")
        return " and ".join(parts) or "nothing"


def _suggest(name: str, known: list[str]) -> str:
    match = difflib.get_close_matches(name, known, n=1)
    return f" Did you mean '{match[0]}'?" if match else ""


def scope_from_paths(content: Path, paths: Iterable[Path]) -> Scope | None:
    """The lessons and rubrics named by command-line paths; None means everything (the content folder itself).

    Accepts a cartridge folder or any file in it, ``content/cartridges`` (every lesson), a rubric file,
    or ``content/rubrics`` (every rubric). Paths are relative to the current folder, as a shell gives them.
    """
    cartridges: set[str] = set()
    rubrics: set[str] = set()
    known_cartridges = names_on_disk(content / "cartridges", folders=True)
    known_rubrics = names_on_disk(content / "rubrics", folders=False)
    for given in paths:
        absolute = Path(os.path.abspath(given))
        absolute = absolute.parent.resolve() / absolute.name  # resolve folders, never a final symlink (it is reported, not followed)
        try:
            parts = absolute.relative_to(content).parts
        except ValueError:
            parts = ("..",)
        if not parts:
            return None
        if parts[0] == "cartridges" and len(parts) == 1:
            cartridges.update(known_cartridges)
        elif parts[0] == "cartridges" and not parts[1].startswith("."):
            if parts[1] not in known_cartridges:
                raise ScopeError(f"{given}: there is no cartridge folder '{parts[1]}'.{_suggest(parts[1], known_cartridges)}")
            cartridges.add(parts[1])
        elif parts[0] == "rubrics" and len(parts) == 1:
            rubrics.update(known_rubrics)
        elif parts[0] == "rubrics" and len(parts) == 2 and parts[1].endswith(".md"):
            if parts[1][:-3] not in known_rubrics:
                raise ScopeError(f"{given}: there is no rubric file '{parts[1]}'.{_suggest(parts[1][:-3], known_rubrics)}")
            rubrics.add(parts[1][:-3])
        else:
            raise ScopeError(f"{given} is not a lesson or a rubric: give a cartridge folder (content/cartridges/<id>) or a file in one, or a rubric (content/rubrics/<id>.md)")
    return Scope(frozenset(cartridges), frozenset(rubrics))


def scope_from_changes(changed: Iterable[str], content_dir: str) -> Scope | None:
    """The lessons and rubrics among changed repository-relative paths; None (check everything) when anything
    outside the content changed, because schemas, the catalogue and the validator itself decide every lesson."""
    cartridges: set[str] = set()
    rubrics: set[str] = set()
    prefix = content_dir.rstrip("/") + "/"
    for path in changed:
        if not path.startswith(prefix):
            return None
        parts = path[len(prefix):].split("/")
        if parts[0] == "cartridges" and len(parts) >= 2 and parts[1] and not parts[1].startswith("."):
            cartridges.add(parts[1])
        elif parts[0] == "rubrics" and len(parts) == 2 and parts[1].endswith(".md"):
            rubrics.add(parts[1][:-3])
        # other content (the home page, the contributor guide) is prose the validator does not check
    return Scope(frozenset(cartridges), frozenset(rubrics))
