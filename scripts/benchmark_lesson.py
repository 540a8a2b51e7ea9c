#!/usr/bin/env python3
"""Print how the lesson parser and the editorial checks scale: time for inputs of 1x, 2x and 4x the size.

Content comes from pull requests, so every check must be linear in the size of its input:
doubling the input should roughly double the time, for ordinary lessons and for inputs built
to make a careless parser quadratic (one long line of '$' or '{', thousands of list items...).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from mathhub.editorial import dollar_problems
from mathhub.lesson import parse_lesson
from mathhub.markdown_lines import scan_lines
from mathhub.synthetic import synthetic_lesson

STUDENT = "## Warm-up (5 minutes)\n\n### Student task\n\n"
UNIT = 50_000


def _ordinary(n: int) -> str:
    body = synthetic_lesson(1, "5.NF.B.3", "5").split("\n---\n", 1)[1]
    return body * (4 * n)


SHAPES: dict[str, Callable[[int], str]] = {
    "ordinary lessons, repeated": _ordinary,
    "one line of '$ '": lambda n: "## Overview\n\n" + "$ " * (UNIT * n),
    "one line of '{a '": lambda n: STUDENT + "{a " * (UNIT * n) + "}",
    "backtick runs": lambda n: "## Overview\n\n" + "`` ` " * (UNIT * n // 2),
    "list items with options": lambda n: STUDENT + "1. a {space: lines 2}\n" * (UNIT * n // 20) + "\n### Expected responses\n\n" + "1. b\n" * (UNIT * n // 20),
    "ordered lists in bullets": lambda n: STUDENT + "- a\n  1. b\n" * (UNIT * n // 10),
    "'$$' lines": lambda n: "## Overview\n\n" + "$$\n" * (UNIT * n // 3),
}


def measure(body: str) -> float:
    start = time.perf_counter()
    parse_lesson(body, 1)
    dollar_problems(scan_lines(body, 1))
    return time.perf_counter() - start


def main() -> None:
    print(f"{'input':28} {'1x':>18} {'2x':>18} {'4x':>18}  4x/1x")
    for name, make in SHAPES.items():
        cells, times = [], []
        for n in (1, 2, 4):
            body = make(n)
            seconds = min(measure(body) for _ in range(3))
            times.append(seconds)
            cells.append(f"{len(body) / 1000:6.0f} kB {seconds * 1000:6.0f} ms")
        print(f"{name:28} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18}  {times[2] / times[0]:5.1f}")


if __name__ == "__main__":
    main()
