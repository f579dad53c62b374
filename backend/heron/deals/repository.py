"""Every query of deals: the record lists, their contacts, stage history, card order in a
board column and the board's totals."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    union_all,
    update,
)

from heron.kit.envelope import CursorMeta
from heron.kit.filtering import EQUALITY, FilterField, Op, choice_field, ordered_field, text_field
from heron.kit.pagination import CursorParams, keyset_rows
from heron.kit.sorting import SortKey
from heron.kit.sqljson import json_list, json_list_agg, json_object, json_one
from heron.models import Company, Contact, Deal, DealContact, DealStageChange, DealStatus
from heron.models.pipeline import Stage
from heron.records.related import Related
from heron.records.repository import RecordRepository, equality_field
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, scope_for

# Cards are this far apart when a deal goes to the end of a column or a column is renumbered.
POSITION_STEP = 1024.0


def _contact_clause(op: Op, value: Any) -> Any:
    """Deals linked to the contact(s): an EXISTS on deal_contacts, no join, so no duplicates."""
    ids = value if isinstance(value, list) else [value]
    linked = exists(
        select(DealContact.id).where(
            DealContact.deal_id == Deal.id, DealContact.contact_id.in_(ids)
        )
    )
    return ~linked if op in (Op.ne, Op.nin) else linked


FILTERS: dict[str, FilterField] = {
    "name": text_field(Deal.name),
    "status": choice_field(Deal.status, (DealStatus.open, DealStatus.won, DealStatus.lost)),
    "pipeline_id": equality_field(Deal.pipeline_id),
    "stage_id": equality_field(Deal.stage_id),
    "owner_id": equality_field(Deal.owner_id),
    "company_id": equality_field(Deal.company_id),
    "contact_id": FilterField(
        Deal.id, "uuid", frozenset({Op.eq, Op.ne, Op.in_, Op.nin}), build=_contact_clause
    ),
    "amount": ordered_field(Deal.amount, "decimal"),
    "currency": FilterField(Deal.currency, "str", EQUALITY),
    "expected_close_date": ordered_field(Deal.expected_close_date, "date"),
    "closed_at": ordered_field(Deal.closed_at, "datetime"),
    "created_at": ordered_field(Deal.created_at, "datetime"),
    "updated_at": ordered_field(Deal.updated_at, "datetime"),
}
SORTS = {
    "name": Deal.name,
    "amount": Deal.amount,
    "expected_close_date": Deal.expected_close_date,
    "created_at": Deal.created_at,
    "updated_at": Deal.updated_at,
    "position": Deal.position,
    "closed_at": Deal.closed_at,
}
CARD_ORDER = (Deal.position, Deal.id)


@dataclass(frozen=True)
class ColumnTotals:
    count: int
    amount_sum: Decimal
    weighted_sum: Decimal
    other_currency_count: int


class DealRepository(RecordRepository[Deal]):
    model = Deal
    kind = "deal"
    resource = "deal"
    filters = FILTERS
    sorts = SORTS

    def build_related_columns(self) -> dict[str, Any]:
        columns = super().build_related_columns()
        columns["stage"] = json_one(
            select(
                json_object(
                    "id",
                    Stage.id,
                    "name",
                    Stage.name,
                    "kind",
                    Stage.kind,
                    "probability",
                    Stage.probability,
                    "rotting_days",
                    Stage.rotting_days,
                )
            ).where(Stage.org_id == self.org_id, Stage.id == Deal.stage_id)
        )
        columns["company"] = json_one(
            select(json_object("id", Company.id, "name", Company.name)).where(
                Company.org_id == self.org_id,
                Company.deleted_at.is_(None),
                Company.id == Deal.company_id,
            )
        )
        columns["contacts"] = json_list(
            select(
                json_list_agg(
                    json_object(
                        "id",
                        Contact.id,
                        "first_name",
                        Contact.first_name,
                        "last_name",
                        Contact.last_name,
                        "primary",
                        DealContact.is_primary,
                        "link",
                        DealContact.id,
                    )
                )
            )
            .select_from(DealContact)
            .join(Contact, Contact.id == DealContact.contact_id)
            .where(
                DealContact.org_id == self.org_id,
                DealContact.deal_id == Deal.id,
                Contact.deleted_at.is_(None),
            )
        )
        return columns

    # What a deal refers to
    async def stages_by_id(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Stage]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = await self.session.scalars(
            select(Stage).where(Stage.org_id == self.org_id, Stage.id.in_(wanted))
        )
        return {s.id: s for s in rows}

    async def companies_by_id(self, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, Company]:
        """Live companies of the organization among ``ids`` (everyone reads companies)."""
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.scalars(
            select(Company).where(
                Company.org_id == self.org_id,
                Company.deleted_at.is_(None),
                Company.id.in_(wanted),
            )
        )
        return {c.id: c for c in rows}

    async def visible_company(self, company_id: uuid.UUID) -> Company | None:
        stmt = self._visible(Company, "company").where(Company.id == company_id)
        company: Company | None = await self.session.scalar(stmt)
        return company

    async def visible_contact_ids(self, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            self._visible(Contact, "contact")
            .where(Contact.id.in_(set(ids)))
            .with_only_columns(Contact.id)
        )
        return set(rows)

    def _visible(self, model: Any, resource: str) -> Select[Any]:
        """Live rows of another record kind that the caller may read (a company or contact
        a deal links to must be one the caller can see)."""
        stmt = select(model).where(model.org_id == self.org_id, model.deleted_at.is_(None))
        scope = scope_for(self.subject.role, resource, Action.read)
        where = visible_clause(model, self.subject, scope)
        return stmt if where is None else stmt.where(where)

    # Contacts of deals
    async def contacts_of(
        self, deal_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[tuple[Contact, bool]]]:
        """Each deal's live contacts with their primary flag, primary first, in one query."""
        found: dict[uuid.UUID, list[tuple[Contact, bool]]] = {i: [] for i in deal_ids}
        if not deal_ids:
            return found
        rows = await self.session.execute(
            select(DealContact.deal_id, DealContact.is_primary, Contact)
            .join(Contact, Contact.id == DealContact.contact_id)
            .where(
                DealContact.org_id == self.org_id,
                DealContact.deal_id.in_(set(deal_ids)),
                Contact.deleted_at.is_(None),
            )
            .order_by(DealContact.deal_id, DealContact.is_primary.desc(), DealContact.id)
        )
        for deal_id, primary, contact in rows:
            found[deal_id].append((contact, primary))
        return found

    async def links_of(self, deal_id: uuid.UUID) -> list[tuple[uuid.UUID, bool]]:
        rows = await self.session.execute(
            select(DealContact.contact_id, DealContact.is_primary)
            .where(DealContact.org_id == self.org_id, DealContact.deal_id == deal_id)
            .order_by(DealContact.id)
        )
        return [(contact_id, primary) for contact_id, primary in rows]

    async def replace_links(self, deal: Deal, links: Sequence[tuple[uuid.UUID, bool]]) -> None:
        await self.session.execute(
            delete(DealContact).where(
                DealContact.org_id == self.org_id, DealContact.deal_id == deal.id
            )
        )
        self.session.add_all(
            DealContact(org_id=self.org_id, deal_id=deal.id, contact_id=c, is_primary=p)
            for c, p in links
        )
        await self.session.flush()

    # Stage history
    async def add_stage_change(self, change: DealStageChange) -> None:
        await self.add(change)

    # Card order in a column. Order is the same for everyone, so these read every live deal
    # of the column whoever owns it; they return positions only, never a record to show.
    def _column(self, stage_id: uuid.UUID, exclude: uuid.UUID | None) -> Select[Any]:
        stmt = self.all_live().where(Deal.stage_id == stage_id)
        return stmt if exclude is None else stmt.where(Deal.id != exclude)

    async def end_of_column(self, stage_id: uuid.UUID, exclude: uuid.UUID | None = None) -> float:
        """The position after the column's last card."""
        last = await self.session.scalar(
            self._column(stage_id, exclude).with_only_columns(func.max(Deal.position))
        )
        return (float(last) if last is not None else 0.0) + POSITION_STEP

    async def neighbour_position(
        self, card: Deal, *, after: bool, exclude: uuid.UUID
    ) -> float | None:
        """The position of the card just after (or before) ``card`` in its column, by
        (position, id); None at the column's end (or start)."""
        stmt = self._column(card.stage_id, exclude).with_only_columns(Deal.position)
        if after:
            stmt = stmt.where(
                or_(
                    Deal.position > card.position,
                    and_(Deal.position == card.position, Deal.id > card.id),
                )
            ).order_by(*CARD_ORDER)
        else:
            stmt = stmt.where(
                or_(
                    Deal.position < card.position,
                    and_(Deal.position == card.position, Deal.id < card.id),
                )
            ).order_by(Deal.position.desc(), Deal.id.desc())
        value = await self.session.scalar(stmt.limit(1))
        return None if value is None else float(value)

    async def renumber_column(
        self, stage_id: uuid.UUID, exclude: uuid.UUID
    ) -> dict[uuid.UUID, float]:
        """Space the column's cards (but ``exclude``) POSITION_STEP apart, in their order; the
        new positions by id. Written without touching versions or update times: card order is
        the board's, not a change to those deals (their editors must not get a 412)."""
        ids = list(
            await self.session.scalars(
                self._column(stage_id, exclude).with_only_columns(Deal.id).order_by(*CARD_ORDER)
            )
        )
        positions = {id_: (i + 1) * POSITION_STEP for i, id_ in enumerate(ids)}
        if ids:
            table = cast(Table, Deal.__table__)
            await self.session.execute(
                update(table)
                .where(table.c.org_id == self.org_id, table.c.id == bindparam("card_id"))
                .values(position=bindparam("card_position"), updated_at=table.c.updated_at),
                [{"card_id": i, "card_position": p} for i, p in positions.items()],
            )
        return positions

    # The board
    async def board(
        self, matching: Select[Any], stages: Sequence[Stage], currency: str, per_column: int
    ) -> tuple[list[Deal], dict[uuid.UUID, Related], dict[uuid.UUID, ColumnTotals]]:
        """The first ``per_column`` matching deals of every column (of ``stages``, the
        pipeline's) with their related columns, and every column's count and sums, in one
        statement: each column's cards are an index range scan of ``ix_deals_live_board``
        (one ``LIMIT`` per column, joined by ``UNION ALL``), the totals one grouped pass over
        the matching deals. (Window functions ranking every deal of the pipeline cost a sort of
        all of them, and misled the planner into a hash join over the whole table:
        docs/performance.md.) A deal's weight is its own probability or its stage's: the sums
        of amounts with and without their own come from the database, the stage's part is
        added here."""
        if not stages:
            return [], {}, {}
        unordered = matching.order_by(None)
        columns = [
            unordered.with_only_columns(Deal.id)
            .where(Deal.stage_id == stage.id)
            .order_by(*CARD_ORDER)
            .limit(per_column)
            .subquery()
            for stage in stages
        ]
        picked = [select(column.c.id) for column in columns]
        card_ids = (union_all(*picked) if len(picked) > 1 else picked[0]).subquery("cards")
        totals = (
            unordered.with_only_columns(
                Deal.stage_id,
                func.count(Deal.id).label("count"),
                func.sum(Deal.amount).label("amount_sum"),
                func.sum(Deal.amount * Deal.probability).label("own_weighted"),
                func.sum(case((Deal.probability.is_(None), Deal.amount))).label("stage_weighted"),
                func.sum(case((Deal.currency != currency, 1), else_=0)).label("others"),
            )
            .group_by(Deal.stage_id)
            .subquery("totals")
        )
        related = {n: c for n, c in self.related_columns().items() if n != "stage"}
        stmt = (
            select(Deal, *(c.label(n) for n, c in related.items()))
            .join(card_ids, card_ids.c.id == Deal.id)
            .join(totals, totals.c.stage_id == Deal.stage_id)
            .add_columns(totals.c["count"], totals.c.amount_sum, totals.c.own_weighted,
                         totals.c.stage_weighted, totals.c.others)
            .order_by(Deal.stage_id, *CARD_ORDER)
        )  # fmt: skip
        probability = {s.id: s.probability for s in stages}
        cards: list[Deal] = []
        values: dict[uuid.UUID, Related] = {}
        totals_by_stage: dict[uuid.UUID, ColumnTotals] = {}
        width = len(related)
        for row in await self.session.execute(stmt):
            card = row[0]
            cards.append(card)
            values[card.id] = dict(zip(related, row[1 : 1 + width], strict=True))
            count, amount, own, by_stage, others = row[1 + width :]
            weight = probability.get(card.stage_id, 0)
            totals_by_stage[card.stage_id] = ColumnTotals(
                count=int(count),
                amount_sum=_decimal(amount),
                weighted_sum=(_decimal(own) + _decimal(by_stage) * weight) / 100,
                other_currency_count=int(others or 0),
            )
        return cards, values, totals_by_stage

    async def column_page(
        self, matching: Select[Any], stage_id: uuid.UUID, page: CursorParams
    ) -> tuple[list[Deal], dict[uuid.UUID, Related], CursorMeta]:
        """One keyset page of a column's matching cards, with their related columns."""
        keys = [SortKey("position", Deal.position), SortKey("id", Deal.id)]
        related = self.related_columns()
        rows, meta = await keyset_rows(
            self.session,
            matching.where(Deal.stage_id == stage_id),
            keys,
            page,
            [c.label(n) for n, c in related.items()],
        )
        values = {row[0].id: dict(zip(related, row[1:], strict=True)) for row in rows}
        return [row[0] for row in rows], values, meta


def _decimal(value: Any) -> Decimal:
    """A sum as a Decimal (SQLite answers with floats for numeric expressions)."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))
