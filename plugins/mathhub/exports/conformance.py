"""Is a published archive what it claims to be? Checks a zip or Common Cartridge as an LMS and a browser would read it.

The output audit (``audit.py``) calls ``archive_findings`` for every ``.zip`` and ``.imscc`` in the site, so no
package is published that the build did not check: the manifest valid against the official IMS Common Cartridge
1.1 schemas (kept unchanged in ``ims_cc/``, with their provenance and licence), every file it lists present and
every file present listed, no web-link resource and no remote ``href``, member names that cannot escape the
folder they are unpacked into, and each member small enough to read. What each page and SVG inside may contain
is the audit's own business: ``archive_findings`` hands them back to it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from lxml import etree

from .archive import check_member_path
from .manifest import CP

__all__ = ["CC11_SCHEMA", "MAX_MEMBER", "archive_findings", "cc11_schema", "manifest_findings"]

CC11_SCHEMA = "ims_cc/cc_v1p1/ccv1p1_imscp_v1p2_v1p0.xsd"
"""The CC 1.1 manifest schema; it imports the LOM, authorization and ``xml:`` schemas beside it by relative path."""
MAX_MEMBER = 16 * 1024 * 1024
"""No lesson file comes near this; a member larger than this is not read (a zip bomb would be)."""
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@cache
def cc11_schema() -> etree.XMLSchema:
    """The official CC 1.1 manifest schema, compiled once (no network: every import is a file beside it)."""
    path = resources.files(__package__).joinpath(CC11_SCHEMA)
    with resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file), etree.XMLParser(no_network=True)))


def manifest_findings(data: bytes, members: set[str]) -> list[str]:
    """What is wrong with an ``imsmanifest.xml`` given the archive's member names: schema errors (with lines),
    files listed but absent or present but unlisted, web links and remote references."""
    try:
        root = etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        return [f"imsmanifest.xml is not well-formed XML: {error}"]
    schema = cc11_schema()
    findings = [f"imsmanifest.xml:{e.line}: {e.message}" for e in schema.error_log] if not schema.validate(root) else []
    listed: set[str] = set()
    for resource in root.iter(f"{{{CP}}}resource"):
        if resource.get("type") != "webcontent":
            findings.append(f"imsmanifest.xml: resource '{resource.get('identifier')}' is '{resource.get('type')}', not local web content")
    for element in root.iter():
        href = element.get("href")
        if href is None:
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or check_member_path(href):
            findings.append(f"imsmanifest.xml: '{href}' is not a file in the package")
        elif element.tag == f"{{{CP}}}file":
            listed.add(href)
    for missing in sorted(listed - members):
        findings.append(f"imsmanifest.xml lists '{missing}', which the package does not hold")
    for unlisted in sorted(members - listed - {"imsmanifest.xml"}):
        findings.append(f"'{unlisted}' is in the package but no resource of imsmanifest.xml lists it")
    return findings


def archive_findings(data: bytes, page: Callable[[str, bytes], list[str]]) -> Iterator[str]:
    """What is wrong with one archive; ``page(name, bytes)`` audits an HTML or SVG member (the output audit's checks)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        yield f"not a readable zip archive: {error}"
        return
    names = {info.filename for info in infos}
    if "imsmanifest.xml" not in names:
        yield "no imsmanifest.xml: every Math Hub package is a Common Cartridge"
    for info in infos:
        problem = check_member_path(info.filename)
        if problem:
            yield f"member {problem}"
            continue
        if info.file_size > MAX_MEMBER:
            yield f"'{info.filename}' is larger than {MAX_MEMBER // (1024 * 1024)} MB"
            continue
        content = archive.read(info)
        if info.filename == "imsmanifest.xml":
            yield from manifest_findings(content, names)
        else:
            yield from (f"{info.filename}: {finding}" for finding in page(info.filename, content))
