"""Saved views: a named list (filters, sort, columns, grouping), private or shared."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin


class SavedView(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "saved_views"
    __table_args__ = (Index("ix_saved_views_org_kind", "org_id", "record_kind"),)

    record_kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    shared: Mapped[bool] = mapped_column(default=False)
    # {"op": "and", "conditions": [{"field": "status", "op": "eq", "value": "new"}, {group}...]}
    filters: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    sort: Mapped[str | None] = mapped_column(String(200), default=None)
    columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    group_by: Mapped[str | None] = mapped_column(String(60), default=None)
    # Board settings: {"pipeline_id": ..., "card_fields": [...]}.
    kanban: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
