"""The ``mathhub`` command: thin argument parsing around one library call each.

Exit codes: 0 clean (warnings allowed), 1 problems found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .coverage import DEFAULT_MIN_STATUS
from .model import STATUSES
from .problems import REPORTERS, Problem, has_errors, render_text
from .repository import Layout, Repository, load_repository
from .scaffold import ScaffoldError, new_cartridge, new_rubric
from .scope import ScopeError, scope_from_changes, scope_from_paths
from .standards import Catalogue, grade_label, load_catalogue

__all__ = ["main", "coverage_main", "import_case_main", "usage_main", "validate_main", "new_cartridge_main", "new_rubric_main"]


def _root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: the current folder)")


def _is_repository(root: Path, command: str) -> bool:
    if (root / "schema").is_dir():
        return True
    print(f"mathhub {command}: {root} has no schema/ folder; run from the repository root or pass --root", file=sys.stderr)
    return False


def _validate(args: argparse.Namespace) -> int:
    if not _is_repository(args.root, "validate"):
        return 2
    if args.changed and args.paths:
        print("mathhub validate: give paths or --changed, not both", file=sys.stderr)
        return 2
    try:
        scope = scope_from_paths(Layout.of(args.root).content, args.paths) if args.paths else None
    except ScopeError as error:
        print(f"mathhub validate: {error}", file=sys.stderr)
        return 2
    if args.changed:
        return _validate_changed(args)
    repository = load_repository(args.root, scope=scope)
    return _report(repository.problems, repository.summary(), args)


def _validate_changed(args: argparse.Namespace) -> int:
    """What a branch changes: its lessons and rubrics, and every lesson that refers to them.

    The whole library is loaded (a changed rubric can break any lesson that names it); the report keeps
    the changed files and their dependents. A change outside content/ (schemas, code) checks everything.
    """
    from .gitref import GitRefError, changed_files

    try:
        changed = changed_files(args.root, args.changed)
    except GitRefError as error:
        print(f"mathhub validate: cannot compare with {args.changed!r}: {error}", file=sys.stderr)
        return 2
    repository = load_repository(args.root)
    scope = scope_from_changes(changed, repository.layout.relative(repository.layout.content))
    if scope is None:
        return _report(repository.problems, repository.summary().rstrip(".") + f"; everything was checked, because files outside content/ changed since {args.changed}.", args)
    with_dependents = scope.with_dependents(repository.references)
    summary = f"Checked {scope.describe()} changed since {args.changed}" if scope else f"No lessons or rubrics changed since {args.changed}"
    added = len(with_dependents.cartridges - scope.cartridges)
    if added:
        summary += f", and {added} lesson{'s' if added != 1 else ''} that refer{'s' if added == 1 else ''} to them"
    return _report(repository.problems_in(with_dependents), summary + ".", args)


def _report(problems: list[Problem], summary: str, args: argparse.Namespace) -> int:
    if args.strict:
        problems = [replace(p, severity="error") for p in problems]
    if args.errors_only:
        problems = [p for p in problems if p.severity == "error"]
    sys.stdout.write(REPORTERS[args.format](problems, summary))
    return 1 if has_errors(problems) else 0


def _catalogue(root: Path) -> Catalogue:
    """The bundled catalogue plus the repository's frameworks (a broken framework file is the validator's to report)."""
    from .framework_files import load_repository_catalogue
    from .repository import Layout

    layout = Layout.of(root)
    return load_repository_catalogue(layout.frameworks, layout.relative)[0]


def _load_valid(root: Path) -> Repository | None:
    """The repository, or None after printing the validator's report (coverage of broken content would mislead)."""
    repository = load_repository(root)
    if not repository.ok:
        sys.stderr.write(render_text([p for p in repository.problems if p.severity == "error"], repository.summary()))
        return None
    return repository


