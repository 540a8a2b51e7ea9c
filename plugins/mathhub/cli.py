"""The ``mathhub`` command: thin argument parsing around one library call each.

Exit codes: 0 clean (warnings allowed, unless ``validate --strict``), 1 problems found, 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .coverage import DEFAULT_MIN_STATUS
from .problems import REPORTERS, Problem, has_errors, render_text
from .provenance import caption
from .repository import Layout, Repository, load_repository
from .scaffold import ScaffoldError, new_cartridge, new_rubric
from .scope import ScopeError, scope_from_changes, scope_from_paths
from .standards import Catalogue, load_catalogue
from .vocabulary import VOCABULARY

__all__ = ["main", "audit_main", "coverage_main", "import_case_main", "mastery_main", "usage_main", "validate_main", "new_cartridge_main", "new_rubric_main"]


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


def _percent(text: str) -> float:
    """A percentage from 0 to 100 (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage from 0 to 100")
    return value


def _share(text: str) -> float:
    """A share above 0 and at most 1 (argparse type)."""
    try:
        share = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share from 0 to 1 (write 50% as 0.5)")
    return share


def _coverage(args: argparse.Namespace) -> int:
    from .coverage import compute_coverage
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
        return _compare(args, coverage, framework)
    if args.out:
        for path in write_coverage(coverage, framework, args.out, caption=caption()):
            print(f"wrote {path}")
    elif args.format == "csv":
        sys.stdout.write(coverage_csv(coverage, args.table))
    elif args.format == "json":
        sys.stdout.write(coverage_json(coverage))
    else:
        sys.stdout.write(coverage_markdown(coverage))
    if args.fail_under is not None:
        figure = coverage.figure(args.metric)
        # Shown rounded down, so a figure below the requirement never prints as equal to it (12.96 -> 12.9, not 13.0).
        shown = int(figure * 10) / 10
        if figure < args.fail_under:
            print(f"mathhub coverage: {args.metric} coverage is {shown:.1f}%, below the required {args.fail_under:g}%", file=sys.stderr)
            return 1
        print(f"{args.metric} coverage {shown:.1f}% (required {args.fail_under:g}%)", file=sys.stderr)
    return 0


def _compare(args: argparse.Namespace, coverage: Any, framework: Any) -> int:
    """Coverage of the working tree against a git revision, as a pull-request comment (Markdown) or JSON."""
    from .coverage import compare_coverage, compute_coverage
    from .gitref import GitRefError, export_ref
    from .library import index_library
    from .outputs import write_atomic
    from .reports import change_json, change_markdown

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
    markdown, data = change_markdown(change, args.compare), change_json(change, args.compare)
    if args.out:
        for name, text in (("coverage-change.md", markdown), ("coverage-change.json", data)):
            write_atomic(args.out / name, text)
            print(f"wrote {args.out / name}")
    else:
        sys.stdout.write(data if args.format == "json" else markdown)
    return 0


def _threshold(args: argparse.Namespace, command: str) -> bool:
    from .privacy import check_threshold

    problem = check_threshold(args.threshold, args.allow_small_threshold)
    if problem:
        print(f"mathhub {command}: {problem}", file=sys.stderr)
        return False
    return True


def _district(args: argparse.Namespace, repository: Repository, library: Any, command: str) -> tuple[Any, Any, Any] | None:
    """The shared inputs of usage and mastery: filters, school codes, and the reading report (None after a message)."""
    from .reports.schools import load_school_codes
    from .reports.slicing import Filters
    from .reports.tables import ReadReport

    missing = [path for path in [*args.files, args.schools] if path is not None and not path.is_file()]
    if missing:
        print(f"mathhub {command}: no such file: {missing[0]}", file=sys.stderr)
        return None
    report = ReadReport()
    directory = load_school_codes(args.schools, repository.layout.schema, report, root=args.root) if args.schools else None
    filters = Filters(tuple(args.school or ()), args.start, args.end, tuple(args.term or ()), tuple(args.grade or ()))
    return report, directory, filters


def _report_problems(report: Any, args: argparse.Namespace, command: str, noun: str) -> bool:
    """Print what reading found on stderr; False when the run must stop."""
    for note in report.notes:
        print(f"  {note}", file=sys.stderr)
    if report.problems:
        rows = "" if not report.rows_rejected else f" {report.rows_rejected:,} of {report.rows_read:,} rows have problems."
        more = f" (and {report.problems_not_listed:,} more not listed)" if report.problems_not_listed else ""
        sys.stderr.write(REPORTERS[args.errors](report.problems, f"{rows.strip()}{more}".strip()))
    if report.fatal or (report.rows_rejected and not args.skip_bad_rows):
        if report.rows_rejected and not report.fatal:
            print(f"mathhub {command}: fix these rows, or pass --skip-bad-rows to leave them out of the {noun}.", file=sys.stderr)
        return False
    return True


def _usage(args: argparse.Namespace) -> int:
    from .library import index_library
    from .outputs import write_atomic
    from .reports.plan import load_plan
    from .reports.usage import GROUP_DIMENSIONS, load_usage_schema, read_usage_logs, summarise_usage

    if not _is_repository(args.root, "usage") or not _threshold(args, "usage"):
        return 2
    group_by = [g.strip() for value in (args.group_by or []) for g in value.split(",") if g.strip()]
    unknown = [g for g in group_by if g not in GROUP_DIMENSIONS]
    if unknown:
        print(f"mathhub usage: cannot group by '{unknown[0]}'; use {', '.join(GROUP_DIMENSIONS)}", file=sys.stderr)
        return 2
    repository = _load_valid(args.root)
    if repository is None:
        return 1
    library = index_library(repository)
    args.files = [*args.logs, *([args.plan] if args.plan else [])]
    shared = _district(args, repository, library, "usage")
    if shared is None:
        return 2
    report, directory, filters = shared
    plan = load_plan(args.plan, repository.layout.schema, library, directory or _empty_directory(), report, root=args.root) if args.plan and not report.fatal else None
    show = (lambda message: print(f"  {message}", file=sys.stderr, flush=True)) if not args.quiet else None
    data = read_usage_logs(args.logs, library, load_usage_schema(repository.layout.schema), root=args.root, progress=show, filters=filters, directory=directory, plan=plan, report=report)
    if not _report_problems(report, args, "usage", "summary"):
        return 1
    if "section" in group_by and not data.has_section:
        print("mathhub usage: cannot group by section: the logs have no 'section' column", file=sys.stderr)
        return 2
    note = "SYNTHETIC data" if args.synthetic else ""
    summary = summarise_usage(data, library, threshold=args.threshold, group_by=group_by, caption=caption(filters.describe(), note), synthetic=args.synthetic)
    if args.out:
        for name, text in summary.outputs().items():
            write_atomic(args.out / name, text)
            print(f"wrote {args.out / name}")
    elif args.format == "csv":
        if args.table not in summary.tables:
            print(f"mathhub usage: there is no '{args.table}' table in this summary (the plan and grouped tables need --plan and --group-by)", file=sys.stderr)
            return 2
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


def _empty_directory() -> Any:
    from .reports.schools import SchoolDirectory

    return SchoolDirectory()


def _mastery(args: argparse.Namespace) -> int:
    from .library import index_library
    from .outputs import write_atomic
    from .reports.mastery import mastery_outputs
    from .reports.results import load_results_schema, read_results, summarise_results

    if not _is_repository(args.root, "mastery") or not _threshold(args, "mastery"):
        return 2
    repository = _load_valid(args.root)
    if repository is None:
        return 1
    library = index_library(repository)
    args.files = list(args.results)
    shared = _district(args, repository, library, "mastery")
    if shared is None:
        return 2
    report, directory, filters = shared
    show = (lambda message: print(f"  {message}", file=sys.stderr, flush=True)) if not args.quiet else None
    data = read_results(args.results, library, load_results_schema(repository.layout.schema), root=args.root, progress=show, filters=filters, directory=directory, report=report)
    if not _report_problems(report, args, "mastery", "summary"):
        return 1
    note = "SYNTHETIC data" if args.synthetic else ""
    mastery = summarise_results(data, library, threshold=args.threshold, weak_below=args.weak_below, caption=caption(filters.describe(), note), synthetic=args.synthetic)
    outputs = mastery_outputs(mastery, library, args.min_status)
    if args.out:
        for name, text in outputs.items():
            write_atomic(args.out / name, text)
            print(f"wrote {args.out / name}")
    elif args.format == "json":
        sys.stdout.write(outputs["mastery-summary.json"])
    elif args.format == "csv":
        sys.stdout.write(outputs[f"mastery-{args.table}.csv"])
    else:
        sys.stdout.write(outputs["mastery.md"])
    return 0


def _audit(args: argparse.Namespace) -> int:
    from .audit import audit_site

    if not args.site.is_dir():
        print(f"mathhub audit: {args.site} is not a folder; build the site first (make site)", file=sys.stderr)
        return 2
    report = audit_site(args.site, site_url=args.site_url)
    sys.stdout.write(REPORTERS[args.format](report.problems, report.summary()))
    return 1 if report.problems else 0


def _export(args: argparse.Namespace) -> int:
    from .library import index_library
    from .outputs import write_atomic
    from .site.downloads import FOLDER, Downloads
    from .site.pages import SitePlan

    repository = _load_valid(args.root)
    if repository is None:
        return 1
    plan = SitePlan(index_library(repository), repository.schemas, args.site_url)
    archives = Downloads(plan, repository).build_all()
    errors = sorted(set(p for p in plan.problems if p.severity == "error"))
    if errors:
        sys.stderr.write(render_text(errors, repository.summary()))
        return 1
    for path, data in archives.items():
        write_atomic(args.out / path.removeprefix(FOLDER + "/"), data)
    print(f"Wrote {len(archives)} files to {args.out}: each lesson as <id>.zip and <id>.imscc (IMS Common Cartridge 1.1), each grade as grade-<grade>.imscc.")
    return 0


def _new_cartridge(args: argparse.Namespace) -> int:
    try:
        folder = new_cartridge(args.root / "content", _catalogue(args.root), title=args.title, grades=args.grade, standards=args.standard, slug=args.id, author=args.author, schema_url=_schema_id(args.root, "cartridge"))
    except ScaffoldError as error:
        print(f"new cartridge: {error}", file=sys.stderr)
        return 1 if "already exists" in str(error) else 2
    print(f"Created {folder}/index.md. Replace every TODO (a draft may keep them: they are warnings), then check the lesson: mathhub validate {folder}")
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
    parser.add_argument("--grade", action="append", required=True, help=f"a grade ({', '.join(VOCABULARY.grades.values)}); repeat for several")
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

    audit = commands.add_parser(
        "audit", help="check a built site for anything unsafe",
        description="The output audit that ends every build, on a built site: event handlers, javascript: URLs, foreign scripts, "
        "reserved ids, resources from other sites, meta refresh, <base>, unknown templates, unsafe SVG. Exit 0 clean, 1 problems, 2 usage.",
    )
    audit.add_argument("site", type=Path, help="the built site folder (e.g. site/)")
    audit.add_argument("--format", choices=sorted(REPORTERS), default="text", help="text (default), json, or github annotations")
    audit.add_argument("--site-url", default="", help="the site's own address, whose absolute URLs count as the site's")
    audit.set_defaults(run=_audit)

    export = commands.add_parser(
        "export", help="write every lesson as a zip and a Common Cartridge",
        description="Write every lesson as <id>.zip and <id>.imscc (IMS Common Cartridge 1.1: the same package, for people and for an LMS) "
        "and every grade as grade-<grade>.imscc, the files `make site` publishes under downloads/. Exit 0 written, 1 content problems.",
    )
    export.add_argument("--out", type=Path, required=True, help="the folder to write to (created if missing)")
    export.add_argument("--site-url", default="", help="the hosted site's address: links to its other pages point there (default: they become plain text)")
    _root_argument(export)
    export.set_defaults(run=_export)

    cartridge = commands.add_parser("new-cartridge", help="create a skeleton cartridge", description="Create a valid skeleton cartridge; never overwrites.")
    _scaffold_arguments(cartridge, standard_required=True)
    cartridge.set_defaults(run=_new_cartridge)

    rubric = commands.add_parser("new-rubric", help="create a skeleton rubric", description="Create a valid skeleton rubric; never overwrites.")
    _scaffold_arguments(rubric, standard_required=False)
    rubric.add_argument("--kind", default="analytic", choices=list(VOCABULARY.rubric_kinds.values))
    rubric.set_defaults(run=_new_rubric)

    coverage = commands.add_parser("coverage", help="standards coverage and gaps", description="How the library covers the standards: per standard, per cluster/domain/grade, the gap list and the missing prerequisites that block the most.")
    coverage.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown", help="output on stdout (default: markdown); with --compare: markdown or json")
    coverage.add_argument("--table", choices=["standards", "rollups", "gaps", "blocking"], default="standards", help="which table --format csv prints (default: standards)")
    coverage.add_argument("--min-status", choices=list(VOCABULARY.statuses.values), default=DEFAULT_MIN_STATUS, help=f"lowest review status that counts (default: {DEFAULT_MIN_STATUS})")
    coverage.add_argument("--out", type=Path, help="write every output (CSV, JSON, Markdown, SVG heat map; with --compare: coverage-change.md and .json) into this folder")
    coverage.add_argument("--fail-under", type=_percent, metavar="PCT", help="exit 1 when the --metric figure is below PCT percent (0 to 100)")
    coverage.add_argument("--metric", choices=["addressed", "assessed", "major"], default="addressed", help="figure for --fail-under: standards addressed by a lesson, standards assessed by a rubric, or K-8 major-cluster standards addressed")
    coverage.add_argument("--compare", metavar="GIT_REF", help="what the working tree changes relative to a git revision, as a pull-request comment (Markdown, or JSON with --format json)")
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


    usage = commands.add_parser("usage", help="summarise usage logs", description="Summarise district usage logs (CSV, see schema/usage-log.schema.json): per lesson, school, grade, term, standard and month; lessons never used and off-grade; the district plan.")
    usage.add_argument("logs", type=Path, nargs="+", help="one or more usage log CSV files")
    usage.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown", help="output on stdout (default: markdown)")
    usage.add_argument("--table", choices=["cartridges", "schools", "grades", "terms", "months", "standards", "statuses", "never-used", "off-grade", "plan", "off-plan", "grouped"], default="cartridges", help="which table --format csv prints")
    usage.add_argument("--out", type=Path, help="write every output (CSV tables, JSON, Markdown, SVG charts) into this folder")
    usage.add_argument("--group-by", action="append", metavar="DIMENSIONS", help="add a table grouped by these, comma-separated: school, grade, term, month, cartridge, standard, section")
    usage.add_argument("--plan", type=Path, help="the district plan (CSV, see schema/district-plan.schema.json): planned vs taught, off-plan")
    _district_arguments(usage)
    _root_argument(usage)
    usage.set_defaults(run=_usage)

    mastery = commands.add_parser("mastery", help="summarise assessment results", description="Mastery from class-level assessment results (CSV, see schema/assessment-results.schema.json): share meeting each standard by cluster, domain, school, grade and term; heat maps; weak cells and the lessons that close the gap.")
    mastery.add_argument("results", type=Path, nargs="+", help="one or more results CSV files")
    mastery.add_argument("--format", choices=["markdown", "csv", "json"], default="markdown", help="output on stdout (default: markdown)")
    mastery.add_argument("--table", choices=["cells", "weak", "trend"], default="weak", help="which table --format csv prints (default: weak)")
    mastery.add_argument("--out", type=Path, help="write every output (JSON summary, CSV tables, Markdown, SVG heat maps) into this folder")
    mastery.add_argument("--weak-below", type=_share, default=0.5, metavar="SHARE", help="a cell is weak below this share meeting (default: 0.5)")
    mastery.add_argument("--min-status", choices=list(VOCABULARY.statuses.values), default=DEFAULT_MIN_STATUS, help=f"lowest review status of the lessons suggested (default: {DEFAULT_MIN_STATUS})")
    _district_arguments(mastery)
    _root_argument(mastery)
    mastery.set_defaults(run=_mastery)
    return parser


def _district_arguments(parser: argparse.ArgumentParser) -> None:
    """Filters, school codes, privacy and error options shared by usage and mastery."""
    parser.add_argument("--school", action="append", metavar="SCHOOL", help="only this school (a name as the files write it, or its code from --schools); repeat for several")
    parser.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD", help="only rows dated on or after this day")
    parser.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD", help="only rows dated on or before this day")
    parser.add_argument("--term", action="append", metavar="TERM", help="only this term (as the term column writes it, or the derived '2025-26 S1'); repeat for several")
    parser.add_argument("--grade", action="append", metavar="GRADE", help="only this grade (K, 1-12, HS); repeat for several")
    parser.add_argument("--schools", type=Path, metavar="CSV", help="school codes and public labels (see schema/school-codes.schema.json); without it, schools get opaque codes")
    parser.add_argument("--threshold", type=int, default=5, help="figures about fewer students than this are suppressed (default and minimum: 5)")
    parser.add_argument("--allow-small-threshold", action="store_true", help="allow a --threshold below 5 (down to 3), for internal use only")
    parser.add_argument("--skip-bad-rows", action="store_true", help="report bad rows and leave them out instead of stopping")
    parser.add_argument("--errors", choices=sorted(REPORTERS), default="text", help="how problems are reported on stderr")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--synthetic", action="store_true", help="label every output as SYNTHETIC data (for samples and demonstrations)")


def _iso_date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`mathhub coverage | head`): say nothing more, and keep Python
        # from reporting the failed flush of stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


def validate_main() -> int:
    return main(["validate", *sys.argv[1:]])


def new_cartridge_main() -> int:
    return main(["new-cartridge", *sys.argv[1:]])


def new_rubric_main() -> int:
    return main(["new-rubric", *sys.argv[1:]])


def audit_main() -> int:
    return main(["audit", *sys.argv[1:]])


def usage_main() -> int:
    return main(["usage", *sys.argv[1:]])


def coverage_main() -> int:
    return main(["coverage", *sys.argv[1:]])


def import_case_main() -> int:
    return main(["import-case", *sys.argv[1:]])


def mastery_main() -> int:
    return main(["mastery", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
