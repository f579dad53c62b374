from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import (
    create_api_key,
    create_team,
    events_of,
    if_match,
    membership,
)

pytestmark = pytest.mark.anyio

MEMBERS = "/api/v1/members"


def member_url(user_id: uuid.UUID) -> str:
    return f"{MEMBERS}/{user_id}"


class TestListMembers:
    async def test_lists_people_with_role_join_date_and_teams(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, full_name="Ada Owner")
        sales = await create_member(session, settings, org, "sales", full_name="Bob Sales")
        team = await create_team(session, org, members=[sales.user.id])
        other = await create_member(
            session, settings, await create_org(session), full_name="Eve Other"
        )

        response = await client.get(MEMBERS, headers=sales.headers)

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["meta"] == {"page": 1, "page_size": 50, "total": 2, "total_pages": 1}
        assert [m["full_name"] for m in body["data"]] == ["Ada Owner", "Bob Sales"]
        bob = body["data"][1]
        assert bob == {
            "user_id": str(sales.user.id),
            "email": sales.user.email,
            "full_name": "Bob Sales",
            "role": "sales",
            "joined_at": bob["joined_at"],
            "teams": [str(team.id)],
            "version": 1,
        }
        assert body["data"][0]["teams"] == [] and str(owner.user.id) == body["data"][0]["user_id"]
        assert other.user.email not in response.text

    async def test_pages_sorts_and_filters(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, full_name="A")
        for name in ("B", "C", "D"):
            await create_member(session, settings, org, "viewer", full_name=name)

        page = await client.get(
            MEMBERS, params={"page": 2, "page_size": 2, "sort": "-full_name"}, headers=owner.headers
        )
        viewers = await client.get(
            MEMBERS, params={"filter[role][eq]": "viewer"}, headers=owner.headers
        )

        assert [m["full_name"] for m in page.json()["data"]] == ["B", "A"]
        assert page.json()["meta"]["total_pages"] == 2
        assert {m["full_name"] for m in viewers.json()["data"]} == {"B", "C", "D"}

    @pytest.mark.parametrize(
        "params",
        [
            {"sort": "password_hash"},
            {"filter[password_hash][eq]": "x"},
            {"page_size": 201},
            {"filter[role][eq]": "emperor"},
        ],
    )
    async def test_bad_list_parameters_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        params: dict[str, object],
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.get(MEMBERS, params=params, headers=owner.headers)

        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"


