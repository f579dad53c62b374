"""Contact lists: filters (any address), custom fields, tags, search, keyset pages, counts;
and the page of a company's contacts that the companies domain serves."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.contacts.repository import ContactRepository
from heron.kit.pagination import CursorParams
from heron.kit.subject import ActorType, Subject
from heron.models import Contact, CustomField, Organization
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.records import create_company, create_contact, create_tag, tag_record

pytestmark = pytest.mark.anyio

CONTACTS = "/api/v1/contacts"


async def ids_of(client: httpx.AsyncClient, member: Member, params: dict[str, Any]) -> set[str]:
    response = await client.get(CONTACTS, params=params, headers=member.headers)
    assert response.status_code == 200, response.text
    return {c["id"] for c in response.json()["data"]}


class TestFilters:
    async def test_email_matches_any_address_of_a_contact(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        ada = await create_contact(session, org, emails=["ada@acme.example", "ada@home.example"])
        bob = await create_contact(session, org, emails=["bob@acme.example"])
        nobody = await create_contact(session, org, emails=[])

        assert await ids_of(client, owner, {"filter[email][eq]": "ADA@home.example"}) == {
            str(ada.id)
        }
        assert await ids_of(client, owner, {"filter[email][icontains]": "HOME"}) == {str(ada.id)}
        assert await ids_of(client, owner, {"filter[email][icontains]": "acme"}) == {
            str(ada.id),
            str(bob.id),
        }
        assert await ids_of(client, owner, {"filter[email][ne]": "ada@home.example"}) == {
            str(bob.id),
            str(nobody.id),
        }
        assert await ids_of(client, owner, {"filter[email][isnull]": "true"}) == {str(nobody.id)}

    async def test_phone_company_status_and_city(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        company = await create_company(session, org)
        match = await create_contact(
            session, org, phones=["+33100000001", "+33142685300"], company_id=company.id,
            lifecycle_status="customer", address_city="Lyon",
        )  # fmt: skip
        await create_contact(session, org, phones=["+33100000002"], lifecycle_status="lead")

        for params in (
            {"filter[phone][eq]": "+33 1 42 68 53 00"},
            {"filter[company_id][eq]": str(company.id)},
            {"filter[lifecycle_status][in]": "customer,evangelist"},
            {"filter[address_city][eq]": "Lyon"},
        ):
            assert await ids_of(client, owner, params) == {str(match.id)}, params

    async def test_an_unknown_status_or_field_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        for params in ({"filter[lifecycle_status][eq]": "prospect"}, {"filter[secret][eq]": "x"}):
            response = await client.get(CONTACTS, params=params, headers=owner.headers)
            assert response.status_code == 422, params

    async def test_custom_field_and_tag(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        session.add(
            CustomField(
                org_id=org.id, record_kind="contact", key="tier", label="Tier", type="select",
                default=None,
                options=[{"value": "gold", "label": "Gold"}, {"value": "silver", "label": "S"}],
            )
        )  # fmt: skip
        gold = await create_contact(session, org, custom={"tier": "gold"})
        silver = await create_contact(session, org, custom={"tier": "silver"})
        vip = await create_tag(session, org, name="VIP")
        await tag_record(session, vip, "contact", silver)

        assert await ids_of(client, owner, {"filter[custom.tier][eq]": "gold"}) == {str(gold.id)}
        assert await ids_of(client, owner, {"filter[tag][eq]": str(vip.id)}) == {str(silver.id)}
        listed = await client.get(CONTACTS, params={"sort": "custom.tier"}, headers=owner.headers)
        assert [c["id"] for c in listed.json()["data"]] == [str(gold.id), str(silver.id)]
        assert listed.json()["data"][1]["tags"][0]["name"] == "VIP"


class TestSearch:
    async def test_a_prefix_finds_the_name(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        jonathan = await create_contact(session, org, first_name="Jonathan", last_name="Smith")
        await create_contact(session, org, first_name="Maria", last_name="Garcia")

        assert await ids_of(client, owner, {"q": "jon"}) == {str(jonathan.id)}
        assert await ids_of(client, owner, {"q": "Jon smi"}) == {str(jonathan.id)}

    async def test_a_typo_finds_the_name_on_postgresql(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        db_url: str,
    ) -> None:
        if not db_url.startswith("postgresql"):
            pytest.skip("typo tolerance is PostgreSQL's trigram search")
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        jonathan = await create_contact(session, org, first_name="Jonathan", last_name="Smith")
        await create_contact(session, org, first_name="Maria", last_name="Garcia")

        assert await ids_of(client, owner, {"q": "jonatan"}) == {str(jonathan.id)}


async def _many(session: AsyncSession, org: Organization, n: int) -> list[Contact]:
    """``n`` contacts, every seventh without a last name (they sort last)."""
    rows = []
    for i in range(n):
        last = None if i % 7 == 0 else f"Name {(i * 37) % n:03d}"
        rows.append(await create_contact(session, org, first_name=f"F{i:03d}", last_name=last))
    return rows


class TestPages:
    async def test_keyset_pages_by_last_name_visit_every_contact_once_in_order(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        made = await _many(session, org, 120)

        seen: list[dict[str, Any]] = []
        params: dict[str, Any] = {"sort": "last_name", "limit": 50, "count": "none"}
        for _ in range(5):
            response = await client.get(CONTACTS, params=params, headers=owner.headers)
            assert response.status_code == 200, response.text
            body = response.json()
            seen += body["data"]
            if body["meta"]["next_cursor"] is None:
                break
            params["cursor"] = body["meta"]["next_cursor"]

        assert len(seen) == 120
        assert {c["id"] for c in seen} == {str(c.id) for c in made}
        names = [c["last_name"] for c in seen]
        named = [n for n in names if n is not None]
        assert names == named + [None] * (120 - len(named))
        assert named == sorted(named)

    @pytest.mark.parametrize(
        ("mode", "total", "kind"),
        [("exact", 3, "exact"), ("estimate", 3, "exact"), ("none", None, "none")],
    )
    async def test_count_modes(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        mode: str,
        total: int | None,
        kind: str,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for _ in range(3):
            await create_contact(session, org)

        response = await client.get(
            CONTACTS, params={"count": mode, "limit": 2}, headers=owner.headers
        )

        meta = response.json()["meta"]
        assert (meta["total"], meta["total_kind"], meta["limit"]) == (total, kind, 2)
        assert len(response.json()["data"]) == 2
        assert meta["next_cursor"] is not None

    async def test_default_order_is_last_then_first_name(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        b = await create_contact(session, org, first_name="Ann", last_name="Brown")
        a2 = await create_contact(session, org, first_name="Zoe", last_name="Adams")
        a1 = await create_contact(session, org, first_name="Ann", last_name="Adams")
        only_first = await create_contact(session, org, first_name="Cher", last_name=None)

        response = await client.get(CONTACTS, headers=owner.headers)

        assert [c["id"] for c in response.json()["data"]] == [
            str(a1.id), str(a2.id), str(b.id), str(only_first.id),
        ]  # fmt: skip


class TestOfCompany:
    async def test_a_page_of_the_visible_contacts_of_a_company(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        company = await create_company(session, org)
        second = await create_contact(session, org, company_id=company.id, last_name="B")
        first = await create_contact(session, org, company_id=company.id, last_name="A")
        await create_contact(session, org, company_id=company.id, deleted_at=first.created_at)
        await create_contact(session, org)
        subject = Subject(
            actor_type=ActorType.user, org_id=org.id, role="owner", user_id=owner.user.id
        )
        repo = ContactRepository(session, subject)

        rows, meta = await repo.of_company(company.id, CursorParams(cursor=None, limit=1))
        rest, end = await repo.of_company(
            company.id, CursorParams(cursor=meta.next_cursor, limit=1)
        )

        assert [r.id for r in rows + rest] == [first.id, second.id]
        assert end.next_cursor is None
