"""Organizations: creating one makes its creator the Owner."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heron.events import service as events
from heron.models import Membership, Organization, User
from heron.roles.matrix import Role

ORG_FIELDS = ("name", "default_currency", "time_zone", "locale", "fiscal_year_start_month")


async def create_organization(session: AsyncSession, creator: User, name: str) -> tuple[Organization, Membership]:
    """A new organization with ``creator`` as its Owner."""
    org = Organization(name=name, created_by_id=creator.id)
    session.add(org)
    await session.flush()
    membership = Membership(org_id=org.id, user_id=creator.id, role=Role.owner.value)
    session.add(membership)
    await session.flush()
    await events.record(
        session, org_id=org.id, type="organization.created", entity="organization", entity_id=org.id,
        actor_user_id=creator.id, changes=events.snapshot(org, ORG_FIELDS),
    )
    await events.record(
        session, org_id=org.id, type="member.added", entity="member", entity_id=creator.id,
        actor_user_id=creator.id, changes={"role": Role.owner.value, "email": creator.email},
    )
    return org, membership
