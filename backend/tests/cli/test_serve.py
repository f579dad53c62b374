"""`heron serve` as a process: it becomes ready, answers, and on SIGTERM drains and exits 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.databases import migrate

START_SECONDS = 120  # cold interpreters (one per worker) import FastAPI, SQLAlchemy and more
STOP_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HERON_")}
    env.update(
        HERON_ENV="development",
        HERON_VAR_DIR=str(var_dir),
        HERON_DATABASE_URL=database_url,
        HERON_LOG_LEVEL="WARNING",
    )
    return env


@pytest.fixture(params=[1, 2], ids=["1-process", "2-workers"])
def server(
    empty_db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    migrate(empty_db_url)
    port = _free_port()
    command = [sys.executable, "-m", "heron.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(request.param)]
    process = subprocess.Popen(
        command,
        env=_environment(tmp_path / "var", empty_db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"heron serve exited with {process.returncode}:\n{stderr}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"heron serve was not ready within {START_SECONDS} s")


class TestGracefulShutdown:
    def test_sigterm_stops_the_server_with_status_0(
        self, server: tuple[subprocess.Popen[bytes], str]
    ) -> None:
        process, base = server
        _wait_until_ready(process, base)
        for _ in range(20):  # with workers, more than one of them answers
            assert httpx.get(f"{base}/healthz", timeout=5).json() == {"status": "ok"}

        process.send_signal(signal.SIGTERM)

        try:
            status = process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"heron serve did not stop within {STOP_SECONDS} s of SIGTERM")
        stderr = process.stderr.read().decode() if process.stderr else ""
        assert status == 0, stderr
        assert "Traceback" not in stderr
        assert "died" not in stderr  # uvicorn's word for a worker it killed and replaced
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{base}/healthz", timeout=2)
