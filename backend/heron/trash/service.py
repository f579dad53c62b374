"""The trash: what was deleted in the last 30 days, across record kinds, and its purge."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import CursorMeta
from heron.kit.errors import ValidationFailed
from heron.kit.pagination import CursorParams, decode_cursor, encode_cursor
from heron.kit.repository import Repository
from heron.models.base import utcnow
from heron.records.repository import RecordRepository
from heron.records.schemas import PersonRef
from heron.records.titles import title_of
from heron.roles.matrix import Action, Scope, scope_for
from heron.trash import repository
from heron.trash.schemas import TrashItem

RETENTION = timedelta(days=30)


class TrashService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject

    def kinds(self, only: str | None) -> list[str]:
        """The kinds whose deleted records the caller could have deleted."""
        kinds = [
            k for k in RecordRepository.kinds()
            if scope_for(self.subject.role, RecordRepository.for_kind(k).resource, Action.delete)
            is not Scope.none
        ]  # fmt: skip
        if only is not None:
            if only not in RecordRepository.kinds():
                raise ValidationFailed.field(
                    ("query", "kind"),
                    f"Unknown kind. Use one of: {', '.join(RecordRepository.kinds())}.",
                )
            kinds = [k for k in kinds if k == only]
        return kinds

    async def page(
        self, kind: str | None, params: CursorParams
    ) -> tuple[list[TrashItem], CursorMeta]:
        """Deleted records, newest deletion first, one keyset page across kinds."""
        after = None
        if params.cursor:
            moment, last_id = decode_cursor(params.cursor, 2)
            if (
                not isinstance(moment, datetime)
                or moment.tzinfo is None
                or not isinstance(last_id, uuid.UUID)
            ):
                raise ValidationFailed.field(
                    ("query", "cursor"), "This cursor is not valid for this list."
                )
            after = (moment, last_id)
        found: list[tuple[str, Any]] = []
        for each in self.kinds(kind):
            repo = RecordRepository.for_kind(each)(self.session, self.subject)
            rows = await repository.deleted_page(repo, after, params.limit + 1)
            found.extend((each, row) for row in rows)
        found.sort(key=lambda item: (item[1].deleted_at, item[1].id), reverse=True)
        more = len(found) > params.limit
        found = found[: params.limit]
        people = await Repository(self.session).users_by_id(row.deleted_by_id for _, row in found)
        items = [
            TrashItem(
                kind=each,
                id=row.id,
                title=title_of(row),
                deleted_at=row.deleted_at,
                deleted_by=_person(people.get(row.deleted_by_id)),
                purge_after=row.deleted_at + RETENTION,
            )
            for each, row in found
        ]
        next_cursor = None
        if more and found:
            last = found[-1][1]
            next_cursor = encode_cursor([last.deleted_at, last.id])
        return items, CursorMeta(next_cursor=next_cursor, limit=params.limit)


def _person(user: Any) -> PersonRef | None:
    return PersonRef(id=user.id, full_name=user.full_name, email=user.email) if user else None


async def purge_expired(session: AsyncSession, now: datetime | None = None) -> dict[str, int]:
    """Remove for good what has been in the trash longer than the retention period."""
    return await repository.purge_before(session, (now or utcnow()) - RETENTION)
