"""The reader: formats, encodings, delimiters, headers, limits and bad files (no database)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import xlsxwriter

from heron.imports.limits import FileRefused, Limits
from heron.imports.reader import open_table


def table(data: bytes, **limits: int):
    return open_table(io.BytesIO(data), Limits(**limits))


def rows_of(data: bytes, **limits: int) -> list[tuple[int, list[str], str | None]]:
    return [(r.line, r.cells, r.problem) for r in table(data, **limits).rows()]


def xlsx(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Contacts")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


class TestEncodings:
    def test_utf8_with_bom(self) -> None:
        t = table("\ufeffFirst Name,Last Name\nZoë,Ærø\n".encode())
        assert t.sniffed.encoding == "utf-8-sig"
        assert t.headers == ["First Name", "Last Name"]
        assert [r.cells for r in t.rows()] == [["Zoë", "Ærø"]]

    def test_utf8_without_bom(self) -> None:
        t = table("name;city\nJosé;Zürich\n".encode())
        assert (t.sniffed.encoding, t.sniffed.delimiter) == ("utf-8", ";")
        assert [r.cells for r in t.rows()] == [["José", "Zürich"]]

    def test_windows_1252(self) -> None:
        t = table("name;price\nCafé Crème;5 €\n".encode("cp1252"))
        assert t.sniffed.encoding == "cp1252"
        assert [r.cells for r in t.rows()] == [["Café Crème", "5 €"]]

    def test_latin1_when_cp1252_leaves_a_byte_undefined(self) -> None:
        assert table(b"name\nA\x81b\n").sniffed.encoding == "latin-1"

    def test_utf16_with_bom(self) -> None:
        t = table("Name\tEmail\nAda\tada@example.com\n".encode("utf-16"))
        assert t.sniffed.delimiter == "\t"
        assert [r.cells for r in t.rows()] == [["Ada", "ada@example.com"]]

    def test_mixed_encodings_report_the_foreign_rows(self) -> None:
        data = (
            "name,city\nJosé,Zürich\n".encode()
            + "Renée,Besançon\n".encode("cp1252")
            + "Zoë,Oslo\n".encode()
        )
        found = rows_of(data)
        assert [(line, problem is None) for line, _, problem in found] == [
            (2, True),
            (3, False),
            (4, True),
        ]
        assert "mixes encodings" in (found[1][2] or "")


class TestDelimitersAndHeaders:
    @pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
    def test_delimiter_is_detected(self, delimiter: str) -> None:
        text = "\n".join(
            delimiter.join(r) for r in [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]]
        )
        assert table(text.encode()).sniffed.delimiter == delimiter

    def test_quoted_delimiters_and_newlines(self) -> None:
        data = b'Name,Notes\n"Lovelace, Ada","line one\nline two"\nBabbage,x\n'
        assert rows_of(data) == [
            (2, ["Lovelace, Ada", "line one\nline two"], None),
            (4, ["Babbage", "x"], None),
        ]

    def test_title_line_above_the_header_is_skipped(self) -> None:
        data = (
            b"Contacts export 2024-01-01\nFirst Name,Last Name,Email\n"
            b"Ada,Lovelace,ada@example.com\n"
        )
        t = table(data)
        assert t.headers == ["First Name", "Last Name", "Email"]
        assert [r.cells for r in t.rows()] == [["Ada", "Lovelace", "ada@example.com"]]

    def test_no_header_when_the_first_row_is_data(self) -> None:
        t = table(b"Ada,ada@example.com\nAlan,alan@example.com\n")
        assert t.sniffed.header_row is None
        assert t.headers == ["Column 1", "Column 2"]
        assert len(list(t.rows())) == 2

    def test_duplicate_and_blank_headers_are_named_apart(self) -> None:
        assert table(b"Email,Email,,Name\na@x.io,b@x.io,1,A\n").headers == [
            "Email",
            "Email (2)",
            "Column 3",
            "Name",
        ]

    def test_blank_lines_are_not_rows(self) -> None:
        assert [line for line, _, _ in rows_of(b"Name\n\nAda\n\n\nAlan\n")] == [3, 6]


class TestBadFiles:
    @pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
    def test_empty_file_is_refused(self, data: bytes) -> None:
        with pytest.raises(FileRefused) as exc:
            table(data)
        assert exc.value.code == "empty_file"

    def test_header_only_has_no_rows(self) -> None:
        assert table(b"First Name,Last Name\n").headers == ["First Name", "Last Name"]
        assert rows_of(b"First Name,Last Name\n") == []

    @pytest.mark.parametrize(
        "data",
        [
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            bytes(range(256)) * 4,
            b"%PDF-1.7 ...",
            b"MZ\x90\x00",
        ],
    )
    def test_binary_file_renamed_csv_is_refused(self, data: bytes) -> None:
        with pytest.raises(FileRefused) as exc:
            table(data)
        assert exc.value.code == "binary_file"

    def test_ragged_rows(self) -> None:
        found = rows_of(b"a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n")
        assert found[0] == (2, ["1", "2", ""], None)
        assert found[1][0] == 3 and "4 cells but the header has 3" in (found[1][2] or "")
        assert found[2] == (4, ["1", "2", "3"], None)

    def test_long_cell_is_a_row_problem(self) -> None:
        found = rows_of(b"name,notes\nAda," + b"x" * 10_000 + b"\n", max_cell_chars=5_000)
        assert "10,000 characters; the limit is 5,000" in (found[0][2] or "")

    def test_too_many_rows_is_refused(self) -> None:
        t = table(b"name\n" + b"a\n" * 11, max_rows=10)
        with pytest.raises(FileRefused) as exc:
            list(t.rows())
        assert exc.value.code == "too_many_rows"

    def test_unclosed_quote_is_bounded(self) -> None:
        data = b'name,notes\nAda,"never closed\n' + b"x" * (5 * 1024 * 1024) + b"\n"
        with pytest.raises(FileRefused) as exc:
            list(table(data).rows())
        assert exc.value.code == "bad_csv"


class TestXlsx:
    def test_cells_as_text(self) -> None:
        import datetime as dt

        data = xlsx(
            [["Name", "Born", "Score", "Revenue"], ["Ada", dt.date(1985, 12, 10), 42, 1250.5]]
        )
        t = table(data)
        assert (t.sniffed.format, t.sniffed.sheet) == ("xlsx", "Contacts")
        assert t.headers == ["Name", "Born", "Score", "Revenue"]
        assert [(r.line, r.cells) for r in t.rows()] == [(2, ["Ada", "1985-12-10", "42", "1250.5"])]

    def test_archive_bomb_is_refused_before_unpacking(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
        with pytest.raises(FileRefused) as exc:
            table(out.getvalue())
        assert exc.value.code == "archive_bomb"

    def test_zip_that_is_not_a_workbook(self) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(FileRefused) as exc:
            table(out.getvalue())
        assert exc.value.code == "bad_xlsx"

    def test_unpacked_size_limit(self) -> None:
        data = xlsx([["Name"], ["Ada"]])
        with pytest.raises(FileRefused) as exc:
            table(data, max_unpacked_bytes=100)
        assert exc.value.code == "archive_bomb"


class TestVcard:
    def test_cards_as_rows(self) -> None:
        data = (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\n"
            b"EMAIL;TYPE=WORK:ada@example.com\r\nEMAIL;TYPE=HOME:ada@home.example\r\n"
            b"TEL;TYPE=CELL:+44 20 7946 0958\r\nORG:Analytical Engines\\, Ltd;Research\r\n"
            b"ADR;TYPE=WORK:;;12 Baker St;London;;NW1;United Kingdom\r\n"
            b"NOTE:long note that is\r\n  folded\r\nEND:VCARD\r\n"
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Z=C3=B6e;Ren=C3=A9e\r\n"
            b"END:VCARD\r\nBEGIN:VCARD\r\nFN:Never ended\r\n"
        )
        t = table(data)
        found = list(t.rows())
        first = dict(zip(t.headers, found[0].cells, strict=True))
        assert first["First name"] == "Ada" and first["Last name"] == "Lovelace"
        assert (first["E-mail"], first["E-mail 2"]) == ("ada@example.com", "ada@home.example")
        assert first["Organization"] == "Analytical Engines, Ltd"
        assert (first["City"], first["Country"]) == ("London", "United Kingdom")
        second = dict(zip(t.headers, found[1].cells, strict=True))
        assert (second["First name"], second["Last name"]) == ("Renée", "Zöe")
        assert found[2].problem is not None and "END:VCARD" in found[2].problem
