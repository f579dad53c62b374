"""The daily purge of the trash."""

from __future__ import annotations

import asyncio

from huey import crontab

from heron.config import Settings
from heron.db import Database
from heron.kit import tenancy
from heron.trash.service import purge_expired
from heron.worker import huey, job_settings


async def purge_trash_now(settings: Settings) -> dict[str, int]:
    db = Database.from_settings(settings)
    try:
        async with db.transaction() as tx, tenancy.bypass(tx.session):
            return await purge_expired(tx.session)
    finally:
        await db.dispose()


# Every night: records deleted more than 30 days ago go for good (every organization). Running
# twice (several consumers) is harmless: the second run finds nothing.
@huey.periodic_task(crontab(hour="3", minute="41"))
def purge_trash() -> None:
    asyncio.run(purge_trash_now(job_settings()))
