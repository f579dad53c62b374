"""A running job's lease in the queue's storage: renewed while held, dropped by its holder only."""

from __future__ import annotations

import time
import uuid

from huey import MemoryHuey

from heron.jobs.lease import Lease, lease_until


def test_a_lease_is_renewed_while_held_and_dropped_at_the_end() -> None:
    queue, job_id = MemoryHuey("lease"), uuid.uuid4()
    lease = Lease(queue, job_id, seconds=2)

    lease.start()
    first = lease_until(queue, job_id)
    time.sleep(0.7)  # past one renewal (every half second for a 2-second lease)
    renewed = lease_until(queue, job_id)
    lease.stop()

    assert first is not None and renewed is not None and renewed > first
    assert lease_until(queue, job_id) is None


def test_a_worker_that_lost_the_race_keeps_the_winner_s_lease() -> None:
    queue, job_id = MemoryHuey("lease"), uuid.uuid4()
    loser, winner = Lease(queue, job_id, seconds=60), Lease(queue, job_id, seconds=60)
    loser.start()
    winner.start()

    loser.stop()

    until = lease_until(queue, job_id)
    assert until is not None and until > time.time()
    winner.stop()
    assert lease_until(queue, job_id) is None
