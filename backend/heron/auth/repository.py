"""Every query of authentication: users, sessions (refresh-token families), mailed tokens, keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, Select, Uuid, bindparam, exists, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.sqljson import as_list, as_uuid, json_list, json_list_agg
from heron.models import (
    ApiKey,
    CustomField,
    Membership,
    OAuthAccount,
    RefreshToken,
    TeamMember,
    User,
    UserToken,
)
from heron.models.base import utcnow
from heron.models.organization import Team


@dataclass(frozen=True)
class SignedInMember:
    """What one query tells about the person behind an access token, in one organization."""

    is_active: bool
    sessions_valid_after: datetime | None
    session_active: bool
    role: str | None  # None: not a member of the organization
    managed_user_ids: frozenset[uuid.UUID]  # the people of the teams they manage
    custom_fields_stamp: str  # changes whenever the organization's custom fields change


def custom_fields_stamp(count: int, versions: int | None, last: datetime | None) -> str:
    """A fingerprint of an organization's custom fields: their number, the sum of their
    versions and the last update. A creation, change or deletion always moves it."""
    return f"{count}:{versions or 0}:{last.isoformat() if last else ''}"


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # Users
    async def get_user(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_user_by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email.lower()))

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()

    # Memberships, as authentication needs them
    async def get_membership(self, user_id: uuid.UUID, org_id: uuid.UUID) -> Membership | None:
        return await self.session.scalar(
            select(Membership).where(Membership.user_id == user_id, Membership.org_id == org_id)
        )

    async def first_membership(self, user_id: uuid.UUID) -> Membership | None:
        return await self.session.scalar(
            select(Membership)
            .where(Membership.user_id == user_id)
            .order_by(Membership.created_at, Membership.id)
            .limit(1)
        )

    async def signed_in_member(
        self, user_id: uuid.UUID, session_id: uuid.UUID, org_id: uuid.UUID
    ) -> SignedInMember | None:
        """Everything a request needs to know about its caller, in one statement: the person,
        whether their session is live, their role in ``org_id``, the people of the teams they
        manage and the custom-field stamp of the organization. None for no such person."""
        params = {"user_id": user_id, "session_id": session_id, "org_id": org_id, "now": utcnow()}
        row = (await self.session.execute(_signed_in_member(), params)).one_or_none()
        if row is None:
            return None
        active, valid_after, live, role_, team_, count, versions, last = row
        return SignedInMember(
            is_active=bool(active),
            sessions_valid_after=valid_after,
            session_active=bool(live),
            role=role_,
            managed_user_ids=frozenset(as_uuid(u) for u in as_list(team_)),  # type: ignore[misc]
            custom_fields_stamp=custom_fields_stamp(int(count or 0), versions, last),
        )

    async def managed_team_user_ids(
        self, org_id: uuid.UUID, manager_id: uuid.UUID
    ) -> set[uuid.UUID]:
        """The members of the teams ``manager_id`` manages in ``org_id``."""
        rows = await self.session.scalars(
            select(TeamMember.user_id)
            .join(Team, Team.id == TeamMember.team_id)
            .where(Team.org_id == org_id, Team.manager_id == manager_id)
        )
        return set(rows)

    # Sessions: families of refresh tokens
    async def session_is_active(self, family_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        row = await self.session.scalar(
            select(RefreshToken.id)
            .where(
                RefreshToken.family_id == family_id,
                RefreshToken.user_id == user_id,
                RefreshToken.revoked_at.is_(None),
                RefreshToken.expires_at > utcnow(),
            )
            .limit(1)
        )
        return row is not None

    async def get_refresh_token(self, token_hash: str) -> RefreshToken | None:
        return await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        )

    async def claim_rotation(self, token_id: uuid.UUID, when: datetime) -> bool:
        """Mark a live refresh token rotated; False when another request got there first."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == token_id,
                RefreshToken.rotated_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(rotated_at=when)
        )
        return cast("CursorResult[Any]", result).rowcount == 1

    async def revoke_family(self, family_id: uuid.UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    async def revoke_all_sessions(self, user_id: uuid.UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )

    async def revoke_other_sessions(self, user_id: uuid.UUID, keep: uuid.UUID | None) -> None:
        stmt = update(RefreshToken).where(
            RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)
        )
        if keep is not None:
            stmt = stmt.where(RefreshToken.family_id != keep)
        await self.session.execute(stmt.values(revoked_at=utcnow()))

    async def set_session_org(self, family_id: uuid.UUID, org_id: uuid.UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(org_id=org_id)
        )

    async def list_active_sessions(self, user_id: uuid.UUID) -> list[RefreshToken]:
        rows = await self.session.scalars(
            select(RefreshToken)
            .where(
                RefreshToken.user_id == user_id,
                RefreshToken.revoked_at.is_(None),
                RefreshToken.rotated_at.is_(None),
                RefreshToken.expires_at > utcnow(),
            )
            .order_by(RefreshToken.created_at.desc())
        )
        return list(rows)

    # E-mailed single-use tokens
    async def get_user_token(self, token_hash: str, purpose: str) -> UserToken | None:
        return await self.session.scalar(
            select(UserToken).where(
                UserToken.token_hash == token_hash, UserToken.purpose == purpose
            )
        )

    async def claim_user_token(self, token_id: uuid.UUID) -> bool:
        """Mark a single-use token used; False when another request used it first."""
        result = await self.session.execute(
            update(UserToken)
            .where(UserToken.id == token_id, UserToken.used_at.is_(None))
            .values(used_at=utcnow())
        )
        return bool(getattr(result, "rowcount", 0))

    async def void_user_tokens(self, user_id: uuid.UUID, purpose: str) -> None:
        await self.session.execute(
            update(UserToken)
            .where(
                UserToken.user_id == user_id,
                UserToken.purpose == purpose,
                UserToken.used_at.is_(None),
            )
            .values(used_at=utcnow())
        )

    # OAuth identities
    async def get_oauth_account(self, provider: str, subject: str) -> OAuthAccount | None:
        return await self.session.scalar(
            select(OAuthAccount).where(
                OAuthAccount.provider == provider, OAuthAccount.subject == subject
            )
        )

    # API keys, looked up by the hash of the presented secret
    async def get_api_key_by_hash(self, key_hash: str) -> ApiKey | None:
        return await self.session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash))

    async def touch_api_key(self, key_id: uuid.UUID, when: datetime) -> None:
        await self.session.execute(
            update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=when)
        )


