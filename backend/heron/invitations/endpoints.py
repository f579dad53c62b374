"""Invitations: inviting people by e-mail, and the invited person's side (look, accept)."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response, status

from heron.auth.access import Access
from heron.auth.endpoints import client_info, settings_of, token_answer
from heron.auth.schemas import TokenOut
from heron.db import Transaction
from heron.invitations.auth import (
    InvitationCreator,
    InvitationEdit,
    InvitationHolder,
    InvitationRead,
    InvitationRevoke,
    optional_person,
)
from heron.invitations.schemas import (
    AcceptIn,
    InvitationCreate,
    InvitationLookup,
    InvitationOut,
    StatusFilter,
)
from heron.invitations.service import InvitationAcceptance, InvitationService
from heron.kit.envelope import Envelope, PageEnvelope
from heron.kit.pagination import PageParams, page_params
from heron.kit.routing import domain_router, get_tx
from heron.models import Invitation

router = domain_router("/invitations", "invitations")


def _service(request: Request, tx: Transaction, access: Access) -> InvitationService:
    return InvitationService(tx, settings_of(request), access)


async def _one(service: InvitationService, invitation: Invitation) -> Envelope[InvitationOut]:
    return Envelope[InvitationOut](data=(await service.describe([invitation]))[0])


@router.get("", response_model=PageEnvelope[InvitationOut])
async def list_invitations(
    request: Request,
    access: Access = Depends(InvitationRead),
    tx: Transaction = Depends(get_tx),
    page: PageParams = Depends(page_params),
    status_: StatusFilter = Query("pending", alias="status", description="Which invitations."),
) -> PageEnvelope[InvitationOut]:
    """The organization's invitations, newest first: pending ones unless `status` says
    `accepted`, `revoked`, `expired` or `all`."""
    rows, meta = await _service(request, tx, access).page(status_, page)
    return PageEnvelope[InvitationOut](data=rows, meta=meta)


@router.post("", response_model=Envelope[InvitationOut], status_code=status.HTTP_201_CREATED)
async def create_invitation(
    body: InvitationCreate,
    request: Request,
    access: Access = Depends(InvitationCreator),
    tx: Transaction = Depends(get_tx),
) -> Envelope[InvitationOut]:
    """Invite someone by e-mail, with a role up to your own (only an Owner invites Owners).
    They receive a link valid for a few days (`HERON_INVITATION_DAYS`). 409 when the address is
    already a member or already has a pending invitation."""
    service = _service(request, tx, access)
    return await _one(service, await service.invite(body.email, body.role))


@router.get(
    "/lookup", response_model=Envelope[InvitationLookup], dependencies=[Depends(InvitationHolder)]
)
async def lookup_invitation(
    request: Request,
    token: str = Query(
        min_length=10, max_length=200, description="The token from the e-mailed link."
    ),
    tx: Transaction = Depends(get_tx),
) -> Envelope[InvitationLookup]:
    """For the invited person (no sign-in): which organization invites them, who sent it, the
    address and role, and whether an account already uses that address (then sign in to
    accept; otherwise choose a name and password). 404 when the link is unknown, used, revoked
    or expired."""
    data = await InvitationAcceptance(tx, settings_of(request)).lookup(token)
    return Envelope[InvitationLookup](data=data)


@router.post("/accept", response_model=Envelope[TokenOut], dependencies=[Depends(InvitationHolder)])
async def accept_invitation(
    body: AcceptIn,
    request: Request,
    response: Response,
    tx: Transaction = Depends(get_tx),
) -> Envelope[TokenOut]:
    """Accept an invitation with the token from its link, and get a session in the
    organization (the same answer as sign-in). Signed in (`Authorization: Bearer <access
    token>`), you must be the invited address (403 otherwise). Not signed in: if no account
    uses the address, one is made with `full_name` and `password` (both required); if one
    does, 401 asks you to sign in first. A link works once (404 afterwards)."""
    settings = settings_of(request)
    person = await optional_person(request, tx.session)
    issued = await InvitationAcceptance(tx, settings).accept(body, person, client_info(request))
    return token_answer(issued, response, settings, body.refresh_in_body)


@router.get("/{invitation_id}", response_model=Envelope[InvitationOut])
async def get_invitation(
    invitation_id: uuid.UUID,
    request: Request,
    access: Access = Depends(InvitationRead),
    tx: Transaction = Depends(get_tx),
) -> Envelope[InvitationOut]:
    """One invitation and its status (`pending`, `accepted`, `revoked`, `expired`)."""
    service = _service(request, tx, access)
    return await _one(service, await service.get(invitation_id))


@router.delete("/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def revoke_invitation(
    invitation_id: uuid.UUID,
    request: Request,
    access: Access = Depends(InvitationRevoke),
    tx: Transaction = Depends(get_tx),
) -> Response:
    """Revoke an invitation: its link stops working. Managers may revoke the invitations they
    sent. 409 once it was accepted or revoked."""
    await _service(request, tx, access).revoke(invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{invitation_id}/resend", response_model=Envelope[InvitationOut])
async def resend_invitation(
    invitation_id: uuid.UUID,
    request: Request,
    access: Access = Depends(InvitationEdit),
    tx: Transaction = Depends(get_tx),
) -> Envelope[InvitationOut]:
    """E-mail the invitation again with a new link and a new expiry; the previous link stops
    working. Works for pending and expired invitations; Managers resend those they sent."""
    service = _service(request, tx, access)
    return await _one(service, await service.resend(invitation_id))
