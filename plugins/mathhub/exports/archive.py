"""Deterministic zip archives: the same members give the same bytes, and each member is compressed once.

A lesson's files go into three archives (its ``.zip``, its ``.imscc`` and its grade's ``.imscc``), so
``Member`` holds a file already compressed, with its CRC and sizes, and ``zip_bytes`` only lays members
out: local header, data, central directory. Everything that could vary is fixed: the order (the caller
adds members in a sorted order), the timestamp (the member's date, at midnight), the permissions
(``-rw-r--r--``), the host system (Unix), the flags (UTF-8 names) and the compression (raw deflate at one
level; files that are compressed already, such as PNG or PDF, are stored).

``zipfile`` can read these archives (tests use it) but cannot write a member compressed elsewhere, which is
why the writer is here: about sixty lines of the format (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16), no Zip64.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

__all__ = ["Member", "zip_bytes", "compress", "check_member_path", "COMPRESSION_LEVEL"]

COMPRESSION_LEVEL = 6
"""zlib's default: the size/speed balance every unzip tool expects; one level, so the bytes never change."""
STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".ggb", ".zip"})
"""Formats that are compressed already: deflating them again costs time and saves nothing."""
_UTF8_NAMES = 0x0800
_VERSION = 20  # 2.0: deflate; what every unzip tool reads
_MADE_BY = (3 << 8) | _VERSION  # Unix
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_MAX_ENTRIES = 0xFFFF
_MAX_SIZE = 0xFFFFFFFF


@dataclass(frozen=True)
class Member:
    """One file of an archive, compressed: written as it is into any number of archives."""

    path: str
    data: bytes
    """The stored bytes: raw deflate, or the file itself."""
    crc: int
    size: int
    """The file's size before compression."""
    method: int
    """8 (deflate) or 0 (stored)."""
    date: tuple[int, int, int]
    """(year, month, day): the member's timestamp, at midnight."""


def check_member_path(path: str) -> str | None:
    """Why ``path`` cannot name a member (absolute, ``..``, backslashes, empty parts), or None when it can."""
    if not path or path.startswith("/") or "\\" in path or ":" in path.split("/")[0]:
        return f"'{path}' is not a relative path"
    parts = PurePosixPath(path).parts
    if any(part in ("", ".", "..") for part in path.split("/")) or not parts:
        return f"'{path}' has an empty, '.' or '..' part"
    return None


def compress(path: str, data: bytes, date: tuple[int, int, int]) -> Member:
    """``data`` as the member ``path`` dated ``date``: deflated, unless its format is compressed already."""
    problem = check_member_path(path)
    if problem:
        raise ValueError(problem)
    if len(data) > _MAX_SIZE:
        raise ValueError(f"'{path}' is larger than a zip without Zip64 can hold")
    crc = zlib.crc32(data)
    if PurePosixPath(path).suffix.lower() in STORED_SUFFIXES:
        return Member(path, data, crc, len(data), 0, date)
    packer = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15)
    deflated = packer.compress(data) + packer.flush()
    if len(deflated) >= len(data):
        return Member(path, data, crc, len(data), 0, date)
    return Member(path, deflated, crc, len(data), 8, date)


def _dos_time(date: tuple[int, int, int]) -> tuple[int, int]:
    year, month, day = date
    return 0, ((max(year, 1980) - 1980) << 9) | (month << 5) | day


def zip_bytes(members: Iterable[Member]) -> bytes:
    """The archive of ``members``, in the order given (the caller sorts them): local headers, data, central directory."""
    out = bytearray()
    central: list[bytes] = []
    names: set[str] = set()
    for member in members:
        if member.path in names:
            raise ValueError(f"'{member.path}' is added twice")
        if len(central) >= _MAX_ENTRIES or len(out) + len(member.data) > _MAX_SIZE:
            raise ValueError("more files than a zip without Zip64 can hold")
        names.add(member.path)
        name = member.path.encode("utf-8")
        time, date = _dos_time(member.date)
        fields = (_VERSION, _UTF8_NAMES, member.method, time, date, member.crc, len(member.data), member.size, len(name))
        central.append(struct.pack("<IH" + "HHHHHIIIH" + "HHHHII", 0x02014B50, _MADE_BY, *fields, 0, 0, 0, 0, _FILE_MODE, len(out)) + name)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name
        out += member.data
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), len(out), 0)
    return bytes(out + directory + end)
