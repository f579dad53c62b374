"""A real `heron serve` process (or several workers) on a free loopback port."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from datasets import Dataset

STARTUP_SECONDS = 240  # a busy two-core machine imports slowly


@dataclass(frozen=True)
class Running:
    base_url: str
    secret_key: str
    workers: int
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(dataset: Dataset, var_dir: str, secret_key: str) -> dict[str, str]:
    """Production settings, with the data set's database: what an operator would run."""
    return {
        "HERON_ENV": "production",
        "HERON_SECRET_KEY": secret_key,
        "HERON_DATABASE_URL": dataset.app_url,
        "HERON_VAR_DIR": var_dir,
        "HERON_LOG_LEVEL": "INFO",
    }


@contextmanager
def serve(dataset: Dataset, logs: Path, *, workers: int = 1) -> Iterator[Running]:
    port = free_port()
    key = secrets.token_urlsafe(48)
    log = logs / f"serve-{dataset.dialect}-{workers}w.log"
    with tempfile.TemporaryDirectory(prefix="heron-bench-") as var_dir, log.open("w") as out:
        env = {**os.environ, **server_env(dataset, var_dir, key)}
        process = subprocess.Popen(
            [sys.executable, "-m", "heron.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--workers", str(workers)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, log)
            yield Running(base_url=base, secret_key=key, workers=workers, log=log)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"heron serve exited with {process.returncode}; see {log}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"heron serve was not ready after {STARTUP_SECONDS} s; see {log}")
