"""CORS: only configured origins may call the API from a browser."""

from __future__ import annotations

import pytest

from heron.config import Settings
from heron.db import Database
from tests.helpers.auth import client_for

pytestmark = pytest.mark.anyio

ALLOWED = "https://app.example"


def _preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-heron-csrf",
    }


class TestCors:
    async def test_preflight_from_a_configured_origin_is_allowed(
        self, settings: Settings, db: Database
    ) -> None:
        async with client_for(settings, db, cors_origins=[ALLOWED]) as client:
            response = await client.options("/api/v1/auth/refresh", headers=_preflight(ALLOWED))

        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ALLOWED
        assert response.headers["access-control-allow-credentials"] == "true"
        assert "POST" in response.headers["access-control-allow-methods"]
        assert "x-heron-csrf" in response.headers["access-control-allow-headers"].lower()

    @pytest.mark.parametrize(
        "origin",
        ["https://evil.example", "http://app.example", "https://app.example.evil.example", "null"],
    )
    async def test_preflight_from_another_origin_is_refused(
        self, settings: Settings, db: Database, origin: str
    ) -> None:
        async with client_for(settings, db, cors_origins=[ALLOWED]) as client:
            response = await client.options("/api/v1/auth/refresh", headers=_preflight(origin))

        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers

    async def test_simple_request_from_another_origin_gets_no_cors_grant(
        self, settings: Settings, db: Database
    ) -> None:
        async with client_for(settings, db, cors_origins=[ALLOWED]) as client:
            allowed = await client.get("/api/v1/me", headers={"Origin": ALLOWED})
            refused = await client.get("/api/v1/me", headers={"Origin": "https://evil.example"})

        assert allowed.headers["access-control-allow-origin"] == ALLOWED
        assert "access-control-allow-origin" not in refused.headers

    async def test_without_configured_origins_no_origin_is_granted(
        self, settings: Settings, db: Database
    ) -> None:
        async with client_for(settings, db) as client:
            response = await client.options("/api/v1/auth/refresh", headers=_preflight(ALLOWED))

        assert "access-control-allow-origin" not in response.headers
