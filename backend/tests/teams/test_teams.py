from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Team, TeamMember
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count, create_team, events_of, if_match, reload

pytestmark = pytest.mark.anyio

TEAMS = "/api/v1/teams"


def team_url(team_id: uuid.UUID) -> str:
    return f"{TEAMS}/{team_id}"


class TestCreateTeam:
    async def test_admin_creates_a_team_with_manager_and_members(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        manager = await create_member(session, settings, org, "manager", full_name="Mia Manager")
        sales = await create_member(session, settings, org, "sales", full_name="Sam Sales")
        body = {
            "name": "North",
            "description": "Northern accounts",
            "manager_id": str(manager.user.id),
            "member_ids": [str(sales.user.id), str(sales.user.id)],
        }

        response = await client.post(TEAMS, json=body, headers=admin.headers)

        assert response.status_code == 201, response.text
        assert response.headers["etag"] == '"1"'
        data = response.json()["data"]
        assert (data["name"], data["description"], data["member_count"]) == (
            "North",
            "Northern accounts",
            1,
        )
        assert data["manager"] == {
            "user_id": str(manager.user.id),
            "full_name": "Mia Manager",
            "email": manager.user.email,
        }
        assert data["members"] == [
            {
                "user_id": str(sales.user.id),
                "full_name": "Sam Sales",
                "email": sales.user.email,
                "role": "sales",
            }
        ]
        [event] = await events_of(session, org, "team.created")
        assert event.changes["member_ids"] == [str(sales.user.id)]
        assert event.changes["manager_id"] == str(manager.user.id)

    async def test_a_user_of_another_organization_as_manager_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        stranger = await create_member(session, settings, await create_org(session))

        response = await client.post(
            TEAMS,
            json={"name": "North", "manager_id": str(stranger.user.id)},
            headers=admin.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "manager_id"]
        assert await count(session, Team) == 0

    async def test_a_user_of_another_organization_as_member_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        stranger = await create_member(session, settings, await create_org(session))

        response = await client.post(
            TEAMS,
            json={"name": "North", "member_ids": [str(admin.user.id), str(stranger.user.id)]},
            headers=admin.headers,
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "member_ids", 1]
        assert await count(session, Team) == 0
        assert await count(session, TeamMember) == 0

    async def test_a_name_already_used_in_the_organization_is_a_conflict(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        await create_team(session, org, name="North")

        response = await client.post(TEAMS, json={"name": "north"}, headers=admin.headers)

        assert response.status_code == 409
        assert await count(session, Team) == 1

    async def test_the_same_name_in_another_organization_is_fine(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        await create_team(session, await create_org(session), name="North")

        response = await client.post(TEAMS, json={"name": "North"}, headers=admin.headers)

        assert response.status_code == 201

    @pytest.mark.parametrize("role", ["manager", "sales", "support", "viewer"])
    async def test_roles_below_admin_cannot_create(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        member = await create_member(session, settings, await create_org(session), role)

        response = await client.post(TEAMS, json={"name": "Mine"}, headers=member.headers)

        assert response.status_code == 403
        assert await count(session, Team) == 0

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"name": ""}, ["body", "name"]),
            ({"name": "x" * 121}, ["body", "name"]),
            ({"name": "A", "description": "x" * 1001}, ["body", "description"]),
            ({"name": "A", "manager_id": "not-a-uuid"}, ["body", "manager_id"]),
            (
                {"name": "A", "member_ids": [str(uuid.uuid4()) for _ in range(201)]},
                ["body", "member_ids"],
            ),
            ({"name": "A", "org_id": str(uuid.uuid4())}, ["body", "org_id"]),
        ],
    )
    async def test_invalid_bodies_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
        loc: list[str],
    ) -> None:
        admin = await create_member(session, settings, await create_org(session), "admin")

        response = await client.post(TEAMS, json=body, headers=admin.headers)

        assert response.status_code == 422
        assert loc in [d["loc"] for d in response.json()["error"]["details"]]
        assert await count(session, Team) == 0


