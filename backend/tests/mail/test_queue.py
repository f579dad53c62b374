"""E-mail goes through the job queue after the commit: delivered at once in the test
environment (immediate mode), kept in the persistent queue until a consumer runs otherwise."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from huey import Huey

from heron import worker
from heron.config import Environment, Settings
from heron.db import Database
from heron.mail import tasks
from heron.mail.sender import Mail, send_after_commit
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

MAIL = Mail(to="ada@example.com", subject="Hello", text="A queued hello.\n")


class Boom(Exception):
    pass


@pytest.fixture
def development(settings: Settings) -> Settings:
    """The test settings (SMTP to the test mailbox), but in development: jobs are queued."""
    return settings.model_copy(update={"env": Environment.development})


@pytest.fixture
def queue(development: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Huey]:
    """The process queue, not immediate, stored in a SQLite file of this test; its jobs run with
    the development settings, as a worker configured with them would."""
    monkeypatch.setattr(worker.huey, "_immediate", False)
    monkeypatch.setattr(worker.huey, "storage", _store(development))
    monkeypatch.setattr(worker, "get_settings", lambda: development)
    yield worker.huey
    worker.huey.storage.close()


def _store(settings: Settings) -> worker.JobStore:
    return worker.JobStore(worker.QUEUE_NAME, filename=str(worker.jobs_file(settings)))


async def _send(db: Database, settings: Settings, *, fail: bool = False) -> None:
    async with db.transaction() as tx:
        send_after_commit(tx, settings, MAIL)
        if fail:
            raise Boom


async def _run_next_job(queue: Huey) -> None:
    """What a consumer does with the next job (in a thread: the job runs its own event loop)."""

    def run() -> None:
        job = queue.dequeue()
        assert job is not None, "the queue is empty"
        queue.execute(job)

    await asyncio.to_thread(run)


class TestImmediateMode:
    async def test_mail_is_delivered_when_the_transaction_commits(
        self, db: Database, settings: Settings, mailbox: Mailbox
    ) -> None:
        await _send(db, settings)

        [message] = mailbox.to(MAIL.to)
        assert message["Subject"] == MAIL.subject

    async def test_nothing_is_sent_when_the_transaction_rolls_back(
        self, db: Database, settings: Settings, mailbox: Mailbox
    ) -> None:
        with pytest.raises(Boom):
            await _send(db, settings, fail=True)

        assert mailbox.messages == []


class TestQueuedDelivery:
    async def test_mail_waits_in_the_queue_until_a_consumer_runs_it(
        self, db: Database, development: Settings, queue: Huey, mailbox: Mailbox
    ) -> None:
        await _send(db, development)

        assert mailbox.messages == []
        assert queue.pending_count() == 1

        await _run_next_job(queue)

        [message] = mailbox.to(MAIL.to)
        assert message["Subject"] == MAIL.subject
        assert "A queued hello." in message.get_payload()
        assert queue.pending_count() == 0

    async def test_queued_mail_survives_a_restart(
        self, db: Database, development: Settings, queue: Huey, mailbox: Mailbox
    ) -> None:
        await _send(db, development)
        queue.storage.close()

        reopened = _store(development)  # what the next process finds in var/jobs.db
        try:
            assert reopened.queue_size() == 1
        finally:
            reopened.close()
        await _run_next_job(queue)
        assert len(mailbox.to(MAIL.to)) == 1

    async def test_rolled_back_work_queues_nothing(
        self, db: Database, development: Settings, queue: Huey
    ) -> None:
        with pytest.raises(Boom):
            await _send(db, development, fail=True)

        assert queue.pending_count() == 0

    async def test_the_in_process_consumer_delivers_it(
        self, db: Database, development: Settings, queue: Huey, mailbox: Mailbox
    ) -> None:
        await _send(db, development)

        with worker.consumer_in_process(development):
            for _ in range(100):
                if mailbox.messages:
                    break
                await asyncio.sleep(0.1)

        assert len(mailbox.to(MAIL.to)) == 1
        assert queue.pending_count() == 0

    async def test_the_job_carries_no_settings(
        self, db: Database, development: Settings, queue: Huey
    ) -> None:
        await _send(db, development)

        [job] = queue.pending()

        assert isinstance(job, tasks.send_mail.task_class)
        assert job.args == (MAIL.to, MAIL.subject, MAIL.text)
        assert job.kwargs == {}


class TestOutbox:
    async def test_without_smtp_the_job_writes_the_outbox(
        self, db: Database, settings: Settings, tmp_path: Path
    ) -> None:
        local = settings.model_copy(update={"smtp_url": None})

        await _send(db, local)

        [path] = local.outbox_dir.glob("*.eml")
        assert "A queued hello." in path.read_text()
