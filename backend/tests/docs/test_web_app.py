"""The API process serves the built web app: files, SPA fallback, caching, API paths untouched."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from heron.config import Environment, Settings
from heron.db import Database, create_engine
from heron.main import create_app

pytestmark = pytest.mark.anyio

INDEX = (
    '<!doctype html><html><body><div id="root"></div>'
    '<script type="module" src="/assets/app-1a2b.js"></script></body></html>'
)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A stand-in for `npm run build`'s output: nothing is built."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "app-1a2b.js").write_text("console.log('heron')")
    (folder / "favicon.svg").write_text("<svg/>")
    return folder


async def _client(settings: Settings, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    database = Database(create_engine(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", pool=False))
    app: FastAPI = create_app(settings, database=database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        yield client
    await database.dispose()


@pytest.fixture
async def client(dist: Path, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        _env_file=None, env=Environment.test, var_dir=tmp_path, log_level="WARNING", web_dist=dist
    )
    async for c in _client(settings, tmp_path):
        yield c


class TestWebAppFiles:
    async def test_root_is_the_index_and_is_revalidated(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/")
        assert response.status_code == 200
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")

    async def test_hashed_asset_is_cached_for_a_year(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/assets/app-1a2b.js")
        assert response.status_code == 200
        assert response.text == "console.log('heron')"
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=31536000" in response.headers["cache-control"]

    async def test_other_file_of_dist_is_served(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/favicon.svg")
        assert response.status_code == 200
        assert response.text == "<svg/>"

    async def test_missing_asset_is_404_not_the_page(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/assets/app-old.js")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    async def test_path_outside_dist_is_not_served(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/..%2Funused.db")
        assert response.status_code == 200
        assert response.text == INDEX


class TestSpaFallback:
    @pytest.mark.parametrize("path", ["/companies", "/sign-in?redirect=%2F", "/deals/abc/edit"])
    async def test_app_paths_get_the_index(self, client: httpx.AsyncClient, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"

    async def test_index_keeps_the_strict_app_csp(self, client: httpx.AsyncClient) -> None:
        csp = (await client.get("/companies")).headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


class TestApiPathsStayJson:
    @pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/nothing", "/api"])
    async def test_unknown_api_path_is_a_json_404(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        response = await client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["success"] is False

    async def test_wrong_method_on_api_path_is_still_405(self, client: httpx.AsyncClient) -> None:
        response = await client.put("/api/v1/auth/login")
        assert response.status_code == 405

    async def test_openapi_and_probes_are_not_shadowed(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/v1/openapi.json")).json()["info"]["title"] == "Heron"
        assert (await client.get("/healthz")).status_code == 200


class TestWithoutBuild:
    async def test_no_index_means_no_web_app(self, tmp_path: Path) -> None:
        settings = Settings(
            _env_file=None,
            env=Environment.test,
            var_dir=tmp_path,
            log_level="WARNING",
            web_dist=tmp_path / "not-built",
        )
        async for client in _client(settings, tmp_path):
            response = await client.get("/companies")
            assert response.status_code == 404
            assert response.headers["content-type"].startswith("application/json")
