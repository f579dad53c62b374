"""Undo: created records removed, changed fields restored, refused once someone edited them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.imports.undo import undo
from heron.kit import tenancy
from heron.kit.errors import Conflict
from heron.models import Company, Contact, ContactEmail, ContactPhone, Tag, Tagging
from tests.helpers.factories import create_member, create_org
from tests.helpers.imports import LAST_IMPORT, run_import
from tests.helpers.orgs import count
from tests.helpers.records import create_company, create_contact, create_tag, tag_record

pytestmark = pytest.mark.anyio


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings):
    return await create_member(session, settings, await create_org(session), "owner")


async def run_undo(db: Database, owner) -> dict[str, int]:
    async with db.transaction() as tx:
        await tenancy.enter(tx.session, owner.org.id, owner.user.id)
        return await undo(tx.session, owner.org.id, LAST_IMPORT[owner.org.id])


class TestUndo:
    async def test_removes_what_it_created_and_restores_what_it_changed(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        ada = await create_contact(
            session,
            owner.org,
            owner=owner,
            emails=["ada@example.com"],
            first_name="Ada",
            job_title="Analyst",
        )
        before = (ada.job_title, ada.search_text, ada.version)
        data = (
            "Email,Job Title,Mobile,Company,Tags\n"
            "ada@example.com,Countess,+44 20 7946 0958,Acme,vip\nnew@example.com,CTO,,Acme,vip\n"
        )
        result = await run_import(db, session, owner, data)
        assert (result.counts["created"], result.counts["updated"]) == (1, 1)
        # The new contact and Acme; the tag "vip", which the file brought.
        assert await run_undo(db, owner) == {"removed": 2, "restored": 1, "tags_removed": 1}
        await session.refresh(ada)
        assert (ada.job_title, ada.search_text) == before[:2] and ada.version == before[2] + 2
        assert ada.company_id is None
        assert [p.number for p in ada.phones] == [] and [e.email for e in ada.emails] == [
            "ada@example.com"
        ]
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 1
        assert await count(session, Company, Company.org_id == owner.org.id) == 0
        assert await count(session, Tagging, Tagging.org_id == owner.org.id) == 0
        assert await count(session, ContactEmail, ContactEmail.org_id == owner.org.id) == 1
        assert await count(session, ContactPhone, ContactPhone.org_id == owner.org.id) == 0

    async def test_refused_when_a_record_was_edited_since(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await run_import(
            db, session, owner, "Email,First Name\nada@example.com,Ada\nalan@example.com,Alan\n"
        )
        ada = await session.scalar(
            select(Contact).where(
                Contact.org_id == owner.org.id, Contact.email == "ada@example.com"
            )
        )
        assert ada is not None
        ada.job_title = "Countess"
        await session.flush()
        with pytest.raises(Conflict) as exc:
            await run_undo(db, owner)
        assert "1 contact changed since the import" in exc.value.message
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 2

    async def test_refused_when_another_contact_joined_a_created_company(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await run_import(db, session, owner, "Email,Company\nada@example.com,Acme\n")
        acme = await session.scalar(select(Company).where(Company.org_id == owner.org.id))
        await create_contact(session, owner.org, owner=owner, company_id=acme.id)
        with pytest.raises(Conflict) as exc:
            await run_undo(db, owner)
        assert "belong to companies it created" in exc.value.message

    async def test_company_update_is_restored(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        acme = await create_company(
            session, owner.org, owner=owner, name="Acme", domain="acme.example", industry="Steel"
        )
        await run_import(
            db,
            session,
            owner,
            'Domain,Industry,Revenue,Currency\nacme.example,Toys,"1,250.50",EUR\n',
            "company",
        )
        await session.refresh(acme)
        assert (acme.industry, str(acme.annual_revenue)) == ("Toys", "1250.5000")
        await run_undo(db, owner)
        await session.refresh(acme)
        assert (acme.industry, acme.annual_revenue, acme.annual_revenue_currency) == (
            "Steel",
            None,
            None,
        )


class TestUndoTags:
    """Tags the file brought go with the import, unless they have become someone's since."""

    DATA = "Email,Tags\nada@example.com,vip;partner\nalan@example.com,vip\n"

    async def _tag(self, session: AsyncSession, owner, name: str) -> Tag | None:
        return await session.scalar(
            select(Tag)
            .where(Tag.org_id == owner.org.id, Tag.name == name)
            .execution_options(populate_existing=True)
        )

    async def test_tags_it_created_go_and_tags_that_were_there_stay(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await create_tag(session, owner.org, name="partner")
        result = await run_import(db, session, owner, self.DATA)
        assert result.tags_created == 1

        done = await run_undo(db, owner)

        assert done["tags_removed"] == 1
        assert await self._tag(session, owner, "vip") is None
        assert await self._tag(session, owner, "partner") is not None
        assert await count(session, Tagging, Tagging.org_id == owner.org.id) == 0

    async def test_a_created_tag_put_on_another_record_since_stays(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await run_import(db, session, owner, self.DATA)
        vip = await self._tag(session, owner, "vip")
        grace = await create_contact(session, owner.org, owner=owner, first_name="Grace")
        await tag_record(session, vip, "contact", grace)

        done = await run_undo(db, owner)

        assert done["tags_removed"] == 1  # "partner" only
        assert await self._tag(session, owner, "vip") is not None
        assert await count(session, Tagging, Tagging.org_id == owner.org.id) == 1

    async def test_a_created_tag_renamed_since_stays(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await run_import(db, session, owner, self.DATA)
        vip = await self._tag(session, owner, "vip")
        vip.name = "VIP customers"
        await session.flush()

        done = await run_undo(db, owner)

        assert done["tags_removed"] == 1  # "partner" only
        assert await self._tag(session, owner, "VIP customers") is not None
