"""Starting a job from a transaction and running it (in the test environment jobs run at once,
in the request that started them, after its commit)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.jobs.service import JobService
from heron.kit import tenancy
from heron.kit.subject import ActorType, Subject
from heron.live.bus import bus_for
from heron.models import Job, Membership
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.jobs import job_row, make_tags, tags_made

pytestmark = pytest.mark.anyio


class Boom(Exception):
    pass


def _subject(member: Member) -> Subject:
    return Subject(
        actor_type=ActorType.user,
        org_id=member.org.id,
        role=member.role,
        user_id=member.user.id,
    )


async def _start(
    db: Database, settings: Settings, member: Member, *, rollback: bool = False, **params: object
) -> uuid.UUID:
    async with db.transaction() as tx:
        await tenancy.enter(tx.session, member.org.id, member.user.id)
        job = await JobService(tx, settings, _subject(member)).start(make_tags, params)
        job_id = job.id
        if rollback:
            raise Boom
    return job_id


@pytest.fixture
async def member(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "sales")


class TestStart:
    async def test_a_committed_job_runs_and_records_its_outcome(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        prefix = f"ok-{uuid.uuid4().hex[:8]}"

        job_id = await _start(db, settings, member, prefix=prefix, count=5)

        job = await job_row(session, job_id)
        assert job.state == "succeeded"
        assert job.kind == "test.tags"
        assert job.org_id == member.org.id
        assert job.created_by_id == member.user.id
        assert (job.progress_done, job.progress_total) == (5, 5)
        assert job.attempts == 1
        assert job.result == {"made": 5, "by": str(member.user.id)}
        assert job.error is None
        assert job.started_at is not None and job.finished_at is not None
        assert job.created_at <= job.started_at <= job.finished_at
        assert await tags_made(session, prefix) == 5

    async def test_a_rolled_back_request_starts_nothing(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        prefix = f"rb-{uuid.uuid4().hex[:8]}"

        with pytest.raises(Boom):
            await _start(db, settings, member, rollback=True, prefix=prefix, count=2)

        jobs = await session.scalars(select(Job).where(Job.org_id == member.org.id))
        assert list(jobs) == []
        assert await tags_made(session, prefix) == 0

    async def test_params_must_be_plain_json(
        self, db: Database, settings: Settings, member: Member
    ) -> None:
        async with db.transaction() as tx:
            await tenancy.enter(tx.session, member.org.id, member.user.id)
            service = JobService(tx, settings, _subject(member))
            with pytest.raises(TypeError):
                await service.start(make_tags, {"prefix": uuid.uuid4(), "count": 1})

    async def test_progress_and_states_reach_the_live_bus(
        self, db: Database, settings: Settings, member: Member
    ) -> None:
        bus = bus_for(settings.redis_url)
        async with bus.subscribe(member.org.id) as subscription:
            prefix = f"bus-{uuid.uuid4().hex[:8]}"
            job_id = await _start(db, settings, member, prefix=prefix, count=3)
            seen = []
            while (message := await subscription.next(1)) is not None:
                seen.append(message)

        mine = [m["job"] for m in seen if m["job"]["id"] == str(job_id)]
        assert mine[0]["state"] == "running"
        assert mine[-1]["state"] == "succeeded"
        assert mine[-1]["progress_done"] == 3 and mine[-1]["progress_total"] == 3
        assert all(m["org_id"] == str(member.org.id) for m in seen)


class TestFailures:
    async def test_a_job_that_fails_leaves_nothing_of_its_work(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        prefix = f"bad-{uuid.uuid4().hex[:8]}"

        job_id = await _start(db, settings, member, prefix=prefix, count=5, fail="job", fail_at=3)

        job = await job_row(session, job_id)
        assert job.state == "failed"
        assert job.error == {"code": "invalid_row", "message": "Row 3 has no name."}
        assert job.result is None
        assert job.finished_at is not None
        assert await tags_made(session, prefix) == 0

    async def test_an_unexpected_error_is_reported_without_its_details(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        prefix = f"crash-{uuid.uuid4().hex[:8]}"

        job_id = await _start(db, settings, member, prefix=prefix, count=4, fail="crash", fail_at=2)

        job = await job_row(session, job_id)
        assert job.state == "failed"
        assert job.error is not None and job.error["code"] == "internal_error"
        assert str(job_id) in job.error["message"]
        assert "secret" not in job.error["message"]
        assert await tags_made(session, prefix) == 0

    async def test_an_outside_failure_without_retries_left_fails_the_job(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        # At once (test environment) there is no queue to retry through.
        job_id = await _start(
            db, settings, member, prefix=f"out-{uuid.uuid4().hex[:8]}", count=1, outside_failures=1
        )

        job = await job_row(session, job_id)
        assert job.state == "failed"
        assert job.error is not None and job.error["code"] == "unavailable"

    async def test_a_starter_who_left_the_organization_fails_the_job(
        self, db: Database, settings: Settings, session: AsyncSession, member: Member
    ) -> None:
        prefix = f"gone-{uuid.uuid4().hex[:8]}"
        async with db.transaction() as tx:
            await tenancy.enter(tx.session, member.org.id, member.user.id)
            job = await JobService(tx, settings, _subject(member)).start(
                make_tags, {"prefix": prefix, "count": 2}
            )
            job_id = job.id
            # The person leaves before the job runs (it runs after the commit).
            async with tenancy.bypass(tx.session):
                await tx.session.execute(
                    delete(Membership).where(Membership.user_id == member.user.id)
                )

        job = await job_row(session, job_id)
        assert job.state == "failed"
        assert job.error is not None and job.error["code"] == "starter_gone"
        assert await tags_made(session, prefix) == 0
