"""The caller's organization: its name and settings; starting another organization."""

from __future__ import annotations

from fastapi import Depends, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Access
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_session
from heron.kit.subject import UserSubject
from heron.kit.versioning import if_match, set_etag
from heron.models import Organization
from heron.orgs import service
from heron.orgs.auth import OrganizationCreator, OrganizationEdit, OrganizationRead
from heron.orgs.schemas import OrgCreate, OrgOut, OrgUpdate

# Two paths, one domain: `/org` is the caller's organization, `/orgs` the collection to add to.
router = domain_router("", "organization")


def _answer(org: Organization, response: Response) -> Envelope[OrgOut]:
    set_etag(response, org.version)
    return Envelope[OrgOut](data=OrgOut.model_validate(org))


@router.get("/org", response_model=Envelope[OrgOut])
async def get_organization(
    response: Response,
    access: Access = Depends(OrganizationRead),
    session: AsyncSession = Depends(get_session),
) -> Envelope[OrgOut]:
    """The organization you are working in (from your token or `X-Heron-Org`): its name,
    default currency, time zone, locale and the month its fiscal year starts. The `ETag` is
    the version to send in `If-Match` when changing it."""
    org = await service.OrgService(session, access).get()
    return _answer(org, response)


@router.patch("/org", response_model=Envelope[OrgOut])
async def update_organization(
    body: OrgUpdate,
    request: Request,
    response: Response,
    access: Access = Depends(OrganizationEdit),
    session: AsyncSession = Depends(get_session),
) -> Envelope[OrgOut]:
    """Change the organization's name or settings (Owners and Admins). Requires
    `If-Match` with the version from `GET /org`: 428 without it, 412 if someone changed it in
    the meantime. The currency is an ISO 4217 code (`EUR`), the time zone an IANA name
    (`Europe/Paris`)."""
    org = await service.OrgService(session, access).update(body, if_match(request))
    return _answer(org, response)


@router.post("/orgs", response_model=Envelope[OrgOut], status_code=status.HTTP_201_CREATED)
async def create_organization(
    body: OrgCreate,
    response: Response,
    me: UserSubject = Depends(OrganizationCreator),
    session: AsyncSession = Depends(get_session),
) -> Envelope[OrgOut]:
    """Start another organization; you become its Owner. Work in it by sending
    `X-Heron-Org: <its id>` or by switching with `POST /auth/switch`."""
    org = await service.create_for(session, me, body)
    return _answer(org, response)
