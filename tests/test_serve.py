"""`mkdocs serve` as a contributor uses it: edits show up, broken content is reported, the server recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import BIN, copy_library


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for: {what}")


def test_serve_updates_pages_reports_problems_and_recovers(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=repo, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    index = repo / "content/cartridges/fixture-sharing/index.md"
    original = index.read_text(encoding="utf-8")
    try:
        _wait(lambda: "Fixture: Sharing Sandwiches" in _get(f"{base}/cartridges/fixture-sharing/"), "first build")
        time.sleep(1.0)
        index.write_text(original.replace('title: "Fixture: Sharing Sandwiches"', 'title: "Renamed Sandwich Lesson"'), encoding="utf-8")
        _wait(lambda: "Renamed Sandwich Lesson" in _get(f"{base}/cartridges/fixture-sharing/"), "edited cartridge page")
        assert "Renamed Sandwich Lesson" in _get(f"{base}/standards/5.NF.B.3/")
        assert "Renamed Sandwich Lesson" in _get(f"{base}/rubrics/fixture-rubric/")

        index.write_text(original.replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"), encoding="utf-8")
        _wait(lambda: "unknown standard code" in Path(log.name).read_text(encoding="utf-8"), "the validator's report")
        output = Path(log.name).read_text(encoding="utf-8")
        assert "content/cartridges/fixture-sharing/index.md:10:15: standards.addresses[0]: unknown standard code" in output
        assert "Traceback" not in output
        assert _get(f"{base}/") != ""

        index.write_text(original.replace('title: "Fixture: Sharing Sandwiches"', 'title: "Fixed Sandwich Lesson"'), encoding="utf-8")
        _wait(lambda: "Fixed Sandwich Lesson" in _get(f"{base}/cartridges/fixture-sharing/"), "recovery after the fix")
        assert "Traceback" not in Path(log.name).read_text(encoding="utf-8")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
