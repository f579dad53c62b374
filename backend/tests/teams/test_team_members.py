from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Organization, Team, TeamMember
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, create_team, events_of, if_match

pytestmark = pytest.mark.anyio

TEAMS = "/api/v1/teams"


def team_url(team_id: uuid.UUID) -> str:
    return f"{TEAMS}/{team_id}"


def member_of_team_url(team_id: uuid.UUID, user_id: uuid.UUID) -> str:
    return f"{TEAMS}/{team_id}/members/{user_id}"


class TestDeleteTeam:
    async def test_admin_deletes_a_team_and_its_members_stay_in_the_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        viewer = await create_member(session, settings, org, "viewer")
        team = await create_team(session, org, name="Gone", members=[viewer.user.id])

        response = await client.delete(team_url(team.id), headers={**admin.headers, **if_match(1)})

        assert response.status_code == 204, response.text
        assert await count(session, Team, Team.id == team.id) == 0
        assert await count(session, TeamMember) == 0
        [event] = await events_of(session, org, "team.deleted")
        assert event.changes["name"] == "Gone"
        assert event.changes["member_ids"] == [str(viewer.user.id)]
        assert (
            await client.get(f"/api/v1/members/{viewer.user.id}", headers=admin.headers)
        ).status_code == 200

    async def test_requires_if_match(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        team = await create_team(session, org)

        response = await client.delete(team_url(team.id), headers=admin.headers)

        assert response.status_code == 428
        assert await count(session, Team) == 1

    async def test_a_manager_cannot_delete_even_their_own_team(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, manager_id=manager.user.id)

        response = await client.delete(
            team_url(team.id), headers={**manager.headers, **if_match(1)}
        )

        assert response.status_code == 403
        assert await count(session, Team) == 1

    async def test_a_team_of_another_organization_is_not_found_and_stays(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await create_member(session, settings, await create_org(session), "admin")
        foreign = await create_team(session, await create_org(session))

        response = await client.delete(
            team_url(foreign.id), headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 404
        assert await count(session, Team) == 1


class TestTeamMembers:
    async def test_adding_is_idempotent(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        viewer = await create_member(session, settings, org, "viewer")
        team = await create_team(session, org)

        first = await client.put(member_of_team_url(team.id, viewer.user.id), headers=admin.headers)
        second = await client.put(
            member_of_team_url(team.id, viewer.user.id), headers=admin.headers
        )

        assert (first.status_code, second.status_code) == (200, 200)
        assert second.json()["data"]["member_count"] == 1
        assert await count(session, TeamMember, TeamMember.team_id == team.id) == 1
        assert len(await events_of(session, org, "team.member_added")) == 1

    async def test_manager_adds_and_removes_members_of_their_team(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        viewer = await create_member(session, settings, org, "viewer")
        team = await create_team(session, org, manager_id=manager.user.id)

        added = await client.put(
            member_of_team_url(team.id, viewer.user.id), headers=manager.headers
        )
        removed = await client.delete(
            member_of_team_url(team.id, viewer.user.id), headers=manager.headers
        )

        assert (added.status_code, removed.status_code) == (200, 204)
        assert await count(session, TeamMember) == 0
        [event] = await events_of(session, org, "team.member_removed")
        assert event.changes == {"user_id": str(viewer.user.id)}

    async def test_manager_cannot_change_members_of_another_team(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        viewer = await create_member(session, settings, org, "viewer")
        team = await create_team(session, org)

        response = await client.put(
            member_of_team_url(team.id, viewer.user.id), headers=manager.headers
        )

        assert response.status_code == 403
        assert await count(session, TeamMember) == 0

    async def test_a_user_of_another_organization_is_not_found_and_not_added(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        stranger = await create_member(session, settings, await create_org(session))
        team = await create_team(session, org)

        response = await client.put(
            member_of_team_url(team.id, stranger.user.id), headers=admin.headers
        )

        assert response.status_code == 404
        assert await count(session, TeamMember) == 0

    async def test_a_team_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        foreign = await create_team(session, await create_org(session))

        response = await client.put(
            member_of_team_url(foreign.id, admin.user.id), headers=admin.headers
        )

        assert response.status_code == 404
        assert await count(session, TeamMember) == 0

    async def test_removing_someone_not_on_the_team_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        team = await create_team(session, org)

        response = await client.delete(
            member_of_team_url(team.id, admin.user.id), headers=admin.headers
        )

        assert response.status_code == 404
        assert await events_of(session, org, "team.member_removed") == []


async def manager_adds(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
) -> tuple[Organization, uuid.UUID, httpx.Response]:
    """A Manager puts a new member with ``role`` on the team they manage."""
    org = await create_org(session)
    manager = await create_member(session, settings, org, "manager")
    member = await create_member(session, settings, org, role)
    team = await create_team(session, org, manager_id=manager.user.id)
    response = await client.put(
        member_of_team_url(team.id, member.user.id), headers=manager.headers
    )
    return org, member.user.id, response


class TestManagerAddsOnlyLowerRoles:
    @pytest.mark.parametrize("role", ["sales", "support", "viewer"])
    async def test_manager_adds_a_member_ranked_below_manager(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        _, user_id, response = await manager_adds(client, session, settings, role)

        assert response.status_code == 200
        assert response.json()["data"]["member_count"] == 1
        assert await count(session, TeamMember, TeamMember.user_id == user_id) == 1

    @pytest.mark.parametrize("role", ["owner", "admin", "manager"])
    async def test_manager_cannot_add_a_member_ranked_manager_or_above(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        org, _, response = await manager_adds(client, session, settings, role)

        assert response.status_code == 403
        assert response.json()["error"]["message"].startswith(
            "A Manager can add to their team only members whose role is below Manager"
        )
        assert await count(session, TeamMember) == 0
        assert await events_of(session, org, "team.member_added") == []

    async def test_manager_cannot_add_themselves(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, manager_id=manager.user.id)

        response = await client.put(
            member_of_team_url(team.id, manager.user.id), headers=manager.headers
        )

        assert response.status_code == 403
        assert await count(session, TeamMember) == 0

    @pytest.mark.parametrize("adder", ["owner", "admin"])
    async def test_owners_and_admins_still_add_anyone(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, adder: str
    ) -> None:
        org = await create_org(session)
        caller = await create_member(session, settings, org, adder)
        other_admin = await create_member(session, settings, org, "admin")
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, manager_id=manager.user.id)

        response = await client.put(
            member_of_team_url(team.id, other_admin.user.id), headers=caller.headers
        )

        assert response.status_code == 200
        assert await count(session, TeamMember, TeamMember.user_id == other_admin.user.id) == 1
        assert len(await events_of(session, org, "team.member_added")) == 1
