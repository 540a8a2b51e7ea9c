"""The output audit on a second core: each page is checked while MkDocs renders the next ones.

Parsing and walking every element of a page costs about a sixth of rendering it, and every download's
pages are audited again inside the archive; done after the build, on one core, that was a fifth of a
cold build at 1,000 lessons. Here a worker (``python -m mathhub.background_audit``: a fresh interpreter
that imports only the audit and never the build's own script) is told the path of each file once it is
written, reads it from disk and runs the same checks (``audit.Auditor``, ``audit.ArchiveAudit``).

Only paths cross the pipe, one per line, from the build's own thread: a thread in the build process to feed
the worker would hold the build up far more than the audit it saves (each hand-over waits for Python's lock).

The guarantee stays on what is written: ``results`` returns findings only for files whose bytes on disk
are still the bytes the worker checked; anything else (a file changed later, one the worker never saw) is
audited from disk by ``audit_site`` as before, and so is every file if the worker fails.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .audit import ArchiveAudit, Auditor

__all__ = ["BackgroundAudit", "still_on_disk"]

Findings = dict[str, tuple[str, list[str]]]
"""Site path -> (digest of the bytes checked, what is wrong with them)."""
_WAIT = 600.0
"""Seconds to wait for the worker's findings once every path is sent (it keeps pace with the build)."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _check(audit: ArchiveAudit, path: str, data: bytes) -> list[str]:
    if path.lower().endswith((".zip", ".imscc")):
        return audit.findings(data)
    try:
        return audit.auditor.page(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        return ["the page is not UTF-8"]


def _serve(site: Path, scripts: list[str], site_url: str) -> Findings:
    """The worker: audit each path read from stdin (one per line) until stdin closes."""
    audit = ArchiveAudit(Auditor(scripts, site_url, site))
    found: Findings = {}
    for line in sys.stdin:
        path = line.rstrip("\n")
        try:
            data = (site / path).read_bytes()
        except OSError:
            continue  # audit_site reads it again and says what is wrong
        found[path] = (_digest(data), _check(audit, path, data))
    return found


def still_on_disk(site: Path, found: Findings) -> dict[str, list[str]]:
    """The findings whose file under ``site`` still holds the bytes that were checked."""
    current: dict[str, list[str]] = {}
    for path, (digest, findings) in found.items():
        file = site / path
        if file.is_file() and _digest(file.read_bytes()) == digest:
            current[path] = findings
    return current


class BackgroundAudit:
    """Tells the worker of each file written; ``results`` collects the findings for what is still on disk."""

    def __init__(self, scripts: Iterable[str], site_url: str, site: Path) -> None:
        command = [sys.executable, "-m", "mathhub.background_audit", str(site), site_url, json.dumps(list(scripts))]
        try:
            self._worker: subprocess.Popen[str] | None = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            )
        except OSError:
            self._worker = None  # no process to be had: audit_site checks everything

    def written(self, *paths: str) -> None:
        """``paths`` (site paths) are on disk, complete, as they will be published."""
        if self._worker is None or self._worker.stdin is None:
            return
        try:
            self._worker.stdin.write("".join(path + "\n" for path in paths))
            self._worker.stdin.flush()
        except OSError:
            self.close()  # the worker is gone: audit_site checks everything

    def results(self, site: Path) -> dict[str, list[str]]:
        """Findings by site path, for each file whose bytes on disk are the ones checked."""
        worker, self._worker = self._worker, None
        if worker is None:
            return {}
        try:
            output, _ = worker.communicate(timeout=_WAIT)
            found = {path: (digest, findings) for path, (digest, findings) in json.loads(output).items()} if worker.returncode == 0 else {}
        except (OSError, ValueError, TypeError, subprocess.TimeoutExpired):
            _stop(worker)
            return {}
        return still_on_disk(site, found)

    def close(self) -> None:
        """Stop the worker without waiting for its findings (a build that stops early)."""
        worker, self._worker = self._worker, None
        if worker is not None:
            _stop(worker)


def _stop(worker: subprocess.Popen[str]) -> None:
    worker.kill()
    worker.communicate()  # reaps it and closes its pipes


if __name__ == "__main__":
    try:
        sys.stdout.write(json.dumps(_serve(Path(sys.argv[1]), json.loads(sys.argv[3]), sys.argv[2])))
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(1)
