"""What the app refuses at start: a database schema that is behind, unsafe production defaults."""

from __future__ import annotations

import asyncio
import gc
import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from heron.config import DEFAULT_SECRET_KEY, Environment, Settings
from heron.main import create_app
from heron.ops.migrations import SchemaBehind
from tests.helpers.databases import downgrade, migrate, rows_of
from tests.helpers.ops import settings_for

pytestmark = pytest.mark.anyio


async def _start(url: str, var_dir: Path) -> None:
    """Run the app's startup and shutdown, as a server would."""
    app = create_app(settings_for(url, var_dir))
    try:
        async with app.router.lifespan_context(app):
            pass
    finally:
        await app.state.db.dispose()


class TestSchemaCheckAtStartup:
    async def test_unmigrated_database_is_refused_with_the_command_to_run(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        with pytest.raises(SchemaBehind, match="heron migrate") as refused:
            await _start(empty_db_url, tmp_path)

        assert "empty database" in str(refused.value)

    async def test_database_behind_the_code_is_refused(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        await asyncio.to_thread(migrate, empty_db_url)
        await asyncio.to_thread(downgrade, empty_db_url, "-1")

        with pytest.raises(SchemaBehind, match="heron migrate"):
            await _start(empty_db_url, tmp_path)

    async def test_current_database_starts(self, empty_db_url: str, tmp_path: Path) -> None:
        await asyncio.to_thread(migrate, empty_db_url)

        try:
            await _start(empty_db_url, tmp_path)
            # What start-up built is left out of the garbage collector's full collections.
            assert gc.get_freeze_count() > 100_000
        finally:
            gc.unfreeze()
        if empty_db_url.startswith("sqlite"):
            # SQLite's planner has statistics to choose indexes with (ANALYZE ran).
            statistics = "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"
            assert await rows_of(empty_db_url, statistics) == [("sqlite_stat1",)]


class TestProductionSettings:
    def _production(self, **values: object) -> Settings:
        return Settings(_env_file=None, env=Environment.production, **values)  # type: ignore[arg-type]

    def test_default_secret_key_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="HERON_SECRET_KEY must be set"):
            self._production(secret_key=DEFAULT_SECRET_KEY)

    def test_short_secret_key_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="32\\+ characters"):
            self._production(secret_key="x" * 31)

    def test_random_secret_key_of_32_characters_is_accepted(self) -> None:
        key = secrets.token_hex(16)

        settings = self._production(secret_key=key)

        assert settings.is_production and settings.secret_key == key

    def test_development_runs_on_the_default_secret_key(self) -> None:
        settings = Settings(
            _env_file=None, env=Environment.development, secret_key=DEFAULT_SECRET_KEY
        )

        assert settings.secret_key == DEFAULT_SECRET_KEY
