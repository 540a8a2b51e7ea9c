"""The ``mathhub`` MkDocs plugin: it only routes MkDocs events to the content model and the site plan.

MkDocs never parses contributed text: every page it reads is an empty generated file, and the
page's body, title, description, search settings and table of contents are set here from the
plan (``markup.render_markdown`` renders the Markdown). Only the files the repository lists as
published reach the site, and the output audit (``audit``) checks everything written, last.
"""

from __future__ import annotations

import gc
import html
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..audit import audit_site
from ..background_audit import BackgroundAudit
from ..library import index_library
from ..mastery import Mastery, mastery_from_json
from ..outputs import write_atomic
from ..privacy import PRIVACY_FLOOR
from ..problems import REMOVABLE, Problem, render_text
from ..repository import Repository, load_repository
from ..scope import Scope
from ..search_terms import BROWSER_RULES, Synonyms, load_synonyms
from ..standards import GRADES, Catalogue
from .config import MathHubConfig
from .downloads import FOLDER, Downloads
from .pages import LESSON_KINDS, SitePlan
from .preview import Preview
from .problem_pages import ProblemPages
from .render import TEMPLATES
from .search_index import CODE_TOKEN, KIND_TOKEN, SEARCH_DIR, SearchRecord, write_search_index
from .urls import Urls

__all__ = ["MathHubPlugin"]

log = logging.getLogger("mkdocs.plugins.mathhub")
ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"
NAV_PAGES = {
    "index.md", "find/index.md", "standards/index.md", "grades/index.md", "rubrics/index.md", "contribute/index.md",
    "coverage/index.md", "usage/index.md", "mastery/index.md",  # the Data section
}


