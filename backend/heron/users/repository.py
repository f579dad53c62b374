"""Queries of the signed-in person's own data."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.repository import Repository
from heron.models import Membership, Organization, User


class UserRepository(Repository):
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        super().__init__(session)
        self.user_id = user_id

    async def me(self) -> User | None:
        return await self.get_user(self.user_id)

    async def organizations(self) -> list[Any]:
        rows = await self.session.execute(
            select(Organization.id, Organization.name, Membership.role)
            .join(Membership, Membership.org_id == Organization.id)
            .where(Membership.user_id == self.user_id)
            .order_by(Organization.name, Organization.id)
        )
        return list(rows)
