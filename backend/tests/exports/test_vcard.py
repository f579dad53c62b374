"""vCards of contacts: one contact, or the contacts a list shows, read back with vobject."""

from __future__ import annotations

import httpx
import pytest
import vobject
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.exports.vcard import fold
from heron.models.base import utcnow
from tests.helpers.factories import create_member, create_org
from tests.helpers.records import create_company, create_contact

pytestmark = pytest.mark.anyio


def cards_of(response: httpx.Response) -> list[vobject.base.Component]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/vcard")
    assert response.headers["content-disposition"].endswith('.vcf"')
    return list(vobject.readComponents(response.text))


class TestOneContact:
    async def test_every_address_and_number_company_title_and_address(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        acme = await create_company(session, org, name="Acme; Sons, Ltd")
        ada = await create_contact(
            session, org, first_name="Ada", last_name="Lovelace", job_title="Analyst",
            emails=["ada@acme.example", "ada@home.example"], phones=["+33142685300"],
            company_id=acme.id, address_city="London", address_country="GB",
        )  # fmt: skip

        response = await client.get(f"/api/v1/contacts/{ada.id}/vcard", headers=owner.headers)

        [card] = cards_of(response)
        assert card.fn.value == "Ada Lovelace"
        assert (card.n.value.family, card.n.value.given) == ("Lovelace", "Ada")
        assert card.org.value == ["Acme; Sons, Ltd"]
        assert card.title.value == "Analyst"
        assert [e.value for e in card.contents["email"]] == ["ada@acme.example", "ada@home.example"]
        assert "PREF" in card.contents["email"][0].params["TYPE"]
        assert card.tel.value == "+33142685300"
        assert card.adr.value.city == "London" and card.adr.value.country == "GB"
        assert card.uid.value == f"urn:uuid:{ada.id}"

    async def test_a_line_break_in_a_name_cannot_add_a_property(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        sly = await create_contact(
            session, org, first_name="Sly", last_name="X\r\nEMAIL:attacker@evil.example"
        )

        response = await client.get(f"/api/v1/contacts/{sly.id}/vcard", headers=owner.headers)

        [card] = cards_of(response)
        assert [e.value for e in card.contents["email"]] == [sly.email]
        assert card.n.value.family == "X\nEMAIL:attacker@evil.example"

    async def test_another_organizations_or_a_deleted_contact_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        theirs = await create_contact(session, await create_org(session))
        gone = await create_contact(session, org, deleted_at=utcnow())

        for contact in (theirs, gone):
            response = await client.get(
                f"/api/v1/contacts/{contact.id}/vcard", headers=owner.headers
            )
            assert response.status_code == 404


class TestList:
    async def test_the_contacts_the_list_shows(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for first in ("Ann", "Ben", "Cy"):
            await create_contact(session, org, first_name=first, last_name="Doe", source="fair")
        await create_contact(session, org, first_name="Dan", last_name="Doe", source="web")
        await create_contact(session, await create_org(session), first_name="Eve", source="fair")

        response = await client.get(
            "/api/v1/contacts/vcard",
            params={"filter[source][eq]": "fair", "sort": "-first_name"},
            headers=owner.headers,
        )

        assert [c.fn.value for c in cards_of(response)] == ["Cy Doe", "Ben Doe", "Ann Doe"]

    async def test_a_viewer_may_not_export_cards(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        viewer = await create_member(session, settings, await create_org(session), role="viewer")

        response = await client.get("/api/v1/contacts/vcard", headers=viewer.headers)

        assert response.status_code == 403


class TestFolding:
    def test_long_lines_fold_at_75_octets_without_splitting_a_character(self) -> None:
        line = "NOTE:" + "é" * 100

        folded = fold(line)

        physical = folded.split("\r\n")[:-1]
        assert all(len(p.encode()) <= 75 for p in physical)
        assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
