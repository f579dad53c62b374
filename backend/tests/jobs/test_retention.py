"""Retention: jobs that finished more than ``job_retention_days`` ago are purged every night,
with the export files their results name; younger and unfinished jobs, and their files, stay.
On PostgreSQL the purge runs under the application's role with tenancy bypassed, as the
periodic task does, and covers every organization."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.files.store import FileStore, file_store
from heron.jobs.retention import purge_old_jobs
from heron.models import Job
from heron.models.base import utcnow
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.jobs import KIND

pytestmark = pytest.mark.anyio


async def _job(
    session: AsyncSession,
    store: FileStore,
    member: Member,
    state: str,
    finished_days_ago: int | None,
) -> Job:
    """A job of ``member``'s organization whose result names a stored file."""
    name = store.new_name("exports", ".csv")
    await store.put(member.org.id, name, b"id,name\n")
    finished = None if finished_days_ago is None else utcnow() - timedelta(days=finished_days_ago)
    job = Job(
        org_id=member.org.id, kind=KIND, state=state, params={}, created_by_id=member.user.id,
        finished_at=finished, result={"file": name, "filename": "contacts.csv"},
    )  # fmt: skip
    session.add(job)
    await session.flush()
    return job


async def test_finished_jobs_past_the_retention_go_with_their_files(
    db: Database, session: AsyncSession, settings: Settings
) -> None:
    settings = settings.model_copy(update={"job_retention_days": 30})
    store = file_store(settings)
    alice = await create_member(session, settings, await create_org(session), "owner")
    bob = await create_member(session, settings, await create_org(session), "owner")
    old = [
        await _job(session, store, alice, "succeeded", 31),
        await _job(session, store, alice, "failed", 45),
        await _job(session, store, bob, "cancelled", 400),
    ]
    kept = [
        await _job(session, store, alice, "succeeded", 29),
        await _job(session, store, bob, "running", None),
        await _job(session, store, bob, "queued", None),
    ]

    purged = await purge_old_jobs(db, settings)

    assert (purged.jobs, purged.files) == (3, 3)
    remaining = set(await session.scalars(select(Job.id).execution_options(populate_existing=True)))
    assert {j.id for j in old}.isdisjoint(remaining)
    assert {j.id for j in kept} <= remaining
    for job in old:
        assert not await store.exists(job.org_id, job.result["file"])
    for job in kept:
        assert await store.exists(job.org_id, job.result["file"])

    # Nothing left to purge: a second run (another worker's) does nothing.
    assert await purge_old_jobs(db, settings) == type(purged)(jobs=0, files=0)


async def test_a_job_whose_result_names_no_file_is_purged_too(
    db: Database, session: AsyncSession, settings: Settings
) -> None:
    member = await create_member(session, settings, await create_org(session), "owner")
    job = Job(
        org_id=member.org.id, kind=KIND, state="succeeded", params={}, created_by_id=member.user.id,
        finished_at=utcnow() - timedelta(days=90), result={"count": 3},
    )  # fmt: skip
    session.add(job)
    await session.flush()

    purged = await purge_old_jobs(db, settings)

    assert (purged.jobs, purged.files) == (1, 0)
    assert await session.get(Job, job.id, populate_existing=True) is None
