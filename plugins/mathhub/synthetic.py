"""Synthetic libraries of any size, for benchmarks and scale tests.

Realistic front matter, ~600-word lessons in format version 2 (activities,
student tasks and their responses) with a little LaTeX, and standards spread
over the whole catalogue, from a fixed seed so two runs write the same files.
(Synthetic district data: ``synthetic_district``.)
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from .standards import Catalogue, load_catalogue

__all__ = ["hostile_bodies", "synthetic_lesson", "write_library"]

_SENTENCES = [
    "Students work in pairs to compare their strategies and explain why each one works.",
    "Ask the class which representation shows the relationship most clearly, and why.",
    "Circulate and listen for students who connect the diagram to the equation.",
    "Some students will add the denominators; ask them what the pieces are called.",
    "Record two different solution paths on the board and label the quantities in each.",
    "Invite a student who used a drawing to share before one who used symbols.",
    "The goal is for students to notice the structure before any rule is named.",
    "Give one minute of quiet think time before partners talk.",
    "Use the sentence frame: I know this works because the parts are equal.",
    "If a group finishes early, ask them to write a new story with the same numbers.",
    "Students estimate first, then check the estimate against the exact answer.",
    "Point out that the unit matters: three pieces of what size?",
]
_MATH = [r"$\frac{3}{4}$", r"$2 \times 6 = 12$", r"$x^2 + 5x + 6 = 0$", r"$\frac{a}{b} = a \div b$", r"$y = mx + b$"]
_APPROACHES = ["concept-first", "math-storytelling", "real-world-problem", "think-pair-share", "number-talk"]
_STATUS_MIX = {"approved": 3, "field-tested": 1, "in-review": 1, "draft": 1}
_STATUSES = [status for status, weight in _STATUS_MIX.items() for _ in range(weight)]


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(_SENTENCES)
        if rng.random() < 0.15:
            sentence += " For example, " + rng.choice(_MATH) + "."
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def _response(rng: random.Random) -> str:
    return f"Students find {rng.randint(2, 99)} and show it with a diagram or an equation."


def _activity(heading: str, rng: random.Random, tasks: int, extension: bool) -> str:
    text = f"## {heading}\n\n### Launch\n\n{_paragraph(rng, 30)}\n\n### Student task\n\n{_paragraph(rng, 20)}\n\n"
    text += "".join(f"{n}. {_paragraph(rng, 15)}\n" for n in range(1, tasks + 1))
    text += "\n### Expected responses\n\n" + "".join(f"{n}. {_response(rng)}\n" for n in range(1, tasks + 1))
    text += f"\n### Activity synthesis\n\n{_paragraph(rng, 40)}\n"
    if extension:
        text += f"\n### Extension\n\n{_paragraph(rng, 15)}\n\n### Extension responses\n\n{_response(rng)}\n"
    return text + "\n"


def _cartridge(index: int, code: str, grade: str, rng: random.Random, rubrics: list[str]) -> str:
    cid = f"synthetic-{index:05d}"
    status = _STATUSES[index % len(_STATUSES)]
    review = f"review:\n  status: {status}\n"
    if status in ("approved", "field-tested"):
        outcome = "approved" if status == "approved" else "field-tested"
        review += f"  records:\n    - reviewer: Benchmark reviewers\n      date: \"2026-10-01\"\n      rubric: synthetic-review\n      outcome: {outcome}\n"
    front = (
        f"---\nid: {cid}\ntitle: \"Synthetic lesson {index}: {code}\"\n"
        f"summary: Students explore {code} through a shared problem and compare strategies.\n"
        f"language: en\nversion: \"1.0\"\nupdated: \"2026-{1 + index % 12:02d}-{1 + index % 28:02d}\"\n"
        f"grades: [\"{grade}\"]\n" + ("course: Algebra 1\n" if grade == "HS" else "")
        + f"standards:\n  addresses: [{code}]\n"
        f"practices: [MP{1 + index % 8}]\n"
        "student_goal: Let's explore the idea together and explain our strategies.\nminutes: 60\n"
        "grouping: [pairs, whole-class]\nmaterials: [student handout, whiteboards]\n"
        f"approaches: [{_APPROACHES[index % len(_APPROACHES)]}]\n"
        "goals: [Understand the idea behind the standard.]\n"
        "targets: [I can explain my strategy with a diagram.]\n"
        f"assessment:\n  rubrics: [{rubrics[index % len(rubrics)]}]\n"
        "authors: [Benchmark contributors]\nlicense: CC-BY-4.0\n" + review + "---\n\n"
    )
    body = f"## Overview\n\n{_paragraph(rng, 40)}\n\n"
    body += _activity("Warm-up (10 minutes)", rng, 1, False)
    body += _activity("Activity 1: Exploring the idea (15 minutes)", rng, 2, True)
    body += _activity("Activity 2: Trying it out (15 minutes)", rng, 2, False)
    body += f"## Lesson synthesis (10 minutes)\n\n{_paragraph(rng, 40)}\n\n"
    body += f"## Cool-down (10 minutes)\n\n### Student task\n\n{_paragraph(rng, 25)}\n\n### Expected responses\n\n{_response(rng)}\n\n"
    body += f"### Responding to student thinking\n\n{_paragraph(rng, 30)}\n\n## Student lesson summary\n\n{_paragraph(rng, 40)}\n\n"
    body += "## Practice problems\n\n### Problems\n\n" + "".join(f"{n}. {_paragraph(rng, 12)}\n" for n in range(1, 4))
    body += "\n### Answers\n\n" + "".join(f"{n}. {_response(rng)}\n" for n in range(1, 4))
    return front + body


def synthetic_lesson(index: int, code: str, grade: str, *, seed: int = 7) -> str:
    """One cartridge's ``index.md`` text (front matter and lesson), as ``write_library`` writes it."""
    return _cartridge(index, code, grade, random.Random(seed), ["synthetic-rubric-0"])


