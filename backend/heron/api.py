"""Mounts every domain router under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from heron.auth.endpoints import router as auth_router
from heron.events.endpoints import router as events_router
from heron.kit.routing import HeronRoute
from heron.roles.endpoints import router as roles_router
from heron.users.endpoints import router as users_router

api_router = APIRouter(prefix="/api/v1", route_class=HeronRoute)
api_router.include_router(auth_router)
api_router.include_router(users_router)
api_router.include_router(roles_router)
api_router.include_router(events_router)
