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

    @property
    def nullable(self) -> bool:
        """Whether the column may hold NULL (an expression we cannot inspect counts as yes)."""
        expression = getattr(self.column, "expression", self.column)
        return bool(getattr(expression, "nullable", True))

    def order_by(self) -> Any:
        """This key's ORDER BY term. NULLs sort as the greatest value on every database (as
        PostgreSQL does by default, where SQLite would put them first), so pages agree."""
        if self.descending:
            term = self.column.desc()
            return term.nulls_first() if self.nullable else term
        term = self.column.asc()
        return term.nulls_last() if self.nullable else term


def parse_sort(
    raw: str | None, allowed: Mapping[str, Any], default: str, id_column: Any
) -> list[SortKey]:
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
