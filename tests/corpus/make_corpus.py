#!/usr/bin/env python3
"""Write the bad-input corpus: one small input per fault, and the message each must produce.

Run from anywhere: ``python tests/corpus/make_corpus.py``. It rewrites ``cartridges/``,
``rubrics/``, ``usage/`` and ``expected.json`` beside itself; review the diff like any
other change, because ``expected.json`` is what the tests pin.
"""

from __future__ import annotations

import json
import shutil
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
c("yaml-tab", "  addresses: [5.NF.B.3]", "\taddresses: [5.NF.B.3]", 10, "a tab character is used for indentation")
c("yaml-colon-title", SHARE, "title: Fixture: Sharing Sandwiches", 3, "mapping values are not allowed")
c("yaml-duplicate-key", "language: en\n", "language: en\nlanguage: es\n", 6, "the field 'language' appears twice (first on line 5)")
raw("yaml-list-root", "---\n- id\n- title\n---\n\nText.\n", 2, "not a list")
raw("yaml-scalar-root", "---\njust some words\n---\n\nText.\n", 2, "not a single value")
raw("yaml-empty", "---\n---\n\nText.\n", 1, "the front matter is empty")
c("yaml-unclosed-bracket", "addresses: [5.NF.B.3]", "addresses: [5.NF.B.3", 11, "YAML syntax error")
c("yaml-unclosed-quote", SHARE, 'title: "Fixture: Sharing Sandwiches', 3, "a quotation mark opened on this line is never closed")
c("yaml-python-tag", SHARE, 'title: !!python/object/apply:os.system ["echo owned"]', 3, "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")
c("yaml-custom-tag", SHARE, "title: !include ../../secrets.yml", 3, "the YAML tag '!include' is not allowed")
c("yaml-alias", "summary: A small", "summary: &s A small", 4, "YAML anchors (&s) are not allowed")
c("yaml-binary-tag", SHARE, "title: !!binary aGVsbG8=", 3, "is not allowed")
c("yaml-set-tag", "grades: [\"5\"]", "grades: !!set {a, b}", 8, "the YAML tag 'tag:yaml.org,2002:set' is not allowed")
laughs = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for i, n in enumerate("bcdefghi"):
    laughs.append(f"{n}: &{n} [" + ",".join(["*" + "abcdefghi"[i]] * 9) + "]")
