"""Every query of teams and their members, always inside the caller's organization."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import delete, func, select
from starlette.datastructures import QueryParams

from heron.kit.envelope import PageMeta
from heron.kit.filtering import FilterField, parse_filters, text_field
from heron.kit.pagination import PageParams, paginate
from heron.kit.repository import OrgScopedRepository
from heron.kit.sorting import parse_sort
from heron.models import Membership, Team, TeamMember, User

FILTERS: dict[str, FilterField] = {
    "name": text_field(Team.name),
    "manager_id": FilterField(Team.manager_id, "uuid"),
}
SORTS = {"name": Team.name, "created_at": Team.created_at}


class TeamRepository(OrgScopedRepository[Team]):
    model = Team

    async def page(
        self, query: QueryParams, sort: str | None, params: PageParams
    ) -> tuple[list[Team], PageMeta]:
        stmt = self.base()
        where = parse_filters(query, FILTERS)
        if where is not None:
            stmt = stmt.where(where)
        keys = parse_sort(sort, SORTS, "name", Team.id)
        return await paginate(self.session, stmt.order_by(*(k.order_by() for k in keys)), params)

    async def name_taken(self, name: str, *, other_than: uuid.UUID | None = None) -> bool:
        """Whether another team of the organization has this name (ignoring case)."""
        stmt = self.base().where(func.lower(Team.name) == name.lower())
        if other_than is not None:
            stmt = stmt.where(Team.id != other_than)
        return await self.session.scalar(stmt.limit(1)) is not None

    async def member_counts(self, team_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        ids = set(team_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(TeamMember.team_id, func.count())
            .where(TeamMember.org_id == self.org_id, TeamMember.team_id.in_(ids))
            .group_by(TeamMember.team_id)
        )
        counts = {team_id: 0 for team_id in ids}
        counts.update({team_id: count for team_id, count in rows})
        return counts

    async def members(self, team_id: uuid.UUID) -> list[tuple[User, str]]:
        """The team's members with their role in the organization, by name."""
        rows = await self.session.execute(
            select(User, Membership.role)
            .join(TeamMember, TeamMember.user_id == User.id)
            .join(
                Membership,
                (Membership.user_id == User.id) & (Membership.org_id == TeamMember.org_id),
            )
            .where(TeamMember.org_id == self.org_id, TeamMember.team_id == team_id)
            .order_by(User.full_name, User.id)
        )
        return [(user, role) for user, role in rows]

    async def membership(self, team_id: uuid.UUID, user_id: uuid.UUID) -> TeamMember | None:
        return await self.session.scalar(
            select(TeamMember).where(
                TeamMember.org_id == self.org_id,
                TeamMember.team_id == team_id,
                TeamMember.user_id == user_id,
            )
        )

    async def add_members(self, team_id: uuid.UUID, user_ids: Iterable[uuid.UUID]) -> None:
        for user_id in user_ids:
            self.session.add(TeamMember(org_id=self.org_id, team_id=team_id, user_id=user_id))
        await self.session.flush()

    async def remove(self, row: TeamMember) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def delete(self, team: Team) -> None:
        await self.session.execute(
            delete(TeamMember).where(
                TeamMember.org_id == self.org_id, TeamMember.team_id == team.id
            )
        )
        # Through the ORM so the version is checked: a stale team is a 412, not a no-op.
        await self.session.delete(team)
        await self.session.flush()

    async def managed_by(self, user_id: uuid.UUID) -> list[Team]:
        rows = await self.session.scalars(self.base().where(Team.manager_id == user_id))
        return list(rows)

    async def team_rows_of(self, user_id: uuid.UUID) -> list[TeamMember]:
        rows = await self.session.scalars(
            select(TeamMember).where(
                TeamMember.org_id == self.org_id, TeamMember.user_id == user_id
            )
        )
        return list(rows)
