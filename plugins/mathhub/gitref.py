"""Check out the content of another git revision, read-only, for comparisons."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

__all__ = ["GitRefError", "changed_files", "export_ref"]


class GitRefError(Exception):
    """The revision cannot be read; the message says why."""


def export_ref(root: Path, ref: str, dest: Path, paths: tuple[str, ...] = ("content", "schema")) -> Path:
    """Extract ``paths`` as they are at ``ref`` into ``dest`` (``git archive``, no working-tree changes)."""
    if ref.startswith("-"):
        raise GitRefError(f"'{ref}' is not a revision")
    tar = _git(root, "archive", "--format=tar", ref, "--", *paths)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(dest, filter="data")
    return dest


def _git(root: Path, *args: str) -> bytes:
    """Run git in ``root``; its output, or a GitRefError with git's own last line."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError as error:
        raise GitRefError("git is not installed") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitRefError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout


def changed_files(root: Path, ref: str) -> list[str]:
    """Paths under ``root`` (relative to it) that a branch changes: everything that differs between the
    merge base of ``ref`` and HEAD and the working tree, deleted files included, plus new untracked files."""
    if ref.startswith("-"):
        raise GitRefError(f"'{ref}' is not a revision")
    diff = _git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", "--merge-base", ref, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    paths = {p.decode("utf-8", "surrogateescape") for p in (diff + untracked).split(b"\0") if p}
    return sorted(paths)
