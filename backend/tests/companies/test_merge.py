"""Merging duplicate companies: chosen values, the freed domain, moved contacts, deals, leads,
activities and tags, and refusals writing nothing."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, Contact, Deal, Lead
from tests.helpers.activities import create_activity
from tests.helpers.factories import create_member, create_org
from tests.helpers.merge import linked_records, merge, nothing_written, owned_pair, tag_ids_of
from tests.helpers.orgs import events_of, reload
from tests.helpers.records import (
    create_company,
    create_contact,
    create_deal,
    create_lead,
    create_tag,
    tag_record,
)

pytestmark = pytest.mark.anyio

COMPANIES = "companies"


async def stored(session: AsyncSession, company: Company) -> Company:
    return await reload(session, Company, Company.id == company.id)


class TestMergeCompanyFields:
    async def test_the_chosen_domain_moves_and_the_other_lets_go_of_it(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_company(
            session, org, owner=owner, name="Acme", domain="acme-old.example", industry="Retail"
        )
        other = await create_company(
            session, org, owner=owner, name="ACME Corp", domain="acme.example",
            annual_revenue=Decimal("1000"), annual_revenue_currency="EUR", address_city="Lyon",
        )  # fmt: skip

        response = await merge(
            client,
            owner,
            COMPANIES,
            survivor,
            other,
            fields={"domain": "other", "name": "survivor"},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert response.headers["etag"] == f'"{data["version"]}"'
        assert (data["name"], data["domain"], data["industry"]) == (
            "Acme",
            "acme.example",
            "Retail",
        )
        # Empty on the survivor: taken whole (an amount with its currency, an address).
        assert (data["annual_revenue"], data["annual_revenue_currency"]) == ("1000.00", "EUR")
        assert data["address"]["city"] == "Lyon"
        gone = await stored(session, other)
        assert (gone.domain, gone.deleted_at is not None) == (None, True)
        [deleted] = await events_of(session, org, "company.deleted")
        assert deleted.changes["domain"] == "acme.example"  # what it was, for the record
        assert deleted.changes["reason"] == f"merged into {survivor.id}"
        # Restoring the merged-away company cannot collide with the survivor's domain.
        restored = await client.post(f"/api/v1/companies/{other.id}/restore", headers=owner.headers)
        assert restored.status_code == 200, restored.text

    async def test_not_chosen_keeps_the_survivors_values(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_company(session, org, owner=owner, domain="one.example")
        other = await create_company(session, org, owner=owner, domain="two.example")

        response = await merge(client, owner, COMPANIES, survivor, other)

        assert response.status_code == 200, response.text
        assert response.json()["data"]["domain"] == "one.example"
        [merged] = await events_of(session, org, "company.merged")
        assert merged.changes["fields_taken"] == []


class TestMergeCompanyRelations:
    async def test_contacts_deals_leads_activities_and_tags_move(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org, owner, survivor, other = await owned_pair(session, settings, create_company)
        contact = await create_contact(session, org, owner=owner, company_id=other.id)
        deal = await create_deal(session, org, owner=owner, company_id=other.id)
        lead = await create_lead(session, org, owner=owner, converted_company_id=other.id)
        activity = await create_activity(session, org, owner.user.id, links=[other])
        tag = await create_tag(session, org)
        await tag_record(session, tag, "company", other)
        contact_version = contact.version

        response = await merge(client, owner, COMPANIES, survivor, other)

        assert response.status_code == 200, response.text
        moved_contact = await reload(session, Contact, Contact.id == contact.id)
        assert moved_contact.company_id == survivor.id
        assert moved_contact.version > contact_version  # its read model changed
        assert (await reload(session, Deal, Deal.id == deal.id)).company_id == survivor.id
        moved_lead = await reload(session, Lead, Lead.id == lead.id)
        assert moved_lead.converted_company_id == survivor.id
        assert await linked_records(session, activity.id) == [survivor.id]
        assert await tag_ids_of(session, "company", survivor.id) == [tag.id]
        [merged] = await events_of(session, org, "company.merged")
        assert merged.changes["moved"] == {
            "contacts": 1, "deals": 1, "leads": 1, "activity_links": 1,
        }  # fmt: skip


class TestMergeCompanyRefusals:
    async def test_a_company_of_another_organization_is_404_and_writes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_company(session, org, owner=owner)
        foreign = await create_company(session, await create_org(session), domain="x.example")

        async with nothing_written(session):
            response = await merge(client, owner, COMPANIES, survivor, foreign)

        assert response.status_code == 404, response.text

    async def test_a_manager_may_not_merge_away_a_company_outside_the_team(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        stranger = await create_member(session, settings, org, "sales")
        survivor = await create_company(session, org, owner=manager)
        other = await create_company(session, org, owner=stranger, domain="theirs.example")

        async with nothing_written(session):
            response = await merge(client, manager, COMPANIES, survivor, other)

        assert response.status_code == 403, response.text

    async def test_a_stale_version_is_412_and_writes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        _, owner, survivor, other = await owned_pair(
            session, settings, create_company, domain="b.example"
        )

        async with nothing_written(session):
            response = await merge(client, owner, COMPANIES, survivor, other, version=7)

        assert response.status_code == 412, response.text
