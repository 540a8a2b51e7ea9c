"""Where every generated page lives: the site's URL scheme, in one place."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote

from mkdocs.utils import get_relative_url

from ..standards import page_segment

__all__ = ["Urls", "content_linker", "relative"]


def relative(target: str, page_url: str) -> str:
    """A link from ``page_url`` to ``target`` (both site-root-relative, directory style)."""
    link = get_relative_url(target, page_url or ".")
    return link + "/" if (not target or target.endswith("/")) and not link.endswith("/") else link


class Urls:
    """Source paths (``*.md`` inside docs_dir) and URLs of generated pages."""

    @staticmethod
    def cartridge_src(cid: str) -> str:
        return f"cartridges/{cid}/index.md"

    @staticmethod
    def cartridge(cid: str) -> str:
        return f"cartridges/{cid}/"

    @staticmethod
    def handout_src(cid: str) -> str:
        return f"cartridges/{cid}/handout.md"

    @staticmethod
    def handout(cid: str) -> str:
        return f"cartridges/{cid}/handout/"

    @staticmethod
    def answer_key_src(cid: str) -> str:
        return f"cartridges/{cid}/answer-key.md"

    @staticmethod
    def answer_key(cid: str) -> str:
        return f"cartridges/{cid}/answer-key/"

    @staticmethod
    def practice_sheet_src(cid: str) -> str:
        return f"cartridges/{cid}/practice.md"

    @staticmethod
    def practice_sheet(cid: str) -> str:
        return f"cartridges/{cid}/practice/"

    @staticmethod
    def attachment(cid: str, path: str) -> str:
        return f"cartridges/{cid}/{path}"

    @staticmethod
    def rubric_src(rid: str) -> str:
        return f"rubrics/{rid}.md"

    @staticmethod
    def rubric(rid: str) -> str:
        return f"rubrics/{rid}/"

    # Standards: the default framework (CCSS-M) at standards/<code>/ (stable since the first release);
    # any other framework in its own folder, standards/<framework id, lower case>/<code>/, with its
    # index at standards/<id>/ and its browse pages at standards/<id>/grade-5/. Framework ids never
    # contain a dot and CCSS-M codes always do, so the two can never collide.
    @staticmethod
    def _standards_folder(key: str) -> tuple[str, str]:
        framework, sep, code = key.partition(":")
        return (f"standards/{framework.lower()}/", page_segment(code)) if sep else ("standards/", key)

    @staticmethod
    def standard_src(key: str) -> str:
        folder, segment = Urls._standards_folder(key)
        return f"{folder}{segment}.md"

    @staticmethod
    def standard(key: str) -> str:
        folder, segment = Urls._standards_folder(key)
        return f"{folder}{segment}/"

    @staticmethod
    def framework_src(slug: str = "") -> str:
        return f"standards/{slug}/index.md" if slug else "standards/index.md"

    @staticmethod
    def framework(slug: str = "") -> str:
        """A framework's standards index; ``slug`` is ``Framework.slug`` (empty for the default framework)."""
        return f"standards/{slug}/" if slug else "standards/"

    @staticmethod
    def browse_src(group: str, slug: str = "") -> str:
        return f"{Urls.framework(slug)}{group}.md"

    @staticmethod
    def browse(group: str, slug: str = "") -> str:
        return f"{Urls.framework(slug)}{group}/"

    @staticmethod
    def grade_src(grade: str) -> str:
        return f"grades/{grade.lower()}.md"

    @staticmethod
    def grade(grade: str) -> str:
        return f"grades/{grade.lower()}/"

    @staticmethod
    def vocabulary_src(grade: str) -> str:
        return f"grades/{grade.lower()}/vocabulary.md"

    @staticmethod
    def vocabulary(grade: str) -> str:
        return f"grades/{grade.lower()}/vocabulary/"

    @staticmethod
    def practice_src(code: str) -> str:
        return f"practices/{code.lower()}.md"

    @staticmethod
    def practice(code: str) -> str:
        return f"practices/{code.lower()}/"


def content_linker(folder: str, page_url: str) -> Callable[[str], str]:
    """Relative URLs in contributed Markdown are written from its file's folder; the page may live elsewhere
    (a lesson's ``handout/``, a rubric's page). ``x.md`` and ``x/index.md`` become the pages' URLs."""

    def link(url: str) -> str:
        path, hash_mark, fragment = url.partition("#")
        path, question, query = path.partition("?")
        if not path:
            return url
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target.endswith(".md"):
            target = target[:-3]
            target = "" if target == "index" else (target[: -len("/index")] + "/" if target.endswith("/index") else target + "/")
        return relative(target, page_url) + question + query + hash_mark + fragment

    return link
