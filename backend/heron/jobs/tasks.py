"""The jobs domain's own periodic work: the sweeper, and the nightly purge of old jobs."""

from __future__ import annotations

import asyncio

from huey import crontab

from heron.config import Settings
from heron.db import Database
from heron.jobs.retention import Purged, purge_old_jobs
from heron.jobs.sweeper import Swept, sweep
from heron.worker import huey, job_settings


async def sweep_jobs_now(settings: Settings) -> Swept:
    db = Database.from_settings(settings)
    try:
        return await sweep(db, settings)
    finally:
        await db.dispose()


# Every minute: jobs whose worker died are queued again (once per minute however many workers).
@huey.periodic_task(crontab())
def sweep_jobs() -> None:
    asyncio.run(sweep_jobs_now(job_settings()))


async def purge_jobs_now(settings: Settings) -> Purged:
    db = Database.from_settings(settings)
    try:
        return await purge_old_jobs(db, settings)
    finally:
        await db.dispose()


# Every night: jobs finished more than job_retention_days ago go, with their export files.
# Running twice (several consumers) is harmless: the second run finds nothing.
@huey.periodic_task(crontab(hour="3", minute="53"))
def purge_jobs() -> None:
    asyncio.run(purge_jobs_now(job_settings()))
