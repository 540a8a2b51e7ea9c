"""The JSON Schemas in ``schema/``: loaded once, compiled once, explained in plain words.

One ``Draft202012Validator`` per schema is reused for every file (a fresh
``jsonschema.validate`` call re-checks the schema each time and is ~20x
slower). ``explain`` turns a jsonschema error into a sentence a teacher can
act on, with the field's own description as the hint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from .vocabulary import Vocabulary, vocabulary_from_defs

__all__ = ["SchemaSet", "load_schemas", "SCHEMA_FILES"]

SCHEMA_FILES = ("defs", "cartridge", "rubric")


@dataclass(frozen=True)
class Finding:
    path: tuple[str | int, ...]
    message: str
    hint: str


def _inline(schema: Any, documents: dict[str, dict[str, Any]], current: str) -> Any:
    """Replace every ``$ref`` with the schema it names (ours are never recursive).

    Validation then does no reference look-ups (several times faster), and a
    field's own ``description`` beside its ``$ref`` wins over the shared one.
    """
    if isinstance(schema, list):
        return [_inline(item, documents, current) for item in schema]
    if not isinstance(schema, dict):
        return schema
    terms = _terms(schema.get("oneOf"))
    if terms is not None:  # a vocabulary: validate it as the equivalent (and much faster) enum
        return {"enum": terms, **{k: _inline(v, documents, current) for k, v in schema.items() if k != "oneOf"}}
    if "$ref" in schema:
        target_file, _, pointer = schema["$ref"].partition("#")
        name = target_file.removesuffix(".schema.json") if target_file else current
        target: Any = documents[name]
        for part in [p for p in pointer.split("/") if p]:
            target = target[part]
        merged = {**_inline(target, documents, name), **{k: _inline(v, documents, current) for k, v in schema.items() if k != "$ref"}}
        return merged
    return {key: (_inline(value, documents, current) if key not in ("enum", "const") and not key.startswith("x-") else value) for key, value in schema.items()}


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern for Python's ``re``: ``$`` means the end of the text.

    In Python ``$`` also matches before a final newline, so ``"my-id\\n"`` passed ``^[a-z0-9-]+$`` and an id
    with a line break reached pages and file names. Outside character classes, unescaped ``$`` becomes ``\\Z``.
    """
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = extend(Draft202012Validator, {"pattern": _pattern})


class SchemaSet:
    """The compiled cartridge and rubric schemas, with the shared definitions inlined."""

    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        self.inlined = {name: _inline({k: v for k, v in documents[name].items() if k != "$id"}, documents, name) for name in ("cartridge", "rubric")}
        self._validators = {name: _Validator(schema, format_checker=FormatChecker()) for name, schema in self.inlined.items()}
        self.vocabulary: Vocabulary = vocabulary_from_defs(documents["defs"])
        """The vocabularies these schemas validate against, with their labels."""

    def check(self, kind: str, data: Any) -> list[Finding]:
        validator = self._validators[kind]
        errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        findings: list[Finding] = []
        seen: set[tuple[tuple[str | int, ...], str]] = set()
        for error in errors:
            finding = self._explain(error)
            key = (finding.path, finding.message)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
        return findings

    # -- plain-language messages --------------------------------------------
    def _explain(self, error: ValidationError) -> Finding:
        terms = _terms(error.validator_value) if error.validator in ("oneOf", "anyOf") else None
        if terms is not None:
            return Finding(tuple(error.absolute_path), f"{_show(error.instance)} is not one of the allowed values", f"Use one of: {', '.join(_show(v) for v in terms)}.")
        if error.validator in ("oneOf", "anyOf") and error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            if deepest.absolute_path != error.absolute_path or deepest.validator not in ("required", "not"):
                error = deepest
        path = tuple(error.absolute_path)
        validator, value, instance = error.validator, error.validator_value, error.instance
        description = str(error.schema.get("description", "")) if isinstance(error.schema, dict) else ""
        if validator in ("pattern", "format") and isinstance(error.schema, dict) and error.schema.get("format") == "date" and isinstance(instance, str):
            return _date_finding(path, instance, description)  # one message for a date, though both checks fail
        if validator == "required":
            missing = [name for name in value if isinstance(instance, dict) and name not in instance]
            name = missing[0] if missing else "?"
            sub = error.schema.get("properties", {}).get(name, {})
            return Finding(path, f"the required field '{name}' is missing", str(sub.get("description", "")) or description)
        if validator == "additionalProperties":
            extra = sorted(set(instance) - set(error.schema.get("properties", {})))
            allowed = ", ".join(sorted(error.schema.get("properties", {})))
            field = extra[0] if extra else "?"
            return Finding((*path, field), f"'{field}' is not a field here", f"Check the spelling. Fields allowed here: {allowed}.")
        if validator == "enum":
            options = ", ".join(_show(v) for v in value)
            return Finding(path, f"{_show(instance)} is not one of the allowed values", f"Use one of: {options}.")
        if validator == "const":
            return Finding(path, f"{_show(instance)} is not allowed here; it must be {_show(value)}", description)
        if validator == "type":
            wanted = value if isinstance(value, str) else " or ".join(value)
            return Finding(path, f"expected {_TYPE_WORDS.get(wanted, wanted)}, found {_kind(instance)} {_show(instance)}".rstrip(), description)
        if validator == "pattern":
            return Finding(path, f"{_show(instance)} is not written in the expected form", description)
        if validator == "format":
            return Finding(path, f"{_show(instance)} is not a valid {value}", description)
        if validator in ("minLength", "maxLength"):
            return Finding(path, f"the text is {len(instance)} characters long; it must be {'at least' if validator == 'minLength' else 'at most'} {value}", description)
        if validator in ("minItems", "maxItems"):
            return Finding(path, f"the list has {len(instance)} item{'s' if len(instance) != 1 else ''}; it needs {'at least' if validator == 'minItems' else 'at most'} {value}", description)
        if validator == "minProperties":
            return Finding(path, f"at least {value} entr{'y is' if value == 1 else 'ies are'} needed here", description)
        if validator == "uniqueItems":
            return Finding(path, "the list has the same item twice", "Remove the repeated item.")
        if validator in ("minimum", "maximum"):
            return Finding(path, f"{_show(instance)} is {'below the minimum' if validator == 'minimum' else 'above the maximum'} of {value}", description)
        either = _either(value) if validator == "oneOf" and isinstance(instance, dict) else None
        if either:
            return Finding(path, f"give either '{either[0]}' or '{either[1]}', not both and not neither", description)
        return Finding(path, error.message, description)

    def field_reference(self, kind: str) -> Iterator[tuple[str, str, bool]]:
        """(dotted field, description, required) for every field, in schema order: the contributor guide's table."""
        yield from self._walk(self.inlined[kind], "", True)

    def _walk(self, schema: dict[str, Any], prefix: str, required: bool) -> Iterator[tuple[str, str, bool]]:
        needed = set(schema.get("required", []))
        for name, sub in schema.get("properties", {}).items():
            dotted = f"{prefix}{name}"
            is_required = name in needed and required
            yield dotted, str(sub.get("description", "")), is_required
            if sub.get("type") == "object" and "properties" in sub:
                yield from self._walk(sub, dotted + ".", is_required)
            items = sub.get("items", {}) if sub.get("type") == "array" else {}
            if isinstance(items, dict) and items.get("type") == "object" and "properties" in items:
                yield from self._walk(items, dotted + "[].", False)


