"""The audit log: every change in the organization, newest first."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.events.auth import AuditRead
from heron.events.repository import EventRepository
from heron.events.schemas import EventOut
from heron.kit.envelope import CursorEnvelope
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import domain_router, get_session

router = domain_router("/events", "events")


@router.get("", response_model=CursorEnvelope[EventOut])
async def list_events(
    request: Request,
    access: Access = Depends(AuditRead),
    session: AsyncSession = Depends(get_session),
    page: CursorParams = Depends(cursor_params),
    sort: str | None = Query(
        None, max_length=200, description="`created_at` or `-created_at` (default)."
    ),
) -> CursorEnvelope[EventOut]:
    """The organization's audit log (Owners and Admins): one event per create, update,
    delete or transition (`deal.stage_changed`), with who did it and what changed, newest first
    in keyset pages. Filter with `filter[type][eq]=`, `filter[entity_id][eq]=`,
    `filter[actor_id][eq]=`, `filter[created_at][gte]=`."""
    rows, meta = await EventRepository(session, access.subject).list(
        request.query_params, sort, page
    )
    return CursorEnvelope[EventOut](data=[EventOut.model_validate(r) for r in rows], meta=meta)
