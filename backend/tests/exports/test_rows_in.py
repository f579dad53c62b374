"""``rows_in`` asks for each chunk before handing out the one before it (the database works
while the caller writes); every row arrives once and in order, and a caller that stops early
leaves the session's connection usable."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.config import Settings
from heron.db import Database
from heron.exports import repository
from heron.exports.repository import ExportRepository, rows_in
from heron.kit import tenancy
from heron.kit.subject import ActorType, Subject
from tests.helpers.factories import create_member, create_org
from tests.helpers.records import create_contact

pytestmark = pytest.mark.anyio


@pytest.fixture
async def arranged(session: AsyncSession, settings: Settings, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(repository, "CHUNK_ROWS", 3)
    owner = await create_member(session, settings, await create_org(session), "owner")
    for n in range(10):
        await create_contact(
            session, owner.org, owner=owner, first_name=f"P{n}", last_name=f"L{n:02}"
        )
    subject = Subject(ActorType.user, owner.org.id, "owner", user_id=owner.user.id)
    return subject


async def _export(tx_session: AsyncSession, subject: Subject):
    await tenancy.enter(tx_session, subject.org_id, subject.user_id)
    repo = ExportRepository(tx_session, subject, "contact")
    return await repo.prepare(QueryParams(), None, None, "last_name", ["full_name"])


async def test_every_row_once_in_order_in_chunks(db: Database, arranged: Subject) -> None:
    async with db.transaction(write=False) as tx:
        export = await _export(tx.session, arranged)
        chunks = [list(rows) async for rows in rows_in(tx.session, export)]

    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    names = [row[export.indexes[0]] for chunk in chunks for row in chunk]
    assert names == [f"P{n} L{n:02}" for n in range(10)]


async def test_a_caller_that_stops_early_leaves_the_connection_usable(
    db: Database, arranged: Subject
) -> None:
    async with db.transaction(write=False) as tx:
        export = await _export(tx.session, arranged)
        chunks = rows_in(tx.session, export)
        first = await anext(chunks)  # the second chunk is on its way now
        await chunks.aclose()

        assert len(first) == 3
        assert await tx.session.scalar(text("SELECT 41 + 1")) == 42
