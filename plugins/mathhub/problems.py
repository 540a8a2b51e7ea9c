"""Problems found in content, and the three ways to report them.

Every check in Math Hub returns ``Problem`` values instead of raising, so one
run can collect all of them; the reporters then render the same list for a
person (text), a program (JSON) or GitHub Actions (annotations).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

__all__ = [
    "Problem", "Severity", "LIMIT", "REMOVABLE", "UNPUBLISHED", "UNSAFE_FILE", "UNSAFE_HTML", "REPORTERS",
    "printable", "render_text", "render_json", "render_github", "has_errors",
]

Severity = Literal["error", "warning"]

UNSAFE_HTML = "unsafe-html"
"""HTML, a link or an SVG the site will not publish."""
UNSAFE_FILE = "unsafe-file"
"""A file in a cartridge folder that is a link leading outside it."""
UNPUBLISHED = "unpublished-file"
"""A file under content/ that is not a cartridge, a rubric or one of the project's own pages."""
LIMIT = "limit"
"""Text too long, too deep or too costly to parse: never rendered."""
REMOVABLE = frozenset({UNSAFE_HTML, UNSAFE_FILE, UNPUBLISHED})
"""Problems the build can resolve by leaving the thing out; the record they belong to stays trustworthy."""

# C0 and C1 controls (ESC, CSI, BEL, backspace, carriage return...), bidirectional overrides and isolates,
# zero-width and other invisible format characters: a value from a pull request must never move the
# cursor, recolour, erase or reorder a report ("No problems found" faked with ANSI escapes).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control or invisible format character shown as an escape (``\x1b``, ``\u202e``)."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    escaped = _UNPRINTABLE.sub(escape, text)
    return escaped if newlines else escaped.replace("\n", "\\n").replace("\t", "\\t")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file: where, what, and how to fix it."""

    path: str
    """File, relative to the repository root, with forward slashes."""
    line: int
    """1-based line number (0 when the problem concerns the whole file or folder)."""
    column: int
    """1-based column number (0 when unknown)."""
    field: str
    """Dotted path of the front-matter field, e.g. ``standards.addresses[0]``; empty for the whole file."""
    message: str
    hint: str = ""
    severity: Severity = "error"
    rule: str = ""
    """A stable name for the kind of problem (e.g. ``unsafe-html``), for tools that treat some kinds differently."""

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def format(self) -> str:
        """``path:line:column: field: message`` plus the hint on the next line; controls in values shown escaped."""
        parts = [printable(self.location)]
        if self.field:
            parts.append(printable(self.field))
        label = printable(self.message) if self.severity == "error" else f"warning: {printable(self.message)}"
        text = ": ".join(parts) + ": " + label
        if self.hint:
            text += "\n    hint: " + printable(self.hint, newlines=True).replace("\n", "\n          ")
        return text


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity == "error" for problem in problems)


def _count(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    words = []
    if errors:
        words.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        words.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return " and ".join(words) or "no problems"


def render_text(problems: Sequence[Problem], summary: str = "") -> str:
    """Group by file (files sorted, problems by position) so each file reads as one to-do list."""
    lines: list[str] = []
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(problems):
        by_file.setdefault(problem.path, []).append(problem)
    for path, items in by_file.items():
        lines.append(f"{printable(path)} ({_count(items)})")
        lines.extend("  " + item.format().replace("\n", "\n  ") for item in items)
        lines.append("")
    if problems:
        files = len(by_file)
        lines.append(f"Found {_count(problems)} in {files} file{'s' if files != 1 else ''}." + (f" {printable(summary)}" if summary else ""))
    else:
        lines.append(printable(summary) if summary else "No problems found.")
    return "\n".join(lines) + "\n"


def render_json(problems: Sequence[Problem], summary: str = "") -> str:
    payload = {
        "summary": summary,
        "errors": sum(1 for p in problems if p.severity == "error"),
        "warnings": sum(1 for p in problems if p.severity == "warning"),
        "problems": [asdict(problem) for problem in sorted(problems)],
    }
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"  # still valid JSON, safe on a terminal


def _escape_data(value: str) -> str:
    value = printable(value, newlines=True)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], summary: str = "") -> str:
    """GitHub Actions workflow commands, so problems show up inline on the pull request."""
    lines = []
    for problem in sorted(problems):
        props = [f"file={_escape_property(problem.path)}"]
        if problem.line > 0:
            props.append(f"line={problem.line}")
        if problem.column > 0:
            props.append(f"col={problem.column}")
        if problem.field:
            props.append(f"title={_escape_property(problem.field)}")
        message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
        lines.append(f"::{problem.severity} {','.join(props)}::{_escape_data(message)}")
    lines.append(f"{summary or _count(problems)}")
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Problem], str], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
