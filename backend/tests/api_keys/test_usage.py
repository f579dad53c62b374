"""Calling the API with a key: `Authorization: Bearer hrn_...` acts in the key's organization
with the key's role, never beyond its creator's, and stops on the next request once revoked."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import ApiKey, Membership
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

ROLES = "/api/v1/roles"
KEYS = "/api/v1/api-keys"


async def make_key(client: httpx.AsyncClient, headers: dict[str, str], role: str) -> dict[str, str]:
    response = await client.post(KEYS, json={"name": f"{role} key", "role": role}, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, str] = response.json()["data"]
    return data


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


class TestKeyCallsTheApi:
    async def test_an_owner_key_reads_org_scoped_routes(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await make_key(client, owner.headers, "owner")

        roles = await client.get(ROLES, headers=bearer(key["secret"]))
        keys = await client.get(KEYS, headers=bearer(key["secret"]))

        assert roles.status_code == 200, roles.text
        assert roles.json()["data"]["your_role"] == "owner"
        assert keys.status_code == 200
        assert [k["id"] for k in keys.json()["data"]] == [key["id"]]

    async def test_the_key_acts_in_its_own_organization_with_the_header_too(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user, "admin")

        response = await client.get(
            ROLES, headers={**key.headers, "X-Heron-Org": str(owner.org.id)}
        )

        assert response.status_code == 200
        assert response.json()["data"]["your_role"] == "admin"

    async def test_another_organizations_header_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        other = await create_org(session)
        key = await create_api_key(session, owner.org, owner.user)

        response = await client.get(KEYS, headers={**key.headers, "X-Heron-Org": str(other.id)})

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    async def test_a_key_is_not_a_person_and_cannot_use_me(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user)

        response = await client.get("/api/v1/me", headers=key.headers)

        assert response.status_code == 403

    async def test_an_unknown_key_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get(ROLES, headers=bearer("hrn_" + "x" * 43))

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_use_is_recorded_in_last_used_at(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user)
        key_id, owner_headers = key.row.id, owner.headers
        before = utcnow()

        response = await client.get(ROLES, headers=key.headers)

        assert response.status_code == 200
        session.expire_all()
        used = await session.scalar(select(ApiKey.last_used_at).where(ApiKey.id == key_id))
        assert used is not None and used >= before.replace(microsecond=0)
        listed = await client.get(f"{KEYS}/{key_id}", headers=owner_headers)
        assert listed.json()["data"]["last_used_at"] is not None


class TestKeyStopsWorking:
    async def test_a_revoked_key_fails_on_the_very_next_call(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await make_key(client, owner.headers, "admin")
        assert (await client.get(ROLES, headers=bearer(key["secret"]))).status_code == 200

        revoked = await client.delete(f"{KEYS}/{key['id']}", headers=owner.headers)
        response = await client.get(ROLES, headers=bearer(key["secret"]))

        assert revoked.status_code == 204
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    async def test_a_key_that_revokes_itself_is_refused_next(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user)

        revoked = await client.delete(f"{KEYS}/{key.row.id}", headers=key.headers)
        response = await client.get(KEYS, headers=key.headers)

        assert revoked.status_code == 204
        assert response.status_code == 401

    async def test_an_expired_key_is_401(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(
            session, owner.org, owner.user, expires_at=utcnow() - timedelta(seconds=1)
        )

        response = await client.get(ROLES, headers=key.headers)

        assert response.status_code == 401

    async def test_a_key_whose_creator_left_the_organization_is_401(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org, "owner")
        admin = await create_member(session, settings, org, "admin")
        key = await create_api_key(session, org, admin.user, "admin")
        assert (await client.get(ROLES, headers=key.headers)).status_code == 200

        await session.execute(
            delete(Membership).where(
                Membership.user_id == admin.user.id, Membership.org_id == org.id
            )
        )
        await session.flush()
        response = await client.get(ROLES, headers=key.headers)

        assert response.status_code == 401

    async def test_a_key_whose_creator_was_demoted_acts_with_the_lower_role(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        await create_member(session, settings, org, "owner")
        admin = await create_member(session, settings, org, "admin")
        key = await create_api_key(session, org, admin.user, "admin")
        someone_elses = await create_api_key(session, org, None, "viewer")

        await session.execute(
            update(Membership)
            .where(Membership.user_id == admin.user.id, Membership.org_id == org.id)
            .values(role="sales")
        )
        await session.flush()
        roles = await client.get(ROLES, headers=key.headers)
        listed = await client.get(KEYS, headers=key.headers)
        grant = await client.post(KEYS, json={"name": "up", "role": "admin"}, headers=key.headers)

        assert roles.json()["data"]["your_role"] == "sales"
        # A key has no person of its own: with the "own" scope it sees no key at all.
        assert listed.status_code == 200 and listed.json()["data"] == []
        assert (
            await client.get(f"{KEYS}/{someone_elses.row.id}", headers=key.headers)
        ).status_code == 404
        assert grant.status_code == 403

    async def test_a_key_whose_creator_was_demoted_to_viewer_cannot_list_keys(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        manager = await create_member(session, settings, org, "manager")
        key = await create_api_key(session, org, manager.user, "manager")

        await session.execute(
            update(Membership).where(Membership.user_id == manager.user.id).values(role="viewer")
        )
        await session.flush()
        response = await client.get(KEYS, headers=key.headers)

        assert response.status_code == 403
