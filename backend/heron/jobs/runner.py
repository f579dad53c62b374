"""Running a job: claim it, hold its lease, report progress, and record how it ended.

A domain declares a job with ``job_task``::

    @job_task("export.csv", retries=3)
    async def export_csv(job: JobRun, *, entity: str) -> None:
        job.set_total(await count(job.session, ...))
        async for batch in ...:
            ...
            job.advance(len(batch))
        job.result = {"file": key}

and starts it from a request with ``JobService(tx, settings, subject).start(export_csv,
{"entity": "contact"})`` (heron/jobs/service.py). The function runs inside ONE transaction of
its own (``job.session``), which also marks the job succeeded: the work and its outcome commit
together, or neither does. A worker killed half-way leaves nothing of the work behind, and the
job is run again once its lease lapses (heron/jobs/sweeper.py).

Bookkeeping (claiming, progress, failures) uses short transactions of its own, never the work's.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import structlog
from huey import Huey
from huey.api import Task, TaskWrapper
from huey.exceptions import RetryTask
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from heron import worker
from heron.auth.access import _key_role, _with_team
from heron.auth.repository import AuthRepository
from heron.config import Settings
from heron.db import Database, Transaction
from heron.jobs.lease import Lease
from heron.jobs.schemas import JobError, JobOut, job_message
from heron.kit import tenancy
from heron.kit.errors import HeronError
from heron.kit.subject import ActorType, Subject
from heron.live.bus import bus_for
from heron.models.api_key import ApiKey
from heron.models.base import utcnow
from heron.models.job import Job, JobState

log = structlog.get_logger(__name__)

# Failures of something outside Heron's code (a network, a remote service, a database that is
# restarting): worth trying again later. Any other exception fails the job for good.
OUTSIDE_FAILURES: tuple[type[BaseException], ...] = (
    OSError,  # ConnectionError, TimeoutError, ...
    httpx.TransportError,
    RedisConnectionError,
    RedisTimeoutError,
    OperationalError,  # a lost or locked database connection
)
# Progress is written at most this often, and only for a change of at least 1 % (when the
# total is known): at most two writes a second and about a hundred in a job's life.
PROGRESS_INTERVAL_SECONDS = 0.5
# A claim that cannot get SQLite's write lock (another job holds it) is tried again this late.
CLAIM_RETRY_SECONDS = 5
# Re-runs after a lost worker, beyond the task's own retries, before the job is failed.
LOST_WORKER_RERUNS = 2

RUNNING = JobState.running.value


class JobFailed(Exception):
    """Raise in a job to fail it for good, with a sentence the person who started it reads."""

    def __init__(self, message: str, code: str = "job_failed") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class OutsideFailure(Exception):
    """Raise in a job when something outside Heron failed (a remote service answered 503): the
    job is tried again with backoff while it has retries left."""


class _Superseded(BaseException):
    """The job is no longer this attempt's: cancelled, or given to another worker by the
    sweeper. A BaseException, like asyncio's CancelledError, so that a job's own ``except
    Exception`` (around one bad row, say) cannot swallow it."""


JobFunction = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class JobTask:
    """A kind of job: its function and the Huey task that carries its id through the queue."""

    kind: str
    fn: JobFunction
    retries: int
    retry_on: tuple[type[BaseException], ...]
    task: TaskWrapper

    @property
    def max_attempts(self) -> int:
        """Starts allowed before the job is failed: the retries, plus re-runs of lost workers."""
        return self.retries + 1 + LOST_WORKER_RERUNS


JOB_TASKS: dict[str, JobTask] = {}


def job_task(
    kind: str,
    *,
    retries: int = 0,
    retry_delay: int = 10,
    retry_backoff: float = 2.0,
    retry_on: tuple[type[BaseException], ...] = OUTSIDE_FAILURES,
) -> Callable[[JobFunction], JobTask]:
    """Declare the job ``kind`` (``"<domain>.<action>"``) run by the decorated function.

    The function is ``async def fn(job: JobRun, **params) -> None``. An exception among
    ``retry_on`` (or ``OutsideFailure``) is retried ``retries`` times, ``retry_delay`` seconds
    later, multiplied by ``retry_backoff`` each time; ``JobFailed`` and any other exception fail
    the job at once.
    """

    def decorate(fn: JobFunction) -> JobTask:
        if kind in JOB_TASKS:
            raise ValueError(f"the job kind {kind!r} is declared twice")

        @worker.huey.task(
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=retry_backoff,
            context=True,
            name=f"job:{kind}",
        )
        def run(job_id: str, task: Task | None = None) -> None:
            asyncio.run(
                execute(
                    worker.job_settings(),
                    uuid.UUID(job_id),
                    retries_left=task.retries if task is not None else 0,
                )
            )

        spec = JobTask(kind, fn, retries, (*retry_on, OutsideFailure), run)
        JOB_TASKS[kind] = spec
        return spec

    return decorate


class JobRun:
    """What a running job's function is given: its transaction, who asked, and progress."""

    def __init__(self, job: Job, attempt: int, settings: Settings, progress: _Progress) -> None:
        self.id: uuid.UUID = job.id
        self.org_id: uuid.UUID = job.org_id
        self.kind: str = job.kind
        self.params: dict[str, Any] = dict(job.params or {})
        self.attempt = attempt
        self.settings = settings
        self.result: dict[str, Any] | None = None
        self._progress = progress
        self._tx: Transaction | None = None
        self._subject: Subject | None = None

    @property
    def tx(self) -> Transaction:
        """The work's transaction (``after_commit`` runs once the work has committed)."""
        if self._tx is None:
            raise RuntimeError("the job's transaction is not open")
        return self._tx

    @property
    def session(self) -> AsyncSession:
        """The session of the work's one transaction, inside the job's organization."""
        return self.tx.session

    @property
    def subject(self) -> Subject:
        """Who the job acts for: the person (or API key) that started it, with their role as it
        is now (a person who left, or a revoked key, fails the job)."""
        if self._subject is None:
            raise RuntimeError("the job's subject is not known yet")
        return self._subject

    @property
    def done(self) -> int:
        return self._progress.done

    @property
    def total(self) -> int | None:
        return self._progress.total

    def set_total(self, total: int | None) -> None:
        """The units of work in all (rows, records), once known."""
        self._progress.set(total=total)

    def advance(self, units: int = 1) -> None:
        """``units`` more done. Cheap: written and announced at most every half second."""
        self._progress.set(done=self._progress.done + units)

    def set_done(self, done: int) -> None:
        self._progress.set(done=done)


