"""vCard (2.1, 3.0, 4.0) cards as table rows, so that contacts from a phone or a mail client
import like a CSV: each card is one row under the fixed ``HEADERS``.

Folded lines are unfolded, escaped characters unescaped, quoted-printable values (vCard 2.1)
decoded; properties Heron has no place for are left out. A card never closed is reported.
"""

from __future__ import annotations

import quopri
from collections.abc import Iterable, Iterator

HEADERS = (
    "Full name", "First name", "Last name", "E-mail", "E-mail 2", "E-mail 3", "Phone",
    "Phone 2", "Phone 3", "Organization", "Title", "Street", "City", "Region", "Postal code",
    "Country", "Website", "Categories",
)  # fmt: skip
_COLUMN = {name: index for index, name in enumerate(HEADERS)}
MAX_CARD_LINES = 10_000


def _unescape(value: str) -> str:
    out, escaped = [], False
    for char in value:
        if escaped:
            out.append("\n" if char in "nN" else char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    return "".join(out)


def _split(value: str, sep: str) -> list[str]:
    """Split on ``sep`` not preceded by a backslash, then unescape each part."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == sep:
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(_unescape("".join(current)))
    return parts


def _unfolded(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Logical lines with the number of their first physical line."""
    pending: str | None = None
    start = 0
    soft_break = False
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if pending is not None and (line[:1] in (" ", "\t") or soft_break):
            pending += line if soft_break else line[1:]
        else:
            if pending is not None:
                yield start, pending
            pending, start = line, number
        # quoted-printable soft line break (vCard 2.1): the value goes on on the next line
        soft_break = "QUOTED-PRINTABLE" in pending.upper().split(":", 1)[0] and line.endswith("=")
        if soft_break:
            pending = pending[:-1]
    if pending is not None:
        yield start, pending


def _property(line: str) -> tuple[str, dict[str, str], str]:
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    name = name.split(".")[-1].upper()  # "item1.EMAIL" (Apple) -> EMAIL
    options: dict[str, str] = {}
    for param in params:
        key, _, val = param.partition("=")
        options[key.upper()] = val.upper() if val else key.upper()
    if options.get("ENCODING") in ("QUOTED-PRINTABLE", "QP"):
        charset = options.get("CHARSET", "UTF-8")
        try:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(charset)
        except (LookupError, UnicodeDecodeError):
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode("latin-1")
    return name, options, value


def _set_first_free(cells: list[str], names: tuple[str, ...], value: str) -> None:
    for name in names:
        if not cells[_COLUMN[name]]:
            cells[_COLUMN[name]] = value
            return


def _apply(cells: list[str], name: str, value: str) -> None:
    if name == "FN":
        cells[_COLUMN["Full name"]] = _unescape(value).strip()
    elif name == "N":
        parts = _split(value, ";") + [""] * 5
        cells[_COLUMN["Last name"]] = parts[0].strip()
        cells[_COLUMN["First name"]] = " ".join(
            p for p in (parts[1].strip(), parts[2].strip()) if p
        )
    elif name == "EMAIL":
        _set_first_free(cells, ("E-mail", "E-mail 2", "E-mail 3"), _unescape(value).strip())
    elif name == "TEL":
        number = _unescape(value).strip().removeprefix("tel:")
        _set_first_free(cells, ("Phone", "Phone 2", "Phone 3"), number)
    elif name == "ORG":
        cells[_COLUMN["Organization"]] = _split(value, ";")[0].strip()
    elif name == "TITLE":
        cells[_COLUMN["Title"]] = _unescape(value).strip()
    elif name == "ADR" and not cells[_COLUMN["City"]] and not cells[_COLUMN["Street"]]:
        parts = _split(value, ";") + [""] * 7
        for column, part in zip(
            ("Street", "City", "Region", "Postal code", "Country"), parts[2:7], strict=True
        ):
            cells[_COLUMN[column]] = part.strip()
    elif name == "URL":
        cells[_COLUMN["Website"]] = cells[_COLUMN["Website"]] or _unescape(value).strip()
    elif name == "CATEGORIES":
        cells[_COLUMN["Categories"]] = ",".join(p.strip() for p in _split(value, ",") if p.strip())


def cards(lines: Iterable[str]) -> Iterator[tuple[int, list[str], str | None]]:
    """(line of BEGIN:VCARD, cells under ``HEADERS``, problem or None) for every card."""
    cells: list[str] | None = None
    start = 0
    for number, line in _unfolded(lines):
        if not line.strip():
            continue
        name, _options, value = _property(line)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if cells is not None:
                yield start, cells, "This card has no END:VCARD before the next card begins."
            cells, start = [""] * len(HEADERS), number
        elif name == "END" and value.strip().upper() == "VCARD":
            if cells is not None:
                yield start, cells, None
            cells = None
        elif cells is not None:
            if number - start > MAX_CARD_LINES:
                yield start, cells, f"This card has more than {MAX_CARD_LINES:,} lines."
                cells = None
                continue
            _apply(cells, name, value)
    if cells is not None:
        yield start, cells, "The file ends inside this card (no END:VCARD)."
