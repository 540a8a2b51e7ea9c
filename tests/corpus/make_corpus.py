#!/usr/bin/env python3
"""Write the bad-input corpus: one small input per fault, and the message each must produce.

Run from anywhere, with the project's virtual environment: ``.venv/bin/python tests/corpus/make_corpus.py``.
It rewrites ``cartridges/``, ``rubrics/``, ``usage/``, ``rules/`` and ``expected.json`` beside
itself; review the diff like any other change, because ``expected.json`` is what the tests pin.

``rules/`` holds one broken lesson per editorial rule (and per kind of message): the rule,
its line and its severity are pinned here; the exact message and hint are recorded from
the validator into ``expected.json``, so a changed wording shows up in the diff.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = (HERE.parent / "fixtures/library/content/cartridges/fixture-sharing/index.md").read_text(encoding="utf-8")
RUBRIC = (HERE.parent / "fixtures/library/content/rubrics/fixture-rubric.md").read_text(encoding="utf-8")
USAGE_HEADER = "date,school,grade,cartridge,sessions,students,outcome\n"
USAGE_ROW = "2026-01-05,School A,5,fixture-sharing,1,20,0.5\n"

# (name, text or bytes, expected line, expected message fragment, extra files)
cartridges: list[tuple[str, str | bytes, int, str, dict[str, object]]] = []
rubrics: list[tuple[str, str | bytes, int, str]] = []
usage: list[tuple[str, str | bytes, int, str]] = []
# (name, text, rule, line, severity, extra files)
rule_cases: list[tuple[str, str, str, int, str, dict[str, object]]] = []


def c(name: str, old: str, new: str, line: int, message: str, extra: dict[str, object] | None = None) -> None:
    text = BASE.replace("id: fixture-sharing", f"id: {name}")
    assert old in text, (name, old)
    cartridges.append((name, text.replace(old, new, 1), line, message, extra or {}))


def raw(name: str, text: str | bytes, line: int, message: str, extra: dict[str, object] | None = None) -> None:
    cartridges.append((name, text, line, message, extra or {}))


def body(name: str, payload: str, message: str, extra: dict[str, object] | None = None) -> None:
    """Append a payload paragraph to the guide; its line is the last line of the file."""
    text = BASE.replace("id: fixture-sharing", f"id: {name}") + "\n" + payload + "\n"
    cartridges.append((name, text, text.count("\n"), message, extra or {}))


SHARE = 'title: "Fixture: Sharing Sandwiches"'
# --- YAML syntax -------------------------------------------------------------------------------
raw("yaml-unclosed", "---\nid: yaml-unclosed\ntitle: Never closed\n\n## Warm-up\n", 1, "front matter that starts on line 1 is never closed")
raw("yaml-missing", "# Just a heading\n\nNo front matter at all.\n", 1, "does not start with front matter")
c("yaml-tab", "  addresses: [5.NF.B.3]", "\taddresses: [5.NF.B.3]", 11, "a tab character is used for indentation")
c("yaml-colon-title", SHARE, "title: Fixture: Sharing Sandwiches", 3, "mapping values are not allowed")
c("yaml-duplicate-key", "language: en\n", "language: en\nlanguage: es\n", 7, "the field 'language' appears twice (first on line 6)")
raw("yaml-list-root", "---\n- id\n- title\n---\n\nText.\n", 2, "not a list")
raw("yaml-scalar-root", "---\njust some words\n---\n\nText.\n", 2, "not a single value")
raw("yaml-empty", "---\n---\n\nText.\n", 1, "the front matter is empty")
c("yaml-unclosed-bracket", "addresses: [5.NF.B.3]", "addresses: [5.NF.B.3", 12, "YAML syntax error")
c("yaml-unclosed-quote", SHARE, 'title: "Fixture: Sharing Sandwiches', 3, "a quotation mark opened on this line is never closed")
c("yaml-python-tag", SHARE, 'title: !!python/object/apply:os.system ["echo owned"]', 3, "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")
c("yaml-custom-tag", SHARE, "title: !include ../../secrets.yml", 3, "the YAML tag '!include' is not allowed")
c("yaml-alias", "summary: A small", "summary: &s A small", 4, "YAML anchors (&s) are not allowed")
c("yaml-binary-tag", SHARE, "title: !!binary aGVsbG8=", 3, "is not allowed")
c("yaml-set-tag", "grades: [\"5\"]", "grades: !!set {a, b}", 9, "the YAML tag 'tag:yaml.org,2002:set' is not allowed")
laughs = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i, n in enumerate("bcdefghi"):
    laughs.append(f"{n}: &{n} [" + ",".join(["*" + "abcdefghi"[i]] * 9) + "]")
raw("yaml-billion-laughs", "---\n" + "\n".join(laughs) + "\n---\n\nText.\n", 2, "YAML anchors (&a) are not allowed")
raw("yaml-deep-nesting", "---\nid: yaml-deep-nesting\nx:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(20)) + "  " * 21 + "v: 1\n---\n", 15, "nested more than 12 levels deep")
raw("yaml-huge-front-matter", "---\nid: yaml-huge-front-matter\nsummary: \"" + "x" * 70_000 + "\"\n---\n", 2, "the front matter is 70,039 bytes; the limit is 64,000 bytes")
# --- encodings ---------------------------------------------------------------------------------
c("enc-latin1", "Compare drawings.", "Compare drawings: caf\u00e9.", 4, "probably '÷' saved as Latin-1", {"encoding": "latin-1"})
raw("enc-utf16", BASE.replace("id: fixture-sharing", "id: enc-utf16").encode("utf-16"), 1, "the file is saved as UTF-16")
raw("enc-nul-byte", BASE.replace("id: fixture-sharing", "id: enc-nul-byte").replace("Compare drawings.", "Compare\x00 drawings."), 102, "NUL character")
raw("enc-cp1252-quotes", BASE.replace("id: fixture-sharing", "id: enc-cp1252-quotes").replace("a ÷ b", "a / b").replace("Compare drawings.", "\u201cCompare\u201d drawings.").encode("cp1252"), 102, "byte 0x93")
# --- types and values --------------------------------------------------------------------------
c("type-grades-not-list", 'grades: ["5"]', 'grades: "5"', 9, "expected a list, found the text \"5\"")
c("type-minutes-text", "minutes: 45", "minutes: forty-five", 15, "expected a whole number, found the text \"forty-five\"")
c("value-negative-minutes", "minutes: 45", "minutes: -5", 15, "-5 is below the minimum of 1")
c("value-unknown-grouping", "grouping: [pairs]", "grouping: [triads]", 16, "\"triads\" is not one of the allowed values")
c("value-less-time-skip-and-minutes", "      skip: true\n", "      skip: true\n      minutes: 3\n", 28, "give either 'skip' or 'minutes', not both and not neither")
c("field-missing-student-goal", "student_goal: \"Let's share sandwiches and find out how much each friend gets.\"\n", "", 1, "the required field 'student_goal' is missing")
c("field-unknown", "language: en\n", "language: en\ntitel: Typo\n", 7, "'titel' is not a field here")
c("field-duration-is-gone", "minutes: 45\n", "minutes: 45\nduration:\n  total: 45\n", 16, "'duration' is not a field here")
c("field-missing-title", SHARE + "\n", "", 1, "the required field 'title' is missing")
c("field-missing-review", "review:\n  status: approved\n  records:\n    - reviewer: Math Hub review team\n      date: \"2026-05-10\"\n      rubric: fixture-review\n      outcome: approved\n", "", 1, "the required field 'review' is missing")
c("value-approved-without-records", "  records:\n    - reviewer: Math Hub review team\n      date: \"2026-05-10\"\n      rubric: fixture-review\n      outcome: approved\n", "", 47, "the required field 'records' is missing")
c("value-unknown-status", "status: approved", "status: done", 48, "\"done\" is not one of the allowed values")
c("value-impossible-date", 'updated: "2026-05-01"', 'updated: "2026-13-45"', 8, "\"2026-13-45\" is not a valid date")
c("value-licence-not-allowed", "license: CC-BY-4.0", "license: All rights reserved", 46, "is not one of the allowed values")
c("value-language-word", "language: en", "language: English", 6, "\"English\" is not written in the expected form")
c("value-video-without-captions", "captions: true", "captions: false", 44, "false is not allowed here; it must be true")
c("value-video-javascript-url", "url: https://video.example.org/sharing", "url: javascript:alert(1)", 41, "\"javascript:alert(1)\" is not written in the expected form")
c("value-title-too-long", SHARE, "title: \"" + "Long " * 40 + "\"", 3, "characters long; it must be at most 120")
c("value-id-not-a-slug", "id: value-id-not-a-slug", "id: Sharing_Sandwiches", 2, "\"Sharing_Sandwiches\" is not written in the expected form")
c("ref-id-does-not-match-folder", "id: ref-id-does-not-match-folder", "id: some-other-lesson", 2, "the id 'some-other-lesson' does not match the folder name 'ref-id-does-not-match-folder'")
c("ref-unknown-standard", "addresses: [5.NF.B.3]", "addresses: [5.NF.9]", 11, "unknown standard code: '5.NF.9' is not a CCSS-M standard")
c("ref-unknown-framework", "addresses: [5.NF.B.3]", "addresses: [\"TEKS:5.3A\"]", 11, "unknown standards framework 'TEKS'")
c("ref-unknown-practice", "practices: [MP2, MP3]", "practices: [MP2, MP9]", 14, "\"MP9\" is not written in the expected form")
c("ref-missing-rubric", "rubrics: [fixture-rubric]", "rubrics: [no-such-rubric]", 35, "there is no rubric 'no-such-rubric'")
c("ref-review-rubric-wrong-kind", "rubric: fixture-review", "rubric: fixture-rubric", 52, "'fixture-rubric' is not a review rubric")
c("ref-adapted-from-missing", "review:\n", "adapted_from:\n  cartridge: no-such-lesson\n  changes: A change.\nreview:\n", 48, "there is no cartridge 'no-such-lesson'")
c("ref-adapted-from-itself", "review:\n", "adapted_from:\n  cartridge: ref-adapted-from-itself\n  changes: A change.\nreview:\n", 48, "a cartridge cannot be adapted from itself")
c("ref-adapted-from-both", "review:\n", "adapted_from:\n  cartridge: fixture-sharing\n  source: {title: Elsewhere, url: \"https://example.org/x\", license: CC-BY-4.0}\n  changes: A change.\nreview:\n", 47, "give either 'cartridge' or 'source', not both and not neither")
# --- paths and files ---------------------------------------------------------------------------
c("path-traversal", "path: sharing-cards.pdf", "path: ../../etc/passwd", 38, "'../../etc/passwd' leads outside the cartridge folder")
c("path-absolute", "path: sharing-cards.pdf", "path: /etc/passwd", 38, "'/etc/passwd' is an absolute path")
c("path-windows-drive", "path: sharing-cards.pdf", "path: C:\\Windows\\win.ini", 38, "is an absolute path")
c("path-missing-file", "path: sharing-cards.pdf", "path: cards.pdf", 38, "the file 'cards.pdf' does not exist in the cartridge folder")
c("path-disallowed-type", "path: sharing-cards.pdf", "path: page.html", 38, "'page.html' is not an allowed file type", {"files": {"page.html": "<script>alert(1)</script>"}})
c("path-huge-attachment", "path: sharing-cards.pdf", "path: big.pdf", 38, "'big.pdf' is 11,000,000 bytes; the limit is 10,000,000 bytes", {"sizes": {"big.pdf": 11_000_000}})
c("path-symlink-out", "path: sharing-cards.pdf", "path: cards.pdf", 38, "'cards.pdf' is a link that leads outside the cartridge folder", {"symlinks": {"cards.pdf": "/etc/hostname"}})
# --- injection in the guide (OWASP XSS filter-evasion cheat sheet, adapted) ------------------------
body("xss-script-tag", "<script>alert('XSS')</script>", "the HTML tag <script> is not allowed")
body("xss-img-onerror", "<img src=x onerror=alert(1) alt=\"x\">", "the event attribute 'onerror' on <img> is not allowed")
body("xss-markdown-javascript-link", "[Click here](javascript:alert(1))", "a 'javascript:' address is not allowed")
body("xss-entity-encoded-scheme", "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>", "a 'javascript:' address is not allowed")
body("xss-decimal-entities", "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>", "a 'javascript:' address is not allowed")
body("xss-mixed-case-scheme", "<img src=\"JaVaScRiPt:alert('XSS')\" alt=\"a picture\">", "a 'javascript:' address is not allowed")
body("xss-iframe", "<iframe src=\"https://evil.example/\"></iframe>", "the HTML tag <iframe> is not allowed")
body("xss-object", "<object data=\"evil.swf\"></object>", "the HTML tag <object> is not allowed")
body("xss-embed", "<embed src=\"evil.swf\">", "the HTML tag <embed> is not allowed")
body("xss-style-url", "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>", "loads something")
body("xss-style-tag", "<style>@import 'http://evil.example/xss.css';</style>", "the HTML tag <style> is not allowed")
body("xss-svg-onload", "<svg/onload=alert('XSS')>", "the HTML tag <svg> is not allowed")
body("xss-body-onload", "<body onload=alert('XSS')>", "the HTML tag <body> is not allowed")
body("xss-data-html-link", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "a 'data:' address is not allowed")
body("xss-meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "the HTML tag <meta> is not allowed")
body("xss-form-action", "<form action=\"javascript:alert(1)\"><button>Go</button></form>", "the HTML tag <form> is not allowed")
body("xss-details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>", "the event attribute 'ontoggle' on <details> is not allowed")
body("xss-base-href", "<base href=\"javascript:/\">", "the HTML tag <base> is not allowed")
body("xss-vbscript-link", "[x](vbscript:msgbox(1))", "a 'vbscript:' address is not allowed")
body("xss-math-mxss", "<math><mtext><img src=x onerror=alert(1) alt=\"x\"></mtext></math>", "the event attribute 'onerror' on <img> is not allowed")
body("xss-nested-script", "<<script>alert(\"XSS\");//<</script>", "the HTML tag <script> is not allowed")
body("xss-link-stylesheet", "<link rel=\"stylesheet\" href=\"javascript:alert('XSS');\">", "the HTML tag <link> is not allowed")
body("xss-table-background", "<table background=\"javascript:alert('XSS')\"><tr><td>x</td></tr></table>", "a 'javascript:' address is not allowed")
body("xss-input-image", "<input type=\"image\" src=\"javascript:alert('XSS');\">", "the HTML tag <input> is not allowed")
body("xss-reference-link", "[x][evil]\n\n[evil]: javascript:alert(1)", "a 'javascript:' address is not allowed")
body("xss-autolink", "<javascript:alert(1)>", "a 'javascript:' address is not allowed")
body("img-remote", "![A remote picture](https://evil.example/track.png)", "images must be files in the cartridge folder")
body("img-no-alt", "![](diagram.svg)", "the image 'diagram.svg' has no alt text", {"files": {"diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"}})
body("img-missing-file", "![A diagram of shares](shares.svg)", "the image 'shares.svg' does not exist in the cartridge folder")
body("img-escaping-path", "![A secret](../../../etc/passwd)", "leads outside the cartridge folder")
# --- issue 10: ids, attribute lists, clobbering, remote images, limits (one per class) --------------------
body("xss-heading-id-breakout", "## Launch {#a\" onmouseover=\"alert(1)}", "attribute list")
body("xss-attr-list-reserved-id", "## Settings {#__config}", "the id '__config'")
body("xss-attr-list-event", "Read this.\n{: onclick=\"alert(1)\" }", "the attribute 'onclick' is not allowed")
body("xss-clobber-config", "<div id=\"__config\">{}</div>", "the id '__config' on <div>")
body("xss-clobber-theme-class", "<div class=\"md-header\">Fake header</div>", "the class 'md-header' on <div> is not one of the classes lessons may use")
body("img-backslash-host", "![A picture](\\\\evil.example/track.png)", "images must be files in the cartridge folder")
body("img-protocol-relative", "<img src=\"//evil.example/t.png\" alt=\"x\">", "images must be files in the cartridge folder")
body("limit-long-line", "word " * 2_500, "the line is 12,500 characters long; the limit is 10,000")
body("limit-nested-list", "\n".join("    " * i + "- item" for i in range(14)), "nested 14 levels deep")
body("limit-nested-divs", "<div>" * 40 + "x" + "</div>" * 40, "HTML elements are nested more than 32 levels deep")
body("limit-unclosed-tag", "A fraction a<b is smaller.", "'<' starts the HTML tag <b> that is never closed")
body("limit-unclosed-comment", "Text <!-- never closed", "'<' starts an HTML comment that is never closed")
body("limit-complex-paragraph", "[a " * 1_000, "this paragraph is too complex to publish safely")
body("limit-long-formula", "$" + "x+" * 1_100 + "1$", "the formula is 2,201 characters long; the limit is 2,000")
c("value-control-character", SHARE, "title: \"Fixture\\u001b[2J: Sharing Sandwiches\"", 3, "the text contains the control character U+001B")
c("value-id-trailing-newline", "id: value-id-trailing-newline", "id: \"value-id-trailing-newline\\n\"", 2, "is not written in the expected form")
raw("body-control-character", BASE.replace("id: fixture-sharing", "id: body-control-character").replace("Compare drawings.", "Compare\x1b[31m drawings."),
    BASE[: BASE.index("Compare drawings.")].count("\n") + 1, "the text contains the control character U+001B")
# --- SVG files ---------------------------------------------------------------------------------------
svg_script = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n</svg>\n"
svg_href = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://evil.example/x.png\"/>\n</svg>\n"
svg_event = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">\n</svg>\n"
svg_entity = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"aaaa\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>\n"
SVG_OPEN = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
for name, svg, line, message in (
    ("svg-prefixed-script", "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\">\n<s:script>alert(1)</s:script>\n</s:svg>\n", 2, "the SVG element <script> is not allowed"),
    ("svg-foreign-object", SVG_OPEN + "<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>\n</svg>\n", 2, "the SVG element <foreignObject> is not allowed"),
    ("svg-animate-href", SVG_OPEN + "<a><animate attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a>\n</svg>\n", 2, "the SVG element <animate> is not allowed"),
    ("svg-style-import", SVG_OPEN + "<style>@import url(https://evil.example/x.css);</style>\n</svg>\n", 2, "CSS at-rules other than @media (@import, @font-face...) are not allowed"),
    ("svg-style-escaped-url", SVG_OPEN + "<style>rect { fill: \\75 rl(https://evil.example/x.png) }</style>\n</svg>\n", 2, "CSS refers to 'https://evil.example/x.png' outside the file"),
    ("svg-javascript-link", SVG_OPEN + "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>\n</svg>\n", 2, "a 'javascript:' link is not allowed"),
    ("svg-script", svg_script, 2, "the SVG element <script> is not allowed"),
    ("svg-external-image", svg_href, 2, "the SVG refers to 'https://evil.example/x.png' outside the file"),
    ("svg-onload", svg_event, 1, "the SVG event attribute 'onload' is not allowed"),
    ("svg-entity", svg_entity, 2, "SVG files may not declare a DOCTYPE or entities"),
):
    text = BASE.replace("id: fixture-sharing", f"id: {name}") + "\n![A diagram of shares](diagram.svg)\n"
    cartridges.append((name, text, line, message, {"files": {"diagram.svg": svg}, "problem_file": "diagram.svg"}))
cartridges.append((
    "svg-uppercase-extension", BASE.replace("id: fixture-sharing", "id: svg-uppercase-extension") + "\n![A diagram](Diagram.SVG)\n",
    2, "the SVG element <script> is not allowed", {"files": {"Diagram.SVG": svg_script}, "problem_file": "Diagram.SVG"},
))

# --- editorial rules: one lesson per rule and kind of message --------------------------------------------
APPROVED = """review:
  status: approved
  records:
    - reviewer: Math Hub review team
      date: "2026-05-10"
      rubric: fixture-review
      outcome: approved
