"""Prometheus metrics at /metrics: request counts and latency histograms per route template.

The route template is the one the router matched (``scope["route"]``, read once the request
is answered), so recording a request costs two label lookups. (prometheus-fastapi-instrumentator
matched every request against every route a second time before the app did: about 10 % of a
small request's time, bench/api.)

Each app gets a registry of its own (with the usual process, platform and GC collectors): on
the shared default registry, a second app in the same process (the test suite makes one per
test) would find its metric names taken and record into collectors nobody exports.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import replace_params
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
NOT_COUNTED = frozenset({"/metrics", "/healthz", "/readyz"})
# Requests no route matched (404s of any path) share one label, so a scan cannot grow the series.
UNMATCHED = "none"


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    GCCollector(registry=registry)
    return registry


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter(
            "http_requests_total", "Requests answered, by route template, method and status.",
            ("handler", "method", "status"), registry=registry,
        )  # fmt: skip
        self.latency = Histogram(
            "http_request_duration_seconds", "Time to answer, by route template and method.",
            ("handler", "method"), buckets=LATENCY_BUCKETS, registry=registry,
        )  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_keeping_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_keeping_status)
        finally:
            handler = _template(scope)
            if handler not in NOT_COUNTED:
                method = scope["method"]
                self.requests.labels(handler, method, str(status)).inc()
                self.latency.labels(handler, method).observe(time.perf_counter() - started)


def _template(scope: Scope) -> str:
    """The matched route's template with its router's prefix: the route knows its own part
    (``/teams/{team_id}``); the prefix is what the request's path has before that part."""
    route: Any = scope.get("route")
    own = getattr(route, "path_format", None) or getattr(route, "path", None)
    if own is None:
        return UNMATCHED
    convertors = getattr(route, "param_convertors", {})
    rendered, _ = replace_params(own, convertors, dict(scope.get("path_params", {})))
    path: str = scope.get("path", "")
    if rendered and path.endswith(rendered):
        return path[: len(path) - len(rendered)] + own
    return own


def install_metrics(app: FastAPI) -> None:
    registry = _registry()
    app.add_middleware(MetricsMiddleware, registry=registry)

    async def metrics(_request: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.add_route("/metrics", metrics, include_in_schema=False)
