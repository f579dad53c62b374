"""Databases of their own for the operations tests: empty (never migrated) SQLite files or
PostgreSQL databases, for checking what happens before, during and after `heron migrate`."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from heron.config import Environment, Settings
from heron.ops.migrations import alembic_config

POSTGRES_URL = os.environ.get(
    "HERON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/heron_test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def _postgres_database() -> Iterator[str]:
    try:
        _admin("SELECT 1")
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_ops_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with no tables at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    else:
        yield from _postgres_database()


def migrate(url: str, revision: str = "head") -> None:
    """Alembic runs its own event loop: from async tests, call through a thread."""
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, revision)


def downgrade(url: str, revision: str) -> None:
    config = alembic_config(url)
    config.attributes["configure_logger"] = False
    command.downgrade(config, revision)


def settings_for(url: str, var_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": Environment.development,
        "database_url": url,
        "var_dir": var_dir,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
