"""Lessons that leave the website: the zips and IMS Common Cartridges the build writes under downloads/.

Read back as an LMS reads them: the manifest against the official CC 1.1 schemas, the standards in its LOM,
every file local and present, each page standalone; written twice, byte for byte the same.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_library, run
from lxml import etree
from mathhub import load_repository
from mathhub.attribution import attribution_line
from mathhub.audit import audit_html, audit_site
from mathhub.exports.archive import compress, zip_bytes
from mathhub.exports.standalone import Links, standalone_page
from mathhub.library import index_library
from mathhub.site.downloads import Downloads
from mathhub.site.pages import SitePlan

REPO = load_repository(ROOT)
IMS_CC = ROOT / "plugins/mathhub/exports/ims_cc"
SHARED = ROOT.parent / "shared" / "ims-cc"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LOM = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
LOMR = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource}"


@pytest.fixture(scope="module")
def cc11() -> etree.XMLSchema:
    """The official schema: parsed from the files, never from the package's compiled copy."""
    return etree.XMLSchema(etree.parse(str(IMS_CC / "cc_v1p1/ccv1p1_imscp_v1p2_v1p0.xsd")))


def _archive(path: Path) -> tuple[zipfile.ZipFile, etree._Element]:
    archive = zipfile.ZipFile(path)
    return archive, etree.fromstring(archive.read("imsmanifest.xml"))


def _classified(manifest: etree._Element, purpose: str) -> dict[str, str]:
    """Taxon id by code, for the classifications of one purpose."""
    found = {}
    for classification in manifest.iter(LOM + "classification"):
        if classification.findtext(f"{LOM}purpose/{LOM}value") == purpose:
            for taxon in classification.iter(LOM + "taxon"):
                code = taxon.findtext(f"{LOM}entry/{LOM}string", "").split(": ", 1)[0]
                found[code] = taxon.findtext(LOM + "id", "")
    return found


