"""Is the database schema the one this code expects? Alembic's head against the database."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from heron.db import Database

BACKEND_DIR = Path(__file__).resolve().parents[2]
MIGRATE_HINT = "run `heron migrate` (or `make migrate`) and start again"


class SchemaBehind(RuntimeError):
    pass


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(BACKEND_DIR / "migrations"))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url)
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


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
