"""Access dependencies: who is calling, in which organization, and what the role matrix allows.

Every route declares exactly one of these, and the generated role tests read that declaration:
- ``Authorize(resource, action)``: an organization member (user or API key) whose role has a scope
  other than ``none`` for the action; anything else is 403.
- ``SignedIn()``: any signed-in person, whatever the organization (profile, their organizations).
- ``Public()``: no credentials (sign-up, sign-in, health).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.repository import AuthRepository
from heron.auth.secrets import API_KEY_PREFIX, AccessClaims, decode_access_token, hash_secret
from heron.config import Settings
from heron.db import Database
from heron.kit import idempotency, tenancy
from heron.kit.errors import PermissionDenied, Unauthenticated
from heron.kit.routing import get_session, request_tx
from heron.kit.subject import ActorType, Subject, UserSubject
from heron.models.api_key import ApiKey
from heron.models.base import utcnow
from heron.records import search
from heron.roles.matrix import Action, Role, Scope, can_grant, has_team_scope, scope_for

ORG_HEADER = "X-Heron-Org"
API_KEY_TOUCH_INTERVAL = timedelta(minutes=1)

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="An access token from `/auth/login`, or an API key (`hrn_...`).",
)


@dataclass(frozen=True)
class Access:
    """The subject and the scope the matrix grants it for this route's action."""

    subject: Subject
    scope: Scope
    resource: str
    action: Action


def _credentials_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthenticated()
    return credentials.credentials


def _requested_org(request: Request) -> uuid.UUID | None:
    raw = request.headers.get(ORG_HEADER)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise PermissionDenied(f"{ORG_HEADER} is not an organization you belong to.") from None


async def authenticate_person(request: Request, repo: AuthRepository, token: str) -> UserSubject:
    """The signed-in person behind an access token (with the organization the token names)."""
    claims = _claims(request, token)
    user = await repo.get_user(claims.user_id)
    if (
        user is None
        or not user.is_active
        or (user.sessions_valid_after is not None and claims.issued_at < user.sessions_valid_after)
        or not await repo.session_is_active(claims.session_id, user.id)
    ):
        raise Unauthenticated("Your session has ended. Sign in again.")
    # The person sees their own memberships (and organizations) until an organization is chosen.
    await tenancy.enter(repo.session, None, user.id)
    return UserSubject(user_id=user.id, session_id=claims.session_id, token_org_id=claims.org_id)


async def _key_role(repo: AuthRepository, key: ApiKey) -> Role:
    """The key's role, capped by its creator's current one: a key never outlives or outranks the
    person who made it (removed, disabled or deleted creator: the key stops working)."""
    creator = None
    if key.created_by_id is not None:
        person = await repo.get_user(key.created_by_id)
        if person is not None and person.is_active:
            creator = await repo.get_membership(person.id, key.org_id)
    if creator is None:
        raise Unauthenticated(
            "This API key's creator is no longer an active member; it is disabled."
        )
    if not can_grant(creator.role, key.role):
        return Role(creator.role)
    return Role(key.role)


async def _api_key_subject(request: Request, repo: AuthRepository, secret: str) -> Subject:
    # A key is found by its hash alone, before its organization is known.
    async with tenancy.bypass(repo.session):
        key = await repo.get_api_key_by_hash(hash_secret(secret))
    now = utcnow()
    if key is None or key.revoked_at is not None or (key.expires_at and key.expires_at <= now):
        raise Unauthenticated("This API key is not valid.")
    await tenancy.enter(repo.session, key.org_id, None)
    role = await _key_role(repo, key)
    requested = _requested_org(request)
    if requested is not None and requested != key.org_id:
        raise PermissionDenied("An API key works only in its own organization.")
    if key.last_used_at is None or now - key.last_used_at > API_KEY_TOUCH_INTERVAL:
        _touch_after_commit(request, key)
    return Subject(
        actor_type=ActorType.api_key,
        org_id=key.org_id,
        role=role,
        api_key_id=key.id,
        key_creator_id=key.created_by_id,
    )


def _touch_after_commit(request: Request, key: ApiKey) -> None:
    """Record the key's use in its own short transaction, so reads stay read-only."""
    db: Database = request.app.state.db
    key_id, org_id = key.id, key.org_id

    async def touch() -> None:
        async with db.transaction() as tx:
            await tenancy.enter(tx.session, org_id, None)
            await AuthRepository(tx.session).touch_api_key(key_id, utcnow())

    request_tx(request).after_commit(touch)


