"""A live `mkdocs serve` for tests: started on a free port, ready when it says so, stopped for sure."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import BIN


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def save(path: Path, text: str) -> None:
    """Save as an editor does: the new text appears at once (the watcher never sees a half-written file)."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    """Poll ``condition`` until it holds (never a fixed sleep: CI machines are busy and slow)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {what}")


@dataclass
class Server:
    url: str
    """Where the site is served, e.g. ``http://127.0.0.1:PORT/math-hub/`` (MkDocs serves under site_url's path)."""
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:  # a request waits for a rebuild to finish
                return str(response.read().decode("utf-8"))
        except (OSError, urllib.error.URLError):
            return ""


@contextmanager
def serve(repo: Path, log_path: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """``mkdocs serve`` in ``repo``; yields once the first build is done and the file watcher is running."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true", **(env or {})}
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=repo, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            # MkDocs logs "Serving on URL" after the first build, once it has started watching the files.
            wait_for(lambda: "Serving on http" in log_path.read_text(encoding="utf-8") or process.poll() is not None, "mkdocs serve to start")
            match = re.search(r"Serving on (http://\S+)", log_path.read_text(encoding="utf-8"))
            assert match, log_path.read_text(encoding="utf-8")
            yield Server(match.group(1).rstrip("/") + "/", log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
