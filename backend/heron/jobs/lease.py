"""A running job's lease: "a worker is on it until <time>", renewed from a thread.

Leases live in the queue's own storage (the SQLite jobs file, or Redis), not in Heron's
database: on SQLite a job's work may hold the database's write lock for a while, and a renewal
must never wait for it. A lease that lapses means the worker died; the sweeper
(heron/jobs/sweeper.py) then queues the job again.
"""

from __future__ import annotations

import threading
import time
import uuid

import structlog
from huey import Huey
from huey.constants import EmptyData

log = structlog.get_logger(__name__)


def lease_key(job_id: uuid.UUID) -> str:
    return f"job-lease:{job_id}"


def lease_until(queue: Huey, job_id: uuid.UUID) -> float | None:
    """When the job's lease ends (epoch seconds), or None when it has none."""
    value = queue.storage.peek_data(lease_key(job_id))
    if value is EmptyData:
        return None
    try:
        return float(bytes(value).decode().split(":", 1)[0])
    except (TypeError, ValueError):
        return None


def drop_lease(queue: Huey, job_id: uuid.UUID) -> None:
    queue.storage.delete_data(lease_key(job_id))


class Lease:
    """Holds a job's lease while the job runs: written at start, renewed every quarter of its
    length from a daemon thread (so a job busy computing still renews it), dropped at the end."""

    def __init__(self, queue: Huey, job_id: uuid.UUID, seconds: int) -> None:
        self.queue = queue
        self.job_id = job_id
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # Whose lease it is: a worker that lost the race for a job must not drop the winner's.
        self.token = uuid.uuid4().hex

    def _write(self) -> None:
        value = f"{time.time() + self.seconds}:{self.token}".encode()
        self.queue.storage.put_data(lease_key(self.job_id), value)

    def start(self) -> None:
        self._write()
        self._thread = threading.Thread(
            target=self._renew, name=f"lease-{self.job_id}", daemon=True
        )
        self._thread.start()

    def _renew(self) -> None:
        while not self._stop.wait(self.seconds / 4):
            try:
                self._write()
            except Exception:  # the next renewal tries again; the lease is 4 renewals long
                log.warning("job_lease_renewal_failed", job_id=str(self.job_id), exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            current = self.queue.storage.peek_data(lease_key(self.job_id))
            if current is not EmptyData and bytes(current).decode().endswith(self.token):
                drop_lease(self.queue, self.job_id)
        except Exception:
            log.warning("job_lease_drop_failed", job_id=str(self.job_id), exc_info=True)
