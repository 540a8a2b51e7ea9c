"""Plan every generated page once, and render each one with dict look-ups only.

``SitePlan`` is built from the indexed library when the build starts; it knows
each generated page's source path, title and kind, and turns a page's
body (rendered by ``markup.render_markdown``, never by MkDocs) into the final
fragment (summary card, standards, progression, JSON-LD...). Nothing here reads
files or parses YAML.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..charts import ChartCaption, bar_chart, chart_css, line_chart
from ..coverage import compute_coverage
from ..library import Library
from ..markup import Rendered, render_markdown
from ..mastery import ALL_SCHOOLS, Mastery
from ..model import ROLES, Cartridge, status_rank
from ..problems import Problem
from ..provenance import caption
from ..reports import coverage_csv, coverage_heatmap, coverage_json
from ..reports.mastery import mastery_outputs
from ..rules import rules_reference
from ..scaffold import slugify
from ..schemas import SchemaSet
from ..search_terms import Synonyms
from ..standards import GRADES, Framework, Standard, grade_label, grade_sort_key
from .jsonld import learning_resource
from .lesson_pages import DownloadView, LessonPages
from .render import Renderer, json_for_script
from .search_index import SearchRecord, search_records
from .urls import Urls, content_linker

__all__ = ["Planned", "SitePlan"]


@dataclass(frozen=True)
class Planned:
    """One generated page: where it lives, what it shows, and its contributed Markdown (content pages only).

    MkDocs is given an empty page for every ``Planned``; ``markdown`` is rendered by Math Hub. A lesson's
    pages have no ``markdown``: they are built from the lesson model, each part rendered on its own
    (``lesson_pages.py``); their ``source`` is only their edit link.
    """

    src_uri: str
    kind: str
    key: str
    title: str
    description: str = ""
    markdown: str = ""
    source: str | None = None
    searchable: bool = True
    first_line: int = 1
    """The line of ``source`` on which ``markdown`` starts."""


LESSON_KINDS = ("cartridge", "handout", "answer-key", "practice-sheet")
"""The pages each lesson has, built from its model alone."""


@dataclass
class _Group:
    slug: str
    title: str
    standards: list[Standard]
    framework: Framework
    total: int = 0
    addressed: int = 0
    assessed: int = 0
    domains: list[dict[str, Any]] = field(default_factory=list)


def _inline_code(text: str) -> Markup:
    """Escape, then show `backticked` words as code: schema descriptions are written that way."""
    escaped = html.escape(text)
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))


class SitePlan:
    def __init__(self, library: Library, schemas: SchemaSet, site_url: str = "", recent: int = 6, usage: dict[str, Any] | None = None, mastery: Mastery | None = None) -> None:
        self.library = library
        self.schemas = schemas
        self.site_url = site_url
        self.recent = recent
        self.vocabulary = schemas.vocabulary
        self.renderer = Renderer(library, schemas.vocabulary)
        self.renderer.env.filters["inline_code"] = _inline_code
        self.catalogue = library.catalogue
        self.framework = library.framework
        self.problems: list[Problem] = []
        """Problems found while rendering (mathematics that does not convert, a '$' printed as text), reported when the pages are done."""
        self.lessons = LessonPages(library, self.renderer, library.repository.documents, self.vocabulary, problems=self.problems)
        self.renderer.env.globals["rich"] = self.lessons.text
        self.coverage = compute_coverage(library)
        self.usage = usage
        self.mastery = mastery
        self.coverages = {framework.id: self.coverage if framework is self.framework else compute_coverage(library, framework_id=framework.id) for framework in self.catalogue.frameworks.values()}
        self.framework_groups = {framework.id: self._groups(framework) for framework in self.catalogue.frameworks.values()}
        self.groups = self.framework_groups[self.framework.id]
        self.pages: dict[str, Planned] = {p.src_uri: p for p in self._plan()}
        self.download: Callable[[Cartridge], DownloadView | None] = lambda c: None
        """A lesson's packages for its guide to link (``downloads.Downloads.lesson``, set by the plugin); none by default."""
        self.grade_download: Callable[[str], DownloadView | None] = lambda grade: None
        """A grade's Common Cartridge for its page to link (``downloads.Downloads.grade``)."""

    # -- the plan ---------------------------------------------------------------
    def _plan(self) -> Iterator[Planned]:
        lib = self.library
        for uri, document in lib.repository.pages.items():
            heading = next((line[2:].strip() for line in document.body.split("\n") if line.startswith("# ")), "")
            yield Planned(uri, "home" if uri == "index.md" else "page", uri, heading or self.framework.name, "", document.body, document.path, first_line=document.body_line)
        for c in lib.cartridges.values():
            text = self.lessons.text(c)
            title, summary = text.plain_title, text.plain_summary
            yield Planned(Urls.cartridge_src(c.id), "cartridge", c.id, title, summary, "", c.source)
            yield Planned(Urls.handout_src(c.id), "handout", c.id, f"Student handout: {title}", summary, "", c.source, searchable=False)
            yield Planned(Urls.answer_key_src(c.id), "answer-key", c.id, f"Answer key: {title}", summary, "", c.source, searchable=False)
            yield Planned(Urls.practice_sheet_src(c.id), "practice-sheet", c.id, f"Practice problems: {title}", summary, "", c.source, searchable=False)
        for r in lib.rubrics.values():
            yield Planned(Urls.rubric_src(r.id), "rubric", r.id, r.title, r.summary, r.body, r.source, first_line=r.body_line)
        yield Planned("rubrics/index.md", "rubrics-index", "", "Rubrics")
        for framework in self.catalogue.frameworks.values():
            yield from self._plan_framework(framework)
        yield Planned("grades/index.md", "grades-index", "", "Grades")
        for grade in GRADES:
            yield Planned(Urls.grade_src(grade), "grade", grade, f"{grade_label(grade)} lessons")
            if self.lessons.grade_terms(grade):
                yield Planned(Urls.vocabulary_src(grade), "vocabulary", grade, f"{grade_label(grade)} vocabulary")
        yield Planned("practices/index.md", "practices-index", "", "Mathematical practices")
        for code in self.framework.practices:
            yield Planned(Urls.practice_src(code), "practice", code, f"{code}: {self.framework.practices[code].title}")
        yield Planned("coverage/index.md", "coverage", "", "Standards coverage")
        yield Planned("usage/index.md", "usage", "", "Lesson usage")
        yield Planned("mastery/index.md", "mastery", "", "Mastery")
        yield Planned("find/index.md", "find", "", "Find a lesson")
        yield Planned("contribute/fields.md", "fields", "", "Field reference")
        yield Planned("contribute/rules.md", "rules", "", "Editorial rules")

    def _plan_framework(self, framework: Framework) -> Iterator[Planned]:
        """A framework's pages: one per standard, its index, one per grade or high-school category."""
        named = f"{framework.id} " if framework.qualifier else ""
        for s in framework.standards.values():
            yield Planned(Urls.standard_src(s.key), "standard", s.key, named + s.code, s.text[:300])
        yield Planned(Urls.framework_src(framework.slug), "browse-index", framework.id, framework.name if framework.qualifier else "Standards")
        for group in self.framework_groups[framework.id]:
            yield Planned(Urls.browse_src(group.slug, framework.slug), "browse", f"{framework.id}|{group.slug}", named + group.title)

    def _groups(self, framework: Framework) -> list[_Group]:
        """Standards pages: by grade, high school by conceptual category; every figure from the framework's coverage computation."""
        coverage = self.coverages[framework.id]
        groups: list[_Group] = []
        by_key: dict[str, _Group] = {}
        for row in coverage.standards:  # reading order
            standard = framework.standards[row.code]
            if standard.grade == "HS":
                key, title, rollup = f"hs-{slugify(standard.category)}", f"High school: {framework.categories[standard.category].name}", coverage.rollup("category", standard.category)
            else:
                key, title, rollup = f"grade-{standard.grade.lower()}", f"{grade_label(standard.grade)} standards", coverage.grade(standard.grade)
            if key not in by_key:
                by_key[key] = _Group(key, title, [], framework, rollup.standards, rollup.addressed, rollup.assessed)
                groups.append(by_key[key])
            by_key[key].standards.append(standard)
        for group in groups:
            domains: dict[str, dict[str, Any]] = {}
            for s in group.standards:
                row = coverage.standard(s.code)
                domain = framework.domain_of(s)
                entry = domains.setdefault(domain.key, {"code": domain.code, "name": domain.name, "anchor": slugify(domain.code), "clusters": {}})
                cluster = framework.clusters[s.cluster]
                anchor = cluster.code.lower().replace(".", "-")
                anchor = anchor if anchor != entry["anchor"] else anchor + "-standards"  # an imported domain may be its own cluster
                entry["clusters"].setdefault(cluster.code, {"code": cluster.code, "anchor": anchor, "heading": cluster.heading, "emphasis": cluster.emphasis, "rows": []})["rows"].append({"standard": s, "lessons": row.addresses, "crosswalk": row.crosswalk, "assessed": row.assessed})
            group.domains = [{**d, "clusters": list(d["clusters"].values())} for d in domains.values()]
        return groups

    def browse_url(self, grade: str) -> str:
        """Where a grade's standards are listed: one page per K-8 grade; high school is split by category on the index."""
        return Urls.browse(f"grade-{grade.lower()}") if grade != "HS" else "standards/"

    # -- rendering ----------------------------------------------------------------
    def render(self, planned: Planned, page_url: str) -> tuple[str, Rendered | None]:
        """The final HTML of a generated page, and its contributed body as rendered (headings for the TOC)."""
        handler = getattr(self, "_" + planned.kind.replace("-", "_"))
        body = self.body(planned, page_url) if planned.source and planned.markdown else None
        return handler(planned, page_url, body.html if body else ""), body

    def body(self, planned: Planned, page_url: str) -> Rendered:
        """A page's contributed Markdown, rendered by Math Hub: ids never repeat the template's, links follow the page."""
        seeds = {"cartridge": {planned.key}, "handout": {f"{planned.key}-handout"}, "rubric": {planned.key}}.get(planned.kind, set())
        rendered = render_markdown(
            planned.markdown, source=planned.source or planned.src_uri, first_line=planned.first_line,
            used_ids=set(seeds), link=content_linker(posixpath.dirname(planned.src_uri), page_url),
        )
        self.problems.extend(rendered.problems)
        return rendered

    def toc(self, planned: Planned) -> list[dict[str, Any]] | None:
        """The table of contents of a page built from a model rather than one body (a lesson guide lists its activities)."""
        if planned.kind == "cartridge":
            return self.lessons.toc(self.library.cartridges[planned.key])
        return None

    def _r(self, template: str, page_url: str, **context: Any) -> str:
        return self.renderer.render(template, page_url, **context)

    # A lesson's pages come from its model (lesson_pages.py); ``body`` is empty, MkDocs never sees lesson text.
    def _cartridge(self, p: Planned, url: str, body: str) -> str:
        c = self.library.cartridges[p.key]
        text = self.lessons.text(c)
        jsonld = learning_resource(c, self.library, self.site_url, name=text.plain_title, description=text.plain_summary)
        return self.lessons.guide(c, url, jsonld, download=self.download(c))

    def _handout(self, p: Planned, url: str, body: str) -> str:
        return self.lessons.handout(self.library.cartridges[p.key], url)

    def _answer_key(self, p: Planned, url: str, body: str) -> str:
        return self.lessons.answer_key(self.library.cartridges[p.key], url)

    def _practice_sheet(self, p: Planned, url: str, body: str) -> str:
        return self.lessons.practice_sheet(self.library.cartridges[p.key], url)

    def _vocabulary(self, p: Planned, url: str, body: str) -> str:
        return self.lessons.vocabulary_page(p.key, url)

    def _rules(self, p: Planned, url: str, body: str) -> str:
        reference = rules_reference()
        by_status = next((r["severity"] for r in reference if r["severity"] not in ("error", "warning")), "")
        return self._r("rules.html", url, rules=reference, by_status=by_status)

    def _rubric(self, p: Planned, url: str, body: str) -> str:
        r = self.library.rubrics[p.key]
        users = [self.library.cartridges[c] for c in self.library.rubric_users.get(r.id, [])]
        reviewed = sorted({c.id for c in self.library.cartridges.values() for rec in c.reviews if rec.rubric == r.id})
        if r.is_review:
            users = [self.library.cartridges[c] for c in reviewed]
        labels = {tuple((lv.score, lv.label) for lv in crit.levels) for crit in r.criteria}
        widest = max(len(crit.levels) for crit in r.criteria)
        return (
            self._r("rubric.html", url, r=r, uniform=len(labels) == 1, widest=widest)
            + '<div class="mh-rubric-guidance">' + body + "</div>"
            + self._r("rubric_tail.html", url, r=r, users=sorted(users, key=lambda c: c.title.casefold()))
        )

    def _rubrics_index(self, p: Planned, url: str, body: str) -> str:
        kinds = []
        for kind in self.vocabulary.rubric_kinds.values:
            items = [r for r in self.library.rubrics.values() if r.kind == kind]
            if items:
                kinds.append((kind, sorted(items, key=lambda r: r.title.casefold())))
        titles = {t.value: str(t.get("plural", t.label)) for t in self.vocabulary.rubric_kinds}
        return self._r("rubrics_index.html", url, kinds=kinds, kind_titles=titles, users=self.library.rubric_users)

    def _standard(self, p: Planned, url: str, body: str) -> str:
        s = self.catalogue.standard(p.key)
        framework = self.catalogue.framework_of(p.key)
        lib = self.library
        lessons: dict[str, list[Cartridge]] = {}
        listed: set[str] = set()
        for role in ROLES:  # each lesson once, under its strongest role (addresses, then builds on, then towards)
            lessons[role] = [lib.cartridges[c] for c in lib.lessons_for(s.key, role) if c not in listed]
            listed.update(c.id for c in lessons[role])
        parts = {c.id: [code for code in c.alignment.addresses if code != s.key and self.catalogue.standard(code).parent_key == s.key] for c in lessons["addresses"]}
        via = {cid: "Addresses it through " + ", ".join(codes) for cid, codes in parts.items() if codes}  # which parts
        family = s.family
        edges = [*framework.prerequisites.get(family, ()), *framework.leads_to.get(family, ()), *framework.related.get(family, ())]
        nearby = [] if lessons["addresses"] else [lib.cartridges[c] for c in dict.fromkeys(c for code in edges for c in lib.lessons_for(code, "addresses"))][:6]
        return self._r(
            "standard.html", url, s=s, framework=framework, lessons=lessons, via=via, nearby=nearby,
            crosswalk_lessons=[lib.cartridges[c] for c in lib.crosswalk_lessons_for(s.key)],
            equivalents=[self.catalogue.standard(k) for k in self.catalogue.equivalents.get(s.key, ())],
            parent=framework.standards.get(s.parent),
            prerequisites=[framework.standards[c] for c in framework.prerequisites.get(family, ())],
            leads_to=[framework.standards[c] for c in framework.leads_to.get(family, ())],
            related=[framework.standards[c] for c in framework.related.get(family, ())],
            children=framework.children(s.code), rubrics=[lib.rubrics[r] for r in lib.rubrics_for(s.key)],
        )

    def _browse_index(self, p: Planned, url: str, body: str) -> str:
        framework = self.catalogue.frameworks[p.key]
        return self._r("browse_index.html", url, framework=framework, groups=self.framework_groups[framework.id], footnote=self.coverages[framework.id].footnote())

    def _browse(self, p: Planned, url: str, body: str) -> str:
        fid, _, slug = p.key.partition("|")
        group = next(g for g in self.framework_groups[fid] if g.slug == slug)
        return self._r("browse_group.html", url, group=group, framework=group.framework, footnote=self.coverages[fid].footnote())

    def grade_domains(self, grade: str) -> list[dict[str, Any]]:
        """A grade's lessons by the domain of the standards they address (another framework's domains after the default's)."""
        domains: dict[str, dict[str, Any]] = {}
        order = {fid: index for index, fid in enumerate(self.catalogue.frameworks)}
        for cid in self.library.by_grade.get(grade, []):
            c = self.library.cartridges[cid]
            placed = False
            for code in c.alignment.addresses:
                s = self.catalogue.get(code)
                if s is None or s.grade != grade:
                    continue
                framework = self.catalogue.frameworks[s.framework]
                if grade == "HS":
                    name, key = framework.categories[s.category].name, s.category
                else:
                    name, key = framework.domain_of(s).name, s.domain
                if framework.qualifier:
                    name, key = f"{name} ({framework.id})", framework.qualifier + key
                first = order[framework.id] * 10**6 + framework.position[s.code]
                entry = domains.setdefault(key, {"name": name, "anchor": slugify(name), "lessons": [], "order": grade_sort_key(s.grade), "first": first})
                if c not in entry["lessons"]:
                    entry["lessons"].append(c)
                placed = True
            if not placed:
                domains.setdefault("~other", {"name": "Other lessons", "anchor": "other", "lessons": [], "order": 99, "first": 10**9})["lessons"].append(c)
        return sorted(domains.values(), key=lambda d: (d["first"], d["name"]))

    def _grade(self, p: Planned, url: str, body: str) -> str:
        grade = p.key
        vocabulary = Urls.vocabulary(grade) if self.lessons.grade_terms(grade) else None
        return self._r(
            "grade.html", url, grade=grade, domains=self.grade_domains(grade), count=len(self.library.by_grade.get(grade, [])), browse_url=self.browse_url(grade),
            rollup=self.coverage.grade(grade), footnote=self.coverage.footnote(), vocabulary_url=vocabulary, download=self.grade_download(grade),
        )

    def grade_counts(self) -> list[dict[str, Any]]:
        return [{"grade": g, "count": len(self.library.by_grade.get(g, []))} for g in GRADES]

    def _grades_index(self, p: Planned, url: str, body: str) -> str:
        return self._r("grades_index.html", url, grades=self.grade_counts())

    def _practice(self, p: Planned, url: str, body: str) -> str:
        practice = self.framework.practices[p.key]
        items = [self.library.cartridges[c] for c in self.library.by_practice.get(p.key, [])]
        return self._r("practice.html", url, p=practice, items=items)

    def _practices_index(self, p: Planned, url: str, body: str) -> str:
        counts = {code: len(self.library.by_practice.get(code, [])) for code in self.framework.practices}
        return self._r("practices_index.html", url, practices=list(self.framework.practices.values()), counts=counts)

    def _find(self, p: Planned, url: str, body: str) -> str:
        domains: dict[str, str] = {}
        for domain in self.framework.domains.values():
            domains.setdefault(domain.code, domain.name)
        used = {self.framework.standards[code].domain for c in self.library.cartridges.values() for code in c.alignment.addresses if code in self.framework.standards}
        options = [{"code": code, "name": name} for code, name in domains.items() if code in used]
        frameworks = list(self.catalogue.frameworks.values()) if len(self.catalogue.frameworks) > 1 else []
        return self._r("find.html", url, total=len(self.library.cartridges), grades=GRADES, domains=options, frameworks=frameworks)

    def _coverage(self, p: Planned, url: str, body: str) -> str:
        rows = [s for s in self.coverage.standards if s.level == "standard"]
        by_grade = [(g, [s for s in rows if s.grade == g]) for g in GRADES]
        return self._r(
            "coverage.html", url, coverage=self.coverage, heatmap=Markup(coverage_heatmap(self.coverage, self.framework, caption=caption())),
            grade_rollups=[r for r in self.coverage.rollups if r.level == "grade"], by_grade=by_grade, limit=25, footnote=self.coverage.footnote(),
        )

    def _usage(self, p: Planned, url: str, body: str) -> str:
        usage = self.usage
        if usage is None:
            return self._r("usage.html", url, usage=None)
        note = ChartCaption(**usage.get("caption", {}))
        months = [(row["month"], float(row["uses"]), f"{row['uses']:,}") for row in usage["months"]]
        top = usage["cartridges"][:10]
        month_chart = line_chart("Class uses per month", months, caption=note, ident="usage-months", description="Number of class uses of Math Hub lessons in each month.")
        top_chart = bar_chart("Most used lessons (class uses)", [(self._lesson_title(row["cartridge"]), float(row["uses"]), f"{row['uses']:,}") for row in top], caption=note, ident="usage-top", description="The ten lessons used by the most classes, by number of class uses.")
        return self._r("usage.html", url, usage=usage, f=usage["figures"], month_chart=Markup(month_chart), top_chart=Markup(top_chart), caption=note)

    def _lesson_title(self, cid: str) -> str:
        c = self.library.cartridges.get(cid)
        return c.title if c else cid

    def _mastery(self, p: Planned, url: str, body: str) -> str:
        mastery = self.mastery
        if mastery is None:
            return self._r("mastery.html", url, mastery=None)
        weak = mastery.weak_cells(self.library, self.coverage.min_status)
        clusters = Markup(mastery.heatmap("cluster", self.framework, ident="mastery-clusters"))
        standards = Markup(mastery.heatmap("standard", self.framework, ident="mastery-standards"))
        return self._r("mastery.html", url, mastery=mastery, weak=weak, cluster_map=clusters, standard_map=standards, trend=mastery.trend("cluster"), all_schools=ALL_SCHOOLS)

    def data_files(self) -> dict[str, str]:
        """Downloadable files generated from the same computations as the pages, and the chart stylesheet."""
        files = {
            "assets/mathhub/lessons.js": self.lessons_script(),
            "assets/mathhub/charts.css": chart_css(),
            "coverage/coverage-standards.csv": coverage_csv(self.coverage, "standards"),
            "coverage/coverage-rollups.csv": coverage_csv(self.coverage, "rollups"),
            "coverage/coverage-gaps.csv": coverage_csv(self.coverage, "gaps"),
            "coverage/coverage-blocking.csv": coverage_csv(self.coverage, "blocking"),
            "coverage/coverage.json": coverage_json(self.coverage),
            "coverage/coverage-heatmap.svg": coverage_heatmap(self.coverage, self.framework, caption=caption(), standalone=True),
        }
        if self.mastery is not None:
            for name, text in mastery_outputs(self.mastery, self.library, self.coverage.min_status).items():
                if name != "mastery.md":
                    files[f"mastery/{name}"] = text
        return files

    def _spellings(self, s: Standard) -> set[str]:
        """How authors write an imported standard: with or without its framework's id and shared prefix."""
        framework = self.catalogue.frameworks[s.framework]
        bare = {s.code} | {s.code[len(prefix):] for prefix in framework.prefixes if s.code.upper().startswith(prefix)}
        return bare | {f"{framework.id}:{code}" for code in bare}

    def _fields(self, p: Planned, url: str, body: str) -> str:
        sections = [
            {"kind": "cartridge", "title": "Cartridge fields (index.md)", "intro": self.schemas.documents["cartridge"]["description"], "fields": list(self.schemas.field_reference("cartridge"))},
            {"kind": "rubric", "title": "Rubric fields", "intro": self.schemas.documents["rubric"]["description"], "fields": list(self.schemas.field_reference("rubric"))},
        ]
        return self._r("fields.html", url, sections=sections)

    def _page(self, p: Planned, url: str, body: str) -> str:
        return body

    def _home(self, p: Planned, url: str, body_html: str) -> str:
        lib = self.library
        recent = sorted(lib.cartridges.values(), key=lambda c: (c.updated, c.id), reverse=True)[: self.recent]
        grades = [r for r in self.coverage.rollups if r.level == "grade"]
        counts = {
            "cartridges": len(lib.cartridges),
            "rubrics": len(lib.rubrics),
            "standards": sum(r.standards for r in grades),
            "addressed": sum(r.addressed for r in grades),
            "approved": sum(1 for c in lib.cartridges.values() if c.status == "approved"),
        }
        return body_html + self._r("home.html", url, grades=self.grade_counts(), counts=counts, recent=recent)

    # -- data files -------------------------------------------------------------------
    def search_records(self, synonyms: Synonyms) -> list[SearchRecord]:
        """What the site search indexes: lessons (as their pages title them) and standard pages."""
        titles = {cid: (self.lessons.text(c).plain_title, self.lessons.text(c).plain_summary) for cid, c in self.library.cartridges.items()}
        return search_records(self.library, titles, synonyms)

    def lessons_script(self) -> str:
        """``assets/mathhub/lessons.js``: what "Find a lesson" filters, loaded as a script so it works from file:// too.

        Each lesson lists, per framework, the standards it addresses there directly or through the
        crosswalk (``crosswalk`` names the latter), so Find can filter by framework and show its codes.
        """
        lessons = []
        referenced: set[str] = set()
        by_grade = sorted(self.library.cartridges.values(), key=lambda c: (min(map(grade_sort_key, c.grades), default=len(GRADES)), self.lessons.text(c).plain_title.casefold(), c.id))
        for c in by_grade:  # grade, then title: Find's order when there is no query
            direct = {self.catalogue.standard(code).family_key for code in c.alignment.addresses} | set(c.alignment.addresses)
            through = [k for code in c.alignment.addresses for k in self.catalogue.crosswalked(code) if k not in direct]
            codes = list(dict.fromkeys([*c.alignment.addresses, *through]))
            referenced.update(codes)
            by_framework: dict[str, list[str]] = {}
            for code in codes:
                by_framework.setdefault(self.catalogue.standard(code).framework, []).append(code)
            text = self.lessons.text(c)
            lessons.append({
                "id": c.id,
                "title": text.plain_title,
                "summary": text.plain_summary,
                "url": Urls.cartridge(c.id),
                "grades": list(c.grades),
                "domains": sorted({self.framework.standards[code].domain for code in c.alignment.addresses if code in self.framework.standards}),
                "standards": list(c.alignment.addresses),
                "frameworks": {fid: by_framework[fid] for fid in self.catalogue.frameworks if fid in by_framework},
                "crosswalk": sorted(set(through)),
                "minutes": c.minutes,
                "lessTime": c.less_time.minutes if c.less_time else None,
                "approaches": list(c.approaches),
                "status": c.status,
                "statusRank": status_rank(c.status),
            })
        standards = {}
        for key in sorted(referenced):
            s = self.catalogue.standard(key)
            spellings = {s.alt, s.legacy} if not self.catalogue.framework_of(key).qualifier else self._spellings(s)
            standards[key] = {"text": s.text, "spellings": sorted(spellings - {key, ""}), "parent": s.parent_key}
        payload = {
            "lessons": lessons, "standards": standards, "vocabulary": self.vocabulary.for_script(),
            "frameworks": {fid: framework.name for fid, framework in self.catalogue.frameworks.items()},
        }
        return "window.MATHHUB_LESSONS = " + json_for_script(payload) + ";\n"
