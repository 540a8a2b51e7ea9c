"""The output audit on a second core: each page is checked while MkDocs renders the next ones.

Parsing and walking every element of a page costs about a sixth of rendering it, and every download's
pages are audited again inside the archive; done after the build, on one core, that was a fifth of a
cold build at 1,000 lessons. Here a worker process (started with ``spawn``: a fresh interpreter that
imports only the audit, never a copy of the build) is told the path of each file once it is written,
reads it from disk and runs the same checks (``audit.Auditor``, ``audit.ArchiveAudit``).

Only paths cross the pipe, from the build's own thread: a thread in the build process to feed the worker
would hold the build up far more than the audit it saves (each hand-over waits for Python's lock).

The guarantee stays on what is written: ``results`` returns findings only for files whose bytes on disk
are still the bytes the worker checked; anything else (a file changed later, one the worker never saw) is
audited from disk by ``audit_site`` as before, and so is every file if the worker fails.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from .audit import ArchiveAudit, Auditor

__all__ = ["BackgroundAudit", "still_on_disk"]

Findings = dict[str, tuple[bytes, list[str]]]
"""Site path -> (digest of the bytes checked, what is wrong with them)."""
_WAIT = 600.0
"""Seconds to wait for the worker's findings once every path is sent (it keeps pace with the build)."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _check(audit: ArchiveAudit, path: str, data: bytes) -> list[str]:
    if path.lower().endswith((".zip", ".imscc")):
        return audit.findings(data)
    try:
        return audit.auditor.page(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        return ["the page is not UTF-8"]


def _serve(connection: Connection, scripts: list[str], site_url: str, site: str) -> None:
    """The worker: audit each path it is sent until an empty message, then send back every finding.
    A build that stops early closes the pipe: the worker then ends quietly (the build reports why it stopped)."""
    audit = ArchiveAudit(Auditor(scripts, site_url, Path(site)))
    found: Findings = {}
    try:
        while message := connection.recv_bytes():
            path = message.decode("utf-8")
            try:
                data = (Path(site) / path).read_bytes()
            except OSError:
                continue  # audit_site reads it again and says what is wrong
            found[path] = (_digest(data), _check(audit, path, data))
        connection.send_bytes(pickle.dumps(found))
    except (EOFError, OSError, KeyboardInterrupt):
        pass
    finally:
        connection.close()


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
        context = multiprocessing.get_context("spawn")
        self._connection, theirs = context.Pipe()
        self._worker = context.Process(target=_serve, args=(theirs, list(scripts), site_url, str(site)), daemon=True, name="mathhub-audit")
        try:
            self._worker.start()
            self._open = True
        except (OSError, RuntimeError):  # no process to be had (or a build started from a script with no main guard)
            self._connection.close()
            self._open = False
        theirs.close()

    def written(self, *paths: str) -> None:
        """``paths`` (site paths) are on disk, complete, as they will be published."""
        if not self._open:
            return
        try:
            for path in paths:
                self._connection.send_bytes(path.encode("utf-8"))
        except OSError:
            self.close()  # the worker is gone: audit_site checks everything

    def results(self, site: Path) -> dict[str, list[str]]:
        """Findings by site path, for each file whose bytes on disk are the ones checked."""
        if not self._open:
            return {}
        try:
            self._connection.send_bytes(b"")
            if not self._connection.poll(_WAIT):
                return {}
            found: Findings = pickle.loads(self._connection.recv_bytes())
        except (OSError, EOFError, pickle.UnpicklingError):
            return {}
        finally:
            self.close()
        return still_on_disk(site, found)

    def close(self) -> None:
        if self._open:
            self._open = False
            self._connection.close()
            self._worker.join(timeout=5)
            if self._worker.is_alive():
                self._worker.kill()
                self._worker.join()
