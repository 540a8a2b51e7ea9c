"""`mkdocs serve` as a contributor uses it: edits show up, broken content is reported, the server recovers."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_library
from serving import save, serve, wait_for


def test_serve_updates_pages_reports_problems_and_recovers(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    original = index.read_text(encoding="utf-8")
    with serve(repo, tmp_path / "serve.log") as server:
        assert "Fixture: Sharing Sandwiches" in server.get("cartridges/fixture-sharing/")
        save(index, original.replace('title: "Fixture: Sharing Sandwiches"', 'title: "Renamed Sandwich Lesson"'))
        wait_for(lambda: "Renamed Sandwich Lesson" in server.get("cartridges/fixture-sharing/"), "edited cartridge page")
        assert "Renamed Sandwich Lesson" in server.get("standards/5.NF.B.3/")
        assert "Renamed Sandwich Lesson" in server.get("rubrics/fixture-rubric/")

        save(index, original.replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"))
        wait_for(lambda: "unknown standard code" in server.log(), "the validator's report")
        output = server.log()
        assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code" in output
        assert "Traceback" not in output
        wait_for(lambda: "Math Hub" in server.get(""), "the rest of the site while the lesson is broken")

        save(index, original.replace('title: "Fixture: Sharing Sandwiches"', 'title: "Fixed Sandwich Lesson"'))
        wait_for(lambda: "Fixed Sandwich Lesson" in server.get("cartridges/fixture-sharing/"), "recovery after the fix")
        assert "Traceback" not in server.log()
