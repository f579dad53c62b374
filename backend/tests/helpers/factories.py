"""Small typed helpers that put test data in the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import create_access_token, hash_password, hash_secret, new_secret
from heron.config import Settings
from heron.kit.ids import uuid7
from heron.models import Membership, Organization, RefreshToken, User
from heron.models.base import utcnow

PASSWORD = "correct horse battery staple"
_HASH: str | None = None


def _password_hash() -> str:
    global _HASH  # argon2 is slow on purpose; hash the shared test password once
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


async def create_user(session: AsyncSession, **overrides: object) -> User:
    n = uuid7().hex[-8:]
    values: dict[str, object] = {
        "email": f"user-{n}@example.com",
        "full_name": f"User {n}",
        "password_hash": _password_hash(),
        "email_verified_at": utcnow(),
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    await session.flush()
    return user


async def create_org(session: AsyncSession, **overrides: object) -> Organization:
    values: dict[str, object] = {"name": f"Org {uuid7().hex[-6:]}"}
    values.update(overrides)
    org = Organization(**values)
    session.add(org)
    await session.flush()
    return org


@dataclass
class Member:
    user: User
    org: Organization
    role: str
    session_id: uuid.UUID
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Heron-Org": str(self.org.id)}


async def create_member(
    session: AsyncSession,
    settings: Settings,
    org: Organization,
    role: str = "owner",
    **user_fields: object,
) -> Member:
    """A user with ``role`` in ``org`` and a signed-in session (an access token)."""
    user = await create_user(session, **user_fields)
    session.add(Membership(org_id=org.id, user_id=user.id, role=role))
    family = uuid7()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=hash_secret(new_secret()),
            org_id=org.id,
            expires_at=utcnow() + timedelta(days=1),
        )
    )
    await session.flush()
    token, _ = create_access_token(settings, user_id=user.id, session_id=family, org_id=org.id)
    return Member(user=user, org=org, role=role, session_id=family, token=token)
