"""The standards catalogue: complete, and forgiving of every common spelling of a code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mathhub.standards import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "standards"


def test_catalogue_counts_match_the_source() -> None:
    framework = load_catalogue().default
    assert len(framework.standards) == 509
    assert sum(1 for s in framework.standards.values() if s.is_substandard) == 124
    assert len(framework.clusters) == 147
    assert len(framework.practices) == 8
    assert len(framework.prerequisite_edges) + len(framework.related_edges) == 899
    assert framework.notice.startswith("Common Core State Standards for Mathematics \u00a9 Copyright 2010.")


@pytest.mark.parametrize(
    ("spellings", "canonical"),
    [
        (["5.NF.B.3", "5.NF.3", "CCSS.MATH.CONTENT.5.NF.B.3", "CCSS.Math.Content.5.NF.B.3", "5.nf.b.3", "CCSS-M:5.NF.B.3"], "5.NF.B.3"),
        (["A-SSE.A.1", "HSA-SSE.A.1", "HSA.SSE.A.1", "A.SSE.1", "A-SSE.1", "CCSS.MATH.CONTENT.HSA-SSE.A.1"], "HSA-SSE.A.1"),
        (["K.CC.B.4.a", "K.CC.B.4a", "K.CC.B.4.A", "K.CC.4a"], "K.CC.B.4a"),
        (["HSN.RN.A.1", "N-RN.A.1", "N-RN.1"], "HSN-RN.A.1"),
    ],
)
def test_every_spelling_resolves_to_one_canonical_code(spellings: list[str], canonical: str) -> None:
    catalogue = load_catalogue()
    assert {catalogue.resolve(s).code for s in spellings} == {canonical}


def test_unknown_code_gets_the_closest_real_code() -> None:
    found = load_catalogue().resolve("5.NF.9")
    assert found.code is None
    assert found.suggestion == "5.NF.B.7"


def test_other_frameworks_are_named_not_guessed() -> None:
    found = load_catalogue().resolve("TEKS:5.3A")
    assert found.code is None
    assert "unknown standards framework 'TEKS'" in found.reason


def test_practices_resolve() -> None:
    catalogue = load_catalogue()
    assert [catalogue.resolve_practice(s) for s in ("MP1", "mp.3", "CCSS.Math.Practice.MP7", "MP9")] == ["MP1", "MP3", "MP7", None]


def test_prerequisites_roll_sub_standards_up_to_parents() -> None:
    framework = load_catalogue().default
    # 4.NF.B.3 has Coherence Map edges only on its sub-standards.
    assert {"4.MD.A.2", "4.NF.C.5", "5.NF.A.1"} <= set(framework.leads_to["4.NF.B.3"])
    for code, before in framework.prerequisites.items():
        assert not framework.standards[code].is_substandard
        assert all(not framework.standards[b].is_substandard for b in before)
        assert code not in before


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/standards is not beside the repository")
def test_committed_catalogue_is_built_from_the_shared_data() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_standards.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
