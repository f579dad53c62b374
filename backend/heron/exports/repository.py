"""Every query of list exports: the rows of a list, as plain values, streamed.

An export starts from the kind's ``RecordRepository.matching()`` (the organization, not
deleted, the caller's read scope, the same ``filter[...]``, ``q`` and saved view as the list)
and its sort, so it holds exactly what the list shows, in the same order. It then selects only
the chosen columns (outer joins for names, an aggregate for tags) and is read with a
server-side cursor, a chunk at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.db import Database
from heron.exports.columns import Column, catalog, choose, expression, joins_for
from heron.exports.vcard import Card
from heron.kit import tenancy
from heron.kit.subject import Subject
from heron.models import Base, Contact, ContactEmail, ContactPhone, Membership, User
from heron.records.repository import RecordRepository
from heron.records.visibility import visible_clause
from heron.roles.matrix import Action, scope_for

# Rows per chunk of the server-side cursor: large enough to amortise each round trip, small
# enough that a chunk of wide rows stays a few megabytes.
CHUNK_ROWS = 2_000


@dataclass(frozen=True)
class ExportQuery:
    """A list export ready to run in any transaction: the statement (tenancy and visibility
    bound into it), the columns, where each column's value is in a row, and for whom."""

    kind: str
    org_id: uuid.UUID
    user_id: uuid.UUID | None
    statement: Select[Any]
    # The same rows, without the columns: for counting them.
    rows: Select[Any]
    columns: list[Column]
    indexes: list[int]
    members: dict[str, str]


@dataclass(frozen=True)
class CardQuery:
    """Contacts to write as vCards, ready to run in any transaction."""

    org_id: uuid.UUID
    user_id: uuid.UUID | None
    statement: Select[Any]
    rows: Select[Any]


class ExportRepository:
    def __init__(self, session: AsyncSession, subject: Subject, kind: str) -> None:
        self.session = session
        self.subject = subject
        self.kind = kind
        self.records = RecordRepository.for_kind(kind)(session, subject)
        self.model = self.records.model

    async def columns(self) -> dict[str, Column]:
        return catalog(self.kind, await self.records.custom_fields())

    async def prepare(
        self,
        query: QueryParams,
        q: str | None,
        view_id: uuid.UUID | None,
        sort: str | None,
        keys: Sequence[str] | None,
        *,
        as_text: bool = True,
    ) -> ExportQuery:
        """The export of the list that ``query``/``q``/``view_id``/``sort`` describe, with the
        columns ``keys`` (the saved view's when None and it has some; else every column);
        ``as_text``: times and dates formatted by the database (CSV), else typed (XLSX)."""
        stmt, view_sort = await self.records.matching(query, q, view_id)
        if not keys and view_id is not None:
            keys = (await self.records.saved_view(view_id)).columns or None
        columns = choose(await self.columns(), keys)
        stmt = self.within_export_scope(stmt)
        sort_keys = await self.records.sort_keys(sort or view_sort)
        selected, indexes = self._select(stmt, columns, as_text)
        selected = selected.order_by(*(key.order_by() for key in sort_keys))
        members = await self._member_names() if _needs_members(columns) else {}
        return ExportQuery(
            kind=self.kind,
            org_id=self.subject.org_id,
            user_id=self.subject.user_id,
            statement=selected,
            rows=stmt,
            columns=columns,
            indexes=indexes,
            members=members,
        )

    def within_export_scope(self, stmt: Select[Any]) -> Select[Any]:
        """The rows within the export scope too (the matrix could give less than read)."""
        scope = scope_for(self.subject.role, self.records.resource, Action.export)
        if scope >= self.records.read_scope:
            return stmt
        where = visible_clause(self.model, self.subject, scope)
        return stmt if where is None else stmt.where(where)

    def _select(
        self, stmt: Select[Any], columns: list[Column], as_text: bool
    ) -> tuple[Select[Any], list[int]]:
        """``stmt`` reading only what ``columns`` need (each SQL expression once)."""
        dialect = self.records.dialect
        expressions: list[Any] = []
        positions: dict[str, int] = {}
        indexes: list[int] = []
        needed: list[str] = []
        for column in columns:
            if column.key not in positions:
                positions[column.key] = len(expressions)
                sql = expression(column, self.model, dialect, as_text=as_text)
                expressions.append(sql.label(f"c{len(expressions)}"))
            indexes.append(positions[column.key])
            needed += [j for j in column.joins if j not in needed]
        selected = stmt.with_only_columns(*expressions, maintain_column_froms=False)
        selected = selected.select_from(self.model)
        joins = joins_for(self.model)
        for name in needed:
            target, on = joins[name]
            selected = selected.outerjoin(target, on)
        return selected, indexes

    async def prepare_cards(
        self,
        query: QueryParams,
        q: str | None,
        view_id: uuid.UUID | None,
        sort: str | None,
        only: uuid.UUID | None = None,
    ) -> CardQuery:
        """The visible contacts of the list (or the contact ``only``), with what a card shows."""
        stmt, view_sort = await self.records.matching(query, q, view_id)
        if only is not None:
            stmt = stmt.where(Contact.id == only)
        stmt = self.within_export_scope(stmt)
        keys = await self.records.sort_keys(sort or view_sort)
        company, on = joins_for(Contact)["company"]
        selected = (
            stmt.with_only_columns(
                Contact.id, Contact.first_name, Contact.last_name, Contact.job_title, company.name,
                Contact.address_street, Contact.address_city, Contact.address_region,
                Contact.address_postal_code, Contact.address_country, Contact.updated_at,
                maintain_column_froms=False,
            )
            .select_from(Contact)
            .outerjoin(company, on)
            .order_by(*(key.order_by() for key in keys))
        )  # fmt: skip
        return CardQuery(self.subject.org_id, self.subject.user_id, selected, stmt)

    async def count(self, query: ExportQuery) -> int:
        """How many rows the export has."""
        counted = query.rows.with_only_columns(self.model.id).subquery()
        return int(await self.session.scalar(select(func.count()).select_from(counted)) or 0)

    async def count_up_to(self, query: ExportQuery | CardQuery, limit: int) -> int:
        """How many rows the export has, counting at most ``limit`` + 1."""
        capped = query.rows.with_only_columns(self.model.id).limit(limit + 1).subquery()
        return int(await self.session.scalar(select(func.count()).select_from(capped)) or 0)

    async def _member_names(self) -> dict[str, str]:
        rows = await self.session.execute(
            select(User.id, User.full_name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id == self.subject.org_id)
        )
        return {str(user_id): name for user_id, name in rows}


