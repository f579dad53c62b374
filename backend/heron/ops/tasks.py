"""Housekeeping jobs on a schedule."""

from __future__ import annotations

import asyncio

from huey import crontab

from heron.config import Settings
from heron.db import Database
from heron.kit import idempotency
from heron.worker import huey, job_settings


async def purge_idempotency_keys_now(settings: Settings) -> int:
    db = Database.from_settings(settings)
    try:
        async with db.transaction() as tx:
            return await idempotency.purge_expired(tx.session)
    finally:
        await db.dispose()


# Every hour: stored answers are kept only for the 24-hour replay window. Running twice (several
# consumers) is harmless.
@huey.periodic_task(crontab(minute="17"))
def purge_idempotency_keys() -> None:
    asyncio.run(purge_idempotency_keys_now(job_settings()))
