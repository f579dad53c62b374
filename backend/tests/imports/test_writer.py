"""The bulk writer on both databases: what a create writes, matching, in-file merges,
companies by column, tags, modes and refusals."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.models import (
    Company,
    Contact,
    ContactEmail,
    ImportChange,
    Lead,
    Tagging,
)
from heron.records import search
from tests.helpers.factories import create_member, create_org
from tests.helpers.imports import run_import
from tests.helpers.orgs import count
from tests.helpers.records import create_company, create_contact

pytestmark = pytest.mark.anyio

CONTACTS = """First Name,Last Name,E-mail Address,Mobile Phone,Company Name,Tags
Ada,Lovelace,Ada@Example.com,+44 20 7946 0958,Analytical Engines,vip;london
Alan,Turing,alan@example.com,,Bletchley,vip
Grace,Hopper,grace@example.com,+1 202 555 0143,analytical engines,
"""


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings):
    return await create_member(session, settings, await create_org(session), "owner")


class TestCreate:
    async def test_contacts_with_everything_a_create_writes(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        result = await run_import(db, session, owner, CONTACTS)
        assert result.counts["created"] == 3 and result.failed == 0
        assert result.companies_created == 2 and result.tags_created == 2
        ada = await session.scalar(
            select(Contact).where(
                Contact.org_id == owner.org.id, Contact.email == "ada@example.com"
            )
        )
        assert ada is not None and ada.version == 1 and ada.owner_id == owner.user.id
        assert (
            ada.search_text
            == ada.compute_search_text()
            == "ada lovelace ada@example.com +442079460958"
        )
        assert [e.email for e in ada.emails] == ["ada@example.com"] and ada.emails[0].is_primary
        assert [(p.number, p.label) for p in ada.phones] == [("+442079460958", "mobile")]
        grace = await session.scalar(
            select(Contact).where(
                Contact.email == "grace@example.com", Contact.org_id == owner.org.id
            )
        )
        assert (
            grace is not None and grace.company_id == ada.company_id
        )  # same company, ignoring case
        assert await count(session, Tagging, Tagging.record_id == ada.id) == 2
        assert (
            await count(session, ImportChange, ImportChange.org_id == owner.org.id) == 7
        )  # 3 contacts, 2 companies, 2 tags

    async def test_search_finds_imported_records(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await run_import(db, session, owner, CONTACTS)
        dialect = session.get_bind().dialect.name
        clause = search.match_clause(Contact, "lovelace", dialect)
        found = await session.scalars(
            select(Contact.email).where(Contact.org_id == owner.org.id, clause)
        )
        assert list(found) == ["ada@example.com"]

    async def test_a_company_named_on_many_rows_is_created_once(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        rows = "\n".join(
            f"Person{i},p{i}@example.com,{'ACME' if i % 2 else 'Acme'}" for i in range(4500)
        )
        result = await run_import(db, session, owner, "First Name,Email,Company\n" + rows)
        assert result.counts["created"] == 4500 and result.companies_created == 1
        assert await count(session, Company, Company.org_id == owner.org.id) == 1

    async def test_same_person_twice_in_the_file_is_merged(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        data = "First Name,Email,Job Title,Mobile\nAda,ada@example.com,,+44 20 7946 0958\n"
        data += "".join(
            f"P{i},p{i}@example.com,,\n" for i in range(2500)
        )  # the twin lands in the next batch
        data += "Ada,ADA@example.com,Analyst,+33 1 42 68 53 00\nAda,ada@example.com,Countess,\n"
        result = await run_import(db, session, owner, data)
        assert (result.counts["created"], result.counts["merged"]) == (2501, 2)
        ada = await session.scalar(
            select(Contact).where(
                Contact.org_id == owner.org.id, Contact.email == "ada@example.com"
            )
        )
        assert ada is not None and ada.job_title == "Countess"
        assert [p.number for p in ada.phones] == ["+442079460958", "+33142685300"]
        assert (
            await count(
                session,
                ContactEmail,
                ContactEmail.email == "ada@example.com",
                ContactEmail.org_id == owner.org.id,
            )
            == 1
        )


class TestMatching:
    async def test_upsert_updates_what_changed_and_keeps_the_rest(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        existing = await create_contact(
            session,
            owner.org,
            owner=owner,
            emails=["ada@example.com"],
            job_title="Analyst",
            first_name="Ada",
        )
        same = await create_contact(
            session,
            owner.org,
            owner=owner,
            emails=["alan@example.com"],
            first_name="Alan",
            last_name="Turing",
        )
        result = await run_import(
            db,
            session,
            owner,
            "Email,Job Title,Last Name,Phone\n"
            "ada@example.com,Countess,,+44 20 7946 0958\nalan@example.com,,Turing,\n",
        )
        assert (result.counts["updated"], result.counts["unchanged"]) == (1, 1)
        await session.refresh(existing)
        await session.refresh(same)
        assert (existing.job_title, existing.first_name, existing.phone, existing.version) == (
            "Countess",
            "Ada",
            "+442079460958",
            2,
        )
        assert same.version == 1
        assert existing.search_text == existing.compute_search_text()
        assert "countess" in existing.search_text and "+442079460958" in existing.search_text

    async def test_create_only_skips_existing_records(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await create_contact(session, owner.org, owner=owner, emails=["ada@example.com"])
        errors = io.StringIO()
        result = await run_import(
            db,
            session,
            owner,
            "Email,First Name\nada@example.com,Ada\nnew@example.com,New\n",
            mode="create",
            errors=errors,
        )
        assert (result.counts["created"], result.counts["skipped"]) == (1, 1)
        assert "already exists (create only)" in errors.getvalue()

    async def test_update_only_skips_unknown_and_fails_on_an_empty_key(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        result = await run_import(
            db, session, owner, "Email,First Name\nnobody@example.com,No\n,Empty\n", mode="update"
        )
        assert (result.counts["skipped"], result.counts["failed"]) == (1, 1)
        assert "match key (email) is empty" in result.problems[1].reason
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 0

    async def test_sales_may_not_update_a_colleagues_contact(
        self, db: Database, session: AsyncSession, settings: Settings, owner
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")
        await create_contact(session, owner.org, owner=owner, emails=["ada@example.com"])
        result = await run_import(db, session, sales, "Email,Job Title\nada@example.com,Spy\n")
        assert result.failed == 1 and "may not change it" in result.problems[0].reason

    async def test_companies_by_domain_refuse_a_taken_domain(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        await create_company(session, owner.org, owner=owner, name="Acme", domain="acme.example")
        result = await run_import(
            db,
            session,
            owner,
            "Name,Domain,Industry\nAcme,acme.example,Steel\nOther,acme.example,Toys\nNew,new.example,\n",
            "company",
            match_on="name",
        )
        assert (result.counts["updated"], result.counts["created"], result.failed) == (1, 1, 1)
        assert "already has the domain acme.example" in result.problems[0].reason

    async def test_leads_join_first_and_last_names(
        self, db: Database, session: AsyncSession, owner
    ) -> None:
        result = await run_import(
            db,
            session,
            owner,
            "First Name,Last Name,Email,Lead Status\nAda,Lovelace,ada@example.com,Contacted\n",
            "lead",
        )
        assert result.counts["created"] == 1
        lead = await session.scalar(select(Lead).where(Lead.org_id == owner.org.id))
        assert lead is not None and (lead.name, lead.status, lead.search_text) == (
            "Ada Lovelace",
            "contacted",
            lead.compute_search_text(),
        )
