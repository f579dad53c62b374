"""Every query of the organization domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.repository import Repository
from heron.kit.subject import Subject
from heron.models import Organization


class OrgRepository(Repository):
    """The caller's organization: the only one it ever reads."""

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session)
        self.subject = subject

    async def current(self) -> Organization | None:
        return await self.session.scalar(
            select(Organization).where(Organization.id == self.subject.org_id)
        )
