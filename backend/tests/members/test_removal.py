from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Membership, Team, TeamMember
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import (
    count,
    create_api_key,
    create_team,
    events_of,
    if_match,
    membership,
    reload,
)

pytestmark = pytest.mark.anyio

MEMBERS = "/api/v1/members"


def member_url(user_id: uuid.UUID) -> str:
    return f"{MEMBERS}/{user_id}"


class TestRemoveMember:
    async def test_admin_removes_a_member_who_keeps_their_other_organizations(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        leaving = await create_member(session, settings, org, "manager")
        elsewhere = await create_org(session, name="Elsewhere")
        session.add(Membership(org_id=elsewhere.id, user_id=leaving.user.id, role="sales"))
        managed = await create_team(session, org, manager_id=leaving.user.id)
        joined = await create_team(session, org, members=[leaving.user.id, admin.user.id])

        response = await client.delete(
            member_url(leaving.user.id), headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 204, response.text
        assert await membership(session, org, leaving.user.id) is None
        assert await membership(session, elsewhere, leaving.user.id) is not None
        assert (await reload(session, Team, Team.id == managed.id)).manager_id is None
        assert await count(session, TeamMember, TeamMember.team_id == joined.id) == 1
        [event] = await events_of(session, org, "member.removed")
        assert event.changes == {"email": leaving.user.email, "role": "manager"}
        assert len(await events_of(session, org, "team.member_removed")) == 1
        refused = await client.get(MEMBERS, headers=leaving.headers)
        assert refused.status_code == 403
        other = await client.get(
            "/api/v1/org", headers={**leaving.headers, "X-Heron-Org": str(elsewhere.id)}
        )
        assert other.status_code == 200
        assert other.json()["data"]["name"] == "Elsewhere"

    async def test_requires_if_match(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.delete(member_url(viewer.user.id), headers=owner.headers)

        assert response.status_code == 428
        assert await membership(session, org, viewer.user.id) is not None

    async def test_an_admin_cannot_remove_an_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_member(session, settings, org)
        admin = await create_member(session, settings, org, "admin")

        response = await client.delete(
            member_url(owner.user.id), headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 403
        assert await membership(session, org, owner.user.id) is not None

    async def test_an_owner_removes_another_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        other = await create_member(session, settings, org)

        response = await client.delete(
            member_url(other.user.id), headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 204
        assert await membership(session, org, other.user.id) is None

    async def test_the_last_owner_cannot_be_removed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        key = await create_api_key(session, org, "owner")

        response = await client.delete(member_url(owner.user.id), headers={**key, **if_match(1)})

        assert response.status_code == 409
        assert "last Owner" in response.json()["error"]["message"]
        assert await membership(session, org, owner.user.id) is not None

    async def test_the_last_owner_cannot_remove_themselves(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)

        response = await client.delete(
            member_url(owner.user.id), headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 409
        assert await membership(session, org, owner.user.id) is not None

    async def test_a_member_of_another_organization_is_not_found_and_stays(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        other_org = await create_org(session)
        stranger = await create_member(session, settings, other_org, "viewer")

        response = await client.delete(
            member_url(stranger.user.id), headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 404
        assert await membership(session, other_org, stranger.user.id) is not None

    async def test_a_sales_member_cannot_remove_anyone(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.delete(
            member_url(viewer.user.id), headers={**sales.headers, **if_match(1)}
        )

        assert response.status_code == 403
        assert await membership(session, org, viewer.user.id) is not None


class TestLeave:
    async def test_a_member_leaves_and_loses_access(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org)
        viewer = await create_member(session, settings, org, "viewer")
        await create_team(session, org, members=[viewer.user.id])

        response = await client.post(f"{MEMBERS}/leave", headers=viewer.headers)

        assert response.status_code == 204, response.text
        assert await membership(session, org, viewer.user.id) is None
        assert await count(session, TeamMember, TeamMember.user_id == viewer.user.id) == 0
        [event] = await events_of(session, org, "member.left")
        assert (event.entity_id, event.actor_id) == (viewer.user.id, viewer.user.id)
        assert (await client.get(MEMBERS, headers=viewer.headers)).status_code == 403

    async def test_the_last_owner_cannot_leave(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_member(session, settings, org, "admin")

        response = await client.post(f"{MEMBERS}/leave", headers=owner.headers)

        assert response.status_code == 409
        assert response.json()["error"]["message"].startswith("You are the last Owner")
        assert await membership(session, org, owner.user.id) is not None
        assert await events_of(session, org, "member.left") == []

    async def test_one_of_two_owners_can_leave(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_member(session, settings, org)

        response = await client.post(f"{MEMBERS}/leave", headers=owner.headers)

        assert response.status_code == 204

    async def test_an_api_key_cannot_leave(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org)
        key = await create_api_key(session, org, "admin")

        response = await client.post(f"{MEMBERS}/leave", headers=key)

        assert response.status_code == 403
        assert await count(session, Membership, Membership.org_id == org.id) == 1
