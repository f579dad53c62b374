"""The test databases and services: where they are, and the few admin steps every suite needs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from alembic import command
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from heron.db import create_engine as create_async_engine
from heron.ops.migrations import alembic_config

POSTGRES_URL = os.environ.get(
    "HERON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/heron_test"
)
REDIS_URL = os.environ.get("HERON_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# In CI a missing PostgreSQL or Redis fails the run; locally those tests are skipped.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def admin(url: str, *statements: str) -> None:
    """Run statements outside any transaction (CREATE DATABASE cannot run in one)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


async def rows_of(url: str, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
    """The rows of one statement on a connection of its own, with Heron's connection settings
    (for checking what a migration or a start left in the catalog)."""
    engine = create_async_engine(url, pool=False)
    try:
        async with engine.connect() as conn:
            return list(await conn.execute(text(sql), dict(params or {})))
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Run:
    """A statement the app sent to the driver, as the driver got it."""

    sql: str
    parameters: Any


@contextmanager
def statements_run(engine: AsyncEngine) -> Iterator[list[Run]]:
    """The statements ``engine`` runs inside the block, in order."""
    seen: list[Run] = []

    def keep(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        seen.append(Run(sql, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", keep)


def postgres_problem() -> str | None:
    """Why the test PostgreSQL server cannot be reached, or None when it can."""
    try:
        admin(POSTGRES_URL, "SELECT 1")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@contextmanager
def scratch_postgres(label: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database on the test server, dropped afterwards."""
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(url: str, revision: str = "head") -> None:
    """``alembic upgrade``, as Heron runs it. Alembic runs its own event loop: from async tests,
    call it through a thread."""
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, revision)


def downgrade(url: str, revision: str) -> None:
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.downgrade(config, revision)
