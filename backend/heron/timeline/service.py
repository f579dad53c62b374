"""A record's timeline: the activities linked to it and its own events, newest first; the
events of records merged into it too (their activities were moved onto it by the merge).

Two sources, one order: each is read newest first after the cursor (``limit + 1`` rows of
each), the two are merged on (time, id) and cut to the page. Ids are unique across both
tables, so (time, id) orders every item and the cursor is the last item's pair.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heron.activities.repository import ActivityRepository
from heron.activities.service import activity_out
from heron.kit.envelope import CursorMeta
from heron.kit.errors import NotFound, ValidationFailed
from heron.kit.pagination import CursorParams, decode_cursor, encode_cursor
from heron.kit.subject import Subject
from heron.models import Activity, Event
from heron.records.related import Related
from heron.records.schemas import PersonRef
from heron.timeline.repository import TimelineRepository
from heron.timeline.schemas import TimelineItem


async def timeline(
    session: AsyncSession,
    subject: Subject,
    kind: str,
    record_id: uuid.UUID,
    cursor_params: CursorParams,
) -> tuple[list[TimelineItem], CursorMeta]:
    """One page of the timeline of a record the caller may see (404 otherwise)."""
    activities = ActivityRepository(session, subject)
    repo = TimelineRepository(session, subject)
    visible, merged = await repo.visible_and_merged(activities.records.visible, kind, record_id)
    if not visible:
        raise NotFound(f"No {kind} with this id in your organization.")
    after = _after(cursor_params.cursor)
    limit = cursor_params.limit
    acts, related = await activities.linked_newest(kind, record_id, after, limit + 1)
    record_ids = await repo.merged_into(kind, record_id, merged)
    events, actors = await repo.events_newest(kind, record_ids, after, limit + 1)
    rows: list[Activity | Event] = [*acts, *events]
    rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor([page[-1].created_at, page[-1].id])
    return _items(page, related, actors), CursorMeta(next_cursor=next_cursor, limit=limit)


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    at, id_ = decode_cursor(cursor, 2)
    if not (isinstance(at, datetime) and at.tzinfo is not None and isinstance(id_, uuid.UUID)):
        raise ValidationFailed.field(("query", "cursor"), "This cursor is not valid for this list.")
    return at, id_


def _items(
    page: list[Activity | Event],
    related: dict[uuid.UUID, Related],
    actors: dict[uuid.UUID, PersonRef | None],
) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    for row in page:
        if isinstance(row, Activity):
            out = activity_out(row, related.get(row.id, {}))
            items.append(
                TimelineItem(
                    type="activity", id=row.id, at=row.created_at, actor=out.created_by,
                    actor_type="user", event_type=None, changes=None, activity=out,
                )
            )  # fmt: skip
        else:
            items.append(
                TimelineItem(
                    type="event", id=row.id, at=row.created_at, actor=actors.get(row.id),
                    actor_type=row.actor_type, event_type=row.type, changes=row.changes,
                    activity=None,
                )
            )  # fmt: skip
    return items
