"""Jobs as the rest of Heron sees them: start one from a request, read them back.

Another domain starts a job from its service, inside the request's transaction::

    job = await JobService(tx, settings, subject).start(export_csv, {"entity": "contact"})

The job's row is written in that transaction and the queue message is sent only after it
commits (``Transaction.after_commit``): a request that fails starts nothing, and a worker never
sees a job whose row is not there yet.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.datastructures import QueryParams

from heron.config import Settings
from heron.db import Transaction
from heron.jobs.repository import JobRepository
from heron.jobs.runner import JobTask, dispatch
from heron.jobs.schemas import JobOut, job_message
from heron.kit.envelope import CursorMeta
from heron.kit.errors import Conflict, NotFound
from heron.kit.pagination import CursorParams
from heron.kit.subject import Subject
from heron.live.bus import bus_for
from heron.models.base import utcnow
from heron.models.job import FINISHED_STATES, Job, JobState
from heron.roles.matrix import Scope

NO_JOB = "No job with this id that you may see."


class JobService:
    def __init__(
        self, tx: Transaction, settings: Settings, subject: Subject, scope: Scope = Scope.none
    ) -> None:
        self.tx = tx
        self.session = tx.session
        self.settings = settings
        self.subject = subject
        self.repo = JobRepository(tx.session, subject, scope)

    async def start(
        self, task: JobTask, params: dict[str, Any] | None = None, *, total: int | None = None
    ) -> Job:
        """Record a new job of ``task``'s kind, queued once the request commits. ``params``
        (plain JSON values: ids as strings) are the keyword arguments of its function."""
        values = dict(params or {})
        if json.loads(json.dumps(values)) != values:
            raise TypeError("job params must be plain JSON values (ids as strings)")
        job = Job(
            org_id=self.subject.org_id,
            kind=task.kind,
            state=JobState.queued.value,
            params=values,
            progress_done=0,
            progress_total=total,
            attempts=0,
            created_by_id=self.subject.person_id,
            api_key_id=self.subject.api_key_id,
        )
        self.session.add(job)
        await self.session.flush()
        job_id, settings, database = job.id, self.settings, self.tx.database

        async def send() -> None:
            await dispatch(settings, task, job_id, database)

        self.tx.after_commit(send)
        return job

    async def page(
        self, query: QueryParams, sort: str | None, params: CursorParams
    ) -> tuple[list[JobOut], CursorMeta]:
        """One keyset page of the jobs the caller may see, newest first by default."""
        rows, meta = await self.repo.page(query, sort, params)
        return [JobOut.model_validate(r) for r in rows], meta

    async def cancel(self, job_id: uuid.UUID) -> Job:
        """Cancel a job that has not finished. A queued job will not start; a running one
        stops at its next progress report, and its work is rolled back either way (the work's
        transaction commits only while the job is still running)."""
        job = await self.get(job_id)
        if job.state in {s.value for s in FINISHED_STATES}:
            raise Conflict(f"This job has already {job.state}; it cannot be cancelled.")
        error = {"code": "cancelled", "message": "The job was cancelled; nothing of it was kept."}
        if not await self.repo.cancel(job, error, utcnow()):
            raise Conflict("This job finished while it was being cancelled.")
        await self.session.refresh(job)
        message = job_message(JobOut.model_validate(job), job.org_id)
        settings = self.settings

        def announce() -> None:
            bus_for(settings.redis_url).publish(message)

        self.tx.after_commit(announce)
        return job

    async def get(self, job_id: uuid.UUID) -> Job:
        job = await self.repo.get_visible(job_id)
        if job is None:
            raise NotFound(NO_JOB)
        return job
