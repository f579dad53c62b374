"""Contacts: create, change, versions, visibility, trash and likely duplicates."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Contact, ContactEmail, ContactPhone
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match, reload
from tests.helpers.records import create_company, create_contact

pytestmark = pytest.mark.anyio

CONTACTS = "/api/v1/contacts"


def contact_url(contact_id: uuid.UUID | str) -> str:
    return f"{CONTACTS}/{contact_id}"


async def stored_emails(session: AsyncSession, contact_id: uuid.UUID) -> list[tuple[str, bool]]:
    rows = await session.scalars(
        select(ContactEmail)
        .where(ContactEmail.contact_id == contact_id)
        .order_by(ContactEmail.position)
        .execution_options(populate_existing=True)
    )
    return [(r.email, r.is_primary) for r in rows]


class TestCreateContact:
    async def test_several_addresses_are_normalised_and_the_marked_one_is_primary(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        body = {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": [
                {"email": " Ada@Home.EXAMPLE ", "label": "home"},
                {"email": "ada@ACME.example", "label": "work", "primary": True},
            ],
            "phones": [{"number": "+33 1 42 68 53 00"}, {"number": "0044 20 7946 0958"}],
            "lifecycle_status": "lead",
            "social": {"linkedin": "https://www.linkedin.com/in/ada"},
            "address": {"city": "London", "country": "gb"},
        }

        response = await client.post(CONTACTS, json=body, headers=owner.headers)

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert data["full_name"] == "Ada Lovelace"
        assert data["email"] == "ada@acme.example"
        assert data["emails"] == [
            {"email": "ada@home.example", "label": "home", "primary": False},
            {"email": "ada@acme.example", "label": "work", "primary": True},
        ]
        # None marked: the first number is primary.
        assert data["phone"] == "+33142685300"
        assert [p["number"] for p in data["phones"]] == ["+33142685300", "+442079460958"]
        assert data["owner"]["id"] == str(owner.user.id)
        assert data["social"]["linkedin"] == "https://www.linkedin.com/in/ada"
        assert data["address"]["country"] == "GB"
        contact_id = uuid.UUID(data["id"])
        assert await stored_emails(session, contact_id) == [
            ("ada@home.example", False),
            ("ada@acme.example", True),
        ]
        stored = await reload(session, Contact, Contact.id == contact_id)
        assert (stored.email, stored.phone) == ("ada@acme.example", "+33142685300")
        [event] = await events_of(session, org, "contact.created")
        assert [e["email"] for e in event.changes["emails"]] == [
            "ada@home.example",
            "ada@acme.example",
        ]

    @pytest.mark.parametrize(
        "body",
        [
            {"first_name": "Ada", "emails": [{"email": "not-an-address"}]},
            {"first_name": "Ada", "phones": [{"number": "12"}]},
            {"first_name": "Ada", "phones": [{"number": "01 42 68 53 00"}]},  # no country code
            {"emails": [{"email": "a@x.example"}, {"email": "A@X.example"}]},
            {"emails": [{"email": "a@x.example", "primary": True},
                        {"email": "b@x.example", "primary": True}]},
            {"emails": [{"email": f"a{i}@x.example"} for i in range(21)]},
            {"job_title": "Nameless"},
            {"first_name": "Ada", "lifecycle_status": "prospect"},
            {"first_name": "Ada", "social": {"github": "javascript:alert(1)"}},
        ],
        ids=["email", "short-phone", "local-phone", "duplicate-email", "two-primaries",
             "too-many", "no-name", "status", "social-url"],
    )  # fmt: skip
    async def test_invalid_input_is_422_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.post(CONTACTS, json=body, headers=owner.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "validation_error"
        assert await count(session, Contact) == 0
        assert await count(session, ContactEmail) == 0

    async def test_a_company_of_another_organization_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        foreign = await create_company(session, await create_org(session))

        response = await client.post(
            CONTACTS,
            json={"first_name": "Ada", "company_id": str(foreign.id)},
            headers=owner.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "company_id"]
        assert await count(session, Contact) == 0

    async def test_a_company_of_the_organization_is_shown_by_name(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        company = await create_company(session, org, name="Acme")

        response = await client.post(
            CONTACTS, json={"last_name": "Lovelace", "company_id": str(company.id)},
            headers=owner.headers,
        )  # fmt: skip

        assert response.status_code == 201, response.text
        assert response.json()["data"]["company"] == {"id": str(company.id), "name": "Acme"}

    async def test_a_viewer_cannot_create(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.post(CONTACTS, json={"first_name": "Ada"}, headers=viewer.headers)

        assert response.status_code == 403
        assert await count(session, Contact) == 0


class TestDuplicates:
    async def test_create_reports_contacts_sharing_an_address_a_number_or_the_name(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        by_email = await create_contact(
            session, org, owner=owner, emails=["first@x.example", "ada@x.example"]
        )
        by_phone = await create_contact(session, org, owner=owner, phones=["+33142685300"])
        by_name = await create_contact(session, org, first_name="ada", last_name="LOVELACE")
        await create_contact(session, org, first_name="Grace", last_name="Hopper")
        elsewhere = await create_contact(
            session, await create_org(session), emails=["ada@x.example"]
        )
        body = {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "emails": [{"email": "ADA@x.example"}],
            "phones": [{"number": "+33 1 42 68 53 00"}],
        }

        response = await client.post(CONTACTS, json=body, headers=owner.headers)

        assert response.status_code == 201, response.text
        found = {d["id"]: d["reason"] for d in response.json()["meta"]["duplicates"]}
        assert found == {
            str(by_email.id): "same_email",
            str(by_phone.id): "same_phone",
            str(by_name.id): "similar_name",
        }
        assert str(elsewhere.id) not in found

    async def test_the_duplicates_of_an_existing_contact(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        member = await create_member(session, settings, org, "sales")
        contact = await create_contact(session, org, emails=["a@x.example", "b@x.example"])
        twin = await create_contact(session, org, emails=["b@x.example"], first_name="Other")

        response = await client.get(f"{contact_url(contact.id)}/duplicates", headers=member.headers)

        assert response.status_code == 200, response.text
        assert response.json()["data"] == [
            {"kind": "contact", "id": str(twin.id), "name": twin.full_name, "reason": "same_email"}
        ]
        foreign = await create_contact(session, await create_org(session))
        missing = await client.get(f"{contact_url(foreign.id)}/duplicates", headers=member.headers)
        assert missing.status_code == 404


class TestUpdateContact:
    async def test_sending_emails_replaces_the_list_and_the_event_shows_both(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(
            session, org, owner=owner, emails=["old@x.example", "kept@x.example"]
        )
        body = {"emails": [{"email": "kept@x.example"}, {"email": "New@x.example"}]}

        response = await client.patch(
            contact_url(contact.id), json=body, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["email"] == "kept@x.example"
        assert data["version"] == 2
        assert await stored_emails(session, contact.id) == [
            ("kept@x.example", True),
            ("new@x.example", False),
        ]
        [event] = await events_of(session, org, "contact.updated")
        change = event.changes["emails"]
        assert [e["email"] for e in change["before"]] == ["old@x.example", "kept@x.example"]
        assert [e["email"] for e in change["after"]] == ["kept@x.example", "new@x.example"]
        assert event.changes["email"] == {"before": "old@x.example", "after": "kept@x.example"}

    async def test_clearing_every_name_and_address_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, owner=owner, last_name=None)

        response = await client.patch(
            contact_url(contact.id), json={"first_name": None, "emails": []},
            headers=owner.headers | if_match(1),
        )  # fmt: skip

        assert response.status_code == 422
        assert len(await stored_emails(session, contact.id)) == 1
        assert (await reload(session, Contact, Contact.id == contact.id)).version == 1

    async def test_phones_can_be_cleared(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, owner=owner, phones=["+33142685300"])

        response = await client.patch(
            contact_url(contact.id), json={"phones": []}, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 200, response.text
        assert (response.json()["data"]["phone"], response.json()["data"]["phones"]) == (None, [])
        assert await count(session, ContactPhone, ContactPhone.contact_id == contact.id) == 0

    async def test_without_if_match_is_428_and_a_stale_version_412_with_the_record(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, owner=owner)

        missing = await client.patch(
            contact_url(contact.id), json={"job_title": "CTO"}, headers=owner.headers
        )
        stale = await client.patch(
            contact_url(contact.id), json={"job_title": "CTO"},
            headers=owner.headers | if_match(7),
        )  # fmt: skip

        assert missing.status_code == 428
        assert stale.status_code == 412
        current = stale.json()["error"]["details"][0]["current"]
        assert (current["id"], current["version"]) == (str(contact.id), 1)
        assert (await reload(session, Contact, Contact.id == contact.id)).job_title is None


class TestVisibility:
    async def test_sales_see_every_contact_but_change_only_their_own(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        theirs = await create_contact(session, org, owner=colleague, job_title="Buyer")
        mine = await create_contact(session, org, owner=sales)

        listed = await client.get(CONTACTS, headers=sales.headers)
        read = await client.get(contact_url(theirs.id), headers=sales.headers)
        refused = await client.patch(
            contact_url(theirs.id), json={"job_title": "Changed"},
            headers=sales.headers | if_match(1),
        )  # fmt: skip
        allowed = await client.patch(
            contact_url(mine.id), json={"job_title": "Changed"},
            headers=sales.headers | if_match(1),
        )  # fmt: skip

        assert {c["id"] for c in listed.json()["data"]} == {str(theirs.id), str(mine.id)}
        assert read.status_code == 200
        assert refused.status_code == 403
        assert allowed.status_code == 200
        stored = await reload(session, Contact, Contact.id == theirs.id)
        assert (stored.job_title, stored.version) == ("Buyer", 1)

    async def test_a_contact_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        foreign = await create_contact(session, await create_org(session))

        response = await client.get(contact_url(foreign.id), headers=owner.headers)

        assert response.status_code == 404


class TestTrash:
    async def test_a_deleted_contact_is_gone_until_restored(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        contact = await create_contact(session, org, owner=owner, emails=["a@x.example"])

        deleted = await client.delete(contact_url(contact.id), headers=owner.headers | if_match(1))
        gone = await client.get(contact_url(contact.id), headers=owner.headers)
        restored = await client.post(f"{contact_url(contact.id)}/restore", headers=owner.headers)
        back = await client.get(contact_url(contact.id), headers=owner.headers)

        assert deleted.status_code == 204
        assert gone.status_code == 404
        assert restored.status_code == 200, restored.text
        assert back.status_code == 200
        assert back.json()["data"]["emails"] == [
            {"email": "a@x.example", "label": None, "primary": True}
        ]
        assert len(await events_of(session, org, "contact.deleted")) == 1
        assert len(await events_of(session, org, "contact.restored")) == 1
