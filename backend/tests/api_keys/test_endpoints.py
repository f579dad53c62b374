"""Listing, reading and revoking API keys; who sees which keys."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import ApiKey, Event
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio

URL = "/api/v1/api-keys"
READ_FIELDS = {
    "id", "name", "prefix", "role", "created_by", "created_at", "expires_at", "last_used_at",
    "revoked_at", "status",
}  # fmt: skip
SALES = {"name": "x", "role": "sales"}


async def count_keys(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(ApiKey)) or 0


async def events_of(session: AsyncSession, type_: str) -> list[Event]:
    return list(await session.scalars(select(Event).where(Event.type == type_)))


class TestListApiKeys:
    async def test_owner_and_admin_see_every_key_of_their_organization_only(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        admin = await create_member(session, settings, org, "admin")
        sales = await create_member(session, settings, org, "sales")
        mine = await create_api_key(session, org, owner.user, "admin")
        theirs = await create_api_key(session, org, sales.user, "sales")
        elsewhere = await create_member(session, settings, await create_org(session), "owner")
        foreign = await create_api_key(session, elsewhere.org, elsewhere.user, "owner")

        for member in (owner, admin):
            response = await client.get(URL, headers=member.headers)

            assert response.status_code == 200, response.text
            ids = {k["id"] for k in response.json()["data"]}
            assert ids == {str(mine.row.id), str(theirs.row.id)}
            assert str(foreign.row.id) not in response.text

    @pytest.mark.parametrize("role", ["manager", "sales", "support"])
    async def test_other_roles_see_only_the_keys_they_made(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, role: str
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        member = await create_member(session, settings, org, role)
        mine = await create_api_key(session, org, member.user, "viewer")
        await create_api_key(session, org, owner.user, "viewer")
        await create_api_key(session, org, None, "viewer")

        response = await client.get(URL, headers=member.headers)

        assert response.status_code == 200
        assert [k["id"] for k in response.json()["data"]] == [str(mine.row.id)]
        assert response.json()["meta"]["total"] == 1

    async def test_viewer_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        viewer = await create_member(session, settings, await create_org(session), "viewer")

        response = await client.get(URL, headers=viewer.headers)

        assert response.status_code == 403

    async def test_status_chooses_active_revoked_expired_or_all(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        now = utcnow()
        active = await create_api_key(
            session, owner.org, owner.user, expires_at=now + timedelta(days=1)
        )
        forever = await create_api_key(session, owner.org, owner.user)
        revoked = await create_api_key(session, owner.org, owner.user, revoked_at=now)
        expired = await create_api_key(
            session, owner.org, owner.user, expires_at=now - timedelta(seconds=1)
        )

        async def listed(query: str) -> set[str]:
            response = await client.get(f"{URL}{query}", headers=owner.headers)
            assert response.status_code == 200, response.text
            return {k["id"] for k in response.json()["data"]}

        assert await listed("") == {str(active.row.id), str(forever.row.id)}
        assert await listed("?status=active") == await listed("")
        assert await listed("?status=revoked") == {str(revoked.row.id)}
        assert await listed("?status=expired") == {str(expired.row.id)}
        assert len(await listed("?status=all")) == 4
        response = await client.get(f"{URL}?status=expired", headers=owner.headers)
        assert response.json()["data"][0]["status"] == "expired"

    async def test_unknown_status_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(f"{URL}?status=deleted", headers=owner.headers)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "status"]

    async def test_sorted_by_name(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        for name in ("beta", "alpha", "gamma"):
            await create_api_key(session, owner.org, owner.user, name=name)

        response = await client.get(f"{URL}?sort=-name", headers=owner.headers)

        assert [k["name"] for k in response.json()["data"]] == ["gamma", "beta", "alpha"]


class TestGetApiKey:
    async def test_reads_every_field_but_the_secret(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user, "support", name="Helpdesk")

        response = await client.get(f"{URL}/{key.row.id}", headers=owner.headers)

        assert response.status_code == 200
        data = response.json()["data"]
        assert set(data) == READ_FIELDS
        assert data["name"] == "Helpdesk" and data["role"] == "support"
        assert data["prefix"] == key.secret[:12]
        assert data["created_by"] == {"id": str(owner.user.id), "name": owner.user.full_name}
        assert data["status"] == "active"
        assert data["expires_at"] is None and data["revoked_at"] is None
        assert key.secret not in response.text and key.row.key_hash not in response.text

    async def test_a_key_of_another_organization_is_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        other = await create_member(session, settings, await create_org(session), "owner")
        foreign = await create_api_key(session, other.org, other.user)

        response = await client.get(f"{URL}/{foreign.row.id}", headers=owner.headers)

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    async def test_someone_elses_key_is_not_found_for_own_scope(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        sales = await create_member(session, settings, org, "sales")
        owners_key = await create_api_key(session, org, owner.user)

        response = await client.get(f"{URL}/{owners_key.row.id}", headers=sales.headers)

        assert response.status_code == 404

    async def test_a_malformed_id_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(f"{URL}/not-a-uuid", headers=owner.headers)

        assert response.status_code == 422


class TestRevokeApiKey:
    async def test_revoking_sets_revoked_at_and_records_one_event(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        key = await create_api_key(session, owner.org, owner.user)

        first = await client.delete(f"{URL}/{key.row.id}", headers=owner.headers)
        second = await client.delete(f"{URL}/{key.row.id}", headers=owner.headers)

        assert first.status_code == 204 and first.content == b""
        assert second.status_code == 204
        revoked_at = await session.scalar(select(ApiKey.revoked_at).where(ApiKey.id == key.row.id))
        assert revoked_at is not None
        [event] = await events_of(session, "api_key.revoked")
        assert event.entity_id == key.row.id and event.actor_id == owner.user.id
        assert event.changes["revoked_at"]["before"] is None
        read = await client.get(f"{URL}/{key.row.id}", headers=owner.headers)
        assert read.json()["data"]["status"] == "revoked"

    async def test_admin_revokes_anyones_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        admin = await create_member(session, settings, org, "admin")
        sales = await create_member(session, settings, org, "sales")
        key = await create_api_key(session, org, sales.user, "sales")

        response = await client.delete(f"{URL}/{key.row.id}", headers=admin.headers)

        assert response.status_code == 204

    async def test_own_scope_revokes_its_own_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        manager = await create_member(session, settings, await create_org(session), "manager")
        key = await create_api_key(session, manager.org, manager.user, "manager")

        response = await client.delete(f"{URL}/{key.row.id}", headers=manager.headers)

        assert response.status_code == 204

    async def test_own_scope_cannot_revoke_someone_elses_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        sales = await create_member(session, settings, org, "sales")
        key = await create_api_key(session, org, owner.user)

        key_id = key.row.id

        response = await client.delete(f"{URL}/{key_id}", headers=sales.headers)

        assert response.status_code == 404
        session.expire_all()
        assert await session.scalar(select(ApiKey.revoked_at).where(ApiKey.id == key_id)) is None
        assert await events_of(session, "api_key.revoked") == []

    async def test_a_key_of_another_organization_is_not_found_and_stays_valid(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        other = await create_member(session, settings, await create_org(session), "owner")
        foreign = await create_api_key(session, other.org, other.user)

        response = await client.delete(f"{URL}/{foreign.row.id}", headers=owner.headers)

        assert response.status_code == 404
        assert (await client.get(URL, headers=foreign.headers)).status_code == 200

    async def test_viewer_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        viewer = await create_member(session, settings, org, "viewer")
        key = await create_api_key(session, org, owner.user)

        response = await client.delete(f"{URL}/{key.row.id}", headers=viewer.headers)

        assert response.status_code == 403
        assert (
            await session.scalar(select(ApiKey.revoked_at).where(ApiKey.id == key.row.id)) is None
        )
