"""Messages that used to mislead, pinned in golden files: one small broken lesson each, the whole report compared.

Regenerate a golden file after a deliberate change with ``MATHHUB_UPDATE_GOLDEN=1 pytest tests/test_messages.py``
and review its diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_library, run

GOLDEN = Path(__file__).parent / "golden" / "messages"
SHARING = "content/cartridges/fixture-sharing/index.md"

# name -> (old text, new text) in the fixture lesson
CASES: dict[str, tuple[str, str]] = {
    # was: "Did you mean '6.RP.A.3'?"
    "standard-without-separators": ("addresses: [5.NF.B.3]", "addresses: [6RP1]"),
    # was: "mapping values are not allowed", hint "put the whole value in double quotes" (it was, in curly ones)
    "title-in-curly-quotes": ('title: "Fixture: Sharing Sandwiches"', "title: \u201cFixture: Sharing Sandwiches\u201d"),
    # a title in curly quotes without a colon parses, and the quotes would become part of the title
    "title-in-curly-quotes-no-colon": ('title: "Fixture: Sharing Sandwiches"', "title: \u201cSharing Sandwiches\u201d"),
    # was: "starts with a special character such as '@'"
    "tab-after-list-dash": ("goals: [Understand a fraction as division of the numerator by the denominator.]", "goals:\n  -\tUnderstand a fraction as division of the numerator by the denominator."),
    # was: reported twice ("not written in the expected form" and "not a valid date"), with no example
    "date-in-us-format": ('updated: "2026-05-01"', "updated: 05/01/2026"),
    # new: an unclosed code fence turned the rest of the guide into code without a word
    "unclosed-code-fence": ("Compare drawings.", "Compare drawings.\n\n```\nThe rest of the guide."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_message_matches_its_golden_file(case: str, tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / SHARING
    old, new = CASES[case]
    text = index.read_text(encoding="utf-8")
    assert old in text, old
    index.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run(["mathhub", "validate", "content/cartridges/fixture-sharing"], cwd=repo)
    assert "Traceback" not in result.stdout + result.stderr
    golden = GOLDEN / f"{case}.txt"
    if os.environ.get("MATHHUB_UPDATE_GOLDEN") == "1":
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert result.returncode == (1 if "error" in result.stdout.split("\n")[0] else 0)
