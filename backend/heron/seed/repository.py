"""Queries of the command-line account tools, which act as the system across organizations
(whoever runs them has the database): the only place they read people and organizations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from heron.kit.repository import Repository
from heron.models import Company, Membership, Organization, User


class SeedRepository(Repository):
    async def any_user(self) -> bool:
        return await self.session.scalar(select(User.id).limit(1)) is not None

    async def email_taken(self, email: str) -> bool:
        return await self.session.scalar(select(User.id).where(User.email == email)) is not None

    async def orgs_named(self, name: str) -> list[Organization]:
        rows = await self.session.scalars(select(Organization).where(Organization.name == name))
        return list(rows)

    async def org_owned_by(self, name: str, email: str) -> Organization | None:
        """The organization ``name`` of which the person ``email`` is an Owner."""
        stmt = (
            select(Organization)
            .join(Membership, Membership.org_id == Organization.id)
            .join(User, User.id == Membership.user_id)
            .where(Organization.name == name, User.email == email, Membership.role == "owner")
            .limit(1)
        )
        return await self.session.scalar(stmt)

    async def members_by_email(
        self, org_id: uuid.UUID, emails: Sequence[str]
    ) -> dict[str, tuple[User, str]]:
        """The members of ``org_id`` among ``emails``: address -> (person, role)."""
        stmt = (
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id == org_id, User.email.in_(emails))
        )
        return {user.email: (user, role) for user, role in (await self.session.execute(stmt))}

    async def has_companies(self, org_id: uuid.UUID) -> bool:
        """Whether ``org_id`` holds a company, in the trash or not (the demo's records exist)."""
        stmt = select(Company.id).where(Company.org_id == org_id).limit(1)
        return await self.session.scalar(stmt) is not None