"""


def rule(name: str, rule_id: str, changes: list[tuple[str, str]], at: str | tuple[str, int], severity: str = "error", *, draft: bool = False, files: dict[str, str] | None = None, problem_file: str = "index.md") -> None:
    """A lesson with ``changes`` (old, new) applied; the finding is on the line where ``at`` first (or n-th) occurs."""
    text = BASE.replace("id: fixture-sharing", f"id: {name}")
    if draft:
        text = text.replace(APPROVED, "review:\n  status: draft\n")
    for old, new in changes:
        assert text.count(old) >= 1, (name, old)
        text = text.replace(old, new, 1)
    needle, occurrence = (at, 1) if isinstance(at, str) else at
    position = -1
    for _ in range(occurrence):
        position = text.index(needle, position + 1)
    line = text.count("\n", 0, position) + 1 if problem_file == "index.md" else 1
    extra: dict[str, object] = {"files": files or {}, "problem_file": problem_file}
    rule_cases.append((name, text, rule_id, line, severity, extra))


SYNTHESIS = "## Lesson synthesis (10 minutes)"
ACTIVITY = "## Activity 1: Three sandwiches, four friends (20 minutes)"
TASK_2 = "2. How much sandwich does each friend get?"
WARM_UP_TASK = "Two friends share one sandwich equally. How much does each friend get? {space: lines 2}"
WARM_UP_LAUNCH = "### Launch\n\nGive one minute of quiet think time.\n\n"
WARM_UP_SYNTHESIS = "### Activity synthesis\n\nAsk how they know the two shares are equal.\n"
rule("rule-unknown-section", "unknown-section", [(SYNTHESIS, "## Explore (20 minutes)\n\nStudents explore.\n\n" + SYNTHESIS)], "## Explore")
rule("rule-unknown-section-level-1", "unknown-section", [("---\n\n## Warm-up", "---\n\n# Sharing Sandwiches\n\n## Warm-up")], "# Sharing")
rule("rule-unknown-section-setext", "unknown-section", [("Compare drawings.\n", "Compare drawings\n---\n")], "Compare drawings")
rule("rule-text-outside-sections", "text-outside-sections", [("---\n\n## Warm-up", "---\n\nStudents already know halves.\n\n## Warm-up")], "Students already know halves.")
rule("rule-section-order", "section-order", [(SYNTHESIS, "## Overview\n\nA second overview, in the wrong place.\n\n" + SYNTHESIS)], "## Overview")
rule("rule-section-order-numbering", "section-order", [(ACTIVITY, ACTIVITY.replace("Activity 1", "Activity 2")), ("activity: activity-1", "activity: activity-2")], "## Activity 2")
rule("rule-section-order-repeated", "section-order", [("3. $7 \\div 2", "3. $7 \\div 2"), ("sandwiches each.\n", "sandwiches each.\n\n## Practice problems\n\nMore problems.\n")], ("## Practice problems", 2))
rule("rule-heading-minutes", "heading-minutes", [(SYNTHESIS, "## Lesson synthesis")], "## Lesson synthesis")
rule("rule-heading-minutes-malformed", "heading-minutes", [(SYNTHESIS, "## Lesson synthesis (10 min)")], "## Lesson synthesis")
rule("rule-heading-minutes-untimed", "heading-minutes", [("## Student lesson summary", "## Student lesson summary (5 minutes)")], "## Student lesson summary")
rule("rule-heading-title", "heading-title", [(ACTIVITY, "## Activity 1 (20 minutes)")], "## Activity 1")
rule("rule-unknown-part", "unknown-part", [("### Questions to ask", "### Questions for students")], "### Questions for students")
rule("rule-unknown-part-extension-in-warm-up", "unknown-part", [(WARM_UP_SYNTHESIS, WARM_UP_SYNTHESIS + "\n### Extension\n\nShare one sandwich among four friends.\n")], "### Extension")
rule("rule-part-order", "part-order", [(WARM_UP_LAUNCH + "### Student task\n\n" + WARM_UP_TASK + "\n\n", "### Student task\n\n" + WARM_UP_TASK + "\n\n" + WARM_UP_LAUNCH)], "### Launch")
rule("rule-part-order-repeated", "part-order", [(WARM_UP_SYNTHESIS, WARM_UP_SYNTHESIS + "\n### Launch\n\nStart again.\n")], ("### Launch", 2))
rule("rule-minutes-do-not-add-up", "minutes-do-not-add-up", [("minutes: 45", "minutes: 50")], "minutes: 50")
rule("rule-minutes-do-not-add-up-less-time", "minutes-do-not-add-up", [("  minutes: 35", "  minutes: 30")], "  minutes: 30")
rule("rule-less-time-activity", "less-time-activity", [("activity: activity-1", "activity: activity-3")], "activity-3")
rule("rule-less-time-activity-longer", "less-time-activity", [("      minutes: 15\n", "      minutes: 25\n")], "      minutes: 25")
rule("rule-missing-part", "missing-part", [(WARM_UP_SYNTHESIS, "")], "## Warm-up")
rule("rule-missing-part-draft", "missing-part", [(WARM_UP_SYNTHESIS, "")], "## Warm-up", "warning", draft=True)
rule("rule-missing-part-section", "missing-part", [("## Student lesson summary\n\nWhen $a$ wholes are shared equally by $b$ people, each person gets $\\frac{a}{b}$ of a whole.\n\n", "")], "## Practice problems")
rule("rule-task-without-answer", "task-without-answer", [("2. $3 \\div 4 = \\frac{3}{4}$ of a sandwich.\n", "")], TASK_2)
rule("rule-responses-count", "responses-count", [("2. $3 \\div 4 = \\frac{3}{4}$ of a sandwich.\n", "2. $3 \\div 4 = \\frac{3}{4}$ of a sandwich.\n3. An extra response.\n")], "3. An extra response.")
rule("rule-responses-count-not-a-list", "responses-count", [("1. Drawings vary. For example", "Drawings vary. For example"), ("2. $3 \\div 4 = \\frac{3}{4}$ of a sandwich.\n", "Each friend gets $\\frac{3}{4}$ of a sandwich.\n")], ("### Expected responses", 2))
rule("rule-empty-student-task", "empty-student-task", [(WARM_UP_TASK + "\n\n", "")], "### Student task")
rule("rule-todo-left", "todo-left", [("Compare drawings.", "TODO: compare drawings.")], "TODO: compare")
rule("rule-todo-left-draft", "todo-left", [("Compare drawings.", "TODO: compare drawings.")], "TODO: compare", "warning", draft=True)
rule("rule-answer-in-student-text", "answer-in-student-text", [(TASK_2, TASK_2 + " $3 \\div 4 = \\frac{3}{4}$ of a sandwich.")], TASK_2)
rule("rule-answer-in-student-text-label", "answer-in-student-text", [("three friends. How much does each friend get?\n", "three friends. How much does each friend get?\n\nAnswer: two thirds.\n")], "Answer: two thirds.")
rule("rule-answer-in-student-text-words", "answer-in-student-text", [("eight friends. How much does each friend get?", "eight friends. How much does each friend get? Then check the answer key.")], "eight friends. How much")
rule("rule-practice-problems", "practice-problems", [("3. Write a division equation for 7 sandwiches shared equally by 2 friends.\n", ""), ("3. $7 \\div 2 = \\frac{7}{2} = 3\\frac{1}{2}$ sandwiches each.\n", "")], "### Problems")
rule("rule-practice-problems-answer", "practice-problems", [("3. $7 \\div 2 = \\frac{7}{2} = 3\\frac{1}{2}$ sandwiches each.\n", "")], "3. Write a division equation")
rule("rule-target-phrasing", "target-phrasing", [("targets: [I can share", "targets: [Share")], "targets:", "warning")
rule("rule-task-options", "task-options", [("{space: box 8}", "{space: box 40}")], "1. Draw how")
rule("rule-task-options-unknown", "task-options", [("{space: box 8}", "{spaces: box 8}")], "1. Draw how")
rule("rule-task-options-not-last-line", "task-options", [(WARM_UP_TASK, "Two friends share one sandwich equally. {space: lines 2}\nHow much does each friend get?")], "Two friends share one sandwich equally.")
rule("rule-literal-dollar", "literal-dollar", [("Compare drawings.", "Compare drawings that cost $5 each.")], "Compare drawings that")
rule("rule-literal-dollar-display", "literal-dollar", [("$$3 \\div 4", "$$\n$$\n$$3 \\div 4")], "$$\n$$\n")
rule("rule-literal-dollar-front-matter", "literal-dollar", [("summary: A small fixture lesson in which students share sandwiches and see that a ÷ b = a/b.", "summary: A small fixture lesson in which each sandwich costs $2.")], "summary:")
rule("rule-task-reference", "task-reference", [("Compare drawings.", "Compare drawings from question {task 7}.")], "Compare drawings from")
rule("rule-task-number-in-text", "task-number-in-text", [("Compare drawings.", "Compare drawings from question 2.")], "Compare drawings from", "warning")
rule("rule-handout-file", "handout-file", [], "---", files={"handout.md": "## Tasks\n\nShare one sandwich between two friends.\n"}, problem_file="handout.md")
rule("rule-vocabulary-term", "vocabulary-term", [("less_time:\n", "  - term: Quotient\n    definition: What you get when you divide.\nless_time:\n")], "  - term: Quotient")
rule("rule-image-alt-text", "image-alt-text", [("Compare drawings.\n", "Compare drawings.\n\n![cut](cut.svg)\n")], "![cut]", files={"cut.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"})


# --- rubrics ------------------------------------------------------------------------------------------
def r(name: str, old: str, new: str, line: int, message: str) -> None:
    text = RUBRIC.replace("id: fixture-rubric", f"id: {name}")
    assert old in text, (name, old)
    rubrics.append((name, text.replace(old, new, 1), line, message))


r("rubric-levels-ascending", "      - score: 2\n        label: Meets\n        descriptor: I drew equal shares that match the story.\n      - score: 1\n        label: Beginning\n        descriptor: My drawing does not match the story yet.\n",
  "      - score: 1\n        label: Beginning\n        descriptor: My drawing does not match the story yet.\n      - score: 2\n        label: Meets\n        descriptor: I drew equal shares that match the story.\n", 9, "levels are not listed from highest to lowest score")
r("rubric-duplicate-scores", "score: 1", "score: 2", 9, "two levels have the same score")
r("rubric-unknown-kind", "kind: analytic", "kind: numeric", 4, "\"numeric\" is not one of the allowed values")
r("rubric-missing-criteria", "criteria:", "criteria_list:", 1, "the required field 'criteria' is missing")
r("rubric-score-too-high", "score: 2", "score: 11", 10, "11 is above the maximum of 10")
r("rubric-id-mismatch", "id: rubric-id-mismatch", "id: another-rubric", 2, "does not match the file name 'rubric-id-mismatch.md'")
r("rubric-unknown-standard", "standards: [5.NF.B.3]", "standards: [5.NF.B.9]", 6, "unknown standard code")
r("rubric-script-in-guidance", "Score the drawing.", "Score the drawing. <script>alert(1)</script>", 22, "the HTML tag <script> is not allowed")
r("rubric-latin1", "Score the drawing.", "Score the drawing.", 22, "")  # replaced below with bytes
rubrics[-1] = ("rubric-latin1", RUBRIC.replace("id: fixture-rubric", "id: rubric-latin1").replace("Score the drawing.", "Notez le dessin: caf\u00e9.").encode("latin-1"), 22, "the file is not valid UTF-8")

# --- usage logs -----------------------------------------------------------------------------------------
usage += [
    ("student-name-column", "date,school,grade,cartridge,sessions,students,student_name\n2026-01-05,A,5,fixture-sharing,1,20,Ana\n", 1, "the column 'student_name' looks like it identifies students"),
    ("email-column", "date,school,grade,cartridge,sessions,students,Email\n2026-01-05,A,5,fixture-sharing,1,20,a@example.org\n", 1, "the column 'Email' looks like it identifies students"),
    ("student-id-column", "date,school,grade,cartridge,sessions,students,Student ID\n2026-01-05,A,5,fixture-sharing,1,20,123\n", 1, "the column 'Student ID' looks like it identifies students"),
    ("missing-column", "date,school,grade,cartridge,sessions\n2026-01-05,A,5,fixture-sharing,1\n", 1, "the required column 'students' is missing"),
    ("duplicate-column", "date,school,grade,cartridge,sessions,students,students\n2026-01-05,A,5,fixture-sharing,1,20,21\n", 1, "the column 'students' appears more than once"),
    ("latin1", (USAGE_HEADER + "2026-01-05,\u00c9cole A,5,fixture-sharing,1,20,\n").encode("latin-1"), 2, "the file is not valid UTF-8"),
    ("utf16", (USAGE_HEADER + USAGE_ROW).encode("utf-16"), 1, "the file is saved as UTF-16"),
    ("empty-file", "", 1, "the file is empty"),
    ("impossible-date", USAGE_HEADER + "2026-02-30,A,5,fixture-sharing,1,20,\n", 2, "'2026-02-30' is not a real date"),
    ("us-date", USAGE_HEADER + "01/05/2026,A,5,fixture-sharing,1,20,\n", 2, "'01/05/2026' is not a date written YYYY-MM-DD"),
    ("negative-count", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1,-4,\n", 2, "the students count -4 is negative"),
    ("fractional-sessions", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1.5,20,\n", 2, "the sessions count 1.5 is not a whole number"),
    ("huge-count", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1,999999,\n", 2, "the students count 999999 is outside 0–1000"),
    ("unknown-cartridge", USAGE_HEADER + "2026-01-05,A,5,fixture-sharin,1,20,\n", 2, "there is no cartridge 'fixture-sharin'"),
    ("bad-grade", USAGE_HEADER + "2026-01-05,A,Grade 5,fixture-sharing,1,20,\n", 2, "'Grade 5' is not a grade"),
    ("outcome-percent", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1,20,75\n", 2, "the outcome 75 is outside 0–1"),
    ("outcome-text", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1,20,most\n", 2, "'most' is not a number"),
    ("ragged-row", USAGE_HEADER + "2026-01-05,A,5,fixture-sharing,1,20,0.5,extra,fields\n", 2, "row 2 has 9 fields but the header has 7"),
    ("empty-school", USAGE_HEADER + "2026-01-05,,5,fixture-sharing,1,20,\n", 2, "the school is empty"),
    ("camel-case-student-column", "date,school,grade,cartridge,sessions,students,StudentFirstName\n2026-01-05,A,5,fixture-sharing,1,20,Ana\n", 1, "the column 'StudentFirstName' looks like it identifies students"),
    ("zero-width-student-column", "date,school,grade,cartridge,sessions,students,student\u200bname\n2026-01-05,A,5,fixture-sharing,1,20,Ana\n", 1, "the column 'student\\u200bname' looks like it identifies students"),
    ("line-break-student-column", 'date,school,grade,cartridge,sessions,students,"Student\nName"\n2026-01-05,A,5,fixture-sharing,1,20,Ana\n', 1, "the column 'Student\\x0aName' looks like it identifies students"),
    ("spanish-student-column", "date,school,grade,cartridge,sessions,students,nombre_del_estudiante\n2026-01-05,A,5,fixture-sharing,1,20,Ana\n", 1, "the column 'nombre_del_estudiante' looks like it identifies students"),
    ("state-id-column", "date,school,grade,cartridge,sessions,students,SASID\n2026-01-05,A,5,fixture-sharing,1,20,123\n", 1, "the column 'SASID' looks like it identifies students"),
    ("future-date", USAGE_HEADER + "2999-01-05,A,5,fixture-sharing,1,20,\n", 2, "the date 2999-01-05 is in the future"),
    ("school-too-long", USAGE_HEADER + "2026-01-05," + "S" * 121 + ",5,fixture-sharing,1,20,\n", 2, "the school is 121 characters long; at most 120 are allowed"),
]


def record_rules(expected: dict[str, dict[str, object]]) -> None:
    """Validate the rule cases in a copy of the fixture library; pin each case's message and hint."""
    sys.path.insert(0, str(HERE.parent.parent / "plugins"))
    from mathhub import load_repository

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(HERE.parent / "fixtures/library", repo)
        shutil.copytree(HERE.parent.parent / "schema", repo / "schema")
        cards = repo / "content/cartridges/fixture-sharing/sharing-cards.pdf"
        for name, *_ in rule_cases:
            shutil.copytree(HERE / "rules" / name, repo / "content/cartridges" / name)
            shutil.copy(cards, repo / "content/cartridges" / name / "sharing-cards.pdf")
        problems = load_repository(repo).problems
    for name, _, rule_id, line, severity, extra in rule_cases:
        path = f"content/cartridges/{name}/{extra['problem_file']}"
        mine = [p for p in problems if p.path.startswith(f"content/cartridges/{name}/")]
        others = [p.format() for p in mine if p.rule != rule_id]
        assert not others, f"{name}: a rule case must break only its rule:\n" + "\n".join(others)
        found = [p for p in mine if p.path == path and p.line == line]
        assert len(found) == 1 and found[0].severity == severity, f"{name}: expected one {severity} of {rule_id} on line {line}, found:\n" + "\n".join(p.format() for p in mine)
        problem = found[0]
        expected[f"rules/{name}"] = {
            "rule": rule_id, "line": line, "column": problem.column, "severity": severity, "field": problem.field,
            "message": problem.message, "hint": problem.hint, "problem_file": extra["problem_file"],
        }


