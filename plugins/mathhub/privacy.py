"""Privacy by construction for district data: which column names are refused, and which figures are hidden.

Usage logs and assessment results hold class-level counts only. Two rules make
that hold whatever a district exports:

* **Identifying columns refuse the file.** A header is normalised (case,
  spacing, punctuation, camelCase, accents, zero-width and other invisible
  characters) and matched against the documented lists below; one match refuses
  the whole file, naming the column. Only the exact columns a format declares
  (``students`` is a count) are exempt.
* **Small groups are suppressed, and cannot be worked back out.** Every
  published figure is hidden when the students behind *that figure* number
  fewer than the threshold (never below ``PRIVACY_FLOOR`` unless the caller
  explicitly allows it); then complementary suppression hides further cells
  wherever a hidden one could be recovered from a published total.

Pure Python: the readers, the report writers and the site all use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

__all__ = [
    "ABSOLUTE_FLOOR", "IDENTIFYING_PHRASES", "IDENTIFYING_TOKENS", "IDENTIFYING_WORDS", "NON_PERSON_LABELS", "NON_PERSON_NOUNS",
    "PRIVACY_FLOOR", "Margin", "Reason", "check_threshold", "identifying_reason", "normalise_header", "shown", "suppress",
]

PRIVACY_FLOOR = 5
"""The smallest threshold allowed without an explicit flag: a figure about fewer than 5 students is never published."""
ABSOLUTE_FLOOR = 3
"""The smallest threshold allowed even with the explicit flag (2 would let a pair of students work each other out)."""

IDENTIFYING_WORDS: tuple[str, ...] = (
    # English
    "student", "pupil", "learner", "child", "kid", "name", "initials", "email", "mail", "birth", "dob",
    "phone", "address", "ssn", "lasid", "sasid", "stuid", "passport",
    # Spanish, Portuguese, French, Italian, German, Dutch
    "estudiante", "alumno", "alumna", "nombre", "apellido", "nacimiento", "correo",
    "estudante", "aluno", "sobrenome", "nascimento",
    "eleve", "etudiant", "prenom", "naissance", "courriel",
    "studente", "alunno", "cognome", "nascita",
    "schuler", "schueler", "vorname", "nachname", "geburt",
    "leerling", "geboorte", "achternaam",
    # Vietnamese (accents removed), Chinese
    "hocsinh", "hoten",
    "学生", "學生", "姓名", "名字", "出生", "生日",
)
"""Refused wherever they appear in a header, spaces removed (``StudentFirstName``, ``nombre_del_estudiante``)."""

IDENTIFYING_TOKENS: frozenset[str] = frozenset({
    # local and state student ids
    "id", "sid", "ssid", "stn", "stu", "upn", "uln", "nsn", "oen", "usi", "suid", "pen", "sis",
    # demographic and programme flags
    "iep", "504", "ell", "el", "els", "lep", "esl", "ml", "mll", "emergent", "bilingual", "sped", "disability", "disabilities",
    "frl", "frpl", "lunch", "econ", "disadvantaged", "homeless", "migrant", "foster", "immigrant", "gifted", "gt",
    "gender", "sex", "race", "racial", "ethnicity", "ethnic", "hispanic", "latino", "latinx", "nationality", "citizenship",
    "religion", "age", "zip", "zipcode", "postcode", "postal",
    "sexo", "genero", "raza", "etnia", "geschlecht", "sesso", "edad",
})
"""Refused as whole words of the normalised header (``stu_id``, ``IEP``, ``ELL status``); short ids need whole words."""

IDENTIFYING_PHRASES: tuple[str, ...] = ("special ed", "special education", "free lunch", "reduced lunch", "english learner", "date of birth")
"""Refused wherever they appear as consecutive words."""

NON_PERSON_NOUNS: frozenset[str] = frozenset({
    "school", "district", "class", "section", "period", "course", "lesson", "cartridge", "unit", "standard", "rubric", "criterion", "term",
})
NON_PERSON_LABELS: frozenset[str] = frozenset({"id", "name", "code", "number", "no", "nr"})
"""``school id``, ``section code``, ``lesson name``: two words, a thing that is not a person and a label, are not
refused (they are still not part of any format, so they are ignored with a warning)."""

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`´]")
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


def normalise_header(raw: str) -> str:
    """Fold a column name to lower-case words separated by single spaces.

    ``StudentFirstName`` -> ``student first name``; ``Student's Name`` -> ``students name``;
    ``student\\u200bname`` and ``"student\\nname"`` -> ``student name``; ``Élève`` -> ``eleve``.
    """
    text = unicodedata.normalize("NFKC", raw)
    # Invisible format characters (zero-width space, joiners, BOM, bidi marks) are removed: they hide words.
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _CAMEL.sub(" ", text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def identifying_reason(raw: str, declared: Iterable[str] = ()) -> str | None:
    """Why a column name looks like it identifies a student (the word that matched), or None.

    ``declared`` holds the format's own column names: they are exempt (``students`` is a count).
    """
    words = normalise_header(raw)
    if not words or words in {normalise_header(d) for d in declared}:
        return None
    compact = words.replace(" ", "")
    tokens = words.split()
    if len(tokens) == 2 and tokens[0] in NON_PERSON_NOUNS and tokens[1] in NON_PERSON_LABELS:
        return None
    for token in tokens:
        if token in IDENTIFYING_TOKENS:
            return token
    for phrase in IDENTIFYING_PHRASES:
        if f" {phrase} " in f" {words} ":
            return phrase
    for word in IDENTIFYING_WORDS:
        if word in compact:
            return word
    return None


def shown(text: str, limit: int = 80) -> str:
    """A value as it may be printed: invisible and control characters escaped, long text cut."""
    out = []
    for ch in text[:limit]:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and ch != " "):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(text) > limit else "")


def check_threshold(value: int, allow_below_floor: bool = False) -> str | None:
    """An error message when ``value`` would weaken suppression too far, else None."""
    if allow_below_floor:
        if value < ABSOLUTE_FLOOR:
            return f"the threshold {value} is below {ABSOLUTE_FLOOR}, the lowest Math Hub allows even with --allow-small-threshold"
        return None
    if value < PRIVACY_FLOOR:
        return f"the threshold {value} is below the privacy floor of {PRIVACY_FLOOR}; figures about fewer students would be published (pass --allow-small-threshold to go as low as {ABSOLUTE_FLOOR})"
    return None


K = TypeVar("K", bound=Hashable)
Reason = Literal["small", "complementary"]


@dataclass(frozen=True)
class Margin:
    """A published total and the published cells that add up to it.

    ``total`` is the key of the total's own cell, or None for a total that is
    always known (the grand total of a table whose rows partition everything).
    """

    total: Hashable | None
    parts: tuple[Hashable, ...]


def suppress(counts: Mapping[K, int], threshold: int, margins: Sequence[Margin] = ()) -> dict[K, Reason]:
    """Which cells to hide, and why.

    Primary: a cell whose own count is 1 to ``threshold - 1`` ("small"). Zero
    counts describe nobody and stay. Complementary: for every margin whose total
    is published, the hidden parts must be at least two and together describe at
    least ``threshold`` students; otherwise the smallest published part is hidden
    too (and so on until nothing changes), so no hidden cell can be worked out by
    subtraction.
    """
    hidden: dict[K, Reason] = {key: "small" for key, n in counts.items() if 0 < n < threshold}
    changed = True
    while changed:
        changed = False
        for margin in margins:
            if margin.total is not None and margin.total in hidden:
                continue
            parts = [p for p in margin.parts if p in counts]
            gone = [p for p in parts if p in hidden]
            if not gone:
                continue
            if len(gone) >= 2 and sum(counts[p] for p in gone) >= threshold:
                continue
            candidates = sorted((counts[p], i) for i, p in enumerate(parts) if p not in hidden and counts[p] > 0)  # type: ignore[index]
            if not candidates:
                continue
            hidden[parts[candidates[0][1]]] = "complementary"  # type: ignore[index]
            changed = True
    return hidden
