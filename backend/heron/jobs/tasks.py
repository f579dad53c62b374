"""The jobs domain's own periodic work: the sweeper."""

from __future__ import annotations

import asyncio

from huey import crontab

from heron.config import Settings
from heron.db import Database
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
