"""Private calendar feeds: a secret .ics URL of one's meetings and tasks, stored hashed,
replaced or revoked at will."""

from __future__ import annotations

from datetime import timedelta

import httpx
import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import hash_secret
from heron.config import Settings
from heron.models import CalendarFeed, Event, Membership
from heron.models.base import utcnow
from tests.helpers.activities import create_activity
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

FEED = "/api/v1/calendar-feed"


async def make_feed(client: httpx.AsyncClient, member: Member) -> str:
    response = await client.post(FEED, headers=member.headers)
    assert response.status_code == 201, response.text
    url: str = response.json()["data"]["url"]
    return url.split("://", 1)[1].split("/", 1)[1]  # the path, for the test client


async def fetch(client: httpx.AsyncClient, path: str) -> httpx.Response:
    return await client.get("/" + path)  # no credentials: calendar apps have none


def events_of(response: httpx.Response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


class TestFeed:
    async def test_shows_my_meetings_and_tasks_and_nothing_else(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, role="sales")
        colleague = await create_member(session, settings, org, role="sales")
        soon = utcnow() + timedelta(days=2)
        meeting = await create_activity(
            session, org, me.user.id, kind="meeting", subject="Demo with Acme", due_at=soon,
            duration_minutes=45, body="Bring the slides; and, coffee",
        )  # fmt: skip
        await create_activity(session, org, me.user.id, subject="Send quote", due_at=soon)
        await create_activity(
            session, org, colleague.user.id, subject="Assigned to me", due_at=soon,
            assignee_id=me.user.id,
        )  # fmt: skip
        await create_activity(session, org, colleague.user.id, subject="Theirs", due_at=soon)
        await create_activity(session, org, me.user.id, kind="note", subject="A note", due_at=soon)
        await create_activity(session, org, me.user.id, subject="Undated")
        await create_activity(
            session, org, me.user.id, subject="Deleted", due_at=soon, deleted_at=utcnow()
        )
        await create_activity(
            session, org, me.user.id, subject="Long ago", due_at=utcnow() - timedelta(days=200)
        )
        path = await make_feed(client, me)

        events = events_of(await fetch(client, path))

        assert set(events) == {"Demo with Acme", "Task: Send quote", "Task: Assigned to me"}
        demo = events["Demo with Acme"]
        assert demo["uid"].startswith(str(meeting.id))
        assert demo.decoded("dtend") - demo.decoded("dtstart") == timedelta(minutes=45)
        assert str(demo["description"]) == "Bring the slides; and, coffee"

    async def test_the_url_is_stored_only_as_a_hash(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org)

        path = await make_feed(client, me)

        secret = path.rsplit("/", 1)[1].removesuffix(".ics")
        feed = await session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == me.user.id))
        assert feed is not None and feed.token_hash == hash_secret(secret)
        assert secret not in repr(feed.__dict__)
        status = (await client.get(FEED, headers=me.headers)).json()["data"]
        assert status["active"] is True and "url" not in status

    async def test_an_unknown_secret_is_404(self, client: httpx.AsyncClient) -> None:
        response = await fetch(client, "api/v1/calendar/hcal_not-a-real-secret.ics")

        assert response.status_code == 404


class TestRotateAndRevoke:
    async def test_a_new_url_replaces_the_old_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        me = await create_member(session, settings, await create_org(session))
        old = await make_feed(client, me)

        new = await make_feed(client, me)

        assert new != old
        assert (await fetch(client, old)).status_code == 404
        assert (await fetch(client, new)).status_code == 200

    async def test_a_revoked_url_is_404_and_revoking_twice_is_fine(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        me = await create_member(session, settings, await create_org(session))
        path = await make_feed(client, me)

        first = await client.delete(FEED, headers=me.headers)
        second = await client.delete(FEED, headers=me.headers)

        assert (first.status_code, second.status_code) == (204, 204)
        assert (await fetch(client, path)).status_code == 404
        assert (await client.get(FEED, headers=me.headers)).json()["data"]["active"] is False
        types = await session.scalars(
            select(Event.type).where(Event.entity == "calendar_feed", Event.org_id == me.org.id)
        )
        assert sorted(types) == ["calendar_feed.created", "calendar_feed.revoked"]

    async def test_a_person_who_left_the_organization_has_no_feed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, role="sales")
        path = await make_feed(client, me)
        membership = await session.scalar(
            select(Membership).where(Membership.user_id == me.user.id)
        )
        await session.delete(membership)
        await session.flush()

        assert (await fetch(client, path)).status_code == 404

    async def test_each_person_has_their_own_feed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, role="viewer")
        other = await create_member(session, settings, org, role="viewer")
        soon = utcnow() + timedelta(days=1)
        await create_activity(session, org, other.user.id, subject="Other's task", due_at=soon)
        mine, theirs = await make_feed(client, me), await make_feed(client, other)

        await client.delete(FEED, headers=me.headers)

        assert (await fetch(client, mine)).status_code == 404
        assert set(events_of(await fetch(client, theirs))) == {"Task: Other's task"}
