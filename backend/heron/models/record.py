"""What every CRM record (company, contact, lead, deal) shares: an owner, soft delete, custom
field values and a search text kept up to date on every write; companies, contacts and leads
a name key for the likely-duplicate check."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, Text, event, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

# JSONB on PostgreSQL (GIN-indexed for custom-field filters), JSON text on SQLite.
JSONValue = JSON().with_variant(JSONB(), "postgresql")


class RecordKind(StrEnum):
    """The kinds of record that tags, activities, custom fields and views attach to."""

    company = "company"
    contact = "contact"
    lead = "lead"
    deal = "deal"


def live_index(name: str, *columns: str, include: Sequence[str] = ()) -> Index:
    """An index of the live rows only (``deleted_at IS NULL``), which every list, board and
    search reads: smaller than one of every row, and in the order a list pages through.
    ``include``: columns carried in the index (PostgreSQL) so that a query reading only them
    and the keys never visits the table."""
    live = text("deleted_at IS NULL")
    return Index(
        name, *columns, postgresql_where=live, sqlite_where=live, postgresql_include=list(include)
    )


def trash_index(table: str) -> Index:
    """An index of the deleted rows only, for the trash and the purge job that empties it.
    Live rows are read through ``live_index``: an index of every row's ``deleted_at`` misled
    SQLite's planner, which took it for selective on ``deleted_at IS NULL`` (a deep contact
    page read every live contact, docs/performance.md)."""
    trash = text("deleted_at IS NOT NULL")
    return Index(
        f"ix_{table}_trash", "org_id", "deleted_at", postgresql_where=trash, sqlite_where=trash
    )


class SoftDeleteMixin:
    """Deleted rows stay, restorable from the trash, until the purge job removes them. Each
    model lists ``trash_index`` in its ``__table_args__``."""

    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    @declared_attr
    def deleted_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class OwnedMixin:
    """The person responsible for the record: the base of "own" and "team" visibility."""

    @declared_attr
    def owner_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True)

    @declared_attr
    def created_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class CustomValuesMixin:
    """Values of the organization's custom fields for this kind, by field key."""

    custom: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)


class SearchableMixin:
    """``search_text``: the words a search matches, lower-cased, rebuilt before every flush.
    PostgreSQL indexes it with pg_trgm; SQLite mirrors it into an FTS5 table (migration 0004)."""

    search_fields: ClassVar[tuple[str, ...]] = ()
    search_text: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def search_text_of(cls, values: Mapping[str, Any]) -> str:
        """The search text of a row with these column values (bulk loads use it too)."""
        parts = (values.get(f) for f in cls.search_fields)
        return " ".join(str(p) for p in parts if p).lower()

    def compute_search_text(self) -> str:
        return self.search_text_of({f: getattr(self, f, None) for f in self.search_fields})


class NameKeyMixin:
    """``name_key``: the record's name lower-cased, its words single-spaced, rebuilt before
    every flush. The likely-duplicate check compares names through it: an index of the
    organization's live rows by ``name_key`` answers "who else is called this?" in a few
    rows, where comparing ``lower(name)`` read every record of the organization (a function
    of a column is no index key under row-level security; docs/performance.md)."""

    name_fields: ClassVar[tuple[str, ...]] = ("name",)
    name_key: Mapped[str] = mapped_column(Text, default="")

    @classmethod
    def name_key_of(cls, values: Mapping[str, Any]) -> str:
        """The name key of a row with these column values (bulk loads use it too)."""
        return name_key(" ".join(str(values.get(f) or "") for f in cls.name_fields))


def name_key(name: str) -> str:
    """A name as ``name_key`` keeps it: lower-cased, its words single-spaced."""
    return " ".join(name.lower().split())


@event.listens_for(Session, "before_flush")
def _refresh_derived_columns(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        if isinstance(row, SearchableMixin):
            text = row.compute_search_text()
            if row.search_text != text:
                row.search_text = text
        if isinstance(row, NameKeyMixin):
            key = row.name_key_of({f: getattr(row, f, None) for f in row.name_fields})
            if row.name_key != key:
                row.name_key = key
