"""The job queue chosen from the settings: SQLite file, Redis, or immediate in tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from huey import RedisHuey
from huey.storage import MemoryStorage, RedisStorage
from redis import Redis
from redis.exceptions import RedisError

from heron import worker
from heron.config import Environment, Settings
from heron.mail.sender import Mail
from heron.mail.tasks import send_mail
from tests.helpers.databases import IN_CI, REDIS_URL
from tests.helpers.mail import Mailbox


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, var_dir=tmp_path / "var", **values)  # type: ignore[arg-type]


class TestQueueChoice:
    def test_embedded_default_is_a_sqlite_file_made_on_first_use(self, tmp_path: Path) -> None:
        settings = _settings(tmp_path)

        queue = worker.build_huey(settings)

        assert not queue.immediate
        assert isinstance(queue.storage, worker.JobStore)
        assert not (tmp_path / "var").exists()
        assert queue.pending_count() == 0
        assert (tmp_path / "var" / "jobs.db").is_file()
        queue.storage.close()

    def test_redis_url_puts_the_queue_in_redis(self, tmp_path: Path) -> None:
        queue = worker.build_huey(_settings(tmp_path, redis_url="redis://127.0.0.1:6399/0"))

        assert isinstance(queue, RedisHuey)
        assert isinstance(queue.storage, RedisStorage)

    def test_test_environment_runs_jobs_at_once_in_memory(self, tmp_path: Path) -> None:
        queue = worker.build_huey(_settings(tmp_path, env=Environment.test))

        assert queue.immediate
        assert isinstance(queue.storage, MemoryStorage)
        assert not (tmp_path / "var").exists()


@pytest.fixture
def redis_queue(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Iterator[Settings]:
    """The process queue on the test Redis (a queue name of its own), run by a worker whose
    settings are the test ones in development mode."""
    try:
        Redis.from_url(REDIS_URL).ping()
    except RedisError as exc:
        if IN_CI:
            pytest.fail(f"Redis is required in CI: {exc}")
        pytest.skip("Redis is not reachable (it is required in CI)")
    development = settings.model_copy(
        update={"env": Environment.development, "redis_url": REDIS_URL}
    )
    storage = RedisStorage(f"heron-test-{uuid.uuid4().hex[:8]}", url=REDIS_URL)
    monkeypatch.setattr(worker.huey, "_immediate", False)
    monkeypatch.setattr(worker.huey, "storage", storage)
    monkeypatch.setattr(worker, "get_settings", lambda: development)
    yield development
    storage.flush_all()


class TestRedisQueue:
    @pytest.mark.anyio
    async def test_a_job_goes_through_redis_to_the_worker(
        self, redis_queue: Settings, mailbox: Mailbox
    ) -> None:
        mail = Mail(to="grace@example.com", subject="Via Redis", text="Queued in Redis.\n")

        await worker.enqueue(redis_queue, send_mail.s(mail.to, mail.subject, mail.text))
        assert worker.huey.pending_count() == 1
        assert mailbox.messages == []

        await asyncio.to_thread(lambda: worker.huey.execute(worker.huey.dequeue()))

        [message] = mailbox.to("grace@example.com")
        assert message["Subject"] == "Via Redis"
