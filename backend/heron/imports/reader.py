"""Rows out of an uploaded file, one at a time, whatever its format.

``open_table(file, limits)`` sniffs the file (``sniffing.py``) and returns a ``Table``: its
``headers`` and ``rows()``, an iterator of ``SourceRow`` (the row number a user sees, the cells
as text, and the reason the row cannot be read, if any). CSV and vCard are streamed: memory does
not grow with the file. XLSX sheets are read by calamine into a compact range in Rust, bounded
by the archive checks done before opening it.

What the reader decides (docs/imports.md):

- rows shorter than the header are padded with empty cells (exports drop trailing blanks);
  rows with more filled cells than the header has columns are reported, not cut;
- a row holding bytes that are not in the file's encoding is reported (two encodings pasted
  together), the others are read;
- a cell longer than the limit is reported; a file with more rows than the limit is refused.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from heron.imports import vcard
from heron.imports.limits import FileRefused, Limits
from heron.imports.sniffing import (
    SAMPLE_LINES,
    Sniffed,
    check_text,
    check_xlsx_archive,
    detect_delimiter,
    detect_encoding,
    find_header,
    sniff_format,
    unique_headers,
)

HEAD_BYTES = 256 * 1024
# No line of a real table is this long; a file without line breaks is not a table.
MAX_LINE_BYTES = 64 * 1024 * 1024
# The csv module's own limit on a cell (process-wide): well above ours, so that a long cell is
# reported by us as a row problem, and an unclosed quote still stops within bounded memory.
csv.field_size_limit(4 * 1024 * 1024)


@dataclass
class SourceRow:
    line: int
    cells: list[str]
    problem: str | None = None


class Table:
    """An opened file: what was sniffed, its headers, and its data rows."""

    def __init__(self, file: IO[bytes], sniffed: Sniffed, limits: Limits) -> None:
        self.file = file
        self.sniffed = sniffed
        self.limits = limits

    @property
    def headers(self) -> list[str]:
        return self.sniffed.headers

    def rows(self) -> Iterator[SourceRow]:
        """The data rows (after the header), each checked against the cell limits; refused
        with ``FileRefused`` past the row limit."""
        self.file.seek(0)
        width = len(self.headers)
        count = 0
        for row in self._raw_rows():
            if not any(c.strip() for c in row.cells):
                continue  # blank lines are not rows
            count += 1
            if count > self.limits.max_rows:
                raise FileRefused(
                    "too_many_rows",
                    f"The file has more than {self.limits.max_rows:,} rows, the most one "
                    "import takes; split it into several files.",
                )
            yield self._checked(row, width)

    def _checked(self, row: SourceRow, width: int) -> SourceRow:
        cells = row.cells
        if len(cells) > width:
            extra = [c for c in cells[width:] if c.strip()]
            if extra and row.problem is None:
                row.problem = (
                    f"This row has {width + len(cells[width:])} cells but the header has "
                    f"{width} columns (a delimiter inside an unquoted cell?)."
                )
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        for index, cell in enumerate(cells):
            if len(cell) > self.limits.max_cell_chars and row.problem is None:
                row.problem = (
                    f"The cell in column '{self.headers[index]}' has {len(cell):,} characters; "
                    f"the limit is {self.limits.max_cell_chars:,}."
                )
                cells[index] = ""
        row.cells = cells
        return row

    def _raw_rows(self) -> Iterator[SourceRow]:
        fmt = self.sniffed.format
        if fmt == "csv":
            rows = _csv_rows(self.file, self.sniffed.encoding, self.sniffed.delimiter)
        elif fmt == "xlsx":
            rows = _xlsx_rows(self.file, self.sniffed.sheet)
        else:
            rows = _vcard_rows(self.file, self.sniffed.encoding)
        start = (self.sniffed.header_row + 1) if self.sniffed.header_row is not None else 0
        for index, row in enumerate(rows):
            if index >= start:
                yield row


def open_table(file: IO[bytes], limits: Limits) -> Table:
    """Sniff ``file`` (format, encoding, delimiter, header) and open it as a ``Table``."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    fmt = sniff_format(head)
    if fmt == "xlsx":
        sniffed = _sniff_xlsx(file, limits)
    elif fmt == "vcard":
        encoding = detect_encoding(head, complete=len(head) < HEAD_BYTES)
        sniffed = Sniffed(format="vcard", encoding=encoding, header_row=None)
        sniffed.headers = list(vcard.HEADERS)
    else:
        sniffed = _sniff_csv(file, head)
    if len(sniffed.headers) > limits.max_columns:
        raise FileRefused(
            "too_many_columns",
            f"The file has {len(sniffed.headers)} columns; the limit is {limits.max_columns}.",
        )
    file.seek(0)
    return Table(file, sniffed, limits)


def _sniff_csv(file: IO[bytes], head: bytes) -> Sniffed:
    encoding = detect_encoding(head, complete=len(head) < HEAD_BYTES)
    file.seek(0)
    lines = []
    for index, line in enumerate(_decoded_lines(file, encoding, set())):
        if index >= SAMPLE_LINES:
            break
        lines.append(line)
    check_text("".join(lines))
    if not any(line.strip() for line in lines):
        raise FileRefused("empty_file", "The file has no rows.")
    delimiter = detect_delimiter(lines)
    raw = _sample_rows(lines, delimiter)
    # Positions among all rows of the non-blank ones: the header's index must count blanks.
    positions = [i for i, row in enumerate(raw) if any(c.strip() for c in row)]
    sample = [raw[i] for i in positions]
    if not sample:
        raise FileRefused("empty_file", "The file has no rows.")
    sniffed = Sniffed(format="csv", encoding=encoding, delimiter=delimiter)
    _set_header(sniffed, sample, find_header(sample), positions)
    return sniffed


