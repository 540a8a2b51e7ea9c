"""JSON files people hand to Math Hub (CASE packages, framework catalogues): read them, and say where a value sits.

``read_json`` never raises: a file that is missing, too big, not UTF-8 or not
JSON is a located ``Problem``. ``json.loads`` keeps no positions, and keeping
them for every value of a multi-megabyte CASE package would cost memory for
nothing when the package is fine; so problems are collected by path first, and
only then, once, ``locate`` walks the text and reports where those paths start.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frontmatter import decode
from .problems import Problem

__all__ = ["JsonPath", "locate", "read_json"]

JsonPath = tuple[str | int, ...]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


@dataclass
class _Frame:
    """An open object or array: its path, the member being read (key or index), and whether a key comes next."""

    path: JsonPath
    member: str | int
    expecting_key: bool


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer(r"\n", text))]


def locate(text: str, wanted: Iterable[JsonPath]) -> dict[JsonPath, tuple[int, int]]:
    """1-based (line, column) of the start of each wanted path that exists; a missing path gets its nearest parent's."""
    targets = set(wanted)
    if not targets:
        return {}
    prefixes = {path[:n] for path in targets for n in range(len(path) + 1)}
    found: dict[JsonPath, int] = {}
    stack: list[_Frame] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        top = stack[-1] if stack else None
        if token in ",:":
            if token == "," and top is not None:
                if isinstance(top.member, int):
                    top.member += 1
                else:
                    top.expecting_key = True
            continue
        if token in "}]":
            if stack:
                stack.pop()
            continue
        if top is not None and top.expecting_key:
            top.member = _unquote(token)
            top.expecting_key = False
            continue
        here: JsonPath = (*top.path, top.member) if top is not None else ()
        if here in prefixes and here not in found:
            found[here] = match.start()
        if token in "{[":
            stack.append(_Frame(here, "" if token == "{" else 0, token == "{"))
    starts = _line_starts(text)
    result: dict[JsonPath, tuple[int, int]] = {}
    for target in targets:
        for n in range(len(target), -1, -1):
            if target[:n] in found:
                offset = found[target[:n]]
                line = bisect_right(starts, offset)
                result[target] = (line, offset - starts[line - 1] + 1)
                break
    return result


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == '"':
        try:
            value = json.loads(token)
        except ValueError:
            return token[1:-1]
        return value if isinstance(value, str) else token
    return token


def read_json(file: Path, display: str, limit: int) -> tuple[Any, str, list[Problem]]:
    """(data, text, problems): the parsed JSON and its text, or ``(None, "", [the problem])``."""
    try:
        size = file.stat().st_size
        if size > limit:
            return None, "", [Problem(display, 0, 0, "", f"the file is {size:,} bytes; the limit is {limit:,} bytes", "Check that this is the right file.")]
        raw = file.read_bytes()
    except OSError as error:
        return None, "", [Problem(display, 0, 0, "", f"cannot read the file: {error.strerror or error}", "Check the path and the file's permissions.")]
    text, problems = decode(raw, display)
    if text is None:
        return None, "", problems
    try:
        return json.loads(text), text, []
    except json.JSONDecodeError as error:
        return None, "", [Problem(display, error.lineno, error.colno, "", f"the file is not valid JSON: {error.msg}", "A missing comma, quote or bracket near this place is the usual cause; a file exported by a CASE server or written by Math Hub is valid JSON.")]
    except RecursionError:
        return None, "", [Problem(display, 0, 0, "", "the JSON is nested too deeply to read", "Check that this is the right file.")]
