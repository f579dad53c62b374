"""The API documentation works offline, and the OpenAPI document keeps the contract's shape."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from heron.config import Environment, Settings
from heron.db import Database, create_engine
from heron.kit.responses import ERRORS
from heron.main import create_app
from tests.generated.routes import Route, api_routes

pytestmark = pytest.mark.anyio

URL = re.compile(r"\b(?:https?:)?//[^\s\"'<>)]+", re.IGNORECASE)
LOCAL_REF = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']""")
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    """The app without a database: nothing here reads one."""
    settings = Settings(_env_file=None, env=Environment.test, var_dir=tmp_path, log_level="WARNING")
    database = Database(create_engine(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", pool=False))
    yield create_app(settings, database=database)
    await database.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


@pytest.fixture
async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _tags(route: Route) -> list[str]:
    return list(getattr(route.route, "tags", None) or route.original.tags)


class TestOfflineDocs:
    @pytest.mark.parametrize("page", ["/api/docs", "/api/redoc"])
    async def test_page_names_no_other_host(self, client: httpx.AsyncClient, page: str) -> None:
        response = await client.get(page)

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert URL.findall(response.text) == []
        assert "<script>" not in response.text  # no inline script: the CSP forbids it
        assert URL.findall(response.headers["content-security-policy"]) == []

    @pytest.mark.parametrize("page", ["/api/docs", "/api/redoc"])
    async def test_every_asset_of_the_page_is_served_locally(
        self, client: httpx.AsyncClient, page: str
    ) -> None:
        html = (await client.get(page)).text
        references = LOCAL_REF.findall(html)
        assert references

        for reference in references:
            assert reference.startswith("/"), reference
            response = await client.get(reference)
            assert response.status_code == 200, reference
            assert response.content, reference

    async def test_swagger_start_script_names_no_other_host(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/docs/assets/swagger-init.js")

        assert response.status_code == 200
        assert "/api/v1/openapi.json" in response.text
        assert URL.findall(response.text) == []

    @pytest.mark.parametrize(
        ("name", "content_type"),
        [
            ("swagger-ui-bundle.js", "javascript"),
            ("swagger-ui.css", "text/css"),
            ("redoc.standalone.js", "javascript"),
            ("favicon.png", "image/png"),
        ],
    )
    async def test_bundled_assets_are_served(
        self, client: httpx.AsyncClient, name: str, content_type: str
    ) -> None:
        response = await client.get(f"/api/docs/assets/{name}")

        assert response.status_code == 200
        assert content_type in response.headers["content-type"]
        assert len(response.content) > 1000

    @pytest.mark.parametrize("name", ["missing.js", "..%2F..%2Fconfig.py", "%2Fetc%2Fpasswd"])
    async def test_anything_else_is_not_found(self, client: httpx.AsyncClient, name: str) -> None:
        response = await client.get(f"/api/docs/assets/{name}")

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


class TestOpenApiDocument:
    async def test_operation_ids_are_tag_and_handler_name(
        self, app: FastAPI, openapi: dict[str, Any]
    ) -> None:
        expected = {
            (route.method, route.path): f"{_tags(route)[0]}-{route.original.name}"
            for route in api_routes(app)
            if route.original.include_in_schema
        }
        operations = _operations(openapi)
        assert operations

        for method, path, operation in operations:
            assert operation["operationId"] == expected[(method, path)], (method, path)
            assert re.fullmatch(r"[a-z0-9-]+-[a-z_][a-z0-9_]*", operation["operationId"])

    async def test_operation_ids_are_unique(self, openapi: dict[str, Any]) -> None:
        ids = [operation["operationId"] for _, _, operation in _operations(openapi)]

        assert len(ids) == len(set(ids))

    async def test_every_error_status_is_documented_with_the_error_envelope(
        self, openapi: dict[str, Any]
    ) -> None:
        for method, path, operation in _operations(openapi):
            for status in ERRORS:
                response = operation["responses"].get(str(status))
                assert response is not None, (method, path, status)
                schema = response["content"]["application/json"]["schema"]
                assert schema["$ref"].endswith("/ErrorEnvelope"), (method, path, status)

    async def test_every_operation_has_a_description(self, openapi: dict[str, Any]) -> None:
        for method, path, operation in _operations(openapi):
            assert operation.get("description", "").strip(), (method, path)

    async def test_document_is_openapi_3_1_under_api_v1(self, openapi: dict[str, Any]) -> None:
        assert openapi["openapi"].startswith("3.1")
        assert all(path.startswith("/api/v1/") for path in openapi["paths"])
