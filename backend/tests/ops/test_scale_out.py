"""Heron on several processes: two `heron serve` processes and one `heron worker`, one PostgreSQL
and one Redis, as in production (docker-compose.yml, deploy/k8s/).

- A job started through one API process is run by the worker (the API processes only enqueue:
  HERON_JOBS_IN_PROCESS=false), and both API processes see it finished.
- The progress the worker produces reaches a server-sent-event stream connected to the other API
  process, through Redis pub/sub, before the stream's 15-second database re-read could.
- Rate limits are shared: failed sign-ins spread over both processes count against one limit.

PostgreSQL and Redis are required in CI; elsewhere the test is skipped without them.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.helpers.databases import IN_CI, REDIS_URL, migrate, postgres_problem, scratch_postgres

BACKEND = Path(__file__).resolve().parents[2]
START_SECONDS = 90  # two cold interpreters and a worker start at once on two cores
# Under the stream's keep-alive/re-read period (15 s): a state seen sooner came through Redis.
LIVE_SECONDS = 12.0
PASSWORD = "a long enough password"


def _required(problem: str | None, what: str) -> None:
    if problem:
        if IN_CI:
            pytest.fail(f"{what} is required in CI: {problem}")
        pytest.skip(f"{what} is not reachable (it is required in CI)")


def _redis_problem() -> str | None:
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        return str(exc)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Topology:
    """The processes of one test, sharing one environment (database, Redis, queue, secret)."""

    def __init__(self, database_url: str, var_dir: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HERON_")}
        self.env.update(
            HERON_ENV="development",
            HERON_DATABASE_URL=database_url,
            HERON_REDIS_URL=REDIS_URL,
            HERON_QUEUE_NAME=f"heron-scale-{uuid.uuid4().hex[:8]}",
            HERON_JOBS_IN_PROCESS="false",
            HERON_VAR_DIR=str(var_dir),
            HERON_SECRET_KEY="scale-out-test-secret-" + uuid.uuid4().hex,
            HERON_LOG_LEVEL="WARNING",
        )
        self.processes: list[subprocess.Popen[bytes]] = []
        self.apis: list[str] = []

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "heron.cli", *args],
            cwd=BACKEND,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_api(self) -> str:
        port = _free_port()
        process = self._start("serve", "--host", "127.0.0.1", "--port", str(port))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"heron serve exited with {process.returncode}:\n{stderr}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    self.apis.append(f"{base}/api/v1")
                    return f"{base}/api/v1"
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"heron serve was not ready within {START_SECONDS} s")

    def start_worker(self) -> None:
        self._start("worker", "--workers", "2")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        redis = Redis.from_url(REDIS_URL)
        for key in redis.scan_iter(f"*{self.env['HERON_QUEUE_NAME']}*"):
            redis.delete(key)


@pytest.fixture
def topology(tmp_path: Path) -> Iterator[Topology]:
    _required(postgres_problem(), "PostgreSQL")
    _required(_redis_problem(), "Redis")
    with scratch_postgres("scale") as url:
        migrate(url)
        processes = Topology(url, tmp_path / "var")
        try:
            yield processes
        finally:
            processes.stop()


def _register(api: str) -> str:
    """A new organization and its Owner; answers the Owner's e-mail."""
    email = f"owner-{uuid.uuid4().hex[:8]}@example.com"
    registered = httpx.post(
        f"{api}/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "full_name": "Scale Owner",
            "organization_name": "Scale Out",
        },
        timeout=30,
    )
    assert registered.status_code == 201, registered.text
    return email


def _sign_in(api: str, email: str) -> str:
    login = httpx.post(f"{api}/auth/login", json={"email": email, "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    token: str = login.json()["data"]["access_token"]
    return token


def _job_states(response: httpx.Response, seconds: float) -> Iterator[dict[str, object]]:
    """The `job` events of a stream as they arrive, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    block: list[str] = []
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            return
        if line:
            block.append(line)
            continue
        if "event: job" in block:
            data = next(item for item in block if item.startswith("data: "))
            yield json.loads(data.removeprefix("data: "))
        block = []


def test_a_job_from_one_process_runs_on_the_worker_and_streams_to_the_other(
    topology: Topology,
) -> None:
    first, second = topology.start_api(), topology.start_api()
    token = _sign_in(second, _register(first))
    auth = {"Authorization": f"Bearer {token}"}
    for n in range(30):
        created = httpx.post(
            f"{second}/contacts",
            json={"first_name": f"Person {n}", "last_name": "Scale"},
            headers=auth,
            timeout=30,
        )
        assert created.status_code == 201, created.text

    # Enqueued through the first process; no worker runs yet, so it waits in Redis.
    started = httpx.post(f"{first}/contacts/export", headers=auth, timeout=30)
    assert started.status_code == 202, started.text
    job_id = started.json()["data"]["id"]
    assert started.json()["data"]["state"] == "queued"

    # Followed on the second process; the worker starts only once the stream is connected.
    seen: list[str] = []
    with httpx.stream(
        "GET", f"{second}/jobs/{job_id}/stream", headers=auth, timeout=START_SECONDS
    ) as stream:
        assert stream.status_code == 200
        states = _job_states(stream, START_SECONDS)
        first_event = next(states)
        assert first_event["state"] == "queued"
        topology.start_worker()
        changed_at = None
        for event in states:
            seen.append(str(event["state"]))
            if event["state"] == "running" and changed_at is None:
                changed_at = time.monotonic()
            if event["state"] in {"succeeded", "failed", "cancelled"}:
                finished_at = time.monotonic()
                break
    assert seen[-1] == "succeeded", seen
    assert "running" in seen, f"the worker's progress did not reach the other process: {seen}"
    assert changed_at is not None and finished_at - changed_at < LIVE_SECONDS

    # Run by the worker (neither API process consumes), visible from both processes.
    for api in (first, second):
        job = httpx.get(f"{api}/jobs/{job_id}", headers=auth, timeout=30).json()["data"]
        assert job["state"] == "succeeded"
        assert job["progress_done"] == 30


def test_rate_limits_are_shared_between_processes(topology: Topology) -> None:
    first, second = topology.start_api(), topology.start_api()
    email = _register(first)
    wrong = {"email": email, "password": "not the password at all"}

    # HERON_RATE_LIMIT_LOGIN_ACCOUNT is 5 a minute: alternate the processes.
    answers = [
        httpx.post(f"{(first, second)[n % 2]}/auth/login", json=wrong, timeout=30).status_code
        for n in range(6)
    ]

    # Each process saw only three attempts; with counters per process none would refuse.
    assert answers[:5] == [401] * 5, answers
    assert answers[5] == 429, answers
