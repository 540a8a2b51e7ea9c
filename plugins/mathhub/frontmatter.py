"""Read a Markdown file with YAML front matter, strictly, keeping line numbers.

MkDocs silently ignores front matter it cannot parse; contributors need the
opposite. This module decodes the bytes itself (so a Latin-1 file is reported,
not mangled), composes the YAML into nodes (so every field keeps its line),
and accepts only plain data: no tags, no anchors or aliases, bounded size and
depth. Nothing here raises on bad input; problems are returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .problems import Problem

__all__ = ["Document", "FieldPath", "MAX_FILE_BYTES", "MAX_FRONT_MATTER_BYTES", "MAX_DEPTH", "decode", "read_document", "field_name", "strings_in"]

FieldPath = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000
MAX_FRONT_MATTER_BYTES = 64_000
MAX_DEPTH = 12

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class Document:
    """A parsed file: its front matter as plain data, where each field sits, and the body."""

    path: str
    data: dict[str, Any]
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def where(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of a field, or of its nearest parent that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: FieldPath, message: str, hint: str = "", severity: str = "error") -> Problem:
        line, column = self.where(path)
        return Problem(self.path, line, column, field_name(path), message, hint, severity)  # type: ignore[arg-type]


def field_name(path: FieldPath) -> str:
    """``('standards', 'addresses', 0)`` -> ``standards.addresses[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text with ``\\n`` line ends, or a located problem for bytes that are not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(path, 1, 1, "", "the file is saved as UTF-16, not UTF-8", "Save it again as UTF-8 (in most editors: File > Save with Encoding > UTF-8).")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        guess = raw[error.start : error.end + 1].decode("cp1252", errors="replace")[:1]
        return None, [
            Problem(
                path, line, column, "",
                f"the file is not valid UTF-8: byte 0x{byte:02X} (probably '{guess}' saved as Latin-1 or Windows-1252)",
                "Save the file again as UTF-8 (in most editors: File > Save with Encoding > UTF-8).",
            )
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(path, line, 0, "", "the file contains a NUL character, so it is not a text file", "Save the file as plain UTF-8 text.")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


try:  # libyaml scans and parses about ten times faster; composing stays in Python so the checks below apply
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


class _StrictLoader(Composer, _Parser, SafeConstructor, Resolver):
    """A safe loader that refuses aliases and anchors and bounds nesting depth while composing."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, f"YAML aliases (*{event.anchor}) are not allowed", "Write the value out in full instead of pointing to an anchor.")
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor is not None:
            raise _Refused(event.start_mark, f"YAML anchors (&{event.anchor}) are not allowed", "Remove the '&' anchor and write each value out in full.")
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"the front matter is nested more than {MAX_DEPTH} levels deep", "Flatten the structure; no Math Hub field needs this much nesting.")
        node = super().compose_node(parent, index)
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self.depth -= 1
        return node


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


_YAML_HINTS = [
    ("mapping values are not allowed", "A value contains ': '. Put the whole value in double quotes, for example: title: \"Fractions: a first look\"."),
    ("could not find expected ':'", "Each line should look like 'field: value'. Check for a missing colon, or a value that should be in quotes."),
    ("found unexpected end of stream", "A quotation mark or bracket is opened but never closed."),
    ("while scanning a quoted scalar", "A quotation mark is opened but never closed."),
    ("expected <block end>, but found", "The indentation is uneven. Line up fields at the same level with the same number of spaces."),
    ("found undefined tag handle", "Remove the '!' tag: only plain text, numbers, lists and fields are allowed."),
    ("did not find expected key", "The indentation is uneven, or a list item is missing its '- '."),
    ("did not find expected '-' indicator", "The indentation of this list is uneven: every '- ' item needs the same number of spaces."),
    ("found character that cannot start any token", "A value starts with a special character such as '@', '`' or '%'. Put the value in double quotes."),
    ("did not find expected ',' or ']'", "A list written in [brackets] is not closed, or an item in it needs quotes."),
    ("did not find expected ',' or '}'", "A group written in {braces} is not closed, or a value in it needs quotes."),
]


def _unclosed_quote(lines: list[str], last: int) -> int | None:
    """The first line up to ``last`` (0-based) that opens a double quote it does not close."""
    for index, line in enumerate(lines[: last + 1]):
        stripped = re.sub(r"'[^']*'", "", line.replace('\\"', ""))
        if stripped.count('"') % 2 == 1:
            return index
    return None


_CURLY = "\u201c\u201d\u2018\u2019\u201e"
"""Typographic quotes a word processor puts in place of straight ones: to YAML they are ordinary letters."""


def _shown_quotes(value: str) -> str:
    return value[0] + (" " + value[-1] if value[-1] in _CURLY else "")


def _curly_quoted(path: str, line: str, line_number: int) -> Problem | None:
    """A ``key: “value: with a colon”`` line: YAML saw no quotes, so the colon inside broke the line."""
    key, sep, value = line.partition(":")
    value = value.strip()
    if not sep or not value or value[0] not in _CURLY:
        return None
    straight = "".join('"' if char in _CURLY else char for char in value)
    return Problem(
        path, line_number, len(key) + 3, key.strip().lstrip("- "),
        f"the value is wrapped in curly quotes ({_shown_quotes(value)}), which YAML reads as ordinary letters, not as quotes",
        f"Type straight double quotes instead: {key.strip()}: {straight}. Word processors turn \" into \u201c \u201d; a plain-text editor keeps them straight.",
    )


def _yaml_problem(path: str, error: yaml.MarkedYAMLError, offset: int, lines: list[str]) -> Problem:
    mark = error.problem_mark or error.context_mark
    suspect = _unclosed_quote(lines, mark.line if mark else len(lines) - 1)
    if suspect is not None:
        return Problem(path, suspect + 1 + offset, lines[suspect].index('"') + 1, "", "a quotation mark opened on this line is never closed", f"Add the closing \" at the end of the value. (YAML reported: {(error.problem or str(error)).strip()})")
    line = (mark.line + 1 + offset) if mark else offset + 1
    column = (mark.column + 1) if mark else 0
    text = lines[mark.line] if mark and mark.line < len(lines) else ""
    curly = _curly_quoted(path, text, line)
    if curly is not None:
        return curly
    if mark and text[mark.column : mark.column + 1] == "\t":
        if text[: mark.column].rstrip(" ").endswith("-"):
            return Problem(path, line, column, "", "a tab character follows the list dash", "Put one space after the '-' instead of the tab, for example '- Share the brownies equally.'")
        return Problem(path, line, column, "", "a tab character is used here", "YAML does not allow tabs here. Replace the tab with spaces.")
    problem = (error.problem or str(error)).strip()
    hint = next((hint for needle, hint in _YAML_HINTS if needle in str(error)), "Check the YAML syntax on this line; values with special characters belong in double quotes.")
    return Problem(path, line, column, "", f"YAML syntax error: {problem}", hint)


class _Converter:
    """Turn composed nodes into plain data, recording positions and duplicate keys."""

    def __init__(self, path: str, offset: int, loader: _StrictLoader) -> None:
        self.path, self.offset, self.loader = path, offset, loader
        self.positions: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def convert(self, node: Node, path: FieldPath) -> Any:
        if node.tag not in _PLAIN_TAGS:
            line, column = self.at(node)
            self.problems.append(Problem(self.path, line, column, field_name(path), f"the YAML tag '{node.tag}' is not allowed", "Remove the '!' tag: front matter holds only text, numbers, true/false, lists and fields."))
            return None
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            first_seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line, column = self.at(key_node)
                if not isinstance(key_node, ScalarNode):
                    self.problems.append(Problem(self.path, line, column, field_name(path), "a field name must be plain text", "Write field names as words followed by a colon, for example 'title:'."))
                    continue
                key = str(key_node.value)
                child = (*path, key)
                if key in first_seen:
                    self.problems.append(Problem(self.path, line, column, field_name(child), f"the field '{key}' appears twice (first on line {first_seen[key]})", "Keep one of the two and delete the other; YAML would silently keep only the last."))
                    continue
                first_seen[key] = line
                self.positions[child] = (line, column)
                result[key] = self.convert(value_node, child)
            return result
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.positions[child] = self.at(item)
                items.append(self.convert(item, child))
            return items
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)  # dates stay text, as the schema expects 'YYYY-MM-DD'
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str) and not node.style and len(value) > 1 and value[0] in _CURLY and value[-1] in _CURLY:
            line, column = self.at(node)
            self.problems.append(Problem(
                self.path, line, column, field_name(path), f"the value is wrapped in curly quotes ({_shown_quotes(value)}), which become part of the text",
                f"Type straight double quotes instead (\"{value[1:-1]}\"), or leave the quotes out.", "warning",
            ))
        return value


def read_document(file: Path, display_path: str, *, max_bytes: int = MAX_FILE_BYTES, front_matter_required: bool = True) -> tuple[Document | None, list[Problem]]:
    """Read ``file`` and split it into front matter data and Markdown body.

    Returns ``(None, problems)`` when the file cannot be read as data at all.
    """
    try:
        size = file.stat().st_size
        if size > max_bytes:
            return None, [Problem(display_path, 0, 0, "", f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes", "Split long material into attachments, or shorten it.")]
        raw = file.read_bytes()
    except OSError as error:
        return None, [Problem(display_path, 0, 0, "", f"cannot read the file: {error.strerror or error}")]
    text, problems = decode(raw, display_path)
    if text is None:
        return None, problems
    return parse_text(text, display_path, front_matter_required=front_matter_required)


def parse_text(text: str, display_path: str, *, front_matter_required: bool = True) -> tuple[Document | None, list[Problem]]:
    """Split already-decoded text into front matter and body; see ``read_document``."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        if not front_matter_required:
            return Document(display_path, {}, {}, text, 1), []
        return None, [Problem(display_path, 1, 1, "", "the file does not start with front matter", "The first line must be '---', followed by the fields, then another '---' line.")]
    end = next((i for i in range(1, len(lines)) if _END.match(lines[i])), None)
    if end is None:
        return None, [Problem(display_path, 1, 1, "", "the front matter that starts on line 1 is never closed", "Add a line with just '---' after the last field, before the Markdown text.")]
    yaml_text = "\n".join(lines[1:end]) + "\n"
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return None, [Problem(display_path, 2, 1, "", f"the front matter is {len(yaml_text.encode('utf-8')):,} bytes; the limit is {MAX_FRONT_MATTER_BYTES:,} bytes", "Move long text into the Markdown body below the front matter.")]
    for number, line in enumerate(lines[1:end], start=2):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            return None, [Problem(display_path, number, line.index("\t") + 1, "", "a tab character is used for indentation", "YAML does not allow tabs for indentation. Replace the tab with spaces.")]
    loader = _StrictLoader(yaml_text)
    try:
        root = loader.get_single_node()
    except _Refused as refused:
        return None, [Problem(display_path, refused.mark.line + 2, refused.mark.column + 1, "", refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_yaml_problem(display_path, error, 1, lines[1:end])]
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        return None, [Problem(display_path, 2, 0, "", f"YAML error: {error}", "Remove unusual control characters from the front matter.")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Problem(display_path, 1, 1, "", "the front matter is empty", "Add the required fields between the two '---' lines; the scaffold script writes a complete example.")]
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        return None, [Problem(display_path, root.start_mark.line + 2, root.start_mark.column + 1, "", f"the front matter must be a set of 'field: value' lines, not {kind}", "Write one field per line, for example 'title: \"Equal shares\"'.")]
    converter = _Converter(display_path, 1, loader)
    data = converter.convert(root, ())
    converter.positions[()] = (1, 1)
    body = "\n".join(lines[end + 1 :])
    return Document(display_path, data, converter.positions, body, end + 2), converter.problems


def strings_in(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in parsed front matter with its path, so a check on text sees every field, however nested."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_in(value, (*path, index))
