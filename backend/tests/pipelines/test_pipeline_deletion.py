from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models.pipeline import Pipeline, Stage
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of, if_match
from tests.helpers.pipelines import (
    create_deal,
    create_pipeline,
    pipeline_url,
    stages_in_order,
)

pytestmark = pytest.mark.anyio


class TestDeletePipeline:
    async def test_deletes_a_pipeline_and_its_stages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_pipeline(session, org, is_default=True)
        pipeline, _ = await create_pipeline(session, org)

        response = await client.delete(
            pipeline_url(pipeline.id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 204, response.text
        assert await count(session, Pipeline, Pipeline.id == pipeline.id) == 0
        assert await stages_in_order(session, pipeline.id) == []
        [event] = await events_of(session, org, "pipeline.deleted")
        assert event.entity_id == pipeline.id and len(event.changes["stage_ids"]) == 3

    async def test_the_default_pipeline_is_kept(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org, is_default=True)

        response = await client.delete(
            pipeline_url(pipeline.id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        assert "default" in response.json()["error"]["message"]
        assert await count(session, Pipeline, Pipeline.id == pipeline.id) == 1

    async def test_a_pipeline_with_deals_even_deleted_ones_is_kept(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, stages = await create_pipeline(session, org)
        await create_deal(session, stages[0], deleted_at=pipeline.created_at)

        response = await client.delete(
            pipeline_url(pipeline.id), headers=owner.headers | if_match(1)
        )

        assert response.status_code == 409
        message = response.json()["error"]["message"]
        assert "Move its 1 deal to another pipeline first" in message
        assert "trash" in message
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3

    async def test_without_if_match_is_428_and_stale_is_412(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        pipeline, _ = await create_pipeline(session, org)

        missing = await client.delete(pipeline_url(pipeline.id), headers=owner.headers)
        stale = await client.delete(pipeline_url(pipeline.id), headers=owner.headers | if_match(2))

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert await count(session, Pipeline, Pipeline.id == pipeline.id) == 1

    async def test_sales_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        pipeline, _ = await create_pipeline(session, org)

        response = await client.delete(
            pipeline_url(pipeline.id), headers=sales.headers | if_match(1)
        )

        assert response.status_code == 403
        assert await count(session, Pipeline, Pipeline.id == pipeline.id) == 1
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 3
