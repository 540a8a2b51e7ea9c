"""Keep every file a cartridge names inside that cartridge's folder.

Paths come from pull requests: ``../../etc/passwd``, absolute paths and
symlinks that leave the repository must never be read or published.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

__all__ = ["ATTACHMENT_TYPES", "TRANSCRIPT_TYPES", "MAX_ATTACHMENT_BYTES", "HAND_WRITTEN_PAGES", "PUBLISHED_FOLDERS", "inside", "check_relative"]

HAND_WRITTEN_PAGES: tuple[str, ...] = ("index.md", "contribute/index.md")
"""The project's own pages under content/ (the home page text and the contributor guide). With cartridges/ and
rubrics/ they are everything under content/ that is published; any other file there is refused with a message."""
PUBLISHED_FOLDERS: tuple[str, ...] = ("cartridges", "rubrics")

ATTACHMENT_TYPES: dict[str, str] = {
    ".pdf": "PDF document",
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".gif": "GIF image",
    ".webp": "WebP image",
    ".svg": "SVG image",
    ".csv": "CSV table",
    ".txt": "text file",
    ".docx": "Word document",
    ".xlsx": "Excel workbook",
    ".pptx": "PowerPoint slides",
    ".odt": "OpenDocument text",
    ".ods": "OpenDocument spreadsheet",
    ".odp": "OpenDocument slides",
    ".ggb": "GeoGebra file",
}
TRANSCRIPT_TYPES: dict[str, str] = {".txt": "text file", ".vtt": "WebVTT captions", ".pdf": "PDF document"}
MAX_ATTACHMENT_BYTES = 10_000_000


def inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symlink followed, is within ``folder``."""
    try:
        path.resolve(strict=False).relative_to(folder.resolve(strict=False))
    except ValueError:
        return False
    return True


def check_relative(folder: Path, relative: str, noun: str = "file") -> tuple[Path | None, str, str]:
    """Resolve ``relative`` inside ``folder``; return ``(path, "", "")`` or ``(None, message, hint)``."""
    if not isinstance(relative, str) or not relative:
        return None, "the file path is empty", "Write the file name relative to the cartridge folder."
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or relative.startswith(("/", "\\")) or (len(relative) > 1 and relative[1] == ":"):
        return None, f"'{relative}' is an absolute path", "Write the path relative to the cartridge folder, for example 'cards.pdf'."
    if ".." in pure.parts:
        return None, f"'{relative}' leads outside the cartridge folder", "Attachments must be files inside the cartridge folder; copy the file into it."
    candidate = folder / pure
    if not inside(candidate, folder):
        return None, f"'{relative}' is a link that leads outside the cartridge folder", "Replace the link with a real copy of the file inside the cartridge folder."
    if not candidate.is_file():
        return None, f"the {noun} '{relative}' does not exist in the cartridge folder", f"Add the file to {folder.name}/ or correct the name (names are case-sensitive)."
    return candidate, "", ""
