"""The queries of a record's timeline that are not activities': its events, and who acted."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.repository import Repository
from heron.kit.subject import Subject
from heron.models import ApiKey, Event

# A bound on the records whose history one timeline shows (merges of merges).
MAX_MERGED = 100


def _merged_id(changes: dict[str, Any] | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str((changes or {})["merged_id"]))
    except (KeyError, ValueError):
        return None


class TimelineRepository(Repository):
    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session)
        self.org_id = subject.org_id

    async def merged_into(self, kind: str, record_id: uuid.UUID) -> list[uuid.UUID]:
        """The record and every record merged into it, or into those, and so on (each merge
        left a ``<kind>.merged`` event on its survivor naming the merged record)."""
        found = [record_id]
        frontier = [record_id]
        while frontier and len(found) < MAX_MERGED:
            rows = await self.session.scalars(
                select(Event.changes).where(
                    Event.org_id == self.org_id,
                    Event.entity == kind,
                    Event.entity_id.in_(frontier),
                    Event.type == f"{kind}.merged",
                )
            )
            frontier = [
                merged for merged in (_merged_id(changes) for changes in rows)
                if merged is not None and merged not in found
            ]  # fmt: skip
            found += frontier
        return found[:MAX_MERGED]

    async def events_newest(
        self,
        kind: str,
        record_ids: Sequence[uuid.UUID],
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Event]:
        """The events of some records (one, and those merged into it), newest first,
        strictly after ``after``."""
        stmt = select(Event).where(
            Event.org_id == self.org_id, Event.entity == kind, Event.entity_id.in_(record_ids)
        )
        if after is not None:
            at, id_ = after
            stmt = stmt.where(
                or_(Event.created_at < at, and_(Event.created_at == at, Event.id < id_))
            )
        stmt = stmt.order_by(Event.created_at.desc(), Event.id.desc()).limit(limit)
        return list(await self.session.scalars(stmt))

    async def key_creators(self, key_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """API key id -> the member who made it (an API key acts for its creator)."""
        ids = set(key_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(ApiKey.id, ApiKey.created_by_id).where(
                ApiKey.org_id == self.org_id, ApiKey.id.in_(ids)
            )
        )
        return {key_id: creator for key_id, creator in rows if creator is not None}
