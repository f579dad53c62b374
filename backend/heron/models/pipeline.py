"""Pipelines and their stages: the columns of the deals board."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin


class StageKind(StrEnum):
    open = "open"
    won = "won"
    lost = "lost"


class Pipeline(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "pipelines"
    __table_args__ = (
        Index("ix_pipelines_org_position", "org_id", "position"),
        # One default per organization, and names unique ignoring case, even under races.
        Index(
            "uq_pipelines_org_default",
            "org_id",
            unique=True,
            postgresql_where=text("is_default"),
            sqlite_where=text("is_default"),
        ),
        Index("uq_pipelines_org_name", "org_id", func.lower(text("name")), unique=True),
    )

    name: Mapped[str] = mapped_column(String(120))
    is_default: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")


class Stage(IdMixin, OrgMixin, TimestampMixin, VersionMixin, Base):
    __tablename__ = "stages"
    __table_args__ = (
        Index("ix_stages_pipeline_position", "pipeline_id", "position"),
        Index("uq_stages_pipeline_name", "pipeline_id", func.lower(text("name")), unique=True),
    )

    pipeline_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipelines.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    probability: Mapped[int] = mapped_column(default=0)  # percent, 0-100
    kind: Mapped[str] = mapped_column(String(10), default=StageKind.open.value)
    # Days a deal may sit in this stage before it is flagged stale (None: never).
    rotting_days: Mapped[int | None] = mapped_column(default=None)
