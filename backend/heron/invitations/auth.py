"""Who may see and manage invitations, and who is accepting one."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.access import Authorize, Public, authenticate_person
from heron.auth.repository import AuthRepository
from heron.auth.secrets import API_KEY_PREFIX
from heron.kit.errors import PermissionDenied, Unauthenticated
from heron.kit.subject import UserSubject
from heron.roles.matrix import Action

InvitationRead = Authorize("invitation", Action.read)
InvitationCreator = Authorize("invitation", Action.create)
# Managers hold scope "own" here: only the invitations they sent (checked in the service).
InvitationEdit = Authorize("invitation", Action.update)
InvitationRevoke = Authorize("invitation", Action.delete)
# The invited person has no membership yet: the token in the link is the credential.
InvitationHolder = Public()


async def optional_person(request: Request, session: AsyncSession) -> UserSubject | None:
    """The signed-in person if the request carries a user access token, else None.

    A token that is sent but not valid is a 401, not an anonymous request: the client believes
    it is signed in and must not create a second account by accident.
    """
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("Send `Authorization: Bearer <access token>`, or no Authorization.")
    if token.startswith(API_KEY_PREFIX):
        raise PermissionDenied("An API key cannot accept an invitation; the invited person does.")
    person = await authenticate_person(request, AuthRepository(session), token)
    return person
