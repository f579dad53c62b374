"""vCards of contacts (RFC 2426, vCard 3.0: the version every address book imports).

Text is escaped (backslash, comma, semicolon, line breaks), parameters keep only letters and
digits, and lines are folded at 75 octets without splitting a UTF-8 character, so a name or a
note cannot add a property of its own.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

MAX_OCTETS = 75
_PARAM = re.compile(r"[^A-Za-z0-9-]")
MEDIA_TYPE = "text/vcard; charset=utf-8"


@dataclass
class Card:
    id: uuid.UUID
    first_name: str | None
    last_name: str | None
    job_title: str | None
    company: str | None
    street: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None
    updated_at: datetime | None
    # (address, label) in order, the primary first.
    emails: list[tuple[str, str | None]] = field(default_factory=list)
    phones: list[tuple[str, str | None]] = field(default_factory=list)


def escape(text: str | None) -> str:
    if not text:
        return ""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _types(label: str | None, *extra: str) -> str:
    kinds = [*extra]
    cleaned = _PARAM.sub("", label or "").upper()[:20]
    if cleaned:
        kinds.append(cleaned)
    return f";TYPE={','.join(kinds)}" if kinds else ""


def fold(line: str) -> str:
    """``line`` folded into physical lines of at most 75 octets (continuations start with a
    space), each ended by CRLF."""
    data = line.encode()
    if len(data) <= MAX_OCTETS:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def render(card: Card) -> str:
    """One contact's vCard."""
    full_name = " ".join(p for p in (card.first_name, card.last_name) if p) or (
        card.emails[0][0] if card.emails else "Contact"
    )
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{card.id}",
        f"FN:{escape(full_name)}",
        f"N:{escape(card.last_name)};{escape(card.first_name)};;;",
    ]
    if card.company:
        lines.append(f"ORG:{escape(card.company)}")
    if card.job_title:
        lines.append(f"TITLE:{escape(card.job_title)}")
    for i, (address, label) in enumerate(card.emails):
        pref = ("PREF",) if i == 0 else ()
        lines.append(f"EMAIL{_types(label, 'INTERNET', *pref)}:{escape(address)}")
    for i, (number, label) in enumerate(card.phones):
        pref = ("PREF",) if i == 0 else ()
        lines.append(f"TEL{_types(label, 'VOICE', *pref)}:{escape(number)}")
    parts = (card.street, card.city, card.region, card.postal_code, card.country)
    if any(parts):
        lines.append("ADR;TYPE=WORK:;;" + ";".join(escape(p) for p in parts))
    if card.updated_at is not None:
        lines.append(f"REV:{card.updated_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def render_all(cards: Sequence[Card]) -> bytes:
    return "".join(render(c) for c in cards).encode()
