"""``mkdocs serve``: saving a lesson re-renders that lesson's pages and the pages that show it, not the whole site.

MkDocs rebuilds every page on every save (at 1,000 lessons, over a minute). Math Hub knows what a
page is made of: a lesson's guide, handout, answer key and practice sheet are built from its
``index.md`` (and the titles of the lessons and rubrics it names), a rubric's page from its ``.md``
and the lessons it assesses, a hand-written page from itself. Every other page (standards, grades,
indexes, data) shows only what the front matter says, through the model's records. So after a save
the library is loaded and planned again, and:

- when only the *bodies* of the saved files changed (every record with its body set aside is equal,
  the same pages are planned with the same titles, nothing has an error; the data files, such as
  ``lessons.js`` and the coverage tables, are made from those records alone), only the pages built
  from the saved files are rendered again;
- when a lesson's *front matter* changed too, its own pages are rendered again, every other page but
  the other lessons' own is rendered by the plan and kept where its HTML differs from what the last
  build wrote (a standard's page that lists the lesson, its grade's page, the coverage page), the data
  files are compared and written where they differ, and the lesson's grades' downloads (before and after)
  are packaged again (a download holds no other lesson's front matter: a packaged rubric page leaves out
  the lessons it assesses);

through MkDocs' own page pipeline and theme, their search entries replaced in place, and the written
pages audited. Anything else (a title or summary, what a lesson adapts, a rubric's front matter, a new
or deleted file, an image, the schema, a framework, ``mkdocs.yml``, a template, a problem) rebuilds
everything, as MkDocs would. ``tests/test_preview.py`` checks that the site after a sequence of edits
equals a clean build of the final content, byte for byte.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..audit import audit_site
from ..outputs import write_atomic
from ..problems import render_text
from ..repository import Repository
from ..scope import Scope, owner
from ..standards import Catalogue
from .pages import LESSON_KINDS

if TYPE_CHECKING:
    from .pages import SitePlan

__all__ = ["Preview"]

log = logging.getLogger("mkdocs.plugins.mathhub")
Fingerprints = dict[str, str]


def fingerprint(roots: Iterable[Path]) -> Fingerprints:
    """Every file under ``roots`` (or the file itself) -> a digest of its bytes: what a build read.

    Hidden files and folders are left out: no build reads them (MkDocs and the loader skip them), and
    editors keep their swap and temporary files there while one saves.
    """
    found: Fingerprints = {}
    for root in roots:
        if root.is_file():
            found[str(root)] = hashlib.blake2b(root.read_bytes(), digest_size=16).hexdigest()
            continue
        for folder, directories, names in os.walk(root):
            directories[:] = [d for d in directories if not d.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                try:
                    found[path] = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
                except OSError:
                    found[path] = "unreadable"
    return found


def _card(record: Any) -> Any:
    """A cartridge or rubric as every page but its own shows it: the record with its body set aside."""
    return replace(record, body="", body_line=0, **({"lesson": None} if hasattr(record, "lesson") else {}))


def _digest(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()


def _edited_lessons(old: Repository, new: Repository) -> set[str]:
    """The lessons whose front matter changed. What a lesson adapts shows on another lesson's guide, which is not
    compared, so a change to it (or a lesson added or removed) needs a full build; a changed title or summary is
    caught by the outline."""
    if list(old.cartridges) != list(new.cartridges):
        raise _FullBuild("a lesson was added or removed")
    edited = {cid for cid, c in new.cartridges.items() if _card(c) != _card(old.cartridges[cid])}
    if any(new.cartridges[cid].adapted_from != old.cartridges[cid].adapted_from for cid in edited):
        raise _FullBuild("what a lesson adapts changed")
    return edited


def _outline(plan: SitePlan) -> dict[str, Any]:
    """The planned pages without their bodies: a different title or page anywhere means a full build (the nav shows titles)."""
    return {uri: replace(p, markdown="", first_line=0) for uri, p in plan.pages.items()}


class _FullBuild(Exception):
    """Only a full build is sound for this change (the message says why, in the log)."""


@dataclass
class _Built:
    """What the last complete build left: MkDocs' structures, the inputs it read, the library and plan it rendered, the data files it wrote."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    inputs: Fingerprints
    repository: Repository
    plan: SitePlan
    data_files: dict[str, str]
    """The data files it wrote (``lessons.js``, the coverage tables): site path -> text."""


