#!/usr/bin/env python3
"""Build Math Hub's standards catalogue from the shared CCSS-M data.

The shared CSV files (see ``../shared/standards/PROVENANCE.md``) are the
source; this script turns them into one JSON document that ships inside the
``mathhub`` package, so the validator, the site and the reports all read the
same catalogue without needing the shared folder at run time.

Usage: ``python scripts/build_standards.py [--source DIR] [--check]``
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "standards"
OUTPUT = ROOT / "plugins" / "mathhub" / "catalogue" / "ccss-m.json"
NOTICE_FILE = OUTPUT.with_name("NOTICE.md")

EXPECTED = {"standards": 509, "clusters": 147, "practices": 8, "edges": 899}

NOTICE = (
    "Common Core State Standards for Mathematics \u00a9 Copyright 2010. National Governors "
    "Association Center for Best Practices and Council of Chief State School Officers. "
    "All rights reserved. NGA Center/CCSSO are the sole owners and developers of the "
    "Common Core State Standards."
)
CREDITS = [
    "Coherence Map prerequisite data, cluster emphasis and widely applicable prerequisite "
    "flags: Student Achievement Partners / Achieve the Core (achievethecore.org), CC0 1.0.",
    "Standard identifiers and structure: the Achievement Standards Network (ASN), document D10003FB.",
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flag(value: str) -> bool:
    return value.strip().lower() == "true"


def build(source: Path) -> dict[str, object]:
    """Read the shared CSV files and return the catalogue document."""
    standards_rows = _rows(source / "ccss-math.csv")
    cluster_rows = _rows(source / "ccss-math-clusters.csv")
    practice_rows = _rows(source / "ccss-math-practices.csv")
    edge_rows = _rows(source / "ccss-math-coherence-edges.csv")

    categories: dict[str, str] = {}
    domains: dict[str, dict[str, str]] = {}
    for row in cluster_rows:
        if row["category_code"]:
            categories.setdefault(row["category_code"], row["category_name"])
        domains.setdefault(
            f'{row["grade"]}|{row["domain_code"]}',
            {
                "code": row["domain_code"],
                "grade": row["grade"],
                "category": row["category_code"],
                "name": row["domain_name"],
            },
        )

    document = {
        "framework": {
            "id": "CCSS-M",
            "name": "Common Core State Standards for Mathematics",
            "notice": NOTICE,
            "credits": CREDITS,
            "grades": ["K", "1", "2", "3", "4", "5", "6", "7", "8", "HS"],
            "spelling": "ccss-m",
            "progression_source": "The Coherence Map",
            "progression_credit": "Achieve the Core Coherence Map (CC0), sub-standards shown with their parent standard.",
        },
        "categories": [{"code": code, "name": name} for code, name in categories.items()],
        "domains": list(domains.values()),
        "clusters": [
            {
                "code": row["code"],
                "alt": row["code_alt"],
                "grade": row["grade"],
                "category": row["category_code"],
                "domain": row["domain_code"],
                "letter": row["cluster_letter"],
                "heading": row["heading"],
                "emphasis": row["emphasis"],
                "widely_applicable_prerequisite": _flag(row["hs_widely_applicable_prereq"]),
                "modeling": bool(row["modeling_marked"]),
                "uri": row["uri"],
            }
            for row in cluster_rows
        ],
        "standards": [
            {
                "code": row["code"],
                "alt": row["code_alt"],
                "legacy": row["code_legacy"],
                "level": row["level"],
                "parent": row["parent"],
                "grade": row["grade"],
                "category": row["category_code"],
                "domain": row["domain_code"],
                "cluster": row["cluster_code"],
                "text": row["text"],
                "notes": [note.strip() for note in row["notes"].split(" | ") if note.strip()],
                "advanced": _flag(row["advanced"]),
                "modeling": _flag(row["modeling"]),
                "uri": row["uri"],
            }
            for row in standards_rows
        ],
        "practices": [
            {
                "code": row["code"],
                "number": int(row["number"]),
                "title": row["title"],
                "description": row["description"],
                "uri": row["uri"],
            }
            for row in practice_rows
        ],
        "edges": sorted(
            (
                {"from": row["from_code"], "to": row["to_code"], "relation": row["relation"]}
                for row in edge_rows
            ),
            key=lambda edge: (edge["relation"], edge["from"], edge["to"]),
        ),
    }
    counts = {key: len(document[key]) for key in EXPECTED}  # type: ignore[arg-type]
    if counts != EXPECTED:
        raise SystemExit(f"build_standards: expected {EXPECTED}, found {counts}")
    return document


def render(document: dict[str, object]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def render_notice() -> str:
    """The attribution that ships with the catalogue (the site shows the same text on standards pages and in the footer)."""
    credits = "\n".join(f"- {credit}" for credit in CREDITS)
    return (
        "# Standards catalogue: notice and credits\n\n"
        "`ccss-m.json` is built by `scripts/build_standards.py` from the CCSS-M data in `../shared/standards/` "
        "(see its `PROVENANCE.md` for sources, transformation and checks).\n\n"
        f"> {NOTICE}\n\n"
        "The CCSS Public License grants a limited, non-exclusive, royalty-free license to copy, publish, distribute, "
        "and display the Common Core State Standards for purposes that support the Common Core State Standards Initiative. "
        "The standards are provided as-is.\n\n"
        f"Also credited:\n\n{credits}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder with the shared CSV files")
    parser.add_argument("--check", action="store_true", help="fail if the committed catalogue is out of date")
    args = parser.parse_args(argv)
    if not (args.source / "ccss-math.csv").is_file():
        print(f"build_standards: no ccss-math.csv in {args.source}", file=sys.stderr)
        return 2
    outputs = {OUTPUT: render(build(args.source)), NOTICE_FILE: render_notice()}
    if args.check:
        stale = [path for path, text in outputs.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"build_standards: {path.relative_to(ROOT)} is out of date; run scripts/build_standards.py", file=sys.stderr)
        if not stale:
            print("build_standards: catalogue is up to date")
        return 1 if stale else 0
    for path, text in outputs.items():
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        print(f"build_standards: wrote {path.relative_to(ROOT)} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
