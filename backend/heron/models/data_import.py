"""Imports: a file of rows turned into records, and the ledger that lets it be undone."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin


class ImportState:
    uploaded = "uploaded"  # sniffed and mapped automatically; may be changed and validated
    running = "running"  # its job writes the records
    completed = "completed"
    failed = "failed"  # nothing was written (all or nothing), see ``error``
    undoing = "undoing"
    undone = "undone"

    ALL = ("uploaded", "running", "completed", "failed", "undoing", "undone")


class DataImport(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_org_created", "org_id", "created_at"),)

    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), default=ImportState.uploaded)
    filename: Mapped[str] = mapped_column(String(255))
    file_key: Mapped[str] = mapped_column(String(300))
    file_size: Mapped[int] = mapped_column(default=0)
    # What the reader sniffed: format, encoding, delimiter, header_row, sheet, headers.
    source: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    preview: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    # The Plan: kind, mapping and options (heron/imports/plan.py).
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the last pass over the file (``last_pass``: validate, run or undo) found: counts of
    # rows (created, updated, unchanged, merged, skipped, failed), the first problems, and
    # the error file (every row not applied, with its reasons).
    last_pass: Mapped[str | None] = mapped_column(String(10), default=None)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rows_total: Mapped[int | None] = mapped_column(default=None)
    errors_key: Mapped[str | None] = mapped_column(String(300), default=None)
    error: Mapped[str | None] = mapped_column(String(2000), default=None)
    job_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportChange(IdMixin, OrgMixin, Base):
    """One record an import created or changed: what undo removes or restores, if the record
    still has the version the import left it at."""

    __tablename__ = "import_changes"
    __table_args__ = (UniqueConstraint("import_id", "record_kind", "record_id"),)

    import_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column()
    action: Mapped[str] = mapped_column(String(10))  # created | updated
    # For updates: the changed columns before the import, and the child rows and tags.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    version_after: Mapped[int] = mapped_column(default=1)
