"""Real workers: a `heron worker` process (with the test job kind loaded) consuming from the
SQLite jobs file or from Redis, on a SQLite or PostgreSQL database of the test's own.

- A worker killed (SIGKILL) half-way through a job leaves none of the job's writes behind; once
  its lease has lapsed, a restarted worker queues it again and runs it to the end.
- A job failing for an outside reason is retried through the queue, with backoff, and succeeds.
- With Redis, the progress a worker process publishes reaches a stream served by an API
  process (here, uvicorn in a thread of the test process).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from huey.storage import RedisStorage

from heron import worker
from heron.config import Environment, Settings
from heron.db import Database
from heron.jobs.lease import lease_until
from heron.jobs.service import JobService
from heron.kit import tenancy
from heron.kit.subject import ActorType, Subject
from heron.main import create_app
from heron.models import Job
from heron.roles.matrix import Scope
from tests.helpers.databases import IN_CI, migrate, postgres_problem, scratch_postgres
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.jobs import make_tags, tags_made
from tests.jobs.test_stream import events

pytestmark = pytest.mark.anyio

BACKEND = Path(__file__).resolve().parents[2]
WORKER = (
    "import tests.helpers.jobs\n"
    "from heron.config import get_settings\n"
    "from heron.worker import run_worker\n"
    "run_worker(get_settings(), 1)\n"
)
LEASE_SECONDS = 2


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of this module's own (workers commit for real)."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('jobs-db') / 'heron.db'}"
        migrate(url)
        yield url
        return
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI: {problem}")
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    with scratch_postgres("jobs") as url:
        migrate(url)
        yield url


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_settings(
    request: pytest.FixtureRequest, database_url: str, tmp_path: Path, settings: Settings
) -> Iterator[Settings]:
    values: dict[str, object] = {
        "env": Environment.development,
        "database_url": database_url,
        "var_dir": tmp_path / "var",
        "job_lease_seconds": LEASE_SECONDS,
        "queue_name": f"heron-test-{uuid.uuid4().hex[:8]}",
        "jobs_in_process": False,
    }
    if request.param == "redis-queue":
        redis_url = request.getfixturevalue("redis_url")
        values["redis_url"] = redis_url
    yield settings.model_copy(update=values)
    if request.param == "redis-queue":
        RedisStorage(str(values["queue_name"]), url=str(values["redis_url"])).flush_all()


@pytest.fixture
def queue(queue_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> worker.Huey:
    """This process's queue, pointed at the workers' storage (this process only enqueues)."""
    storage = worker.build_huey(queue_settings).storage
    monkeypatch.setattr(worker.huey, "_immediate", False)
    monkeypatch.setattr(worker.huey, "storage", storage)
    return worker.huey


@dataclass
class Place:
    settings: Settings
    db: Database
    member: Member


@pytest.fixture
async def place(queue_settings: Settings, queue: worker.Huey) -> AsyncIterator[Place]:
    db = Database.from_settings(queue_settings)
    async with db.transaction() as tx, tenancy.bypass(tx.session):
        org = await create_org(tx.session)
        member = await create_member(tx.session, queue_settings, org, "sales")
    yield Place(queue_settings, db, member)
    await db.dispose()


class Worker:
    """A `heron worker` process of the test's settings."""

    def __init__(self, settings: Settings) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HERON_")}
        env.update(
            HERON_ENV="development",
            HERON_DATABASE_URL=settings.database,
            HERON_VAR_DIR=str(settings.var_dir),
            HERON_QUEUE_NAME=settings.queue_name,
            HERON_JOB_LEASE_SECONDS=str(settings.job_lease_seconds),
            HERON_SECRET_KEY=settings.secret_key,
            HERON_LOG_LEVEL="WARNING",
        )
        if settings.redis_url:
            env["HERON_REDIS_URL"] = settings.redis_url
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=BACKEND,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for each in started:
        each.stop()


async def _start(place: Place, **params: object) -> uuid.UUID:
    member = place.member
    subject = Subject(
        actor_type=ActorType.user, org_id=member.org.id, role="sales", user_id=member.user.id
    )
    async with place.db.transaction() as tx:
        await tenancy.enter(tx.session, member.org.id, member.user.id)
        job = await JobService(tx, place.settings, subject).start(make_tags, params)
    return job.id


async def _job(place: Place, job_id: uuid.UUID) -> Job:
    async with place.db.transaction(write=False) as tx, tenancy.bypass(tx.session):
        job = await tx.session.get(Job, job_id)
        assert job is not None
        return job


async def _tags(place: Place, prefix: str) -> int:
    async with place.db.transaction(write=False) as tx, tenancy.bypass(tx.session):
        return await tags_made(tx.session, prefix)


async def _until(place: Place, job_id: uuid.UUID, states: set[str], seconds: float) -> Job:
    deadline = time.monotonic() + seconds
    while True:
        job = await _job(place, job_id)
        if job.state in states or time.monotonic() > deadline:
            return job
        await asyncio.sleep(0.1)


