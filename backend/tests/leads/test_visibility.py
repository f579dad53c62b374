"""Who sees and changes which leads: Sales their own, Managers their team's, Admins all; and
bulk changes, all or nothing."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Lead, Organization
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.leads import LEADS, create_lead, lead_url
from tests.helpers.orgs import create_team, events_of, if_match, reload

pytestmark = pytest.mark.anyio


async def listed_ids(client: httpx.AsyncClient, member: Member) -> tuple[set[str], int]:
    response = await client.get(LEADS, params={"count": "exact"}, headers=member.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    return {row["id"] for row in body["data"]}, body["meta"]["total"]


async def sales_team(
    session: AsyncSession, settings: Settings, org: Organization
) -> tuple[Member, Member, Member]:
    """A Manager, a Sales person in the team they manage, and a Sales person outside it."""
    manager = await create_member(session, settings, org, "manager")
    inside = await create_member(session, settings, org, "sales")
    outside = await create_member(session, settings, org, "sales")
    await create_team(session, org, manager_id=manager.user.id, members=[inside.user.id])
    return manager, inside, outside


class TestVisibility:
    async def test_sales_see_only_their_own_leads(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        _, sam, other = await sales_team(session, settings, org)
        mine = await create_lead(session, org, sam.user.id)
        theirs = await create_lead(session, org, other.user.id)

        ids, total = await listed_ids(client, sam)
        response = await client.get(lead_url(theirs.id), headers=sam.headers)

        assert (ids, total) == ({str(mine.id)}, 1)
        assert response.status_code == 404

    async def test_a_manager_sees_their_teams_leads_and_not_the_others(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager, inside, outside = await sales_team(session, settings, org)
        own = await create_lead(session, org, manager.user.id)
        team = await create_lead(session, org, inside.user.id)
        foreign = await create_lead(session, org, outside.user.id)

        ids, total = await listed_ids(client, manager)
        team_read = await client.get(lead_url(team.id), headers=manager.headers)
        foreign_read = await client.get(lead_url(foreign.id), headers=manager.headers)

        assert (ids, total) == ({str(own.id), str(team.id)}, 2)
        assert (team_read.status_code, foreign_read.status_code) == (200, 404)

    async def test_admins_and_viewers_see_every_lead(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        _, inside, outside = await sales_team(session, settings, org)
        leads = {
            str((await create_lead(session, org, person.user.id)).id)
            for person in (inside, outside)
        }
        admin = await create_member(session, settings, org, "admin")
        viewer = await create_member(session, settings, org, "viewer")

        assert await listed_ids(client, admin) == (leads, 2)
        assert await listed_ids(client, viewer) == (leads, 2)

    async def test_a_manager_changes_a_team_lead_but_not_one_outside_the_team(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager, inside, outside = await sales_team(session, settings, org)
        team = await create_lead(session, org, inside.user.id)
        foreign = await create_lead(session, org, outside.user.id)

        changed = await client.patch(
            lead_url(team.id), json={"score": 90}, headers={**manager.headers, **if_match(1)}
        )
        refused = await client.patch(
            lead_url(foreign.id), json={"score": 90}, headers={**manager.headers, **if_match(1)}
        )

        assert changed.status_code == 200, changed.text
        assert refused.status_code == 404
        assert (await reload(session, Lead, Lead.id == foreign.id)).score is None

    async def test_sales_cannot_give_a_lead_to_a_colleague(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        _, sam, other = await sales_team(session, settings, org)
        lead = await create_lead(session, org, sam.user.id)

        response = await client.patch(
            lead_url(lead.id),
            json={"owner_id": str(other.user.id)},
            headers={**sam.headers, **if_match(lead.version)},
        )

        assert response.status_code == 403
        assert (await reload(session, Lead, Lead.id == lead.id)).owner_id == sam.user.id

    async def test_support_has_no_lead_rights(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        support = await create_member(session, settings, org, "support")

        listed = await client.get(LEADS, headers=support.headers)
        created = await client.post(LEADS, json={"name": "Nope"}, headers=support.headers)

        assert (listed.status_code, created.status_code) == (403, 403)


class TestBulk:
    async def test_the_status_of_several_leads_changes_at_once(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        leads = [await create_lead(session, org, sales.user.id) for _ in range(3)]
        already = await create_lead(session, org, sales.user.id, status="qualified")

        response = await client.post(
            f"{LEADS}/bulk",
            json={
                "action": "update",
                "ids": [str(lead.id) for lead in (*leads, already)],
                "fields": {"status": "qualified", "score": 75},
            },
            headers=sales.headers,
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["count"] == 4
        assert [item["result"] for item in data["items"]] == ["updated"] * 4
        for lead in (*leads, already):
            stored = await reload(session, Lead, Lead.id == lead.id)
            assert (stored.status, stored.score) == ("qualified", 75)
        assert len(await events_of(session, org, "lead.updated")) == 4

    async def test_a_lead_outside_the_callers_sight_changes_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        _, sam, other = await sales_team(session, settings, org)
        mine = await create_lead(session, org, sam.user.id)
        theirs = await create_lead(session, org, other.user.id)

        response = await client.post(
            f"{LEADS}/bulk",
            json={
                "action": "update",
                "ids": [str(mine.id), str(theirs.id)],
                "fields": {"status": "contacted"},
            },
            headers=sam.headers,
        )

        assert response.status_code == 404
        assert str(theirs.id) in response.json()["error"]["message"]
        for lead in (mine, theirs):
            assert (await reload(session, Lead, Lead.id == lead.id)).status == "new"

    @pytest.mark.parametrize(
        ("fields", "loc"),
        [
            ({"status": "converted"}, ["body", "fields", "status"]),
            ({"score": 200}, ["body", "fields", "score"]),
            ({"name": "Everyone"}, ["body", "fields", "name"]),
        ],
    )
    async def test_a_bad_or_forbidden_field_is_422_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        fields: dict[str, object],
        loc: list[str],
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        lead = await create_lead(session, org, owner.user.id)

        response = await client.post(
            f"{LEADS}/bulk",
            json={"action": "update", "ids": [str(lead.id)], "fields": fields},
            headers=owner.headers,
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == loc
        stored = await reload(session, Lead, Lead.id == lead.id)
        assert (stored.name, stored.status, stored.score) == (lead.name, "new", None)

    async def test_bulk_by_filter_reaches_only_matching_visible_leads(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        _, sam, other = await sales_team(session, settings, org)
        fair = await create_lead(session, org, sam.user.id, source="fair")
        web = await create_lead(session, org, sam.user.id, source="web")
        theirs = await create_lead(session, org, other.user.id, source="fair")

        response = await client.post(
            f"{LEADS}/bulk",
            json={
                "action": "update",
                "filter": {
                    "op": "and",
                    "conditions": [{"field": "source", "op": "eq", "value": "fair"}],
                },
                "fields": {"score": 10},
            },
            headers=sam.headers,
        )

        assert response.status_code == 200, response.text
        assert [item["id"] for item in response.json()["data"]["items"]] == [str(fair.id)]
        scores = [
            (await reload(session, Lead, Lead.id == lead.id)).score for lead in (fair, web, theirs)
        ]
        assert scores == [10, None, None]
