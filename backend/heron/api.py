"""Mounts every domain router under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from heron.activities.endpoints import router as activities_router
from heron.activities.endpoints import tasks_router
from heron.api_keys.endpoints import router as api_keys_router
from heron.auth.endpoints import router as auth_router
from heron.auth.oauth_endpoints import router as oauth_router
from heron.companies.endpoints import router as companies_router
from heron.custom_fields.endpoints import router as custom_fields_router
from heron.events.endpoints import router as events_router
from heron.invitations.endpoints import router as invitations_router
from heron.members.endpoints import router as members_router
from heron.orgs.endpoints import router as orgs_router
from heron.roles.endpoints import router as roles_router
from heron.tags.endpoints import router as tags_router
from heron.teams.endpoints import router as teams_router
from heron.users.endpoints import router as users_router

api_router = APIRouter(prefix="/api/v1")
for router in (
    auth_router,
    oauth_router,
    users_router,
    orgs_router,
    members_router,
    invitations_router,
    teams_router,
    api_keys_router,
    roles_router,
    events_router,
    tags_router,
    custom_fields_router,
    activities_router,
    tasks_router,
    companies_router,
):
    api_router.include_router(router)