class TestKilledWorker:
    async def test_a_killed_job_leaves_nothing_and_finishes_after_a_restart(
        self, place: Place, queue: worker.Huey, workers: list[Worker]
    ) -> None:
        prefix = f"kill-{uuid.uuid4().hex[:8]}"
        job_id = await _start(place, prefix=prefix, count=20, pause=0.25)
        workers.append(Worker(place.settings))

        running = await _until(place, job_id, {"running"}, 60)
        assert running.state == "running", running.state
        await asyncio.sleep(1.5)  # about 6 of the 20 tags made, in the uncommitted transaction
        workers[0].kill()

        killed = await _job(place, job_id)
        assert (killed.state, killed.attempts) == ("running", 1)
        assert await _tags(place, prefix) == 0
        # Its lease lapses (nobody renews it), then a worker starting up queues it again.
        while (lease := lease_until(queue, job_id)) is not None and lease > time.time():
            await asyncio.sleep(0.2)
        workers.append(Worker(place.settings))

        done = await _until(place, job_id, {"succeeded", "failed"}, 60)
        assert done.state == "succeeded", done.error
        assert done.attempts == 2
        assert done.result is not None and done.result["made"] == 20
        assert (done.progress_done, done.progress_total) == (20, 20)
        assert await _tags(place, prefix) == 20


class TestRetries:
    async def test_an_outside_failure_is_retried_through_the_queue(
        self, place: Place, workers: list[Worker]
    ) -> None:
        prefix = f"retry-{uuid.uuid4().hex[:8]}"
        # The first two attempts fail (retry_delay 1 s, then 2 s); the third succeeds.
        job_id = await _start(place, prefix=prefix, count=2, outside_failures=2)
        workers.append(Worker(place.settings))

        done = await _until(place, job_id, {"succeeded", "failed"}, 60)

        assert done.state == "succeeded", done.error
        assert done.attempts == 3
        assert done.error is None
        assert await _tags(place, prefix) == 2


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


@pytest.fixture
def api(place: Place) -> Iterator[str]:
    """The API, served by uvicorn in a thread of this process, on the workers' settings."""
    config = uvicorn.Config(
        create_app(place.settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


class TestLiveProgressAcrossProcesses:
    async def test_a_worker_process_progress_reaches_the_api_s_stream(
        self, place: Place, queue_settings: Settings, api: str, workers: list[Worker]
    ) -> None:
        if not queue_settings.redis_url:
            pytest.skip("across processes, live progress travels through Redis")
        job_id = await _start(place, prefix=f"live-{uuid.uuid4().hex[:8]}", count=12, pause=0.2)

        async with (
            httpx.AsyncClient(base_url=api, timeout=60) as client,
            client.stream(
                "GET", f"/api/v1/jobs/{job_id}/stream", headers=place.member.headers
            ) as response,
        ):
            assert response.status_code == 200
            workers.append(Worker(place.settings))  # starts once we listen
            body = "".join([chunk async for chunk in response.aiter_text()])

        sent = events(body)
        assert sent[0]["state"] == "queued"
        assert sent[-1]["state"] == "succeeded"
        progress = [e["progress_done"] for e in sent if e["state"] == "running"]
        assert len(set(progress)) >= 3, sent  # a real progress bar, not just start and end
        assert progress == sorted(progress)


class TestLiveProgressInOneProcess:
    async def test_the_in_process_consumer_s_progress_reaches_the_stream(
        self,
        place: Place,
        queue_settings: Settings,
        api: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The embedded default: `heron serve` runs the jobs in threads of the API process, and
        the memory bus hands their progress to the streams' event loop."""
        if queue_settings.redis_url:
            pytest.skip("the embedded default has no Redis")
        monkeypatch.setattr(worker, "get_settings", lambda: place.settings)
        job_id = await _start(place, prefix=f"local-{uuid.uuid4().hex[:8]}", count=12, pause=0.2)

        async with (
            httpx.AsyncClient(base_url=api, timeout=60) as client,
            client.stream(
                "GET", f"/api/v1/jobs/{job_id}/stream", headers=place.member.headers
            ) as response,
        ):
            assert response.status_code == 200
            with worker.consumer_in_process(place.settings):
                body = "".join([chunk async for chunk in response.aiter_text()])

        sent = events(body)
        assert sent[-1]["state"] == "succeeded"
        progress = [e["progress_done"] for e in sent if e["state"] == "running"]
        assert len(set(progress)) >= 3, sent


class TestCancel:
    async def test_a_cancelled_running_job_stops_and_keeps_nothing(
        self, place: Place, workers: list[Worker]
    ) -> None:
        if place.settings.database.startswith("sqlite"):
            pytest.skip(
                "on SQLite a running job's transaction holds the write lock (BEGIN IMMEDIATE) "
                "until it commits: a cancel, itself a write, waits for the job to finish "
                "(then 409); queued jobs are cancelled on both databases (test_endpoints.py)"
            )
        prefix = f"cancel-{uuid.uuid4().hex[:8]}"
        job_id = await _start(place, prefix=prefix, count=40, pause=0.25)  # about 10 s
        workers.append(Worker(place.settings))
        assert (await _until(place, job_id, {"running"}, 60)).state == "running"
        await asyncio.sleep(1)

        member = place.member
        subject = Subject(
            actor_type=ActorType.user, org_id=member.org.id, role="sales", user_id=member.user.id
        )
        async with place.db.transaction() as tx:
            await tenancy.enter(tx.session, member.org.id, member.user.id)
            await JobService(tx, place.settings, subject, Scope.own).cancel(job_id)
        # The worker stops at its next progress report; a second job then runs on it.
        other = await _start(place, prefix=f"after-{uuid.uuid4().hex[:8]}", count=1)
        after = await _until(place, other, {"succeeded", "failed"}, 60)

        assert after.state == "succeeded"
        job = await _job(place, job_id)
        assert job.state == "cancelled"
        assert job.progress_done < 40
        assert await _tags(place, prefix) == 0
