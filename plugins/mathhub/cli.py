"""The ``mathhub`` command: thin argument parsing around one library call each.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import REPORTERS
from .repository import load_repository
from .scaffold import ScaffoldError, new_cartridge, new_rubric
from .standards import load_catalogue

__all__ = ["main", "validate_main", "new_cartridge_main", "new_rubric_main"]


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: the current folder)")


def _validate(args: argparse.Namespace) -> int:
    root: Path = args.root
    if not (root / "schema").is_dir():
        print(f"mathhub validate: {root} has no schema/ folder; run from the repository root or pass --root", file=sys.stderr)
        return 2
    repository = load_repository(root)
    if args.errors_only:
        repository.problems = [p for p in repository.problems if p.severity == "error"]
    sys.stdout.write(REPORTERS[args.format](repository.problems, repository.summary()))
    return 0 if repository.ok else 1


def _new_cartridge(args: argparse.Namespace) -> int:
    try:
        folder = new_cartridge(args.root / "content", load_catalogue(), title=args.title, grades=args.grade, standards=args.standard, slug=args.id, author=args.author)
    except ScaffoldError as error:
        print(f"new cartridge: {error}", file=sys.stderr)
        return 1 if "already exists" in str(error) else 2
    print(f"Created {folder}/index.md and handout.md. Fill in the TODOs, then run: python scripts/validate.py")
    return 0


def _new_rubric(args: argparse.Namespace) -> int:
    try:
        file = new_rubric(args.root / "content", load_catalogue(), title=args.title, grades=args.grade, standards=args.standard, kind=args.kind, slug=args.id, author=args.author)
    except ScaffoldError as error:
        print(f"new rubric: {error}", file=sys.stderr)
        return 1 if "already exists" in str(error) else 2
    print(f"Created {file}. Fill in the criteria, then run: python scripts/validate.py")
    return 0


def _scaffold_arguments(parser: argparse.ArgumentParser, *, standard_required: bool) -> None:
    parser.add_argument("--title", required=True, help="the title teachers will see")
    parser.add_argument("--grade", action="append", required=True, help="a grade (K, 1-8, HS); repeat for several")
    parser.add_argument("--standard", action="append", default=[], required=standard_required, help="a standard code; repeat for several")
    parser.add_argument("--id", help="the id (folder or file name); default: made from the title")
    parser.add_argument("--author", default="Math Hub contributors", help="who to credit")
    _root_argument(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mathhub", description="Math Hub content tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every cartridge and rubric", description="Check every cartridge and rubric and report all problems in one run.")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help="text (default), json, or github annotations")
    validate.add_argument("--errors-only", action="store_true", help="leave warnings out of the report")
    _root_argument(validate)
    validate.set_defaults(run=_validate)

    cartridge = commands.add_parser("new-cartridge", help="create a skeleton cartridge", description="Create a valid skeleton cartridge; never overwrites.")
    _scaffold_arguments(cartridge, standard_required=True)
    cartridge.set_defaults(run=_new_cartridge)

    rubric = commands.add_parser("new-rubric", help="create a skeleton rubric", description="Create a valid skeleton rubric; never overwrites.")
    _scaffold_arguments(rubric, standard_required=False)
    rubric.add_argument("--kind", default="analytic", choices=["analytic", "holistic", "single-point", "checklist", "review"])
    rubric.set_defaults(run=_new_rubric)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


def validate_main() -> int:
    return main(["validate", *sys.argv[1:]])


def new_cartridge_main() -> int:
    return main(["new-cartridge", *sys.argv[1:]])


def new_rubric_main() -> int:
    return main(["new-rubric", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
