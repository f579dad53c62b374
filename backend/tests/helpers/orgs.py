"""Test data of the organization domains: teams, invitations, API keys; and what was recorded."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import hash_secret, new_secret
from heron.models import Event, Invitation, Membership, Organization, Team, TeamMember, User
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key as make_api_key


def if_match(version: int | str) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def create_team(
    session: AsyncSession,
    org: Organization,
    *,
    members: list[uuid.UUID] | None = None,
    **overrides: Any,
) -> Team:
    values: dict[str, Any] = {"name": f"Team {uuid.uuid4().hex[:6]}"}
    values.update(overrides)
    team = Team(org_id=org.id, **values)
    session.add(team)
    await session.flush()
    for user_id in members or []:
        session.add(TeamMember(org_id=org.id, team_id=team.id, user_id=user_id))
    await session.flush()
    return team


async def create_invitation(
    session: AsyncSession,
    org: Organization,
    *,
    email: str | None = None,
    role: str = "sales",
    invited_by: uuid.UUID | None = None,
    expires_in: timedelta = timedelta(days=7),
    **overrides: Any,
) -> tuple[Invitation, str]:
    """An invitation and the secret token of its link."""
    token = new_secret()
    invitation = Invitation(
        org_id=org.id,
        email=email or f"guest-{uuid.uuid4().hex[:8]}@example.com",
        role=role,
        token_hash=hash_secret(token),
        invited_by_id=invited_by,
        expires_at=utcnow() + expires_in,
        **overrides,
    )
    session.add(invitation)
    await session.flush()
    return invitation, token


async def create_api_key(
    session: AsyncSession, org: Organization, role: str = "owner"
) -> dict[str, str]:
    """Headers of a new API key of ``org`` with ``role``, made by the org's first Owner (a key
    works only while its creator is a member, and never above the creator's role)."""
    creator = await session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == org.id, Membership.role == "owner")
        .order_by(Membership.created_at)
        .limit(1)
    )
    if creator is None:
        raise AssertionError("create an Owner in the organization before its API keys")
    key = await make_api_key(session, org, creator, role, name="script")
    return key.headers


async def events_of(session: AsyncSession, org: Organization, type_: str) -> list[Event]:
    rows = await session.scalars(
        select(Event).where(Event.org_id == org.id, Event.type == type_).order_by(Event.created_at)
    )
    return list(rows)


async def count(session: AsyncSession, model: Any, *where: Any) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def membership(
    session: AsyncSession, org: Organization, user_id: uuid.UUID
) -> Membership | None:
    return await session.scalar(
        select(Membership)
        .where(Membership.org_id == org.id, Membership.user_id == user_id)
        .execution_options(populate_existing=True)
    )


async def reload(session: AsyncSession, model: Any, *where: Any) -> Any:
    """The row as stored now (what the app wrote), not as this session last saw it."""
    return await session.scalar(
        select(model).where(*where).execution_options(populate_existing=True)
    )
