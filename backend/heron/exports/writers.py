"""CSV and XLSX out of rows of plain values, a chunk at a time.

Both writers take the rows a streamed query yields (tuples of str, int, Decimal, date,
datetime, bool, UUID, dict for ``custom``) and never hold more than one chunk: CSV goes to a
small buffer that is handed out as bytes after each chunk, XLSX to xlsxwriter in
``constant_memory`` mode (each row is flushed to a temporary file as soon as it is written;
the workbook is zipped at the end). Text cells are neutralised (``cells.neutralise``); numbers
stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from heron.exports.cells import neutralise
from heron.exports.columns import Column, ValueType
from heron.models import FieldType

# Excel's last row is 1,048,576: the header and this many rows per sheet, then a new sheet.
XLSX_ROWS_PER_SHEET = 1_048_575
XLSX_MAX_TEXT = 32_767
BOM = "\ufeff"

Formatter = Callable[[Any], Any]


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def number_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        # Numeric(20, 4) reads back as 1250.0000: written as 1250.
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


_NEEDS_CHECK = frozenset("=+-@\t\r\n ")


def _text(value: Any) -> Any:
    """Text as a cell: neutralised when it starts like a formula (the first character decides
    whether to look closer, so ordinary text costs one set lookup)."""
    if value is None:
        return None
    if value.__class__ is not str:
        value = str(value)
    return neutralise(value) if value[:1] in _NEEDS_CHECK else value


def _number(value: Any) -> Any:
    """A number: from SQL (int, Decimal) or from JSON (int, float; text on PostgreSQL)."""
    if value is None or value.__class__ is int or value.__class__ is float:
        return value
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            return int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:
            return _text(value)
    return _text(value)


def _boolean(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if value in (1, 0):  # SQLite's json_extract
        return bool(value)
    if value in ("true", "false"):  # PostgreSQL's ->>
        return value == "true"
    return _text(value)


def _date(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return _text(value)


def _datetime(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return _text(value)


def _options(value: Any) -> Any:
    """A multi-select's options, joined (JSON text on both databases)."""
    if value is None:
        return None
    try:
        found = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return _text(value)
    if isinstance(found, list):
        return _text(", ".join(str(v) for v in found))
    return _text(found)


def _custom(column: Column, members: Mapping[str, str]) -> Formatter:
    """How one custom field's extracted value is written: numbers as numbers, booleans as
    booleans, multi-select options joined, a member's name for a user field."""
    assert column.field is not None
    type_ = column.field.type
    if type_ in (FieldType.number, FieldType.money):
        return _number
    if type_ == FieldType.boolean:
        return _boolean
    if type_ == FieldType.multi_select:
        return _options
    if type_ == FieldType.date:
        return _date
    if type_ == FieldType.datetime:
        return _datetime
    if type_ == FieldType.user:
        return lambda value: None if value is None else _text(members.get(str(value), value))
    return _text


def plain_values(columns: Sequence[Column], members: Mapping[str, str]) -> list[Formatter]:
    """For each column, what turns its SQL value into the plain value a writer writes:
    neutralised text, a number, a date, a time, a boolean or None."""
    out: list[Formatter] = []
    for column in columns:
        if column.type is ValueType.custom:
            out.append(_custom(column, members))
        elif column.type is ValueType.text:
            out.append(_text)
        elif column.type is ValueType.number:
            out.append(_number)
        else:
            out.append(_same)
    return out


def _same(value: Any) -> Any:
    return value


def _csv_cell(value: Any) -> Any:
    """A plain value as CSV text (None as an empty cell; the csv module writes int and float
    itself)."""
    if value is None or value.__class__ is str or value.__class__ is int:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return number_text(value)
    return _text(value)


def _then_csv(plain: Formatter) -> Formatter:
    def cell(value: Any) -> Any:
        return _csv_cell(plain(value))

    return cell


