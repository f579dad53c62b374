"""Every query of the organization domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.subject import Subject
from heron.models import Organization, User


class OrgRepository:
    """The caller's organization: the only one it ever reads."""

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        self.session = session
        self.subject = subject

    async def current(self) -> Organization | None:
        return await self.session.scalar(
            select(Organization).where(Organization.id == self.subject.org_id)
        )

    async def flush(self) -> None:
        await self.session.flush()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """A signed-in person, by id (no organization involved)."""
    return await session.get(User, user_id)
