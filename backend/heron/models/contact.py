"""Contacts: people, with several e-mail addresses and phone numbers (one primary of each)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin
from heron.models.company import AddressMixin
from heron.models.record import (
    CustomValuesMixin,
    NameKeyMixin,
    OwnedMixin,
    SearchableMixin,
    SoftDeleteMixin,
    live_index,
    trash_index,
)


class Contact(
    IdMixin,
    OrgMixin,
    TimestampMixin,
    VersionMixin,
    OwnedMixin,
    SoftDeleteMixin,
    CustomValuesMixin,
    SearchableMixin,
    NameKeyMixin,
    AddressMixin,
    Base,
):
    __tablename__ = "contacts"
    __table_args__ = (
        trash_index("contacts"),
        # Likely duplicates by name: the live records called so, to the id (NameKeyMixin).
        live_index("ix_contacts_live_name_key", "org_id", "name_key", "id"),
        # The default order (by name) and the order by last name, to the id: keyset pages seek.
        live_index("ix_contacts_live_name", "org_id", "last_name", "first_name", "id"),
        live_index("ix_contacts_live_last_name", "org_id", "last_name", "id"),
        Index("ix_contacts_org_email", "org_id", "email"),
    )
    search_fields = ("first_name", "last_name", "email", "phone", "job_title")
    name_fields = ("first_name", "last_name")

    first_name: Mapped[str | None] = mapped_column(String(100), default=None)
    last_name: Mapped[str | None] = mapped_column(String(100), default=None)
    # The primary address and number, copied from the lists below for sorting, search and dedupe.
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)
    job_title: Mapped[str | None] = mapped_column(String(200), default=None)
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), default=None, index=True
    )
    lifecycle_status: Mapped[str | None] = mapped_column(String(20), default=None)
    source: Mapped[str | None] = mapped_column(String(100), default=None)
    social: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_activity_at: Mapped[datetime | None] = mapped_column(default=None)

    emails: Mapped[list[ContactEmail]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="ContactEmail.position",
        passive_deletes=True,
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="ContactPhone.position",
        passive_deletes=True,
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class ContactEmail(IdMixin, OrgMixin, Base):
    __tablename__ = "contact_emails"
    __table_args__ = (
        UniqueConstraint("contact_id", "email"),
        Index("ix_contact_emails_org_email", "org_id", "email"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    label: Mapped[str | None] = mapped_column(String(40), default=None)
    is_primary: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class ContactPhone(IdMixin, OrgMixin, Base):
    __tablename__ = "contact_phones"
    __table_args__ = (
        UniqueConstraint("contact_id", "number"),
        Index("ix_contact_phones_org_number", "org_id", "number"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(40), default=None)
    is_primary: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
