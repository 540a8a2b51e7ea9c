"""The repository's front door: licence files with their real texts, issue forms GitHub can read, a pull-request
checklist, and a CODEOWNERS whose paths exist."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT
from mathhub.vocabulary import VOCABULARY

GITHUB = ROOT / ".github"
FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_the_code_licence_is_mit() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge, to any person obtaining a copy" in text
    assert text.rstrip().endswith("OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.")


def test_the_content_licence_is_the_cc_by_4_legal_code() -> None:
    text = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert text.startswith("Attribution 4.0 International\n")
    headings = re.findall(r"^Section (\d) -- (.+)\.$", text, re.M)
    assert headings == [
        ("1", "Definitions"), ("2", "Scope"), ("3", "License Conditions"), ("4", "Sui Generis Database Rights"),
        ("5", "Disclaimer of Warranties and Limitation of Liability"), ("6", "Term and Termination"),
        ("7", "Other Terms and Conditions"), ("8", "Interpretation"),
    ]
    definitions = text.split("Section 1 -- Definitions.", 1)[1].split("Section 2 -- Scope.", 1)[0]
    assert re.findall(r"^  ([a-k])\. ", definitions, re.M) == list("abcdefghijk")  # the eleven definitions
    assert text.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")


def test_the_readme_says_which_licence_applies_to_what() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licences = readme.split("## Licences", 1)[1]
    assert "MIT, in `LICENSE`" in licences and "in `LICENSE-CONTENT`" in licences and "`content/cartridges/`" in licences


@pytest.mark.parametrize("form", sorted(p.name for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"))
def test_issue_forms_are_well_formed(form: str) -> None:
    data = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / form).read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(data)
    ids = [item["id"] for item in data["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in data["body"]:
        assert item["type"] in FORM_TYPES
        assert ("value" if item["type"] == "markdown" else "label") in item["attributes"]
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    assert any(item.get("validations", {}).get("required") for item in data["body"])


def test_the_issue_chooser_offers_both_forms() -> None:
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"}
    assert names == {"Lesson request", "Problem report"}
    assert yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))["blank_issues_enabled"] is False


def test_the_pull_request_template_has_a_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.M)) >= 6
    assert "mathhub validate" in text


def test_codeowners_names_paths_that_exist() -> None:
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, *owners = line.split()
        assert owners and all(re.fullmatch(r"@[\w-]+/[\w-]+", owner) for owner in owners), line
        assert path == "*" or (ROOT / path.strip("/")).exists(), path


def test_contributing_walks_the_status_ladder_in_order() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    ladder = text.split("### The status ladder", 1)[1]
    rows = re.findall(r"^\| `([a-z-]+)` \|", ladder, re.M)
    statuses = list(VOCABULARY.statuses.values)  # declared once, in schema/defs.schema.json
    assert rows == statuses == ["draft", "in-review", "field-tested", "approved"]
