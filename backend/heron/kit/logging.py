"""Structured logs: JSON lines in production, readable lines on a terminal; every line of a
request carries its request id."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog


class _StdoutLogger:
    """Prints each line to ``sys.stdout`` as it is when the line is written, not as it was when
    logging was configured: a stream replaced since (a test runner's capture, a daemon's
    redirect) may already be closed."""

    def msg(self, message: str) -> None:
        print(message, file=sys.stdout, flush=True)

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


def _stdout_logger(*_args: Any) -> _StdoutLogger:
    return _StdoutLogger()


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=_stdout_logger,
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=level.upper(), stream=sys.stdout, format="%(message)s")
