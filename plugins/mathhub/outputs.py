"""Write output files atomically with ordinary permissions, and make CSV cells safe to open in a spreadsheet."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["markdown_text", "spreadsheet_safe", "write_atomic"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write beside the target, then rename: readers never see half a file, and a failure leaves the old one.

    ``mkstemp`` creates the file readable by its owner only (0600); the result gets the mode any new file
    would (0666 less the umask, usually 0644), so a report can be shared or served.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def spreadsheet_safe(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def markdown_text(text: str) -> str:
    """Content text (a title, a school's name) inside a Markdown report's table or list: it stays one cell of
    text, with no pipes that split the row, no HTML, no line breaks and no control characters."""
    text = "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in text)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
