"""Jobs: the record of each background job (imports, exports) and its live progress."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse

from heron.auth.access import Access
from heron.auth.endpoints import settings_of
from heron.db import Transaction
from heron.jobs.auth import JobCancel, JobRead
from heron.jobs.schemas import JobOut
from heron.jobs.service import JobService
from heron.jobs.stream import job_events
from heron.kit.envelope import CursorEnvelope, Envelope
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import domain_router, get_tx
from heron.live.sse import HEADERS, sse_responses

router = domain_router("/jobs", "jobs")


def _service(request: Request, tx: Transaction, access: Access) -> JobService:
    return JobService(tx, settings_of(request), access.subject, access.scope)


@router.get("", response_model=CursorEnvelope[JobOut])
async def list_jobs(
    request: Request,
    access: Access = Depends(JobRead),
    tx: Transaction = Depends(get_tx),
    page: CursorParams = Depends(cursor_params),
    sort: str | None = Query(
        None,
        max_length=200,
        description="`created_at` or `finished_at`, `-` for descending; `-created_at` when "
        "left out.",
    ),
) -> CursorEnvelope[JobOut]:
    """The organization's background jobs the caller may see (those they started; Owners and
    Admins see every one), newest first, in keyset pages. Filter with `filter[kind][eq]=`,
    `filter[state][eq]=` (`queued`, `running`, `succeeded`, `failed`, `cancelled`; also
    `filter[state][in]=queued,running`), `filter[created_at][gte]=`."""
    rows, meta = await _service(request, tx, access).page(request.query_params, sort, page)
    return CursorEnvelope[JobOut](data=rows, meta=meta)


@router.get("/{job_id}", response_model=Envelope[JobOut])
async def get_job(
    job_id: uuid.UUID,
    request: Request,
    access: Access = Depends(JobRead),
    tx: Transaction = Depends(get_tx),
) -> Envelope[JobOut]:
    """One job: its kind, state, progress (`progress_done` of `progress_total`), when it
    started and finished, and its result or error. For a live view, follow
    `GET /jobs/{job_id}/stream`."""
    job = await _service(request, tx, access).get(job_id)
    return Envelope[JobOut](data=JobOut.model_validate(job))


@router.post("/{job_id}/cancel", response_model=Envelope[JobOut])
async def cancel_job(
    job_id: uuid.UUID,
    request: Request,
    access: Access = Depends(JobCancel),
    tx: Transaction = Depends(get_tx),
) -> Envelope[JobOut]:
    """Cancel a job that has not finished (your own; Owners and Admins any). A queued job
    will not start; a running one stops at its next progress report. Nothing of its work is
    kept. A job that has already finished is a 409."""
    job = await _service(request, tx, access).cancel(job_id)
    return Envelope[JobOut](data=JobOut.model_validate(job))


SSE_RESPONSE = sse_responses(
    "Server-sent events: `event: job` with the job's record (as `GET /jobs/{job_id}` gives "
    "it) at once and on every change, `: keep-alive` comments every 15 seconds; the stream "
    "ends when the job has finished."
)


@router.get("/{job_id}/stream", response_class=StreamingResponse, responses=SSE_RESPONSE)
async def stream_job(
    job_id: uuid.UUID,
    request: Request,
    access: Access = Depends(JobRead),
    tx: Transaction = Depends(get_tx),
) -> StreamingResponse:
    """Follow one job live, for a progress bar: server-sent events carrying its record each
    time its state or progress changes (at most twice a second), ending once it has succeeded,
    failed or been cancelled, or after 15 minutes (reconnect to go on). Read it with `fetch`
    and a stream reader (it needs the `Authorization` header, which `EventSource` cannot send).
    """
    job = await _service(request, tx, access).get(job_id)
    events = job_events(
        request.app.state.db,
        settings_of(request),
        access.subject,
        access.scope,
        JobOut.model_validate(job),
    )
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers=HEADERS,
    )
