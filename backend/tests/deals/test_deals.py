from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Deal, DealContact
from heron.models.base import utcnow
from tests.helpers.deals import (
    DEALS,
    add_pipeline,
    create_company,
    create_contact,
    deal_url,
    post_deal,
    sales_org,
    stage_changes,
    stored_deal,
)
from tests.helpers.factories import create_org
from tests.helpers.orgs import count, events_of, if_match

pytestmark = pytest.mark.anyio


class TestCreateDeal:
    async def test_defaults_to_the_default_pipeline_its_first_open_stage_and_currency(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        # A later pipeline is not the default: new deals do not go there.
        await add_pipeline(session, world.org, currency="USD", position=1)

        deal = await post_deal(client, world.owner, name="Acme: 40 seats", amount="1000.5")

        prospect = world.stage("Prospect")
        assert deal["pipeline_id"] == str(world.pipeline.id)
        assert deal["stage"] == {"id": str(prospect.id), "name": "Prospect", "kind": "open"}
        assert (deal["currency"], deal["amount"], deal["status"]) == ("EUR", "1000.50", "open")
        assert (deal["probability"], deal["probability_overridden"]) == (10, False)
        assert deal["weighted_amount"] == "100.05"
        assert deal["closed_at"] is None and deal["is_stale"] is False
        assert deal["owner"]["id"] == str(world.owner.user.id)
        assert await stage_changes(session, deal["id"]) == []
        [event] = await events_of(session, world.org, "deal.created")
        assert event.changes["stage_id"] == str(prospect.id)

    async def test_new_deals_go_to_the_end_of_their_column(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)

        first = await post_deal(client, world.owner)
        second = await post_deal(client, world.owner)
        elsewhere = await post_deal(client, world.owner, stage_id=str(world.stage("Proposal").id))

        assert (first["position"], second["position"], elsewhere["position"]) == (
            1024.0,
            2048.0,
            1024.0,
        )

    async def test_a_stage_of_another_pipeline_is_422_and_writes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        _, other_stages = await add_pipeline(session, world.org, name="Renewals")

        response = await client.post(
            DEALS,
            json={"name": "Wrong column", "stage_id": str(other_stages[0].id)},
            headers=world.owner.headers,
        )

        assert response.status_code == 422, response.text
        [detail] = response.json()["error"]["details"]
        assert detail["loc"] == ["body", "stage_id"]
        assert "another pipeline" in detail["msg"]
        assert await count(session, Deal, Deal.org_id == world.org.id) == 0

    async def test_a_stage_of_another_organization_is_422_like_an_unknown_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        _, foreign = await add_pipeline(session, await create_org(session), name="Secret pipe")

        answers = [
            await client.post(
                DEALS, json={"name": "X", "stage_id": stage_id}, headers=world.owner.headers
            )
            for stage_id in (str(foreign[0].id), str(uuid.uuid4()))
        ]

        assert [a.status_code for a in answers] == [422, 422]
        details = [a.json()["error"]["details"] for a in answers]
        assert details[0] == details[1]
        assert details[0][0]["loc"] == ["body", "stage_id"]
        assert "Secret" not in answers[0].text and foreign[0].name not in answers[0].text
        assert await count(session, Deal, Deal.org_id == world.org.id) == 0

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"amount": "10.1234567"}, ["body", "amount"]),
            ({"amount": "10", "currency": "XYZ"}, ["body", "currency"]),
            ({"probability": 101}, ["body", "probability"]),
        ],
    )
    async def test_bad_money_and_probability_are_422(
        self,
        body: dict[str, object],
        loc: list[str],
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        world = await sales_org(session, settings)

        response = await client.post(
            DEALS, json={"name": "Bad", **body}, headers=world.owner.headers
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == loc
        assert await count(session, Deal, Deal.org_id == world.org.id) == 0

    async def test_links_a_company_and_contacts_the_first_being_primary(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        acme = await create_company(session, world.org, "Acme")
        ada = await create_contact(session, world.org, "Ada", "Lovelace")
        alan = await create_contact(session, world.org, "Alan", "Turing")

        deal = await post_deal(
            client,
            world.owner,
            company_id=str(acme.id),
            contacts=[{"contact_id": str(ada.id)}, {"contact_id": str(alan.id)}],
        )

        assert deal["company"] == {"id": str(acme.id), "name": "Acme"}
        assert deal["contacts"] == [
            {"id": str(ada.id), "full_name": "Ada Lovelace", "primary": True},
            {"id": str(alan.id), "full_name": "Alan Turing", "primary": False},
        ]

    @pytest.mark.parametrize("problem", ["two_primaries", "foreign_contact", "foreign_company"])
    async def test_bad_links_are_422_and_write_nothing(
        self,
        problem: str,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        world = await sales_org(session, settings)
        other = await create_org(session)
        ada = await create_contact(session, world.org)
        alan = await create_contact(session, world.org, "Alan", "Turing")
        body: dict[str, object] = {
            "two_primaries": {
                "contacts": [
                    {"contact_id": str(ada.id), "primary": True},
                    {"contact_id": str(alan.id), "primary": True},
                ]
            },
            "foreign_contact": {
                "contacts": [{"contact_id": str((await create_contact(session, other)).id)}]
            },
            "foreign_company": {"company_id": str((await create_company(session, other)).id)},
        }[problem]

        response = await client.post(
            DEALS, json={"name": "Links", **body}, headers=world.owner.headers
        )

        assert response.status_code == 422, response.text
        assert await count(session, Deal, Deal.org_id == world.org.id) == 0
        assert await count(session, DealContact, DealContact.org_id == world.org.id) == 0


class TestStatus:
    async def test_follows_the_stage_kind_and_closed_at_is_set_then_cleared(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner)

        async def patch(version: int, **body: object) -> dict[str, object]:
            response = await client.patch(
                deal_url(deal["id"]),
                json=body,
                headers={**world.owner.headers, **if_match(version)},
            )
            assert response.status_code == 200, response.text
            data: dict[str, object] = response.json()["data"]
            return data

        lost = await patch(
            deal["version"], stage_id=str(world.stage("Lost").id), lost_reason="Too expensive"
        )
        assert (lost["status"], lost["lost_reason"]) == ("lost", "Too expensive")
        assert lost["closed_at"] is not None

        reopened = await patch(lost["version"], stage_id=str(world.stage("Proposal").id))
        assert (reopened["status"], reopened["closed_at"]) == ("open", None)
        assert reopened["lost_reason"] == "Too expensive"

    async def test_a_deal_made_in_a_won_stage_is_won_and_closed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)

        deal = await post_deal(client, world.owner, stage_id=str(world.stage("Won").id))

        assert deal["status"] == "won" and deal["closed_at"] is not None
        assert (deal["probability"], deal["is_stale"]) == (100, False)


class TestStageHistory:
    async def test_each_change_records_the_time_in_the_previous_stage(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner)
        row = await stored_deal(session, deal["id"])
        an_hour_ago = utcnow() - timedelta(hours=1)
        row.stage_entered_at = an_hour_ago
        await session.flush()
        proposal = world.stage("Proposal")

        response = await client.patch(
            deal_url(deal["id"]),
            json={"stage_id": str(proposal.id)},
            headers={**world.owner.headers, **if_match(row.version)},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["stage"]["id"] == str(proposal.id)
        assert data["position"] == 1024.0  # the end of its new column
        [change] = await stage_changes(session, deal["id"])
        assert (change.from_stage_id, change.to_stage_id) == (
            world.stage("Prospect").id,
            proposal.id,
        )
        assert change.seconds_in_previous is not None
        assert 3600 <= change.seconds_in_previous < 3660
        assert change.changed_by_id == world.owner.user.id
        [event] = await events_of(session, world.org, "deal.stage_changed")
        assert event.changes["from_stage"]["name"] == "Prospect"
        assert event.changes["to_stage"] == {"id": str(proposal.id), "name": "Proposal"}
        assert event.changes["seconds_in_previous"] == change.seconds_in_previous
        assert (await stored_deal(session, deal["id"])).stage_entered_at > an_hour_ago

    async def test_a_patch_without_a_new_stage_records_no_change(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner)

        response = await client.patch(
            deal_url(deal["id"]),
            json={"stage_id": deal["stage"]["id"], "name": "Renamed"},
            headers={**world.owner.headers, **if_match(deal["version"])},
        )

        assert response.status_code == 200, response.text
        assert await stage_changes(session, deal["id"]) == []

    async def test_patching_to_a_stage_of_another_pipeline_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        _, other = await add_pipeline(session, world.org, name="Renewals")
        deal = await post_deal(client, world.owner)

        response = await client.patch(
            deal_url(deal["id"]),
            json={"stage_id": str(other[0].id)},
            headers={**world.owner.headers, **if_match(deal["version"])},
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", "stage_id"]
        stored = await stored_deal(session, deal["id"])
        assert (stored.stage_id, stored.version) == (world.stage("Prospect").id, deal["version"])

    async def test_changing_pipeline_puts_the_deal_in_its_first_open_stage(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        renewals, stages = await add_pipeline(session, world.org, name="Renewals")
        deal = await post_deal(client, world.owner)

        response = await client.patch(
            deal_url(deal["id"]),
            json={"pipeline_id": str(renewals.id)},
            headers={**world.owner.headers, **if_match(deal["version"])},
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["pipeline_id"], data["stage"]["id"]) == (str(renewals.id), str(stages[0].id))
        assert len(await stage_changes(session, deal["id"])) == 1


class TestProbability:
    async def test_an_own_probability_overrides_the_stage_until_cleared(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner, amount="2000", probability=80)
        assert (deal["probability"], deal["probability_overridden"]) == (80, True)
        assert deal["weighted_amount"] == "1600.00"

        response = await client.patch(
            deal_url(deal["id"]),
            json={"probability": None},
            headers={**world.owner.headers, **if_match(deal["version"])},
        )

        data = response.json()["data"]
        assert (data["probability"], data["probability_overridden"]) == (10, False)
        assert data["weighted_amount"] == "200.00"