def _coverage(args: argparse.Namespace) -> int:
    from .coverage import compare_coverage, compute_coverage
    from .gitref import GitRefError, export_ref
    from .library import index_library
    from .reports import coverage_csv, coverage_json, coverage_markdown, write_coverage

    if not _is_repository(args.root, "coverage"):
        return 2
    repository = _load_valid(args.root)
    if repository is None:
        return 1
    framework = repository.catalogue.frameworks.get((args.framework or repository.catalogue.default.id).upper())
    if framework is None:
        print(f"mathhub coverage: unknown framework {args.framework!r} (known: {', '.join(repository.catalogue.frameworks)})", file=sys.stderr)
        return 2
    coverage = compute_coverage(index_library(repository), args.min_status, framework.id)
    if args.compare:
        with tempfile.TemporaryDirectory(prefix="mathhub-compare-") as tmp:
            try:
                export_ref(args.root, args.compare, Path(tmp))
            except GitRefError as error:
                print(f"mathhub coverage: cannot read {args.compare!r}: {error}", file=sys.stderr)
                return 2
            before_repo = load_repository(Path(tmp))
            if not before_repo.ok:
                print(f"mathhub coverage: the content at {args.compare} has validation errors; comparing what is valid there", file=sys.stderr)
            if framework.id not in before_repo.catalogue.frameworks:
                print(f"mathhub coverage: {args.compare} has no framework {framework.id} to compare with", file=sys.stderr)
                return 2
            before = compute_coverage(index_library(before_repo), args.min_status, framework.id)
        change = compare_coverage(before, coverage)
        print(change.summary())
        for s in change.added:
            print(f"  + {s.code} ({grade_label(s.grade)}, {s.emphasis or 'high school'}){' - major cluster' if s.emphasis == 'major' else ''}")
        for s in change.removed:
            print(f"  - {s.code} ({grade_label(s.grade)}) no longer has a lesson")
        for grade, old, new in change.grades:
            line = f"  {grade_label(grade)}: addressed {old.addressed} -> {new.addressed} of {new.standards}"
            if new.major_standards:
                line += f"; major-cluster {100 * (old.share_major_addressed or 0):.0f}% -> {100 * (new.share_major_addressed or 0):.0f}%"
            print(line)
    elif args.out:
        for path in write_coverage(coverage, framework, args.out):
            print(f"wrote {path}")
    elif args.format == "csv":
        sys.stdout.write(coverage_csv(coverage, args.table))
    elif args.format == "json":
        sys.stdout.write(coverage_json(coverage))
    else:
        sys.stdout.write(coverage_markdown(coverage))
    if args.fail_under is not None:
        figure = coverage.figure(args.metric)
        if figure < args.fail_under:
            print(f"mathhub coverage: {args.metric} coverage is {figure:.1f}%, below the required {args.fail_under:g}%", file=sys.stderr)
            return 1
        print(f"{args.metric} coverage {figure:.1f}% (required {args.fail_under:g}%)", file=sys.stderr)
    return 0


def _usage(args: argparse.Namespace) -> int:
    from .library import index_library
    from .outputs import write_atomic
    from .reports.usage import load_usage_schema, read_usage_logs, summarise_usage

    if not _is_repository(args.root, "usage"):
        return 2
    repository = _load_valid(args.root)
    if repository is None:
        return 1
    missing = [path for path in args.logs if not path.is_file()]
    if missing:
        print(f"mathhub usage: no such file: {missing[0]}", file=sys.stderr)
        return 2
    library = index_library(repository)
    show = (lambda message: print(f"  {message}", file=sys.stderr, flush=True)) if not args.quiet else None
    log = read_usage_logs(args.logs, library, load_usage_schema(repository.layout.schema), root=args.root, progress=show)
    if log.problems:
        rows = "" if not log.rows_rejected else f" {log.rows_rejected:,} of {log.rows_read:,} rows have problems."
        more = f" (and {log.problems_not_listed:,} more not listed)" if log.problems_not_listed else ""
        sys.stderr.write(REPORTERS[args.errors](log.problems, f"{rows.strip()}{more}".strip()))
    if log.fatal or (log.rows_rejected and not args.skip_bad_rows):
        if log.rows_rejected and not log.fatal:
            print("mathhub usage: fix these rows, or pass --skip-bad-rows to leave them out of the summary.", file=sys.stderr)
        return 1
    summary = summarise_usage(log, library, threshold=args.threshold)
    if args.out:
        for name, text in summary.outputs().items():
            write_atomic(args.out / name, text)
            print(f"wrote {args.out / name}")
    elif args.format == "csv":
        sys.stdout.write(summary.csv(args.table))
    elif args.format == "json":
        sys.stdout.write(summary.json())
    else:
        sys.stdout.write(summary.markdown())
    return 0


