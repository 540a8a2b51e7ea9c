"""Lessons that leave the website: zip folders and IMS Common Cartridge 1.1 packages an LMS imports.

Domain code (no MkDocs): ``archive`` writes deterministic zips, ``standalone`` turns a page the site rendered
into an offline document, ``manifest`` writes ``imsmanifest.xml``, ``package`` lays a lesson out and archives it.
The site layer (``site/downloads.py``) gives them the rendered pages and writes the archives.
"""
