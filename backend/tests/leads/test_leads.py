"""Leads through the API: create, read, change, trash and restore, duplicates."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.kit.ids import uuid7
from heron.models import Event, Lead
from heron.models.base import utcnow
from tests.helpers.factories import create_member, create_org
from tests.helpers.fields import create_tag
from tests.helpers.leads import LEADS, create_contact, create_lead, lead_url, post_lead
from tests.helpers.orgs import count, events_of, if_match, reload

pytestmark = pytest.mark.anyio


class TestCreateLead:
    async def test_every_field_is_stored_and_returned(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales", full_name="Sam Sales")
        tag = await create_tag(session, org, name="hot")

        response = await post_lead(
            client,
            sales.headers,
            name="Ada Lovelace",
            email="Ada@Analytical.Example",
            phone="+44 20 7946 0958",
            company_name="Analytical Engines",
            website="https://analytical.example",
            title="Head of Research",
            source="web form",
            status="contacted",
            score=40,
            tag_ids=[str(tag.id)],
        )

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert {k: data[k] for k in ("name", "email", "phone", "website", "status", "score")} == {
            "name": "Ada Lovelace",
            "email": "ada@analytical.example",
            "phone": "+442079460958",
            "website": "https://analytical.example",
            "status": "contacted",
            "score": 40,
        }
        assert data["owner"] == {
            "id": str(sales.user.id),
            "full_name": "Sam Sales",
            "email": sales.user.email,
        }
        assert [t["name"] for t in data["tags"]] == ["hot"]
        assert (data["converted"], data["converted_at"], data["custom"]) == (None, None, {})
        stored = await reload(session, Lead, Lead.id == uuid.UUID(data["id"]))
        assert (stored.org_id, stored.owner_id, stored.created_by_id) == (
            org.id,
            sales.user.id,
            sales.user.id,
        )
        [event] = await events_of(session, org, "lead.created")
        assert event.changes["status"] == "contacted"
        assert event.changes["tags"] == ["hot"]

    async def test_a_new_lead_is_new_by_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await post_lead(client, owner.headers, name="Bare Lead")

        assert response.status_code == 201, response.text
        assert (response.json()["data"]["status"], response.json()["data"]["score"]) == (
            "new",
            None,
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("email", "not-an-address"),
            ("phone", "01 42 68 53 00"),
            ("website", "ftp://files.example"),
            ("score", 101),
            ("score", -1),
            ("status", "lost"),
            ("name", ""),
        ],
    )
    async def test_a_bad_value_is_422_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        field: str,
        value: object,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await post_lead(client, owner.headers, **{field: value})

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", field]
        assert await count(session, Lead, Lead.org_id == org.id) == 0

    async def test_converted_is_refused_with_a_pointer_to_the_conversion(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await post_lead(client, owner.headers, status="converted")

        assert response.status_code == 422
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "status"]
        assert "POST /leads/{lead_id}/convert" in detail["msg"]
        assert await count(session, Lead, Lead.org_id == org.id) == 0

    async def test_server_fields_cannot_be_set(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await post_lead(client, owner.headers, converted_at="2026-01-01T00:00:00Z")

        assert response.status_code == 422
        assert await count(session, Lead, Lead.org_id == org.id) == 0


class TestDuplicates:
    async def test_leads_and_contacts_with_the_same_email_and_similar_names_are_listed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        same_email = await create_lead(session, org, owner.user.id, email="ada@example.com")
        same_name = await create_lead(session, org, owner.user.id, name="ada lovelace")
        primary = await create_contact(session, org, email="ada@example.com")
        secondary = await create_contact(
            session, org, email="other@example.com", other_emails=("ada@example.com",)
        )
        await create_contact(session, org, email="ada@example.com", deleted_at=utcnow())
        await create_lead(session, org, owner.user.id, email="ada@example.com", deleted_at=utcnow())

        response = await post_lead(
            client, owner.headers, name="Ada Lovelace", email="ADA@example.com"
        )

        assert response.status_code == 201, response.text
        found = {(d["id"], d["kind"], d["reason"]) for d in response.json()["meta"]["duplicates"]}
        assert found == {
            (str(same_email.id), "lead", "same_email"),
            (str(primary.id), "contact", "same_email"),
            (str(secondary.id), "contact", "same_email"),
            (str(same_name.id), "lead", "similar_name"),
        }

    async def test_a_lead_the_caller_cannot_see_is_not_revealed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        await create_lead(session, org, colleague.user.id, email="ada@example.com")
        other_org = await create_org(session)
        await create_contact(session, other_org, email="ada@example.com")

        response = await post_lead(client, sales.headers, email="ada@example.com")

        assert response.status_code == 201, response.text
        assert response.json()["meta"]["duplicates"] == []


class TestReadLead:
    async def test_a_lead_is_read_with_its_etag(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id, name="Read Me")

        response = await client.get(lead_url(lead.id), headers=owner.headers)

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == f'"{lead.version}"'
        assert response.json()["data"]["name"] == "Read Me"

    async def test_a_lead_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        elsewhere = await create_lead(session, await create_org(session))

        response = await client.get(lead_url(elsewhere.id), headers=owner.headers)

        assert response.status_code == 404

    async def test_a_converted_lead_shows_what_it_became(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, email="ada@example.com")
        lead = await create_lead(
            session, org, owner.user.id, status="converted", converted_at=utcnow(),
            converted_contact_id=contact.id,
        )  # fmt: skip

        response = await client.get(lead_url(lead.id), headers=owner.headers)

        data = response.json()["data"]
        assert data["status"] == "converted"
        assert data["converted"] == {
            "contact_id": str(contact.id),
            "company_id": None,
            "deal_id": None,
        }


class TestUpdateLead:
    async def test_only_the_fields_sent_change_and_the_change_is_recorded(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id, name="Ada", source="fair")

        response = await client.patch(
            lead_url(lead.id),
            json={"status": "qualified", "score": 80},
            headers={**owner.headers, **if_match(lead.version)},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["status"], data["score"], data["source"]) == ("qualified", 80, "fair")
        assert response.headers["etag"] == f'"{data["version"]}"'
        assert data["version"] == lead.version + 1
        [event] = await events_of(session, org, "lead.updated")
        assert event.changes == {
            "status": {"before": "new", "after": "qualified"},
            "score": {"before": None, "after": 80},
        }

    async def test_without_if_match_it_is_428(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id)

        response = await client.patch(lead_url(lead.id), json={"score": 5}, headers=owner.headers)

        assert response.status_code == 428
        assert (await reload(session, Lead, Lead.id == lead.id)).score is None

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"status": "converted"}, ["body", "status"]),
            ({"status": None}, ["body", "status"]),
            ({"name": None}, ["body", "name"]),
            ({"score": 101}, ["body", "score"]),
        ],
    )
    async def test_a_bad_change_is_422_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
        loc: list[str],
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id)

        response = await client.patch(
            lead_url(lead.id), json=body, headers={**owner.headers, **if_match(lead.version)}
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == loc
        stored = await reload(session, Lead, Lead.id == lead.id)
        assert (stored.status, stored.version) == ("new", lead.version)

    async def test_a_converted_lead_cannot_be_edited(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(
            session, org, owner.user.id, name="Old", status="converted", converted_at=utcnow()
        )

        response = await client.patch(
            lead_url(lead.id),
            json={"name": "New"},
            headers={**owner.headers, **if_match(lead.version)},
        )

        assert response.status_code == 409
        assert response.json()["error"]["message"] == (
            "This lead was converted; edit the contact, company or deal instead."
        )
        assert (await reload(session, Lead, Lead.id == lead.id)).name == "Old"


class TestTrash:
    async def test_a_deleted_lead_leaves_the_list_and_comes_back_on_restore(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id)

        deleted = await client.delete(
            lead_url(lead.id), headers={**owner.headers, **if_match(lead.version)}
        )

        assert deleted.status_code == 204, deleted.text
        assert (await client.get(lead_url(lead.id), headers=owner.headers)).status_code == 404
        listed = await client.get(LEADS, headers=owner.headers)
        assert listed.json()["data"] == []
        stored = await reload(session, Lead, Lead.id == lead.id)
        assert (stored.deleted_at is not None, stored.deleted_by_id) == (True, owner.user.id)

        restored = await client.post(f"{lead_url(lead.id)}/restore", headers=owner.headers)

        assert restored.status_code == 200, restored.text
        assert restored.json()["data"]["id"] == str(lead.id)
        assert (await client.get(lead_url(lead.id), headers=owner.headers)).status_code == 200
        types = [e.type for e in await events_of(session, org, "lead.deleted")] + [
            e.type for e in await events_of(session, org, "lead.restored")
        ]
        assert types == ["lead.deleted", "lead.restored"]

    async def test_restoring_a_lead_not_in_the_trash_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id)

        response = await client.post(f"{lead_url(lead.id)}/restore", headers=owner.headers)
        missing = await client.post(f"{lead_url(uuid7())}/restore", headers=owner.headers)

        assert (response.status_code, missing.status_code) == (404, 404)
        assert await count(session, Event, Event.type == "lead.restored") == 0
