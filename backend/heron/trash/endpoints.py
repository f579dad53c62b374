"""The trash: deleted records of every kind, restorable for 30 days."""

from __future__ import annotations

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import CursorEnvelope
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.routing import domain_router, get_session
from heron.models.record import RecordKind
from heron.trash.auth import TrashRead
from heron.trash.schemas import TrashItem
from heron.trash.service import TrashService

router = domain_router("/trash", "trash")


@router.get("", response_model=CursorEnvelope[TrashItem])
async def list_trash(
    kind: RecordKind | None = Query(None, description="Only this kind of record."),
    access: Access = Depends(TrashRead),
    session: AsyncSession = Depends(get_session),
    page: CursorParams = Depends(cursor_params),
) -> CursorEnvelope[TrashItem]:
    """Deleted companies, contacts, leads and deals that you could have deleted, newest
    deletion first, with when each will be purged for good. Restore one with
    `POST /<kind plural>/{id}/restore`."""
    items, meta = await TrashService(session, access).page(kind.value if kind else None, page)
    return CursorEnvelope[TrashItem](data=items, meta=meta)