class _Progress:
    """A running job's progress: announced on the live bus and written to its row, at most
    every half second, in the background (a write never holds up the work; on SQLite one that
    finds the write lock taken by the work itself is skipped, and the bus still carries it)."""

    def __init__(self, job: _Tracked, write: Callable[[int, int | None], Awaitable[bool]] | None):
        self.job = job
        # Set when a progress write finds the job no longer this attempt's (cancelled, or given
        # to another worker): the next report stops the work, which is then rolled back.
        self.stopped = False
        self.done = 0
        self.total = job.out.progress_total
        self._write = write
        self._last_at = 0.0
        self._last_done = 0
        self._writer: asyncio.Task[None] | None = None
        self._dirty = False

    def set(self, *, done: int | None = None, total: int | None = -1) -> None:
        """New values (``total=-1``: unchanged); announced and written when due."""
        if self.stopped:
            raise _Superseded()
        force = False
        if total is None or total >= 0:
            force = total != self.total
            self.total = total
        if done is not None:
            self.done = done
        now = time.monotonic()
        if not force:
            if now - self._last_at < PROGRESS_INTERVAL_SECONDS:
                return
            if self.total and (self.done - self._last_done) * 100 < self.total:
                return
        self._last_at, self._last_done = now, self.done
        self.job.update(progress_done=self.done, progress_total=self.total)
        self.job.announce()
        if self._write is not None:
            self._dirty = True
            if self._writer is None or self._writer.done():
                self._writer = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        assert self._write is not None
        while self._dirty:
            self._dirty = False
            try:
                if not await self._write(self.done, self.total):
                    self.stopped = True
                    return
            except Exception:  # best effort: the next change writes again
                log.info("job_progress_not_written", job_id=str(self.job.out.id), exc_info=True)

    async def close(self) -> None:
        if self._writer is not None and not self._writer.done():
            self._dirty = False
            try:
                await asyncio.wait_for(self._writer, 20)
            except Exception:
                self._writer.cancel()


class _Tracked:
    """The job's record as this worker knows it, announced on the live bus when it changes."""

    def __init__(self, job: Job, settings: Settings) -> None:
        self.org_id = job.org_id
        self.out = JobOut.model_validate(job)
        self.settings = settings

    def update(self, **values: Any) -> None:
        self.out = self.out.model_copy(update=values)

    def announce(self) -> None:
        try:
            bus_for(self.settings.redis_url).publish(job_message(self.out, self.org_id))
        except Exception:
            log.warning("job_announce_failed", job_id=str(self.out.id), exc_info=True)


