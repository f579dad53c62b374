"""The job engine: one Huey queue, built from the settings.

Embedded default: the queue is a SQLite file, ``var/jobs.db``, so queued jobs survive a restart,
and ``heron serve`` runs its consumer in threads of the API process. With ``HERON_REDIS_URL`` the
queue lives in Redis and ``heron worker`` processes consume it. In the test environment jobs run
at once, in memory, when they are enqueued (Huey's immediate mode).

Jobs are plain functions in each domain's ``tasks.py``; they take plain values (ids, strings),
never secrets or ORM objects, and run async code with ``asyncio.run``. Services enqueue them only
after the transaction commits (``Transaction.after_commit``).
"""

from __future__ import annotations

import asyncio
import importlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from huey import Huey, MemoryHuey, RedisHuey
from huey.api import Task
from huey.consumer import Consumer
from huey.storage import BaseStorage, RedisStorage, SqliteStorage

from heron.config import Environment, Settings, get_settings

QUEUE_NAME = "heron"
# Every module that defines tasks: a consumer must know them all to run what it dequeues.
TASK_MODULES = (
    "heron.mail.tasks",
    "heron.ops.tasks",
    "heron.trash.tasks",
    "heron.jobs.tasks",
    "heron.exports.tasks",
    "heron.imports.tasks",
)

log = structlog.get_logger(__name__)

# A claim on one tick of a periodic task is kept this long in Redis (a tick is one minute).
TICK_CLAIM_SECONDS = 24 * 3600

# The settings of the code that enqueued a job running at once in its thread (immediate mode).
_enqueuer_settings: ContextVar[Settings | None] = ContextVar("heron_job_settings", default=None)


class JobStore(SqliteStorage):
    """Huey's SQLite storage, made on first use rather than when the queue object is built, so
    importing Heron creates no file."""

    def __init__(self, name: str, filename: str, **kwargs: Any) -> None:
        super().__init__(name, filename=filename, create_tables=False, **kwargs)

    def _create_connection(self) -> sqlite3.Connection:
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        conn: sqlite3.Connection = super()._create_connection()
        for statement in self.ddl:
            conn.execute(statement)
        return conn


def claim_tick(storage: BaseStorage, task_name: str, tick: str) -> bool:
    """Whether this scheduler is the first to claim ``tick`` of ``task_name`` (atomically, in
    the queue's storage, which every consumer shares)."""
    key = f"tick:{task_name}:{tick}"
    try:
        if isinstance(storage, RedisStorage):
            claim = f"{storage.name}.{key}"
            return bool(storage.conn.set(claim, b"1", nx=True, ex=TICK_CLAIM_SECONDS))
        claimed = bool(storage.put_if_empty(key, b"1"))
        if claimed and isinstance(storage, SqliteStorage):  # forget older ticks of this task
            storage.sql(
                "delete from kv where queue = ? and key like ? and key < ?",
                (storage.name, f"tick:{task_name}:%", key),
                commit=True,
            )
        return claimed
    except Exception:  # the queue is unreachable: enqueueing would fail too
        log.warning("periodic_tick_not_claimed", task=task_name, tick=tick, exc_info=True)
        return False


class _OncePerTick:
    """Huey enqueues a periodic task from the scheduler of every consumer (each ``heron
    worker``, each ``heron serve``); here only the scheduler that claims the task's tick (its
    minute) in the shared storage enqueues it, so it runs once per schedule."""

    def read_periodic(self, timestamp: datetime | None) -> list[Task]:
        due: list[Task] = super().read_periodic(timestamp)  # type: ignore[misc]
        if not due:
            return due
        moment = timestamp or self._get_timestamp()  # type: ignore[attr-defined]
        tick = moment.strftime("%Y%m%d%H%M")
        return [t for t in due if claim_tick(self.storage, t.name, tick)]  # type: ignore[attr-defined]


class HeronHuey(_OncePerTick, Huey):
    pass


