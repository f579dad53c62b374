"""Tags: the organization's labels, with a colour, on records of any kind."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin


class Tag(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "tags"
    # Names are unique ignoring case, enforced by the database even under races.
    __table_args__ = (Index("uq_tags_org_name", "org_id", func.lower(text("name")), unique=True),)

    name: Mapped[str] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(7), default="#64748b")


class Tagging(IdMixin, OrgMixin, Base):
    __tablename__ = "taggings"
    __table_args__ = (
        UniqueConstraint("tag_id", "record_kind", "record_id"),
        Index("ix_taggings_record", "org_id", "record_kind", "record_id"),
    )

    tag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    record_kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[uuid.UUID] = mapped_column()
