"""Every query of API keys, scoped to the caller's organization and visibility."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from starlette.datastructures import QueryParams

from heron.api_keys.schemas import KeyStatus
from heron.kit.envelope import PageMeta
from heron.kit.filtering import FilterField, choice_field, ordered_field, parse_filters, text_field
from heron.kit.pagination import PageParams, paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import parse_sort
from heron.kit.subject import Subject
from heron.models import ApiKey
from heron.roles.matrix import Role, Scope

FILTERS: dict[str, FilterField] = {
    "name": text_field(ApiKey.name),
    "role": choice_field(ApiKey.role, [r.value for r in Role]),
    "created_by_id": FilterField(ApiKey.created_by_id, "uuid"),
    "created_at": ordered_field(ApiKey.created_at, "datetime"),
    "expires_at": ordered_field(ApiKey.expires_at, "datetime"),
    "last_used_at": ordered_field(ApiKey.last_used_at, "datetime"),
}
SORTS = {
    "name": ApiKey.name,
    "created_at": ApiKey.created_at,
    "expires_at": ApiKey.expires_at,
    "last_used_at": ApiKey.last_used_at,
}


def visibility(subject: Subject, scope: Scope) -> ColumnElement[bool]:
    """The keys ``scope`` lets ``subject`` reach. Ownership is by person: an API key calling
    with ``own`` scope has no person, so it reaches nothing (and never the keys whose
    creator is unknown, which a bare ``created_by_id == None`` would match)."""
    if scope is Scope.all:
        return true()
    if subject.user_id is None:
        return false()
    if scope is Scope.own:
        return ApiKey.created_by_id == subject.user_id
    if scope is Scope.team:
        return ApiKey.created_by_id.in_(sorted(subject.team_user_ids or {subject.user_id}))
    return false()


def status_clause(status: KeyStatus, now: datetime) -> ColumnElement[bool]:
    not_revoked = ApiKey.revoked_at.is_(None)
    if status is KeyStatus.active:
        return and_(not_revoked, or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > now))
    if status is KeyStatus.expired:
        return and_(not_revoked, ApiKey.expires_at <= now)
    if status is KeyStatus.revoked:
        return ApiKey.revoked_at.is_not(None)
    return true()


class ApiKeyRepository(OrgScopedRepository[ApiKey]):
    """The keys of the organization that ``scope`` lets the caller reach."""

    model = ApiKey

    def __init__(self, session: AsyncSession, subject: Subject, scope: Scope) -> None:
        super().__init__(session, subject)
        self.scope = scope

    def base(self) -> Select[Any]:
        return super().base().where(visibility(self.subject, self.scope))

    async def get(self, key_id: uuid.UUID) -> ApiKey | None:
        return await self.session.scalar(
            self.base().where(ApiKey.id == key_id).options(selectinload(ApiKey.created_by))
        )

    async def list(
        self,
        status: KeyStatus,
        query: QueryParams,
        sort: str | None,
        page: PageParams,
        now: datetime,
    ) -> tuple[list[ApiKey], PageMeta]:
        stmt = self.base().where(status_clause(status, now))
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "-created_at", ApiKey.id)
        stmt = stmt.order_by(*(key.order_by() for key in keys)).options(
            selectinload(ApiKey.created_by)
        )
        return await paginate(self.session, stmt, page)

    async def calling_key(self) -> ApiKey | None:
        """The API key the subject is (any visibility: it is the caller itself)."""
        if self.subject.api_key_id is None:
            return None
        return await self.session.scalar(
            select(ApiKey).where(
                ApiKey.org_id == self.subject.org_id, ApiKey.id == self.subject.api_key_id
            )
        )
