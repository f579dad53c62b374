"""A request that cannot get its turn at the database is answered 503 ``database_busy`` with
Retry-After, and nothing of it is saved: SQLite's write lock held by another connection past
the busy timeout, a lock PostgreSQL gave up waiting for. (It was a 500: seen in the bench's load
runs with two processes on SQLite, docs/performance.md.)"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from heron import db as heron_db
from heron.db import create_engine
from heron.kit.handlers import database_busy
from heron.main import create_app
from tests.helpers.databases import migrate
from tests.helpers.ops import settings_for

pytestmark = pytest.mark.anyio

REGISTER = {
    "email": "ada@example.com",
    "password": "correct horse battery",
    "full_name": "Ada Lovelace",
    "organization_name": "Analytical Engines Ltd",
}


async def _register(app: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://heron") as client:
        return await client.post("/api/v1/auth/register", json=REGISTER)


async def test_a_write_kept_waiting_on_sqlite_is_a_503_that_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "heron.db"
    await asyncio.to_thread(migrate, f"sqlite+aiosqlite:///{path}")
    monkeypatch.setattr(heron_db, "SQLITE_BUSY_SECONDS", 0.2)
    app = create_app(settings_for(f"sqlite+aiosqlite:///{path}", tmp_path))
    try:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than 0.2 s
        try:
            refused = await _register(app)
        finally:
            holder.execute("ROLLBACK")
            holder.close()

        assert refused.status_code == 503, refused.text
        assert refused.json()["error"]["code"] == "database_busy"
        assert refused.headers["retry-after"] == "1"
        # Nothing was saved: the same address registers once the lock is gone.
        assert (await _register(app)).status_code == 201
    finally:
        await app.state.db.dispose()


async def test_a_lock_postgresql_gave_up_waiting_for_is_busy(
    database_urls: dict[str, str | None],
) -> None:
    url = database_urls["postgresql"]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    engine = create_engine(url, pool=False)
    try:
        async with engine.connect() as holder, engine.connect() as waiter:
            await holder.execute(text("SELECT pg_advisory_xact_lock(4242)"))
            await waiter.execute(text("SET lock_timeout = '50ms'"))
            with pytest.raises(OperationalError) as refused:
                await waiter.execute(text("SELECT pg_advisory_xact_lock(4242)"))
    finally:
        await engine.dispose()

    assert database_busy(refused.value)


def test_other_operational_errors_are_not_busy() -> None:
    assert not database_busy(OperationalError("SELECT 1", {}, Exception("disk I/O error")))
