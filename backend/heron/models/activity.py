"""Activities: notes, calls, meetings, e-mails and tasks, linked to any number of records."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin
from heron.models.record import OwnedMixin, SoftDeleteMixin, live_index, trash_index


class ActivityKind(StrEnum):
    note = "note"
    call = "call"
    meeting = "meeting"
    email = "email"
    task = "task"


class Activity(IdMixin, OrgMixin, TimestampMixin, VersionMixin, OwnedMixin, SoftDeleteMixin, Base):
    __tablename__ = "activities"
    # "Own" activities: those the caller owns or is assigned (heron.records.visibility).
    visibility_columns: ClassVar[tuple[str, ...]] = ("owner_id", "assignee_id")
    __table_args__ = (
        trash_index("activities"),
        # "My tasks": open tasks of an assignee by due time.
        Index("ix_activities_assignee_due", "org_id", "assignee_id", "done_at", "due_at"),
        live_index("ix_activities_live_created", "org_id", "created_at", "id"),
    )

    kind: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300))
    # Markdown, kept as text: clients render it escaped, never as trusted HTML.
    body: Mapped[str | None] = mapped_column(Text, default=None)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    duration_minutes: Mapped[int | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(String(200), default=None)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class ActivityLink(IdMixin, OrgMixin, Base):
    """An activity is about a record (of any kind, so no foreign key to it)."""

    __tablename__ = "activity_links"
    __table_args__ = (
        UniqueConstraint("activity_id", "record_kind", "record_id"),
        Index("ix_activity_links_record", "org_id", "record_kind", "record_id"),
    )

    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column()
