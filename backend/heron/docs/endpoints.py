"""API documentation that works offline: Swagger UI at /api/docs and ReDoc at /api/redoc, with
their assets served by Heron itself (no CDN) and no inline script."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from heron.kit.errors import NotFound

router = APIRouter(tags=["docs"], include_in_schema=False)

_OFFLINE = Path(fastapi_offline.__file__).parent / "static"
_ASSETS = {
    "swagger-ui-bundle.js": _OFFLINE / "swagger-ui-bundle.js",
    "swagger-ui.css": _OFFLINE / "swagger-ui.css",
    "redoc.standalone.js": _OFFLINE / "redoc.standalone.js",
    "favicon.png": _OFFLINE / "favicon.png",
    "swagger-init.js": Path(__file__).parent / "static" / "swagger-init.js",
}
_DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'"
)

_SWAGGER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Heron API</title>
<link rel="icon" href="/api/docs/assets/favicon.png">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/swagger-init.js"></script></body></html>"""

_REDOC_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Heron API reference</title>
<link rel="icon" href="/api/docs/assets/favicon.png"></head>
<body><redoc spec-url="/api/v1/openapi.json"></redoc>
<script src="/api/docs/assets/redoc.standalone.js"></script></body></html>"""


@router.get("/api/docs")
async def swagger_ui() -> HTMLResponse:
    """Swagger UI for the OpenAPI document."""
    return HTMLResponse(_SWAGGER_HTML, headers={"Content-Security-Policy": _DOCS_CSP})


@router.get("/api/redoc")
async def redoc() -> HTMLResponse:
    """ReDoc for the OpenAPI document."""
    return HTMLResponse(_REDOC_HTML, headers={"Content-Security-Policy": _DOCS_CSP})


@router.get("/api/docs/assets/{name}")
async def docs_asset(name: str) -> FileResponse:
    """A file of Swagger UI or ReDoc, from an allow-list (never a path from the request)."""
    path = _ASSETS.get(name)
    if path is None:
        raise NotFound("No such documentation asset.")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