_DAY_FIRST_OR_MONTH_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_UNPADDED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_finding(path: tuple[str | int, ...], text: str, description: str) -> Finding:
    """Dates must be year-month-day; say what to write, and which reading of 05/01/2026 each rewrite means."""
    written = f'"{text}" is not a date written year-month-day (YYYY-MM-DD)'
    slashed = _DAY_FIRST_OR_MONTH_FIRST.match(text)
    if slashed:
        first, second, year = (int(part) for part in slashed.groups())
        readings: list[tuple[str, str]] = []
        for month, day in ((first, second), (second, first)):
            iso = _iso(year, month, day)
            if iso and iso not in [reading[0] for reading in readings]:
                readings.append((iso, f"{_MONTHS[month - 1]} {day}, {year}"))
        if readings:
            hint = "; ".join(f'write "{iso}" if you mean {words}' for iso, words in readings)
            return Finding(path, written, hint[0].upper() + hint[1:] + ".")
    unpadded = _UNPADDED.match(text)
    if unpadded:
        iso = _iso(*(int(part) for part in unpadded.groups()))
        if iso and iso != text:
            return Finding(path, written, f'Write the month and the day with two digits each: "{iso}".')
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Finding(path, f'"{text}" is not a valid date', "There is no such day; check the month and the day.")
    return Finding(path, written, f"{description} For example: 2026-09-14.".strip())


def _either(options: Any) -> tuple[str, str] | None:
    """``('a', 'b')`` for a ``oneOf`` that means "exactly one of the fields a and b"."""
    try:
        (first,), (second,) = options[0]["required"], options[1]["required"]
        if len(options) == 2 and options[0]["not"]["required"] == [second] and options[1]["not"]["required"] == [first]:
            return str(first), str(second)
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    return None


def _terms(options: Any) -> list[Any] | None:
    """The values of a vocabulary written as ``oneOf`` consts, or None for any other ``oneOf``."""
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return [o["const"] for o in options]
    return None


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "null": "nothing",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "the number"
    if isinstance(value, float):
        return "the number"
    if isinstance(value, str):
        return "the text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return "nothing"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'"{shown}"'
    if isinstance(value, (list, dict)):
        return ""
    return str(value)


@cache
def load_schemas(directory: Path) -> SchemaSet:
    """Read ``defs``, ``cartridge`` and ``rubric`` schemas from ``directory`` (once per process)."""
    documents = {name: json.loads((directory / f"{name}.schema.json").read_text(encoding="utf-8")) for name in SCHEMA_FILES}
    return SchemaSet(documents)
