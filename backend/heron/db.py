"""Engines, sessions and the per-request transaction.

One request, one transaction: a route's work runs in one session that is committed when the
handler returned successfully and rolled back on any error (see ``kit/routing.py``). Application
code only ever ``flush()``es. Work that must happen after the commit (sending e-mail, jobs)
registers itself with ``after_commit``.
"""

from __future__ import annotations

import contextvars
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import structlog
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from heron.config import Settings
from heron.kit import tenancy

log = structlog.get_logger(__name__)

AfterCommit = Callable[[], Awaitable[None] | None]

# How long a SQLite statement waits for another connection's write lock before the request
# is answered 503 database_busy (kit/handlers.py), nothing saved.
SQLITE_BUSY_SECONDS = 15.0

# SQLite takes its write lock at BEGIN IMMEDIATE for writing requests, so two writers queue up
# instead of one failing half-way with "database is locked" (the embedded default is one process).
_sqlite_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sqlite_immediate", default=False
)


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine: Engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _sqlite_immediate.get() else "BEGIN")


def _configure_postgresql(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # No JIT compilation: it pays off for long analytic scans, and Heron's statements are
        # short. A board query whose estimate crossed jit_above_cost spent 57 of its 109 ms
        # compiling (docs/performance.md, "API").
        cursor = dbapi_connection.cursor()
        cursor.execute("SET jit = off")
        cursor.close()


# Nineteen digits in a row may be an integer beyond 64 bits, which orjson reads as a float
# (losing digits) where the standard library keeps it exact.
_LONG_DIGITS = re.compile(rb"\d{19}")
_LONG_DIGITS_TEXT = re.compile(r"\d{19}")


def json_loads(data: bytes | str) -> Any:
    """The JSON a row carries, decoded by orjson (a list page decodes several values a row;
    the standard library took a tenth of its time), and by the standard library wherever the
    two could differ: a long run of digits, or what orjson refuses (a number too large for a
    float)."""
    long = _LONG_DIGITS_TEXT.search(data) if isinstance(data, str) else _LONG_DIGITS.search(data)
    if long is None:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


# A pooled connection idle this long is checked (one round trip) before a request gets it.
IDLE_PING_SECONDS = 10.0


def _ping_idle_connections(engine: AsyncEngine, after: float) -> None:
    """Check a pooled connection before handing it out only if it sat idle ``after`` seconds.

    That is where a connection goes stale (the server restarted, a firewall dropped an idle
    socket), and a dead one is then replaced before the request sees it. SQLAlchemy's
    ``pool_pre_ping`` checks on every checkout instead: a round trip per request (a tenth of
    a record read's CPU, docs/performance.md). A connection that dies while busy fails its
    request as it would anyway, and the pool then drops every connection older than it."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < after:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out another (a new one if need be).
            raise DisconnectionError(
                f"a pooled connection was dead after {after:.0f} s idle"
            ) from error


def create_engine(
    url: str, *, echo: bool = False, pool: bool = True, ping_after: float = IDLE_PING_SECONDS
) -> AsyncEngine:
    """An async engine for ``url`` with Heron's connection settings for each database."""
    kwargs: dict[str, Any] = {"echo": echo, "json_deserializer": json_loads}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
    elif not pool:
        kwargs["poolclass"] = NullPool
    else:
        kwargs.update(pool_size=10, max_overflow=10)
    engine = create_async_engine(url, **kwargs)
    if url.startswith("sqlite"):
        _configure_sqlite(engine)
    elif url.startswith("postgresql"):
        _configure_postgresql(engine)
        if pool:
            _ping_idle_connections(engine, ping_after)
    return engine


# SQLite plans from the statistics only ANALYZE gathers. Without them it guessed the index on
# the organization over the one on the deal for each board card's contacts: the small bench
# data set's board took 220 ms in SQL instead of 42 (docs/performance.md). ANALYZE reads at
# most this many rows of each index, so start-up stays quick at any size.
SQLITE_ANALYSIS_LIMIT = 10_000


async def refresh_statistics(engine: AsyncEngine) -> None:
    """SQLite: gather the planner's statistics, as a served process starts (a database that
    grew since is analysed anew). PostgreSQL keeps its own (autovacuum's ANALYZE)."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.begin() as conn:
        await conn.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        await conn.exec_driver_sql("ANALYZE")


@dataclass
class Transaction:
    """The unit of work of one request or job."""

    session: AsyncSession
    # The database it belongs to: jobs started in it run there when they run at once (tests).
    database: Database | None = None
    _after_commit: list[AfterCommit] = field(default_factory=list)

    def after_commit(self, callback: AfterCommit) -> None:
        self._after_commit.append(callback)


class Database:
    """Owns the engine and makes sessions. Tests swap in one bound to a rolled-back connection."""

    def __init__(self, engine: AsyncEngine, *, bind: AsyncConnection | None = None) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._bind = bind
        self._sessions = async_sessionmaker(
            bind=bind or engine,
            expire_on_commit=False,
            autoflush=False,
            join_transaction_mode="create_savepoint"
            if bind is not None
            else "conditional_savepoint",
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(create_engine(settings.database))

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[Transaction]:
        """A session in one transaction: committed when the block succeeds, else rolled back.

        Callbacks registered with ``after_commit`` run once the commit has succeeded.
        """
        token = _sqlite_immediate.set(write and self.is_sqlite)
        try:
            async with self._sessions() as session:
                tx = Transaction(session, database=self)
                outer = await self._isolate(session)
                try:
                    yield tx
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
                finally:
                    if outer is not None and self._bind is not None:
                        await tenancy.apply(self._bind, outer)
        finally:
            _sqlite_immediate.reset(token)
        for callback in tx._after_commit:
            try:
                result = callback()
                if result is not None:
                    await result
            except Exception:  # the commit stands; a failed follow-up is logged, not raised
                log.exception("after_commit_failed", callback=getattr(callback, "__name__", "?"))

    async def _isolate(self, session: AsyncSession) -> tenancy.Settings | None:
        """Bound to an outer connection (tests), this transaction is a savepoint: the outer
        transaction's row-level-security settings would leak into it and its own back out. They
        are cleared here and given back at the end. A real transaction starts with none."""
        if self._bind is None or self.is_sqlite:
            return None
        outer = await tenancy.current(session)
        await tenancy.apply(session, tenancy.CLEAR)
        return outer

    async def dispose(self) -> None:
        await self.engine.dispose()
