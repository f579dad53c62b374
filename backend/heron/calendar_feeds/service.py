"""Private calendar feeds: make (or replace) one's feed URL, revoke it, and serve it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.auth.secrets import hash_secret, new_secret
from heron.calendar_feeds import ics
from heron.calendar_feeds.repository import CalendarFeedRepository, FeedLookup
from heron.calendar_feeds.schemas import CalendarFeedCreated, CalendarFeedOut
from heron.config import Settings
from heron.db import Database, Transaction
from heron.events import service as events
from heron.kit import tenancy
from heron.kit.errors import NotFound, PermissionDenied
from heron.models import CalendarFeed
from heron.models.base import utcnow

TOKEN_PREFIX = "hcal_"
PAST = timedelta(days=90)
FUTURE = timedelta(days=366)
TOUCH_INTERVAL = timedelta(minutes=1)
NOT_FOUND = "No calendar feed at this address (it was revoked or replaced)."


def feed_url(settings: Settings, secret: str) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/calendar/{secret}.ics"


class CalendarFeedService:
    """The caller's own feed in the current organization."""

    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.subject = access.subject
        person = self.subject.person_id
        if person is None:
            raise PermissionDenied("A calendar feed belongs to a person.")
        self.person = person
        self.repo = CalendarFeedRepository(session, access.subject)
        self.session = session

    async def status(self) -> CalendarFeedOut:
        """Whether the caller has a feed, since when, and when it was last fetched."""
        feed = await self.repo.of_person(self.person)
        if feed is None:
            return CalendarFeedOut(active=False, created_at=None, last_used_at=None)
        return CalendarFeedOut(
            active=True, created_at=feed.updated_at, last_used_at=feed.last_used_at
        )

    async def rotate(self, settings: Settings) -> CalendarFeedCreated:
        """A new secret URL; the previous one (if any) stops working at once."""
        secret = new_secret(TOKEN_PREFIX)
        feed = await self.repo.of_person(self.person)
        if feed is None:
            feed = CalendarFeed(
                org_id=self.subject.org_id, user_id=self.person, token_hash=hash_secret(secret)
            )
            await self.repo.add(feed)
            kind = "calendar_feed.created"
        else:
            feed.token_hash = hash_secret(secret)
            feed.updated_at = utcnow()
            feed.last_used_at = None
            await self.repo.flush()
            kind = "calendar_feed.rotated"
        await self._record(kind, feed)
        return CalendarFeedCreated(url=feed_url(settings, secret), created_at=feed.updated_at)

    async def revoke(self) -> None:
        """The feed URL stops working; revoking when there is none changes nothing."""
        feed = await self.repo.of_person(self.person)
        if feed is None:
            return
        await self._record("calendar_feed.revoked", feed)
        await self.repo.remove(feed)

    async def _record(self, kind: str, feed: CalendarFeed) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=kind,
            entity="calendar_feed",
            entity_id=feed.id,
            subject=self.subject,
            changes={"user_id": str(feed.user_id)},
        )


async def read_feed(
    session: AsyncSession, tx: Transaction, db: Database, settings: Settings, secret: str
) -> bytes:
    """The calendar behind a feed secret: the person's meetings and tasks from 90 days ago to
    a year ahead. 404 when the secret is unknown (revoked, replaced) or the person has left
    the organization."""
    lookup = FeedLookup(session)
    feed = await lookup.by_hash(hash_secret(secret))
    if feed is None:
        raise NotFound(NOT_FOUND)
    await tenancy.enter(session, feed.org_id, feed.user_id)
    if not await lookup.is_member(feed):
        raise NotFound(NOT_FOUND)
    now = utcnow()
    activities = await lookup.meetings_and_tasks(feed, now - PAST, now + FUTURE)
    if feed.last_used_at is None or now - feed.last_used_at > TOUCH_INTERVAL:
        _touch_after_commit(tx, db, feed)
    domain = urlsplit(settings.public_url).hostname or "heron"
    return ics.render(activities, "Heron: meetings and tasks", domain)


def _touch_after_commit(tx: Transaction, db: Database, feed: CalendarFeed) -> None:
    """Record the fetch in a short transaction of its own, so the read stays read-only."""
    feed_id, org_id, user_id = feed.id, feed.org_id, feed.user_id

    async def touch() -> None:
        async with db.transaction() as own:
            await tenancy.enter(own.session, org_id, user_id)
            await FeedLookup(own.session).touch(feed_id, utcnow())

    tx.after_commit(touch)
