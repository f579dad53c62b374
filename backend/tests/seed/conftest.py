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
from tests.conftest import prepared_database_urls
from tests.helpers.databases import migrate

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
    yield from prepared_database_urls(tmp_path_factory.mktemp("seeded"), "seed", _seeded)
