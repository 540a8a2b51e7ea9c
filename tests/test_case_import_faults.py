"""A bad CASE package or crosswalk never gives a traceback: every fault is reported where it is, with a hint.

One small broken package per fault, made from the ESMS fixture; the messages are pinned in
``golden/case-import-faults.txt`` (regenerate with ``MATHHUB_UPDATE_GOLDEN=1 pytest tests/test_case_import_faults.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mathhub.case_import import ImportOptions, import_case
from mathhub.cli import main
from mathhub.framework_files import check_document
from mathhub.standards import load_catalogue

GOLDEN = Path(__file__).parent / "golden" / "case-import-faults.txt"
Package = dict[str, Any]


def _item(package: Package, code: str) -> dict[str, Any]:
    return next(i for i in package["CFItems"] if i.get("humanCodingScheme", i["fullStatement"]) == code)


def _child_of(package: Package, identifier: str) -> dict[str, Any]:
    return next(a for a in package["CFAssociations"] if a["associationType"] == "isChildOf" and a["originNodeURI"]["identifier"] == identifier)


def _cycle(package: Package) -> None:
    _child_of(package, _item(package, "Grade 5")["identifier"])["destinationNodeURI"] = {"identifier": _item(package, "MA.5.FR.2")["identifier"], "title": "MA.5.FR.2", "uri": "https://case.example.org/x"}


def _warnings_only(package: Package) -> None:
    del package["CFDocument"]["licenseURI"]
    package["CFAssociations"][0]["associationType"] = "isCousinOf"
    match = next(a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf")
    match["destinationNodeURI"] = {"identifier": "c0ffee", "title": "Some other state's 5.X.1", "uri": "https://case.example.org/uri/c0ffee"}
    precedes = next(a for a in package["CFAssociations"] if a["associationType"] == "precedes")
    precedes["destinationNodeURI"] = {"identifier": "outside", "title": "MA.6.FR.1", "uri": "https://case.example.org/uri/outside"}


FAULTS: dict[str, Callable[[Package], None] | bytes] = {
    "not-json": b'{"CFDocument": {"identifier": "x", "title": "Broken"},\n "CFItems": [\n  {"identifier": "a" "fullStatement": "b"}\n ]\n}\n',
    "latin-1": '{"CFDocument": {"identifier": "x", "title": "Math\u00e9matiques"}, "CFItems": []}\n'.encode("latin-1"),
    "not-an-object": b"[]\n",
    "no-document": lambda p: p.pop("CFDocument"),
    "no-items": lambda p: p.pop("CFItems"),
    "item-without-statement": lambda p: _item(p, "MA.5.FR.3").update(fullStatement=""),
    "duplicate-identifier": lambda p: _item(p, "MA.5.FR.4").update(identifier=_item(p, "MA.5.FR.3")["identifier"]),
    "duplicate-code": lambda p: _item(p, "MA.5.FR.4").update(humanCodingScheme="MA.5.FR.3"),
    "codes-that-read-the-same": lambda p: _item(p, "MA.5.FR.4").update(humanCodingScheme="ma.5.fr-3"),
    "unknown-education-level": lambda p: _item(p, "Grade 5").update(educationLevel=["5th"]),
    "no-education-level": lambda p: _item(p, "Grade 4").pop("educationLevel"),
    "isChildOf-cycle": _cycle,
    "association-without-destination": lambda p: p["CFAssociations"][40].pop("destinationNodeURI"),
    "warnings-only": _warnings_only,
}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(args)
    captured = capsys.readouterr()
    return f"exit {code}\n{captured.err}"


def _outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    os.chdir(tmp_path)
    (tmp_path / "schema").mkdir()
    original = json.loads((CASE_FIXTURES / "esms-package.json").read_text(encoding="utf-8"))
    sections = []
    for name, fault in FAULTS.items():
        file = tmp_path / f"{name}.json"
        if isinstance(fault, bytes):
            file.write_bytes(fault)
        else:
            package = json.loads(json.dumps(original))
            fault(package)
            file.write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
        sections.append(f"## {name}\n" + _run(["import-case", file.name, "--framework", "ESMS"], capsys))
    good = str(CASE_FIXTURES / "esms-package.json")
    sections.append("## framework-id\n" + _run(["import-case", good, "--framework", "CCSS-M"], capsys).replace(good, "esms-package.json"))
    (tmp_path / "crosswalk.csv").write_text("code,ccss\nMA.5.FR.2,5.NF.B.3\nMA.5.FR.9,5.NF.B.3\nMA.5.GM.1,5.MD.C.9\n,5.MD.C.5\n", encoding="utf-8")
    sections.append("## crosswalk-rows\n" + _run(["import-case", good, "--framework", "ESMS", "--crosswalk", "crosswalk.csv"], capsys).replace(good, "esms-package.json"))
    (tmp_path / "no-header.csv").write_text("MA.5.FR.2,5.NF.B.3\n", encoding="utf-8")
    sections.append("## crosswalk-header\n" + _run(["import-case", good, "--framework", "ESMS", "--crosswalk", "no-header.csv"], capsys).replace(good, "esms-package.json"))
    return "\n".join(sections)


def test_every_fault_is_located_and_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = _outputs(tmp_path, capsys)
    assert "Traceback" not in text
    if os.environ.get("MATHHUB_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    for section in text.split("## ")[1:]:
        name = section.split("\n", 1)[0]
        assert section.split("\n")[1] == ("exit 0" if name == "warnings-only" else "exit 1"), name
    written = sorted(p.name for p in (tmp_path / "frameworks").glob("*.json"))
    assert written == ["esms.json"]  # only the package whose problems are warnings was imported


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "MA.5.FR.2", "05", "KG", "isChildOf", "precedes", "exactMatchOf", "5.NF.B.3"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["identifier", "title", "uri", "humanCodingScheme"]), inner, max_size=3),
    max_leaves=6,
)
SECTIONS = st.sampled_from([("CFItems", "identifier"), ("CFItems", "humanCodingScheme"), ("CFItems", "fullStatement"), ("CFItems", "educationLevel"), ("CFItems", "CFItemType"),
                            ("CFAssociations", "associationType"), ("CFAssociations", "originNodeURI"), ("CFAssociations", "destinationNodeURI"), ("CFAssociations", "sequenceNumber")])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(SECTIONS, st.integers(0, 80), JSON_VALUES), min_size=1, max_size=4))
def test_any_damage_to_a_package_gives_problems_or_a_catalogue_that_loads(tmp_path: Path, changes: list[tuple[tuple[str, str], int, Any]]) -> None:
    package = json.loads((CASE_FIXTURES / "esms-package.json").read_text(encoding="utf-8"))
    for (section, name), index, value in changes:
        rows = package[section]
        rows[index % len(rows)][name] = value
    file = tmp_path / "damaged.json"
    file.write_text(json.dumps(package, indent=1), encoding="utf-8")
    default = load_catalogue().default
    result = import_case(file, "damaged.json", ImportOptions("ESMS"), default)
    if result.document is None:
        assert any(p.severity == "error" for p in result.problems)
    else:
        assert check_document(result.document, default) == []
    assert all(p.path == "damaged.json" and p.message for p in result.problems)
