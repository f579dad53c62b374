from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import events_of
from tests.helpers.pipelines import (
    board,
    create_pipeline,
    order_url,
)

pytestmark = pytest.mark.anyio


class TestReorderStages:
    async def test_puts_the_stages_in_the_given_order(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        pipeline, [open_, won, lost] = await create_pipeline(session, org)
        order = [str(lost.id), str(open_.id), str(won.id)]

        response = await client.put(
            order_url(pipeline.id), json={"stage_ids": order}, headers=admin.headers
        )

        assert response.status_code == 200, response.text
        assert [s["id"] for s in response.json()["data"]["stages"]] == order
        assert [s["position"] for s in response.json()["data"]["stages"]] == [0, 1, 2]
        assert await board(session, pipeline.id) == [("Lost", 0), ("Open", 1), ("Won", 2)]
        [event] = await events_of(session, org, "stage.reordered")
        assert (event.entity, event.entity_id) == ("pipeline", pipeline.id)
        assert event.changes["stage_ids"]["after"] == order

    async def test_the_same_order_records_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)

        response = await client.put(
            order_url(pipeline.id),
            json={"stage_ids": [str(s.id) for s in stages]},
            headers=owner.headers,
        )

        assert response.status_code == 200, response.text
        assert await events_of(session, org, "stage.reordered") == []

    @pytest.mark.parametrize(
        ("case", "problem"),
        [
            ("missing", "missing"),
            ("repeated", "more than once"),
            ("foreign", "not stages of this pipeline"),
            ("unknown", "not stages of this pipeline"),
            ("empty", None),
        ],
    )
    async def test_a_list_that_is_not_exactly_the_pipelines_stages_is_422(
        self,
        case: str,
        problem: str | None,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, [a, b, c] = await create_pipeline(session, org)
        _, [other, *_] = await create_pipeline(session, org)
        ids = {
            "missing": [c.id, a.id],
            "repeated": [c.id, b.id, a.id, a.id],
            "foreign": [c.id, b.id, a.id, other.id],
            "unknown": [c.id, b.id, uuid.uuid4()],
            "empty": [],
        }[case]

        response = await client.put(
            order_url(pipeline.id), json={"stage_ids": [str(i) for i in ids]}, headers=owner.headers
        )

        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["details"][0]["loc"][:2] == ["body", "stage_ids"]
        if problem is not None:
            assert problem in error["message"]
        assert await board(session, pipeline.id) == [("Open", 0), ("Won", 1), ("Lost", 2)]

    async def test_another_organizations_pipeline_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        theirs, stages = await create_pipeline(session, await create_org(session))

        response = await client.put(
            order_url(theirs.id),
            json={"stage_ids": [str(s.id) for s in reversed(stages)]},
            headers=owner.headers,
        )

        assert response.status_code == 404
        assert await board(session, theirs.id) == [("Open", 0), ("Won", 1), ("Lost", 2)]

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, stages = await create_pipeline(session, org)

        response = await client.put(
            order_url(pipeline.id),
            json={"stage_ids": [str(s.id) for s in reversed(stages)]},
            headers=sales.headers,
        )

        assert response.status_code == 403
        assert await board(session, pipeline.id) == [("Open", 0), ("Won", 1), ("Lost", 2)]