async def authenticate(request: Request, session: AsyncSession, token: str) -> Subject:
    """The organization-scoped subject for a bearer token or API key."""
    repo = AuthRepository(session)
    if token.startswith(API_KEY_PREFIX):
        return await _api_key_subject(request, repo, token)
    claims = _claims(request, token)
    org_id = _requested_org(request) or claims.org_id
    if org_id is None:
        return await _first_membership_subject(request, repo, token)
    # The organization and person the signed token (or header) names, so that row-level
    # security shows their rows to the one query below; nothing is read before it checks them.
    await tenancy.enter(session, org_id, claims.user_id, search.transaction_settings())
    found = await repo.signed_in_member(claims.user_id, claims.session_id, org_id)
    if (
        found is None
        or not found.is_active
        or (found.sessions_valid_after and claims.issued_at < found.sessions_valid_after)
        or not found.session_active
    ):
        raise Unauthenticated("Your session has ended. Sign in again.")
    if found.role is None:
        # Never fall back to another organization: a client that believes it works in one
        # must not end up writing into another after losing its membership.
        raise PermissionDenied("You are not a member of this organization.")
    team: frozenset[uuid.UUID] = frozenset()
    if has_team_scope(found.role):
        team = found.managed_user_ids | {claims.user_id}
    return Subject(
        actor_type=ActorType.user,
        org_id=org_id,
        role=found.role,
        user_id=claims.user_id,
        session_id=claims.session_id,
        team_user_ids=team,
        custom_fields_stamp=found.custom_fields_stamp,
        entered=True,
    )


def _claims(request: Request, token: str) -> AccessClaims:
    settings: Settings = request.app.state.settings
    claims = decode_access_token(settings, token)
    if claims is None:
        raise Unauthenticated("Your session has expired or the token is not valid.")
    return claims


async def _first_membership_subject(request: Request, repo: AuthRepository, token: str) -> Subject:
    """A token that names no organization (nor does the request): the person's first."""
    user = await authenticate_person(request, repo, token)
    membership = await repo.first_membership(user.user_id)
    if membership is None:
        raise PermissionDenied("You are not a member of this organization.")
    return Subject(
        actor_type=ActorType.user,
        org_id=membership.org_id,
        role=membership.role,
        user_id=user.user_id,
        session_id=user.session_id,
    )


class Authorize:
    """Require a role whose matrix scope for ``resource``/``action`` is not ``none``."""

    def __init__(self, resource: str, action: Action | str) -> None:
        self.resource = resource
        self.action = Action(action)

    async def __call__(
        self,
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
        session: AsyncSession = Depends(get_session),
    ) -> Access:
        subject = await authenticate(request, session, _credentials_token(credentials))
        if not subject.entered:
            await tenancy.enter(
                session, subject.org_id, subject.user_id, search.transaction_settings()
            )
        scope = scope_for(subject.role, self.resource, self.action)
        if scope is Scope.none:
            raise PermissionDenied()
        if not subject.entered:
            subject = await _with_team(session, subject)
        request.state.subject = subject
        await idempotency.guard(request, session, subject.idempotency_scope)
        return Access(subject=subject, scope=scope, resource=self.resource, action=self.action)


async def _with_team(session: AsyncSession, subject: Subject) -> Subject:
    """The subject with the people of the teams its person manages ("team" scope), whatever
    the route's own scope: a route may read with one scope and write with another."""
    person = subject.person_id
    if person is None or not has_team_scope(subject.role):
        return subject
    team = await AuthRepository(session).managed_team_user_ids(subject.org_id, person)
    return Subject(**{**subject.__dict__, "team_user_ids": frozenset(team | {person})})


class SignedIn:
    """Require a signed-in person (not an API key); no organization needed."""

    async def __call__(
        self,
        request: Request,
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
        session: AsyncSession = Depends(get_session),
    ) -> UserSubject:
        token = _credentials_token(credentials)
        if token.startswith(API_KEY_PREFIX):
            raise PermissionDenied("API keys act for an organization, not a person.")
        user = await authenticate_person(request, AuthRepository(session), token)
        await idempotency.guard(request, session, f"user:{user.user_id}")
        return user


class Public:
    """No credentials needed. Declared so the role tests know the route is open on purpose."""

    async def __call__(self) -> None:
        return None