@dataclass
class Preview:
    """Collects the state of each build from the plugin's events; ``rebuild`` is the serve loop's builder."""

    roots: Callable[[MkDocsConfig], list[Path]]
    """The files a build reads: docs, schema, frameworks, mkdocs.yml, Math Hub's templates."""
    load: Callable[[MkDocsConfig, Scope | None, Catalogue | None], tuple[Repository, bool]]
    """Load and check the library as ``on_config`` does (or only a scope of it, with a catalogue already loaded):
    the repository, and whether it has errors."""
    plan: Callable[[Repository, MkDocsConfig], SitePlan]
    install: Callable[[Repository, SitePlan, set[str]], set[str]]
    """Make a new repository and plan the plugin's own, for the pages rendered next; given the saved sources, it
    returns the other pages that show something made from them (a grade page shows its cartridge's size)."""
    extra_files: Callable[[Path], dict[str, str]] = lambda site: {}  # noqa: E731 - a default: pages only
    """Write the other files made from the saved sources (their downloads) into the site: site path -> source."""
    built: _Built | None = None
    _pending: dict[str, Any] = field(default_factory=dict)
    _fragments: dict[str, str] = field(default_factory=dict)
    """Each page's HTML as the plugin last rendered it (a digest): what a front-matter save compares with."""

    # -- collected from a full build's events ---------------------------------------------------------------------------
    def starting(self, config: MkDocsConfig) -> None:
        self.built = None
        self._pending = {"config": config, "inputs": fingerprint(self.roots(config))}
        self._fragments = {}

    def rendered(self, src_uri: str, html: str) -> None:
        self._fragments[src_uri] = _digest(html)

    def collect(self, **state: Any) -> None:
        self._pending.update(state)

    def finished(self, repository: Repository, plan: SitePlan, clean: bool) -> None:
        """The build wrote every page; a build with problems is never the base of an incremental one."""
        state, self._pending = self._pending, {}
        if clean and not plan.problems and {"config", "files", "nav", "env", "inputs", "data_files"} <= state.keys():
            self.built = _Built(state["config"], state["files"], state["nav"], state["env"], state["inputs"], repository, plan, state["data_files"])

    # -- the serve loop's builder ------------------------------------------------------------------------------------------
    def builder(self, full: Callable[[], None]) -> Callable[[], None]:
        def build() -> None:
            started = time.perf_counter()
            try:
                pages = self.rebuild()
            except _FullBuild as reason:
                log.info(f"mathhub: rebuilding every page ({reason})")
                self.built = None
                full()
                return
            except PluginError:
                raise  # the serve loop prints it; the next save rebuilds everything
            except Exception as error:  # noqa: BLE001 - a preview must never be left stale: MkDocs' full build is always sound
                log.info(f"mathhub: rebuilding every page (the quick rebuild stopped: {error!r})")
                self.built = None
                full()
                return
            log.info(f"mathhub: re-rendered {pages} page(s) and file(s) made from the saved file(s) in {time.perf_counter() - started:.2f} s")

        return build

    def rebuild(self) -> int:
        """Re-render the pages and files made from the saved files, or raise ``_FullBuild`` saying why only a full build is sound."""
        built = self.built
        if built is None:
            raise _FullBuild("the last build did not finish cleanly")
        self.built = None  # until this rebuild has finished
        config = built.config
        inputs = fingerprint(self.roots(config))
        changed = sorted(path for path in inputs.keys() | built.inputs.keys() if inputs.get(path) != built.inputs.get(path))
        if not changed:
            raise _FullBuild("no file MkDocs reads changed")
        root = built.repository.layout.root
        sources = {str(root / p.source): p.source for p in built.plan.pages.values() if p.source}
        if any(path not in sources for path in changed):
            raise _FullBuild(f"{Path(changed[0]).name} is not the source of a page: " + ", ".join(changed[:3]))
        old = built.repository
        saved = {sources[path] for path in changed}
        repository = self._reload(config, old, saved)
        if [_card(r) for r in repository.rubrics.values()] != [_card(r) for r in old.rubrics.values()]:
            raise _FullBuild("a rubric's front matter changed")
        edited = _edited_lessons(old, repository)
        if {uri: (p.source, p.content) for uri, p in repository.published.items()} != {uri: (p.source, p.content) for uri, p in old.published.items()}:
            raise _FullBuild("the published files changed")
        plan = self.plan(repository, config)
        if _outline(plan) != _outline(built.plan):
            raise _FullBuild("the planned pages or their titles changed")
        also = self.install(repository, plan, saved)
        affected = [uri for uri, p in plan.pages.items() if p.source in saved or uri in also]
        if edited:
            affected += self._showing(plan, built, set(affected))
        site = Path(config.site_dir)
        written = {self._render(uri, built): plan.pages[uri].source or "" for uri in affected}
        data_files = plan.data_files() if edited else built.data_files
        written.update(_write_changed(data_files, built.data_files, site))
        written.update(self.extra_files(site))
        if plan.problems:
            raise _FullBuild("a re-rendered page has problems")  # the full build reports them as it always does
        for search in _search_plugins(config):
            search.on_post_build(config=config)
        report = audit_site(site, sources=written, scripts=[str(s) for s in config.extra_javascript], site_url=config.site_url or "", only=set(written))
        if report.problems:
            raise PluginError("Math Hub's output audit found unsafe output; the site must not be published.\n\n" + render_text(report.problems, report.summary()))
        self.built = replace(built, inputs=inputs, repository=repository, plan=plan, data_files=data_files)
        return len(written)

    def _reload(self, config: MkDocsConfig, old: Repository, saved: set[str]) -> Repository:
        """The library after the saves. When every saved file is a lesson or a rubric, only those are read and
        checked again, with what they refer to (``Scope``: the same records and problems a full load gives them),
        and put in place of the old ones; otherwise the whole library is loaded again."""
        layout = old.layout
        folders = layout.relative(layout.cartridges), layout.relative(layout.rubrics)
        owners = [owner(source, *folders) for source in sorted(saved)]
        if any(found is None for found in owners):
            repository, errors = self.load(config, None, None)
            if errors:
                raise _FullBuild("the content has problems")
            return repository
        scope = Scope(frozenset(n for kind, n in owners if kind == "cartridge"), frozenset(n for kind, n in owners if kind == "rubric"))  # type: ignore[misc]
        scoped, errors = self.load(config, scope, old.catalogue)
        if errors or not scope.cartridges <= scoped.cartridges.keys() or not scope.rubrics <= scoped.rubrics.keys():
            raise _FullBuild("the content has problems")
        mine = lambda path: scope.covers(path, *folders)  # noqa: E731 - a short predicate, used four times
        if {u: (p.source, p.content) for u, p in scoped.published.items() if mine(p.source)} != {u: (p.source, p.content) for u, p in old.published.items() if mine(p.source)}:
            raise _FullBuild("the published files changed")
        return replace(
            old,
            cartridges={cid: scoped.cartridges[cid] if cid in scope.cartridges else c for cid, c in old.cartridges.items()},
            rubrics={rid: scoped.rubrics[rid] if rid in scope.rubrics else r for rid, r in old.rubrics.items()},
            documents={**old.documents, **{path: d for path, d in scoped.documents.items() if mine(path)}},
            problems=sorted([p for p in old.problems if not mine(p.path)] + scoped.problems),
        )

    def _showing(self, plan: SitePlan, built: _Built, affected: set[str]) -> list[str]:
        """The pages, other than lessons' own, whose HTML an edit to front matter changed: each is rendered by the
        plan (no theme, no MkDocs) and compared with what the last build wrote."""
        changed = []
        for uri, planned in plan.pages.items():
            if uri in affected or planned.kind in LESSON_KINDS:
                continue
            file = built.files.get_file_from_path(uri)
            if file is None or file.page is None or uri not in self._fragments:
                raise _FullBuild(f"{uri} was not built last time")
            if _digest(plan.render(planned, file.page.url)[0]) != self._fragments[uri]:
                changed.append(uri)
        return changed

    def _render(self, src_uri: str, built: _Built) -> str:
        """One page through MkDocs' own pipeline (plugins' page events, the theme), its search entries kept in place."""
        file = built.files.get_file_from_path(src_uri)
        if file is None or file.page is None:
            raise _FullBuild(f"{src_uri} was not built last time")
        page = file.page
        _populate_page(page, built.config, built.files)
        indexes = [search.search_index.entries for search in _search_plugins(built.config)]
        places: list[int | None] = []
        for entries in indexes:
            mine = [i for i, entry in enumerate(entries) if _located_on(str(entry.get("location", "")), page.url)]
            if mine and mine != list(range(mine[0], mine[0] + len(mine))):
                raise _FullBuild(f"the search entries of {src_uri} are not together")
            places.append(mine[0] if mine else None)
            if mine:
                del entries[mine[0] : mine[-1] + 1]
        before = [len(entries) for entries in indexes]
        doc_files = built.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        _build_page(page, built.config, doc_files, built.nav, built.env)
        for entries, place, length in zip(indexes, places, before, strict=True):
            new = entries[length:]
            del entries[length:]
            if new and place is None:
                raise _FullBuild(f"{src_uri} has search entries now and had none")
            if place is not None:
                entries[place:place] = new
        return file.dest_uri


def _write_changed(files: dict[str, str], before: dict[str, str], site: Path) -> dict[str, str]:
    """Write the data files (``lessons.js``, the coverage tables) whose text changed: site path -> no source."""
    if files.keys() != before.keys():
        raise _FullBuild("the data files changed")
    written = {}
    for path, text in files.items():
        if text != before[path]:
            write_atomic(site / path, text)
            written[path] = ""
    return written


def _located_on(location: str, url: str) -> bool:
    return location == url or location.startswith(url + "#")


def _search_plugins(config: MkDocsConfig) -> list[Any]:
    """The search plugins whose index holds one entry list (mkdocs-material's): their entries are replaced page by page."""
    return [plugin for plugin in config.plugins.values() if isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)]
