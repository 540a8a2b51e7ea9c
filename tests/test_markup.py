"""``markup.render_markdown``: the one renderer of contributed Markdown, and the interface page builders rely on."""

from __future__ import annotations

import re

import pytest
from mathhub.markup import render_markdown
from mathhub.svg import clean_svg


def test_parts_rendered_separately_never_repeat_an_id() -> None:
    used: set[str] = {"sharing"}  # the page's own ids (e.g. the cartridge id on its <h1>)
    first = render_markdown("## Launch\n\n## Launch\n", source="a.md", used_ids=used)
    second = render_markdown("## Launch\n\n## Sharing\n", source="a.md", first_line=20, used_ids=used, id_prefix="task-2-")
    ids = [h.id for h in first.headings + second.headings]
    assert ids == ["launch", "launch-2", "task-2-launch", "task-2-sharing"]
    assert used >= set(ids) | {"sharing"}


def test_headings_feed_the_table_of_contents() -> None:
    rendered = render_markdown("## One $x^2$\n\n### Two\n\n## Three\n", source="a.md")
    tokens = rendered.toc_tokens()
    assert [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in tokens] == [("one-x2", "One x^2", ["two"]), ("three", "Three", [])]
    assert '<a class="headerlink" href="#one-x2"' in rendered.html


def test_metadata_lines_and_templates_are_only_text() -> None:
    rendered = render_markdown("template: redirect.html\ntitle: {{ config.site_name }}\n---\n\nBody\n", source="a.md")
    assert "<p>template: redirect.html" in rendered.html and "{{ config.site_name }}" in rendered.html


@pytest.mark.parametrize("markdown", [
    '## Launch {#x" onclick="alert(1)}',
    "## Launch {#__config}",
    "## Launch {: #mh-card }",
    "## Launch {: .md-header data-md-component=skip onclick=alert(1) }",
    '<h2 id="__search" class="md-search">Launch</h2>',
])
def test_ids_and_classes_are_restricted(markdown: str) -> None:
    rendered = render_markdown(markdown + "\n", source="a.md")
    assert "onclick" not in rendered.html and "__" not in rendered.html and "md-" not in rendered.html and "data-" not in rendered.html
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and not i.startswith("mh-") for i in re.findall(r' id="([^"]*)"', rendered.html))


def test_a_valid_explicit_id_and_class_are_kept() -> None:
    rendered = render_markdown("## Launch {: #start .note }\n\n![A diagram](d.svg){ width=300 }\n", source="a.md")
    assert '<h2 class="note" id="start">' in rendered.html and 'width="300"' in rendered.html


def test_math_is_mathml_and_a_bad_formula_is_located() -> None:
    rendered = render_markdown("Intro\n\nSo $x^1^2$ and $a<b$.\n", source="content/x/index.md", first_line=10)
    assert rendered.html.count("<math") == 1 and 'alttext="a&lt;b"' in rendered.html
    assert [(p.path, p.line) for p in rendered.problems] == [("content/x/index.md", 12)]


def test_relative_links_follow_the_page() -> None:
    rendered = render_markdown("![A shape](shape.svg) [cards](cards.pdf) [web](https://example.org) [top](#launch)\n", source="a.md", link=lambda url: "../" + url)
    assert 'src="../shape.svg"' in rendered.html and 'href="../cards.pdf"' in rendered.html
    assert 'href="https://example.org"' in rendered.html and 'href="#launch"' in rendered.html


def test_remote_and_backslash_images_are_removed() -> None:
    rendered = render_markdown('![x](\\\\\\\\evil.example/a.png) <img src="//evil.example/b.png" alt="b"> <img src="/\\evil.example/c.png" alt="c">\n', source="a.md")
    assert "evil.example" not in rendered.html


def test_a_bad_id_prefix_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        render_markdown("x", source="a.md", id_prefix='x" onclick="')


def test_an_svg_is_rebuilt_without_editor_clutter() -> None:
    raw = (
        b'<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        b'inkscape:version="1.3" width="10" height="10"><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
        b'<rect width="10" height="10" fill="url(#g)" inkscape:label="box"/></svg>'
    )
    cleaned, problems = clean_svg(raw, "d.svg")
    assert problems == [] and cleaned is not None
    assert b"inkscape" not in cleaned and b"metadata" not in cleaned and b"<!--" not in cleaned and b'fill="url(#g)"' in cleaned


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Solve each equation:\n- a. one\n- b. two", "<p>Solve each equation:</p>\n<ul>\n<li>a. one</li>\n<li>b. two</li>\n</ul>"),
        ("Strategies:\n1. Scale\n2. Add", "<p>Strategies:</p>\n<ol>\n<li>Scale</li>\n<li>Add</li>\n</ol>"),
        ("1. Solve:\n    - a. one\n2. next", "<ol>\n<li>Solve:<ul>\n<li>a. one</li>\n</ul>\n</li>\n<li>next</li>\n</ol>"),
        ("In\n2026. Then", "<p>In\n2026. Then</p>"),  # only "1." starts a list inside text, as in CommonMark
        ("```\nTitle:\n- not a list\n```", "<pre><code>Title:\n- not a list\n</code></pre>"),
    ],
)
def test_a_list_may_start_right_after_a_line_of_text(markdown: str, expected: str) -> None:
    """As on GitHub, where contributors preview: a task's sub-parts written under its question are a list."""
    assert render_markdown(markdown, source="x.md").html.strip() == expected
