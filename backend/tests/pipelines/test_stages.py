from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models.pipeline import Stage
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match, reload
from tests.helpers.pipelines import (
    board,
    create_deal,
    create_pipeline,
    stage_url,
    stages_url,
)

pytestmark = pytest.mark.anyio


class TestAddStage:
    async def test_goes_last_by_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        pipeline, _ = await create_pipeline(session, org)
        body = {"name": "Parked", "probability": 5, "rotting_days": 30}

        response = await client.post(stages_url(pipeline.id), json=body, headers=admin.headers)

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert (data["name"], data["position"], data["kind"], data["rotting_days"]) == (
            "Parked",
            3,
            "open",
            30,
        )
        assert await board(session, pipeline.id) == [
            ("Open", 0),
            ("Won", 1),
            ("Lost", 2),
            ("Parked", 3),
        ]
        [event] = await events_of(session, org, "stage.created")
        assert (event.entity, str(event.entity_id)) == ("stage", data["id"])

    async def test_at_a_position_moves_the_later_stages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org)

        response = await client.post(
            stages_url(pipeline.id), json={"name": "Demo", "position": 1}, headers=owner.headers
        )

        assert response.status_code == 201, response.text
        assert await board(session, pipeline.id) == [
            ("Open", 0),
            ("Demo", 1),
            ("Won", 2),
            ("Lost", 3),
        ]

    async def test_a_name_used_in_the_pipeline_is_a_conflict_but_not_in_another(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org, stages=("Open", "Won", "Lost"))
        other, _ = await create_pipeline(session, org, stages=("Demo",))

        taken = await client.post(
            stages_url(pipeline.id), json={"name": "won"}, headers=owner.headers
        )
        free = await client.post(stages_url(other.id), json={"name": "Won"}, headers=owner.headers)

        assert taken.status_code == 409
        assert free.status_code == 201
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3

    async def test_a_probability_above_100_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org)

        response = await client.post(
            stages_url(pipeline.id),
            json={"name": "Sure", "probability": 120},
            headers=owner.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "probability"]
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, _ = await create_pipeline(session, org)

        response = await client.post(
            stages_url(pipeline.id), json={"name": "Mine"}, headers=sales.headers
        )

        assert response.status_code == 403
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3


class TestUpdateStage:
    async def test_changes_name_probability_kind_and_rotting_days(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        body = {"name": "Signed", "probability": 90, "kind": "won", "rotting_days": 7}

        response = await client.patch(
            stage_url(pipeline.id, stages[0].id), json=body, headers=owner.headers | if_match(1)
        )

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        stored = await reload(session, Stage, Stage.id == stages[0].id)
        assert (stored.name, stored.probability, stored.kind, stored.rotting_days) == (
            "Signed",
            90,
            "won",
            7,
        )
        [event] = await events_of(session, org, "stage.updated")
        assert event.changes["kind"] == {"before": "open", "after": "won"}

    async def test_rotting_days_can_be_cleared_but_the_name_cannot(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        stages[0].rotting_days = 10
        await session.flush()
        url = stage_url(pipeline.id, stages[0].id)

        cleared = await client.patch(
            url, json={"rotting_days": None}, headers=owner.headers | if_match(2)
        )
        nulled = await client.patch(url, json={"name": None}, headers=owner.headers | if_match(3))

        assert cleared.status_code == 200, cleared.text
        assert cleared.json()["data"]["rotting_days"] is None
        assert nulled.status_code == 422

    async def test_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        url = stage_url(pipeline.id, stages[0].id)

        missing = await client.patch(url, json={"probability": 50}, headers=owner.headers)
        stale = await client.patch(
            url, json={"probability": 50}, headers=owner.headers | if_match(4)
        )

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert stale.json()["error"]["details"][0]["current"]["name"] == "Open"
        assert (await reload(session, Stage, Stage.id == stages[0].id)).probability == 0

    async def test_a_stage_of_another_pipeline_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org)
        _, others = await create_pipeline(session, org)
        url = stage_url(pipeline.id, others[0].id)

        got = await client.get(url, headers=owner.headers)
        changed = await client.patch(
            url, json={"probability": 5}, headers=owner.headers | if_match(1)
        )
        deleted = await client.delete(url, headers=owner.headers | if_match(1))

        assert (got.status_code, changed.status_code, deleted.status_code) == (404, 404, 404)
        assert (await reload(session, Stage, Stage.id == others[0].id)).version == 1

    async def test_a_stage_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        mine, _ = await create_pipeline(session, org)
        theirs, their_stages = await create_pipeline(session, await create_org(session))

        for pipeline_id in (mine.id, theirs.id):
            url = stage_url(pipeline_id, their_stages[0].id)
            response = await client.patch(
                url, json={"name": "Mine"}, headers=owner.headers | if_match(1)
            )
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"
        assert (await reload(session, Stage, Stage.id == their_stages[0].id)).name == "Open"

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, stages = await create_pipeline(session, org)

        response = await client.patch(
            stage_url(pipeline.id, stages[0].id),
            json={"probability": 99},
            headers=sales.headers | if_match(1),
        )

        assert response.status_code == 403
        assert (await reload(session, Stage, Stage.id == stages[0].id)).probability == 0


class TestDeleteStage:
    async def test_deletes_it_and_closes_the_gap(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)

        response = await client.delete(
            stage_url(pipeline.id, stages[1].id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 204, response.text
        assert await board(session, pipeline.id) == [("Open", 0), ("Lost", 1)]
        [event] = await events_of(session, org, "stage.deleted")
        assert event.entity_id == stages[1].id and event.changes["name"] == "Won"

    async def test_a_stage_with_deals_is_kept_with_a_clear_message(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        await create_deal(session, stages[0])
        await create_deal(session, stages[0])

        response = await client.delete(
            stage_url(pipeline.id, stages[0].id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        message = response.json()["error"]["message"]
        assert "Move its 2 deals to another stage first" in message
        assert "trash" not in message
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3
        assert await events_of(session, org, "stage.deleted") == []

    async def test_the_last_stage_is_kept(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, [only] = await create_pipeline(session, org, stages=("Only",))

        response = await client.delete(
            stage_url(pipeline.id, only.id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        assert "last" in response.json()["error"]["message"]
        assert await count(session, Stage, Stage.id == only.id) == 1

    async def test_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        url = stage_url(pipeline.id, stages[0].id)

        missing = await client.delete(url, headers=owner.headers)
        stale = await client.delete(url, headers=owner.headers | if_match(3))

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, stages = await create_pipeline(session, org)

        response = await client.delete(
            stage_url(pipeline.id, stages[0].id), headers=sales.headers | if_match(1)
        )

        assert response.status_code == 403
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3


class TestStageKindChange:
    async def test_the_deals_of_a_stage_follow_its_new_kind(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        from heron.models import Deal

        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        deal = await create_deal(session, stages[0])

        response = await client.patch(
            stage_url(pipeline.id, stages[0].id),
            json={"kind": "won"},
            headers={**owner.headers, **if_match(stages[0].version)},
        )

        assert response.status_code == 200, response.text
        stored = await session.get(Deal, deal.id)
        assert stored is not None
        await session.refresh(stored)
        assert (stored.status, stored.closed_at is not None, stored.version) == ("won", True, 2)
