"""Retention: finished jobs are kept ``job_retention_days`` (30 by default), then their records
and the files they made (exports) are removed, every night, for every organization.

A job's record is what `GET /jobs` lists and what an export's download link is made from; past
the retention both go. An import keeps its own record (counts, error file, undo) whatever
becomes of the job that ran it. The files are removed after the rows' deletion has committed,
so a failure half-way leaves at worst a file no job names, never a job naming no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import structlog

from heron.config import Settings
from heron.db import Database
from heron.files.store import file_store
from heron.jobs.repository import purge_finished
from heron.kit import tenancy
from heron.models.base import utcnow

log = structlog.get_logger(__name__)


@dataclass
class Purged:
    jobs: int
    files: int


async def purge_old_jobs(db: Database, settings: Settings) -> Purged:
    """Remove the jobs that finished more than ``settings.job_retention_days`` ago."""
    before = utcnow() - timedelta(days=settings.job_retention_days)
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        jobs, files = await purge_finished(tx.session, before)
    store = file_store(settings)
    for org_id, name in files:
        await store.delete(org_id, name)
    if jobs:
        log.info("jobs_purged", jobs=jobs, files=len(files))
    return Purged(jobs=jobs, files=len(files))