def _needs_members(columns: Sequence[Column]) -> bool:
    return any(c.field is not None and c.field.type == "user" for c in columns)


async def rows_in(session: AsyncSession, query: ExportQuery) -> AsyncIterator[Sequence[Any]]:
    """The export's rows, a chunk at a time, read with a server-side cursor in ``session``'s
    transaction (a job's). Each chunk is asked for before the one before it is handed out, so
    the database reads and sends it while the caller writes that one out (the caller must not
    use ``session`` meanwhile)."""
    # Core rows (not ORM results): the export reads plain values and nothing else.
    connection = await session.connection()
    result = await connection.stream(query.statement.execution_options(yield_per=CHUNK_ROWS))
    partitions = result.partitions()
    pending = asyncio.ensure_future(anext(partitions, None))
    try:
        while (rows := await pending) is not None:
            pending = asyncio.ensure_future(anext(partitions, None))
            await asyncio.sleep(0)  # the next FETCH goes out now, not when the caller is done
            yield rows
    finally:
        # A caller that stops early (a download abandoned, a job stopped) waits for the chunk
        # asked for: the connection is then free again, with no command half-read.
        with contextlib.suppress(Exception):
            await pending


async def stream_rows(db: Database, query: ExportQuery) -> AsyncIterator[Sequence[Any]]:
    """The export's rows in a read-only transaction of their own (a streamed response outlives
    the request's transaction), with the organization's row-level security in force."""
    async with db.transaction(write=False) as tx:
        await tenancy.enter(tx.session, query.org_id, query.user_id)
        async for rows in rows_in(tx.session, query):
            yield rows


