"""Teams: named groups of members with an optional manager.

Owners and Admins manage every team; a Manager edits the teams they manage (the matrix gives them
scope ``team``) but does not hand a team to someone else, and adds to it only people ranked below
Manager (their team is what they see, so it must not take in Owners or Admins). Managers and
members must belong to the organization: a foreign id in a body is a 422 and nothing is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.auth.access import Access
from heron.events import service as events
from heron.kit.envelope import PageMeta
from heron.kit.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from heron.kit.pagination import PageParams
from heron.kit.versioning import check_version
from heron.members.repository import MemberRepository
from heron.members.schemas import PersonOut
from heron.models import Membership, Team, User
from heron.roles.matrix import ROLE_RANK, Role, Scope
from heron.teams.repository import TeamRepository
from heron.teams.schemas import TeamCreate, TeamDetail, TeamMemberOut, TeamOut, TeamUpdate

TEAM_FIELDS = ("name", "description", "manager_id")
NO_TEAM = "No team with this id in your organization."
NOT_A_MEMBER = "This person is not a member of your organization."


class TeamService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.access = access
        self.subject = access.subject
        self.repo = TeamRepository(session, access.subject)
        self.members = MemberRepository(session, access.subject)

    # Reading
    async def page(
        self, query: QueryParams, sort: str | None, params: PageParams
    ) -> tuple[list[TeamOut], PageMeta]:
        """One page of the organization's teams, with member counts and managers."""
        rows, meta = await self.repo.page(query, sort, params)
        counts = await self.repo.member_counts(t.id for t in rows)
        managers = await self.repo.users_by_id(t.manager_id for t in rows)
        return [self._out(t, counts[t.id], managers) for t in rows], meta

    async def get(self, team_id: uuid.UUID) -> Team:
        return await self.repo.get_or_404(team_id, NO_TEAM)

    async def detail(self, team: Team) -> TeamDetail:
        """A team with its manager and members."""
        members = await self.repo.members(team.id)
        managers = await self.repo.users_by_id([team.manager_id])
        summary = self._out(team, len(members), managers)
        return TeamDetail(
            **summary.model_dump(),
            members=[
                TeamMemberOut(user_id=u.id, full_name=u.full_name, email=u.email, role=Role(role))
                for u, role in members
            ],
        )

    @staticmethod
    def _out(team: Team, count: int, managers: dict[uuid.UUID, User]) -> TeamOut:
        manager = managers.get(team.manager_id) if team.manager_id else None
        return TeamOut(
            id=team.id,
            name=team.name,
            description=team.description,
            manager=PersonOut(user_id=manager.id, full_name=manager.full_name, email=manager.email)
            if manager
            else None,
            member_count=count,
            version=team.version,
            created_at=team.created_at,
            updated_at=team.updated_at,
        )

    # Changing
    async def create(self, body: TeamCreate) -> Team:
        """A new team, with its manager and first members."""
        await self._assert_members(body.manager_id, body.member_ids)
        member_ids = list(dict.fromkeys(body.member_ids))
        if await self.repo.name_taken(body.name):
            raise _name_conflict(body.name)
        team = Team(
            org_id=self.subject.org_id,
            name=body.name,
            description=body.description,
            manager_id=body.manager_id,
        )
        await self._save(self.repo.add(team), body.name)
        await self.repo.add_members(team.id, member_ids)
        changes = events.snapshot(team, TEAM_FIELDS) | {"member_ids": [str(u) for u in member_ids]}
        await self._record("team.created", team.id, changes)
        return team

    async def update(self, team_id: uuid.UUID, body: TeamUpdate, expected: int | None) -> Team:
        """Rename a team, describe it or change its manager."""
        team = await self.get(team_id)
        self._assert_may_edit(team)
        values = body.model_dump(exclude_unset=True)
        if "manager_id" in values and values["manager_id"] != team.manager_id:
            if self.access.scope is not Scope.all:
                raise PermissionDenied("Only Owners and Admins change who manages a team.")
            await self._assert_members(values["manager_id"], [])
        check_version(team.version, expected, current_record=await self._current(team))
        if "name" in values and await self.repo.name_taken(values["name"], other_than=team.id):
            raise _name_conflict(values["name"])
        before = events.snapshot(team, TEAM_FIELDS)
        for field, value in values.items():
            setattr(team, field, value)
        changes = events.diff(before, events.snapshot(team, TEAM_FIELDS))
        if changes:
            await self._save(self.repo.flush(), team.name)
            await self._record("team.updated", team.id, changes)
        return team

    async def delete(self, team_id: uuid.UUID, expected: int | None) -> None:
        """Delete a team; its members stay members of the organization."""
        team = await self.get(team_id)
        check_version(team.version, expected, current_record=await self._current(team))
        members = [str(u.id) for u, _ in await self.repo.members(team.id)]
        changes = events.snapshot(team, TEAM_FIELDS) | {"member_ids": members}
        await self.repo.delete(team)
        await self._record("team.deleted", team_id, changes)

    async def add_member(self, team_id: uuid.UUID, user_id: uuid.UUID) -> Team:
        """Put a member on a team; nothing changes if they are on it already."""
        team = await self.get(team_id)
        self._assert_may_edit(team)
        member = await self.members.get_or_404(user_id, NOT_A_MEMBER)
        self._assert_may_add(member)
        if await self.repo.membership(team.id, user_id) is None:
            await self.repo.add_members(team.id, [user_id])
            await self._record("team.member_added", team.id, {"user_id": str(user_id)})
        return team

    async def remove_member(self, team_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """Take someone off a team (they stay a member of the organization)."""
        team = await self.get(team_id)
        self._assert_may_edit(team)
        row = await self.repo.membership(team.id, user_id)
        if row is None:
            raise NotFound("This person is not on this team.")
        await self.repo.remove(row)
        await self._record("team.member_removed", team.id, {"user_id": str(user_id)})

    # Rules
    def _assert_may_edit(self, team: Team) -> None:
        if self.access.scope is Scope.all:
            return
        if (
            self.access.scope is Scope.team
            and team.manager_id is not None
            and (team.manager_id == self.subject.user_id)
        ):
            return
        raise PermissionDenied("You can change only the teams you manage.")

    def _assert_may_add(self, member: Membership) -> None:
        """A Manager's team widens what they see ("team" scope): they may bring into it only
        people ranked below them, never an Owner, Admin or another Manager."""
        if self.access.scope is Scope.all:
            return
        if ROLE_RANK[Role(member.role)] >= ROLE_RANK[Role.manager]:
            raise PermissionDenied(
                "A Manager can add to their team only members whose role is below Manager "
                "(Sales, Support or Viewer); ask an Owner or Admin to add this person."
            )

    async def _assert_members(
        self, manager_id: uuid.UUID | None, member_ids: Sequence[uuid.UUID]
    ) -> None:
        """422 on the first id in the body that is not a member of the organization."""
        if manager_id is not None and not await self.members.exists(manager_id):
            raise ValidationFailed.field(
                ("body", "manager_id"), f"{NOT_A_MEMBER[:-1]}: {manager_id}."
            )
        missing = set(await self.members.missing(member_ids))
        for index, user_id in enumerate(member_ids):
            if user_id in missing:
                raise ValidationFailed.field(
                    ("body", "member_ids", index), f"{NOT_A_MEMBER[:-1]}: {user_id}."
                )

    async def _save(self, flush: Awaitable[None], name: str) -> None:
        try:
            await flush
        except IntegrityError as exc:  # a concurrent request took the name first
            raise _name_conflict(name) from exc

    async def _current(self, team: Team) -> dict[str, Any]:
        return (await self.detail(team)).model_dump(mode="json")

    async def _record(self, type_: str, team_id: uuid.UUID, changes: dict[str, Any]) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity="team",
            entity_id=team_id,
            subject=self.subject,
            changes=changes,
        )


def _name_conflict(name: str) -> Conflict:
    return Conflict(f"A team named “{name}” already exists in your organization.")
