"""Check out the content of another git revision, read-only, for comparisons."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

__all__ = ["GitRefError", "export_ref"]


class GitRefError(Exception):
    """The revision cannot be read; the message says why."""


def export_ref(root: Path, ref: str, dest: Path, paths: tuple[str, ...] = ("content", "schema")) -> Path:
    """Extract ``paths`` as they are at ``ref`` into ``dest`` (``git archive``, no working-tree changes)."""
    if ref.startswith("-"):
        raise GitRefError(f"'{ref}' is not a revision")
    try:
        result = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", ref, "--", *paths], capture_output=True, check=False)
    except FileNotFoundError as error:
        raise GitRefError("git is not installed") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitRefError(message[-1] if message else f"git archive {ref} failed")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(dest, filter="data")
    return dest
