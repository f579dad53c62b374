"""The reading API other domains (deals) use: always inside the caller's organization."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.subject import ActorType, Subject
from heron.models import Organization
from heron.pipelines.repository import PipelineRepository
from tests.helpers.factories import create_org
from tests.helpers.pipelines import create_pipeline

pytestmark = pytest.mark.anyio


def _repo(session: AsyncSession, org: Organization) -> PipelineRepository:
    subject = Subject(actor_type=ActorType.system, org_id=org.id, role="owner")
    return PipelineRepository(session, subject)


class TestReadingApi:
    async def test_finds_the_organizations_own_stages_and_default(
        self, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        default, [open_, won, _lost] = await create_pipeline(session, org, is_default=True)
        await create_pipeline(session, org)
        won.position, open_.position = 0, 1  # the first open stage is not the first stage
        await session.flush()
        repo = _repo(session, org)

        assert await repo.get_stage(open_.id) is open_
        assert [s.name for s in await repo.stages_of(default.id)] == ["Won", "Open", "Lost"]
        assert await repo.default_pipeline() is default
        assert await repo.first_open_stage(default.id) is open_

    async def test_sees_nothing_of_another_organization(self, session: AsyncSession) -> None:
        org = await create_org(session)
        theirs, stages = await create_pipeline(session, await create_org(session), is_default=True)
        repo = _repo(session, org)

        assert await repo.get_stage(stages[0].id) is None
        assert await repo.stages_of(theirs.id) == []
        assert await repo.default_pipeline() is None
        assert await repo.first_open_stage(theirs.id) is None

    async def test_a_pipeline_without_open_stage_has_no_first_open_stage(
        self, session: AsyncSession
    ) -> None:
        org = await create_org(session)
        pipeline, [first, *_] = await create_pipeline(session, org)
        first.kind = "won"
        await session.flush()

        assert await _repo(session, org).first_open_stage(pipeline.id) is None
