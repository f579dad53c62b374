"""Background jobs: the record of one piece of work done by a worker (an import, an export).

The row is written in the request that asks for the work; the queue message carries only its id.
The worker claims it (queued -> running), and the work's own transaction marks it succeeded, so
a job's outcome and its effects commit together (heron/jobs/runner.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from heron.models.base import Base, IdMixin, OrgMixin, utcnow


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


FINISHED_STATES = frozenset({JobState.succeeded, JobState.failed, JobState.cancelled})


class Job(IdMixin, OrgMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_org_created", "org_id", "created_at", "id"),
        Index("ix_jobs_state", "state"),
    )

    # What the job does, "<domain>.<action>": "import.run", "export.csv".
    kind: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(12), default=JobState.queued.value)
    # The task's keyword arguments (plain JSON values), so the job can be run again from its row.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer, default=None)
    # The person who asked (for an API key: its creator); they may read the job.
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    # How many times a worker has started it (retries and re-runs after a lost worker).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # {"code": "...", "message": "..."}: why it failed (or why the last attempt did).
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