class TestListTeams:
    async def test_lists_the_organizations_teams_with_counts_and_managers(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        manager = await create_member(session, settings, org, "manager")
        await create_team(
            session,
            org,
            name="B",
            manager_id=manager.user.id,
            members=[viewer.user.id, manager.user.id],
        )
        await create_team(session, org, name="A")
        foreign = await create_team(session, await create_org(session), name="Hidden")

        response = await client.get(TEAMS, headers=viewer.headers)

        assert response.status_code == 200
        data = response.json()["data"]
        assert [(t["name"], t["member_count"]) for t in data] == [("A", 0), ("B", 2)]
        assert data[0]["manager"] is None
        assert data[1]["manager"]["user_id"] == str(manager.user.id)
        assert str(foreign.id) not in response.text and "Hidden" not in response.text


class TestGetTeam:
    async def test_returns_members_and_version(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        team = await create_team(session, org, members=[viewer.user.id])

        response = await client.get(team_url(team.id), headers=viewer.headers)

        assert response.status_code == 200
        assert response.headers["etag"] == '"1"'
        assert [m["user_id"] for m in response.json()["data"]["members"]] == [str(viewer.user.id)]

    async def test_an_id_that_is_not_a_uuid_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.get(f"{TEAMS}/1%20OR%201=1", headers=owner.headers)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["path", "team_id"]

    async def test_a_team_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        foreign = await create_team(session, await create_org(session), name="Hidden")

        response = await client.get(team_url(foreign.id), headers=owner.headers)

        assert response.status_code == 404
        assert "Hidden" not in response.text


class TestUpdateTeam:
    async def test_admin_renames_and_changes_manager(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, name="Old")

        response = await client.patch(
            team_url(team.id),
            json={"name": "New", "manager_id": str(manager.user.id)},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert response.headers["etag"] == '"2"'
        stored = await reload(session, Team, Team.id == team.id)
        assert (stored.name, stored.manager_id) == ("New", manager.user.id)
        [event] = await events_of(session, org, "team.updated")
        assert event.changes["name"] == {"before": "Old", "after": "New"}

    async def test_manager_edits_the_team_they_manage(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, manager_id=manager.user.id)

        response = await client.patch(
            team_url(team.id),
            json={"description": "Ours"},
            headers={**manager.headers, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert (await reload(session, Team, Team.id == team.id)).description == "Ours"

    async def test_manager_cannot_edit_a_team_they_do_not_manage(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, description="Theirs", members=[manager.user.id])

        response = await client.patch(
            team_url(team.id),
            json={"description": "Mine"},
            headers={**manager.headers, **if_match(1)},
        )

        assert response.status_code == 403
        assert (await reload(session, Team, Team.id == team.id)).description == "Theirs"

    async def test_manager_cannot_hand_their_team_to_someone_else(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        other = await create_member(session, settings, org, "manager")
        team = await create_team(session, org, manager_id=manager.user.id)

        response = await client.patch(
            team_url(team.id),
            json={"manager_id": str(other.user.id)},
            headers={**manager.headers, **if_match(1)},
        )

        assert response.status_code == 403
        assert (await reload(session, Team, Team.id == team.id)).manager_id == manager.user.id

    async def test_a_user_of_another_organization_as_manager_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        stranger = await create_member(session, settings, await create_org(session))
        team = await create_team(session, org)

        response = await client.patch(
            team_url(team.id),
            json={"manager_id": str(stranger.user.id)},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "manager_id"]
        stored = await reload(session, Team, Team.id == team.id)
        assert (stored.manager_id, stored.version) == (None, 1)

    async def test_requires_if_match_and_a_current_version(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        team = await create_team(session, org, name="Old")

        missing = await client.patch(team_url(team.id), json={"name": "New"}, headers=admin.headers)
        stale = await client.patch(
            team_url(team.id), json={"name": "New"}, headers={**admin.headers, **if_match(9)}
        )

        assert (missing.status_code, stale.status_code) == (428, 412)
        assert (await reload(session, Team, Team.id == team.id)).name == "Old"

    async def test_renaming_to_a_taken_name_is_a_conflict(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        await create_team(session, org, name="Taken")
        team = await create_team(session, org, name="Mine")

        response = await client.patch(
            team_url(team.id), json={"name": "TAKEN"}, headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 409
        assert (await reload(session, Team, Team.id == team.id)).name == "Mine"

    async def test_name_cannot_be_null(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        team = await create_team(session, org, name="Mine")

        response = await client.patch(
            team_url(team.id), json={"name": None}, headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "name"]

    async def test_a_team_of_another_organization_is_not_found_and_unchanged(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        admin = await create_member(session, settings, await create_org(session), "admin")
        foreign = await create_team(session, await create_org(session), name="Theirs")

        response = await client.patch(
            team_url(foreign.id), json={"name": "Mine"}, headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 404
        assert (await reload(session, Team, Team.id == foreign.id)).name == "Theirs"