class TestGetMember:
    async def test_returns_the_member_with_its_version(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        viewer = await create_member(session, settings, org, "viewer")
        sales = await create_member(session, settings, org, "sales")

        response = await client.get(member_url(sales.user.id), headers=viewer.headers)

        assert response.status_code == 200
        assert response.headers["etag"] == '"1"'
        assert response.json()["data"]["role"] == "sales"

    async def test_a_member_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        stranger = await create_member(session, settings, await create_org(session))

        response = await client.get(member_url(stranger.user.id), headers=owner.headers)

        assert response.status_code == 404
        assert stranger.user.email not in response.text


class TestChangeRole:
    async def test_admin_changes_a_role_and_it_is_recorded(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        sales = await create_member(session, settings, org, "sales")

        response = await client.patch(
            member_url(sales.user.id),
            json={"role": "manager"},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 200, response.text
        assert response.json()["data"]["role"] == "manager"
        assert response.headers["etag"] == '"2"'
        assert (await membership(session, org, sales.user.id)).role == "manager"
        [event] = await events_of(session, org, "member.role_changed")
        assert (event.entity_id, event.actor_id) == (sales.user.id, admin.user.id)
        assert event.changes == {"role": {"before": "sales", "after": "manager"}}

    async def test_the_new_role_applies_on_the_next_request(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        admin = await create_member(session, settings, org, "admin")
        await client.patch(
            member_url(admin.user.id),
            json={"role": "viewer"},
            headers={**owner.headers, **if_match(1)},
        )

        response = await client.patch(
            "/api/v1/org", json={"name": "Mine"}, headers={**admin.headers, **if_match(1)}
        )

        assert response.status_code == 403

    async def test_without_if_match_nothing_changes(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        sales = await create_member(session, settings, org, "sales")

        response = await client.patch(
            member_url(sales.user.id), json={"role": "admin"}, headers=owner.headers
        )

        assert response.status_code == 428
        assert (await membership(session, org, sales.user.id)).role == "sales"

    async def test_a_stale_version_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        sales = await create_member(session, settings, org, "sales")
        await client.patch(
            member_url(sales.user.id),
            json={"role": "support"},
            headers={**owner.headers, **if_match(1)},
        )

        response = await client.patch(
            member_url(sales.user.id),
            json={"role": "admin"},
            headers={**owner.headers, **if_match(1)},
        )

        assert response.status_code == 412
        assert response.json()["error"]["details"][0]["current"]["role"] == "support"
        assert (await membership(session, org, sales.user.id)).role == "support"

    async def test_an_admin_cannot_make_an_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        sales = await create_member(session, settings, org, "sales")

        response = await client.patch(
            member_url(sales.user.id),
            json={"role": "owner"},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Only an Owner can make someone an Owner."
        assert (await membership(session, org, sales.user.id)).role == "sales"

    async def test_an_admin_cannot_change_an_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        admin = await create_member(session, settings, org, "admin")

        response = await client.patch(
            member_url(owner.user.id),
            json={"role": "viewer"},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 403
        assert "Only an Owner" in response.json()["error"]["message"]
        assert (await membership(session, org, owner.user.id)).role == "owner"

    async def test_an_owner_makes_and_unmakes_owners(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        admin = await create_member(session, settings, org, "admin")

        made = await client.patch(
            member_url(admin.user.id),
            json={"role": "owner"},
            headers={**owner.headers, **if_match(1)},
        )
        unmade = await client.patch(
            member_url(admin.user.id),
            json={"role": "admin"},
            headers={**owner.headers, **if_match(2)},
        )

        assert (made.status_code, unmade.status_code) == (200, 200)
        assert (await membership(session, org, admin.user.id)).role == "admin"

    async def test_nobody_changes_their_own_role(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org)
        admin = await create_member(session, settings, org, "admin")

        response = await client.patch(
            member_url(admin.user.id),
            json={"role": "owner"},
            headers={**admin.headers, **if_match(1)},
        )

        assert response.status_code == 403
        assert "your own role" in response.json()["error"]["message"]
        assert (await membership(session, org, admin.user.id)).role == "admin"

    async def test_the_last_owner_cannot_be_demoted(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, full_name="Olive Owner")
        key = await create_api_key(session, org, "owner")

        response = await client.patch(
            member_url(owner.user.id), json={"role": "admin"}, headers={**key, **if_match(1)}
        )

        assert response.status_code == 409
        assert response.json()["error"]["message"].startswith("Olive Owner is the last Owner")
        assert (await membership(session, org, owner.user.id)).role == "owner"
        assert await events_of(session, org, "member.role_changed") == []

    async def test_one_of_two_owners_can_be_demoted(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        first = await create_member(session, settings, org)
        await create_member(session, settings, org)
        key = await create_api_key(session, org, "owner")

        response = await client.patch(
            member_url(first.user.id), json={"role": "admin"}, headers={**key, **if_match(1)}
        )

        assert response.status_code == 200, response.text

    @pytest.mark.parametrize("role", ["manager", "sales", "support", "viewer"])
    async def test_roles_below_admin_cannot_change_roles(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        org = await create_org(session)
        caller = await create_member(session, settings, org, role)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.patch(
            member_url(viewer.user.id),
            json={"role": "viewer"},
            headers={**caller.headers, **if_match(1)},
        )

        assert response.status_code == 403

    @pytest.mark.parametrize(
        "body", [{"role": "emperor"}, {}, {"role": "sales", "org_id": str(uuid.uuid4())}]
    )
    async def test_invalid_bodies_are_refused(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, object],
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        viewer = await create_member(session, settings, org, "viewer")

        response = await client.patch(
            member_url(viewer.user.id), json=body, headers={**owner.headers, **if_match(1)}
        )

        assert response.status_code == 422
        assert (await membership(session, org, viewer.user.id)).role == "viewer"

    async def test_a_member_of_another_organization_is_not_found_and_unchanged(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        other_org = await create_org(session)
        stranger = await create_member(session, settings, other_org, "viewer")

        response = await client.patch(
            member_url(stranger.user.id),
            json={"role": "admin"},
            headers={**owner.headers, **if_match(1)},
        )

        assert response.status_code == 404
        assert (await membership(session, other_org, stranger.user.id)).role == "viewer"
