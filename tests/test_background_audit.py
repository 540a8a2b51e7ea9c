"""The background audit checks pages on a second core; what the build reports must be what is on disk at the end."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mathhub.audit import audit_site
from mathhub.background_audit import BackgroundAudit, still_on_disk

CLEAN = '<!doctype html><html><head><meta name="mathhub-template" content="main"><title>x</title></head><body><p>Fine.</p></body></html>'
UNSAFE = CLEAN.replace("<p>Fine.</p>", '<img src="x.png" alt="x" onerror="alert(1)">')


def _write(site: Path, path: str, text: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(text, encoding="utf-8")


def _problems(site: Path, **kwargs) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.path, p.message) for p in audit_site(site, **kwargs).problems]


def test_the_worker_reports_what_a_full_audit_reports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in (("a", CLEAN), ("b", UNSAFE), ("c", UNSAFE)):
        _write(site, f"{name}/index.html", text)
    audit = BackgroundAudit([], "https://example.org/hub/", site)
    audit.written("a/index.html", "b/index.html", "c/index.html", "missing/index.html")
    _write(site, "c/index.html", CLEAN)  # changed after it was handed over: the worker may have read either version
    found = audit.results(site)
    assert found["a/index.html"] == []
    assert any("event-handler" in finding for finding in found["b/index.html"])
    assert "missing/index.html" not in found
    assert _problems(site, audited=found) == _problems(site) == [("site/b/index.html", "<img onerror=...>: an event-handler attribute")]


def test_findings_for_bytes_no_longer_on_disk_are_dropped(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write(site, "a/index.html", CLEAN)
    _write(site, "b/index.html", CLEAN)
    checked = hashlib.blake2b(UNSAFE.encode(), digest_size=16).hexdigest()
    current = hashlib.blake2b(CLEAN.encode(), digest_size=16).hexdigest()
    found = {"a/index.html": (checked, ["from an older version"]), "b/index.html": (current, []), "gone/index.html": (current, [])}
    assert still_on_disk(site, found) == {"b/index.html": []}


def test_a_build_that_stops_early_ends_the_worker_quietly(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    _write(site, "a/index.html", UNSAFE)
    audit = BackgroundAudit([], "", site)
    audit.written("a/index.html")
    audit.close()
    assert audit.results(site) == {}  # nothing is collected once closed: audit_site checks every file
    assert "Traceback" not in capfd.readouterr().err
