"""In ``mkdocs serve``: a lesson or rubric with errors is shown as a page listing them, at its own URL.

The preview leaves broken content out (a page built from it could be wrong), but a
contributor looks at the browser, not the terminal: without this page the lesson
they are editing turns into a plain 404. The page lists each problem where the
validator reports it (``file:line:column``, field, message, hint) and is replaced
by the lesson again on the first rebuild after the fix.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..problems import Problem
from ..repository import Layout
from ..scope import owner
from .urls import Urls

__all__ = ["ProblemPage", "ProblemPages"]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ProblemPage:
    src_uri: str
    noun: str
    """``lesson`` or ``rubric``."""
    name: str
    """The cartridge folder name or the rubric id."""
    source: str
    """What to edit: the cartridge folder or the rubric file, repository-relative."""
    problems: tuple[Problem, ...]

    @property
    def title(self) -> str:
        return f"Problems in the {self.noun} {self.name}"


class ProblemPages:
    """The error pages of one preview build, planned from the errors that left content out."""

    def __init__(self, layout: Layout, errors: list[Problem]) -> None:
        cartridges, rubrics = layout.relative(layout.cartridges), layout.relative(layout.rubrics)
        grouped: dict[tuple[str, str], list[Problem]] = {}
        for problem in sorted(errors):
            found = owner(problem.path, cartridges, rubrics)
            if found is not None:
                grouped.setdefault(found, []).append(problem)
        self.pages: dict[str, ProblemPage] = {}
        for (kind, name), problems in sorted(grouped.items()):
            if kind == "cartridge":
                for src_uri in (Urls.cartridge_src(name), Urls.handout_src(name), Urls.answer_key_src(name), Urls.practice_sheet_src(name)):
                    self.pages[src_uri] = ProblemPage(src_uri, "lesson", name, f"{cartridges}/{name}", tuple(problems))
            else:
                self.pages[Urls.rubric_src(name)] = ProblemPage(Urls.rubric_src(name), "rubric", name, f"{rubrics}/{name}.md", tuple(problems))
        self._env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def __bool__(self) -> bool:
        return bool(self.pages)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        """Put an error page where each broken lesson or rubric would be (replacing a page planned there)."""
        for page in self.pages.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))

    def claim(self, page: Page) -> bool:
        """Give an error page its title and keep it out of search; False for every other page."""
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return False
        page.meta["title"] = html.escape(planned.title)  # material prints titles unescaped
        page.meta["search"] = {"exclude": True}
        return True

    def content(self, page: Page) -> str | None:
        planned = self.pages.get(page.file.src_uri)
        if planned is None:
            return None
        by_file: dict[str, list[Problem]] = {}
        for problem in planned.problems:
            by_file.setdefault(problem.path, []).append(problem)
        return self._env.get_template("problem_page.html").render(page=planned, by_file=sorted(by_file.items()))
