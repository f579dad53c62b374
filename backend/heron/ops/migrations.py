"""Is the database schema the one this code expects? Alembic's head against the database."""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from heron.config import Settings
from heron.db import Database

BACKEND_DIR = Path(__file__).resolve().parents[2]
MIGRATE_HINT = "run `heron migrate` (or `make migrate`) and start again"


class SchemaBehind(RuntimeError):
    pass


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(BACKEND_DIR / "migrations"))
    if database_url:
        # The ini parser interpolates "%": escape it (URL-encoded passwords contain it).
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def superuser_on_postgresql(connection: Connection, without: str) -> bool:
    """For a migration step only a superuser may take (altering PostgreSQL's or an extension's
    functions): whether ``connection`` is one, on PostgreSQL. Otherwise a warning says what
    goes ``without`` the step, which the migration then skips."""
    if connection.dialect.name != "postgresql":
        return False
    is_super = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not is_super:
        warnings.warn(f"Not a superuser: {without}", stacklevel=2)
        return False
    return True


def _current_revisions(connection: Connection) -> set[str]:
    # Reading the version says "Context impl ..." at INFO: noise on every start and check.
    log = logging.getLogger("alembic.runtime.migration")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        return set(MigrationContext.configure(connection).get_current_heads())
    finally:
        log.setLevel(level)


async def schema_status(db: Database) -> tuple[set[str], set[str]]:
    """(current revisions of the database, head revisions of the code)."""
    async with db.engine.connect() as conn:
        current = await conn.run_sync(_current_revisions)
    return current, head_revisions()


async def assert_schema_current(db: Database) -> None:
    current, heads = await schema_status(db)
    if current != heads:
        have = ", ".join(sorted(current)) or "an empty database"
        raise SchemaBehind(
            f"The database schema is not current (it has {have}; this Heron needs "
            f"{', '.join(sorted(heads))}): {MIGRATE_HINT}."
        )


@dataclass(frozen=True)
class Migration:
    before: set[str]
    after: set[str]

    @property
    def changed(self) -> bool:
        return self.before != self.after


async def _current(settings: Settings) -> set[str]:
    db = Database.from_settings(settings)
    try:
        current, _ = await schema_status(db)
    finally:
        await db.dispose()
    return current


def upgrade_to_head(settings: Settings) -> Migration:
    """Bring the database of ``settings`` to the head revision (creating var_dir first, where
    the embedded SQLite file lives). Synchronous: Alembic runs its own event loop."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    before = asyncio.run(_current(settings))
    command.upgrade(alembic_config(settings.database), "head")
    return Migration(before=before, after=asyncio.run(_current(settings)))


async def check_schema(settings: Settings) -> None:
    """``assert_schema_current`` on a database of its own, for commands that start servers."""
    db = Database.from_settings(settings)
    try:
        await assert_schema_current(db)
    finally:
        await db.dispose()
