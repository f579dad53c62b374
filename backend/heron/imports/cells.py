"""Cell text as people type it, into the canonical form the API's validators take: dates in
three orders, amounts with thousands separators and currency signs, yes/no, country names.

Each parser returns the canonical text or value, or raises ``CellError`` with the end of the
sentence "expected ..." for the row's problem.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Literal

DateOrder = Literal["DMY", "MDY", "YMD"]
DecimalSeparator = Literal[".", ","]


class CellError(ValueError):
    pass


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january", "janv", "janvier"), ("feb", "february", "fev", "fevr", "fevrier"),
         ("mar", "march", "mars"), ("apr", "april", "avr", "avril"), ("may", "mai"),
         ("jun", "june", "juin"), ("jul", "july", "juil", "juillet"), ("aug", "august", "aout"),
         ("sep", "sept", "september", "septembre"), ("oct", "october", "octobre"),
         ("nov", "november", "novembre"), ("dec", "december", "decembre")]
    )
    for m in names
}  # fmt: skip
_WORD_DATE = re.compile(
    r"^(?:(\d{1,2})\.?\s+([a-z]+)\.?,?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4}))$"
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def parse_date(text: str, order: DateOrder) -> str:
    """``2026-01-31``, ``31/01/2026`` (DMY), ``01/31/2026`` (MDY), ``31.01.26``,
    ``31 Jan 2026``, ``Jan 31, 2026`` -> ``2026-01-31``. ISO dates are read whatever
    the order; a date-and-time keeps its date."""
    value = text.strip()
    if _ISO_DATETIME.match(value):
        value = value[:10]
    try:
        if match := _ISO_DATE.match(value):
            y, m, d = (int(g) for g in match.groups())
            return date(y, m, d).isoformat()
        if match := _NUMERIC_DATE.match(value):
            a, b, c = match.groups()
            if len(a) == 4:
                return date(int(a), int(b), int(c)).isoformat()
            if order == "MDY":
                return date(_year(c), int(a), int(b)).isoformat()
            return date(_year(c), int(b), int(a)).isoformat()
        if match := _WORD_DATE.match(_fold(value)):
            d1, mon1, y1, mon2, d2, y2 = match.groups()
            month = _MONTHS.get((mon1 or mon2)[:9])
            if month is None:
                raise CellError(_date_hint(order))
            return date(int(y1 or y2), month, int(d1 or d2)).isoformat()
    except ValueError:
        raise CellError(_date_hint(order)) from None
    raise CellError(_date_hint(order))


def _fold(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _date_hint(order: DateOrder) -> str:
    shown = {"DMY": "DD/MM/YYYY", "MDY": "MM/DD/YYYY", "YMD": "YYYY-MM-DD"}[order]
    return f"a date such as 2026-01-31 or {shown} (the order chosen for this import)"


def parse_datetime(text: str, order: DateOrder) -> str:
    """RFC 3339 as is; a date and time without offset is taken as UTC; a date alone is midnight
    UTC. The result goes to the custom-field validator."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return parse_date(value, order) + "T00:00:00+00:00"
    if moment.tzinfo is None:
        return moment.isoformat(timespec="seconds") + "+00:00"
    return moment.isoformat(timespec="seconds")


_CURRENCY_SIGNS = re.compile(r"[$€£¥₹₽₩₪₫₴₦฿]|\b[A-Z]{3}\b")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: str, decimal: DecimalSeparator) -> Decimal:
    """``1,234,567.89``, ``1.234.567,89`` (decimal ","), ``1 234,5``, ``$1,250``, ``(12)``
    (negative, as accountants write it), ``1'000`` -> Decimal. Thousands separators must group
    by three, so ``1,5`` with decimal "." is not silently read as 15."""
    value = _CURRENCY_SIGNS.sub("", text.strip())
    negative = value.startswith("(") and value.endswith(")")
    value = _SPACES.sub("", value.strip("()"))
    if value.endswith("-"):
        negative, value = True, value[:-1]
    thousands = "," if decimal == "." else "."
    whole, sep, fraction = value.partition(decimal)
    if thousands in whole:
        groups = whole.lstrip("+-").split(thousands)
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise CellError(_number_hint(decimal))
        whole = whole.replace(thousands, "")
    if thousands in fraction:
        raise CellError(_number_hint(decimal))
    try:
        number = Decimal(whole + ("." + fraction if sep else ""))
    except InvalidOperation:
        raise CellError(_number_hint(decimal)) from None
    if not number.is_finite():
        raise CellError(_number_hint(decimal))
    return -number if negative else number


def _number_hint(decimal: DecimalSeparator) -> str:
    example = "1,234.50" if decimal == "." else "1.234,50"
    return f"a number such as {example} (decimal separator '{decimal}' chosen for this import)"


def parse_int(text: str, decimal: DecimalSeparator) -> int:
    number = parse_number(text, decimal)
    if number != number.to_integral_value():
        raise CellError("a whole number")
    return int(number)


_TRUE = frozenset({"true", "yes", "y", "1", "x", "on", "oui", "ja", "si", "sí", "vrai", "wahr"})
_FALSE = frozenset({"false", "no", "n", "0", "off", "non", "nein", "faux", "falsch", "-"})


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError("yes or no (true/false, 1/0)")


@cache
def _countries() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for locale in ("en", "fr", "de", "es"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(_fold(name), code)
    names.update({"usa": "US", "uk": "GB", "england": "GB", "great britain": "GB"})
    return names


def parse_country(text: str) -> str:
    """``FR``, ``fr``, ``France``, ``Deutschland`` -> ``FR``/``DE``."""
    value = text.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    code = _countries().get(_fold(value))
    if code is None:
        raise CellError("a country name or its two-letter code, e.g. FR or France")
    return code


def with_scheme(text: str) -> str:
    """``www.example.com`` -> ``https://www.example.com``: exports often drop the scheme."""
    value = text.strip()
    if "://" in value or not value:
        return value
    return "https://" + value


def split_list(text: str) -> list[str]:
    """Tags and multi-select options: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def looks_like_formula(text: str) -> bool:
    """A spreadsheet formula typed as text (``=SUM(A1:A3)``, ``=HYPERLINK(...)``)."""
    value = text.lstrip()
    return len(value) > 1 and value[0] == "=" and value[1] not in "= "
