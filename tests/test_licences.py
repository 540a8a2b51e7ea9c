"""Licences and attribution: the compatibility table case by case, the validator's messages, and the credit line."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT
from mathhub import load_repository
from mathhub.attribution import attribution_line
from mathhub.licences import LICENCES, adaptation_licence
from mathhub.model import Adaptation
from mathhub.vocabulary import VOCABULARY

LESSON_LICENCES = VOCABULARY.licenses.values  # declared once, in schema/defs.schema.json
ANY = set(LESSON_LICENCES)

# source licence -> the lesson licences an adaptation may carry (None: unknown, the validator warns)
TABLE: list[tuple[str, set[str] | None]] = [
    ("CC-BY-4.0", ANY),
    ("CC-BY-3.0", ANY),
    ("CC-BY-2.0", ANY),
    ("MIT", ANY),
    ("CC0-1.0", ANY),
    ("public-domain", ANY),
    ("CC-BY-SA-4.0", {"CC-BY-SA-4.0"}),
    ("CC-BY-SA-3.0", {"CC-BY-SA-4.0"}),
    ("CC-BY-SA-2.0", {"CC-BY-SA-4.0"}),
    ("CC-BY-NC-4.0", {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0"}),
    ("CC-BY-NC-3.0", {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0"}),
    ("CC-BY-NC-SA-4.0", {"CC-BY-NC-SA-4.0"}),
    ("CC-BY-NC-SA-3.0", {"CC-BY-NC-SA-4.0"}),
    ("CC-BY-ND-4.0", set()),
    ("CC-BY-ND-3.0", set()),
    ("CC-BY-NC-ND-4.0", set()),
    ("CC-BY-NC-ND-2.5", set()),
    ("All rights reserved", None),
    ("GFDL-1.3", None),
    ("CC-BY-SA-1.0", None),
]


@pytest.mark.parametrize(("source", "allowed"), TABLE, ids=[case[0] for case in TABLE])
@pytest.mark.parametrize("lesson", LESSON_LICENCES)
def test_the_licence_table_case_by_case(source: str, allowed: set[str] | None, lesson: str) -> None:
    verdict = adaptation_licence(source, lesson, LESSON_LICENCES)
    if allowed is None:
        assert verdict.allowed is None and f"does not know the licence '{source}'" in verdict.rule
    else:
        assert verdict.allowed is (lesson in allowed)
        if allowed != ANY:
            assert set(verdict.allowed_licences) == allowed  # what the hint will offer


def test_share_alike_never_goes_down_a_version() -> None:
    assert adaptation_licence("CC-BY-SA-4.0", "CC-BY-SA-3.0", ("CC-BY-SA-3.0", "CC-BY-SA-4.0")).allowed_licences == ("CC-BY-SA-4.0",)


def test_every_licence_in_the_schema_examples_is_known_and_every_lesson_licence_has_a_link() -> None:
    schema = json.loads((ROOT / "schema/cartridge.schema.json").read_text(encoding="utf-8"))
    examples = schema["properties"]["adapted_from"]["properties"]["source"]["properties"]["license"]["examples"]
    assert set(examples) <= set(LICENCES)
    assert set(LESSON_LICENCES) <= set(LICENCES)


def _adapted(library: Path, source_licence: str, lesson_licence: str = "CC-BY-4.0") -> list[tuple[int, str, str, str, str]]:
    index = library / "content/cartridges/fixture-quadratics/index.md"
    text = index.read_text(encoding="utf-8")
    text = text.replace("    license: CC-BY-4.0\n", f"    license: {source_licence}\n").replace("\nlicense: CC-BY-4.0\n", f"\nlicense: {lesson_licence}\n")
    index.write_text(text, encoding="utf-8")
    repository = load_repository(library)
    return [(p.line, p.field, p.severity, p.message, p.hint) for p in repository.problems if p.path.endswith("fixture-quadratics/index.md")]


def test_a_share_alike_source_needs_a_share_alike_lesson(library: Path) -> None:
    assert _adapted(library, "CC-BY-SA-4.0") == [(20, "license", "error",
        "CC-BY-4.0 is not allowed for this adaptation: the source is CC-BY-SA-4.0, and CC BY-SA 4.0 is ShareAlike (SA): an adaptation must be shared under CC BY-SA too",
        "Set 'license: CC-BY-SA-4.0', or adapt a source whose licence allows CC-BY-4.0.")]


def test_a_non_commercial_source_offers_both_non_commercial_licences(library: Path) -> None:
    [(line, field, severity, message, hint)] = _adapted(library, "CC-BY-NC-4.0")
    assert (line, field, severity) == (20, "license", "error")
    assert "NonCommercial (NC): an adaptation must keep the NC condition" in message
    assert hint == "Set 'license: CC-BY-NC-4.0' or 'license: CC-BY-NC-SA-4.0', or adapt a source whose licence allows CC-BY-4.0."
    assert _adapted(library, "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0") == []


def test_a_no_derivatives_source_is_refused(library: Path) -> None:
    assert _adapted(library, "CC-BY-ND-4.0", "CC-BY-NC-SA-4.0") == [(26, "adapted_from.source.license", "error",
        "the source cannot be adapted: CC BY-ND 4.0 is a NoDerivatives (ND) licence: it allows sharing the original unchanged, never an adaptation",
        "Link to the original instead of adapting it, or ask its authors for permission under a licence that allows adaptation.")]


def test_an_unknown_source_licence_is_a_warning(library: Path) -> None:
    [(line, field, severity, message, hint)] = _adapted(library, '"Free for teachers"')
    assert (line, field, severity) == (26, "adapted_from.source.license", "warning")
    assert message == "Math Hub does not know the licence 'Free for teachers', so it cannot check that it allows adaptation"
    assert hint.startswith("Write the licence as an SPDX id, for example CC-BY-4.0")


def test_an_adaptation_of_a_math_hub_lesson_keeps_the_parents_terms(library: Path) -> None:
    parent = library / "content/cartridges/fixture-sharing/index.md"
    parent.write_text(parent.read_text(encoding="utf-8").replace("license: CC-BY-4.0", "license: CC-BY-SA-4.0"), encoding="utf-8")
    repository = load_repository(library)
    found = [(p.field, p.message) for p in repository.problems if p.path.endswith("fixture-sharing-small-group/index.md")]
    assert found == [("license", "CC-BY-4.0 is not allowed for this adaptation: the lesson it adapts ('fixture-sharing') is CC-BY-SA-4.0, and CC BY-SA 4.0 is ShareAlike (SA): an adaptation must be shared under CC BY-SA too")]
    assert "fixture-sharing-small-group" not in repository.cartridges and "fixture-sharing" in repository.cartridges


def test_the_attribution_block_is_required_for_an_outside_source(library: Path) -> None:
    index = library / "content/cartridges/fixture-quadratics/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("    author: Open Algebra Project\n", ""), encoding="utf-8")
    found = [(p.field, p.message) for p in load_repository(library).problems if p.path.endswith("fixture-quadratics/index.md")]
    assert found == [("adapted_from.source", "the required field 'author' is missing")]


def test_the_credit_line(library: Path) -> None:
    repository = load_repository(library)
    outside = repository.cartridges["fixture-quadratics"]
    assert attribution_line(outside) == (
        "“Fixture: Solving Quadratics by Completing the Square” by Math Hub contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
        "Adapted from “Completing the Square, Day 1” by Open Algebra Project, https://example.org/open-algebra/completing-the-square, "
        "licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    )
    inside = repository.cartridges["fixture-sharing-small-group"]
    assert inside.adapted_from == Adaptation("Shortened to 30 minutes for a small group.", "fixture-sharing", "Fixture: Sharing Sandwiches", None, "CC-BY-4.0", "Math Hub contributors")
    assert attribution_line(inside).endswith("Adapted from the Math Hub lesson “Fixture: Sharing Sandwiches” by Math Hub contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")
    plain = repository.cartridges["fixture-sharing"]
    assert attribution_line(plain) == "“Fixture: Sharing Sandwiches” by Math Hub contributors, licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    public = replace(plain, license="CC0-1.0", authors=("Ana Díaz", "Ben Okafor", "Chen Li"), adapted_from=Adaptation("x", None, "Old Text", "https://example.org/old", "public-domain", "Anon"))
    assert attribution_line(public) == (
        "“Fixture: Sharing Sandwiches” by Ana Díaz, Ben Okafor and Chen Li, dedicated to the public domain under CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/). "
        "Adapted from “Old Text” by Anon, https://example.org/old, in the public domain."
    )
