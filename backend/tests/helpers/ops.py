"""Databases of their own for the operations tests: empty (never migrated) SQLite files or
PostgreSQL databases, for checking what happens before, during and after `heron migrate`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from heron.config import Environment, Settings
from tests.helpers.databases import IN_CI, postgres_problem, scratch_postgres


def _postgres_database() -> Iterator[str]:
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI: {problem}")
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    with scratch_postgres("ops") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with no tables at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    else:
        yield from _postgres_database()


def settings_for(url: str, var_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": Environment.development,
        "database_url": url,
        "var_dir": var_dir,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
