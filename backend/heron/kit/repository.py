"""The base of domain repositories: a session, and queries that start inside the caller's
organization, so a row of another organization is simply not found (404, never 403)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.errors import NotFound
from heron.kit.subject import Subject
from heron.models import User
from heron.models.base import Base

ModelT = TypeVar("ModelT", bound=Base)


class Repository:
    """Queries that need no organization: people by id, and writing rows."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()

    async def flush(self) -> None:
        await self.session.flush()

    async def get_user(self, user_id: uuid.UUID | None) -> User | None:
        return await self.session.get(User, user_id) if user_id is not None else None

    async def users_by_id(self, user_ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, User]:
        """The people among ``user_ids`` (None ignored), in one query."""
        ids = {u for u in user_ids if u is not None}
        if not ids:
            return {}
        rows = await self.session.scalars(select(User).where(User.id.in_(ids)))
        return {u.id: u for u in rows}


class OrgScopedRepository(Repository, Generic[ModelT]):
    """The rows of ``model`` in the caller's organization; every query starts from ``base()``."""

    # A model with ``IdMixin`` and ``OrgMixin`` (the same class as ModelT; a ClassVar cannot
    # name a type variable).
    model: ClassVar[type[Any]]

    def __init__(self, session: AsyncSession, subject: Subject) -> None:
        super().__init__(session)
        self.subject = subject
        self.org_id = subject.org_id

    def base(self) -> Select[Any]:
        return select(self.model).where(self.model.org_id == self.org_id)

    async def get(self, id_: uuid.UUID) -> ModelT | None:
        row: ModelT | None = await self.session.scalar(self.base().where(self.model.id == id_))
        return row

    async def get_or_404(self, id_: uuid.UUID, message: str) -> ModelT:
        row = await self.get(id_)
        if row is None:
            raise NotFound(message)
        return row
