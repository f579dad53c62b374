"""Every query of memberships, always inside the caller's organization."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, func, select
from starlette.datastructures import QueryParams

from heron.kit.envelope import PageMeta
from heron.kit.filtering import FilterField, choice_field, parse_filters, text_field
from heron.kit.pagination import PageParams, paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import parse_sort
from heron.models import Membership, TeamMember, User
from heron.roles.matrix import Role

FILTERS: dict[str, FilterField] = {
    "role": choice_field(Membership.role, [r.value for r in Role]),
    "email": text_field(User.email),
    "full_name": text_field(User.full_name),
}
SORTS = {
    "full_name": User.full_name,
    "email": User.email,
    "role": Membership.role,
    "joined_at": Membership.created_at,
}


class MemberRepository(OrgScopedRepository[Membership]):
    """Memberships, found by the member's user id (the id the API shows)."""

    model = Membership

    def base(self) -> Select[Any]:
        # Joined so that lists filter and sort on the person's name and e-mail.
        return super().base().join(User, User.id == Membership.user_id)

    async def page(
        self, query: QueryParams, sort: str | None, params: PageParams
    ) -> tuple[list[Membership], PageMeta]:
        stmt = self.base()
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "full_name", Membership.id)
        return await paginate(self.session, stmt.order_by(*(k.order_by() for k in keys)), params)

    async def get(self, user_id: uuid.UUID) -> Membership | None:
        return await self.session.scalar(self.base().where(Membership.user_id == user_id))

    async def exists(self, user_id: uuid.UUID) -> bool:
        return await self.get(user_id) is not None

    async def missing(self, user_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """Those of ``user_ids`` that are not members of the organization."""
        wanted = set(user_ids)
        if not wanted:
            return []
        found = set(
            await self.session.scalars(
                select(Membership.user_id).where(
                    Membership.org_id == self.org_id, Membership.user_id.in_(wanted)
                )
            )
        )
        return [u for u in user_ids if u not in found]

    async def has_email(self, email: str) -> bool:
        """Whether someone with this e-mail address is already a member."""
        count = await self.session.scalar(
            select(func.count()).select_from(self.base().where(User.email == email).subquery())
        )
        return bool(count)

    async def owners_locked(self) -> list[Membership]:
        """The Owners, locked until the transaction ends (PostgreSQL), so two requests cannot
        each take away one of the last two Owners. SQLite serializes writers anyway."""
        rows = await self.session.scalars(
            select(Membership)
            .where(Membership.org_id == self.org_id, Membership.role == Role.owner.value)
            .with_for_update()
        )
        return list(rows)

    async def team_ids(self, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
        """The teams of this organization each user is on."""
        ids = set(user_ids)
        result: dict[uuid.UUID, list[uuid.UUID]] = {u: [] for u in ids}
        if not ids:
            return result
        rows = await self.session.execute(
            select(TeamMember.user_id, TeamMember.team_id)
            .where(TeamMember.org_id == self.org_id, TeamMember.user_id.in_(ids))
            .order_by(TeamMember.team_id)
        )
        for user_id, team_id in rows:
            result[user_id].append(team_id)
        return result

    async def delete(self, membership: Membership) -> None:
        # Through the ORM so the version is checked: a stale membership is a 412, not a no-op.
        await self.session.delete(membership)
        await self.session.flush()
