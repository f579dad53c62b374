"""Leads: people not yet qualified; conversion turns one into a contact, company and deal."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin
from heron.models.record import (
    CustomValuesMixin,
    NameKeyMixin,
    OwnedMixin,
    SearchableMixin,
    SoftDeleteMixin,
    live_index,
    trash_index,
)


class Lead(
    IdMixin,
    OrgMixin,
    TimestampMixin,
    VersionMixin,
    OwnedMixin,
    SoftDeleteMixin,
    CustomValuesMixin,
    SearchableMixin,
    NameKeyMixin,
    Base,
):
    __tablename__ = "leads"
    __table_args__ = (
        trash_index("leads"),
        # Likely duplicates by name: the live records called so, to the id (NameKeyMixin).
        live_index("ix_leads_live_name_key", "org_id", "name_key", "id"),
        Index("ix_leads_org_status", "org_id", "status"),
        Index("ix_leads_org_email", "org_id", "email"),
        live_index("ix_leads_live_created", "org_id", "created_at", "id"),
    )
    search_fields = ("name", "email", "company_name", "phone", "title")

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)
    company_name: Mapped[str | None] = mapped_column(String(200), default=None)
    website: Mapped[str | None] = mapped_column(String(2000), default=None)
    title: Mapped[str | None] = mapped_column(String(200), default=None)
    source: Mapped[str | None] = mapped_column(String(100), default=None)
    status: Mapped[str] = mapped_column(String(20), default="new")
    score: Mapped[int | None] = mapped_column(default=None)
    converted_at: Mapped[datetime | None] = mapped_column(default=None)
    converted_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), default=None
    )
    converted_company_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), default=None
    )
    converted_deal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("deals.id", ondelete="SET NULL"), default=None
    )
