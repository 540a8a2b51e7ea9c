"""One run over a library with many injected faults reports every one, located, with no traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import copy_library, run

GOLDEN = Path(__file__).parent / "golden"


def _cartridge(repo: Path, name: str, text: str) -> None:
    folder = repo / "content" / "cartridges" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(text, encoding="utf-8")
    shutil.copy(repo / "content/cartridges/fixture-sharing/sharing-cards.pdf", folder)


def inject_faults(repo: Path) -> None:
    valid = (repo / "content/cartridges/fixture-sharing/index.md").read_text(encoding="utf-8")
    # 1. unknown standard code
    _cartridge(repo, "fault-unknown-standard", valid.replace("id: fixture-sharing", "id: fault-unknown-standard").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"))
    # 2. duplicate key
    _cartridge(repo, "fault-duplicate-key", valid.replace("id: fixture-sharing", "id: fault-duplicate-key").replace("language: en\n", "language: en\ntitle: Another title\n"))
    # 3. missing required field
    _cartridge(repo, "fault-missing-summary", re.sub(r"summary: .*\n", "", valid.replace("id: fixture-sharing", "id: fault-missing-summary")))
    # 4. reference to a missing rubric
    _cartridge(repo, "fault-missing-rubric", valid.replace("id: fixture-sharing", "id: fault-missing-rubric").replace("rubrics: [fixture-rubric]", "rubrics: [fixture-rubrik]"))
    # 5. attachment path leaving the repository
    _cartridge(repo, "fault-path-escape", valid.replace("id: fixture-sharing", "id: fault-path-escape").replace("path: sharing-cards.pdf", "path: ../../etc/passwd"))
    # 6. ':' inside an unquoted title
    _cartridge(repo, "fault-colon-title", valid.replace("id: fixture-sharing", "id: fault-colon-title").replace('title: "Fixture: Sharing Sandwiches"', "title: Fixture: Sharing Sandwiches"))
    # 7. a file saved as Latin-1
    _cartridge(repo, "fault-latin1", "")
    (repo / "content/cartridges/fault-latin1/index.md").write_bytes(valid.replace("id: fixture-sharing", "id: fault-latin1").replace("Compare drawings.", "Compare drawings: café").encode("latin-1"))
    # 8. missing closing '---'
    _cartridge(repo, "fault-unclosed", "---\nid: fault-unclosed\ntitle: Never closed\n\n## Warm-up\n")
    # 9. a tab used for indentation
    _cartridge(repo, "fault-tab", valid.replace("id: fixture-sharing", "id: fault-tab").replace("  addresses: [5.NF.B.3]", "\taddresses: [5.NF.B.3]"))
    # 10. front matter that is a list, not a mapping
    _cartridge(repo, "fault-not-mapping", "---\n- id\n- title\n---\n\nText.\n")


def test_every_injected_fault_is_reported_once_with_its_line(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    inject_faults(repo)
    result = run(["mathhub", "validate"], cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    golden = (GOLDEN / "injected-faults.txt").read_text(encoding="utf-8")
    assert result.stdout == golden


def test_json_report_lists_the_same_problems(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    inject_faults(repo)
    result = run(["mathhub", "validate", "--format", "json"], cwd=repo)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    located = {(p["path"].split("/")[2], p["line"]) for p in report["problems"] if p["severity"] == "error"}
    assert ("fault-unknown-standard", 11) in located
    assert ("fault-duplicate-key", 7) in located
    assert ("fault-colon-title", 3) in located
    assert ("fault-latin1", 4) in located
    assert report["errors"] == len([p for p in report["problems"] if p["severity"] == "error"]) >= 10


def test_github_annotations(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    inject_faults(repo)
    result = run(["mathhub", "validate", "--format", "github"], cwd=repo)
    assert result.returncode == 1
    assert "::error file=content/cartridges/fault-unknown-standard/index.md,line=11,col=" in result.stdout
    assert result.stdout.count("::error ") >= 10
