"""The strict front-matter reader: plain data only, every problem located, never an exception."""

from __future__ import annotations

import time

import pytest
from mathhub.frontmatter import decode, parse_text


def parse(yaml_text: str):
    return parse_text(f"---\n{yaml_text}---\nBody\n", "x.md")


def test_positions_point_at_fields_and_list_items() -> None:
    document, problems = parse("title: Hi\nstandards:\n  addresses:\n    - 5.NF.B.3\n    - 4.NF.B.3\n")
    assert not problems
    assert document is not None
    assert document.where(("title",)) == (2, 1)
    assert document.where(("standards", "addresses", 1)) == (6, 7)
    assert document.body == "Body\n"
    assert document.body_line == 8


def test_dates_stay_text() -> None:
    document, _ = parse("updated: 2026-09-14\n")
    assert document is not None and document.data["updated"] == "2026-09-14"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("a: &x [1]\nb: *x\n", "anchors (&x) are not allowed"),
        ("a: !!python/object:os.system ls\n", "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
        ("a: !custom 1\n", "tag '!custom' is not allowed"),
        ("a: !!binary aGVsbG8=\n", "is not allowed"),
        ("a:\n  b:\n" + "".join("  " * i + "    c:\n" for i in range(14)), "nested more than"),
        ("title: x\ntitle: y\n", "appears twice"),
        ("- 1\n- 2\n", "not a list"),
        ("just text\n", "not a single value"),
        ("", "front matter is empty"),
        ("a: [1, 2\n", "YAML syntax error"),
    ],
)
def test_refused_yaml(yaml_text: str, message: str) -> None:
    _, problems = parse(yaml_text)
    assert problems, yaml_text
    assert message in problems[0].message
    assert problems[0].line >= 1


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[index]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    start = time.perf_counter()
    document, problems = parse("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert document is None
    assert "not allowed" in problems[0].message


def test_encodings() -> None:
    assert decode(b"---\r\na: 1\r\n", "x.md")[0] == "---\na: 1\n"
    assert decode(b"\xef\xbb\xbf---\n", "x.md")[0] == "---\n"
    text, problems = decode("---\na: é\n".encode("utf-16"), "x.md")
    assert text is None and "UTF-16" in problems[0].message
    text, problems = decode("---\ntitle: café\n".encode("latin-1"), "x.md")
    assert text is None and (problems[0].line, problems[0].column) == (2, 11)
    assert "0xE9" in problems[0].message
