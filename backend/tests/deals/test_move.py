from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Deal
from tests.helpers.deals import (
    SalesOrg,
    add_pipeline,
    move_url,
    post_deal,
    sales_org,
    stage_changes,
    stored_deal,
)
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.orgs import events_of, if_match

pytestmark = pytest.mark.anyio


async def _move(
    client: httpx.AsyncClient, member: Member, deal: dict[str, Any], **body: Any
) -> httpx.Response:
    body = {k: str(v) for k, v in body.items()}
    return await client.post(
        move_url(deal["id"]), json=body, headers={**member.headers, **if_match(deal["version"])}
    )


async def _column(session: AsyncSession, world: SalesOrg, stage: str) -> list[Deal]:
    """The cards of a column as stored now, in board order."""
    rows = await session.scalars(
        select(Deal)
        .where(Deal.stage_id == world.stage(stage).id)
        .order_by(Deal.position, Deal.id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


class TestMoveDeal:
    async def test_between_two_cards_of_another_column(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        proposal = world.stage("Proposal")
        first = await post_deal(client, world.owner, stage_id=str(proposal.id))
        second = await post_deal(client, world.owner, stage_id=str(proposal.id))
        deal = await post_deal(client, world.owner)

        response = await _move(
            client, world.owner, deal, stage_id=proposal.id, after_id=first["id"]
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["stage"]["id"] == str(proposal.id)
        assert first["position"] < data["position"] < second["position"]
        assert response.headers["ETag"] == f'"{data["version"]}"'
        column = [str(d.id) for d in await _column(session, world, "Proposal")]
        assert column == [first["id"], data["id"], second["id"]]
        [change] = await stage_changes(session, deal["id"])
        assert change.to_stage_id == proposal.id
        assert len(await events_of(session, world.org, "deal.stage_changed")) == 1

    async def test_within_its_column_before_a_card(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        a, b, c = [await post_deal(client, world.owner) for _ in range(3)]

        response = await _move(
            client, world.owner, c, stage_id=world.stage("Prospect").id, before_id=b["id"]
        )

        assert response.status_code == 200, response.text
        assert a["position"] < response.json()["data"]["position"] < b["position"]
        column = [str(d.id) for d in await _column(session, world, "Prospect")]
        assert column == [a["id"], c["id"], b["id"]]
        assert await stage_changes(session, c["id"]) == []

    async def test_before_the_first_card_and_to_the_end_of_a_column(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        a, b = [await post_deal(client, world.owner) for _ in range(2)]
        won = world.stage("Won")

        to_front = await _move(
            client, world.owner, b, stage_id=world.stage("Prospect").id, before_id=a["id"]
        )
        to_won = await _move(client, world.owner, a, stage_id=won.id)

        assert to_front.json()["data"]["position"] < a["position"]
        moved = to_won.json()["data"]
        assert (moved["stage"]["id"], moved["status"], moved["position"]) == (
            str(won.id),
            "won",
            1024.0,
        )
        assert moved["closed_at"] is not None

    async def test_renumbers_the_column_when_the_gap_is_exhausted(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        a, b, c, moving = [await post_deal(client, world.owner) for _ in range(4)]
        for deal_id, position in ((a["id"], 1.0), (b["id"], 1.0 + 1e-7), (c["id"], 5.0)):
            (await stored_deal(session, deal_id)).position = position
        await session.flush()
        versions = {d["id"]: (await stored_deal(session, d["id"])).version for d in (a, b, c)}

        response = await _move(
            client, world.owner, moving, stage_id=world.stage("Prospect").id, after_id=a["id"]
        )

        assert response.status_code == 200, response.text
        column = await _column(session, world, "Prospect")
        assert [str(d.id) for d in column] == [a["id"], moving["id"], b["id"], c["id"]]
        positions = [d.position for d in column]
        assert positions == sorted(set(positions))  # strictly increasing again
        assert min(q - p for p, q in itertools.pairwise(positions)) >= 512
        # Card order is the board's: the renumbered deals keep their versions.
        assert {str(d.id): d.version for d in column if str(d.id) != moving["id"]} == versions

    async def test_a_card_of_another_pipeline_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        renewals, _ = await add_pipeline(session, world.org, name="Renewals")
        there = await post_deal(client, world.owner, pipeline_id=str(renewals.id))
        deal = await post_deal(client, world.owner)

        response = await _move(
            client, world.owner, deal, stage_id=world.stage("Proposal").id, after_id=there["id"]
        )

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", "after_id"]
        stored = await stored_deal(session, deal["id"])
        assert (stored.stage_id, stored.version) == (world.stage("Prospect").id, deal["version"])

    async def test_a_stage_of_another_pipeline_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        _, stages = await add_pipeline(session, world.org, name="Renewals")
        deal = await post_deal(client, world.owner)

        response = await _move(client, world.owner, deal, stage_id=stages[1].id)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["body", "stage_id"]
        assert await stage_changes(session, deal["id"]) == []

    async def test_a_deal_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner)
        stranger = await create_member(session, settings, await create_org(session), "owner")

        response = await _move(client, stranger, deal, stage_id=world.stage("Won").id)

        assert response.status_code == 404, response.text
        assert (await stored_deal(session, deal["id"])).version == deal["version"]

    async def test_needs_a_current_if_match(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        deal = await post_deal(client, world.owner)
        body = {"stage_id": str(world.stage("Won").id)}

        missing = await client.post(move_url(deal["id"]), json=body, headers=world.owner.headers)
        stale = await client.post(
            move_url(deal["id"]),
            json=body,
            headers={**world.owner.headers, **if_match(deal["version"] + 1)},
        )

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert stale.json()["error"]["details"][0]["current"]["id"] == deal["id"]
        assert (await stored_deal(session, deal["id"])).status == "open"

    async def test_sales_cannot_move_a_colleagues_deal(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        seller = await create_member(session, settings, world.org, "sales")
        deal = await post_deal(client, world.owner)

        response = await _move(client, seller, deal, stage_id=world.stage("Won").id)

        assert response.status_code == 404, response.text
