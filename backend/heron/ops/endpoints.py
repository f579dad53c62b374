"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from heron.db import Database
from heron.ops.migrations import MIGRATE_HINT, schema_status

router = APIRouter(tags=["ops"], include_in_schema=False)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """The database answers and its schema is current: this process can take traffic."""
    db: Database = request.app.state.db
    if getattr(request.app.state, "shutting_down", False):
        return JSONResponse({"status": "shutting_down"}, status_code=503)
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        current, heads = await schema_status(db)
    except Exception as exc:  # any failure means "not ready"
        return JSONResponse(
            {"status": "unavailable", "database": type(exc).__name__}, status_code=503
        )
    if current != heads:
        return JSONResponse({"status": "migrations_pending", "hint": MIGRATE_HINT}, status_code=503)
    return JSONResponse({"status": "ready"})
