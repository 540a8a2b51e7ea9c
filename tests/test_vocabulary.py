"""One vocabulary, declared once in schema/defs.schema.json, read by the schemas, Python, templates and JavaScript."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import mathhub
import pytest
from conftest import ROOT
from mathhub.lesson import SECTION_PARTS, TASK_PARTS
from mathhub.licences import LICENCES
from mathhub.schemas import load_schemas
from mathhub.vocabulary import KINDS, VOCABULARY, load_vocabulary, vocabulary_from_defs

PACKAGE = Path(mathhub.__file__).parent
DEFS = json.loads((ROOT / "schema/defs.schema.json").read_text(encoding="utf-8"))


def test_every_vocabulary_has_ordered_unique_values_with_labels() -> None:
    for attribute in KINDS.values():
        terms = getattr(VOCABULARY, attribute)
        assert len(terms) >= 3, attribute
        assert len(set(terms.values)) == len(terms.values), attribute
        assert all(term.label.strip() for term in terms), attribute
    assert VOCABULARY.grades.values[0] == "K" and VOCABULARY.grades.values[-1] == "HS"
    assert VOCABULARY.statuses.values == ("draft", "in-review", "field-tested", "approved")
    assert VOCABULARY.grades.label("HS") == "High school" and VOCABULARY.statuses.label("in-review") == "In review"
    assert set(VOCABULARY.licenses.values) <= set(LICENCES), "a licence lessons may carry is described (name, url) in licences.py"
    assert [t.value for t in VOCABULARY.activity_kinds] == ["warm-up", "activity", "lesson-synthesis", "cool-down"]


def test_a_vocabulary_without_labels_is_refused() -> None:
    broken = json.loads(json.dumps(DEFS))
    broken["$defs"]["status"]["oneOf"][0].pop("title")
    with pytest.raises(ValueError, match="status"):
        vocabulary_from_defs(broken)


def test_the_schemas_validate_against_the_same_vocabulary() -> None:
    schemas = load_schemas(ROOT / "schema")
    assert schemas.vocabulary == load_vocabulary(ROOT / "schema")
    findings = schemas.check("rubric", {"id": "x-rubric", "title": "X rubric", "kind": "numeric", "grades": ["5", "13"], "criteria": [], "license": "CC-BY-4.0", "authors": ["A B"]})
    by_field = {f.path: (f.message, f.hint) for f in findings}
    assert by_field[("kind",)] == ('"numeric" is not one of the allowed values', "Use one of: " + ", ".join(f'"{v}"' for v in VOCABULARY.rubric_kinds.values) + ".")
    assert by_field[("grades", 1)][0] == '"13" is not one of the allowed values'
    standards = schemas.documents["cartridge"]["properties"]["standards"]
    assert tuple(standards["properties"]) == VOCABULARY.roles.values, "the roles are the keys of `standards`"


def test_python_reads_the_vocabulary_instead_of_repeating_it() -> None:
    from mathhub.cli import build_parser
    from mathhub.model import ROLES, STATUSES
    from mathhub.standards import GRADES, grade_label

    assert GRADES == VOCABULARY.grades.values and grade_label("K") == "Kindergarten"
    assert STATUSES == VOCABULARY.statuses.values and ROLES == VOCABULARY.roles.values
    commands = {a.dest: a for a in build_parser()._subparsers._group_actions[0].choices["new-rubric"]._actions}  # type: ignore[union-attr]
    assert tuple(commands["kind"].choices) == VOCABULARY.rubric_kinds.values


def _literals(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, kind, string members) of every list, tuple, set and dict-key literal in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            found.append((node.lineno, "sequence", [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]))
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values):
            found.append((node.lineno, "labels", [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]))
    return found


def test_no_module_spells_a_vocabulary_out() -> None:
    """A list of all a vocabulary's values, or labels for three of them, outside vocabulary.py is a second declaration.

    (A longer list that happens to hold them, such as a CSV header naming the alignment roles among twenty
    columns, is not: a second declaration is the vocabulary's values and little else.)"""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        for line, kind, members in _literals(path):
            for attribute in KINDS.values():
                values = set(getattr(VOCABULARY, attribute).values)
                overlap = values & set(members)
                if (kind == "sequence" and overlap == values and len(members) <= 2 * len(values)) or (kind == "labels" and len(overlap) >= 3):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {attribute}")
    assert offenders == []


def test_templates_and_scripts_get_the_vocabulary_as_plain_data() -> None:
    data = VOCABULARY.for_script()
    assert json.loads(json.dumps(data, sort_keys=True)) == data
    assert set(data) == set(KINDS.values())
    extension = next(t for t in data["parts"] if t["value"] == "extension")
    assert extension["student-title"] == "Are you ready for more?" and extension["audience"] == "student"


def test_the_lesson_grammar_uses_exactly_the_declared_sections_and_parts() -> None:
    used_parts = {part for parts in SECTION_PARTS.values() for part in parts}
    assert used_parts == set(VOCABULARY.parts.values)
    assert set(SECTION_PARTS) <= set(VOCABULARY.sections.values)
    for student, answers in TASK_PARTS.items():
        assert VOCABULARY.parts[student].get("audience") == "student" and VOCABULARY.parts[answers].get("audience") == "teacher"
