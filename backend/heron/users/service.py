"""The signed-in person's own profile. No event is recorded: events belong to an organization,
and a profile belongs to none."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.errors import NotFound
from heron.kit.subject import UserSubject
from heron.kit.versioning import check_version
from heron.models import User
from heron.users.repository import UserRepository
from heron.users.schemas import MeUpdate, UserOut


class UserService:
    def __init__(self, session: AsyncSession, me: UserSubject) -> None:
        self.repo = UserRepository(session, me.user_id)

    async def get(self) -> User:
        """The caller's profile."""
        user = await self.repo.me()
        if user is None:
            raise NotFound()
        return user

    async def update(self, body: MeUpdate, expected: int | None) -> User:
        """Change the caller's name, locale or time zone; ``expected`` is checked when given."""
        user = await self.get()
        check_version(
            user.version,
            expected,
            required=False,
            current_record=UserOut.model_validate(user).model_dump(mode="json"),
        )
        for field, value in body.model_dump(exclude_unset=True).items():
            if field == "full_name" and value is None:  # a name cannot be removed
                continue
            setattr(user, field, value)
        await self.repo.flush()
        return user

    async def organizations(self) -> list[Any]:
        """The caller's organizations with their role in each (rows of id, name, role)."""
        return await self.repo.organizations()
