"""Every query of calendar feeds, and the meetings and tasks a feed shows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit import tenancy
from heron.kit.repository import OrgScopedRepository
from heron.models import Activity, ActivityKind, CalendarFeed, Membership

# A feed shows this many meetings and tasks at most, nearest to now first.
MAX_EVENTS = 2_000


class CalendarFeedRepository(OrgScopedRepository[CalendarFeed]):
    model = CalendarFeed

    async def of_person(self, user_id: uuid.UUID) -> CalendarFeed | None:
        row: CalendarFeed | None = await self.session.scalar(
            self.base().where(CalendarFeed.user_id == user_id)
        )
        return row

    async def remove(self, feed: CalendarFeed) -> None:
        await self.session.delete(feed)
        await self.session.flush()


class FeedLookup:
    """A feed found by its secret alone, before anyone is signed in: the one lookup that
    crosses organizations (row-level security is bypassed for it, as for API keys)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_hash(self, token_hash: str) -> CalendarFeed | None:
        async with tenancy.bypass(self.session):
            feed: CalendarFeed | None = await self.session.scalar(
                select(CalendarFeed).where(CalendarFeed.token_hash == token_hash)
            )
        return feed

    async def is_member(self, feed: CalendarFeed) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.org_id == feed.org_id, Membership.user_id == feed.user_id
            )
        )
        return found is not None

    async def touch(self, feed_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(CalendarFeed).where(CalendarFeed.id == feed_id).values(last_used_at=when)
        )

    async def meetings_and_tasks(
        self, feed: CalendarFeed, since: datetime, until: datetime
    ) -> Sequence[Activity]:
        """The person's live meetings and tasks with a time between ``since`` and ``until``:
        assigned to them, or theirs when nobody is assigned."""
        mine = or_(
            Activity.assignee_id == feed.user_id,
            and_(Activity.assignee_id.is_(None), Activity.owner_id == feed.user_id),
        )
        rows = await self.session.scalars(
            select(Activity)
            .where(
                Activity.org_id == feed.org_id,
                Activity.deleted_at.is_(None),
                Activity.kind.in_([ActivityKind.meeting.value, ActivityKind.task.value]),
                Activity.due_at.is_not(None),
                Activity.due_at >= since,
                Activity.due_at <= until,
                mine,
            )
            .order_by(Activity.due_at, Activity.id)
            .limit(MAX_EVENTS)
        )
        return list(rows)
