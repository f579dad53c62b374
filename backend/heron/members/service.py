"""Members: roles, removal and leaving, with the rules that keep an organization governable.

- Only an Owner grants or takes away the Owner role (``can_grant``); Admins cannot change or
  remove Owners.
- Nobody changes their own role.
- The last Owner can never be demoted, removed or leave (409).

Removing a member ends their membership only: their sessions stay valid for their other
organizations, and what they created stays. Record kinds added later that have an owner (contacts,
deals, ...) reassign them through a ``reassign_to`` parameter of the removal, not by deleting them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams

from heron.auth.access import Access
from heron.events import service as events
from heron.kit.envelope import PageMeta
from heron.kit.errors import Conflict, PermissionDenied
from heron.kit.pagination import PageParams
from heron.kit.versioning import check_version
from heron.members.grants import assert_may_grant
from heron.members.repository import MemberRepository
from heron.members.schemas import MemberOut
from heron.models import Membership, User
from heron.roles.matrix import Role, can_grant
from heron.teams.repository import TeamRepository

NOT_A_MEMBER = "No member with this id in your organization."


class MemberService:
    def __init__(self, session: AsyncSession, access: Access) -> None:
        self.session = session
        self.subject = access.subject
        self.repo = MemberRepository(session, access.subject)
        self.teams = TeamRepository(session, access.subject)

    # Reading
    async def page(
        self, query: QueryParams, sort: str | None, params: PageParams
    ) -> tuple[list[MemberOut], PageMeta]:
        """One page of the organization's members."""
        rows, meta = await self.repo.page(query, sort, params)
        return await self.describe(rows), meta

    async def get(self, user_id: uuid.UUID) -> Membership:
        return await self.repo.get_or_404(user_id, NOT_A_MEMBER)

    async def describe(self, rows: Sequence[Membership]) -> list[MemberOut]:
        """Read models of ``rows``: the person, their role and their teams."""
        ids = [m.user_id for m in rows]
        users = await self.repo.users_by_id(ids)
        teams = await self.repo.team_ids(ids)
        return [self._out(m, users[m.user_id], teams[m.user_id]) for m in rows]

    @staticmethod
    def _out(m: Membership, user: User, teams: list[uuid.UUID]) -> MemberOut:
        return MemberOut(
            user_id=m.user_id,
            email=user.email,
            full_name=user.full_name,
            role=Role(m.role),
            joined_at=m.created_at,
            teams=teams,
            version=m.version,
        )

    async def current(self, membership: Membership) -> dict[str, object]:
        """The JSON of a member as sent with a 412."""
        return (await self.describe([membership]))[0].model_dump(mode="json")

    # Changing
    async def change_role(self, user_id: uuid.UUID, role: Role, expected: int | None) -> Membership:
        """Give a member another role."""
        membership = await self.get(user_id)
        if user_id == self.subject.user_id:
            raise PermissionDenied("You cannot change your own role; ask another Owner or Admin.")
        self._assert_may_manage(membership, "change the role of")
        assert_may_grant(self.subject.role, role, "grant")
        check_version(membership.version, expected, current_record=await self.current(membership))
        if membership.role == role.value:
            return membership
        if membership.role == Role.owner.value:
            await self._assert_not_last_owner(membership, _LAST_OWNER_DEMOTED)
        before = membership.role
        membership.role = role.value
        await self.repo.flush()
        await self._record(
            "member.role_changed",
            "member",
            user_id,
            {"role": {"before": before, "after": role.value}},
        )
        return membership

    async def remove(self, user_id: uuid.UUID, expected: int | None) -> None:
        """Take a member out of the organization (yourself: the same as leaving)."""
        membership = await self.get(user_id)
        if user_id != self.subject.user_id:
            self._assert_may_manage(membership, "remove")
        check_version(membership.version, expected, current_record=await self.current(membership))
        if user_id == self.subject.user_id:
            await self._end(membership, "member.left", _LAST_OWNER_LEAVING)
        else:
            await self._end(membership, "member.removed", _LAST_OWNER_REMOVED)

    async def leave(self) -> None:
        """The caller leaves the organization."""
        if self.subject.user_id is None:
            raise PermissionDenied(
                "An API key is not a member and cannot leave; delete the key instead."
            )
        await self._end(await self.get(self.subject.user_id), "member.left", _LAST_OWNER_LEAVING)

    # Rules
    def _assert_may_manage(self, membership: Membership, verb: str) -> None:
        if not can_grant(self.subject.role, membership.role):
            if membership.role == Role.owner.value:
                raise PermissionDenied(f"Only an Owner can {verb} an Owner.")
            raise PermissionDenied(f"Your role cannot {verb} a member whose role is above yours.")

    async def _assert_not_last_owner(self, membership: Membership, message: str) -> None:
        """409 when ``membership`` is the only Owner left. ``message`` may name them as {who}."""
        owners = await self.repo.owners_locked()
        if any(o.user_id != membership.user_id for o in owners):
            return
        if "{who}" in message:
            user = await self._user(membership)
            message = message.format(who=user.full_name)
        raise Conflict(message)

    async def _user(self, membership: Membership) -> User:
        user = await self.repo.get_user(membership.user_id)
        assert user is not None  # a membership's person is deleted with it
        return user

    async def _end(self, membership: Membership, event_type: str, last_owner_message: str) -> None:
        if membership.role == Role.owner.value:
            await self._assert_not_last_owner(membership, last_owner_message)
        user = await self._user(membership)
        await self._leave_teams(membership.user_id)
        role = membership.role
        await self.repo.delete(membership)
        await self._record(
            event_type, "member", membership.user_id, {"email": user.email, "role": role}
        )

    async def _leave_teams(self, user_id: uuid.UUID) -> None:
        """A former member neither manages nor belongs to any team of the organization."""
        for team in await self.teams.managed_by(user_id):
            team.manager_id = None
            await self.teams.flush()
            await self._record(
                "team.updated",
                "team",
                team.id,
                {"manager_id": {"before": str(user_id), "after": None}},
            )
        for row in await self.teams.team_rows_of(user_id):
            await self.teams.remove(row)
            await self._record(
                "team.member_removed", "team", row.team_id, {"user_id": str(user_id)}
            )

    async def _record(
        self, type_: str, entity: str, entity_id: uuid.UUID, changes: dict[str, object]
    ) -> None:
        await events.record(
            self.session,
            org_id=self.subject.org_id,
            type=type_,
            entity=entity,
            entity_id=entity_id,
            subject=self.subject,
            changes=changes,
        )


_LAST_OWNER_DEMOTED = (
    "{who} is the last Owner of this organization; make someone else an Owner before changing "
    "their role."
)
_LAST_OWNER_REMOVED = (
    "{who} is the last Owner of this organization; make someone else an Owner before removing them."
)
_LAST_OWNER_LEAVING = (
    "You are the last Owner of this organization; make another member an Owner before you leave."
)
