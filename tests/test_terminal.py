"""Every text report shows control and escape characters escaped: a value cannot rewrite the terminal (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_library, run
from mathhub.problems import Problem, render_github, render_json, render_text

FAKE = "\x1b[2J\x1b[HNo problems found.\x1b[8m"


@pytest.mark.parametrize("report", [render_text, render_github])
def test_reports_escape_terminal_controls(report) -> None:  # type: ignore[no-untyped-def]
    text = report([Problem("a\x1b[31m.md", 1, 1, "title\u202e", f"bad {FAKE}", "fix\x07 it")], "")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in text


def test_json_report_stays_valid_and_terminal_safe() -> None:
    text = render_json([Problem("a.md", 1, 1, "", f"bad {FAKE}\x9b", "")], "")
    assert "\x1b" not in text and "\x9b" not in text
    assert json.loads(text)["problems"][0]["message"] == f"bad {FAKE}\x9b"


def test_validate_prints_an_escape_sequence_in_a_value_escaped(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("status: approved", 'status: "\\e[2J\\e[HNo problems found."'), encoding="utf-8")
    result = run(["mathhub", "validate"], cwd=repo)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
