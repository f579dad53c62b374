"""Log lines go to the standard output as it is when they are written."""

from __future__ import annotations

import io
import sys

import pytest
import structlog

from heron.kit.logging import configure_logging


def test_a_log_line_after_stdout_was_replaced_goes_to_the_new_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stdout", first)
    configure_logging("INFO", json=True)
    log = structlog.get_logger("heron.test")
    log.info("before")
    # A test runner closes the capture of the test that configured logging and gives the next
    # test a new one; a logger cached with the old stream used to fail here with "I/O
    # operation on closed file".
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stdout", second)

    log.warning("after", job_id="j1")

    (line,) = second.getvalue().splitlines()
    assert '"event": "after"' in line and '"job_id": "j1"' in line
