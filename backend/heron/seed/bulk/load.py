"""Writing generated rows by each database's fastest path, inside the seeding transaction.

PostgreSQL: ``COPY ... FROM STDIN`` on the session's own connection. COPY refuses tables under
row-level security unless the role bypasses it, so it needs the superuser (or a BYPASSRLS
role), who also skips the triggers (``session_replication_role = replica``: the generator
makes consistent rows, and ``finish`` adds the search words the triggers of migration 0014
would have) and, for big loads, drops the secondary indexes of the tables
it fills and builds them again at the end (one sort instead of a million inserts). Any other
role gets batched INSERTs. Everything is in the one transaction: a failure leaves nothing.

SQLite: executemany INSERTs of the models' tables (the FTS5 triggers keep search in step).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from heron.models.base import Base
from heron.records import search
from heron.seed.bulk.rows import Batch

# Tables the generator fills: their secondary indexes are rebuilt after a big PostgreSQL load.
FILLED = (
    "companies", "contacts", "contact_emails", "contact_phones", "leads", "deals",
    "deal_contacts", "activities", "activity_links", "taggings", "events",
)  # fmt: skip

# The searched tables and their records' kinds (heron.records.repository), whose words
# typo-tolerant search looks through on PostgreSQL (migration 0014).
SEARCHED = {"companies": "company", "contacts": "contact", "leads": "lead", "deals": "deal"}


def _json_default(value: Any) -> Any:
    raise TypeError(f"not JSON: {value!r}")


@dataclass
class Loaded:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, count: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + count
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds


class Loader:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.loaded = Loaded()
        self._checked: set[str] = set()

    @staticmethod
    def for_session(session: AsyncSession) -> Loader:
        if session.get_bind().dialect.name == "postgresql":
            return PostgresLoader(session)
        return Loader(session)

    def table(self, name: str) -> Table:
        return Base.metadata.tables[name]

    def check(self, name: str, row: dict[str, Any]) -> None:
        """Every column given, no other: a forgotten column must fail here, not become NULL."""
        if name in self._checked:
            return
        columns = {c.name for c in self.table(name).columns}
        if set(row) != columns:
            raise ValueError(
                f"{name}: generated {sorted(set(row) - columns)} unknown, "
                f"missing {sorted(columns - set(row))}"
            )
        self._checked.add(name)

    async def prepare(self, *, big: bool) -> None:
        """Before the first batch."""

    async def load(self, batch: Batch) -> None:
        for name, rows in batch.items():
            if not rows:
                continue
            self.check(name, rows[0])
            started = time.perf_counter()
            await self.write(name, rows)
            self.loaded.add(name, len(rows), time.perf_counter() - started)

    async def write(self, name: str, rows: list[dict[str, Any]]) -> None:
        await self.session.execute(insert(self.table(name)), rows)

    async def finish(self) -> None:
        """After the last batch, in the same transaction."""


class PostgresLoader(Loader):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self.copy = False
        self.triggers_off = False
        self.searched_orgs: set[Any] = set()  # organizations of the searched rows loaded
        self.dropped: list[tuple[str, str]] = []  # (index name, its CREATE statement)

    async def _driver(self) -> Any:
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        return raw.driver_connection

    async def prepare(self, *, big: bool) -> None:
        role = await self.session.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        )
        superuser, bypass = role.one()
        self.copy = bool(superuser or bypass)
        if superuser:
            await self.session.execute(text("SET LOCAL session_replication_role = replica"))
            self.triggers_off = True
        if big and self.copy:
            await self._drop_indexes()

    async def _drop_indexes(self) -> None:
        """The indexes of the filled tables that no constraint needs (primary and unique keys
        stay), to be built again by ``finish``."""
        found = await self.session.execute(
            text(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
                "quote_ident(i.indexname))::regclass)"
            ),
            {"tables": list(FILLED)},
        )
        self.dropped = [(name, definition) for name, definition in found]
        for name, _ in self.dropped:
            await self.session.execute(text(f'DROP INDEX "{name}"'))

    async def write(self, name: str, rows: list[dict[str, Any]]) -> None:
        if name in SEARCHED:
            self.searched_orgs.update(row["org_id"] for row in rows)
        if not self.copy:
            await super().write(name, rows)
            return
        columns = [c.name for c in self.table(name).columns]
        listed = ", ".join(f'"{c}"' for c in columns)
        values = _tuples(self.table(name))
        driver = await self._driver()
        async with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {name} ({listed}) FROM STDIN") as copy,
        ):
            for row in rows:
                await copy.write_row(values(row))

    async def finish(self) -> None:
        await self.session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for name, definition in self.dropped:
            started = time.perf_counter()
            await self.session.execute(text(definition))
            self.loaded.add(f"index {name}", 0, time.perf_counter() - started)
        if self.triggers_off:
            await self._add_search_words()

    async def _add_search_words(self) -> None:
        """What the triggers of migration 0014 do on every insert: the words of the loaded
        records that ``search_words`` does not hold yet, for typo-tolerant search."""
        for table, kind in SEARCHED.items():
            if not self.loaded.rows.get(table):
                continue
            started = time.perf_counter()
            await search.add_words(self.session, kind, table, self.searched_orgs)
            self.loaded.add(f"search words of {table}", 0, time.perf_counter() - started)


def _tuples(table: Table) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function from a row (dict) to its values in column order, JSON columns as text."""
    columns = [c.name for c in table.columns]
    pick = itemgetter(*columns)
    as_json = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
    if not as_json:
        return pick

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        found = list(pick(row))
        for i in as_json:
            found[i] = json.dumps(found[i], default=_json_default)
        return tuple(found)

    return values


async def analyze(engine: AsyncEngine) -> None:
    """After the commit, on PostgreSQL: planner statistics and the visibility map of the filled
    tables, as autovacuum would give them a while later (VACUUM needs autocommit)."""
    if engine.dialect.name != "postgresql":
        return
    async with engine.connect() as connection:
        auto = await connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in FILLED:
            await auto.execute(text(f"VACUUM (ANALYZE) {table}"))
        await auto.execute(text("ANALYZE"))  # the small tables too (stages, custom fields)
