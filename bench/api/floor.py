"""The floor: the same SQL the API runs for an operation, run directly by the driver.

Each operation's request is sent once to Heron in this process (the same code and settings as
the server, on the same database) while every statement it sends to the driver is recorded,
exactly as the driver got it: text and bound parameters. Replaying those statements from
Python with psycopg (or sqlite3), in one transaction, fetching every row, is what the database
work alone costs; the API's time over it is what Heron adds (HTTP, auth, validation, the ORM,
serialization).

Writes are recorded in a transaction that is rolled back, and replayed with fresh ids for the
rows they insert and a COMMIT, so a replay writes what the request wrote and pays the same
commit.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import event

from datasets import Dataset
from heron.config import Settings
from heron.db import Database, create_engine
from heron.kit.ids import uuid7
from heron.main import create_app

# Transaction control and the savepoints of a rolled-back recording are not the request's work.
_SKIPPED = re.compile(
    r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|"
    r"SELECT current_setting\('heron\.bypass_rls'|"
    r"SELECT set_config\('heron\.bypass_rls', \S+, true\), set_config\('heron\.org_id')",
    re.IGNORECASE,
)
_INSERT = re.compile(r"^\s*INSERT INTO \S+ \(([^)]*)\) VALUES", re.IGNORECASE)
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any
    many: bool


@dataclass(frozen=True)
class Recorded:
    status: int
    statements: list[Statement]
    write: bool


class Recorder:
    """Heron in this process, recording what each request sends to the driver."""

    def __init__(self, dataset: Dataset, secret_key: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="heron-floor-")
        settings = Settings(
            env="production",  # type: ignore[arg-type]
            secret_key=secret_key,
            database_url=dataset.app_url,
            var_dir=Path(self._dir.name),
            log_level="WARNING",
            jobs_in_process=False,
        )
        self.engine = create_engine(dataset.app_url)
        self.db = Database(self.engine)
        self.app = create_app(settings, database=self.db)

    async def record(
        self, method: str, path: str, params: Any, body: Any, headers: dict[str, str], *,
        write: bool,
    ) -> Recorded:  # fmt: skip
        seen: list[Statement] = []

        def on_execute(_c: Any, _cur: Any, statement: str, parameters: Any, _x: Any, many: bool) -> None:
            if not _SKIPPED.match(statement):
                seen.append(Statement(statement, parameters, many))

        async with self._database(write) as db:
            self.app.state.db = db
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                event.listen(self.engine.sync_engine, "before_cursor_execute", on_execute)
                try:
                    response = await client.request(
                        method, path, params=params, json=body, headers=headers
                    )
                finally:
                    event.remove(self.engine.sync_engine, "before_cursor_execute", on_execute)
        return Recorded(status=response.status_code, statements=seen, write=write)

    @asynccontextmanager
    async def _database(self, write: bool):  # type: ignore[no-untyped-def]
        if not write:
            yield self.db
            return
        async with self.engine.connect() as conn:
            outer = await conn.begin()
            try:
                yield Database(self.engine, bind=conn)
            finally:
                await outer.rollback()

    async def close(self) -> None:
        await self.engine.dispose()
        self._dir.cleanup()


class Replayer:
    """Runs recorded statements with the bare driver, one transaction per replay."""

    def __init__(self, dataset: Dataset) -> None:
        self.dialect = dataset.dialect
        if dataset.dialect == "postgresql":
            self.conn: Any = psycopg.connect(dataset.libpq())
            self.conn.execute("SET jit = off")  # as heron.db configures PostgreSQL
            self.conn.commit()
        else:
            self.conn = sqlite3.connect(dataset.sqlite_path, isolation_level=None, timeout=15)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                           "busy_timeout=15000"):  # as heron.db configures SQLite
                self.conn.execute(f"PRAGMA {pragma}")  # fmt: skip

    def run(self, recorded: Recorded) -> int:
        """Replay once; the number of rows fetched."""
        statements = _fresh_ids(recorded.statements, self.dialect) if recorded.write else recorded.statements
        rows = 0
        cursor = self.conn.cursor()
        if self.dialect == "sqlite":
            cursor.execute("BEGIN IMMEDIATE" if recorded.write else "BEGIN")
        try:
            for s in statements:
                if s.many:
                    cursor.executemany(s.sql, s.params)
                else:
                    cursor.execute(s.sql, s.params)
                if cursor.description is not None:
                    rows += len(cursor.fetchall())
        except BaseException:
            self._end(cursor, commit=False)
            raise
        self._end(cursor, commit=True)
        return rows

    def _end(self, cursor: Any, *, commit: bool) -> None:
        if self.dialect == "sqlite":
            cursor.execute("COMMIT" if commit else "ROLLBACK")
        elif commit:
            self.conn.commit()
        else:
            self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def _fresh_ids(statements: list[Statement], dialect: str) -> list[Statement]:
    """The statements with every id of an inserted row replaced by a new one (each time the
    same old id appears, the same new id), so that a write can be replayed again and again."""
    made: dict[Any, Any] = {}
    for s in statements:
        for value in _inserted_ids(s):
            if value not in made:
                new = uuid7()
                made[value] = new.hex if isinstance(value, str) else new
    if not made:
        return statements
    return [Statement(s.sql, _replace(s.params, made), s.many) for s in statements]


def _inserted_ids(s: Statement) -> Iterator[Any]:
    match = _INSERT.match(s.sql)
    if match is None:
        return
    columns = [c.strip().strip('"') for c in match.group(1).split(",")]
    if "id" not in columns:
        return
    index = columns.index("id")
    for params in s.params if s.many else [s.params]:
        if isinstance(params, dict):
            yield from (v for k, v in params.items() if k == "id" or re.fullmatch(r"id__\d+", k))
        else:
            values = list(params)
            yield from values[index :: len(columns)]


def _replace(value: Any, made: dict[Any, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, made) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_replace(v, made) for v in value)
    if isinstance(value, uuid.UUID | str) and value in made:
        return made[value]
    return value


@contextmanager
def timing() -> Iterator[Callable[[], float]]:
    import time

    started = time.perf_counter()
    yield lambda: (time.perf_counter() - started) * 1000
