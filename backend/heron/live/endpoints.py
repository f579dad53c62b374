"""The live stream: what changes in the organization, pushed to the browser."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse

from heron.auth.access import Access, Authorize
from heron.auth.endpoints import settings_of
from heron.kit.routing import domain_router
from heron.live.sse import HEADERS, sse_responses
from heron.live.stream import live_events
from heron.roles.matrix import Action

router = domain_router("/events", "events")

LiveRead = Authorize("live", Action.read)

SSE_RESPONSE = sse_responses(
    "Server-sent events: `event: ready` once subscribed, then one event per change the caller "
    "may see (`event: job` with a job's record), `: keep-alive` comments every 15 seconds."
)


@router.get("/stream", response_class=StreamingResponse, responses=SSE_RESPONSE)
async def stream_events(
    request: Request,
    access: Access = Depends(LiveRead),
    max_seconds: int = Query(
        900, ge=1, le=900, description="End the stream after this many seconds (at most 15 min)."
    ),
) -> StreamingResponse:
    """The organization's live events, filtered by what the caller may see: for now each
    job's record when its state or progress changes (its starter sees it, and Owners and
    Admins see every job). Read it with `fetch` and a stream reader (it needs the
    `Authorization` header); reconnect when it ends."""
    events = live_events(settings_of(request), access.subject, max_seconds)
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers=HEADERS,
    )
