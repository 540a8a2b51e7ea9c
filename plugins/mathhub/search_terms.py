"""What site search needs to know about words and codes: how teachers spell standards, and which maths words mean the same.

Search runs in the browser (Pagefind), but its rules are made here, once, from the
catalogue and a data file, and shipped to the browser as data:

- **Codes.** ``spelling_index`` maps the *search key* of every spelling the catalogue
  accepts (``6.RP.A.3``, ``6.RP.3``, ``CCSS.MATH.CONTENT.6.RP.A.3``, ``A-SSE.1``,
  ``ESMS:MA.5.FR.2``...) to the standard's key. A search key is the minimal folding
  the browser repeats (``search_key``: upper case, the CCSS prefix dropped, every
  character but letters and digits dropped), so ``6rp3`` finds 6.RP.A.3 too. Each
  spelling is checked against ``Catalogue.resolve``, so the browser can never
  disagree with the validator about what a code means.
- **Synonyms.** ``synonyms.txt`` (beside this module) lists groups of words a teacher
  may use for one idea (*divide*, *dividing*, *division*). ``Synonyms.expand`` gives
  the words of every group a text touches; the index stores them with the page, so a
  search for any word of a group finds pages that use another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .standards import Catalogue, Standard

__all__ = [
    "BROWSER_RULES", "SYNONYMS_FILE", "Synonyms", "keys_by_standard", "load_synonyms", "parse_synonyms", "search_key",
    "spelling_index", "spellings", "words",
]

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
_PREFIXES = re.compile(r"^(?:CCSS\.MATH\.CONTENT\.|CCSS-M:)")
_NOT_KEY = re.compile(r"[^A-Z0-9]")
_WORD = re.compile(r"[a-z0-9]+")
_SYNONYM_WORD = re.compile(r"[a-z][a-z0-9'-]*")

BROWSER_RULES: dict[str, str] = {
    "prefixes": _PREFIXES.pattern, "notKey": _NOT_KEY.pattern, "word": _WORD.pattern,
}
"""The patterns above, for ``assets/mathhub/search.js``: the browser builds its RegExps from these strings
(rendered into the page), so the folding of codes and words is written once, here."""


def search_key(text: str) -> str:
    """The folding the browser repeats before looking a code up: upper case, no CCSS prefix, letters and digits only.

    ``assets/mathhub/search.js`` (``searchKey``) does exactly this, with the patterns of ``BROWSER_RULES``.
    """
    return _NOT_KEY.sub("", _PREFIXES.sub("", text.strip().upper()))


def spellings(catalogue: Catalogue, standard: Standard) -> list[str]:
    """Every way authors write ``standard`` that the catalogue accepts, the canonical key first."""
    framework = catalogue.framework_of(standard.key)
    if not framework.qualifier:
        bare = [standard.code, standard.alt, standard.legacy]
        if standard.grade == "HS":  # "HSA-SSE.1": the HS in front of the category is optional in every form
            bare += ["HS" + form for form in (standard.alt, standard.legacy) if form and not form.startswith("HS")]
        return list(dict.fromkeys(form for form in bare if form))
    forms = [standard.code] + [standard.code[len(prefix):] for prefix in framework.prefixes if standard.code.upper().startswith(prefix.upper())]
    return list(dict.fromkeys([standard.key] + [framework.key(form) for form in forms] + forms))


def spelling_index(catalogue: Catalogue) -> dict[str, str]:
    """Search key -> standard key, for every spelling of every standard of every framework.

    The default framework's spellings win a bare key that an imported framework could also claim (a bare
    code means a CCSS-M standard, as in ``Catalogue.resolve``); a key two standards of one framework share
    is left out rather than guessed. Every entry resolves, through the catalogue, to the standard it names.
    """
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for framework in catalogue.frameworks.values():
        claimed: dict[str, str] = {}
        for standard in framework.standards.values():
            for form in spellings(catalogue, standard):
                resolved = catalogue.resolve(form).code
                if resolved is not None and resolved != standard.key:
                    continue  # another standard's spelling (never expected; the catalogue has the last word)
                key = search_key(form)
                if not key or key in index:
                    continue
                if claimed.setdefault(key, standard.key) != standard.key:
                    ambiguous.add(key)
        index.update({key: value for key, value in claimed.items() if key not in ambiguous})
    return dict(sorted(index.items()))


def keys_by_standard(catalogue: Catalogue) -> dict[str, list[str]]:
    """Standard key -> the search keys that name it (``spelling_index`` turned round), sorted."""
    keys: dict[str, list[str]] = {}
    for key, standard in spelling_index(catalogue).items():
        keys.setdefault(standard, []).append(key)
    return {standard: sorted(found) for standard, found in sorted(keys.items())}


def words(text: str) -> set[str]:
    """The lower-case words of ``text`` (letters and digits), as synonym groups are matched."""
    return set(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean one idea to a teacher; searching any word of a group finds the others."""

    groups: tuple[tuple[str, ...], ...]

    def expand(self, text: str) -> list[str]:
        """The words of every group that ``text`` uses a word of, in group order (what the index stores with the page)."""
        present = words(text)
        found: list[str] = []
        for group in self.groups:
            if any(word in present for word in group):
                found.extend(word for word in group if word not in found)
        return found

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.groups)


def parse_synonyms(text: str, source: str = "synonyms.txt") -> tuple[Synonyms, list[Problem]]:
    """One group per line, words separated by commas; ``#`` starts a comment. Problems name the line."""
    groups: list[tuple[str, ...]] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        group = tuple(dict.fromkeys(word.strip().casefold() for word in line.split(",") if word.strip()))
        bad = [word for word in group if not _SYNONYM_WORD.fullmatch(word)]
        if bad:
            problems.append(Problem(source, number, 1, "synonyms", f"'{bad[0]}' is not one word", "Write single words (letters, digits, ' and -) separated by commas, e.g. divide, dividing, division.", "error", "search-synonyms"))
        elif len(group) < 2:
            problems.append(Problem(source, number, 1, "synonyms", "a group needs at least two words", "Add the words that mean the same, separated by commas, or delete the line.", "error", "search-synonyms"))
        else:
            groups.append(group)
    return Synonyms(tuple(groups)), problems


def load_synonyms(path: Path = SYNONYMS_FILE) -> tuple[Synonyms, list[Problem]]:
    return parse_synonyms(path.read_text(encoding="utf-8"), str(path.name))