def csv_values(columns: Sequence[Column], members: Mapping[str, str]) -> list[Formatter]:
    """Per column, SQL value -> CSV cell, with the cheapest function that is right for it:
    text is only checked for formulas, times and dates arrive formatted by the database."""
    out: list[Formatter] = []
    for column, plain in zip(columns, plain_values(columns, members), strict=True):
        if column.type is ValueType.text:
            out.append(_text)
        elif column.type in (ValueType.datetime, ValueType.date):
            out.append(_text)  # already "2026-01-31T08:00:00Z" / "2026-01-31" text
        else:
            out.append(_then_csv(plain))
    return out


class CsvWriter:
    """CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads accents) a chunk at a time.
    ``indexes[i]`` is where column i's value is in each row."""

    media_type = "text/csv; charset=utf-8"
    extension = "csv"

    def __init__(
        self, columns: Sequence[Column], indexes: Sequence[int], members: Mapping[str, str]
    ) -> None:
        self.columns = list(columns)
        self.cells = list(zip(csv_values(self.columns, members), indexes, strict=True))
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n")
        self.rows = 0

    def header(self) -> bytes:
        self._csv.writerow([neutralise(c.label) for c in self.columns])
        return (BOM + self._take()).encode()

    def write(self, rows: Iterable[Sequence[Any]]) -> bytes:
        """CSV bytes of ``rows``."""
        cells = self.cells
        out = [[f(row[i]) for f, i in cells] for row in rows]
        self._csv.writerows(out)
        self.rows += len(out)
        return self._take().encode()

    def _take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


class XlsxWriter:
    """An XLSX workbook written row by row into ``path`` (constant memory), typed cells, a bold
    frozen header, a new sheet every 1,048,575 rows."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def __init__(
        self,
        path: Path,
        columns: Sequence[Column],
        indexes: Sequence[int],
        members: Mapping[str, str],
        title: str,
    ) -> None:
        self.columns = list(columns)
        self.cells = list(zip(plain_values(self.columns, members), indexes, strict=True))
        self.title = title[:28] or "Export"
        self.book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": str(path.parent),
                # write() never turns text into formulas, numbers or links.
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "remove_timezone": True,
            },
        )
        self.bold = self.book.add_format({"bold": True})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.time = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.rows = 0
        self._sheet: Any = None
        self._row = 0
        self._sheets = 0

    def _new_sheet(self) -> None:
        self._sheets += 1
        name = self.title if self._sheets == 1 else f"{self.title} {self._sheets}"
        self._sheet = self.book.add_worksheet(name)
        self._sheet.freeze_panes(1, 0)
        for col, column in enumerate(self.columns):
            self._sheet.write_string(0, col, neutralise(column.label), self.bold)
        self._row = 1

    def header(self) -> None:
        self._new_sheet()

    def write(self, rows: Iterable[Sequence[Any]]) -> None:
        cells, put = self.cells, self._cell
        for row in rows:
            if self._row > XLSX_ROWS_PER_SHEET:
                self._new_sheet()
            sheet, r = self._sheet, self._row
            for col, (f, i) in enumerate(cells):
                put(sheet, r, col, f(row[i]))
            self._row += 1
            self.rows += 1

    def _cell(self, sheet: Any, r: int, col: int, value: Any) -> None:
        if value is None:
            return
        if value.__class__ is str:
            sheet.write_string(r, col, value[:XLSX_MAX_TEXT])
        elif isinstance(value, bool):
            sheet.write_boolean(r, col, value)
        elif isinstance(value, int | float | Decimal):
            sheet.write_number(r, col, float(value))
        elif isinstance(value, datetime):
            utc = value.astimezone(UTC).replace(tzinfo=None)
            sheet.write_datetime(r, col, utc, self.time)
        elif isinstance(value, date):
            sheet.write_datetime(r, col, datetime(value.year, value.month, value.day), self.date)
        else:
            sheet.write_string(r, col, neutralise(str(value))[:XLSX_MAX_TEXT])

    def close(self) -> None:
        """Zip the workbook into its file (blocking: run it in a thread)."""
        if self._sheet is None:
            self._new_sheet()
        self.book.close()