def _import_case(args: argparse.Namespace) -> int:
    from .case_import import ImportOptions, import_case, render_catalogue
    from .outputs import write_atomic
    from .repository import Layout

    if not args.package.is_file():
        print(f"mathhub import-case: no such file: {args.package}", file=sys.stderr)
        return 2
    if args.crosswalk is not None and not args.crosswalk.is_file():
        print(f"mathhub import-case: no such crosswalk file: {args.crosswalk}", file=sys.stderr)
        return 2
    framework = args.framework.strip().upper()
    options = ImportOptions(framework, args.name or "", tuple(args.grouping_type), tuple(args.skip_type), args.crosswalk, args.crosswalk.as_posix() if args.crosswalk else "")
    result = import_case(args.package, args.package.as_posix(), options, load_catalogue().default)
    if result.problems:
        sys.stderr.write(render_text(result.problems, "" if result.ok else "Nothing was written."))
    if result.document is None:
        return 1
    layout = Layout.of(args.root)
    out = args.out or layout.frameworks / f"{framework.lower()}.json"
    text = render_catalogue(result.document)
    if args.check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"mathhub import-case: {out} is not what this package gives; import it again", file=sys.stderr)
            return 1
        print(f"mathhub import-case: {out} is up to date ({result.summary})")
        return 0
    write_atomic(out, text)
    print(f"mathhub import-case: wrote {out}: {result.summary}")
    print(f"Lessons can now cite {framework}:<code>; run `mathhub validate`, then `mathhub coverage --framework {framework}`.")
    return 0


def _schema_id(root: Path, kind: str) -> str | None:
    """The published address of a schema (its ``$id``), for the editor comment the scaffolds write."""
    from .schemas import load_schemas

    try:
        return str(load_schemas(Layout.of(root).schema).documents[kind]["$id"])
    except (OSError, ValueError, KeyError):
        return None  # no schema/ here: the skeleton is still written, without the comment


def _new_cartridge(args: argparse.Namespace) -> int:
    try:
        folder = new_cartridge(args.root / "content", _catalogue(args.root), title=args.title, grades=args.grade, standards=args.standard, slug=args.id, author=args.author, schema_url=_schema_id(args.root, "cartridge"))
    except ScaffoldError as error:
        print(f"new cartridge: {error}", file=sys.stderr)
        return 1 if "already exists" in str(error) else 2
    print(f"Created {folder}/index.md and handout.md. Fill in the TODOs, then check the lesson: mathhub validate {folder}")
    return 0