class MathHubPlugin(BasePlugin[MathHubConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.repository: Repository | None = None
        self.plan: SitePlan | None = None
        self.serving = False
        self.problem_pages: ProblemPages | None = None
        self.downloads: Downloads | None = None
        self.preview: Preview | None = None
        self._stale: list[str] = []
        self.synonyms: Synonyms | None = None
        self._indexed: tuple[Path, list[SearchRecord]] | None = None
        """The site folder whose search index was written last, and the records it indexes."""
        self.background: BackgroundAudit | None = None
        """A cold build audits each page on a second core once it is written (``mkdocs serve`` audits as before)."""
        self._unaudited: list[str] = []
        """The page returned last: written by MkDocs after ``on_post_page``, so handed to the audit at the next event."""

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.preview = Preview(roots=self._inputs, load=self._load, plan=self._plan, install=self._install, extra_files=self._quick_files)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.repository is not None:
            server.watch(str(self.repository.layout.schema))
            if self.repository.layout.frameworks.is_dir():
                server.watch(str(self.repository.layout.frameworks))  # a re-imported framework shows at once
        if self.preview is not None:
            server.builder = self.preview.builder(server.builder)  # a saved lesson re-renders its own pages (preview.py)
        return server

    def fail(self, problems: list[Problem], summary: str) -> None:
        """Stop a build; in `mkdocs serve`, print the report and keep previewing what is valid."""
        report = render_text(problems, summary)
        if self.serving:
            print("\nMath Hub content has problems; the preview leaves those files out until they are fixed.\n\n" + report, file=sys.stderr, flush=True)
            return
        raise PluginError("Math Hub content has problems; nothing was built.\n\n" + report)

    # Load and check the whole library once, before MkDocs reads any page.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if not config.use_directory_urls:
            raise PluginError("mathhub: the plugin needs 'use_directory_urls: true' in mkdocs.yml")
        if self.preview is not None:
            self.preview.starting(config)
        started = time.perf_counter()
        repository, _ = self._load(config)
        errors = [p for p in repository.problems if p.severity == "error"]
        if self.config.disallowed_html == "warn":
            # Reported at INFO: MkDocs' strict mode turns every WARNING into a failed build, and 'warn' means "build anyway".
            for problem in [p for p in errors if p.rule in REMOVABLE]:
                log.info("removed from the site: " + problem.format())
            errors = [p for p in errors if p.rule not in REMOVABLE]
        for problem in repository.problems:
            if problem.severity == "warning":
                log.info(problem.format())
        if errors:
            self.fail(errors, repository.summary())
        # In serve, what the preview leaves out gets a page at its own URL that says why (fail() has returned).
        self.problem_pages = ProblemPages(repository.layout, errors) if self.serving and errors else None
        self.repository = repository
        self.plan = self._plan(repository, config)
        self._attach_downloads(self.plan, repository)
        log.info(f"mathhub: {len(repository.cartridges)} cartridges and {len(repository.rubrics)} rubrics loaded and checked; {len(self.plan.pages)} pages planned ({time.perf_counter() - started:.1f} s)")
        self.synonyms, synonym_problems = load_synonyms()
        if synonym_problems:
            self.fail(synonym_problems, "the search synonyms (plugins/mathhub/synonyms.txt) have problems")
        config.extra["mathhub_search"] = {"index": SEARCH_DIR + "/pagefind.js", "rules": {**BROWSER_RULES, "kindToken": KIND_TOKEN, "codeToken": CODE_TOKEN}}  # the header box
        config.theme.dirs.insert(0, str(THEME))
        framework, others = repository.catalogue.default, list(repository.catalogue.frameworks.values())[1:]
        config.extra["mathhub_notice"] = " ".join([framework.notice, *framework.credits, *(other.notice for other in others)])  # the footer's attribution
        config.extra_css.append("assets/mathhub/mathhub.css")
        config.extra_css.append("assets/mathhub/charts.css")
        config.extra_javascript.append("assets/mathhub/mathhub.js")
        config.extra_javascript.append("assets/mathhub/search.js")
        if self.config.audit and not self.serving and (os.cpu_count() or 1) > 1:
            self.background = BackgroundAudit([str(s) for s in config.extra_javascript], config.site_url or "", Path(config.site_dir))
            if self.downloads is not None:
                self.downloads.made = lambda paths, data: self._archive_made(Path(config.site_dir), paths, data)
        if not self.serving:
            # The library and plan live until the build ends: the collector need not walk them on every full pass
            # (7.7 s of a 1,000-lesson build was collection). Not in serve, whose rebuilds replace them.
            gc.freeze()
        return config

    def _archive_made(self, site: Path, paths: tuple[str, ...], data: bytes) -> None:
        """A download is written as soon as it is made, so the background audit checks it while pages are rendered."""
        for path in paths:
            write_atomic(site / path, data)
        if self.background is not None:
            self.background.written(*paths)

    def _load(self, config: MkDocsConfig, scope: Scope | None = None, catalogue: Catalogue | None = None) -> tuple[Repository, bool]:
        """The library (or a scope of it), loaded and checked; and whether it has errors (any problem of severity 'error')."""
        root = Path(config.config_file_path).parent
        schema = Path(self.config.schema_dir) if self.config.schema_dir else root / "schema"
        repository = load_repository(root, content=Path(config.docs_dir), schema=schema, scope=scope, catalogue=catalogue)
        return repository, any(p.severity == "error" for p in repository.problems)

    def _plan(self, repository: Repository, config: MkDocsConfig) -> SitePlan:
        usage = _load_usage(Path(self.config.usage)) if self.config.usage else None
        mastery = _load_mastery(Path(self.config.mastery), repository) if self.config.mastery else None
        return SitePlan(index_library(repository), repository.schemas, config.site_url or "", self.config.recent, usage, mastery)

    def _attach_downloads(self, plan: SitePlan, repository: Repository) -> None:
        self.downloads = Downloads(plan, repository) if self.config.downloads else None
        if self.downloads is not None:
            plan.download, plan.grade_download = self.downloads.lesson, self.downloads.grade  # built when a page links them

    def _install(self, repository: Repository, plan: SitePlan, saved: set[str]) -> set[str]:
        """The quick path's new repository and plan. A saved lesson's downloads and its grades' cartridges (the grades
        before and after the save) are packaged again (the others are kept); its grades' pages show those cartridges'
        sizes, so they are rendered again too."""
        old, before = self.downloads, self.repository
        self.repository, self.plan = repository, plan
        self._attach_downloads(plan, repository)
        self._stale = []
        if self.downloads is None or old is None:
            return set()
        lessons = {c.id for c in repository.cartridges.values() if c.source in saved}
        if any(r.source in saved for r in repository.rubrics.values()):
            lessons |= {c.id for c in repository.cartridges.values() if set(c.rubrics) & {r.id for r in repository.rubrics.values() if r.source in saved}}
            self.downloads._rubrics = {}  # a rubric's page is packaged with every lesson that uses it
        else:
            self.downloads._rubrics = dict(old._rubrics)
        earlier = before.cartridges if before is not None else {}
        grades = sorted({g for cid in lessons for g in repository.cartridges[cid].grades} | {g for cid in lessons if cid in earlier for g in earlier[cid].grades})
        self._stale = [f"{FOLDER}/{cid}.{kind}" for cid in sorted(lessons) for kind in ("zip", "imscc")] + [f"{FOLDER}/grade-{g.lower()}.imscc" for g in grades]
        self.downloads.packages = {cid: package for cid, package in old.packages.items() if cid not in lessons}
        self.downloads.archives = {path: data for path, data in old.archives.items() if path not in self._stale}
        self.downloads.sizes = {path: size for path, size in old.sizes.items() if path not in self._stale}
        pages = {Urls.grade_src(g) for g in grades}
        return pages | {uri for uri, p in plan.pages.items() if p.kind in LESSON_KINDS and p.key in lessons}

    def _quick_files(self, site: Path) -> dict[str, str]:
        """What the quick path writes besides the re-rendered pages: the stale downloads, then the search index if
        its records changed. The records come from front matter only, so Pagefind (which indexes the whole site at
        once: 0.5 s for the real library, seconds at 1,000 lessons) runs after a front-matter save and is skipped
        after a body save; the comparison keeps that true if records ever take text from a body."""
        written = self._write_stale_downloads(site)
        self._write_search_index(site)
        return written

    def _write_stale_downloads(self, site: Path) -> dict[str, str]:
        """The downloads ``_install`` found stale, packaged again and written: site path -> the lesson it was made from."""
        if self.downloads is None or self.plan is None:
            return {}
        library = self.plan.library
        grades = {g.lower(): g for g in GRADES}
        for path in self._stale:
            name = path.removeprefix(f"{FOLDER}/")
            if name.startswith("grade-"):
                self.downloads.grade(grades[name.removeprefix("grade-").removesuffix(".imscc")])
            else:
                self.downloads.lesson(library.cartridges[name.rsplit(".", 1)[0]])
        written = {}
        for path in self._stale:
            if path in self.downloads.archives:
                write_atomic(site / path, self.downloads.archives[path])
                written[path] = ""
            else:
                (site / path).unlink(missing_ok=True)  # a grade left without lessons has no cartridge
        return written

    def _inputs(self, config: MkDocsConfig) -> list[Path]:
        """Every file a build reads (what ``mkdocs serve`` compares after a save): content, schema, frameworks,
        mkdocs.yml, the usage and mastery summaries, Math Hub's templates, theme overrides and assets."""
        root = Path(config.config_file_path).parent
        schema = Path(self.config.schema_dir) if self.config.schema_dir else root / "schema"
        summaries = [Path(path) for path in (self.config.usage, self.config.mastery) if path]
        return [Path(config.docs_dir), schema, root / "frameworks", Path(config.config_file_path), *summaries, TEMPLATES, THEME, ASSETS]

    # Only what the plan and the repository name is published: every page is generated (empty: MkDocs never
    # parses contributed text), every other file under content/ is dropped unless the repository lists it.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.plan is None or self.repository is None:
            return files
        published = self.repository.published
        docs_dir = Path(config.docs_dir).resolve()
        for file in list(files):
            from_content = file.src_dir is not None and Path(file.src_dir).resolve() == docs_dir
            if from_content and (file.src_uri not in published or published[file.src_uri].content is not None):
                files.remove(file)  # theme files and other plugins' files stay; content is published only by name
        for src_uri, item in sorted(published.items()):
            if item.content is not None:  # an SVG rebuilt from the allowlist, never the contributor's bytes
                files.append(File.generated(config, src_uri, content=item.content))
        for planned in self.plan.pages.values():
            inclusion = InclusionLevel.INCLUDED if planned.src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, planned.src_uri, content="", inclusion=inclusion)
            if planned.source:
                generated.edit_uri = _edit_uri(config, planned.source)
            files.append(generated)
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/mathhub/{asset.name}", abs_src_path=str(asset)))
        data_files = self.plan.data_files()
        for src_uri, content in data_files.items():
            files.append(File.generated(config, src_uri, content=content))
        if self.preview is not None:
            self.preview.collect(data_files=data_files)  # what a front-matter save compares its data files with
        for schema in sorted(self.repository.layout.schema.glob("*.schema.json")) if self.repository else []:
            files.append(File.generated(config, f"schema/{schema.name}", abs_src_path=str(schema)))  # where each schema's $id points
        if self.problem_pages:
            self.problem_pages.add_files(files, config)
        return files

    # Metadata comes from the plan only (titles pre-escaped: material prints page titles without escaping).
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.problem_pages and self.problem_pages.claim(page):
            return ""
        planned = self.plan.pages.get(page.file.src_uri) if self.plan else None
        if planned is None:
            return markdown
        page.meta = {} if planned.kind in ("home", "page") else {"title": html.escape(planned.title)}  # own pages: the nav's title
        if planned.description:
            page.meta["description"] = html.escape(planned.description)
        if not planned.searchable:
            page.meta["search"] = {"exclude": True}
        if page.parent is None:  # outside a nav section the left sidebar would be empty (phones keep the drawer)
            page.meta["hide"] = ["navigation"]
        return ""

    # The page's body: the contributed Markdown rendered by Math Hub, with the trusted generated parts around it.
    @event_priority(-50)  # after other plugins, so nothing runs on our output but the theme
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.plan is None:
            return html
        if self.problem_pages and (problems := self.problem_pages.content(page)) is not None:
            return problems
        planned = self.plan.pages.get(page.file.src_uri)
        if planned is None:
            return ""  # on_files publishes no other page; anything else gets no content
        output, body = self.plan.render(planned, page.url)
        if self.preview is not None:
            self.preview.rendered(page.file.src_uri, output)
        tokens = self.plan.toc(planned)  # a lesson's guide lists its activities; other pages, their contributed headings
        page.toc = get_toc(tokens if tokens is not None else (body.toc_tokens() if body else []))  # type: ignore[arg-type]
        return output

    # Two fixes to the stock theme's markup, so every page is valid HTML (Nu checker) and accessible.
    @event_priority(-50)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if self.plan is not None and page.file.src_uri in self.plan.pages:
            page.content = None  # in the output now; MkDocs would hold every page's body until the build ends
        if self.background is not None:
            self.background.written(*self._unaudited)  # MkDocs wrote the page before this one when it returned it
            self._unaudited = [page.file.dest_uri]
        return _valid_theme_markup(output)

    def on_build_error(self, *, error: Exception) -> None:
        if self.background is not None:
            self.background.close()
            self.background = None
        gc.unfreeze()

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.preview is not None:
            self.preview.collect(nav=nav)
        return nav

    # Every page is rendered by now: stop if any mathematics failed to convert or a '$' printed as text.
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.preview is not None:
            self.preview.collect(env=env, files=files)
        if self.plan is not None and self.plan.problems:
            self.fail(sorted(set(self.plan.problems)), self.repository.summary() if self.repository else "")
        return env

    # The search index (Pagefind, from the content model), then the last gate: parse every HTML and SVG file
    # written and refuse the build on anything unsafe.
    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.downloads is not None:
            self.downloads.write(Path(config.site_dir))  # before the audit, which reads what is published
        if self.plan is None:
            return
        self._write_search_index(Path(config.site_dir))
        if self.config.audit:
            self._audit(config)
        if self.preview is not None and self.repository is not None:
            self.preview.finished(self.repository, self.plan, clean=self.problem_pages is None)
        gc.unfreeze()  # a process that builds again may collect this build's objects

    def _write_search_index(self, site: Path) -> None:
        """Pagefind's index of the plan's records, unless this site folder already holds the index of equal records."""
        assert self.plan is not None
        records = self.plan.search_records(self.synonyms or Synonyms(()))
        if self._indexed == (site, records) and (site / SEARCH_DIR).is_dir():
            return
        write_search_index(site, records)
        self._indexed = (site, records)

    def _audit(self, config: MkDocsConfig) -> None:
        assert self.plan is not None
        sources = {_page_path(uri): planned.source for uri, planned in self.plan.pages.items() if planned.source}
        if self.repository is not None:
            sources.update({uri: item.source for uri, item in self.repository.published.items()})
        scripts = [str(script) for script in config.extra_javascript]
        audited: dict[str, list[str]] = {}
        if self.background is not None:
            self.background.written(*self._unaudited)
            audited, self.background, self._unaudited = self.background.results(Path(config.site_dir)), None, []
        report = audit_site(Path(config.site_dir), sources=sources, scripts=scripts, site_url=config.site_url or "", audited=audited)
        log.info("mathhub: " + report.summary())
        if report.problems:
            raise PluginError("Math Hub's output audit found unsafe output; the site must not be published.\n\n" + render_text(report.problems, report.summary()))


def _page_path(src_uri: str) -> str:
    """Where MkDocs writes the page of ``src_uri`` (directory URLs): ``a/b.md`` -> ``a/b/index.html``."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def _load_usage(path: Path) -> dict[str, Any]:
    """An aggregated usage summary (``mathhub usage --out``): refuse anything else, so no row-level log reaches the site."""
    refusal = f"mathhub: {path} is not a usage summary; point 'usage' at the usage-summary.json written by 'mathhub usage LOG.csv --out DIR', never at a raw log"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PluginError(f"mathhub: cannot read the usage summary {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PluginError(refusal) from error
    if not isinstance(data, dict) or data.get("kind") != "mathhub-usage-summary":
        raise PluginError(refusal)
    if not isinstance(data.get("threshold"), int) or data["threshold"] < PRIVACY_FLOOR:
        raise PluginError(f"mathhub: the usage summary {path} was made with a threshold below {PRIVACY_FLOOR}; the site publishes only summaries suppressed at {PRIVACY_FLOOR} or more")
    for table in ("cartridges", "schools", "months", "never-used", "off-grade"):
        if not isinstance(data.get(table), list):
            raise PluginError(f"mathhub: the usage summary {path} has no '{table}' table; write it again with 'mathhub usage --out'")
    if not isinstance(data.get("figures"), dict) or not isinstance(data.get("caption", {}), dict):
        raise PluginError(refusal)
    return data


def _load_mastery(path: Path, repository: Repository) -> Mastery:
    """An aggregated mastery summary (``mathhub mastery --out``), checked: no cell below the threshold, no unknown standard."""
    try:
        mastery = mastery_from_json(path.read_text(encoding="utf-8"), repository.catalogue.default)
    except OSError as error:
        raise PluginError(f"mathhub: cannot read the mastery summary {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PluginError(f"mathhub: {path} is not a mastery summary ({error}); point 'mastery' at the mastery-summary.json written by 'mathhub mastery RESULTS.csv --out DIR'") from error
    if mastery.threshold < PRIVACY_FLOOR:
        raise PluginError(f"mathhub: the mastery summary {path} was made with a threshold below {PRIVACY_FLOOR}; the site publishes only summaries suppressed at {PRIVACY_FLOOR} or more")
    return mastery


_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_ORPHAN_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)


def _valid_theme_markup(output: str) -> str:
    """``autocomplete`` is not allowed on checkboxes; a TOC label needs its toggle, which pages outside the nav lack;
    the label of a nav section (the Data section) gets an empty ``tabindex``, which is not a number."""
    output = _TOGGLE_AUTOCOMPLETE.sub(r"\1", output).replace(' tabindex=""', "")
    if 'id="__toc"' not in output:
        output = _ORPHAN_TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', output)
    return output


def _edit_uri(config: MkDocsConfig, source: str) -> str | None:
    """Edit links point at the file the contributor wrote (``content/cartridges/x/index.md``).

    MkDocs joins ``repo_url``, ``edit_uri`` and this path, so the path is relative to the docs folder.
    """
    if not config.edit_uri and not config.edit_uri_template:
        return None
    docs = Path(config.docs_dir).name + "/"
    return source[len(docs):] if source.startswith(docs) else source
