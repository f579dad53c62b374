"""Periodic tasks run once per schedule tick however many consumers read the schedule: two
consumers (two `heron worker`s) on one Redis, or on one SQLite jobs file, start in the same
minute; each scheduler finds the task due, and it runs once. Plain Huey runs it twice."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from huey import Huey, RedisHuey, crontab
from huey.consumer import Consumer
from redis import Redis

from heron import worker

QueueFactory = Callable[[type[Huey]], Huey]


def _start_of_a_minute() -> None:
    """Two checks a few seconds apart must fall in the same minute (the tick)."""
    if datetime.now().second > 50:
        time.sleep(61 - datetime.now().second)


def _two_consumers_run(make: QueueFactory, cls: type[Huey]) -> int:
    """How many times a task due every minute ran when two consumers started together."""
    runs: list[int] = []
    lock = threading.Lock()
    consumers: list[Consumer] = []
    for _ in range(2):
        queue = make(cls)

        @queue.periodic_task(crontab(), name="tests.every_minute")
        def every_minute() -> None:
            with lock:
                runs.append(1)

        consumers.append(queue.create_consumer(workers=1, worker_type="thread", periodic=True))
    _start_of_a_minute()
    for consumer in consumers:
        consumer._set_signal_handlers = lambda: None  # type: ignore[method-assign]
        consumer.start()
    time.sleep(4)  # each scheduler checks periodic tasks at start; the workers poll every 0.1 s
    for consumer in consumers:
        consumer.stop(graceful=True)
    return len(runs)


@pytest.fixture
def redis_queues(redis_url: str) -> Iterator[QueueFactory]:
    name = f"heron-periodic-{uuid.uuid4().hex[:8]}"
    made: list[Huey] = []

    def make(cls: type[Huey]) -> Huey:
        queue = cls(name, url=redis_url, results=False)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.storage.flush_all()
    client = Redis.from_url(redis_url)
    for key in client.scan_iter(f"{name}.tick:*"):
        client.delete(key)


@pytest.fixture
def sqlite_queues(tmp_path: Path) -> QueueFactory:
    filename = str(tmp_path / "jobs.db")

    def make(cls: type[Huey]) -> Huey:
        return cls(
            "heron-periodic", results=False, storage_class=worker.JobStore, filename=filename
        )

    return make


class TestOncePerTick:
    def test_two_consumers_on_one_redis_run_it_once(self, redis_queues: QueueFactory) -> None:
        assert _two_consumers_run(redis_queues, worker.HeronRedisHuey) == 1

    def test_plain_huey_on_redis_runs_it_twice(self, redis_queues: QueueFactory) -> None:
        # The control: without the tick claim, each consumer's scheduler enqueues it.
        assert _two_consumers_run(redis_queues, RedisHuey) == 2

    def test_two_consumers_on_one_sqlite_file_run_it_once(
        self, sqlite_queues: QueueFactory
    ) -> None:
        assert _two_consumers_run(sqlite_queues, worker.HeronHuey) == 1

    def test_a_tick_is_claimed_once_and_older_ticks_are_forgotten(
        self, sqlite_queues: QueueFactory
    ) -> None:
        storage = sqlite_queues(worker.HeronHuey).storage

        assert worker.claim_tick(storage, "t", "202611211000")
        assert not worker.claim_tick(storage, "t", "202611211000")
        assert worker.claim_tick(storage, "t", "202611211001")

        assert set(storage.result_items()) == {"tick:t:202611211001"}

    def test_the_process_queue_claims_ticks(self) -> None:
        assert isinstance(worker.huey, worker.HeronHuey | worker.HeronRedisHuey)
