"""A kind of job for the tests: it makes tags in its one transaction, reporting progress, and
fails on demand (for good, unexpectedly, or for an "outside" reason that is retried)."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.jobs.runner import JobFailed, JobRun, OutsideFailure, job_task
from heron.models import Job, Tag

KIND = "test.tags"


@job_task(KIND, retries=2, retry_delay=1, retry_backoff=2.0)
async def make_tags(
    job: JobRun,
    *,
    prefix: str,
    count: int,
    fail: str | None = None,
    fail_at: int = 0,
    outside_failures: int = 0,
    pause: float = 0.0,
    write_from: int = 0,
) -> None:
    """Make ``count`` tags named ``<prefix>-<n>``; ``fail`` ("job", "crash") after ``fail_at``
    of them; the first ``outside_failures`` attempts fail for an outside reason; ``pause``
    seconds after each unit (so a test can kill the worker half-way); units before
    ``write_from`` only count (a phase that reads and checks, as an import validates first)."""
    if job.attempt <= outside_failures:
        raise OutsideFailure("The remote service is unavailable.")
    job.set_total(count)
    for n in range(count):
        if fail is not None and n == fail_at:
            if fail == "job":
                raise JobFailed("Row 3 has no name.", "invalid_row")
            raise KeyError("secret internal detail")
        if n >= write_from:
            job.session.add(Tag(org_id=job.org_id, name=f"{prefix}-{n}", color="#64748b"))
            await job.session.flush()
        job.advance()
        if pause:
            await asyncio.sleep(pause)
    job.result = {"made": count - write_from, "by": str(job.subject.person_id)}


async def tags_made(session: AsyncSession, prefix: str) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Tag).where(Tag.name.startswith(prefix + "-"))
        )
        or 0
    )


async def job_row(session: AsyncSession, job_id: uuid.UUID) -> Job:
    job = await session.get(Job, job_id, populate_existing=True)
    assert job is not None
    return job
