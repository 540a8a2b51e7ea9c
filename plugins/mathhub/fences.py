"""Fenced code blocks that are opened and never closed.

CommonMark ends an unclosed fence at the end of the document, so one forgotten
```` ``` ```` turns the rest of a lesson guide (or a README on GitHub) into a code
block without any error. The validator reports it in lesson bodies; a test
applies the same check to every Markdown file in the repository.
"""

from __future__ import annotations

import re

__all__ = ["unclosed_fence"]

_OPENING = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CLOSING = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*$")
_CONTAINER = re.compile(r"^[ \t>]*")
"""Indentation and blockquote markers: a fence inside a list item or a quote is still a fence."""


def unclosed_fence(text: str) -> tuple[int, str] | None:
    """The 1-based line and the marker of the first fence that is never closed, or None.

    A fence closes with the same character, at least as many times, and nothing else on the line;
    an opening backtick fence cannot have a backtick in its info string (CommonMark 4.5).
    """
    opened: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line[_CONTAINER.match(line).end():]  # type: ignore[union-attr]  # the pattern always matches
        if opened is None:
            match = _OPENING.match(stripped)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                opened = (number, match["fence"])
        else:
            match = _CLOSING.match(stripped)
            if match and match["fence"][0] == opened[1][0] and len(match["fence"]) >= len(opened[1]):
                opened = None
    return opened
