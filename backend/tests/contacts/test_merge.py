"""Merging duplicate contacts: chosen values, united addresses, moved relations, the trash,
and every refusal writing nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Contact, Lead
from tests.helpers.activities import create_activity
from tests.helpers.factories import create_member, create_org
from tests.helpers.fields import create_custom_field, options
from tests.helpers.merge import (
    deal_links,
    link_deal,
    linked_records,
    merge,
    nothing_written,
    owned_pair,
    tag_ids_of,
)
from tests.helpers.orgs import events_of, reload
from tests.helpers.records import create_contact, create_deal, create_lead, create_tag, tag_record

pytestmark = pytest.mark.anyio

CONTACTS = "contacts"


async def stored(session: AsyncSession, contact: Contact) -> Contact:
    return await reload(session, Contact, Contact.id == contact.id)


class TestMergeContactFields:
    async def test_chosen_values_win_and_addresses_are_united(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_contact(
            session, org, owner=owner, first_name="Ada", job_title="Analyst",
            emails=["ada@acme.example", "shared@acme.example"], phones=["+33142685300"],
        )  # fmt: skip
        other = await create_contact(
            session, org, owner=owner, first_name="Ada L.", job_title="CTO", source="fair",
            emails=["ada@home.example", "shared@acme.example"], phones=["+442079460958"],
        )  # fmt: skip

        response = await merge(
            client,
            owner,
            CONTACTS,
            survivor,
            other,
            fields={"job_title": "other", "email": "other"},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert response.headers["etag"] == f'"{data["version"]}"'
        assert data["version"] > 1
        assert (data["first_name"], data["job_title"]) == ("Ada", "CTO")
        assert data["source"] == "fair"  # the survivor had none
        assert data["emails"] == [
            {"email": "ada@acme.example", "label": None, "primary": False},
            {"email": "shared@acme.example", "label": None, "primary": False},
            {"email": "ada@home.example", "label": None, "primary": True},
        ]
        assert data["email"] == "ada@home.example"
        # Not chosen: the survivor's primary number stays primary.
        assert [(p["number"], p["primary"]) for p in data["phones"]] == [
            ("+33142685300", True),
            ("+442079460958", False),
        ]
        [merged] = await events_of(session, org, "contact.merged")
        assert merged.entity_id == survivor.id
        assert merged.changes["merged_id"] == str(other.id)
        assert sorted(merged.changes["fields_taken"]) == ["email", "job_title", "source"]
        assert merged.changes["changes"]["job_title"] == {"before": "Analyst", "after": "CTO"}

    async def test_the_other_goes_to_the_trash_with_its_reason_and_can_be_restored(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org, owner, survivor, other = await owned_pair(
            session, settings, create_contact, last_name="Twin"
        )

        response = await merge(client, owner, CONTACTS, survivor, other)

        assert response.status_code == 200, response.text
        assert (await stored(session, other)).deleted_at is not None
        gone = await client.get(f"/api/v1/contacts/{other.id}", headers=owner.headers)
        assert gone.status_code == 404
        [deleted] = await events_of(session, org, "contact.deleted")
        assert deleted.entity_id == other.id
        assert deleted.changes["reason"] == f"merged into {survivor.id}"
        assert deleted.changes["last_name"] == "Twin"
        restored = await client.post(f"/api/v1/contacts/{other.id}/restore", headers=owner.headers)
        assert restored.status_code == 200, restored.text
        # The survivor kept its own name (nothing chosen, and it had one).
        assert (await stored(session, survivor)).last_name != "Twin"

    async def test_custom_values_follow_the_choice_or_fill_the_survivors_gaps(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for key in ("tier", "region", "stage"):
            await create_custom_field(
                session, org, key, "select", record_kind="contact",
                options=options("gold", "silver", "north", "south", "new", "old"),
            )  # fmt: skip
        survivor = await create_contact(
            session, org, owner=owner, custom={"tier": "gold", "stage": "new"}
        )
        other = await create_contact(
            session, org, owner=owner, custom={"tier": "silver", "region": "north", "stage": "old"}
        )

        response = await merge(client, owner, CONTACTS, survivor, other, custom={"tier": "other"})

        assert response.status_code == 200, response.text
        assert response.json()["data"]["custom"] == {
            "tier": "silver",  # chosen
            "region": "north",  # the survivor had none
            "stage": "new",  # not chosen: the survivor's
        }
        [merged] = await events_of(session, org, "contact.merged")
        assert "custom.tier" in merged.changes["fields_taken"]

    async def test_unknown_custom_key_and_field_are_422_and_write_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        _, owner, survivor, other = await owned_pair(session, settings, create_contact)

        async with nothing_written(session):
            custom = await merge(client, owner, CONTACTS, survivor, other, custom={"nope": "other"})
            field = await merge(client, owner, CONTACTS, survivor, other, fields={"tags": "other"})

        assert custom.status_code == 422, custom.text
        assert custom.json()["error"]["details"][0]["loc"] == ["body", "custom", "nope"]
        assert field.status_code == 422, field.text


class TestMergeContactRelations:
    async def test_deals_activities_tags_and_leads_move_without_duplicates(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_contact(session, org, owner=owner)
        other = await create_contact(
            session, org, owner=owner, last_activity_at=datetime(2030, 1, 1, tzinfo=UTC)
        )
        shared_deal = await create_deal(session, org, owner=owner)
        await link_deal(session, shared_deal, survivor.id)
        await link_deal(session, shared_deal, other.id, primary=True)
        their_deal = await create_deal(session, org, owner=owner)
        await link_deal(session, their_deal, other.id, primary=True)
        both = await create_activity(session, org, owner.user.id, links=[survivor, other])
        theirs = await create_activity(session, org, owner.user.id, links=[other])
        shared_tag, their_tag = await create_tag(session, org), await create_tag(session, org)
        for tag, record in ((shared_tag, survivor), (shared_tag, other), (their_tag, other)):
            await tag_record(session, tag, "contact", record)
        lead = await create_lead(session, org, owner=owner, converted_contact_id=other.id)
        deal_version = their_deal.version

        response = await merge(client, owner, CONTACTS, survivor, other)

        assert response.status_code == 200, response.text
        # A deal with both keeps one link, primary because the merged contact was.
        assert await deal_links(session, shared_deal) == [(survivor.id, True)]
        assert await deal_links(session, their_deal) == [(survivor.id, True)]
        await session.refresh(their_deal)
        assert their_deal.version > deal_version
        assert await linked_records(session, both.id) == [survivor.id]
        assert await linked_records(session, theirs.id) == [survivor.id]
        assert await tag_ids_of(session, "contact", survivor.id) == sorted(
            [shared_tag.id, their_tag.id]
        )
        assert await tag_ids_of(session, "contact", other.id) == []
        assert len(response.json()["data"]["tags"]) == 2
        moved = await reload(session, Lead, Lead.id == lead.id)
        assert moved.converted_contact_id == survivor.id
        assert response.json()["data"]["last_activity_at"].startswith("2030-01-01")
        [merged] = await events_of(session, org, "contact.merged")
        assert merged.changes["moved"] == {"deals": 2, "leads": 1, "activity_links": 1}


class TestMergeContactRefusals:
    async def test_merging_into_itself_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, owner=owner)

        response = await merge(client, owner, CONTACTS, contact, contact)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", "other_id"]

    @pytest.mark.parametrize("where", ["trash", "other_org", "nowhere"])
    async def test_an_other_out_of_reach_is_404_and_writes_nothing(
        self, where: str, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        survivor = await create_contact(session, org, owner=owner)
        if where == "trash":
            other = await create_contact(session, org, owner=owner, deleted_at=datetime.now(UTC))
        elif where == "other_org":
            other = await create_contact(session, await create_org(session))
        else:
            other = Contact(id=uuid.uuid4())

        async with nothing_written(session):
            response = await merge(client, owner, CONTACTS, survivor, other)

        assert response.status_code == 404, response.text
        assert str(other.id) not in response.json()["error"]["message"]

    @pytest.mark.parametrize(
        ("role", "survivor_mine", "other_mine"),
        [
            ("sales", True, False),  # may not delete a colleague's contact
            ("sales", False, True),  # may not change a colleague's contact
            ("support", True, True),  # may change, never delete
        ],
    )
    async def test_without_update_on_survivor_and_delete_on_other_is_403(
        self,
        role: str,
        survivor_mine: bool,
        other_mine: bool,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        org = await create_org(session)
        caller = await create_member(session, settings, org, role)
        colleague = await create_member(session, settings, org, "sales")
        survivor = await create_contact(session, org, owner=caller if survivor_mine else colleague)
        other = await create_contact(session, org, owner=caller if other_mine else colleague)

        async with nothing_written(session):
            response = await merge(client, caller, CONTACTS, survivor, other)

        assert response.status_code == 403, response.text

    async def test_if_match_is_required_and_must_be_current(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        _, owner, survivor, other = await owned_pair(session, settings, create_contact)
        url = f"/api/v1/contacts/{survivor.id}/merge"

        async with nothing_written(session):
            missing = await client.post(
                url, json={"other_id": str(other.id)}, headers=owner.headers
            )
            stale = await merge(
                client, owner, CONTACTS, survivor, other, version=survivor.version + 5
            )

        assert missing.status_code == 428, missing.text
        assert stale.status_code == 412, stale.text
