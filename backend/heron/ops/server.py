"""`heron serve`: uvicorn, the schema check before it, and the in-process job consumer."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn

from heron.config import Settings
from heron.ops.migrations import check_schema

HERON_DIR = Path(__file__).resolve().parents[1]
WORKER_HEALTHCHECK_SECONDS = 120


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    reload: bool = False


def serve(settings: Settings, options: ServeOptions) -> None:
    """Serve the API until SIGTERM or SIGINT, then drain in-flight requests and running jobs.

    Raises ``SchemaBehind`` before listening when the database needs ``heron migrate``.
    """
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(check_schema(settings))
    with ExitStack() as stack:
        stack.enter_context(_stop_signals_end_quietly())
        if settings.jobs_in_process:
            from heron.worker import consumer_in_process

            stack.enter_context(consumer_in_process(settings))
        uvicorn.run(**uvicorn_options(settings, options))


def uvicorn_options(settings: Settings, options: ServeOptions) -> dict[str, Any]:
    trusted = ",".join(settings.trusted_proxies)
    return {
        # An import string, so that --workers and --reload can build the app in each process.
        "app": "heron.main:create_app",
        "factory": True,
        "host": options.host,
        "port": options.port,
        "workers": options.workers,
        "reload": options.reload,
        "reload_dirs": [str(HERON_DIR)] if options.reload else None,
        # SIGTERM: stop accepting, let requests in flight finish for this long, then stop.
        "timeout_graceful_shutdown": settings.shutdown_timeout_seconds,
        # With --workers, uvicorn kills a worker that does not answer its health check within
        # this time, and a new worker answers only once it has imported the app: on a busy
        # machine that takes more than uvicorn's 5 s, and the workers were killed and
        # restarted for ever without serving a request.
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS,
        "log_level": settings.log_level.lower(),
        "access_log": False,  # Heron logs each request itself, with its request id
        "server_header": False,
        # Client addresses (rate limits, events) come from X-Forwarded-For only behind a proxy
        # named in HERON_TRUSTED_PROXIES.
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }


def _note_signal(signum: int, frame: FrameType | None) -> None:
    """Handles a stop signal once uvicorn has finished with it (see below)."""


@contextmanager
def _stop_signals_end_quietly() -> Iterator[None]:
    """uvicorn shuts down gracefully on SIGTERM/SIGINT and then raises the signal again for the
    handler that was there before it. With the default handlers that kills the process (exit
    143, or a KeyboardInterrupt) before the job threads have stopped; with these, `serve`
    returns normally, stops its consumer and exits 0."""
    stop_signals = (signal.SIGTERM, signal.SIGINT)
    previous = {sig: signal.signal(sig, _note_signal) for sig in stop_signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