async def dispatch(
    settings: Settings, task: JobTask, job_id: uuid.UUID, database: Database | None
) -> None:
    """Send a committed job to the queue; in the test environment (immediate mode) run it at
    once, here, on the database of the request that started it."""
    queue = worker.queue_for(settings)
    if queue.immediate:
        await execute(settings, job_id, database=database, inline=True)
        return
    try:
        await worker.enqueue(settings, task.task.s(str(job_id)))
    except Exception as exc:
        log.exception("job_not_queued", job_id=str(job_id))
        db = database or Database.from_settings(settings)
        try:
            await _fail_unqueued(db, job_id, exc)
        finally:
            if database is None:
                await db.dispose()


async def _fail_unqueued(db: Database, job_id: uuid.UUID, exc: Exception) -> None:
    error = {"code": "queue_unavailable", "message": "The job could not be queued; start it again."}
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        await tx.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.queued.value)
            .values(state=JobState.failed.value, error=error, finished_at=utcnow())
        )


async def execute(
    settings: Settings,
    job_id: uuid.UUID,
    *,
    retries_left: int = 0,
    database: Database | None = None,
    inline: bool = False,
) -> None:
    """Run the job ``job_id`` once (what a worker does with its queue message)."""
    db = database or Database.from_settings(settings)
    try:
        await _Execution(db, settings, job_id, retries_left, inline).run()
    finally:
        if database is None:
            await db.dispose()


class _Execution:
    def __init__(
        self, db: Database, settings: Settings, job_id: uuid.UUID, retries_left: int, inline: bool
    ) -> None:
        self.db = db
        self.settings = settings
        self.job_id = job_id
        self.retries_left = retries_left
        self.inline = inline
        self.queue: Huey = worker.queue_for(settings)

    async def run(self) -> None:
        job = await self._load()
        if job is None or job.state != JobState.queued.value:
            return  # gone with its organization, or already taken, finished or cancelled
        self.org_id = job.org_id
        spec = JOB_TASKS.get(job.kind)
        lease = None if self.inline else Lease(self.queue, job.id, self.settings.job_lease_seconds)
        if lease is not None:
            await asyncio.to_thread(lease.start)
        try:
            attempt = await self._claim(job)
            if attempt is None:
                return
            tracked = _Tracked(job, self.settings)
            tracked.update(
                state=JobState.running, attempts=attempt, started_at=job.started_at or utcnow()
            )
            tracked.announce()
            progress = _Progress(tracked, None if self.inline else self._progress_writer(attempt))
            run = JobRun(job, attempt, self.settings, progress)
            try:
                await self._work(spec, run, tracked)
            finally:
                await progress.close()
        finally:
            if lease is not None:
                await asyncio.to_thread(lease.stop)

    async def _load(self) -> Job | None:
        async with self.db.transaction(write=False) as tx, tenancy.bypass(tx.session):
            return await tx.session.get(Job, self.job_id)

    async def _claim(self, job: Job) -> int | None:
        """queued -> running, one more attempt; None when another worker got it first."""
        try:
            async with self.db.transaction() as tx:
                await tenancy.enter(tx.session, job.org_id, None)
                result: Any = await tx.session.execute(
                    update(Job)
                    .where(Job.id == job.id, Job.state == JobState.queued.value)
                    .values(
                        state=RUNNING,
                        attempts=Job.attempts + 1,
                        started_at=func.coalesce(Job.started_at, utcnow()),
                    )
                )
                if result.rowcount != 1:
                    return None
                attempt = await tx.session.scalar(select(Job.attempts).where(Job.id == job.id))
                return int(attempt or 0)
        except OperationalError:
            if self.inline:
                raise
            # SQLite: another job's work holds the write lock. Try again soon (not a retry).
            raise RetryTask(delay=CLAIM_RETRY_SECONDS) from None

    def _progress_writer(self, attempt: int) -> Callable[[int, int | None], Awaitable[bool]]:
        async def write(done: int, total: int | None) -> bool:
            return await self._update(attempt, progress_done=done, progress_total=total)

        return write

    async def _update(self, attempt: int, **values: Any) -> bool:
        """Change this attempt's row in a short transaction of its own; False when the job is
        no longer this attempt's."""
        async with self.db.transaction() as tx:
            await tenancy.enter(tx.session, self.org_id, None)
            result: Any = await tx.session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.state == RUNNING, Job.attempts == attempt)
                .values(**values)
            )
            return bool(result.rowcount == 1)

    async def _work(self, spec: JobTask | None, run: JobRun, tracked: _Tracked) -> None:
        try:
            if spec is None:
                raise JobFailed(f"No worker knows jobs of the kind “{run.kind}”.", "unknown_kind")
            async with self.db.transaction() as tx:
                await tenancy.enter(tx.session, run.org_id, None)
                run._tx = tx
                run._subject = await _subject_of(tx.session, tracked.out, run.org_id)
                await tenancy.enter(tx.session, run.org_id, run.subject.person_id)
                await spec.fn(run, **run.params)
                finished = await _succeed(tx.session, run)
                tracked.update(**finished)
            run._tx = None
            tracked.update(state=JobState.succeeded)
            tracked.announce()
        except _Superseded:  # cancelled, or handed to another worker: the work rolled back
            log.warning("job_stopped", job_id=str(run.id), attempt=run.attempt)
        except Exception as exc:
            await self._failed(spec, run, tracked, exc)

    async def _failed(
        self, spec: JobTask | None, run: JobRun, tracked: _Tracked, exc: Exception
    ) -> None:
        retry = (
            spec is not None
            and not self.inline
            and self.retries_left > 0
            and isinstance(exc, spec.retry_on)
        )
        error = _error_of(exc, run)
        values: dict[str, Any] = {"error": error}
        if retry:
            values["state"] = JobState.queued.value
        else:
            values.update(state=JobState.failed.value, finished_at=utcnow())
        log.warning(
            "job_attempt_failed", job_id=str(run.id), kind=run.kind, retry=retry, exc_info=exc
        )
        if not await self._mark(run.attempt, values):
            return
        tracked.update(state=JobState(values["state"]), error=JobError(**error))
        if "finished_at" in values:
            tracked.update(finished_at=values["finished_at"])
        tracked.announce()
        if retry:
            raise exc  # Huey queues it again, retry_delay later (with backoff)

    async def _mark(self, attempt: int, values: dict[str, Any]) -> bool:
        """Record how an attempt ended; SQLite's write lock may be busy with another job."""
        for wait in (0.0, 1.0, 5.0, 15.0):
            await asyncio.sleep(wait)
            try:
                return await self._update(attempt, **values)
            except (OperationalError, DBAPIError):
                if self.inline:
                    raise
                log.warning("job_state_not_written", job_id=str(self.job_id), exc_info=True)
        return False