def _sample_rows(lines: list[str], delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
    # A quote still open at the sample's end: the rows before it are enough.
    with contextlib.suppress(csv.Error):
        rows.extend(reader)
    return rows


def _set_header(
    sniffed: Sniffed,
    sample: list[list[str]],
    header_row: int | None,
    positions: list[int],
) -> None:
    """The header's position among all rows and its names; without a header, as many
    "Column N" as the widest row of the sample."""
    if header_row is None:
        width = max(len(row) for row in sample)
        sniffed.header_row = None
        sniffed.headers = [f"Column {i + 1}" for i in range(width)]
        return
    sniffed.header_row = positions[header_row]
    cells = sample[header_row]
    while cells and not cells[-1].strip():
        cells = cells[:-1]  # trailing empty header cells name no column
    sniffed.headers = unique_headers(cells, len(cells))


def _sniff_xlsx(file: IO[bytes], limits: Limits) -> Sniffed:
    check_xlsx_archive(file, limits.max_unpacked_bytes, limits.max_compression_ratio)  # type: ignore[arg-type]
    sheet = _first_sheet_name(file)
    sample = []
    for index, row in enumerate(_xlsx_rows(file, sheet)):
        if index >= SAMPLE_LINES:
            break
        sample.append(row.cells)
    positions = [i for i, cells in enumerate(sample) if any(c.strip() for c in cells)]
    rows = [sample[i] for i in positions]
    if not rows:
        raise FileRefused("empty_file", "The first sheet of this workbook has no rows.")
    sniffed = Sniffed(format="xlsx", encoding="binary", delimiter="", sheet=sheet)
    _set_header(sniffed, rows, find_header(rows), positions)
    return sniffed


def _decoded_lines(file: IO[bytes], encoding: str, bad_lines: set[int]) -> Iterator[str]:
    """The file's lines as text; a line that is not in ``encoding`` is read as Windows-1252
    and its number (1-based) added to ``bad_lines``."""
    if encoding == "utf-16":
        yield from _utf16_lines(file)
        return
    decode = codecs.getdecoder("utf-8" if encoding == "utf-8-sig" else encoding)
    number = 0
    while True:
        raw = file.readline(MAX_LINE_BYTES)
        if not raw:
            return
        number += 1
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise FileRefused(
                "bad_csv", f"Line {number} is longer than {MAX_LINE_BYTES:,} bytes: not a table."
            )
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield decode(raw)[0]
        except UnicodeDecodeError:
            bad_lines.add(number)
            yield raw.decode("cp1252", errors="replace")


def _utf16_lines(file: IO[bytes]) -> Iterator[str]:
    text = io.TextIOWrapper(file, encoding="utf-16", newline="")
    try:
        yield from text
    except UnicodeDecodeError:
        raise FileRefused(
            "bad_encoding", "This UTF-16 file holds bytes that are not text."
        ) from None
    finally:
        text.detach()


def _csv_rows(file: IO[bytes], encoding: str, delimiter: str) -> Iterator[SourceRow]:
    bad_lines: set[int] = set()
    reader = csv.reader(_decoded_lines(file, encoding, bad_lines), delimiter=delimiter)
    last_line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileRefused(
                "bad_csv", f"The file cannot be read as CSV near line {reader.line_num}: {exc}."
            ) from None
        first, last_line = last_line + 1, reader.line_num
        problem = None
        if bad_lines and any(first <= n <= last_line for n in bad_lines):
            problem = (
                f"This row is not in the file's encoding ({encoding}): the file mixes "
                "encodings. Save it again as UTF-8."
            )
            bad_lines.difference_update(range(first, last_line + 1))
        yield SourceRow(first, cells, problem)


def _first_sheet_name(file: IO[bytes]) -> str:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    file.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(file)
    except Exception as exc:  # calamine raises its own errors for every kind of damage
        raise FileRefused("bad_xlsx", f"This workbook cannot be read: {exc}.") from None
    visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    book.close()
    if not visible:
        raise FileRefused("bad_xlsx", "This workbook has no visible sheet.")
    return visible[0]


def _xlsx_rows(file: IO[bytes], sheet_name: str | None) -> Iterator[SourceRow]:
    from python_calamine import CalamineWorkbook

    file.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(file)
        sheet = book.get_sheet_by_name(sheet_name) if sheet_name else book.get_sheet_by_index(0)
    except Exception as exc:
        raise FileRefused("bad_xlsx", f"This workbook cannot be read: {exc}.") from None
    start = (sheet.start or (0, 0))[0]
    try:
        for index, values in enumerate(sheet.iter_rows()):
            yield SourceRow(start + index + 1, [cell_text(v) for v in values])
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user typed: integral numbers without ".0", dates
    as ISO dates, times of day only when there is one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _vcard_rows(file: IO[bytes], encoding: str) -> Iterator[SourceRow]:
    lines = _decoded_lines(file, encoding, set())
    for number, cells, problem in vcard.cards(lines):
        yield SourceRow(number, cells, problem)
