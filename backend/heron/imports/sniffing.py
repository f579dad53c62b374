"""What kind of file an upload is: its format, text encoding, delimiter and header row.

Encodings are detected by hand rather than with a detector library (chardet and friends guess
among dozens of encodings from statistics; exports of CRMs and spreadsheets come in very few):
a byte-order mark decides first (UTF-8, UTF-16); otherwise text that decodes as UTF-8 is UTF-8,
since Windows-1252 text with accented letters almost never does; what remains is Windows-1252,
or Latin-1 for the five bytes Windows-1252 leaves undefined. A file that is mostly UTF-8 with
some bytes that are not (two encodings pasted together) stays UTF-8, and its bad rows are
reported one by one by the reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Literal

from heron.imports.limits import FileRefused

Format = Literal["csv", "xlsx", "vcard"]
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_LINES = 50
# The bytes Windows-1252 does not define: text holding one is read as Latin-1.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file: save it as .xlsx or CSV"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass
class Sniffed:
    format: Format
    encoding: str = "utf-8"
    delimiter: str = ","
    # Index (0-based, among the file's rows) of the header row; None: the file has none.
    header_row: int | None = 0
    headers: list[str] = field(default_factory=list)
    sheet: str | None = None


def sniff_format(head: bytes) -> Format:
    """csv, xlsx or vcard from the first bytes; anything else is refused."""
    if not head:
        raise FileRefused("empty_file", "The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise FileRefused("binary_file", f"This is {what}, not a CSV, XLSX or vCard file.")
    text = head.lstrip(codecs.BOM_UTF8).lstrip()[:20].upper()
    if text.startswith(b"BEGIN:VCARD"):
        return "vcard"
    return "csv"


def detect_encoding(head: bytes, *, complete: bool) -> str:
    """The encoding of a text file from its first bytes (``complete``: the whole file)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise FileRefused("binary_file", "This file holds binary data: it is not a text CSV file.")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(head) - 3 and exc.end == len(head):
            return "utf-8"  # only the last character was cut by the sample's end
    valid = len(_UTF8_MULTIBYTE.findall(head))
    invalid = len(head.decode("utf-8", errors="replace").split("\ufffd")) - 1
    if valid > invalid:
        return "utf-8"  # mostly UTF-8: the reader reports the rows that are not
    if any(b in _CP1252_UNDEFINED for b in head):
        return "latin-1"
    return "cp1252"


def check_text(sample: str) -> None:
    """Refuse text that is really binary (control characters a table never holds)."""
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > max(2, len(sample) // 100):
        raise FileRefused("binary_file", "This file holds binary data: it is not a text CSV file.")


def detect_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample lines into the same number (> 1) of cells most
    consistently; a comma when none does (a file of one column)."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue  # e.g. a quote that does not close within the sample
        counts = [len(row) for row in rows if row]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_DATA_LIKE = re.compile(r"@|^[\d\s.,:+\-/()]+$")


def looks_like_header(cells: list[str]) -> bool:
    """A header names its columns: text, no e-mail addresses or numbers, mostly filled."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or len(filled) < len(cells) / 2:
        return False
    return not any(_DATA_LIKE.search(c) for c in filled)


def find_header(rows: list[list[str]]) -> int | None:
    """The index of the header row among the first rows: the first that looks like one and is
    as wide as the data below it (a title line above the header is skipped); None when the
    first row already looks like data."""
    widths = [sum(1 for c in row if c.strip()) for row in rows]
    data_width = max(widths[1:] or widths or [0])
    for index, row in enumerate(rows[:10]):
        if widths[index] == 0:
            continue
        wide = widths[index] > data_width // 2
        if wide and looks_like_header(row):
            return index
        if wide:
            return None  # a full row of data comes before any header
    return None


def unique_headers(cells: list[str], width: int) -> list[str]:
    """Header names, blank ones as "Column N" and repeated ones as "Email (2)"."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index in range(width):
        name = cells[index].strip() if index < len(cells) else ""
        name = name or f"Column {index + 1}"
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def check_xlsx_archive(
    file: io.BufferedIOBase | io.BytesIO, max_unpacked: int, max_ratio: int
) -> None:
    """Refuse an XLSX whose members would unpack to more than ``max_unpacked`` bytes in all, or
    that compress more than ``max_ratio`` to one (a zip bomb), from the archive's directory,
    before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(file)
    except zipfile.BadZipFile:
        raise FileRefused("bad_xlsx", "This file is not a valid XLSX workbook.") from None
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise FileRefused(
                "bad_xlsx", "This archive is not an Excel workbook (no xl/workbook.xml)."
            )
        if len(members) > 10_000:
            raise FileRefused("archive_bomb", "This workbook holds too many parts to be read.")
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1024 * 1024 and ratio > max_ratio:
                raise FileRefused(
                    "archive_bomb",
                    f"This workbook would unpack {ratio:,.0f} times its size "
                    f"({member.filename}); it looks like an archive bomb and was not opened.",
                )
        if total > max_unpacked:
            raise FileRefused(
                "archive_bomb",
                f"This workbook would unpack to {total:,} bytes, above the limit of "
                f"{max_unpacked:,}; it was not opened.",
            )
    file.seek(0)
