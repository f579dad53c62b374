"""Lead conversion through the API: what a lead becomes, what follows it, and refusals that
write nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import ActivityLink, Contact, Lead
from heron.roles.matrix import MATRIX, Action, Role, Scope
from tests.helpers.activities import create_activity
from tests.helpers.convert import convert, convert_world, written
from tests.helpers.deals import add_pipeline
from tests.helpers.factories import create_member, create_org
from tests.helpers.fields import create_custom_field, options
from tests.helpers.orgs import events_of, reload
from tests.helpers.records import (
    create_company,
    create_contact,
    create_lead,
    create_tag,
    tag_record,
)

pytestmark = pytest.mark.anyio

GMAIL = "ada@gmail.com"


def loc(response: httpx.Response) -> list[str]:
    return response.json()["error"]["details"][0]["loc"]


class TestConvertLead:
    async def test_a_lead_becomes_a_contact_a_company_and_a_deal(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        lead = await create_lead(
            session, w.org, owner=w.seller, name="Ada King Lovelace",
            email="ada@analytical.example", phone="+442079460958", title="Head of Research",
            source="web form", company_name="Analytical Engines",
            website="https://analytical.example/about",
        )  # fmt: skip

        response = await convert(client, w.seller, lead, {"deal": {"amount": "1200.00"}})

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["created"] == {"contact": True, "company": True, "deal": True}
        company, contact, deal = data["company"], data["contact"], data["deal"]
        assert (company["name"], company["domain"]) == ("Analytical Engines", "analytical.example")
        assert company["website"] == "https://analytical.example/about"
        assert (contact["first_name"], contact["last_name"]) == ("Ada King", "Lovelace")
        assert (contact["email"], contact["phone"]) == ("ada@analytical.example", "+442079460958")
        assert (contact["job_title"], contact["source"]) == ("Head of Research", "web form")
        assert contact["company"]["id"] == company["id"]
        assert contact["owner"]["id"] == str(w.seller.user.id)
        assert deal["name"] == "Analytical Engines deal"
        assert deal["pipeline_id"] == str(w.sales.pipeline.id)
        assert deal["stage"]["name"] == "Prospect"
        assert (deal["amount"], deal["currency"]) == ("1200.00", "EUR")
        assert deal["company"]["id"] == company["id"]
        assert deal["contacts"] == [{"id": contact["id"], "full_name": "Ada King Lovelace",
                                     "primary": True}]  # fmt: skip
        assert data["lead"]["status"] == "converted"
        assert data["lead"]["converted"] == {
            "contact_id": contact["id"], "company_id": company["id"], "deal_id": deal["id"]
        }  # fmt: skip
        assert response.headers["etag"] == f'"{data["lead"]["version"]}"'
        [event] = await events_of(session, w.org, "lead.converted")
        assert event.changes["created"] == {"contact": True, "company": True, "deal": True}
        assert event.changes["deal_id"] == deal["id"]
        for kind in ("company", "contact", "deal"):
            assert len(await events_of(session, w.org, f"{kind}.created")) == 1

    async def test_an_empty_body_makes_a_contact_and_no_company_for_a_free_mail_lead(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        lead = await create_lead(session, w.org, owner=w.seller, name="Ada", email=GMAIL)

        response = await convert(client, w.seller, lead)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["company"], data["deal"]) == (None, None)
        assert data["created"] == {"contact": True, "company": False, "deal": False}
        assert (data["contact"]["first_name"], data["contact"]["last_name"]) == (None, "Ada")

    async def test_the_company_is_found_by_the_e_mail_domain(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        acme = await create_company(session, w.org, owner=w.sales.owner, domain="acme.example")
        lead = await create_lead(session, w.org, owner=w.seller, email="ada@acme.example")

        response = await convert(client, w.seller, lead)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["company"]["id"], data["created"]["company"]) == (str(acme.id), False)

    async def test_then_by_name_ignoring_case(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        acme = await create_company(session, w.org, name="Acme Corp")
        lead = await create_lead(
            session, w.org, owner=w.seller, email=GMAIL, company_name="ACME corp"
        )

        response = await convert(client, w.seller, lead, {"deal": {}})

        data = response.json()["data"]
        assert data["company"]["id"] == str(acme.id)
        assert data["deal"]["name"] == "Acme Corp deal"

    async def test_a_contact_with_the_e_mail_is_reused_and_gets_the_company_and_tags(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        contact = await create_contact(
            session, w.org, owner=w.seller, emails=["a@home.example", "ada@acme.example"]
        )
        lead = await create_lead(session, w.org, owner=w.seller, email="ada@acme.example")
        tag = await create_tag(session, w.org)
        await tag_record(session, tag, "lead", lead)

        response = await convert(client, w.seller, lead)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["contact"]["id"] == str(contact.id)
        assert data["created"] == {"contact": False, "company": True, "deal": False}
        assert data["contact"]["company"]["id"] == data["company"]["id"]
        assert [t["id"] for t in data["contact"]["tags"]] == [str(tag.id)]
        assert len(await events_of(session, w.org, "contact.updated")) == 1

    async def test_a_contact_the_caller_may_not_change_is_used_as_it_is(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        contact = await create_contact(session, w.org, owner=w.sales.owner, emails=[GMAIL])
        lead = await create_lead(
            session, w.org, owner=w.seller, email=GMAIL, company_name="Analytical"
        )

        response = await convert(client, w.seller, lead)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["contact"]["id"], data["contact"]["company"]) == (str(contact.id), None)
        assert data["created"]["company"] is True

    async def test_existing_and_new_modes(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        acme = await create_company(session, w.org, domain="acme.example")
        existing = await create_contact(session, w.org, owner=w.seller, emails=[GMAIL])
        lead = await create_lead(session, w.org, owner=w.seller, email=GMAIL)
        other = await create_lead(session, w.org, owner=w.seller, email=GMAIL)

        first = await convert(client, w.seller, lead, {
            "company": {"mode": "existing", "company_id": str(acme.id)},
            "contact": {"mode": "existing", "contact_id": str(existing.id)},
        })  # fmt: skip
        second = await convert(client, w.seller, other, {
            "company": {"mode": "new", "name": "Brand New"}, "contact": {"mode": "new"},
        })  # fmt: skip

        one, two = first.json()["data"], second.json()["data"]
        assert (one["company"]["id"], one["contact"]["id"]) == (str(acme.id), str(existing.id))
        assert one["created"] == {"contact": False, "company": False, "deal": False}
        assert two["company"]["name"] == "Brand New"
        assert two["contact"]["id"] != str(existing.id)
        assert two["created"] == {"contact": True, "company": True, "deal": False}


class TestWhatFollowsTheLead:
    async def test_activities_are_linked_to_the_new_records_and_stay_on_the_lead(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        lead = await create_lead(session, w.org, owner=w.seller, company_name="Acme")
        call = await create_activity(session, w.org, w.seller.user.id, links=[lead], kind="call")
        task = await create_activity(session, w.org, w.sales.owner.user.id, links=[lead])

        response = await convert(client, w.seller, lead, {"deal": {}})

        data = response.json()["data"]
        links = await session.scalars(
            select(ActivityLink).where(ActivityLink.activity_id.in_([call.id, task.id]))
        )
        found = {(link.activity_id, link.record_kind, str(link.record_id)) for link in links}
        for activity in (call, task):
            assert (activity.id, "lead", str(lead.id)) in found
            for kind in ("contact", "company", "deal"):
                assert (activity.id, kind, data[kind]["id"]) in found
        assert data["contact"]["last_activity_at"] is not None  # the call, not the task
        assert (await events_of(session, w.org, "lead.converted"))[0].changes["activities"] == 2

    async def test_custom_values_go_where_the_contact_has_the_same_field(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        for kind in ("lead", "contact"):
            await create_custom_field(session, w.org, "budget", "number", record_kind=kind)
            await create_custom_field(
                session, w.org, "tier", "select", record_kind=kind,
                options=options("gold") if kind == "contact" else options("gold", "lead_only"),
            )  # fmt: skip
        await create_custom_field(session, w.org, "note", "text", record_kind="lead")
        await create_custom_field(session, w.org, "note", "long_text", record_kind="contact")
        lead = await create_lead(
            session, w.org, owner=w.seller, email=GMAIL,
            custom={"budget": 5000, "tier": "lead_only", "note": "hi"},
        )  # fmt: skip

        response = await convert(client, w.seller, lead)

        assert response.json()["data"]["contact"]["custom"] == {"budget": 5000}


class TestRefusals:
    async def test_a_second_conversion_is_409_naming_what_the_lead_became(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        lead = await create_lead(session, w.org, owner=w.seller, email=GMAIL)
        first = (await convert(client, w.seller, lead)).json()["data"]
        before = await written(session, w.org)

        again = await convert(client, w.seller, lead)  # the old If-Match, as a retry sends

        assert again.status_code == 409, again.text
        assert "already converted" in again.json()["error"]["message"]
        detail = again.json()["error"]["details"][0]
        assert detail["converted"]["contact_id"] == first["contact"]["id"]
        assert await written(session, w.org) == before

    @pytest.mark.parametrize(
        ("body", "where"),
        [
            ({"company": {"mode": "existing", "company_id": "foreign_company"}},
             ["body", "company", "company_id"]),
            ({"contact": {"mode": "existing", "contact_id": "foreign_contact"}},
             ["body", "contact", "contact_id"]),
            ({"deal": {"pipeline_id": "foreign_pipeline"}}, ["body", "deal", "pipeline_id"]),
            ({"deal": {"stage_id": "foreign_stage"}}, ["body", "deal", "stage_id"]),
            ({"deal": {"stage_id": "other_pipeline_stage"}}, ["body", "deal", "stage_id"]),
            ({"owner_id": "foreign_member"}, ["body", "owner_id"]),
        ],
    )  # fmt: skip
    async def test_ids_of_another_organization_are_422_and_write_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings,
        body: dict, where: list[str],
    ) -> None:  # fmt: skip
        w = await convert_world(session, settings)
        elsewhere = await convert_world(session, settings)
        _, other_stages = await add_pipeline(session, w.org)
        ids = {
            "foreign_company": (await create_company(session, elsewhere.org)).id,
            "foreign_contact": (await create_contact(session, elsewhere.org)).id,
            "foreign_pipeline": elsewhere.sales.pipeline.id,
            "foreign_stage": elsewhere.sales.stages[0].id,
            "other_pipeline_stage": other_stages[0].id,
            "foreign_member": elsewhere.seller.user.id,
        }
        sent = {
            part: {k: str(ids.get(v, v)) for k, v in value.items()} if isinstance(value, dict)
            else str(ids[value])
            for part, value in body.items()
        }  # fmt: skip
        lead = await create_lead(session, w.org, owner=w.seller, company_name="Acme")
        before = await written(session, w.org)

        response = await convert(client, w.seller, lead, sent)

        assert response.status_code == 422, response.text
        assert loc(response) == where
        assert await written(session, w.org) == before

    async def test_a_company_with_the_domain_out_of_sight_is_409(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        # Every role reads every company today; a narrower matrix must still not duplicate one.
        monkeypatch.setitem(MATRIX["company"][Action.read], Role.sales, Scope.own)
        w = await convert_world(session, settings)
        await create_company(session, w.org, owner=w.sales.owner, domain="acme.example")
        lead = await create_lead(session, w.org, owner=w.seller, email="ada@acme.example")
        before = await written(session, w.org)

        response = await convert(client, w.seller, lead)

        assert response.status_code == 409, response.text
        assert "cannot see" in response.json()["error"]["message"]
        assert await written(session, w.org) == before

    async def test_a_role_that_may_not_create_deals_is_403_naming_them(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.setitem(MATRIX["deal"][Action.create], Role.sales, Scope.none)
        w = await convert_world(session, settings)
        lead = await create_lead(session, w.org, owner=w.seller, company_name="Acme")
        before = await written(session, w.org)

        response = await convert(client, w.seller, lead, {"deal": {}})

        assert response.status_code == 403, response.text
        assert "may not create deals" in response.json()["error"]["message"]
        assert await written(session, w.org) == before

    async def test_support_may_not_convert_and_sales_only_their_own_leads(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        support = await create_member(session, settings, w.org, "support")
        colleague = await create_lead(session, w.org, owner=w.sales.owner, email=GMAIL)
        before = await written(session, w.org)

        assert (await convert(client, support, colleague)).status_code == 403
        assert (await convert(client, w.seller, colleague)).status_code == 404
        assert await written(session, w.org) == before

    async def test_without_if_match_428_and_with_a_stale_one_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        lead = await create_lead(session, w.org, owner=w.seller, email=GMAIL)
        before = await written(session, w.org)

        missing = await convert(client, w.seller, lead, if_match=False)
        stale = await convert(client, w.seller, lead, version=lead.version + 1)

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert await written(session, w.org) == before
        stored = await reload(session, Lead, Lead.id == lead.id)
        assert stored.status != "converted"

    async def test_a_lead_of_another_organization_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        foreign = await create_lead(session, await create_org(session), email=GMAIL)

        response = await convert(client, w.sales.owner, foreign)

        assert response.status_code == 404
        assert await session.scalar(select(Contact).where(Contact.org_id == w.org.id)) is None

    async def test_a_required_contact_field_the_lead_cannot_fill_is_422_at_the_contact(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        w = await convert_world(session, settings)
        await create_custom_field(
            session, w.org, "region", "text", record_kind="contact", required=True
        )
        lead = await create_lead(session, w.org, owner=w.seller, company_name="Acme")
        before = await written(session, w.org)

        response = await convert(client, w.seller, lead)

        assert response.status_code == 422, response.text
        assert loc(response) == ["body", "contact", "custom", "region"]
        assert response.json()["error"]["message"].startswith("The new contact:")
        assert await written(session, w.org) == before