def main() -> None:
    for folder in ("cartridges", "rubrics", "usage", "rules"):
        shutil.rmtree(HERE / folder, ignore_errors=True)
        (HERE / folder).mkdir()
    expected: dict[str, dict[str, object]] = {}
    for name, text, line, message, extra in cartridges:
        folder = HERE / "cartridges" / name
        folder.mkdir()
        data = text if isinstance(text, bytes) else text.encode(str(extra.get("encoding", "utf-8")))
        (folder / "index.md").write_bytes(data)
        for file, content in dict(extra.get("files", {})).items():  # type: ignore[arg-type]
            (folder / file).write_text(str(content), encoding="utf-8")
        entry: dict[str, object] = {"line": line, "message": message}
        for key in ("sizes", "symlinks", "problem_file"):
            if key in extra:
                entry[key] = extra[key]
        expected[f"cartridges/{name}"] = entry
    for name, text, line, message in rubrics:
        (HERE / "rubrics" / f"{name}.md").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        expected[f"rubrics/{name}.md"] = {"line": line, "message": message}
    for name, text, line, message in usage:
        (HERE / "usage" / f"{name}.csv").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        expected[f"usage/{name}.csv"] = {"line": line, "message": message}
    for name, text, _, _, _, extra in rule_cases:
        folder = HERE / "rules" / name
        folder.mkdir()
        (folder / "index.md").write_text(text, encoding="utf-8")
        for file, content in dict(extra["files"]).items():  # type: ignore[call-overload]
            (folder / file).write_text(str(content), encoding="utf-8")
    record_rules(expected)
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cartridges)} cartridges, {len(rubrics)} rubrics, {len(usage)} usage logs, {len(rule_cases)} rule cases")


if __name__ == "__main__":
    main()