async def _succeed(session: AsyncSession, run: JobRun) -> dict[str, Any]:
    """In the work's transaction: this attempt succeeded. Also the fence that makes a worker
    whose job was handed to another (after its lease lapsed) roll its work back."""
    values: dict[str, Any] = {
        "state": JobState.succeeded.value,
        "finished_at": utcnow(),
        "result": _json_ready(run.result),
        "error": None,
        "progress_done": run.done,
        "progress_total": run.total if run.total is not None else run.done,
    }
    result: Any = await session.execute(
        update(Job)
        .where(Job.id == run.id, Job.state == RUNNING, Job.attempts == run.attempt)
        .values(**values)
    )
    if result.rowcount != 1:
        raise _Superseded()
    values.pop("state")
    return values


def _json_ready(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return dict(json.loads(json.dumps(value, default=str)))


def _error_of(exc: Exception, run: JobRun) -> dict[str, str]:
    if isinstance(exc, JobFailed):
        return {"code": exc.code, "message": exc.message}
    if isinstance(exc, HeronError):
        return {"code": exc.code, "message": exc.message}
    if isinstance(exc, OutsideFailure):
        return {"code": "unavailable", "message": str(exc)}
    # No internal detail reaches the person: the log has the traceback, keyed by the job id.
    if isinstance(exc, OUTSIDE_FAILURES):
        return {
            "code": "unavailable",
            "message": f"A service the job needs was unavailable (job {run.id}).",
        }
    return {
        "code": "internal_error",
        "message": f"The job failed unexpectedly (job {run.id}); it has been logged.",
    }


async def _subject_of(session: AsyncSession, job: JobOut, org_id: uuid.UUID) -> Subject:
    """The subject the job acts for, as the person or key stands now."""
    repo = AuthRepository(session)
    api_key_id = await session.scalar(select(Job.api_key_id).where(Job.id == job.id))
    if api_key_id is not None:
        key = await session.get(ApiKey, api_key_id)
        if key is None or key.revoked_at is not None or key.org_id != org_id:
            raise JobFailed("The API key that started this job was revoked.", "starter_gone")
        try:
            role = await _key_role(repo, key)
        except HeronError:
            raise JobFailed(
                "The API key that started this job no longer works.", "starter_gone"
            ) from None
        subject = Subject(
            actor_type=ActorType.api_key,
            org_id=org_id,
            role=role,
            api_key_id=key.id,
            key_creator_id=key.created_by_id,
        )
    else:
        membership = (
            await repo.get_membership(job.created_by_id, org_id) if job.created_by_id else None
        )
        if membership is None:
            raise JobFailed(
                "The person who started this job is no longer a member of the organization.",
                "starter_gone",
            )
        subject = Subject(
            actor_type=ActorType.user,
            org_id=org_id,
            role=membership.role,
            user_id=job.created_by_id,
        )
    return await _with_team(session, subject)
