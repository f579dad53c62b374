from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.activities import TASKS, create_activity
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

# UTC+14 all year: its midnight is 10:00 UTC, so a day computed in UTC is visibly wrong.
ZONE = "Pacific/Kiritimati"


def _midnight_after(now: datetime, zone: ZoneInfo, days: int) -> datetime:
    local = now.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(local, time(0), tzinfo=zone).astimezone(UTC)


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [a["id"] for a in response.json()["data"]]


class TestMyTasks:
    async def test_due_buckets_follow_the_organizations_time_zone(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session, time_zone=ZONE)
        me = await create_member(session, settings, org, "sales")
        now = datetime.now(UTC)
        zone = ZoneInfo(ZONE)
        tonight = _midnight_after(now, zone, 1)
        week_end = _midnight_after(now, zone, 8)
        late_today = tonight - min(timedelta(minutes=1), (tonight - now) / 2)

        async def task(due: datetime | None) -> str:
            return str((await create_activity(session, org, me.user.id, due_at=due)).id)

        expected = {
            "overdue": [await task(now - timedelta(days=2)), await task(now - timedelta(hours=1))],
            "today": [await task(late_today)],
            "week": [await task(tonight + timedelta(minutes=1)),
                     await task(week_end - timedelta(minutes=1))],
            "later": [await task(week_end + timedelta(minutes=1))],
            "none": [await task(None)],
        }  # fmt: skip

        for due, ids in expected.items():
            response = await client.get(TASKS, params={"due": due}, headers=me.headers)
            assert _ids(response) == ids, due
        everything = await client.get(TASKS, headers=me.headers)
        assert _ids(everything) == [i for ids in expected.values() for i in ids]

    async def test_only_open_tasks_assigned_to_me_by_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, "owner")
        colleague = await create_member(session, settings, org, "sales")
        now = datetime.now(UTC)
        mine = await create_activity(session, org, me.user.id, due_at=now)
        done = await create_activity(session, org, me.user.id, done_at=now)
        theirs = await create_activity(session, org, me.user.id, assignee_id=colleague.user.id)
        await create_activity(session, org, me.user.id, kind="call", assignee_id=me.user.id)

        default = await client.get(TASKS, headers=me.headers)
        finished = await client.get(TASKS, params={"status": "done"}, headers=me.headers)
        for_them = await client.get(
            TASKS, params={"assignee": str(colleague.user.id)}, headers=me.headers
        )
        anyone = await client.get(
            TASKS, params={"assignee": "any", "status": "all"}, headers=me.headers
        )

        assert _ids(default) == [str(mine.id)]
        assert _ids(finished) == [str(done.id)]
        assert _ids(for_them) == [str(theirs.id)]
        assert sorted(_ids(anyone)) == sorted(str(r.id) for r in (mine, done, theirs))

    async def test_pages_by_due_time_with_undated_tasks_last(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, "support")
        now = datetime.now(UTC)
        undated = await create_activity(session, org, me.user.id)
        later = await create_activity(session, org, me.user.id, due_at=now + timedelta(days=3))
        sooner = await create_activity(session, org, me.user.id, due_at=now + timedelta(days=1))

        first = await client.get(TASKS, params={"limit": 2}, headers=me.headers)
        second = await client.get(
            TASKS,
            params={"limit": 2, "cursor": first.json()["meta"]["next_cursor"]},
            headers=me.headers,
        )

        assert _ids(first) + _ids(second) == [str(sooner.id), str(later.id), str(undated.id)]
        assert second.json()["meta"]["next_cursor"] is None

    async def test_a_sales_person_sees_only_visible_tasks_of_a_colleague(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, "sales")
        colleague = await create_member(session, settings, org, "sales")
        given = await create_activity(session, org, me.user.id, assignee_id=colleague.user.id)
        await create_activity(session, org, colleague.user.id)  # theirs alone: not visible

        response = await client.get(
            TASKS, params={"assignee": str(colleague.user.id)}, headers=me.headers
        )

        assert _ids(response) == [str(given.id)]

    async def test_an_unknown_assignee_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        me = await create_member(session, settings, org, "owner")
        stranger = await create_member(session, settings, await create_org(session))

        for value in ("someone", str(stranger.user.id)):
            response = await client.get(TASKS, params={"assignee": value}, headers=me.headers)

            assert response.status_code == 422
            assert response.json()["error"]["details"][0]["loc"] == ["query", "assignee"]