async def stream_cards(db: Database, query: CardQuery) -> AsyncIterator[list[Card]]:
    """The contacts' cards, a chunk at a time: one streamed query for the contacts, and per
    chunk one query each for their e-mail addresses and phone numbers."""
    async with db.transaction(write=False) as tx:
        session = tx.session
        await tenancy.enter(session, query.org_id, query.user_id)
        result = await session.stream(query.statement.execution_options(yield_per=CHUNK_ROWS))
        async for rows in result.partitions():
            cards = {row[0]: Card(*row) for row in rows}
            ids = list(cards)
            emails = await session.execute(
                select(ContactEmail.contact_id, ContactEmail.email, ContactEmail.label)
                .where(ContactEmail.org_id == query.org_id, ContactEmail.contact_id.in_(ids))
                .order_by(ContactEmail.is_primary.desc(), ContactEmail.position)
            )  # fmt: skip
            for contact_id, address, label in emails:
                cards[contact_id].emails.append((address, label))
            phones = await session.execute(
                select(ContactPhone.contact_id, ContactPhone.number, ContactPhone.label)
                .where(ContactPhone.org_id == query.org_id, ContactPhone.contact_id.in_(ids))
                .order_by(ContactPhone.is_primary.desc(), ContactPhone.position)
            )  # fmt: skip
            for contact_id, number, label in phones:
                cards[contact_id].phones.append((number, label))
            yield list(cards.values())


# The organization's whole data: table -> columns left out (secrets, and what is derived).
ORG_TABLES: dict[str, frozenset[str]] = {
    "teams": frozenset(),
    "team_members": frozenset(),
    "invitations": frozenset({"token_hash"}),
    "api_keys": frozenset({"key_hash"}),
    "companies": frozenset({"search_text", "name_key"}),
    "contacts": frozenset({"search_text", "name_key"}),
    "contact_emails": frozenset(),
    "contact_phones": frozenset(),
    "leads": frozenset({"search_text", "name_key"}),
    "pipelines": frozenset(),
    "stages": frozenset(),
    "deals": frozenset({"search_text"}),
    "deal_contacts": frozenset(),
    "deal_stage_changes": frozenset(),
    "activities": frozenset(),
    "activity_links": frozenset(),
    "tags": frozenset(),
    "taggings": frozenset(),
    "custom_fields": frozenset(),
    "saved_views": frozenset(),
    "events": frozenset(),
}


class OrgDumpRepository:
    """Every row of one organization, table by table, for its Owner's export: trashed records
    included (they are the organization's until purged), secrets left out."""

    def __init__(self, session: AsyncSession, org_id: uuid.UUID) -> None:
        self.session = session
        self.org_id = org_id

    def statements(self) -> dict[str, Select[Any]]:
        """One statement per kind, by the name of its files, in primary key order."""
        tables = Base.metadata.tables
        org = tables["organizations"]
        members: Any = (
            select(
                Membership.user_id, User.email, User.full_name, Membership.role,
                Membership.created_at,
            )
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id == self.org_id)
            .order_by(Membership.created_at, Membership.user_id)
        )  # fmt: skip
        found: dict[str, Select[Any]] = {
            "organization": select(org).where(org.c.id == self.org_id),
            "members": members,
        }
        for name, left_out in ORG_TABLES.items():
            table = tables[name]
            columns = [c for c in table.c if c.name not in left_out]
            stmt = select(*columns).where(table.c.org_id == self.org_id)
            found[name] = stmt.order_by(*table.primary_key.columns)
        return found

    async def count(self, stmt: Select[Any]) -> int:
        counted = stmt.order_by(None).subquery()
        return int(await self.session.scalar(select(func.count()).select_from(counted)) or 0)

    async def rows(self, stmt: Select[Any]) -> AsyncIterator[Sequence[Any]]:
        result = await self.session.stream(stmt.execution_options(yield_per=CHUNK_ROWS))
        async for rows in result.partitions():
            yield rows


class MemberRights:
    """Whether the person a download link was made for is still a member (and with which
    role): the link names the organization, so its rows are entered first."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def role_of(self, org_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
        await tenancy.enter(self.session, org_id, user_id)
        row = await self.session.execute(
            select(Membership.role)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.org_id == org_id,
                Membership.user_id == user_id,
                User.is_active.is_(True),
            )
        )
        role = row.scalar_one_or_none()
        return str(role) if role is not None else None
