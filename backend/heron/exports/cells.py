"""Cells a spreadsheet would run as a formula, neutralised (OWASP "CSV Injection").

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed can be read as a formula by Excel, LibreOffice or Google Sheets (``=HYPERLINK(...)``,
``@SUM(...)``, DDE payloads such as ``=cmd|' /C calc'!A0``); the same holds after leading
spaces, which some spreadsheets skip. Such a text is prefixed with a single quote, which every
spreadsheet shows as text and which a reader can spot and strip.

What stays as it is: real numbers. A value that is a number (an amount, a score) is written as
a number, negative or not; a text that is entirely a plain number (``-12.5``, ``+33612345678``)
cannot run anything either and keeps its form, so phone numbers in E.164 are not disfigured.
"""

from __future__ import annotations

import re

TRIGGERS = frozenset("=+-@\t\r\n")
# After leading spaces only the visible formula starters matter.
_AFTER_SPACES = frozenset("=+-@")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
QUOTE = "'"


def neutralise(text: str) -> str:
    """``text`` as a cell a spreadsheet shows and never evaluates."""
    if not text:
        return text
    first = text[0]
    if first in TRIGGERS:
        if first in "+-" and _PLAIN_NUMBER.fullmatch(text):
            return text
        return QUOTE + text
    if first == " ":
        stripped = text.lstrip(" ")
        if stripped and stripped[0] in _AFTER_SPACES and not _PLAIN_NUMBER.fullmatch(stripped):
            return QUOTE + text
    return text


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (for tests and checks)."""
    return neutralise(text) != text
