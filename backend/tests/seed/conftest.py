"""Databases of this folder's own, migrated and seeded with the demo once per module (seeding
takes a few seconds); each test still works inside one rolled-back transaction on them, through
the usual ``db``, ``session`` and ``client`` fixtures."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from heron.config import Environment, Settings
from heron.seed.demo import DemoLogin
from heron.seed.service import seed
from tests.conftest import _grant_app_role
from tests.helpers.databases import IN_CI, migrate, postgres_problem, scratch_postgres

DEMO_PASSWORD = "the demo password of the tests"


def _seeded(url: str, var_dir: Path) -> None:
    migrate(url)
    settings = Settings(
        env=Environment.development,
        database_url=url,
        var_dir=var_dir,
        demo_password=DEMO_PASSWORD,
        log_level="WARNING",
    )
    login = asyncio.run(seed(settings, if_empty=True))
    assert isinstance(login, DemoLogin), login


@pytest.fixture(scope="module")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    """Replaces the run's shared databases for this folder: the demo is seeded (committed) in
    databases nobody else uses, as `make run` seeds it."""
    folder = tmp_path_factory.mktemp("seeded")
    sqlite_url = f"sqlite+aiosqlite:///{folder / 'heron.db'}"
    _seeded(sqlite_url, folder)
    problem = postgres_problem()
    if problem:
        if IN_CI:
            pytest.exit(f"PostgreSQL is required in CI but not reachable: {problem}", 1)
        yield {"sqlite": sqlite_url, "postgresql": None}
        return
    with scratch_postgres("seed") as url:
        _seeded(url, folder)
        _grant_app_role(url)
        yield {"sqlite": sqlite_url, "postgresql": url}
