"""What the job endpoints give: a job's record and its live updates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from heron.kit.schemas import Schema
from heron.models.job import JobState


class JobError(Schema):
    code: str = Field(description="A machine code: `job_failed`, `worker_lost`, ...")
    message: str = Field(description="A sentence for people.")


class JobOut(Schema):
    """A background job: what it does, how far it is, and how it ended."""

    id: uuid.UUID
    kind: str = Field(description="What the job does: `import.run`, `export.csv`, ...")
    state: JobState
    progress_done: int = Field(description="Units of work done (rows, records).")
    progress_total: int | None = Field(
        description="Units of work in all, once known; null while unknown."
    )
    created_by_id: uuid.UUID | None = Field(
        description="Who started it (for an API key: the key's creator)."
    )
    created_at: datetime
    started_at: datetime | None = Field(description="When a worker first started it.")
    finished_at: datetime | None
    attempts: int = Field(description="How many times a worker started it (retries included).")
    result: dict[str, Any] | None = Field(description="What it produced, once succeeded.")
    error: JobError | None = Field(
        description="Why it failed; while queued again for a retry, why the last attempt did."
    )


def job_message(job: JobOut, org_id: uuid.UUID) -> dict[str, Any]:
    """The live-bus message announcing ``job``'s current state."""
    return {
        "type": "job",
        "key": f"job:{job.id}",
        "org_id": str(org_id),
        "created_by_id": str(job.created_by_id) if job.created_by_id else None,
        "job": job.model_dump(mode="json"),
    }