def write_library(target: Path, count: int, *, schema: Path, seed: int = 7, catalogue: Catalogue | None = None) -> Path:
    """Write a valid library of ``count`` cartridges (and a few rubrics) under ``target``; return it."""
    framework = (catalogue or load_catalogue()).default
    rng = random.Random(seed)
    codes = [s for s in framework.standards.values() if not s.advanced]
    content = target / "content"
    (content / "rubrics").mkdir(parents=True, exist_ok=True)
    shutil.copytree(schema, target / "schema", dirs_exist_ok=True)
    rubrics = [f"synthetic-rubric-{i}" for i in range(5)]
    for i, rid in enumerate(rubrics):
        standard = codes[(i * 97) % len(codes)].code
        (content / "rubrics" / f"{rid}.md").write_text(
            f"---\nid: {rid}\ntitle: Synthetic rubric {i}\nkind: analytic\ngrades: [\"5\"]\nstandards: [{standard}]\n"
            "criteria:\n  - name: Reasoning\n    levels:\n      - score: 2\n        label: Meets\n        descriptor: I explained my reasoning.\n"
            "      - score: 1\n        label: Beginning\n        descriptor: I gave an answer.\nlicense: CC-BY-4.0\nauthors: [Benchmark contributors]\n---\n\nScoring guidance.\n",
            encoding="utf-8",
        )
    (content / "rubrics" / "synthetic-review.md").write_text(
        "---\nid: synthetic-review\ntitle: Synthetic review rubric\nkind: review\ngrades: [\"K\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"HS\"]\n"
        "criteria:\n  - name: Alignment\n    levels:\n      - score: 2\n        label: Strong\n        descriptor: The lesson teaches the standard.\n"
        "      - score: 1\n        label: Weak\n        descriptor: It does not.\nlicense: CC-BY-4.0\nauthors: [Benchmark contributors]\n---\n\nReview guidance.\n",
        encoding="utf-8",
    )
    for index in range(count):
        chosen = codes[(index * 7919) % len(codes)]
        lesson = _cartridge(index, chosen.code, chosen.grade, rng, rubrics)
        folder = content / "cartridges" / f"synthetic-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(lesson, encoding="utf-8")
    return target


def hostile_bodies() -> dict[str, str]:
    """Lesson bodies shaped to exhaust a parser (each took minutes or ended in ``RecursionError`` before
    ``mathhub.limits``): every one must get a located limit message at once and never be rendered.
    ``tests/test_limits.py`` asserts the messages; ``scripts/benchmark_safety.py`` times them."""
    mb = 1_000_000
    return {
        "one-line": "word " * (mb // 5),
        "nested-list": "- " * 10_000 + "item",
        "nested-list-indented": "\n".join("    " * i + "- item" for i in range(300)),
        "nested-quotes": "> " * 10_000 + "quote",
        "nested-divs": "<div>\n\n" * 30_000 + "x\n\n" + "</div>\n\n" * 30_000,
        "nested-divs-paragraph": "<div>" * 30_000 + "x" + "</div>" * 30_000,
        "unclosed-tags": "\n".join(["<a " * 20] * 16_000),
        "brackets": "\n".join(["[a " * 25] * 13_000),
        "backticks": "` a " * (mb // 4),
        "image-openers": "![a](" * (mb // 5),
        "comment-openers": "<!-- " * (mb // 5),
        "dollars": "$a " * (mb // 3),
    }
