"""Read district CSV tables (usage logs, assessment results) strictly, in bounded memory.

One reader for every table format, so every format gets the same guarantees:

* the file is read line by line with a cap on each line's length (a 50 MB header
  line is refused at once), decoded as UTF-8 with the bad byte located, and parsed
  with the stdlib ``csv`` module under a raised but bounded field limit; no
  ``_csv.Error`` ever escapes;
* the separator is sniffed from the header (``,``, ``;``, tab or ``|``) and named;
* header names are matched to the format's columns after normalisation, and any
  header that could identify a student refuses the whole file (``mathhub.privacy``);
* every limit of the format's JSON Schema (type, enum, pattern, lengths, ranges,
  dates) is checked column by column on chunks of rows, each bad row becoming a
  located ``Problem``;
* repeated files and repeated rows are detected and counted once.

Rows arrive in chunks of ``CHUNK_ROWS`` as string DataFrames indexed by the line
each row starts on; the caller aggregates each chunk and lets it go, so memory
stays bounded whatever the file's size.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from ..frontmatter import decode
from ..outputs import spreadsheet_safe
from ..privacy import identifying_reason, normalise_header, shown
from ..problems import Problem

__all__ = [
    "CHUNK_ROWS", "MAX_LINE_BYTES", "MAX_FIELD_CHARS", "MAX_ROW_PROBLEMS", "Chunk", "ReadReport", "TableFormat", "TableReader",
    "load_format", "display_path", "frame_to_csv", "numbers", "per_value",
]

CHUNK_ROWS = 50_000
MAX_LINE_BYTES = 1_000_000
"""A physical line longer than this is refused (with its line number) without reading the rest of it into memory."""
MAX_FIELD_CHARS = 1_000_000
"""The csv module's field limit while reading (its default, 131,072, raises ``_csv.Error`` on a 200 KB field)."""
MAX_ROW_PROBLEMS = 1000
"""Problems listed one by one per run; beyond this only a count is kept (memory stays bounded)."""
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
EARLIEST_DATE = "2000-01-01"


@dataclass(frozen=True)
class TableFormat:
    """A CSV format described by a JSON Schema in ``schema/``: its columns and their limits."""

    kind: str
    """What the file is called in messages: ``usage log``, ``results file``."""
    schema_file: str
    columns: dict[str, dict[str, Any]]
    required: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()
    """Groups of columns of which at least one must be present (``term`` or ``date``)."""
    together: tuple[tuple[str, ...], ...] = ()
    """Groups of columns that must all be present if one is (``level_1`` … ``level_4``)."""
    key: tuple[str, ...] = ()
    """Columns that identify a row; a second row with the same key is a repeat (all columns when empty)."""

    def noun(self, column: str) -> str:
        return str(self.columns[column].get("x-noun", column))


def load_format(schema_dir: Path, schema_file: str, kind: str) -> TableFormat:
    document = json.loads((schema_dir / schema_file).read_text(encoding="utf-8"))
    return TableFormat(
        kind=kind,
        schema_file=schema_file,
        columns=document["properties"],
        required=tuple(document["required"]),
        alternatives=tuple(tuple(group) for group in document.get("x-one-of-columns", [])),
        together=tuple(tuple(group) for group in document.get("x-columns-together", [])),
        key=tuple(document.get("x-row-key", [])),
    )


def display_path(path: Path, root: Path | None) -> str:
    """A path as messages show it: relative to the repository root when it is inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


@dataclass
class ReadReport:
    """What reading found, across every file of one run."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_rejected: int = 0
    rows_repeated: int = 0
    files_refused: int = 0
    files_repeated: int = 0
    problems_not_listed: int = 0

    @property
    def fatal(self) -> bool:
        return self.files_refused > 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_ROW_PROBLEMS:
            self.problems.append(problem)
        else:
            self.problems_not_listed += 1

    def refuse(self, problem: Problem) -> None:
        """A problem that stops the whole file: always listed."""
        self.files_refused += 1
        self.problems.append(problem)


