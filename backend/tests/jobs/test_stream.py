"""GET /jobs/{id}/stream: the job's record as server-sent events until it finishes."""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.jobs.schemas import JobOut, job_message
from heron.live.bus import LiveBus, bus_for
from heron.models import Job, JobState
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio


def events(body: str) -> list[dict[str, object]]:
    """The ``job`` events of an event-stream body, in order."""
    found = []
    for block in body.split("\n\n"):
        lines = block.splitlines()
        if "event: job" in lines:
            data = next(line for line in lines if line.startswith("data: "))
            found.append(json.loads(data.removeprefix("data: ")))
    return found


async def _job(session: AsyncSession, member: Member, state: str) -> Job:
    job = Job(
        org_id=member.org.id, kind="export.csv", state=state, params={}, progress_done=0,
        progress_total=None, created_by_id=member.user.id, attempts=1,
    )  # fmt: skip
    session.add(job)
    await session.flush()
    return job


async def _subscribed(bus: LiveBus, org_id: uuid.UUID) -> None:
    for _ in range(500):
        if bus._subscribers.get(org_id):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the stream never subscribed")


@pytest.fixture
async def member(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "sales")


class TestStream:
    async def test_a_finished_job_is_sent_once_and_the_stream_ends(
        self, client: httpx.AsyncClient, session: AsyncSession, member: Member
    ) -> None:
        job = await _job(session, member, "succeeded")

        response = await client.get(f"/api/v1/jobs/{job.id}/stream", headers=member.headers)

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        [event] = events(response.text)
        assert event["id"] == str(job.id) and event["state"] == "succeeded"

    async def test_progress_published_by_a_worker_reaches_the_stream(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        member: Member,
    ) -> None:
        job = await _job(session, member, "running")
        out = JobOut.model_validate(job)
        bus = bus_for(settings.redis_url)

        async def worker() -> None:
            await _subscribed(bus, member.org.id)
            for done in (1, 2, 3):
                update = {"progress_done": done, "progress_total": 3}
                bus.publish(job_message(out.model_copy(update=update), member.org.id))
            final = {"state": JobState.succeeded, "progress_done": 3, "progress_total": 3}
            bus.publish(job_message(out.model_copy(update=final), member.org.id))

        response, _ = await asyncio.gather(
            client.get(f"/api/v1/jobs/{job.id}/stream", headers=member.headers), worker()
        )

        sent = events(response.text)
        # The stream may start from any of these (it sends the freshest state it knows when
        # it begins), then goes forward only, and ends with the job.
        progress = [e["progress_done"] for e in sent]
        assert progress == sorted(progress)
        assert sent[-1]["state"] == "succeeded" and sent[-1]["progress_done"] == 3
        assert [e["state"] for e in sent[:-1]] == ["running"] * (len(sent) - 1)

    async def test_messages_of_other_jobs_are_not_sent(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        member: Member,
    ) -> None:
        job = await _job(session, member, "running")
        other = await _job(session, member, "running")
        bus = bus_for(settings.redis_url)

        async def worker() -> None:
            await _subscribed(bus, member.org.id)
            other_out = JobOut.model_validate(other).model_copy(update={"progress_done": 7})
            bus.publish(job_message(other_out, member.org.id))
            done = JobOut.model_validate(job).model_copy(update={"state": JobState.failed})
            bus.publish(job_message(done, member.org.id))

        response, _ = await asyncio.gather(
            client.get(f"/api/v1/jobs/{job.id}/stream", headers=member.headers), worker()
        )

        assert {e["id"] for e in events(response.text)} == {str(job.id)}

    async def test_someone_else_s_job_is_404(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        member: Member,
    ) -> None:
        job = await _job(session, member, "running")
        colleague = await create_member(session, settings, member.org, "sales")

        response = await client.get(f"/api/v1/jobs/{job.id}/stream", headers=colleague.headers)

        assert response.status_code == 404
