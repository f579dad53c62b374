"""GET /events/stream: the organization's live events, each sent only to those who may see it."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.jobs.schemas import JobOut, job_message
from heron.live.bus import bus_for
from heron.models import JobState
from heron.models.base import utcnow
from tests.helpers.factories import Member, create_member, create_org
from tests.jobs.test_stream import _subscribed

pytestmark = pytest.mark.anyio


def _job_of(member: Member) -> JobOut:
    return JobOut(
        id=uuid.uuid4(), kind="export.csv", state=JobState.running, progress_done=1,
        progress_total=4, created_by_id=member.user.id, created_at=utcnow(), started_at=None,
        finished_at=None, attempts=1, result=None, error=None,
    )  # fmt: skip


def _job_ids(body: str) -> set[str]:
    import json

    found = set()
    for block in body.split("\n\n"):
        lines = block.splitlines()
        if "event: job" in lines:
            data = next(line for line in lines if line.startswith("data: "))
            found.add(json.loads(data.removeprefix("data: "))["id"])
    return found


@pytest.fixture
async def team(session: AsyncSession, settings: Settings) -> dict[str, Member]:
    org = await create_org(session)
    return {r: await create_member(session, settings, org, r) for r in ("admin", "sales", "viewer")}


async def _listen(
    client: httpx.AsyncClient,
    settings: Settings,
    listener: Member,
    publish: list[dict[str, object]],
) -> str:
    bus = bus_for(settings.redis_url)

    async def publisher() -> None:
        await _subscribed(bus, listener.org.id)
        for message in publish:
            bus.publish(message)

    response, _ = await asyncio.gather(
        client.get("/api/v1/events/stream", params={"max_seconds": 1}, headers=listener.headers),
        publisher(),
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "event: ready" in response.text
    return response.text


class TestLiveStream:
    async def test_a_member_receives_only_their_own_jobs(
        self, client: httpx.AsyncClient, settings: Settings, team: dict[str, Member]
    ) -> None:
        mine, theirs = _job_of(team["sales"]), _job_of(team["viewer"])
        org = team["sales"].org.id

        body = await _listen(
            client, settings, team["sales"], [job_message(mine, org), job_message(theirs, org)]
        )

        assert _job_ids(body) == {str(mine.id)}

    async def test_an_admin_receives_every_job_of_the_organization(
        self, client: httpx.AsyncClient, settings: Settings, team: dict[str, Member]
    ) -> None:
        mine, theirs = _job_of(team["sales"]), _job_of(team["viewer"])
        org = team["sales"].org.id

        body = await _listen(
            client, settings, team["admin"], [job_message(mine, org), job_message(theirs, org)]
        )

        assert _job_ids(body) == {str(mine.id), str(theirs.id)}

    async def test_nothing_of_another_organization_arrives(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        team: dict[str, Member],
    ) -> None:
        stranger = await create_member(session, settings, await create_org(session), "owner")
        leak = _job_of(stranger)
        # Even a message wrongly addressed to A's channel, about B's organization, is dropped.
        wrong = job_message(leak, stranger.org.id)
        bus = bus_for(settings.redis_url)

        async def misroute() -> None:
            await _subscribed(bus, team["admin"].org.id)
            for subscription in list(bus._subscribers[team["admin"].org.id]):
                subscription.deliver(wrong)

        response, _ = await asyncio.gather(
            client.get(
                "/api/v1/events/stream", params={"max_seconds": 1}, headers=team["admin"].headers
            ),
            misroute(),
        )

        assert str(leak.id) not in response.text

    async def test_unknown_message_types_are_not_sent(
        self, client: httpx.AsyncClient, settings: Settings, team: dict[str, Member]
    ) -> None:
        secret = {"type": "contact", "org_id": str(team["admin"].org.id), "contact": {"x": 1}}

        body = await _listen(client, settings, team["admin"], [secret])

        assert "contact" not in body
