"""The sweeper: a job whose worker died (killed, machine lost) is queued again.

A Huey message is gone once a consumer has taken it; if that consumer dies, only the job's row
knows. A running job's lease (heron/jobs/lease.py) is renewed while its worker lives. Every
minute the sweeper looks at the running jobs: one whose lease has lapsed is put back to
``queued`` and sent to the queue again, or failed (``worker_lost``) once it has been started
``max_attempts`` times (a job that kills its worker every time must not do so for ever). Its
work had not committed (the work and the ``succeeded`` mark commit together), so a re-run starts
from a clean slate.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from huey import Huey
from sqlalchemy import select, update

from heron import worker
from heron.config import Settings
from heron.db import Database
from heron.jobs.lease import drop_lease, lease_until
from heron.jobs.runner import JOB_TASKS, LOST_WORKER_RERUNS
from heron.jobs.schemas import JobOut, job_message
from heron.kit import tenancy
from heron.live.bus import bus_for
from heron.models.base import utcnow
from heron.models.job import Job, JobState

log = structlog.get_logger(__name__)


@dataclass
class Swept:
    requeued: list[uuid.UUID]
    failed: list[uuid.UUID]


async def sweep(db: Database, settings: Settings, queue: Huey | None = None) -> Swept:
    """Queue again (or fail) every running job whose lease has lapsed."""
    queue = queue or worker.queue_for(settings)
    swept = Swept([], [])
    async with db.transaction(write=False) as tx, tenancy.bypass(tx.session):
        running = list(
            await tx.session.execute(
                select(Job.id, Job.kind, Job.attempts).where(Job.state == JobState.running.value)
            )
        )
    now = time.time()
    for job_id, kind, attempts in running:
        until = lease_until(queue, job_id)
        if until is not None and until > now:
            continue
        spec = JOB_TASKS.get(kind)
        max_attempts = spec.max_attempts if spec else 1 + LOST_WORKER_RERUNS
        if spec is not None and attempts < max_attempts:
            if await _set(db, settings, job_id, attempts, state=JobState.queued.value):
                drop_lease(queue, job_id)
                await worker.enqueue(settings, spec.task.s(str(job_id)))
                swept.requeued.append(job_id)
        else:
            error = {
                "code": "worker_lost",
                "message": "The worker running this job stopped "
                f"{attempts} time(s) before it could finish; it was given up.",
            }
            values = {"state": JobState.failed.value, "error": error, "finished_at": utcnow()}
            if await _set(db, settings, job_id, attempts, **values):
                drop_lease(queue, job_id)
                swept.failed.append(job_id)
    if swept.requeued or swept.failed:
        log.warning("jobs_swept", requeued=len(swept.requeued), failed=len(swept.failed))
    return swept


async def _set(
    db: Database, settings: Settings, job_id: uuid.UUID, attempts: int, **values: Any
) -> bool:
    """Change a running job still at ``attempts`` (no worker has started it since)."""
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        result: Any = await tx.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.running.value)
            .where(Job.attempts == attempts)
            .values(**values)
        )
        if result.rowcount != 1:
            return False
        job = await tx.session.get(Job, job_id)
        message = job_message(JobOut.model_validate(job), job.org_id) if job else None
    if message is not None:
        bus_for(settings.redis_url).publish(message)
    return True
