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
from tests.conftest import prepared_database_urls
from tests.helpers.databases import migrate

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
    yield from prepared_database_urls(
        tmp_path_factory.mktemp("generated"), "generated", generated_in
    )
