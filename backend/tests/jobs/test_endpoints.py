"""GET /jobs and GET /jobs/{id}: the person who started a job sees it, Owners and Admins see
every job of the organization, nobody sees another organization's."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Job
from heron.models.base import utcnow
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio


async def _job(
    session: AsyncSession, member: Member, *, kind: str = "export.csv", state: str = "succeeded",
    age: int = 0,
) -> Job:  # fmt: skip
    job = Job(
        org_id=member.org.id, kind=kind, state=state, params={}, progress_done=2,
        progress_total=4, created_by_id=member.user.id, attempts=1,
        created_at=utcnow() - timedelta(seconds=age),
    )  # fmt: skip
    session.add(job)
    await session.flush()
    return job


@pytest.fixture
async def team(session: AsyncSession, settings: Settings) -> dict[str, Member]:
    org = await create_org(session)
    return {
        role: await create_member(session, settings, org, role)
        for role in ("owner", "admin", "manager", "sales", "viewer")
    }


class TestGetJob:
    async def test_the_starter_reads_the_record(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"], state="running")

        response = await client.get(f"/api/v1/jobs/{job.id}", headers=team["sales"].headers)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["id"] == str(job.id)
        assert data["kind"] == "export.csv"
        assert data["state"] == "running"
        assert (data["progress_done"], data["progress_total"]) == (2, 4)
        assert data["created_by_id"] == str(team["sales"].user.id)
        assert data["result"] is None and data["error"] is None

    @pytest.mark.parametrize("role", ["owner", "admin"])
    async def test_owners_and_admins_read_every_job(
        self, role: str, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"])

        response = await client.get(f"/api/v1/jobs/{job.id}", headers=team[role].headers)

        assert response.status_code == 200

    @pytest.mark.parametrize("role", ["manager", "viewer"])
    async def test_others_do_not_see_it(
        self, role: str, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"])

        response = await client.get(f"/api/v1/jobs/{job.id}", headers=team[role].headers)

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    async def test_another_organization_never_sees_it(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings,
        team: dict[str, Member],
    ) -> None:  # fmt: skip
        job = await _job(session, team["sales"])
        stranger = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(f"/api/v1/jobs/{job.id}", headers=stranger.headers)

        assert response.status_code == 404

    async def test_an_unknown_id_is_404(
        self, client: httpx.AsyncClient, team: dict[str, Member]
    ) -> None:
        response = await client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=team["owner"].headers)

        assert response.status_code == 404


class TestListJobs:
    async def test_a_member_lists_only_their_own_newest_first(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        older = await _job(session, team["sales"], age=60)
        newer = await _job(session, team["sales"], age=1)
        await _job(session, team["manager"])

        response = await client.get("/api/v1/jobs", headers=team["sales"].headers)

        assert response.status_code == 200
        assert [j["id"] for j in response.json()["data"]] == [str(newer.id), str(older.id)]

    async def test_an_admin_lists_everyone_s(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        mine = await _job(session, team["sales"])
        theirs = await _job(session, team["manager"])

        response = await client.get("/api/v1/jobs", headers=team["admin"].headers)

        assert {j["id"] for j in response.json()["data"]} == {str(mine.id), str(theirs.id)}

    async def test_filters_on_kind_and_state(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        wanted = await _job(session, team["owner"], kind="import.run", state="running")
        await _job(session, team["owner"], kind="import.run", state="failed")
        await _job(session, team["owner"], kind="export.csv", state="running")

        response = await client.get(
            "/api/v1/jobs",
            params={"filter[kind][eq]": "import.run", "filter[state][in]": "queued,running"},
            headers=team["owner"].headers,
        )

        assert [j["id"] for j in response.json()["data"]] == [str(wanted.id)]

    async def test_an_unknown_state_is_a_422(
        self, client: httpx.AsyncClient, team: dict[str, Member]
    ) -> None:
        response = await client.get(
            "/api/v1/jobs", params={"filter[state][eq]": "exploded"}, headers=team["owner"].headers
        )

        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"

    async def test_keyset_pages_cover_every_job_once(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        made = {str((await _job(session, team["owner"], age=n)).id) for n in range(5)}
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
            page = (
                await client.get("/api/v1/jobs", params=params, headers=team["owner"].headers)
            ).json()
            seen += [j["id"] for j in page["data"]]
            cursor = page["meta"]["next_cursor"]
            if cursor is None:
                break

        assert len(seen) == 5 and set(seen) == made


class TestCancelJob:
    async def test_the_starter_cancels_a_queued_job(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"], state="queued")

        response = await client.post(f"/api/v1/jobs/{job.id}/cancel", headers=team["sales"].headers)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["state"] == "cancelled"
        assert data["finished_at"] is not None
        assert data["error"]["code"] == "cancelled"
        stored = await session.get(Job, job.id, populate_existing=True)
        assert stored is not None and stored.state == "cancelled"

    async def test_an_admin_cancels_anyone_s(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"], state="running")

        response = await client.post(f"/api/v1/jobs/{job.id}/cancel", headers=team["admin"].headers)

        assert response.status_code == 200
        assert response.json()["data"]["state"] == "cancelled"

    async def test_a_finished_job_cannot_be_cancelled(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"], state="succeeded")

        response = await client.post(f"/api/v1/jobs/{job.id}/cancel", headers=team["sales"].headers)

        assert response.status_code == 409
        stored = await session.get(Job, job.id, populate_existing=True)
        assert stored is not None and stored.state == "succeeded"

    async def test_a_colleague_s_job_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, team: dict[str, Member]
    ) -> None:
        job = await _job(session, team["sales"], state="queued")

        response = await client.post(
            f"/api/v1/jobs/{job.id}/cancel", headers=team["manager"].headers
        )

        assert response.status_code == 404
        stored = await session.get(Job, job.id, populate_existing=True)
        assert stored is not None and stored.state == "queued"
