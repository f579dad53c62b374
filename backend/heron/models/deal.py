"""Deals: an amount moving through the stages of a pipeline, with every move recorded."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Double, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, TimestampMixin, VersionMixin, utcnow
from heron.models.record import (
    CustomValuesMixin,
    OwnedMixin,
    SearchableMixin,
    SoftDeleteMixin,
    live_index,
    trash_index,
)


class DealStatus:
    open = "open"
    won = "won"
    lost = "lost"


# What a board column's totals read of each deal besides its column (DealRepository.board).
BOARD_TOTALS = ("amount", "probability", "currency", "owner_id")


class Deal(
    IdMixin,
    OrgMixin,
    TimestampMixin,
    VersionMixin,
    OwnedMixin,
    SoftDeleteMixin,
    CustomValuesMixin,
    SearchableMixin,
    Base,
):
    __tablename__ = "deals"
    __table_args__ = (
        trash_index("deals"),
        # A board column in card order.
        Index("ix_deals_stage_position", "org_id", "stage_id", "position"),
        Index("ix_deals_org_pipeline", "org_id", "pipeline_id", "status"),
        # The board: a pipeline's live deals by column, in card order; and each column's count
        # and sums (with the owner, for roles that see only some deals) read from the index
        # alone (migration 0013).
        live_index(
            "ix_deals_live_board",
            "org_id",
            "pipeline_id",
            "stage_id",
            "position",
            "id",
            include=BOARD_TOTALS,
        ),
        live_index("ix_deals_live_created", "org_id", "created_at", "id"),
    )
    search_fields = ("name",)

    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 4), default=None)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    pipeline_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pipelines.id", ondelete="RESTRICT"))
    stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stages.id", ondelete="RESTRICT"))
    # Set by hand, or None to follow the stage's probability.
    probability: Mapped[int | None] = mapped_column(default=None)
    expected_close_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(10), default=DealStatus.open)
    lost_reason: Mapped[str | None] = mapped_column(Text, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), default=None, index=True
    )
    # Card order within the stage column: new positions fall between neighbours (fractional).
    position: Mapped[float] = mapped_column(Double, default=0.0)
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class DealContact(IdMixin, OrgMixin, Base):
    __tablename__ = "deal_contacts"
    __table_args__ = (UniqueConstraint("deal_id", "contact_id"),)

    deal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    is_primary: Mapped[bool] = mapped_column(default=False)


class DealStageChange(IdMixin, OrgMixin, Base):
    """One move of a deal between stages, with how long it had been in the previous one."""

    __tablename__ = "deal_stage_changes"
    __table_args__ = (Index("ix_deal_stage_changes_deal", "deal_id", "changed_at"),)

    deal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"))
    from_stage_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("stages.id", ondelete="SET NULL"), default=None
    )
    to_stage_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("stages.id", ondelete="SET NULL"), default=None
    )
    seconds_in_previous: Mapped[int | None] = mapped_column(default=None)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
