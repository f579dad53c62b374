"""``?sort=-created_at,name``: sort keys from an entity's allow-list, always ending on the id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heron.kit.errors import ValidationFailed


@dataclass(frozen=True)
class SortKey:
    attribute: str
    column: Any
    descending: bool = False

    def order_by(self) -> Any:
        return self.column.desc() if self.descending else self.column.asc()


def parse_sort(raw: str | None, allowed: Mapping[str, Any], default: str, id_column: Any) -> list[SortKey]:
    """Sort keys for ``raw`` (comma-separated, ``-`` for descending) against ``allowed``.

    The id is appended as the last key so every order is total (and keyset pages are stable).
    """
    text = raw if raw else default
    keys: list[SortKey] = []
    seen: set[str] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        descending = part.startswith("-")
        name = part.lstrip("-+")
        if name not in allowed:
            choices = ", ".join(sorted(allowed))
            raise ValidationFailed.field(
                ("query", "sort"), f"Cannot sort by '{name}'. Sortable fields: {choices}."
            )
        if name in seen:
            continue
        seen.add(name)
        keys.append(SortKey(name, allowed[name], descending))
    if "id" not in seen:
        last_desc = keys[-1].descending if keys else False
        keys.append(SortKey("id", id_column, last_desc))
    return keys
