"""The application factory: middleware, routers, lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.cors import CORSMiddleware

from heron import __version__
from heron.api import api_router
from heron.config import Settings, get_settings
from heron.db import Database, refresh_statistics
from heron.docs.endpoints import router as docs_router
from heron.kit.handlers import install_error_handlers
from heron.kit.logging import configure_logging
from heron.kit.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from heron.kit.openapi import install_openapi
from heron.kit.ratelimit import RateLimiter
from heron.live.bus import bus_for
from heron.ops.endpoints import router as ops_router
from heron.ops.metrics import install_metrics
from heron.ops.migrations import assert_schema_current
from heron.web.spa import install_web_app

DESCRIPTION = """
Heron's REST API. Every response uses one envelope: `{success, data, meta, error}`.

Authenticate with `Authorization: Bearer <token>`: an access token from `POST /api/v1/auth/login`
or an API key (`hrn_...`). Members of several organizations choose one per request with
`X-Heron-Org: <organization id>`.
"""


def _operation_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "heron"
    return f"{tag}-{route.name}"


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if database is None:
            await assert_schema_current(app.state.db)
            await refresh_statistics(app.state.db.engine)
            # What start-up built (routes, models, schemas: some 360,000 objects) lives as long
            # as the process. Frozen, the collector stops walking it on each full collection,
            # which took ~160 ms and showed as the bench's slowest requests (docs/performance.md).
            gc.freeze()
        yield
        await bus_for(settings.redis_url).stop_listening()
        if database is None:
            await app.state.db.dispose()

    app = FastAPI(
        title="Heron",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database or Database.from_settings(settings)
    app.state.limiter = RateLimiter(settings.redis_url)

    install_error_handlers(app)
    # Multipart overhead on top of the file itself.
    uploads = {("POST", "/api/v1/imports"): settings.import_max_bytes + 64 * 1024}
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes, uploads=uploads)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Heron-Org",
                "X-Request-ID",
                "X-Heron-CSRF",
            ],
            expose_headers=[
                "ETag",
                "X-Request-ID",
                "Retry-After",
                "Location",
                "Idempotent-Replayed",
            ],
        )
    app.add_middleware(RequestContextMiddleware)

    app.include_router(ops_router)
    app.include_router(docs_router)
    app.include_router(api_router)
    install_metrics(app)
    install_openapi(app)
    install_web_app(app, settings.web_app_dir)
    return app
