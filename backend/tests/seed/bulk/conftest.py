"""Databases of this folder's own with the generated "tiny" data set (`heron seed --size
tiny`), made once per module; tests read them through the usual fixtures, inside rolled-back
transactions. On PostgreSQL the generator runs as the superuser (COPY), as documented."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from heron.config import Environment, Settings
from heron.seed.bulk.service import Generated, generate
from tests.conftest import _grant_app_role
from tests.helpers.databases import IN_CI, migrate, postgres_problem, scratch_postgres

PASSWORD = "the bench password of the tests"
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
SEED = 7


def generated_in(url: str, var_dir: Path) -> Generated:
    migrate(url)
    settings = Settings(
        env=Environment.development, database_url=url, var_dir=var_dir, log_level="WARNING"
    )
    return asyncio.run(generate(settings, "tiny", seed=SEED, password=PASSWORD, anchor=ANCHOR))


@pytest.fixture(scope="module")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("generated")
    sqlite_url = f"sqlite+aiosqlite:///{folder / 'heron.db'}"
    generated_in(sqlite_url, folder)
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.exit(f"PostgreSQL is required in CI but not reachable: {problem}", 1)
        yield {"sqlite": sqlite_url, "postgresql": None}
        return
    with scratch_postgres("generated") as url:
        generated_in(url, folder)
        _grant_app_role(url)
        yield {"sqlite": sqlite_url, "postgresql": url}
