"""The ``mathhub`` MkDocs plugin: it only routes MkDocs events to the content model and the site plan."""

from __future__ import annotations

import html
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..library import index_library
from ..mastery import Mastery, mastery_from_json
from ..paths import ATTACHMENT_TYPES, inside
from ..privacy import PRIVACY_FLOOR
from ..problems import REMOVABLE, Problem, render_text
from ..repository import Repository, load_repository
from .config import MathHubConfig
from .pages import SitePlan
from .problem_pages import ProblemPages

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

    # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.repository is not None:
            server.watch(str(self.repository.layout.schema))
            if self.repository.layout.frameworks.is_dir():
                server.watch(str(self.repository.layout.frameworks))  # a re-imported framework shows at once
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
        root = Path(config.config_file_path).parent
        schema = Path(self.config.schema_dir) if self.config.schema_dir else root / "schema"
        started = time.perf_counter()
        repository = load_repository(root, content=Path(config.docs_dir), schema=schema)
        errors = [p for p in repository.problems if p.severity == "error"]
        if self.config.disallowed_html == "warn":
            for problem in [p for p in errors if p.rule in REMOVABLE]:
                log.warning("removed from the page: " + problem.format())
            errors = [p for p in errors if p.rule not in REMOVABLE]
        for problem in repository.problems:
            if problem.severity == "warning":
                log.info(problem.format())
        if errors:
            self.fail(errors, repository.summary())
        # In serve, what the preview leaves out gets a page at its own URL that says why (fail() has returned).
        self.problem_pages = ProblemPages(repository.layout, errors) if self.serving and errors else None
        self.repository = repository
        usage = _load_usage(Path(self.config.usage)) if self.config.usage else None
        mastery = _load_mastery(Path(self.config.mastery), repository) if self.config.mastery else None
        self.plan = SitePlan(index_library(repository), repository.schemas, config.site_url or "", self.config.recent, usage, mastery)
        log.info(f"mathhub: {len(repository.cartridges)} cartridges and {len(repository.rubrics)} rubrics loaded and checked; {len(self.plan.pages)} pages planned ({time.perf_counter() - started:.1f} s)")
        if "pymdownx.arithmatex" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.arithmatex")
        config.mdx_configs["pymdownx.arithmatex"] = {**config.mdx_configs.get("pymdownx.arithmatex", {}), "generic": True}
        config.theme.dirs.insert(0, str(THEME))
        framework, others = repository.catalogue.default, list(repository.catalogue.frameworks.values())[1:]
        config.extra["mathhub_notice"] = " ".join([framework.notice, *framework.credits, *(other.notice for other in others)])  # the footer's attribution
        config.extra_css.append("assets/mathhub/mathhub.css")
        config.extra_css.append("assets/mathhub/charts.css")
        config.extra_javascript.append("assets/mathhub/mathhub.js")
        return config

    # Replace the raw content files with generated pages: MkDocs never parses content YAML itself.
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.plan is None:
            return files
        unsafe = self._unsafe_files()
        for file in list(files):
            if _unpublished(file, Path(config.docs_dir)) or file.src_uri in unsafe:
                files.remove(file)
        for planned in self.plan.pages.values():
            existing = files.get_file_from_path(planned.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if planned.src_uri in NAV_PAGES else InclusionLevel.NOT_IN_NAV
            generated = File.generated(config, planned.src_uri, content=planned.markdown, inclusion=inclusion)
            if planned.source:
                generated.edit_uri = _edit_uri(config, planned.source)
            files.append(generated)
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/mathhub/{asset.name}", abs_src_path=str(asset)))
        for src_uri, content in self.plan.data_files().items():
            files.append(File.generated(config, src_uri, content=content))
        for schema in sorted(self.repository.layout.schema.glob("*.schema.json")) if self.repository else []:
            files.append(File.generated(config, f"schema/{schema.name}", abs_src_path=str(schema)))  # where each schema's $id points
        if self.problem_pages:
            self.problem_pages.add_files(files, config)
        return files

    def _unsafe_files(self) -> set[str]:
        """Files the sanitiser cannot clean (an SVG is served as a document of its own): never published."""
        if self.repository is None:
            return set()
        layout = self.repository.layout
        docs = layout.relative(layout.content) + "/"
        return {p.path[len(docs):] for p in self.repository.problems if p.rule in REMOVABLE and not p.path.endswith(".md") and p.path.startswith(docs)}

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.problem_pages and self.problem_pages.claim(page):
            return ""
        planned = self.plan.pages.get(page.file.src_uri) if self.plan else None
        if planned is not None:
            # Titles are given to the theme pre-escaped: material prints page titles without escaping.
            page.meta["title"] = html.escape(planned.title)
            if planned.description:
                page.meta["description"] = html.escape(planned.description)
            if not planned.searchable:
                page.meta["search"] = {"exclude": True}
        return markdown

    # After Markdown: sanitise what contributors wrote, then add the trusted generated parts.
    @event_priority(-50)  # after other plugins, so nothing runs on our output but the theme
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.plan is None:
            return html
        if self.problem_pages and (problems := self.problem_pages.content(page)) is not None:
            return problems
        planned = self.plan.pages.get(page.file.src_uri)
        if planned is not None:
            return self.plan.render(planned, page.url, html)
        if page.is_homepage:
            return self.plan.home(page.url, html)
        return self.plan.content_html(html, None)

    # Two fixes to the stock theme's markup, so every page is valid HTML (Nu checker) and accessible.
    @event_priority(-50)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        return _valid_theme_markup(output)

    # Every page is rendered by now: stop if any mathematics failed to convert.
    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.plan is not None and self.plan.math_errors:
            self.fail(self._math_problems(), self.repository.summary() if self.repository else "")
        return env

    def _math_problems(self) -> list[Problem]:
        assert self.plan is not None and self.repository is not None
        problems = []
        for source, error in self.plan.math_errors:
            path = source or "content"
            line = 0
            document = self.repository.documents.get(path)
            if document is not None:
                text = document.body.split("\n")
                line = next((document.body_line + i for i, row in enumerate(text) if error.tex.strip() in row), document.body_line)
            problems.append(Problem(path, line, 0, "", f"the LaTeX '{error.tex}' cannot be rendered: {error.message}", "Check the braces and command names; see the contributor guide for the supported LaTeX."))
        return sorted(set(problems))


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


def _unpublished(file: File, docs_dir: Path) -> bool:
    """Content Markdown is replaced by generated pages; only allowed attachment types are copied as files,
    and nothing whose real path is outside the docs folder (a symlink) is ever copied."""
    from_docs = file.src_dir is not None and Path(file.src_dir).resolve() == docs_dir.resolve()
    if from_docs and file.abs_src_path and not inside(Path(file.abs_src_path), docs_dir):
        return True  # theme and plugin assets live elsewhere on purpose; content files must not
    parts = file.src_uri.split("/")
    if parts[0] == "cartridges":
        return len(parts) < 3 or file.src_uri.endswith(".md") or Path(file.src_uri).suffix.lower() not in ATTACHMENT_TYPES
    if parts[0] == "rubrics":
        return True
    return False


def _edit_uri(config: MkDocsConfig, source: str) -> str | None:
    """Edit links point at the file the contributor wrote (``content/cartridges/x/index.md``).

    MkDocs joins ``repo_url``, ``edit_uri`` and this path, so the path is relative to the docs folder.
    """
    if not config.edit_uri and not config.edit_uri_template:
        return None
    docs = Path(config.docs_dir).name + "/"
    return source[len(docs):] if source.startswith(docs) else source
