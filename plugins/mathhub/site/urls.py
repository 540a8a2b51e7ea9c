"""Where every generated page lives: the site's URL scheme, in one place."""

from __future__ import annotations

from mkdocs.utils import get_relative_url

__all__ = ["Urls", "relative"]


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
    def attachment(cid: str, path: str) -> str:
        return f"cartridges/{cid}/{path}"

    @staticmethod
    def rubric_src(rid: str) -> str:
        return f"rubrics/{rid}.md"

    @staticmethod
    def rubric(rid: str) -> str:
        return f"rubrics/{rid}/"

    @staticmethod
    def standard_src(code: str) -> str:
        return f"standards/{code}.md"

    @staticmethod
    def standard(code: str) -> str:
        return f"standards/{code}/"

    @staticmethod
    def browse_src(group: str) -> str:
        return f"standards/{group}.md"

    @staticmethod
    def browse(group: str) -> str:
        return f"standards/{group}/"

    @staticmethod
    def grade_src(grade: str) -> str:
        return f"grades/{grade.lower()}.md"

    @staticmethod
    def grade(grade: str) -> str:
        return f"grades/{grade.lower()}/"

    @staticmethod
    def practice_src(code: str) -> str:
        return f"practices/{code.lower()}.md"

    @staticmethod
    def practice(code: str) -> str:
        return f"practices/{code.lower()}/"
