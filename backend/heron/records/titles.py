"""How a record is named where its kind is not obvious (trash, search, timeline)."""

from __future__ import annotations

from typing import Any


def title_of(row: Any) -> str:
    name = getattr(row, "name", None)
    if name:
        return str(name)
    full = getattr(row, "full_name", None)
    if full:
        return str(full)
    return str(getattr(row, "email", None) or getattr(row, "subject", None) or row.id)


def subtitle_of(row: Any) -> str | None:
    """A second line: the company's domain, the contact's e-mail, the lead's company, the
    deal's amount."""
    for attribute in ("domain", "email", "company_name"):
        value = getattr(row, attribute, None)
        if value:
            return str(value)
    amount = getattr(row, "amount", None)
    if amount is not None:
        return f"{amount.normalize():f} {getattr(row, 'currency', '')}".strip()
    return None
