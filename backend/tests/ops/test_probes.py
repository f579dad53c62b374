"""Liveness and readiness: what a load balancer or orchestrator asks before sending traffic."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from heron.db import Database, create_engine
from heron.main import create_app
from tests.helpers.databases import downgrade, migrate
from tests.helpers.ops import settings_for

pytestmark = pytest.mark.anyio


async def _probe(url: str, var_dir: Path, path: str) -> httpx.Response:
    """Ask ``path`` of an app on the database at ``url`` (a database of its own, not the
    test transaction, as readiness looks at the real schema)."""
    database = Database(create_engine(url, pool=False))
    app = create_app(settings_for(url, var_dir), database=database)
    try:
        async with _client(app) as client:
            return await client.get(path)
    finally:
        await database.dispose()


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver")  # type: ignore[arg-type]


class TestHealthz:
    async def test_answers_ok(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


class TestReadyz:
    async def test_ready_when_the_schema_is_at_head(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        await asyncio.to_thread(migrate, empty_db_url)

        response = await _probe(empty_db_url, tmp_path, "/readyz")

        assert response.status_code == 200
        assert response.json() == {"status": "ready"}

    async def test_not_ready_when_a_migration_is_pending(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        await asyncio.to_thread(migrate, empty_db_url)
        await asyncio.to_thread(downgrade, empty_db_url, "-1")

        response = await _probe(empty_db_url, tmp_path, "/readyz")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "migrations_pending"
        assert "heron migrate" in body["hint"]

    async def test_not_ready_on_an_empty_database(self, empty_db_url: str, tmp_path: Path) -> None:
        response = await _probe(empty_db_url, tmp_path, "/readyz")

        assert response.status_code == 503
        assert response.json()["status"] == "migrations_pending"

    async def test_not_ready_when_the_database_cannot_be_reached(self, tmp_path: Path) -> None:
        url = "postgresql+psycopg://heron@127.0.0.1:1/heron"  # nothing listens on port 1

        response = await _probe(url, tmp_path, "/readyz")

        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"

    async def test_liveness_does_not_depend_on_the_schema(
        self, empty_db_url: str, tmp_path: Path
    ) -> None:
        response = await _probe(empty_db_url, tmp_path, "/healthz")

        assert response.status_code == 200