@cache
def _signed_in_member() -> Select[Any]:
    """The statement of ``AuthRepository.signed_in_member``, built once (every request runs
    it), with the caller as parameters ``user_id``, ``session_id``, ``org_id`` and ``now``."""
    user_id, org_id = bindparam("user_id", type_=Uuid), bindparam("org_id", type_=Uuid)
    live_session = exists(
        select(RefreshToken.id).where(
            RefreshToken.family_id == bindparam("session_id"),
            RefreshToken.user_id == User.id,
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > bindparam("now"),
        )
    )
    role = (
        select(Membership.role)
        .where(Membership.user_id == User.id, Membership.org_id == org_id)
        .scalar_subquery()
    )
    team = json_list(
        select(json_list_agg(TeamMember.user_id))
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.org_id == org_id, Team.manager_id == User.id)
    )
    fields = (
        select(
            func.count(CustomField.id).label("count"),
            func.sum(CustomField.version).label("versions"),
            func.max(CustomField.updated_at).label("last"),
        )
        .where(CustomField.org_id == org_id)
        .subquery()
    )
    return (
        select(
            User.is_active,
            User.sessions_valid_after,
            live_session,
            role,
            team,
            fields.c.count,
            fields.c.versions,
            fields.c.last,
        )
        .select_from(User)
        .join(fields, true())
        .where(User.id == user_id)
    )
