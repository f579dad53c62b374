"""The event record: one row per change, written in the same transaction as the change.

It feeds the audit log, record timelines, webhooks and live updates.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, utcnow


class Event(IdMixin, OrgMixin, Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_org_entity", "org_id", "entity", "entity_id"),)

    type: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_type: Mapped[str] = mapped_column(String(10))  # user | api_key | system
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # {"field": {"before": ..., "after": ...}} for updates; the created or deleted values otherwise.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
    request_id: Mapped[str | None] = mapped_column(String(128), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
