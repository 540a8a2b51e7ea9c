"""Several standards frameworks side by side: CASE import, validation, the library, the site and coverage.

The Example State Mathematics Standards (ESMS) are an invented framework published as a CASE package in
``fixtures/case/`` (see ``make_package.py``); ``conftest.frameworks_library`` imports it the way a district would.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CASE_FIXTURES, build_site, copy_library, frameworks_library, mathhub, run
from mathhub.case_import import ImportOptions, import_case, render_catalogue
from mathhub.framework_files import load_repository_catalogue
from mathhub.library import index_library
from mathhub.repository import load_repository
from mathhub.standards import CATALOGUE_DIR, Catalogue, load_catalogue

PACKAGE = CASE_FIXTURES / "esms-package.json"
CROSSWALK = CASE_FIXTURES / "esms-crosswalk.csv"

SECOND = {
    "framework": {"id": "TEST", "name": "Test State Standards", "notice": "Test notice.", "credits": [], "grades": ["5"]},
    "categories": [],
    "domains": [{"code": "FR", "grade": "5", "category": "", "name": "Fractions"}],
    "clusters": [{
        "code": "5.FR.A", "alt": "", "grade": "5", "category": "", "domain": "FR", "letter": "A", "heading": "Fractions as division",
        "emphasis": "", "widely_applicable_prerequisite": False, "modeling": False, "uri": "",
    }],
    "standards": [{
        "code": "5.FR.1", "alt": "", "legacy": "", "level": "standard", "parent": "", "grade": "5", "category": "", "domain": "FR",
        "cluster": "5.FR.A", "text": "Explain a fraction as the division of its numerator by its denominator.", "notes": [],
        "advanced": False, "modeling": False, "uri": "",
    }],
    "practices": [],
    "edges": [],
}


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def imported(tmp_path: Path, crosswalk: bool = True) -> dict:
    result = import_case(PACKAGE, "esms-package.json", ImportOptions("ESMS", crosswalk=CROSSWALK if crosswalk else None, crosswalk_display="esms-crosswalk.csv"), load_catalogue().default)
    assert result.ok, result.problems
    assert [p for p in result.problems if p.severity == "error"] == []
    return result.document  # type: ignore[return-value]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("catalogue") / "frameworks"
    folder.mkdir()
    (folder / "esms.json").write_text(render_catalogue(imported(folder)), encoding="utf-8")
    found, problems = load_repository_catalogue(folder, lambda p: p.name)
    assert problems == []
    return found


# -- the regression ------------------------------------------------------------------------------

def test_a_lesson_aligned_to_a_second_framework_renders_every_page(tmp_path: Path) -> None:
    """Regression: a `FW:code` lesson passed validation, then the build crashed with KeyError."""
    from mathhub.site.pages import SitePlan

    catalogue_dir = tmp_path / "catalogue"
    catalogue_dir.mkdir()
    shutil.copy(CATALOGUE_DIR / "ccss-m.json", catalogue_dir / "ccss-m.json")
    (catalogue_dir / "test.json").write_text(json.dumps(SECOND), encoding="utf-8")
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.B.3, TEST:5.fr.1]"), encoding="utf-8")
    repository = load_repository(repo, catalogue=load_catalogue(catalogue_dir))
    assert repository.ok, repository.problems
    assert repository.cartridges["fixture-sharing"].alignment.addresses == ("5.NF.B.3", "TEST:5.FR.1")
    plan = SitePlan(index_library(repository), repository.schemas)
    for planned in plan.pages.values():
        plan.render(planned, planned.src_uri.removesuffix("index.md").removesuffix(".md") + "/")  # the body is rendered by the plan
    assert "TEST:5.FR.1" in plan.data_files()["assets/mathhub/lessons.js"]
    assert "standards/test/5.FR.1.md" in plan.pages


# -- importing the CASE package --------------------------------------------------------------------

def test_the_case_fixture_imports_codes_hierarchy_grades_edges_crosswalk_and_licence(tmp_path: Path) -> None:
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    kinds = [a["associationType"] for a in package["CFAssociations"]]
    assert len(package["CFItems"]) >= 30 and kinds.count("precedes") >= 2 and "exactMatchOf" in kinds
    document = imported(tmp_path)
    standards = {s["code"]: s for s in document["standards"]}
    assert len(standards) == 23 and sum(s["level"] == "substandard" for s in standards.values()) == 6
    benchmark = standards["MA.5.FR.2.a"]
    assert (benchmark["level"], benchmark["parent"], benchmark["grade"], benchmark["domain"]) == ("substandard", "MA.5.FR.2", "5", "MA.5.FR")
    assert benchmark["text"].startswith("Share whole objects fairly")
    assert benchmark["case_id"] == next(i["identifier"] for i in package["CFItems"] if i.get("humanCodingScheme") == "MA.5.FR.2.a")
    assert [s["grade"] for s in document["standards"][:1]] == ["4"] and standards["MA.912.AR.2"]["grade"] == "HS"
    assert {c["code"]: c["name"] for c in document["categories"]} == {"MA.912.AR": "Algebraic Reasoning", "MA.912.GR": "Geometric Reasoning"}
    assert document["framework"]["grades"] == ["4", "5", "HS"]
    assert document["framework"]["prefixes"] == ["MA."]
    assert [(e["from"], e["to"]) for e in document["edges"] if e["relation"] == "prerequisite"] == [("MA.4.FR.1", "MA.5.FR.1"), ("MA.4.NSO.2", "MA.5.NSO.2"), ("MA.5.FR.2", "MA.5.FR.4")]
    assert [(e["from"], e["to"]) for e in document["edges"] if e["relation"] == "related"] == [("MA.5.FR.3", "MA.5.GM.1")]
    pairs = {(p["code"], p["default"]): p["source"] for p in document["crosswalk"]}
    assert pairs[("MA.5.FR.2", "5.NF.B.3")] == "package"  # also in the CSV: kept once, as the package says
    assert pairs[("MA.5.FR.3", "5.NF.B.4")] == "package"  # named only by its corestandards.org URI
    assert pairs[("MA.5.FR.1", "5.NF.A.1")] == "package"  # named by its CCSS identifier
    assert pairs[("MA.5.NSO.1", "5.NBT.A.3")] == "crosswalk csv"  # written without the MA. prefix in the CSV
    assert len(pairs) == 10
    provenance = document["framework"]["provenance"]
    assert provenance["license_title"] == "Creative Commons Attribution 4.0 International"
    assert "CC BY 4.0" in provenance["license_text"] and provenance["publisher"] == "Example State Department of Education"
    assert "Licence: Creative Commons Attribution 4.0 International" in document["framework"]["notice"]


def test_the_import_is_deterministic_and_check_says_when_the_catalogue_is_stale(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    command = ["mathhub", "import-case", str(PACKAGE), "--framework", "ESMS", "--crosswalk", str(CROSSWALK)]
    first = run(command, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "23 standards (6 sub-standards) in grades 4, 5, HS; 3 prerequisite and 1 related edges; 10 crosswalk pairs" in first.stdout
    written = (tmp_path / "frameworks/esms.json").read_bytes()
    assert run(command + ["--out", str(tmp_path / "again.json")], cwd=tmp_path).returncode == 0
    assert (tmp_path / "again.json").read_bytes() == written
    assert run(command + ["--check"], cwd=tmp_path).returncode == 0
    (tmp_path / "frameworks/esms.json").write_text(written.decode("utf-8").replace("Fractions", "Fractionz"), encoding="utf-8")
    stale = run(command + ["--check"], cwd=tmp_path)
    assert stale.returncode == 1 and "import it again" in stale.stderr


# -- codes -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["ESMS:MA.5.FR.2.a", "esms:ma.5.fr.2.a", "ESMS:5.FR.2.a", "esms:5.fr.2a", "ESMS: 5-FR-2(a)", "ESMS:MA.5.FR.2A", "ESMS:MA_5_FR_2_A"])
def test_every_spelling_of_an_imported_code_resolves_to_its_key(catalogue: Catalogue, spelling: str) -> None:
    assert catalogue.resolve(spelling).code == "ESMS:MA.5.FR.2.a"


def test_a_case_identifier_resolves_too(catalogue: Catalogue) -> None:
    standard = catalogue.standard("ESMS:MA.5.FR.2.a")
    assert catalogue.resolve(f"ESMS:{standard.case_id}").code == "ESMS:MA.5.FR.2.a"


def test_unknown_and_unqualified_codes_get_the_right_hint(catalogue: Catalogue) -> None:
    wrong = catalogue.resolve("ESMS:MA.5.FR.9")
    assert wrong.code is None and wrong.suggestion == "ESMS:MA.5.FR.4" and "not an ESMS standard" in wrong.reason
    bare = catalogue.resolve("MA.5.FR.2")
    assert bare.code is None and bare.suggestion == "ESMS:MA.5.FR.2"
    assert catalogue.resolve("5.NF.B.3").code == "5.NF.B.3"
    assert "known: CCSS-M, ESMS" in (catalogue.resolve("TEKS:5.3A").reason)


def test_crosswalk_equivalents_go_both_ways_and_follow_sub_standards(catalogue: Catalogue) -> None:
    assert catalogue.equivalents["ESMS:MA.5.FR.2"] == ("5.NF.B.3",)
    assert catalogue.equivalents["5.NF.B.3"] == ("ESMS:MA.5.FR.2",)
    assert catalogue.crosswalked("ESMS:MA.912.AR.2.a") == ("HSA-REI.B.4",)
    framework = catalogue.frameworks["ESMS"]
    assert framework.prerequisites["MA.5.FR.1"] == ("MA.4.FR.1",) and framework.leads_to["MA.5.FR.2"] == ("MA.5.FR.4",)


# -- the validator -----------------------------------------------------------------------------------

def test_the_validator_accepts_imported_codes_and_locates_wrong_ones(tmp_path: Path) -> None:
    repo = frameworks_library(tmp_path / "repo")
    clean = mathhub(["validate"], cwd=repo)
    assert clean.returncode == 0, clean.stdout
    index = repo / "content/cartridges/fixture-sharing-small-group/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("esms:5.fr.2a", "ESMS:MA.5.FR.9"), encoding="utf-8")
    rubric = repo / "content/rubrics/fixture-rubric.md"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("ESMS:MA.5.FR.2", "MA.5.FR.2"), encoding="utf-8")
    result = mathhub(["validate"], cwd=repo)
    assert result.returncode == 1
    assert "content/cartridges/fixture-sharing-small-group/index.md:11:25: standards.addresses[1]: unknown standard code: 'MA.5.FR.9' is not an ESMS standard" in result.stdout
    assert "hint: Did you mean 'ESMS:MA.5.FR.4'?" in result.stdout
    assert "content/rubrics/fixture-rubric.md:6:23: standards[1]: unknown standard code: 'MA.5.FR.2' is not a CCSS-M standard; codes of other frameworks start with the framework's name" in result.stdout
    assert "Did you mean 'ESMS:MA.5.FR.2'?" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_broken_framework_file_is_a_located_problem_not_a_crash(tmp_path: Path) -> None:
    repo = frameworks_library(tmp_path / "repo")
    file = repo / "frameworks/esms.json"
    document = json.loads(file.read_text(encoding="utf-8"))
    document["standards"][3]["cluster"] = "MA.4.XX"
    document["edges"][0]["to"] = "MA.9.ZZ.1"
    file.write_text(render_catalogue(document), encoding="utf-8")
    (repo / "frameworks/extra.json").write_text("{not json", encoding="utf-8")
    result = mathhub(["validate"], cwd=repo)
    assert result.returncode == 1
    lines = file.read_text(encoding="utf-8").splitlines()
    cluster_line = next(n for n, line in enumerate(lines, start=1) if '"cluster": "MA.4.XX"' in line)
    assert f"frameworks/esms.json:{cluster_line}:" in result.stdout and "standards[3].cluster: there is no cluster 'MA.4.XX'" in result.stdout
    assert "edges[0].to: 'MA.9.ZZ.1' is not a standard of this framework" in result.stdout
    assert "frameworks/extra.json:1:2: the file is not valid JSON" in result.stdout
    assert "import the CASE package again" in result.stdout
    assert "unknown standards framework 'ESMS'" in result.stdout  # the lessons that cite it are reported too
    built = run(["mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=repo)
    assert built.returncode == 1 and "there is no cluster 'MA.4.XX'" in built.stderr + built.stdout
    assert "Traceback" not in result.stdout + result.stderr + built.stdout + built.stderr


# -- the site ----------------------------------------------------------------------------------------

def test_imported_standards_have_pages_that_list_their_lessons(frameworks_site: Path) -> None:
    codes = [s["code"] for s in json.loads((frameworks_site.parent / "frameworks/esms.json").read_text(encoding="utf-8"))["standards"]]
    assert [code for code in codes if not (frameworks_site / "standards/esms" / code / "index.html").is_file()] == []
    benchmark = article(page(frameworks_site, "standards/esms/MA.5.FR.2.a"))
    assert 'id="role-addresses"' in benchmark and "fixture-sharing-small-group/" in benchmark
    assert 'Part of <a class="mh-code" href="../MA.5.FR.2/">MA.5.FR.2</a>' in benchmark
    parent = article(page(frameworks_site, "standards/esms/MA.5.FR.2"))
    direct, through = parent.split('id="role-addresses"', 1)[1].split('id="role-crosswalk"', 1)
    assert "fixture-sharing-small-group/" in direct and "cartridges/fixture-sharing/" not in direct
    assert "cartridges/fixture-sharing/" in through.split('id="crosswalk"', 1)[0]
    assert 'href="../../5.NF.B.3/"' in parent.split('id="crosswalk"', 1)[1]
    assert 'href="../../../rubrics/fixture-rubric/"' in parent
    assert 'href="../MA.5.FR.4/"' in parent.split('id="leads-to"', 1)[1]
    related = article(page(frameworks_site, "standards/esms/MA.5.FR.3"))
    assert 'class="mh-related"' in related and 'href="../MA.5.GM.1/"' in related
    only = article(page(frameworks_site, "standards/esms/MA.5.GM.1"))
    assert "measuring-volume-with-cubes/" in only


def test_ccss_urls_stay_where_they_were_and_show_lessons_through_the_crosswalk(frameworks_site: Path) -> None:
    assert (frameworks_site / "standards/5.NF.B.3/index.html").is_file() and (frameworks_site / "standards/grade-5/index.html").is_file()
    hs = article(page(frameworks_site, "standards/HSA-REI.B.4"))
    assert "fixture-quadratics/" in hs.split('id="role-crosswalk"', 1)[1]
    assert 'href="../esms/MA.912.AR.2/"' in hs.split('id="crosswalk"', 1)[1]


def test_standards_indexes_switch_framework_and_show_the_package_licence(frameworks_site: Path) -> None:
    default, esms = article(page(frameworks_site, "standards")), article(page(frameworks_site, "standards/esms"))
    for text, other in ((default, '<a href="esms/">Example State'), (esms, '<a href="../">Common Core')):
        switch = text.split('<nav class="mh-frameworks"', 1)[1].split("</nav>", 1)[0]
        assert other in switch
        assert switch.count('aria-current="page"') == 1 and '<a href="./" aria-current="page">' in switch
    assert 'href="grade-5/"' in esms and 'href="hs-ma-912-ar/"' in esms
    about = esms.split('id="about"', 1)[1]
    assert "Example State Department of Education" in about and "Creative Commons Attribution 4.0 International" in about
    assert 'href="https://standards.example.org/mathematics/2025"' in about
    group = article(page(frameworks_site, "standards/esms/grade-5"))
    assert 'href="../MA.5.FR.2/"' in group and "+1 through the crosswalk" in group
    footer = page(frameworks_site, "find").split("<footer", 1)[1]
    assert "Example State Mathematics Standards: published by Example State Department of Education" in footer
    assert "Common Core State Standards for Mathematics ©" in footer


def test_a_lesson_page_names_every_framework_it_is_aligned_to(frameworks_site: Path) -> None:
    text = page(frameworks_site, "cartridges/fixture-sharing-small-group")
    standards = article(text).split('id="mh-standards"', 1)[1]
    assert 'href="../../standards/esms/MA.5.FR.2.a/">ESMS:MA.5.FR.2.a</a>' in standards
    assert "Licence: Creative Commons Attribution 4.0 International" in standards and "Common Core State Standards for Mathematics ©" in standards
    data = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[0])
    assert [(t["termCode"], t["inDefinedTermSet"]) for t in data["teaches"]] == [("5.NF.B.3", "Common Core State Standards for Mathematics"), ("MA.5.FR.2.a", "Example State Mathematics Standards")]
    assert data["teaches"][1]["url"].endswith("/standards/esms/MA.5.FR.2.a/")  # absolute under site_url
    grade = article(page(frameworks_site, "grades/hs"))
    assert "Algebraic Reasoning (ESMS)" in grade and "fixture-quadratics/" in grade


def test_find_data_lists_each_lessons_frameworks_and_crosswalk(frameworks_site: Path) -> None:
    script = (frameworks_site / "assets/mathhub/lessons.js").read_text(encoding="utf-8")
    payload = json.loads(script.removeprefix("window.MATHHUB_LESSONS = ").rstrip().rstrip(";"))
    lessons = {lesson["id"]: lesson for lesson in payload["lessons"]}
    assert lessons["fixture-sharing"]["frameworks"] == {"CCSS-M": ["5.NF.B.3"], "ESMS": ["ESMS:MA.5.FR.2"]}
    assert lessons["fixture-sharing"]["crosswalk"] == ["ESMS:MA.5.FR.2"]
    assert lessons["fixture-sharing-small-group"]["frameworks"] == {"CCSS-M": ["5.NF.B.3"], "ESMS": ["ESMS:MA.5.FR.2.a"]}
    assert lessons["measuring-volume-with-cubes"]["frameworks"] == {"ESMS": ["ESMS:MA.5.GM.1"]}
    assert lessons["fixture-quadratics"]["frameworks"] == {"CCSS-M": ["HSA-REI.B.4"], "ESMS": ["ESMS:MA.912.AR.2.a"]}
    assert "5.FR.2.a" in payload["standards"]["ESMS:MA.5.FR.2.a"]["spellings"]
    assert payload["frameworks"] == {"CCSS-M": "Common Core State Standards for Mathematics", "ESMS": "Example State Mathematics Standards"}
    find = page(frameworks_site, "find")
    assert '<select id="mh-f-framework" name="framework">' in find and '<option value="ESMS">' in find


# -- coverage ----------------------------------------------------------------------------------------

def _rows(repo: Path, *extra: str) -> dict[str, dict[str, str]]:
    result = mathhub(["coverage", "--format", "csv", *extra], cwd=repo)
    assert result.returncode == 0, result.stderr
    return {row["code"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_coverage_of_a_framework_counts_lessons_directly_and_through_the_crosswalk(frameworks_site: Path) -> None:
    repo = frameworks_site.parent
    rows = _rows(repo, "--framework", "esms")
    assert len(rows) == 23
    assert (rows["MA.5.FR.2"]["addresses"], rows["MA.5.FR.2"]["crosswalk"], rows["MA.5.FR.2"]["rubrics"]) == ("2", "1", "1")
    assert (rows["MA.5.FR.2.a"]["addresses"], rows["MA.5.FR.2.a"]["crosswalk"]) == ("1", "0")
    assert rows["MA.912.AR.2"]["addresses"] == "0"  # its lesson is a draft
    drafts = _rows(repo, "--framework", "ESMS", "--min-status", "draft")
    assert (drafts["MA.912.AR.2"]["addresses"], drafts["MA.912.AR.2"]["crosswalk"]) == ("1", "0")
    assert drafts["MA.5.GM.1"]["addresses"] == "1"
    ccss = _rows(repo, "--min-status", "draft")
    assert (ccss["HSA-REI.B.4"]["addresses"], ccss["HSA-REI.B.4"]["crosswalk"]) == ("1", "1")
    markdown = mathhub(["coverage", "--framework", "ESMS"], cwd=repo).stdout
    assert "Framework: Example State Mathematics Standards (ESMS)" in markdown
    assert "addressed only through the crosswalk" in markdown and "major-cluster" not in markdown.split("|", 1)[0]
    through = run(["python", str(Path(__file__).parent.parent / "scripts/alignment_summary.py"), "--min-status", "draft"], cwd=repo).stdout
    assert "addressed only through the crosswalk (by lessons aligned to an equivalent standard of another framework): **1** of" in through
    unknown = mathhub(["coverage", "--framework", "TEKS"], cwd=repo)
    assert unknown.returncode == 2 and "unknown framework 'TEKS' (known: CCSS-M, ESMS)" in unknown.stderr
    out = mathhub(["coverage", "--framework", "ESMS", "--out", str(repo / "reports")], cwd=repo)
    assert out.returncode == 0 and (repo / "reports/coverage-heatmap.svg").read_text(encoding="utf-8").count("MA.5.FR") >= 1


def test_a_second_build_of_the_same_library_is_byte_identical(frameworks_site: Path, tmp_path: Path) -> None:
    """A copy of the library in another folder, built in another process, writes the same bytes as the session's build
    (the fixture library with an imported framework: every kind of page the small libraries have)."""
    copy = tmp_path / "repo"
    shutil.copytree(frameworks_site.parent, copy, ignore=lambda folder, names: ["site"] if Path(folder) == frameworks_site.parent else [])
    again = tmp_path / "again"
    assert build_site(copy, again).returncode == 0
    one = {p.relative_to(frameworks_site): p.read_bytes() for p in sorted(frameworks_site.rglob("*")) if p.is_file()}
    two = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_usage_summary_of_lessons_aligned_to_another_framework(frameworks_site: Path, tmp_path: Path) -> None:
    """Regression: the usage summary sorted standards by the default framework only and raised KeyError."""
    log = tmp_path / "log.csv"
    log.write_text("date,school,grade,cartridge,sessions,students,outcome\n2026-03-02,School A,HS,fixture-quadratics,1,20,0.5\n2026-03-03,School A,5,fixture-sharing,1,22,0.6\n", encoding="utf-8")
    result = mathhub(["usage", str(log), "--format", "csv", "--table", "standards"], cwd=frameworks_site.parent)
    assert result.returncode == 0, result.stderr
    assert [row["standard"] for row in csv.DictReader(io.StringIO(result.stdout))] == ["5.NF.B.3", "ESMS:MA.912.AR.2.a"]
