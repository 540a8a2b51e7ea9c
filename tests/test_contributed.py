"""The one seam for contributed Markdown: blocks, one-line fields, plain text, and a '$' left by rendering."""

from __future__ import annotations

import pytest
from mathhub.contributed import plain_text, render, render_inline
from mathhub.markup import render_markdown


def test_a_block_renders_math_as_mathml_headings_with_prefixed_unique_ids_and_links_through_the_page() -> None:
    used = {"activity-1-notes"}
    rendered = render(
        "Cost \\$3.50 and $\\frac{1}{2}$.\n\n#### Notes\n\n![A strip](strip.svg) [next](../other/index.md)\n",
        source="content/cartridges/x/index.md", first_line=40, id_prefix="activity-1-", used_ids=used, link=lambda url: "../" + url,
    )
    assert rendered.problems == ()
    assert "<mfrac>" in rendered.html and "$3.50" in rendered.html and "\\frac" not in rendered.html.split("alttext")[0]
    assert '<h4 id="activity-1-notes-2">' in rendered.html and [h.id for h in rendered.headings] == ["activity-1-notes-2"]
    assert 'src="../strip.svg"' in rendered.html and 'href="../../other/index.md"' in rendered.html
    assert used == {"activity-1-notes", "activity-1-notes-2"}


def test_untrusted_html_is_sanitised_and_bad_latex_is_a_located_problem() -> None:
    rendered = render("Fine.\n\n<script>alert(1)</script> $\\frac{1}{$\n", source="a.md", first_line=7)
    assert "<script" not in rendered.html
    assert [(p.path, p.line) for p in rendered.problems] == [("a.md", 9)]
    assert "cannot be rendered" in rendered.problems[0].message


@pytest.mark.parametrize("text", ["Sharing Brownies", "Grade 5: fractions (part 2), and more", "Let's share 3 brownies!", "Café au lait = 2 cups"])
def test_a_plain_field_renders_exactly_as_markdown_would_without_running_it(text: str) -> None:
    fast = render_inline(text, source="a.md", line=1)
    markdown = render_markdown(text, source="a.md").html
    assert f"<p>{fast.html}</p>" == markdown


@pytest.mark.parametrize("text", ["1. Sharing", "# Title <b>", "<img src=x onerror=alert(1)>", "A *fair* share_of [3](x) \\ back", "- a list? > no", "Costs \\$3.50 & more"])
def test_a_field_is_text_as_written_not_markdown(text: str) -> None:
    rendered = render_inline(text, source="a.md", line=3)
    assert rendered.problems == () and "<" not in rendered.html.replace("&lt;", "")
    assert plain_text(rendered.html) == text.replace("\\$", "$")


def test_a_field_renders_its_mathematics_inline() -> None:
    rendered = render_inline("A *fair* share of $\\frac{3}{4}$, \\$2 each", source="a.md", line=3)
    assert rendered.html.startswith("A *fair* share of <math") and rendered.html.endswith("</math>, $2 each")


def test_plain_text_spells_mathematics_out() -> None:
    html = render_inline("Share: $a \\div b = \\frac{a}{b}$, $9^{1/2} = 3$, $x^2$, $\\sqrt{16}$, $2 : 5$, $\\frac{n \\times a}{n \\times b}$", source="a.md", line=1).html
    assert plain_text(html) == "Share: a ÷ b = a/b, 9^(1/2) = 3, x², √16, 2 : 5, (n × a)/(n × b)"


def test_a_dollar_printed_beside_mathematics_is_the_literal_dollar_rule() -> None:
    table = render("| a | b |\n|---|---|\n| $x | y$ |\n", source="a.md", first_line=20)
    assert [(p.rule, p.line, p.severity) for p in table.problems] == [("literal-dollar", 22, "error")]
    assert "'a b $x y$' prints its '$' as text" in table.problems[0].message
    display = render("so\n\n $$\\frac{1}{2}$$\n", source="a.md", first_line=5)
    assert [(p.rule, p.line) for p in display.problems] == [("literal-dollar", 7)]
    money = render("It costs \\$3 and \\$5, and `$x$` is code.", source="a.md", first_line=1)
    assert money.problems == ()