class HeronRedisHuey(_OncePerTick, RedisHuey):
    pass


def jobs_file(settings: Settings) -> Path:
    return settings.var_dir / "jobs.db"


def build_huey(settings: Settings) -> Huey:
    """The queue for ``settings``: Redis when configured, else the SQLite file in var_dir."""
    immediate = settings.env is Environment.test
    if settings.redis_url:
        return HeronRedisHuey(
            settings.queue_name, url=settings.redis_url, results=False, immediate=immediate
        )
    return HeronHuey(
        settings.queue_name,
        results=False,
        immediate=immediate,
        storage_class=JobStore,
        filename=str(jobs_file(settings).resolve()),
    )


huey = build_huey(get_settings())
# For callers whose settings say "test" in a process that is not (the test suite builds its
# settings per test): their jobs run at once, in memory, like the process queue in immediate mode.
immediate_huey = MemoryHuey(QUEUE_NAME, results=False, immediate=True)


def job_settings() -> Settings:
    """The settings a running job uses: the enqueuer's when the job runs at once in the
    enqueuer's thread (immediate mode), otherwise this process's."""
    return _enqueuer_settings.get() or get_settings()


def queue_for(settings: Settings) -> Huey:
    if settings.env is Environment.test and not huey.immediate:
        return immediate_huey
    return huey


async def enqueue(settings: Settings, task: Task) -> None:
    """Put ``task`` on the queue. Storage calls block (SQLite, Redis), so they run in a thread;
    in immediate mode the job itself runs there, with ``settings`` as its ``job_settings()``."""
    queue = queue_for(settings)

    def put() -> None:
        _enqueuer_settings.set(settings)  # the thread's own copy of the context
        queue.enqueue(task)

    await asyncio.to_thread(put)


def load_tasks() -> None:
    """Import every task module, so this process's queue knows each job by name."""
    for module in TASK_MODULES:
        importlib.import_module(module)


class _ThreadConsumer(Consumer):
    """A consumer whose threads live in the API process: the web server owns the signals."""

    def _set_signal_handlers(self) -> None:
        pass


@contextmanager
def consumer_in_process(settings: Settings) -> Iterator[None]:
    """Run the queue's consumer in threads of this process for the duration of the block;
    on exit, running jobs get ``shutdown_timeout_seconds`` to finish."""
    load_tasks()
    consumer = _ThreadConsumer(
        huey,
        workers=settings.job_threads,
        worker_type="thread",
        shutdown_timeout=settings.shutdown_timeout_seconds,
        # Idle threads poll at most a second apart (Huey's default backs off to 10 s), so a
        # graceful stop of the API process does not wait out a long sleep.
        max_delay=1.0,
    )
    sweep_on_start(settings)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def run_worker(settings: Settings, workers: int) -> None:
    """Consume the queue until SIGTERM (finish running jobs) or SIGINT (stop now)."""
    load_tasks()
    consumer = huey.create_consumer(
        workers=workers,
        worker_type="thread",
        shutdown_timeout=settings.shutdown_timeout_seconds,
        graceful_signal="TERM",
    )
    sweep_on_start(settings)
    consumer.run()


def sweep_on_start(settings: Settings) -> None:
    """Queue again, before consuming, the jobs a worker that died left running (those whose
    lease has lapsed; the others are swept by the minute, heron/jobs/sweeper.py). Runs in a
    thread of its own: the caller may already be inside an event loop."""
    from heron.jobs.tasks import sweep_jobs_now

    def run() -> None:
        try:
            swept = asyncio.run(sweep_jobs_now(settings))
        except Exception:  # no database yet (before `heron migrate`): the periodic sweep will do
            log.warning("startup_sweep_failed", exc_info=True)
            return
        if swept.requeued or swept.failed:
            log.info("startup_sweep", requeued=len(swept.requeued), failed=len(swept.failed))

    thread = threading.Thread(target=run, name="heron-startup-sweep")
    thread.start()
    thread.join()
