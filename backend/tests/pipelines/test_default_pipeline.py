from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Organization
from heron.models.pipeline import Pipeline, Stage
from heron.seed.demo import seed_demo
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, events_of
from tests.helpers.pipelines import (
    PIPELINES,
    STANDARD_STAGES,
    stage_summary,
)

pytestmark = pytest.mark.anyio


class TestDefaultPipelineOfANewOrganization:
    async def test_an_organization_made_with_post_orgs_gets_the_sales_pipeline(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        me = await create_member(session, settings, await create_org(session))

        created = await client.post(
            "/api/v1/orgs", json={"name": "Second", "default_currency": "GBP"}, headers=me.headers
        )
        assert created.status_code == 201, created.text
        org_id = created.json()["data"]["id"]
        response = await client.get(PIPELINES, headers={**me.headers, "X-Heron-Org": org_id})

        assert response.status_code == 200, response.text
        [pipeline] = response.json()["data"]
        assert (pipeline["name"], pipeline["is_default"], pipeline["currency"]) == (
            "Sales pipeline",
            True,
            "GBP",
        )
        assert stage_summary(pipeline) == STANDARD_STAGES
        assert [s["position"] for s in pipeline["stages"]] == list(range(6))

    async def test_sign_up_gives_the_new_organization_its_default_pipeline(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        signup = {
            "email": "grace@example.com",
            "password": "a long enough password",
            "full_name": "Grace Hopper",
            "organization_name": "Compilers",
        }

        response = await client.post("/api/v1/auth/register", json=signup)

        assert response.status_code == 201, response.text
        org_id = response.json()["data"]["organization_id"]
        [pipeline] = await session.scalars(
            select(Pipeline).where(Pipeline.org_id == uuid.UUID(org_id))
        )
        assert pipeline.name == "Sales pipeline" and pipeline.is_default
        assert await count(session, Stage, Stage.pipeline_id == pipeline.id) == 6

    async def test_the_demo_organization_has_its_default_pipeline(
        self, session: AsyncSession
    ) -> None:
        login = await seed_demo(session, "a demo password long enough")

        pipelines = await session.scalars(
            select(Pipeline).where(Pipeline.org_id == uuid.UUID(login.org_id))
        )
        # The demo adds a second one, "Renewals"; the organization's own stays the default.
        assert {(p.name, p.is_default) for p in pipelines} == {
            ("Sales pipeline", True),
            ("Renewals", False),
        }

    async def test_its_creation_is_recorded_with_its_stages(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        me = await create_member(session, settings, await create_org(session))

        created = await client.post("/api/v1/orgs", json={"name": "Third"}, headers=me.headers)

        org = await session.get_one(Organization, uuid.UUID(created.json()["data"]["id"]))
        [event] = await events_of(session, org, "pipeline.created")
        assert event.actor_id == me.user.id
        assert [s["name"] for s in event.changes["stages"]] == [n for n, _, _ in STANDARD_STAGES]
