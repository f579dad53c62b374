from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, Tag, Tagging
from heron.models.base import utcnow
from heron.trash.service import purge_expired
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count

pytestmark = pytest.mark.anyio


class TestPurge:
    async def test_removes_what_was_deleted_more_than_30_days_ago_with_its_tags(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org, "owner")
        now = utcnow()
        old = Company(org_id=org.id, name="Old", deleted_at=now - timedelta(days=31))
        recent = Company(org_id=org.id, name="Recent", deleted_at=now - timedelta(days=29))
        live = Company(org_id=org.id, name="Live")
        tag = Tag(org_id=org.id, name="vip")
        session.add_all([old, recent, live, tag])
        await session.flush()
        session.add(Tagging(org_id=org.id, tag_id=tag.id, record_kind="company", record_id=old.id))
        await session.flush()

        counts = await purge_expired(session, now)

        assert counts["company"] == 1
        assert await count(session, Company) == 2
        assert await count(session, Company, Company.name == "Old") == 0
        assert await count(session, Tagging) == 0

    async def test_takes_out_the_search_words_no_record_holds_any_more_on_postgresql(
        self, session: AsyncSession, settings: Settings, db_url: str
    ) -> None:
        if not db_url.startswith("postgresql"):
            pytest.skip("SQLite keeps no search words")
        org = await create_org(session)
        now = utcnow()
        old = now - timedelta(days=31)
        session.add_all(
            [
                Company(org_id=org.id, name="Zanzibar Freight Works", deleted_at=old),
                Company(org_id=org.id, name="Freight Masters"),  # live: "freight" stays
                Company(org_id=org.id, name="Worksop Trading", deleted_at=now),  # "works" inside
                Company(org_id=org.id, name="Trading Zanzibar Post", deleted_at=old),
            ]
        )
        await session.flush()

        await purge_expired(session, now)

        words = await session.scalars(
            text("SELECT word FROM search_words WHERE org_id = :org ORDER BY word"),
            {"org": org.id},
        )
        # "works" and "zanzibar" went with the purged companies ("worksop" holds "works" only
        # inside a word); "trading" is still held by one in the trash, restorable.
        assert list(words) == ["freight", "masters", "trading", "worksop"]
