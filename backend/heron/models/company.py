"""Companies: the organizations a team sells to and serves."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Index, Numeric, String, Text, text
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


class AddressMixin:
    address_street: Mapped[str | None] = mapped_column(String(300), default=None)
    address_city: Mapped[str | None] = mapped_column(String(120), default=None)
    address_region: Mapped[str | None] = mapped_column(String(120), default=None)
    address_postal_code: Mapped[str | None] = mapped_column(String(20), default=None)
    address_country: Mapped[str | None] = mapped_column(String(2), default=None)


class Company(
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
    __tablename__ = "companies"
    __table_args__ = (
        trash_index("companies"),
        # Likely duplicates by name: the live records called so, to the id (NameKeyMixin).
        live_index("ix_companies_live_name_key", "org_id", "name_key", "id"),
        # A domain names one live company per organization; a deleted one frees it.
        Index(
            "uq_companies_org_domain",
            "org_id",
            "domain",
            unique=True,
            postgresql_where=text("domain IS NOT NULL AND deleted_at IS NULL"),
            sqlite_where=text("domain IS NOT NULL AND deleted_at IS NULL"),
        ),
        live_index("ix_companies_live_name", "org_id", "name", "id"),
        live_index("ix_companies_live_created", "org_id", "created_at", "id"),
    )
    search_fields = ("name", "domain", "industry", "address_city")

    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(253), default=None)
    website: Mapped[str | None] = mapped_column(String(2000), default=None)
    industry: Mapped[str | None] = mapped_column(String(120), default=None)
    employee_count: Mapped[int | None] = mapped_column(default=None)
    annual_revenue: Mapped[Decimal | None] = mapped_column(Numeric(20, 4), default=None)
    annual_revenue_currency: Mapped[str | None] = mapped_column(String(3), default=None)
    phone: Mapped[str | None] = mapped_column(String(32), default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
