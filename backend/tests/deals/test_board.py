from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import SavedView
from heron.models.base import utcnow
from tests.helpers.deals import (
    BOARD,
    DEALS,
    add_pipeline,
    column_url,
    create_contact,
    post_deal,
    sales_org,
    stored_deal,
)
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio


async def _board(
    client: httpx.AsyncClient, member: Member, **params: Any
) -> dict[str, dict[str, Any]]:
    """The board's columns by stage name."""
    response = await client.get(BOARD, params=params, headers=member.headers)
    assert response.status_code == 200, response.text
    return {c["stage"]["name"]: c for c in response.json()["data"]["columns"]}


class TestBoard:
    async def test_counts_and_sums_per_stage_in_stage_order(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        proposal = str(world.stage("Proposal").id)
        await post_deal(client, world.owner, amount="1000")
        await post_deal(client, world.owner, amount="500.2")
        await post_deal(client, world.owner, amount="2000", stage_id=proposal, probability=80)
        await post_deal(client, world.owner, amount="300", stage_id=proposal, currency="USD")
        await post_deal(client, world.owner, stage_id=proposal)  # no amount

        response = await client.get(BOARD, headers=world.owner.headers)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["pipeline_id"], data["currency"]) == (str(world.pipeline.id), "EUR")
        assert [c["stage"]["name"] for c in data["columns"]] == [
            "Prospect",
            "Proposal",
            "Won",
            "Lost",
        ]
        prospect, proposal_column, won, _ = data["columns"]
        assert prospect["stage"]["probability"] == 10 and prospect["stage"]["kind"] == "open"
        assert (prospect["count"], prospect["amount_sum"], prospect["weighted_sum"]) == (
            2, "1500.20", "150.02",
        )  # fmt: skip
        # 2000 x 80% (its own probability) + 300 x 50% (the stage's), the USD one counted apart.
        assert (proposal_column["count"], proposal_column["amount_sum"]) == (3, "2300.00")
        assert proposal_column["weighted_sum"] == "1750.00"
        assert proposal_column["other_currency_count"] == 1
        assert (won["count"], won["amount_sum"], won["cards"], won["next_cursor"]) == (
            0, "0.00", [], None,
        )  # fmt: skip
        assert [c["amount"] for c in prospect["cards"]] == ["1000.00", "500.20"]

    async def test_shows_the_first_cards_and_pages_each_column(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        made = [await post_deal(client, world.owner) for _ in range(5)]
        await post_deal(client, world.owner, stage_id=str(world.stage("Won").id))

        columns = await _board(client, world.owner, limit=2)

        prospect = columns["Prospect"]
        assert prospect["count"] == 5
        assert [c["id"] for c in prospect["cards"]] == [d["id"] for d in made[:2]]
        assert columns["Won"]["next_cursor"] is None and len(columns["Won"]["cards"]) == 1
        seen, cursor = [], prospect["next_cursor"]
        while cursor:
            page = await client.get(
                column_url(world.stage("Prospect").id),
                params={"cursor": cursor, "limit": 2},
                headers=world.owner.headers,
            )
            assert page.status_code == 200, page.text
            seen += [c["id"] for c in page.json()["data"]]
            cursor = page.json()["meta"]["next_cursor"]
        assert seen == [d["id"] for d in made[2:]]

    async def test_sales_see_only_their_own_deals_and_counts(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        seller = await create_member(session, settings, world.org, "sales")
        mine = await post_deal(client, seller, amount="100")
        await post_deal(client, world.owner, amount="900")

        columns = await _board(client, seller)

        prospect = columns["Prospect"]
        assert (prospect["count"], prospect["amount_sum"]) == (1, "100.00")
        assert [c["id"] for c in prospect["cards"]] == [mine["id"]]
        page = await client.get(column_url(world.stage("Prospect").id), headers=seller.headers)
        assert [c["id"] for c in page.json()["data"]] == [mine["id"]]

    async def test_filters_and_search_narrow_the_board(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        big = await post_deal(client, world.owner, name="Globex renewal", amount="5000")
        await post_deal(client, world.owner, name="Initech pilot", amount="50")

        by_amount = await _board(client, world.owner, **{"filter[amount][gte]": "1000"})
        by_search = await _board(client, world.owner, q="globex")

        for columns in (by_amount, by_search):
            assert columns["Prospect"]["count"] == 1
            assert [c["id"] for c in columns["Prospect"]["cards"]] == [big["id"]]

    async def test_a_saved_view_and_the_contact_filter_narrow_the_board(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        ada = await create_contact(session, world.org)
        big = await post_deal(
            client, world.owner, amount="5000", contacts=[{"contact_id": str(ada.id)}]
        )
        await post_deal(client, world.owner, amount="7000")
        await post_deal(client, world.owner, amount="50", contacts=[{"contact_id": str(ada.id)}])
        view = SavedView(
            org_id=world.org.id, record_kind="deal", name="Big deals", owner_id=world.owner.user.id,
            filters={"op": "and", "conditions": [{"field": "amount", "op": "gte", "value": 1000}]},
        )  # fmt: skip
        session.add(view)
        await session.flush()

        columns = await _board(
            client, world.owner, view=str(view.id), **{"filter[contact_id][eq]": str(ada.id)}
        )

        assert columns["Prospect"]["count"] == 1
        assert [c["id"] for c in columns["Prospect"]["cards"]] == [big["id"]]

    async def test_another_pipeline_or_its_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        renewals, _ = await add_pipeline(session, world.org, name="Renewals", currency="USD")
        await post_deal(client, world.owner, pipeline_id=str(renewals.id), amount="10")

        default = await _board(client, world.owner)
        other = await client.get(
            BOARD, params={"pipeline_id": str(renewals.id)}, headers=world.owner.headers
        )

        assert default["Prospect"]["count"] == 0
        assert other.json()["data"]["currency"] == "USD"
        assert other.json()["data"]["columns"][0]["count"] == 1

    async def test_another_organizations_pipeline_and_column_are_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        pipeline, stages = await add_pipeline(session, await create_org(session), name="Theirs")

        board = await client.get(
            BOARD, params={"pipeline_id": str(pipeline.id)}, headers=world.owner.headers
        )
        column = await client.get(column_url(stages[0].id), headers=world.owner.headers)

        assert (board.status_code, column.status_code) == (404, 404)
        assert "Theirs" not in board.text + column.text


class TestStaleDeals:
    async def test_open_deals_past_the_stage_rotting_days_are_stale(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        for stage in world.stages:
            stage.rotting_days = 3
        await session.flush()
        old = await post_deal(client, world.owner)
        fresh = await post_deal(client, world.owner)
        won = await post_deal(client, world.owner, stage_id=str(world.stage("Won").id))
        for deal in (old, won):
            (await stored_deal(session, deal["id"])).stage_entered_at = utcnow() - timedelta(days=4)
        await session.flush()

        columns = await _board(client, world.owner)

        stale = {c["id"]: c["is_stale"] for col in columns.values() for c in col["cards"]}
        assert stale == {old["id"]: True, fresh["id"]: False, won["id"]: False}


class TestListFilters:
    async def test_by_contact_and_by_amount_between(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        world = await sales_org(session, settings)
        ada = await create_contact(session, world.org)
        with_ada = await post_deal(
            client, world.owner, amount="150", contacts=[{"contact_id": str(ada.id)}]
        )
        mid = await post_deal(client, world.owner, amount="300")
        await post_deal(client, world.owner, amount="5000")

        async def ids(params: dict[str, str]) -> list[str]:
            response = await client.get(
                DEALS, params={**params, "sort": "amount"}, headers=world.owner.headers
            )
            assert response.status_code == 200, response.text
            return [d["id"] for d in response.json()["data"]]

        assert await ids({"filter[contact_id][eq]": str(ada.id)}) == [with_ada["id"]]
        assert await ids({"filter[amount][between]": "100,1000"}) == [with_ada["id"], mid["id"]]
        assert await ids({"filter[status][eq]": "won"}) == []
        bad = await client.get(
            DEALS, params={"filter[status][eq]": "maybe"}, headers=world.owner.headers
        )
        assert bad.status_code == 422
