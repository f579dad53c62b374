"""A person's private calendar feed (.ics) in one organization: a secret URL, stored hashed."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin


class CalendarFeed(IdMixin, OrgMixin, TimestampMixin, Base):
    __tablename__ = "calendar_feeds"
    # One feed per person and organization: a new URL replaces the old one.
    __table_args__ = (UniqueConstraint("org_id", "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # SHA-256 of the secret in the URL; the secret itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
