"""The organization's members: who they are, their roles, removing them, leaving."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope, PageEnvelope
from heron.kit.pagination import PageParams, page_params
from heron.kit.routing import domain_router, get_session
from heron.kit.versioning import if_match, set_etag
from heron.members.auth import MemberEdit, MemberLeave, MemberRead, MemberRemove
from heron.members.schemas import MemberOut, MemberUpdate
from heron.members.service import MemberService
from heron.models import Membership

router = domain_router("/members", "members")


async def _answer(
    service: MemberService, membership: Membership, response: Response
) -> Envelope[MemberOut]:
    set_etag(response, membership.version)
    return Envelope[MemberOut](data=(await service.describe([membership]))[0])


@router.get("", response_model=PageEnvelope[MemberOut])
async def list_members(
    request: Request,
    access: Access = Depends(MemberRead),
    session: AsyncSession = Depends(get_session),
    page: PageParams = Depends(page_params),
    sort: str | None = Query(
        None,
        max_length=200,
        description="`full_name` (default), `email`, `role`, `joined_at`; `-` for descending.",
    ),
) -> PageEnvelope[MemberOut]:
    """The members of your organization with their role and the ids of their teams. Filter
    with `filter[role][eq]=admin`, `filter[email][icontains]=`, `filter[full_name][icontains]=`."""
    rows, meta = await MemberService(session, access).page(request.query_params, sort, page)
    return PageEnvelope[MemberOut](data=rows, meta=meta)


@router.post("/leave", status_code=status.HTTP_204_NO_CONTENT)
async def leave_organization(
    access: Access = Depends(MemberLeave),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Leave the organization you are working in. Your account and your other organizations
    stay as they are. The last Owner cannot leave (409): make another member an Owner first."""
    await MemberService(session, access).leave()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{user_id}", response_model=Envelope[MemberOut])
async def get_member(
    user_id: uuid.UUID,
    response: Response,
    access: Access = Depends(MemberRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[MemberOut]:
    """One member, by user id. The `ETag` is the membership's version for `If-Match`."""
    service = MemberService(session, access)
    return await _answer(service, await service.get(user_id), response)


@router.patch("/{user_id}", response_model=Envelope[MemberOut])
async def update_member(
    user_id: uuid.UUID,
    body: MemberUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(MemberEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[MemberOut]:
    """Change a member's role (Owners and Admins; `If-Match` required). Only an Owner makes
    or unmakes Owners, nobody changes their own role, and the last Owner keeps that role. The
    new role applies from the member's next request."""
    service = MemberService(session, access)
    membership = await service.change_role(user_id, body.role, if_match(request))
    return await _answer(service, membership, response)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(
    user_id: uuid.UUID,
    request: Request,
    access: Access = Depends(MemberRemove),
    session: AsyncSession = Depends(get_session),
) -> Response:
    """Remove a member from the organization (`If-Match` required). They lose access to it
    on their next request; their account, their other organizations and the records they made
    stay. Admins cannot remove Owners; the last Owner cannot be removed."""
    await MemberService(session, access).remove(user_id, if_match(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
