"""Queries of the trash: deleted records of every kind, and their purge."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Activity, ActivityLink, Company, Contact, Deal, Lead, Tagging
from heron.records import search
from heron.records.repository import RecordRepository

# Purged in this order: a deal before the company it names is not needed (SET NULL), but
# taggings and activity links have no foreign key to their record and go explicitly.
PURGEABLE: tuple[tuple[str, Any], ...] = (
    ("deal", Deal),
    ("lead", Lead),
    ("contact", Contact),
    ("company", Company),
)


async def deleted_page(
    repo: RecordRepository[Any], after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[Any]:
    """Up to ``limit`` deleted rows of one kind, newest deletion first, after the cursor."""
    model = repo.model
    stmt = repo.trashed()
    if after is not None:
        moment, last_id = after
        stmt = stmt.where(
            or_(model.deleted_at < moment, and_(model.deleted_at == moment, model.id < last_id))
        )
    stmt = stmt.order_by(model.deleted_at.desc(), model.id.desc()).limit(limit)
    return list(await repo.session.scalars(stmt))


async def purge_before(session: AsyncSession, cutoff: datetime) -> dict[str, int]:
    """Remove for good every record (of every organization) deleted before ``cutoff``."""
    counts: dict[str, int] = {}
    for kind, model in PURGEABLE:
        ids = list(
            await session.scalars(select(model.id).where(model.deleted_at < cutoff).limit(50_000))
        )
        counts[kind], orgs = await _purge(session, kind, model, ids)
        await search.forget_words(session, kind, model.__tablename__, orgs)
    ids = list(
        await session.scalars(select(Activity.id).where(Activity.deleted_at < cutoff).limit(50_000))
    )
    if ids:
        await session.execute(delete(Activity).where(Activity.id.in_(ids)))
    counts["activity"] = len(ids)
    return counts


async def _purge(
    session: AsyncSession, kind: str, model: Any, ids: list[uuid.UUID]
) -> tuple[int, set[uuid.UUID]]:
    """Remove these records of ``kind``; their count and organizations."""
    orgs: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        await session.execute(
            delete(Tagging).where(Tagging.record_kind == kind, Tagging.record_id.in_(chunk))
        )
        await session.execute(
            delete(ActivityLink).where(
                ActivityLink.record_kind == kind, ActivityLink.record_id.in_(chunk)
            )
        )
        gone = await session.scalars(
            delete(model).where(model.id.in_(chunk)).returning(model.org_id)
        )
        orgs.update(gone)
    return len(ids), orgs
