"""One application for the whole generated suite, its database and settings swapped per test.

FastAPI builds the handlers of an app's included routers on its first request (about half a
second for Heron's route table); the generated suites make hundreds of tests, so they share one
app instead of paying that per test. Everything a request reads from ``app.state`` is reset to
what a fresh ``create_app(settings, database=db)`` would hold.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from heron.config import Settings
from heron.db import Database
from heron.kit.ratelimit import RateLimiter
from heron.main import create_app

_shared: dict[str, Any] = {}


def _shared_app(settings: Settings, db: Database) -> tuple[FastAPI, dict[str, Any]]:
    if "app" not in _shared:
        app = create_app(settings, database=db)
        _shared["app"] = app
        _shared["state"] = dict(app.state._state)
    return _shared["app"], _shared["state"]


@pytest.fixture
async def app(settings: Settings, db: Database) -> FastAPI:
    shared, initial = _shared_app(settings, db)
    state: dict[str, Any] = shared.state._state
    state.clear()
    state.update(initial, settings=settings, db=db, limiter=RateLimiter(settings.redis_url))
    return shared