def _git_blob(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_the_packaged_schemas_are_the_official_files_unchanged() -> None:
    """The copy in the package is the one in ../shared/ims-cc: the git blob ids its provenance records."""
    provenance = (IMS_CC / "PROVENANCE.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `(cc_v1p1/[\w.]+\.xsd)` \| \d+ \| `([0-9a-f]{40})`", provenance))
    assert len(recorded) == 12
    for name, blob in recorded.items():
        assert _git_blob((IMS_CC / name).read_bytes()) == blob, name
    if SHARED.is_dir():
        for name in recorded:
            assert (IMS_CC / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_every_lesson_cartridge_is_valid_cc11_and_names_its_standards(real_site: Path, cc11: etree.XMLSchema) -> None:
    for c in REPO.cartridges.values():
        archive, manifest = _archive(real_site / "downloads" / f"{c.id}.imscc")
        assert cc11.validate(manifest), (c.id, str(cc11.error_log))
        keywords = [k.findtext(f"{LOM}string") for k in manifest.find(f".//{LOM}general").iter(LOM + "keyword")]
        assert keywords == list(c.alignment.addresses), c.id
        addressed, prerequisites = _classified(manifest, "educational objective"), _classified(manifest, "prerequisite")
        assert list(addressed) == list(c.alignment.addresses), c.id
        assert list(prerequisites) == list(c.alignment.builds_on), c.id
        for code, identifier in {**addressed, **prerequisites}.items():
            assert identifier == REPO.catalogue.standard(code).uri, (c.id, code)
        assert manifest.findtext(f".//{LOM}general/{LOM}language") == c.language
        assert manifest.findtext(f".//{LOM}rights/{LOM}description/{LOM}string") == attribution_line(c)
        titles = [item.findtext(CP + "title") for item in manifest.iter(CP + "item") if item.get("identifierref")]
        assert titles[:2] == ["Teacher guide", "Student handout"] and "Answer key" in titles, c.id


def test_every_file_is_local_listed_and_present(real_site: Path) -> None:
    """No web link, no remote href; each page's images are files beside it; no page loads anything from outside."""
    for c in REPO.cartridges.values():
        archive, manifest = _archive(real_site / "downloads" / f"{c.id}.zip")
        names = set(archive.namelist())
        assert {f"{c.id}/guide.html", f"{c.id}/handout.html", f"{c.id}/answer-key.html", f"{c.id}/LICENSE.txt"} <= names
        assert {r.get("type") for r in manifest.iter(CP + "resource")} == {"webcontent"}
        listed = {f.get("href") for f in manifest.iter(CP + "file")}
        assert listed == names - {"imsmanifest.xml"}, c.id
        for name in names:
            assert not name.startswith(("/", "..")) and "\\" not in name
            info = archive.getinfo(name)
            assert info.date_time[:3] == tuple(int(p) for p in c.updated.split("-")) and info.external_attr >> 16 == 0o100644
        for name in sorted(n for n in names if n.endswith(".html")):
            text = archive.read(name).decode("utf-8")
            assert audit_html(text, name) == [], name
            assert "<script" not in text and "<link" not in text, name
            for source in re.findall(r'\ssrc="([^"]*)"', text):
                assert f"{c.id}/{source}" in names, (name, source)
        roles = {r.get("href"): r.findtext(f".//{LOMR}value") for r in manifest.iter(CP + "resource") if r.get("href")}
        assert roles[f"{c.id}/guide.html"] == roles[f"{c.id}/answer-key.html"] == "Instructor"
        assert roles[f"{c.id}/handout.html"] == "Learner"


def test_each_grade_has_one_cartridge_with_all_its_lessons(real_site: Path, cc11: etree.XMLSchema) -> None:
    library = index_library(REPO)
    for grade, ids in library.by_grade.items():
        archive, manifest = _archive(real_site / "downloads" / f"grade-{grade.lower()}.imscc")
        assert cc11.validate(manifest), (grade, str(cc11.error_log))
        folders = [item.get("identifier") for item in manifest.find(f"{CP}organizations/{CP}organization/{CP}item").findall(CP + "item")]
        assert folders == [f"I.{cid}" for cid in sorted(ids)]
        assert all(f"{cid}/handout.html" in archive.namelist() for cid in ids)
        size = (real_site / "downloads" / f"grade-{grade.lower()}.imscc").stat().st_size
        page = (real_site / "grades" / grade.lower() / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../downloads/grade-{grade.lower()}.imscc" download>Common Cartridge (IMSCC, {size / 1024:.0f} KB)</a>' in page


def test_the_lesson_page_offers_the_download_with_its_type_and_size(real_site: Path) -> None:
    for c in REPO.cartridges.values():
        text = (real_site / "cartridges" / c.id / "index.html").read_text(encoding="utf-8")
        size = (real_site / "downloads" / f"{c.id}.zip").stat().st_size
        assert f'<a href="../../downloads/{c.id}.zip" download>Download lesson (ZIP, {size / 1024:.0f} KB)</a>' in text, c.id
        assert f'<a href="../../downloads/{c.id}.imscc" download>Common Cartridge (IMSCC, {size / 1024:.0f} KB)</a>' in text, c.id


def _packages(repo: Path) -> dict[str, bytes]:
    repository = load_repository(repo)
    downloads = Downloads(SitePlan(index_library(repository), repository.schemas, "https://example.org/hub/"), repository)
    downloads.write(repo / "out")
    return {p.relative_to(repo / "out").as_posix(): p.read_bytes() for p in sorted((repo / "out").rglob("*")) if p.is_file()}


def test_two_exports_of_the_same_commit_are_byte_identical(tmp_path: Path) -> None:
    """Copied to another place, at another time, with other file dates: the same bytes."""
    one = _packages(copy_library(tmp_path / "one"))
    other = copy_library(tmp_path / "two")
    for file in other.rglob("*"):
        if file.is_file():
            file.touch()
    two = _packages(other)
    assert sorted(one) == ["downloads/fixture-quadratics.imscc", "downloads/fixture-quadratics.zip", "downloads/fixture-ratios.imscc", "downloads/fixture-ratios.zip",
                           "downloads/fixture-sharing-small-group.imscc", "downloads/fixture-sharing-small-group.zip", "downloads/fixture-sharing.imscc",
                           "downloads/fixture-sharing.zip", "downloads/grade-5.imscc", "downloads/grade-6.imscc", "downloads/grade-hs.imscc"]
    assert one == two
    names = zipfile.ZipFile(io.BytesIO(one["downloads/fixture-sharing.zip"])).namelist()
    assert names == ["imsmanifest.xml", *sorted(names[1:])] and "fixture-sharing/files/sharing-cards.pdf" in names


def test_an_attachment_is_packaged_as_published(fixture_site: Path) -> None:
    archive = zipfile.ZipFile(fixture_site / "downloads" / "fixture-sharing.zip")
    published = (fixture_site / "cartridges" / "fixture-sharing" / "sharing-cards.pdf").read_bytes()
    assert archive.read("fixture-sharing/files/sharing-cards.pdf") == published
    assert archive.getinfo("fixture-sharing/files/sharing-cards.pdf").compress_type == zipfile.ZIP_STORED  # compressed already


# -- the standalone page ------------------------------------------------------------------------------------------------
LINKS = Links({"cartridges/x/handout/": "handout.html", "cartridges/x/a.svg": "a.svg"}, "https://example.org/hub/")


def test_a_standalone_page_links_into_the_package_and_out_to_the_site() -> None:
    fragment = (
        '<p><a href="handout/?print">handout</a> <a href="../../standards/5.NF.B.3/#x">5.NF.B.3</a> <a href="#task-1">task</a>'
        ' <a href="https://creativecommons.org/licenses/by/4.0/">licence</a> <img src="a.svg" alt="a"></p>'
        '<script>alert(1)</script><div class="mh-print-bar">Print</div><h2 id="g">Guidance<a class="headerlink" href="#g" title="Permanent link">¶</a></h2>'
    )
    page = standalone_page(fragment, page_url="cartridges/x/", title="T <b>", language="en", links=LINKS).html.decode()
    assert '<a href="handout.html">handout</a>' in page
    assert '<a href="https://example.org/hub/standards/5.NF.B.3/#x">' in page
    assert '<a href="#task-1">' in page and '<a href="https://creativecommons.org/licenses/by/4.0/">' in page
    assert '<img src="a.svg" alt="a">' in page
    assert '<h2 id="g">Guidance</h2>' in page
    assert "<script" not in page and "mh-print-bar" not in page and "<title>T &lt;b&gt;</title>" in page
    assert audit_html(page) == []


def test_a_standalone_page_without_a_site_address_keeps_the_text_of_site_links() -> None:
    page = standalone_page('<p><a href="../../grades/5/">Grade 5</a></p>', page_url="cartridges/x/", title="T", language="en", links=Links({}, "")).html.decode()
    assert "<p>Grade 5</p>" in page


def test_an_image_of_a_file_the_package_lacks_is_left_out() -> None:
    """Only a file the site refused too (a build with 'disallowed_html: warn'): the package never points outside itself."""
    page = standalone_page('<p>See <img src="../other/b.svg" alt="b"> <img src="a.svg" alt="a"></p>', page_url="cartridges/x/", title="T", language="en", links=LINKS)
    assert page.missing == ("../other/b.svg",) and page.files == ("a.svg",)
    assert '<p>See  <img src="a.svg" alt="a"></p>' in page.html.decode()


# -- the audit reads every download -----------------------------------------------------------------------------------------
def _tampered(fixture_site: Path, tmp_path: Path, change: dict[str, bytes | None]) -> list[str]:
    """The fixture lesson's zip with members replaced (or removed, for None), audited as a site of its own."""
    original = zipfile.ZipFile(fixture_site / "downloads" / "fixture-sharing.zip")
    members = {name: original.read(name) for name in original.namelist()}
    for name, data in change.items():
        if data is None:
            members.pop(name)
        else:
            members[name] = data
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads" / "x.zip").write_bytes(zip_bytes(compress(name, data, (2026, 1, 1)) if not name.startswith("..") else _raw(name, data) for name, data in members.items()))
    return [p.message for p in audit_site(site).problems]


def _raw(name: str, data: bytes):  # type: ignore[no-untyped-def]
    """A member whose name ``compress`` would refuse, as a hostile archive would hold it."""
    member = compress("placeholder", data, (2026, 1, 1))
    return type(member)(name, member.data, member.crc, member.size, member.method, member.date)


def test_the_audit_passes_the_real_downloads(fixture_site: Path, tmp_path: Path) -> None:
    assert _tampered(fixture_site, tmp_path, {}) == []
    shutil.copy(fixture_site / "downloads" / "grade-5.imscc", tmp_path / "site" / "downloads" / "grade-5.imscc")
    report = audit_site(tmp_path / "site")
    assert report.problems == [] and report.archives == 2


def test_the_audit_refuses_a_script_in_a_packaged_page(fixture_site: Path, tmp_path: Path) -> None:
    page = (zipfile.ZipFile(fixture_site / "downloads" / "fixture-sharing.zip").read("fixture-sharing/handout.html").decode()
            .replace("</main>", '<script src="https://evil.example/x.js"></script></main>'))
    found = _tampered(fixture_site, tmp_path, {"fixture-sharing/handout.html": page.encode()})
    assert any(m.startswith("fixture-sharing/handout.html: <script src=\"https://evil.example/x.js\">") for m in found), found


def test_the_audit_refuses_a_manifest_that_lists_a_remote_or_missing_file(fixture_site: Path, tmp_path: Path) -> None:
    manifest = zipfile.ZipFile(fixture_site / "downloads" / "fixture-sharing.zip").read("imsmanifest.xml").decode()
    manifest = manifest.replace('href="fixture-sharing/handout.html"/>', 'href="https://evil.example/handout.html"/>', 1)
    found = _tampered(fixture_site, tmp_path, {"imsmanifest.xml": manifest.encode(), "fixture-sharing/LICENSE.txt": None})
    assert "imsmanifest.xml: 'https://evil.example/handout.html' is not a file in the package" in found
    assert "imsmanifest.xml lists 'fixture-sharing/LICENSE.txt', which the package does not hold" in found


def test_the_audit_refuses_an_invalid_manifest_and_an_escaping_name(fixture_site: Path, tmp_path: Path) -> None:
    manifest = zipfile.ZipFile(fixture_site / "downloads" / "fixture-sharing.zip").read("imsmanifest.xml").decode()
    found = _tampered(fixture_site, tmp_path, {"imsmanifest.xml": manifest.replace("1.1.0", "1.3.0").encode(), "../escape.txt": b"x"})
    assert any(m.startswith("imsmanifest.xml:") and "schemaversion" in m for m in found), found
    assert "member '../escape.txt' has an empty, '.' or '..' part" in found


def test_a_standard_imported_from_case_is_classified_by_its_case_identifier(frameworks_site: Path, cc11: etree.XMLSchema) -> None:
    repository = load_repository(frameworks_site.parent)
    lesson = repository.cartridges["fixture-sharing-small-group"]
    archive, manifest = _archive(frameworks_site / "downloads" / f"{lesson.id}.imscc")
    assert cc11.validate(manifest), str(cc11.error_log)
    addressed = _classified(manifest, "educational objective")
    assert list(addressed) == list(lesson.alignment.addresses) == ["5.NF.B.3", "ESMS:MA.5.FR.2.a"]
    imported = repository.catalogue.standard("ESMS:MA.5.FR.2.a")
    assert imported.case_id and addressed["ESMS:MA.5.FR.2.a"] == imported.case_id
    descriptions = [c.findtext(f"{LOM}description/{LOM}string") for c in manifest.iter(LOM + "classification")]
    assert descriptions == [f"{REPO.catalogue.default.name}: standards addressed", f"{repository.catalogue.frameworks['ESMS'].name}: standards addressed"]


def test_mathhub_export_writes_the_files_the_site_publishes(fixture_site: Path, tmp_path: Path) -> None:
    """Without building the site, the same bytes: one model, one way to package a lesson."""
    result = run(["mathhub", "export", "--out", str(tmp_path / "out"), "--site-url", "https://math-hub.github.io/math-hub/"], cwd=fixture_site.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote 11 files to ")
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    published = {p.name: p.read_bytes() for p in (fixture_site / "downloads").iterdir()}
    assert written.keys() == published.keys() and [name for name in written if written[name] != published[name]] == []


def test_mathhub_export_refuses_content_with_errors(tmp_path: Path) -> None:
    repo = copy_library(tmp_path / "repo")
    index = repo / "content/cartridges/fixture-sharing/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("addresses: [5.NF.B.3]", "addresses: [5.NF.9]"), encoding="utf-8")
    result = run(["mathhub", "export", "--out", str(tmp_path / "out")], cwd=repo)
    assert result.returncode == 1
    assert "content/cartridges/fixture-sharing/index.md:11:15: standards.addresses[0]: unknown standard code" in result.stderr
    assert not (tmp_path / "out").exists()
