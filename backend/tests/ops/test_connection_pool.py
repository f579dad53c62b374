"""A pooled PostgreSQL connection that died while idle is replaced before a request gets it
(heron.db: a connection idle for ``ping_after`` seconds is pinged at checkout, a busy one is
not, which saves a round trip on every request)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from heron.db import create_engine

pytestmark = pytest.mark.anyio

PID = text("SELECT pg_backend_pid()")


@pytest.fixture
def pg_url(database_urls: dict[str, str | None]) -> str:
    url = database_urls["postgresql"]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    return url


async def _pid_then_kill(engine: AsyncEngine, killer: AsyncEngine) -> int:
    """Use one pooled connection, return it to the pool, and end it from the server side."""
    async with engine.connect() as conn:
        pid = (await conn.execute(PID)).scalar_one()
    async with killer.connect() as admin:
        # With a timeout, pg_terminate_backend waits until the process is gone.
        await admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        await admin.commit()
    return int(pid)


@pytest.fixture
async def killer(pg_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(pg_url, pool=False)
    yield engine
    await engine.dispose()


async def test_a_connection_that_died_while_idle_is_replaced(
    pg_url: str, killer: AsyncEngine
) -> None:
    engine = create_engine(pg_url, ping_after=0.2)
    try:
        dead = await _pid_then_kill(engine, killer)
        await asyncio.sleep(0.3)
        async with engine.connect() as conn:
            pid = (await conn.execute(PID)).scalar_one()
        assert pid != dead
        assert engine.sync_engine.pool.checkedin() == 1  # the dead one is gone, not kept
    finally:
        await engine.dispose()


async def test_a_recently_used_connection_is_not_pinged(pg_url: str, killer: AsyncEngine) -> None:
    """The other half: within ``ping_after`` the pool hands the connection out unchecked, so a
    request on a connection that died meanwhile fails (and the pool starts afresh after it)."""
    engine = create_engine(pg_url, ping_after=60)
    try:
        dead = await _pid_then_kill(engine, killer)
        with pytest.raises(DBAPIError) as failed:
            async with engine.connect() as conn:
                await conn.execute(PID)
        assert failed.value.connection_invalidated
        async with engine.connect() as conn:
            assert (await conn.execute(PID)).scalar_one() != dead
    finally:
        await engine.dispose()
