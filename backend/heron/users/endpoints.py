"""The signed-in person: profile, organizations and sessions."""

from __future__ import annotations

import uuid

from fastapi import Depends, Request, Response, status

from heron.auth.access import ORG_HEADER, SignedIn
from heron.auth.repository import AuthRepository
from heron.auth.service import AuthService
from heron.db import Transaction
from heron.kit.envelope import Envelope
from heron.kit.routing import domain_router, get_tx
from heron.kit.subject import UserSubject
from heron.kit.versioning import if_match, set_etag
from heron.users.schemas import MeUpdate, MyOrganization, SessionOut, UserOut
from heron.users.service import UserService

router = domain_router("/me", "me")


def _current_org(request: Request, me: UserSubject) -> uuid.UUID | None:
    """The organization this client works in: X-Heron-Org, else the one its token names."""
    header = request.headers.get(ORG_HEADER)
    if header:
        try:
            return uuid.UUID(header)
        except ValueError:
            return None
    return me.token_org_id


@router.get("", response_model=Envelope[UserOut])
async def get_me(
    response: Response, me: UserSubject = Depends(SignedIn()), tx: Transaction = Depends(get_tx)
) -> Envelope[UserOut]:
    """Your own profile: name, e-mail address (and whether it is confirmed), locale and time
    zone. The `ETag` is its version, for `If-Match` on changes."""
    user = await UserService(tx.session, me).get()
    set_etag(response, user.version)
    return Envelope[UserOut](data=UserOut.model_validate(user))


@router.patch("", response_model=Envelope[UserOut])
async def update_me(
    body: MeUpdate,
    request: Request,
    response: Response,
    me: UserSubject = Depends(SignedIn()),
    tx: Transaction = Depends(get_tx),
) -> Envelope[UserOut]:
    """Change your name, locale or time zone. `If-Match` is checked when sent; without it the
    last write wins (only you edit your profile)."""
    user = await UserService(tx.session, me).update(body, if_match(request))
    set_etag(response, user.version)
    return Envelope[UserOut](data=UserOut.model_validate(user))


@router.get("/organizations", response_model=Envelope[list[MyOrganization]])
async def my_organizations(
    request: Request, me: UserSubject = Depends(SignedIn()), tx: Transaction = Depends(get_tx)
) -> Envelope[list[MyOrganization]]:
    """The organizations you belong to, with your role in each."""
    current = _current_org(request, me)
    rows = await UserService(tx.session, me).organizations()
    data = [
        MyOrganization(id=r.id, name=r.name, role=r.role, current=r.id == current) for r in rows
    ]
    return Envelope[list[MyOrganization]](data=data)


@router.get("/sessions", response_model=Envelope[list[SessionOut]])
async def my_sessions(
    me: UserSubject = Depends(SignedIn()), tx: Transaction = Depends(get_tx)
) -> Envelope[list[SessionOut]]:
    """Your active sessions, one per browser or device you signed in from, with when each
    started, its browser (`user_agent`) and IP address; `current` marks the one making this
    request."""
    rows = await AuthRepository(tx.session).list_active_sessions(me.user_id)
    data = [
        SessionOut(
            id=r.family_id,
            created_at=r.created_at,
            user_agent=r.user_agent,
            ip=r.ip,
            current=r.family_id == me.session_id,
        )
        for r in rows
    ]
    return Envelope[list[SessionOut]](data=data)


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def end_session(
    session_id: uuid.UUID,
    request: Request,
    me: UserSubject = Depends(SignedIn()),
    tx: Transaction = Depends(get_tx),
) -> Response:
    """Sign out one of your sessions (another browser or device) by the id from
    `GET /me/sessions`; its tokens stop working. 404 when no active session of yours has this
    id."""
    await AuthService(tx, request.app.state.settings).end_session(me, session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