@dataclass
class Chunk:
    """Up to ``CHUNK_ROWS`` rows of one file: declared columns as stripped strings, indexed by line number."""

    path: str
    frame: pd.DataFrame
    positions: dict[str, int]
    """Column name -> 1-based column number in the file, for messages."""
    bad: pd.Series
    """Rows already found bad (the caller adds its own checks, then keeps ``~bad & ~repeated``)."""
    repeated: pd.Series
    """Rows that repeat an earlier row: left out, and not counted as rejected."""

    @property
    def good(self) -> pd.Series:
        return ~self.bad & ~self.repeated

    def report(self, log: ReadReport, mask: pd.Series, column: str, message: Callable[[str], str], hint: str | Callable[[str], str]) -> None:
        """Mark the rows in ``mask`` bad and report each with its line, column and value."""
        if not mask.any():
            return
        self.bad |= mask
        for line, value in self.frame[column][mask].items():
            log.add(Problem(self.path, int(line), self.positions.get(column, 0), column, message(value), hint(value) if callable(hint) else hint))


class _LineTooLong(Exception):
    pass


class _BadText(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Lines:
    """A file's physical lines, decoded, each at most ``MAX_LINE_BYTES``; ``number`` is the last line read."""

    def __init__(self, handle: BinaryIO, display: str) -> None:
        self.handle, self.display, self.number = handle, display, 0
        self.pending: str | None = None

    def __iter__(self) -> _Lines:
        return self

    def push_back(self, line: str) -> None:
        self.pending = line
        self.number -= 1

    def __next__(self) -> str:
        if self.pending is not None:
            line, self.pending = self.pending, None
            self.number += 1
            return line
        raw = self.handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        if len(raw) > MAX_LINE_BYTES:
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line in bounded pieces
                raw = self.handle.readline(1 << 20)
            raise _LineTooLong()
        if self.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            found = decode(raw, self.display)[1]
            raise _BadText(replace(found[0], line=self.number)) from None
        if "\x00" in text:
            raise _BadText(Problem(self.display, self.number, text.index("\x00") + 1, "", "the file contains a NUL character, so it is not a text file", "Save the file as plain UTF-8 text (CSV)."))
        return text


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Raise the csv module's process-wide field limit for one read, and put it back."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def per_value(values: pd.Series, compute: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``compute`` over the distinct values of a categorical column, spread back to its rows.

    A chunk of 100,000 rows has a few hundred distinct dates, schools or counts: every string check
    runs on those, and the rows get the answer by their category code.
    """
    categories = pd.Series(values.cat.categories, dtype=object)
    answers = compute(categories).to_numpy()
    codes = values.cat.codes.to_numpy()
    return pd.Series(answers[codes] if len(answers) else np.empty(len(codes), dtype=answers.dtype), index=values.index)


def numbers(values: pd.Series) -> pd.Series:
    """A categorical column as floats (NaN where a value is not a number)."""
    return per_value(values, lambda v: pd.to_numeric(v, errors="coerce").astype("float64"))


def _stripped(values: pd.Series) -> pd.Series:
    """A categorical column with spaces trimmed from each distinct value (never a Python loop over the rows)."""
    categories = values.cat.categories
    trimmed = [str(c).strip() for c in categories]
    if trimmed == list(categories):
        return values
    if len(set(trimmed)) == len(trimmed):
        return values.cat.rename_categories(trimmed)
    return pd.Series(pd.Categorical(np.asarray(trimmed, dtype=object)[values.cat.codes.to_numpy()]), index=values.index)


@dataclass
class _Facts:
    """What one pass over a file's bytes learns: its digest, and whether every line is one plain row."""

    digest: str = ""
    lines: int = 0
    separators: dict[bytes, int] = field(default_factory=lambda: {sep.encode(): 0 for sep in SEPARATORS})
    quotes: bool = False
    nul: bool = False
    lone_cr: bool = False
    utf8: bool = True

    def add(self, block: bytes, decoder: Any) -> None:
        self.lines += block.count(b"\n")
        for sep in self.separators:
            self.separators[sep] += block.count(sep)
        self.quotes = self.quotes or b'"' in block
        self.nul = self.nul or b"\x00" in block
        self.lone_cr = self.lone_cr or block.count(b"\r") != block.count(b"\r\n")
        if self.utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                self.utf8 = False

    def plain(self, separator: str, width: int) -> bool:
        """No quotes, NULs or lone carriage returns, valid UTF-8, and exactly width-1 separators per line on average.

        A line with too many fields makes the C parser stop with an error (and the careful reader take over), so
        equal totals mean every line has exactly the header's number of fields; a blank line breaks the totals.
        """
        return self.utf8 and not (self.quotes or self.nul or self.lone_cr) and self.separators[separator.encode()] == (width - 1) * self.lines


def _sniff(line: str) -> str:
    """The separator of a header line: the candidate found most often outside quotes (comma on a tie)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    return "," if best == 0 or counts[","] == best else max(counts, key=lambda k: counts[k])


class _Repeats:
    """Rows seen so far in this run, as 64-bit hashes with the line (and file) each was first seen on.

    The hashes are kept in sorted runs that merge when a newer run grows as large as the one
    before it (like a binary counter), so adding a chunk costs a search in a few runs and the
    copying stays O(n log n); runs stop merging at ``MAX_RUN`` rows, so a merge never copies more
    than that. Memory: 16 bytes per distinct row.
    """

    MAX_RUN = 1 << 21

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []
        self.files: list[str] = []

    def find(self, frame: pd.DataFrame, columns: Sequence[str], path: str) -> pd.Series:
        """For each row, the ``(file, line)`` of the earlier identical row, or None; remembers the new ones."""
        if frame.empty:
            return pd.Series([], dtype=object)
        values = pd.util.hash_pandas_object(frame[sorted(columns)], index=False).to_numpy(dtype=np.uint64)
        if path not in self.files:
            self.files.append(path)
        where_new = frame.index.to_numpy(dtype=np.int64) * 1024 + self.files.index(path)
        earlier = np.full(len(values), -1, dtype=np.int64)
        for hashes, where in self.runs:
            slots = np.minimum(np.searchsorted(hashes, values), len(hashes) - 1)
            hit = (hashes[slots] == values) & (earlier < 0)
            earlier[hit] = where[slots[hit]]
        # repeats inside this chunk: each row of a run of equal hashes points at the first (earliest line)
        order = np.argsort(values, kind="stable")
        sorted_values = values[order]
        same_as_previous = np.zeros(len(values), dtype=bool)
        same_as_previous[1:] = sorted_values[1:] == sorted_values[:-1]
        first_of_run = np.maximum.accumulate(np.where(~same_as_previous, np.arange(len(values)), 0))
        inside = np.full(len(values), -1, dtype=np.int64)
        inside[order[same_as_previous]] = where_new[order[first_of_run[same_as_previous]]]
        earlier = np.where((earlier < 0) & (inside >= 0), inside, earlier)
        fresh = earlier < 0
        if fresh.any():
            new_order = np.argsort(values[fresh], kind="stable")
            self.runs.append((values[fresh][new_order], where_new[fresh][new_order]))
            while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]) and len(self.runs[-2][0]) + len(self.runs[-1][0]) <= self.MAX_RUN:
                (big, big_where), (small, small_where) = self.runs[-2], self.runs.pop()
                slots = np.searchsorted(big, small)
                self.runs[-1] = (np.insert(big, slots, small), np.insert(big_where, slots, small_where))
        found = [None if e < 0 else (self.files[e % 1024], int(e // 1024)) for e in earlier] if (~fresh).any() else [None] * len(values)
        return pd.Series(found, index=frame.index, dtype=object)


class TableReader:
    """Read files of one format; yield chunks of rows that passed the format's own limits."""

    def __init__(self, fmt: TableFormat, report: ReadReport, progress: Callable[[str], None] | None = None) -> None:
        self.fmt, self.report = fmt, report
        self.progress = progress or (lambda _: None)
        self.digests: dict[str, str] = {}
        self.repeats = _Repeats()
        self.today = datetime.date.today().isoformat()

    def read(self, path: Path, display: str) -> Iterator[Chunk]:
        """Every chunk of ``path``; problems go to the report (a refused file yields nothing more)."""
        facts = self._scan(path, display)
        if facts is None:
            return
        if facts.digest in self.digests:
            self.report.files_repeated += 1
            self.report.problems.append(Problem(display, 0, 0, "", f"this file has exactly the same content as {self.digests[facts.digest]}; it was read once, so its rows are not counted twice", "Pass each log once.", "warning"))
            return
        self.digests[facts.digest] = display
        with path.open("rb") as handle, _field_limit(MAX_FIELD_CHARS):
            opened = self._open(handle, display)
            if opened is None:
                return
            lines, reader, separator, width, positions = opened
            known = positions
            resume_after = 0
            if facts.lines <= 1:  # the header and nothing else
                return
            if facts.plain(separator, width):
                try:
                    for chunk in self._fast(path, separator, width, positions, display):
                        resume_after = int(chunk.frame.index[-1])
                        yield chunk
                    return
                except (pd.errors.ParserError, UnicodeDecodeError, ValueError):
                    # A line with too many fields (the separator counts still matched): read the rest
                    # carefully, from the line after the last row already counted, to locate it.
                    handle.seek(0)
                    opened = self._open(handle, display, known=known)
                    if opened is None:  # pragma: no cover - the header was read once already
                        return
                    lines, reader, separator, width, positions = opened
            yield from self._careful(lines, reader, separator, width, positions, display, resume_after)

    def _scan(self, path: Path, display: str) -> _Facts | None:
        """One pass over the bytes: the digest (repeated files), and whether the fast parser may read the file."""
        sha = hashlib.sha256()
        facts = _Facts()
        decoder = codecs.getincrementaldecoder("utf-8")()
        last = b""
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                    self.report.refuse(Problem(display, 1, 1, "", "the file is saved as UTF-16, not UTF-8", "Save it again as UTF-8 (in a spreadsheet: Save As > CSV UTF-8)."))
                    return None
                empty = True
                block = head
                while block:
                    sha.update(block)
                    empty = empty and not block.strip()
                    facts.add(block, decoder)
                    last = block[-1:]
                    block = handle.read(1 << 20)
        except OSError as error:
            self.report.refuse(Problem(display, 0, 0, "", f"cannot read the file: {error.strerror or error}", "Check the path."))
            return None
        if empty:
            self.report.refuse(Problem(display, 1, 1, "", "the file is empty", f"Export the {self.fmt.kind} again with its header row."))
            return None
        facts.lines += last != b"\n"
        facts.digest = sha.hexdigest()
        return facts

    def _open(self, handle: BinaryIO, display: str, *, known: dict[str, int] | None = None) -> tuple[_Lines, Any, str, int, dict[str, int]] | None:
        """Read the header; None after refusing the file. ``known``: the columns found on a first reading (no new messages)."""
        lines = _Lines(handle, display)
        try:
            first = next(lines)
        except _LineTooLong:
            self.report.refuse(Problem(display, 1, 0, "", f"the header line is longer than {MAX_LINE_BYTES:,} bytes", f"This is not a {self.fmt.kind}; the header names the columns ({', '.join(self.fmt.required)})."))
            return None
        except _BadText as bad:
            self.report.refuse(bad.problem)
            return None
        separator = _sniff(first)
        lines.push_back(first)
        if separator != "," and known is None:
            self.report.notes.append(f"{display}: read as {SEPARATORS[separator]}-separated ('{shown(separator)}')")
        reader = csv.reader(lines, delimiter=separator, skipinitialspace=True)
        try:
            header = next(reader)
        except (_LineTooLong, csv.Error):
            self.report.refuse(Problem(display, 1, 0, "", "the header cannot be read as CSV", "The first line must name the columns, separated by commas."))
            return None
        except _BadText as bad:
            self.report.refuse(bad.problem)
            return None
        positions = known if known is not None else self._header(header, display, separator)
        if positions is None:
            return None
        return lines, reader, separator, len(header), positions

    def _fast(self, path: Path, separator: str, width: int, positions: dict[str, int], display: str) -> Iterator[Chunk]:
        """A file with no quotes and the same number of fields on every line: the C parser, one line per row."""
        keep = sorted(positions.items(), key=lambda kv: kv[1])
        reader = pd.read_csv(
            path, sep=separator, header=None, skiprows=1, names=list(range(width)), usecols=[i - 1 for _, i in keep], dtype="category",
            na_filter=False, skip_blank_lines=False, skipinitialspace=True, quoting=csv.QUOTE_NONE, encoding="utf-8-sig", engine="c",
            chunksize=CHUNK_ROWS,
        )
        offset = 2
        with reader:
            for frame in reader:
                if frame.empty:
                    continue
                index = pd.Index(np.arange(offset, offset + len(frame), dtype=np.int64), name="line")
                offset += len(frame)
                columns = {name: _stripped(frame[i - 1].set_axis(index)) for name, i in keep}
                yield self._chunk(pd.DataFrame(columns, index=index), positions, display)

    def _careful(self, lines: _Lines, reader: Any, separator: str, width: int, positions: dict[str, int], display: str, resume_after: int) -> Iterator[Chunk]:
        """The stdlib csv module, record by record: quoted fields, line breaks inside quotes, ragged rows and long lines located."""
        keep = [(name, index - 1) for name, index in positions.items()]
        rows: list[list[str]] = []
        starts: list[int] = []
        previous = lines.number  # the last line of the previous record: the next one starts after it
        while True:
            try:
                for row in reader:
                    start, previous = previous + 1, lines.number
                    if not row or start <= resume_after:
                        continue
                    if len(row) != width:
                        self.report.rows_rejected += 1
                        self.report.add(Problem(display, start, 0, "", f"row {start} has {len(row)} fields but the header has {width}", _ragged_hint(separator)))
                        continue
                    rows.append(row)
                    starts.append(start)
                    if len(rows) >= CHUNK_ROWS:
                        yield self._rows_chunk(rows, starts, keep, positions, display)
                        rows, starts = [], []
                break
            except _LineTooLong:
                self.report.rows_rejected += 1
                self.report.add(Problem(display, lines.number, 0, "", f"line {lines.number} is longer than {MAX_LINE_BYTES:,} bytes; the row was left out", "A row of a class-level table is short; check for a value pasted by mistake."))
            except csv.Error as error:
                self.report.rows_rejected += 1
                message = str(error)
                if "field larger than field limit" in message:
                    message = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
                self.report.add(Problem(display, previous + 1, 0, "", f"the row starting on line {previous + 1} cannot be read: {message}", "Check for an unclosed double quote on this line."))
            except _BadText as bad:
                self.report.refuse(bad.problem)
                return
            previous = lines.number
            reader = csv.reader(lines, delimiter=separator, skipinitialspace=True)
        if rows:
            yield self._rows_chunk(rows, starts, keep, positions, display)

    def _header(self, header: list[str], display: str, separator: str) -> dict[str, int] | None:
        """Declared column -> position; None (file refused) for identifying, repeated or missing columns."""
        declared = {normalise_header(name): name for name in self.fmt.columns}
        positions: dict[str, int] = {}
        refused = False
        for index, raw in enumerate(header, start=1):
            name = declared.get(normalise_header(raw))
            reason = identifying_reason(raw, self.fmt.columns)
            if reason is not None:
                refused = True
                self.report.refuse(Problem(
                    display, 1, index, shown(raw.strip()),
                    f"the column '{shown(raw.strip())}' looks like it identifies students (it contains '{reason}'), so the whole {self.fmt.kind} is refused",
                    f"A {self.fmt.kind} holds class-level counts only. Delete this column from the export and run again; nothing from this file was used.",
                ))
            elif name is None:
                self.report.add(Problem(display, 1, index, shown(raw.strip()), f"the column '{shown(raw.strip())}' is not part of the {self.fmt.kind} format and is ignored", f"The format's columns are described in schema/{self.fmt.schema_file}.", "warning"))
            elif name in positions:
                refused = True
                self.report.refuse(Problem(display, 1, index, name, f"the column '{name}' appears more than once", "Keep one of them."))
            else:
                positions[name] = index
        for name in self.fmt.required:
            if name not in positions:
                refused = True
                hint = f"The header must name these columns: {', '.join(self.fmt.required)}. {self.fmt.columns[name].get('description', '')}".strip()
                if len(header) == 1:
                    hint = f"The header has one column only: is the file separated by something other than a comma, semicolon, tab or '|'? {hint}"
                self.report.refuse(Problem(display, 1, 0, name, f"the required column '{name}' is missing", hint))
        for group in self.fmt.alternatives:
            if not any(name in positions for name in group):
                refused = True
                self.report.refuse(Problem(display, 1, 0, group[0], f"the {self.fmt.kind} needs a column '{group[0]}'" + "".join(f" or '{g}'" for g in group[1:]), f"See schema/{self.fmt.schema_file}."))
        for group in self.fmt.together:
            present = [name for name in group if name in positions]
            if present and len(present) < len(group):
                refused = True
                missing = [name for name in group if name not in positions]
                self.report.refuse(Problem(display, 1, 0, missing[0], f"the column '{present[0]}' needs " + ", ".join(f"'{m}'" for m in missing) + " too", f"These columns go together: {', '.join(group)}."))
        return None if refused else positions

    def _rows_chunk(self, rows: list[list[str]], starts: list[int], keep: list[tuple[str, int]], positions: dict[str, int], display: str) -> Chunk:
        columns = list(zip(*rows, strict=True))
        index = pd.Index(np.asarray(starts, dtype=np.int64), name="line")
        frame = pd.DataFrame({name: _stripped(pd.Series(pd.Categorical(columns[i]), index=index)) for name, i in keep}, index=index)
        return self._chunk(frame, positions, display)

    def _chunk(self, frame: pd.DataFrame, positions: dict[str, int], display: str) -> Chunk:
        self.report.rows_read += len(frame)
        self.progress(f"{display}: {self.report.rows_read:,} rows read")
        chunk = Chunk(display, frame, positions, pd.Series(False, index=frame.index), pd.Series(False, index=frame.index))
        self._check_limits(chunk)
        self._check_repeats(chunk)
        return chunk

    # -- the schema's limits, vectorised ---------------------------------------------------------------
    def _check_limits(self, chunk: Chunk) -> None:
        for column in chunk.frame.columns:
            spec = self.fmt.columns[column]
            kinds = spec.get("type", "string")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "integer" in kinds or "number" in kinds:
                self._check_number(chunk, column, spec, "null" in kinds)
            elif spec.get("format") == "date":
                self._check_date(chunk, column, spec)
            else:
                self._check_text(chunk, column, spec)

    def _check_text(self, chunk: Chunk, column: str, spec: dict[str, Any]) -> None:
        values = chunk.frame[column]
        noun = self.fmt.noun(column)
        hint = str(spec.get("x-hint", spec.get("description", "")))
        longest = int(spec.get("maxLength", 200))
        lengths = per_value(values, lambda v: v.str.len())
        chunk.report(self.report, lengths > longest, column, lambda v: f"the {noun} is {len(v):,} characters long; at most {longest} are allowed", f"Shorten it. {hint}".strip())
        if spec.get("minLength", 0) >= 1:
            chunk.report(self.report, lengths == 0, column, lambda v: f"the {noun} is empty", hint)
        if "pattern" in spec:
            shaped = per_value(values, lambda v: v.str.fullmatch(spec["pattern"]).astype(bool)) | (lengths == 0) | (lengths > longest)
            chunk.report(self.report, ~shaped.astype(bool), column, lambda v: f"'{shown(v)}' is not a valid {noun}", hint)

    def _check_number(self, chunk: Chunk, column: str, spec: dict[str, Any], optional: bool) -> None:
        raw = chunk.frame[column]
        noun = self.fmt.noun(column)
        values = numbers(raw)
        low, high = spec.get("minimum"), spec.get("maximum")
        hint = str(spec.get("x-hint", ""))
        empty = per_value(raw, lambda v: v == "")
        if optional:
            chunk.report(self.report, ~empty & values.isna(), column, lambda v: f"'{shown(v)}' is not a number", hint)
        else:
            chunk.report(self.report, values.isna(), column, lambda v: f"'{shown(v)}' is not a number" if v else f"the {noun} is empty", hint or f"Write the {noun} as a whole number.")
        present = values.notna()
        if spec.get("type") == "integer" or (isinstance(spec.get("type"), list) and "integer" in spec["type"]):
            if low is not None and low >= 0:
                chunk.report(self.report, present & (values < 0), column, lambda v: f"the {noun} {shown(v)} is negative", "Counts cannot be below zero.")
                present = present & (values >= 0)
            chunk.report(self.report, present & (values % 1 != 0), column, lambda v: f"the {noun} {shown(v)} is not a whole number", "Write a whole number.")
            present = present & (values % 1 == 0)
        outside = pd.Series(False, index=raw.index)
        if low is not None:
            outside |= values < low
        if high is not None:
            outside |= values > high
        span = f"{low:g}–{high:g}" if low is not None and high is not None else (f"at least {low:g}" if low is not None else f"at most {high:g}")
        chunk.report(self.report, present & outside, column, lambda v: f"the {noun} {shown(v)} is outside {span}", hint or "Check for a typing error or a total copied into a class row.")

    def _check_date(self, chunk: Chunk, column: str, spec: dict[str, Any]) -> None:
        raw = chunk.frame[column]
        shaped = per_value(raw, lambda v: v.str.fullmatch(r"\d{4}-\d{2}-\d{2}").astype(bool))
        real = per_value(raw, lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce").notna())
        chunk.report(self.report, ~shaped, column, lambda v: f"'{shown(v)}' is not a date written YYYY-MM-DD" if v else "the date is empty", "Write dates like 2026-09-14.")
        chunk.report(self.report, shaped & ~real, column, lambda v: f"'{v}' is not a real date", "Check the month and day.")
        earliest = str(spec.get("x-earliest", EARLIEST_DATE))
        chunk.report(self.report, shaped & real & per_value(raw, lambda v: v < earliest), column, lambda v: f"the date {v} is before {earliest}", "Check the year.")
        if spec.get("x-future"):
            latest = (datetime.date.today() + datetime.timedelta(days=3 * 366)).isoformat()
            chunk.report(self.report, shaped & real & per_value(raw, lambda v: v > latest), column, lambda v: f"the date {v} is more than three years ahead", "Check the year.")
        else:
            chunk.report(self.report, shaped & real & per_value(raw, lambda v: v > self.today), column, lambda v: f"the date {v} is in the future (today is {self.today})", "This file records what already happened; check the year.")

    def _check_repeats(self, chunk: Chunk) -> None:
        columns = [c for c in (self.fmt.key or tuple(self.fmt.columns)) if c in chunk.frame.columns]
        good = chunk.frame[~chunk.bad]
        earlier = self.repeats.find(good, columns, chunk.path)
        repeated = earlier.notna()
        if not repeated.any():
            return
        what = "the same " + ", ".join(columns) if self.fmt.key else "exactly the same values"
        for line, (path, first) in earlier[repeated].items():
            where = f"line {first}" if path == chunk.path else f"{path}:{first}"
            self.report.add(Problem(chunk.path, int(line), 0, "", f"this row has {what} as {where}; it is counted once", "If these are two different classes, add a 'section' column with each class's code.", "warning"))
        self.report.rows_repeated += int(repeated.sum())
        chunk.repeated = repeated.reindex(chunk.bad.index, fill_value=False).astype(bool)


def frame_to_csv(frame: pd.DataFrame) -> str:
    """Tidy CSV, safe to open in a spreadsheet: no cell from content can start a formula."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].map(spreadsheet_safe)
    return str(safe.to_csv(index=False, lineterminator="\n"))


def _ragged_hint(separator: str) -> str:
    name = SEPARATORS[separator]
    return f"Each row needs the same number of fields as the header; put values that contain a {name} in double quotes (\"Lincoln, East\")."
