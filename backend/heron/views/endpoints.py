"""Saved views: named filters, sort, columns and grouping for a record list."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models.record import RecordKind
from heron.views.auth import ViewCreator, ViewEdit, ViewRead, ViewRemove
from heron.views.schemas import ViewCreate, ViewOut, ViewUpdate
from heron.views.service import ViewService

router = domain_router("/views", "views")


@router.get("", response_model=Envelope[list[ViewOut]])
async def list_views(
    record_kind: RecordKind | None = Query(None, description="Only the views of this kind."),
    access: Access = Depends(ViewRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[list[ViewOut]]:
    """Your own views and the organization's shared ones, by kind and name. Apply one to a
    list with `?view=<id>`."""
    rows = await ViewService(session, access).list(record_kind.value if record_kind else None)
    return Envelope[list[ViewOut]](data=[ViewOut.model_validate(v) for v in rows])


@router.post("", response_model=Envelope[ViewOut], status_code=status.HTTP_201_CREATED)
async def create_view(
    body: ViewCreate,
    response: Response,
    access: Access = Depends(ViewCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ViewOut]:
    """Save a view of a record list. Filters, sort and grouping are checked against the kind's
    fields (422 naming the first problem). Sharing with the organization needs a Manager or
    above."""
    view = await ViewService(session, access).create(body)
    set_etag(response, view.version)
    return Envelope[ViewOut](data=ViewOut.model_validate(view))


@router.get("/{view_id}", response_model=Envelope[ViewOut])
async def get_view(
    view_id: uuid.UUID,
    response: Response,
    access: Access = Depends(ViewRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ViewOut]:
    """One view you own or that is shared with the organization; 404 for another member's
    private view. The `ETag` is its version for `If-Match`."""
    view = await ViewService(session, access).get(view_id)
    set_etag(response, view.version)
    return Envelope[ViewOut](data=ViewOut.model_validate(view))


@router.patch("/{view_id}", response_model=Envelope[ViewOut])
async def update_view(
    view_id: uuid.UUID,
    body: ViewUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(ViewEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[ViewOut]:
    """Change a view (`If-Match` required): your own, or any shared view for Owners and
    Admins (403 otherwise). Filters, sort and grouping are checked against the view's kind
    (422 naming the first problem); sharing needs a Manager or above."""
    view = await ViewService(session, access).update(view_id, body, if_match(request))
    set_etag(response, view.version)
    return Envelope[ViewOut](data=ViewOut.model_validate(view))


@router.delete("/{view_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_view(
    view_id: uuid.UUID,
    request: Request,
    access: Access = Depends(ViewRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a view (`If-Match` required). The records it listed are untouched; a list
    still asked for with `?view=<its id>` answers 404."""
    await ViewService(session, access).delete(view_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
