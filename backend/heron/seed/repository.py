"""Queries of the command-line account tools, which act as the system across organizations
(whoever runs them has the database): the only place they read people and organizations."""

from __future__ import annotations

from sqlalchemy import select

from heron.kit.repository import Repository
from heron.models import Organization, User


class SeedRepository(Repository):
    async def any_user(self) -> bool:
        return await self.session.scalar(select(User.id).limit(1)) is not None

    async def email_taken(self, email: str) -> bool:
        return await self.session.scalar(select(User.id).where(User.email == email)) is not None

    async def orgs_named(self, name: str) -> list[Organization]:
        rows = await self.session.scalars(select(Organization).where(Organization.name == name))
        return list(rows)
