"""Mounts every domain router under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from heron.activities.endpoints import router as activities_router
from heron.activities.endpoints import tasks_router
from heron.api_keys.endpoints import router as api_keys_router
from heron.auth.endpoints import router as auth_router
from heron.auth.oauth_endpoints import router as oauth_router
from heron.calendar_feeds.endpoints import feed_router as calendar_router
from heron.calendar_feeds.endpoints import router as calendar_feed_router
from heron.companies.endpoints import router as companies_router
from heron.contacts.endpoints import router as contacts_router
from heron.custom_fields.endpoints import router as custom_fields_router
from heron.deals.endpoints import router as deals_router
from heron.events.endpoints import router as events_router
from heron.exports.endpoints import router as exports_router
from heron.imports.endpoints import router as imports_router
from heron.invitations.endpoints import router as invitations_router
from heron.jobs.endpoints import router as jobs_router
from heron.leads.endpoints import router as leads_router
from heron.live.endpoints import router as live_router
from heron.members.endpoints import router as members_router
from heron.orgs.endpoints import router as orgs_router
from heron.pipelines.endpoints import router as pipelines_router
from heron.roles.endpoints import router as roles_router
from heron.search.endpoints import router as search_router
from heron.tags.endpoints import router as tags_router
from heron.teams.endpoints import router as teams_router
from heron.trash.endpoints import router as trash_router
from heron.users.endpoints import router as users_router
from heron.views.endpoints import router as views_router

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
    # Before the record kinds: /contacts/export must not be read as /contacts/{contact_id}.
    exports_router,
    contacts_router,
    tags_router,
    custom_fields_router,
    companies_router,
    views_router,
    search_router,
    trash_router,
    pipelines_router,
    leads_router,
    deals_router,
    activities_router,
    tasks_router,
    calendar_feed_router,
    calendar_router,
    jobs_router,
    imports_router,
    live_router,
):
    api_router.include_router(router)