raw("yaml-billion-laughs", "---\n" + "\n".join(laughs) + "\n---\n\nText.\n", 2, "YAML anchors (&a) are not allowed")
raw("yaml-deep-nesting", "---\nid: yaml-deep-nesting\nx:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(20)) + "  " * 21 + "v: 1\n---\n", 15, "nested more than 12 levels deep")
raw("yaml-huge-front-matter", "---\nid: yaml-huge-front-matter\nsummary: \"" + "x" * 70_000 + "\"\n---\n", 2, "the front matter is 70,039 bytes; the limit is 64,000 bytes")
# --- encodings ---------------------------------------------------------------------------------
c("enc-latin1", "Compare drawings.", "Compare drawings: caf\u00e9.", 4, "probably '÷' saved as Latin-1", {"encoding": "latin-1"})
raw("enc-utf16", BASE.replace("id: fixture-sharing", "id: enc-utf16").encode("utf-16"), 1, "the file is saved as UTF-16")
raw("enc-nul-byte", BASE.replace("id: fixture-sharing", "id: enc-nul-byte").replace("Compare drawings.", "Compare\x00 drawings."), 66, "NUL character")
raw("enc-cp1252-quotes", BASE.replace("id: fixture-sharing", "id: enc-cp1252-quotes").replace("a ÷ b", "a / b").replace("Compare drawings.", "\u201cCompare\u201d drawings.").encode("cp1252"), 66, "byte 0x93")
# --- types and values --------------------------------------------------------------------------
c("type-grades-not-list", 'grades: ["5"]', 'grades: "5"', 8, "expected a list, found the text \"5\"")
c("type-total-text", "total: 45", "total: forty-five", 15, "expected a whole number, found the text \"forty-five\"")
c("value-negative-minutes", "warm-up: 5", "warm-up: -5", 17, "-5 is below the minimum of 1")
c("value-unknown-phase", "warm-up: 5", "brainstorm: 5", 16, "\"brainstorm\" is not one of the allowed values")
c("value-phases-do-not-add-up", "total: 45", "total: 50", 15, "the phases add up to 45 minutes, but the total is 50")
c("field-unknown", "language: en\n", "language: en\ntitel: Typo\n", 6, "'titel' is not a field here")
c("field-missing-title", SHARE + "\n", "", 1, "the required field 'title' is missing")
c("field-missing-review", "review:\n  status: approved\n  records:\n    - reviewer: Math Hub review team\n      date: \"2026-05-10\"\n      rubric: fixture-review\n      outcome: approved\n", "", 1, "the required field 'review' is missing")
c("value-approved-without-records", "  records:\n    - reviewer: Math Hub review team\n      date: \"2026-05-10\"\n      rubric: fixture-review\n      outcome: approved\n", "", 41, "the required field 'records' is missing")
c("value-unknown-status", "status: approved", "status: done", 42, "\"done\" is not one of the allowed values")
c("value-impossible-date", 'updated: "2026-05-01"', 'updated: "2026-13-45"', 7, "\"2026-13-45\" is not a valid date")
c("value-licence-not-allowed", "license: CC-BY-4.0", "license: All rights reserved", 40, "is not one of the allowed values")
c("value-language-word", "language: en", "language: English", 5, "\"English\" is not written in the expected form")
c("value-target-not-i-can", "targets: [I can share things equally and name each share as a fraction.]", "targets: [Share things equally.]", 27, "\"Share things equally.\" is not written in the expected form")
c("value-video-without-captions", "captions: true", "captions: false", 38, "false is not allowed here; it must be true")
c("value-video-javascript-url", "url: https://video.example.org/sharing", "url: javascript:alert(1)", 35, "\"javascript:alert(1)\" is not written in the expected form")
c("value-title-too-long", SHARE, "title: \"" + "Long " * 40 + "\"", 3, "characters long; it must be at most 120")
c("value-id-not-a-slug", "id: value-id-not-a-slug", "id: Sharing_Sandwiches", 2, "\"Sharing_Sandwiches\" is not written in the expected form")
c("ref-id-does-not-match-folder", "id: ref-id-does-not-match-folder", "id: some-other-lesson", 2, "the id 'some-other-lesson' does not match the folder name 'ref-id-does-not-match-folder'")
c("ref-unknown-standard", "addresses: [5.NF.B.3]", "addresses: [5.NF.9]", 10, "unknown standard code: '5.NF.9' is not a CCSS-M standard")
c("ref-unknown-framework", "addresses: [5.NF.B.3]", "addresses: [\"TEKS:5.3A\"]", 10, "unknown standards framework 'TEKS'")
c("ref-unknown-practice", "practices: [MP2, MP3]", "practices: [MP2, MP9]", 13, "\"MP9\" is not written in the expected form")
c("ref-missing-rubric", "rubrics: [fixture-rubric]", "rubrics: [no-such-rubric]", 29, "there is no rubric 'no-such-rubric'")
c("ref-review-rubric-wrong-kind", "rubric: fixture-review", "rubric: fixture-rubric", 46, "'fixture-rubric' is not a review rubric")
c("ref-adapted-from-missing", "review:\n", "adapted_from:\n  cartridge: no-such-lesson\n  changes: A change.\nreview:\n", 42, "there is no cartridge 'no-such-lesson'")
c("ref-adapted-from-itself", "review:\n", "adapted_from:\n  cartridge: ref-adapted-from-itself\n  changes: A change.\nreview:\n", 42, "a cartridge cannot be adapted from itself")
c("ref-adapted-from-both", "review:\n", "adapted_from:\n  cartridge: fixture-sharing\n  source: {title: Elsewhere, url: \"https://example.org/x\", license: CC-BY-4.0}\n  changes: A change.\nreview:\n", 41, "give either 'cartridge' or 'source', not both and not neither")
# --- paths and files ---------------------------------------------------------------------------
c("path-traversal", "path: sharing-cards.pdf", "path: ../../etc/passwd", 32, "'../../etc/passwd' leads outside the cartridge folder")
c("path-absolute", "path: sharing-cards.pdf", "path: /etc/passwd", 32, "'/etc/passwd' is an absolute path")
c("path-windows-drive", "path: sharing-cards.pdf", "path: C:\\Windows\\win.ini", 32, "is an absolute path")
c("path-missing-file", "path: sharing-cards.pdf", "path: cards.pdf", 32, "the file 'cards.pdf' does not exist in the cartridge folder")
c("path-disallowed-type", "path: sharing-cards.pdf", "path: page.html", 32, "'page.html' is not an allowed file type", {"files": {"page.html": "<script>alert(1)</script>"}})
c("path-huge-attachment", "path: sharing-cards.pdf", "path: big.pdf", 32, "'big.pdf' is 11,000,000 bytes; the limit is 10,000,000 bytes", {"sizes": {"big.pdf": 11_000_000}})
c("path-symlink-out", "path: sharing-cards.pdf", "path: cards.pdf", 32, "'cards.pdf' is a link that leads outside the cartridge folder", {"symlinks": {"cards.pdf": "/etc/hostname"}})
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
raw("body-control-character", BASE.replace("id: fixture-sharing", "id: body-control-character").replace("Compare drawings.", "Compare\x1b[31m drawings."), 66, "the text contains the control character U+001B")
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
    text = BASE.replace("id: fixture-sharing", f"id: {name}") + "\n![A diagram](diagram.svg)\n"
    cartridges.append((name, text, line, message, {"files": {"diagram.svg": svg}, "problem_file": "diagram.svg"}))
cartridges.append((
    "svg-uppercase-extension", BASE.replace("id: fixture-sharing", "id: svg-uppercase-extension") + "\n![A diagram](Diagram.SVG)\n",
    2, "the SVG element <script> is not allowed", {"files": {"Diagram.SVG": svg_script}, "problem_file": "Diagram.SVG"},
))

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


def main() -> None:
    for folder in ("cartridges", "rubrics", "usage"):
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
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cartridges)} cartridges, {len(rubrics)} rubrics, {len(usage)} usage logs")


if __name__ == "__main__":
    main()
