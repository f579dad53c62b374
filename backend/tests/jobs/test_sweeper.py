"""The sweeper: running jobs whose lease lapsed (their worker died) are queued again, or failed
once they have been started too often; jobs with a live lease are left alone. On PostgreSQL it
runs as the application's role, under row-level security."""

from __future__ import annotations

import time
import uuid

import pytest
from huey import Huey
from huey.storage import MemoryStorage
from sqlalchemy.ext.asyncio import AsyncSession

from heron import worker
from heron.config import Environment, Settings
from heron.db import Database
from heron.jobs.lease import lease_key
from heron.jobs.sweeper import sweep
from heron.models import Job
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.jobs import KIND, job_row, make_tags

pytestmark = pytest.mark.anyio


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Huey:
    """The process queue, in memory and not immediate: re-queued jobs wait there."""
    monkeypatch.setattr(worker.huey, "_immediate", False)
    monkeypatch.setattr(worker.huey, "storage", MemoryStorage(f"sweep-{uuid.uuid4().hex[:6]}"))
    return worker.huey


@pytest.fixture
def development(settings: Settings, queue: Huey) -> Settings:
    return settings.model_copy(update={"env": Environment.development})


async def _running(session: AsyncSession, member: Member, attempts: int) -> Job:
    job = Job(
        org_id=member.org.id, kind=KIND, state="running", params={"prefix": "x", "count": 1},
        progress_done=0, created_by_id=member.user.id, attempts=attempts,
    )  # fmt: skip
    session.add(job)
    await session.flush()
    return job


@pytest.fixture
async def member(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "sales")


class TestSweep:
    async def test_a_job_whose_worker_died_is_queued_again(
        self,
        db: Database,
        session: AsyncSession,
        development: Settings,
        queue: Huey,
        member: Member,
    ) -> None:
        job = await _running(session, member, attempts=1)

        swept = await sweep(db, development, queue)

        assert job.id in swept.requeued
        assert (await job_row(session, job.id)).state == "queued"
        [message] = queue.pending()
        assert message.args == (str(job.id),)
        assert message.name == make_tags.task.name

    async def test_a_job_with_a_live_lease_is_left_alone(
        self,
        db: Database,
        session: AsyncSession,
        development: Settings,
        queue: Huey,
        member: Member,
    ) -> None:
        job = await _running(session, member, attempts=1)
        queue.storage.put_data(lease_key(job.id), str(time.time() + 60).encode())

        swept = await sweep(db, development, queue)

        assert job.id not in swept.requeued
        assert (await job_row(session, job.id)).state == "running"
        assert queue.pending_count() == 0

    async def test_a_job_that_keeps_losing_its_worker_is_failed(
        self,
        db: Database,
        session: AsyncSession,
        development: Settings,
        queue: Huey,
        member: Member,
    ) -> None:
        job = await _running(session, member, attempts=make_tags.max_attempts)

        swept = await sweep(db, development, queue)

        assert job.id in swept.failed
        stored = await job_row(session, job.id)
        assert stored.state == "failed"
        assert stored.error is not None and stored.error["code"] == "worker_lost"
        assert stored.finished_at is not None
        assert queue.pending_count() == 0
