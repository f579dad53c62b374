"""Teams: groups of members with a manager, who sees and edits their team's records."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope, PageEnvelope
from heron.kit.pagination import PageParams, page_params
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.models import Team
from heron.teams.auth import TeamCreator, TeamEdit, TeamRead, TeamRemove
from heron.teams.schemas import TeamCreate, TeamDetail, TeamOut, TeamUpdate
from heron.teams.service import TeamService

router = domain_router("/teams", "teams")


async def _answer(service: TeamService, team: Team, response: Response) -> Envelope[TeamDetail]:
    set_etag(response, team.version)
    return Envelope[TeamDetail](data=await service.detail(team))


@router.get("", response_model=PageEnvelope[TeamOut])
async def list_teams(
    request: Request,
    access: Access = Depends(TeamRead),
    session: AsyncSession = Depends(get_session),
    page: PageParams = Depends(page_params),
    sort: str | None = Query(
        None, max_length=200, description="`name` (default) or `created_at`; `-` for descending."
    ),
) -> PageEnvelope[TeamOut]:
    """The organization's teams with their manager and how many members they have. Filter with
    `filter[name][icontains]=` or `filter[manager_id][eq]=`."""
    rows, meta = await TeamService(session, access).page(request.query_params, sort, page)
    return PageEnvelope[TeamOut](data=rows, meta=meta)


@router.post("", response_model=Envelope[TeamDetail], status_code=status.HTTP_201_CREATED)
async def create_team(
    body: TeamCreate,
    response: Response,
    access: Access = Depends(TeamCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TeamDetail]:
    """Create a team (Owners and Admins). The manager and the members must be members of the
    organization (422 naming the field otherwise); team names are unique in an organization
    (409)."""
    service = TeamService(session, access)
    return await _answer(service, await service.create(body), response)


@router.get("/{team_id}", response_model=Envelope[TeamDetail])
async def get_team(
    team_id: uuid.UUID,
    response: Response,
    access: Access = Depends(TeamRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TeamDetail]:
    """One team with its manager and members. The `ETag` is its version for `If-Match`."""
    service = TeamService(session, access)
    return await _answer(service, await service.get(team_id), response)


@router.patch("/{team_id}", response_model=Envelope[TeamDetail])
async def update_team(
    team_id: uuid.UUID,
    body: TeamUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(TeamEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TeamDetail]:
    """Rename a team, change its description or its manager (`If-Match` required). Managers
    may edit the teams they manage, but only Owners and Admins change a team's manager."""
    service = TeamService(session, access)
    return await _answer(service, await service.update(team_id, body, if_match(request)), response)


@router.delete("/{team_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_team(
    team_id: uuid.UUID,
    request: Request,
    access: Access = Depends(TeamRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Delete a team (Owners and Admins; `If-Match` required). Its members stay members of the
    organization."""
    await TeamService(session, access).delete(team_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{team_id}/members/{user_id}", response_model=Envelope[TeamDetail])
async def add_team_member(
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    response: Response,
    access: Access = Depends(TeamEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[TeamDetail]:
    """Put a member of the organization on the team; doing it again changes nothing. Managers
    may do this on the teams they manage."""
    service = TeamService(session, access)
    return await _answer(service, await service.add_member(team_id, user_id), response)


@router.delete("/{team_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_team_member(
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    access: Access = Depends(TeamEdit),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Take someone off the team; they stay a member of the organization. Managers may do this
    on the teams they manage."""
    await TeamService(session, access).remove_member(team_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
