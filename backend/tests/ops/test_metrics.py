"""Prometheus metrics: request counts and latency histograms per route template."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio


def _lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


class TestMetrics:
    async def test_a_request_shows_in_the_latency_histogram_of_its_route(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        await client.get("/api/v1/roles", headers=member.headers)

        response = await client.get("/metrics")

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        buckets = _lines(
            response.text, 'http_request_duration_seconds_bucket{handler="/api/v1/roles"'
        )
        assert buckets, response.text[:2000]
        assert any('le="+Inf"' in line for line in buckets)

    async def test_routes_are_labelled_by_template_not_by_id(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        await client.get(
            "/api/v1/teams/0190a5c4-0000-7000-8000-000000000000", headers=member.headers
        )

        text = (await client.get("/metrics")).text

        assert _lines(text, 'http_requests_total{handler="/api/v1/teams/{team_id}"')
        assert "0190a5c4-0000-7000-8000-000000000000" not in text

    async def test_probes_and_metrics_are_not_counted(self, client: httpx.AsyncClient) -> None:
        await client.get("/healthz")
        await client.get("/readyz")

        text = (await client.get("/metrics")).text

        assert not _lines(text, 'http_requests_total{handler="/healthz"')
        assert not _lines(text, 'http_requests_total{handler="/readyz"')
        assert not _lines(text, 'http_requests_total{handler="/metrics"')

    async def test_paths_no_route_matches_share_one_label(self, client: httpx.AsyncClient) -> None:
        for n in range(3):
            await client.get(f"/api/v1/no-such-thing-{n}")

        text = (await client.get("/metrics")).text

        assert _lines(text, 'http_requests_total{handler="none",method="GET",status="404"}')
        assert "no-such-thing" not in text
