"""A job's live record as server-sent events (``GET /jobs/{id}/stream``).

The stream subscribes to the live bus before reading the job, so nothing said in between is
lost; it sends the record at once, then every change the bus carries (progress at most every
half second), re-reads the row when the bus has been quiet for a while (a worker in another
process without Redis, or a lost message), sends a keep-alive comment so proxies keep the
connection, and ends once the job has finished or after ``MAX_SECONDS`` (the client reconnects,
with a fresh token).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

from heron.config import Settings
from heron.db import Database
from heron.jobs.repository import JobRepository
from heron.jobs.schemas import JobOut
from heron.kit import tenancy
from heron.kit.subject import Subject
from heron.live.bus import bus_for
from heron.live.sse import KEEPALIVE_SECONDS, RETRY_MILLISECONDS, sse
from heron.models.job import FINISHED_STATES
from heron.roles.matrix import Scope

POLL_SECONDS = 2.0
MAX_SECONDS = 15 * 60


async def read_job(
    db: Database, subject: Subject, scope: Scope, job_id: uuid.UUID
) -> JobOut | None:
    """The job as the caller may see it now, in a short read transaction of its own."""
    async with db.transaction(write=False) as tx:
        await tenancy.enter(tx.session, subject.org_id, subject.user_id)
        job = await JobRepository(tx.session, subject, scope).get(job_id)
        return JobOut.model_validate(job) if job is not None else None


def _behind(candidate: JobOut, sent: JobOut) -> bool:
    """Whether ``candidate`` says nothing new compared with what was sent (the row on SQLite
    may lag behind the bus while the work holds the write lock)."""
    if candidate == sent:
        return True
    return (
        candidate.attempts == sent.attempts
        and candidate.state == sent.state
        and candidate.progress_done <= sent.progress_done
        and candidate.state not in FINISHED_STATES
    )


async def job_events(
    db: Database,
    settings: Settings,
    subject: Subject,
    scope: Scope,
    first: JobOut,
    *,
    max_seconds: float = MAX_SECONDS,
) -> AsyncIterator[str]:
    """The events of one job, from ``first`` (already read) until it finishes."""
    yield f"retry: {RETRY_MILLISECONDS}\n\n"
    bus = bus_for(settings.redis_url)
    key = f"job:{first.id}"
    async with bus.subscribe(subject.org_id) as subscription:
        # Read again now that we listen: whatever changed since ``first`` is in this read or on
        # the bus. The last bus message this process saw may be fresher still.
        sent = await read_job(db, subject, scope, first.id) or first
        latest = bus.latest(key)
        if latest is not None:
            candidate = JobOut.model_validate(latest["job"])
            if not _behind(candidate, sent):
                sent = candidate
        yield sse("job", sent.model_dump(mode="json"))
        started = last_sent = time.monotonic()
        while sent.state not in FINISHED_STATES and time.monotonic() - started < max_seconds:
            message = await subscription.next(POLL_SECONDS)
            if message is not None:
                if message.get("key") != key:
                    continue
                candidate = JobOut.model_validate(message["job"])
            else:
                fresh = await read_job(db, subject, scope, first.id)
                if fresh is None:  # gone (its organization was deleted)
                    return
                candidate = fresh
            if not _behind(candidate, sent):
                sent = candidate
                last_sent = time.monotonic()
                yield sse("job", sent.model_dump(mode="json"))
            elif time.monotonic() - last_sent >= KEEPALIVE_SECONDS:
                last_sent = time.monotonic()
                yield ": keep-alive\n\n"
