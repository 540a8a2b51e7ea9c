"""Every Markdown file in the repository renders as written: no code fence is left open (on GitHub, one unclosed
fence turns the rest of a README into code), and the validator reports an open fence in a lesson."""

from __future__ import annotations

import subprocess

import pytest
from conftest import ROOT
from mathhub.fences import unclosed_fence


def _markdown_files() -> list[str]:
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "*.md"], capture_output=True, text=True, check=True)
    # tests/corpus holds malformed inputs on purpose (wrong encodings among them): it is the validator's to read
    return sorted(path for path in listed.stdout.splitlines() if (ROOT / path).is_file() and not path.startswith("tests/corpus/"))


def test_there_are_markdown_files_to_check() -> None:
    files = _markdown_files()
    assert {"README.md", "CONTRIBUTING.md", ".github/pull_request_template.md", "content/contribute/index.md"} <= set(files)
    assert len(files) > 50


@pytest.mark.parametrize("path", _markdown_files())
def test_every_code_fence_is_closed(path: str) -> None:
    assert unclosed_fence((ROOT / path).read_text(encoding="utf-8")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```sh\nmake\n```\nText\n", None),
        ("```sh\nmake\n``` Text after the fence on the same line\n", (1, "```")),  # the README's old mistake
        ("~~~\ncode\n~~~\n", None),
        ("````\n```\nnested\n```\n````\n", None),  # a longer fence holds shorter ones
        ("```\ncode\n~~~\n", (1, "```")),  # a fence closes only with its own character
        ("1. Step\n\n    ```yaml\n    a: 1\n    ```\n", None),  # inside a list item
        ("> ```\n> quoted code\n> ```\n", None),  # inside a quote
        ("Inline ``` code ``` is not a fence.\n", None),
        ("```js `not` an info string\n", None),  # a backtick in the info string: not a fence (CommonMark 4.5)
        ("Text\n\n~~~~\nnever closed\n", (3, "~~~~")),
    ],
)
def test_unclosed_fence(text: str, expected: tuple[int, str] | None) -> None:
    assert unclosed_fence(text) == expected