def _new_rubric(args: argparse.Namespace) -> int:
    try:
        file = new_rubric(args.root / "content", _catalogue(args.root), title=args.title, grades=args.grade, standards=args.standard, kind=args.kind, slug=args.id, author=args.author, schema_url=_schema_id(args.root, "rubric"))
    except ScaffoldError as error:
        print(f"new rubric: {error}", file=sys.stderr)
        return 1 if "already exists" in str(error) else 2
    print(f"Created {file}. Fill in the criteria, then check it: mathhub validate {file}")
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

    validate = commands.add_parser(
        "validate", help="check every cartridge and rubric, or the ones named",
        description="Check cartridges and rubrics and report all problems in one run: every one, the ones named "
        "(with the rubrics and lessons they refer to), or what a branch changes.",
    )
    validate.add_argument("paths", type=Path, nargs="*", metavar="PATH", help="cartridge folders (or files in them) and rubric files to check; default: everything")
    validate.add_argument("--changed", metavar="BASE", help="check the lessons and rubrics changed since the merge base with git revision BASE, and the lessons that refer to them")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help="text (default), json, or github annotations")
    validate.add_argument("--errors-only", action="store_true", help="leave warnings out of the report")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1 on any problem), as CI does")
    _root_argument(validate)
    validate.set_defaults(run=_validate)

    cartridge = commands.add_parser("new-cartridge", help="create a skeleton cartridge", description="Create a valid skeleton cartridge; never overwrites.")
    _scaffold_arguments(cartridge, standard_required=True)
    cartridge.set_defaults(run=_new_cartridge)

    rubric = commands.add_parser("new-rubric", help="create a skeleton rubric", description="Create a valid skeleton rubric; never overwrites.")
    _scaffold_arguments(rubric, standard_required=False)
    rubric.add_argument("--kind", default="analytic", choices=["analytic", "holistic", "single-point", "checklist", "review"])
    rubric.set_defaults(run=_new_rubric)

    coverage = commands.add_parser("coverage", help="standards coverage and gaps", description="How the library covers the standards: per standard, per cluster/domain/grade, and the gap list.")
    coverage.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown", help="output on stdout (default: markdown)")
    coverage.add_argument("--table", choices=["standards", "rollups", "gaps"], default="standards", help="which table --format csv prints (default: standards)")
    coverage.add_argument("--min-status", choices=list(STATUSES), default=DEFAULT_MIN_STATUS, help=f"lowest review status that counts (default: {DEFAULT_MIN_STATUS})")
    coverage.add_argument("--out", type=Path, help="write every output (CSV, JSON, Markdown, SVG heat map) into this folder")
    coverage.add_argument("--fail-under", type=float, metavar="PCT", help="exit 1 when the --metric figure is below PCT percent")
    coverage.add_argument("--metric", choices=["addressed", "assessed", "major"], default="addressed", help="figure for --fail-under: standards addressed, addressed and assessed, or K-8 major-cluster standards addressed")
    coverage.add_argument("--compare", metavar="GIT_REF", help="show what the working tree adds or removes relative to a git revision")
    coverage.add_argument("--framework", metavar="ID", help="the standards framework to count (default: CCSS-M); lessons count when aligned to it directly or through its crosswalk")
    _root_argument(coverage)
    coverage.set_defaults(run=_coverage)

    case = commands.add_parser(
        "import-case", help="import a state framework from a CASE package",
        description="Turn a 1EdTech CASE package (CFPackage JSON) into a framework catalogue in frameworks/<id>.json, "
        "so lessons can cite ID:code and the site, the validator and coverage know the framework.",
    )
    case.add_argument("package", type=Path, help="the CFPackage JSON, as exported by the state's CASE server")
    case.add_argument("--framework", required=True, metavar="ID", help="the id authors write before a code, e.g. TX-TEKS for TX-TEKS:5.3A")
    case.add_argument("--name", help="the framework's name on the site (default: the CFDocument's title)")
    case.add_argument("--crosswalk", type=Path, metavar="CSV", help="pairs of equivalent codes: a CSV with the columns code and ccss")
    case.add_argument("--grouping-type", action="append", default=[], metavar="TYPE", help="a CFItemType that groups standards rather than being one (repeatable)")
    case.add_argument("--skip-type", action="append", default=[], metavar="TYPE", help="a CFItemType to leave out, with everything below it (repeatable)")
    case.add_argument("--out", type=Path, help="where to write the catalogue (default: frameworks/<id>.json under --root)")
    case.add_argument("--check", action="store_true", help="write nothing; exit 1 if the catalogue on disk differs from what the package gives")
    _root_argument(case)
    case.set_defaults(run=_import_case)

    usage = commands.add_parser("usage", help="summarise usage logs", description="Summarise district usage logs (CSV, see schema/usage-log.schema.json): per lesson, school, grade, standard and month.")
    usage.add_argument("logs", type=Path, nargs="+", help="one or more usage log CSV files")
    usage.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown", help="output on stdout (default: markdown)")
    usage.add_argument("--table", choices=["cartridges", "schools", "grades", "standards", "months", "statuses", "never-used", "planned-not-taught"], default="cartridges", help="which table --format csv prints")
    usage.add_argument("--out", type=Path, help="write every output (CSV tables, JSON, Markdown, SVG charts) into this folder")
    usage.add_argument("--threshold", type=int, default=5, help="student counts below this are published as <N (default: 5)")
    usage.add_argument("--skip-bad-rows", action="store_true", help="report bad rows and leave them out instead of stopping")
    usage.add_argument("--errors", choices=sorted(REPORTERS), default="text", help="how problems are reported on stderr")
    usage.add_argument("--quiet", action="store_true", help="no progress lines")
    _root_argument(usage)
    usage.set_defaults(run=_usage)
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


def usage_main() -> int:
    return main(["usage", *sys.argv[1:]])


def coverage_main() -> int:
    return main(["coverage", *sys.argv[1:]])


def import_case_main() -> int:
    return main(["import-case", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
