"""Making API keys: the secret is shown once, the role is one the caller may grant."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta, timezone

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import hash_secret
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


class TestCreateApiKey:
    async def test_secret_is_shown_once_and_only_its_hash_is_stored(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.post(
            URL, json={"name": "Zapier", "role": "admin"}, headers=owner.headers
        )

        assert response.status_code == 201, response.text
        data = response.json()["data"]
        secret = data["secret"]
        assert secret.startswith("hrn_") and len(secret) > 40
        assert data["prefix"] == secret[:12]
        assert data["role"] == "admin" and data["status"] == "active"
        assert data["created_by"] == {"id": str(owner.user.id), "name": owner.user.full_name}
        row = await session.scalar(select(ApiKey).where(ApiKey.id == uuid.UUID(data["id"])))
        assert row is not None
        assert row.key_hash == hash_secret(secret)
        assert secret not in {row.name, row.prefix, row.key_hash}
        again = await client.get(f"{URL}/{data['id']}", headers=owner.headers)
        assert set(again.json()["data"]) == READ_FIELDS
        assert secret not in again.text and row.key_hash not in again.text

    async def test_event_names_the_key_but_never_its_secret_or_hash(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.post(
            URL, json={"name": "CI", "role": "sales"}, headers=owner.headers
        )

        data = response.json()["data"]
        [event] = await events_of(session, "api_key.created")
        assert event.entity == "api_key" and str(event.entity_id) == data["id"]
        assert event.actor_type == "user" and event.actor_id == owner.user.id
        assert event.changes["name"] == "CI" and event.changes["role"] == "sales"
        stored = json.dumps(event.changes)
        assert data["secret"] not in stored and hash_secret(data["secret"]) not in stored

    async def test_expiry_is_kept_in_utc(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        when = (utcnow() + timedelta(days=30)).replace(microsecond=0)
        local = when.astimezone(timezone(timedelta(hours=2)))

        response = await client.post(
            URL,
            json={"name": "Temp", "role": "viewer", "expires_at": local.isoformat()},
            headers=owner.headers,
        )

        assert response.status_code == 201, response.text
        row = await session.scalar(select(ApiKey))
        assert row is not None and row.expires_at == when

    @pytest.mark.parametrize(
        ("granter", "role"),
        [("admin", "owner"), ("manager", "admin"), ("sales", "manager"), ("support", "admin")],
    )
    async def test_a_role_above_ones_own_is_refused_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        granter: str,
        role: str,
    ) -> None:
        member = await create_member(session, settings, await create_org(session), granter)

        response = await client.post(URL, json={"name": "x", "role": role}, headers=member.headers)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert await count_keys(session) == 0
        assert await events_of(session, "api_key.created") == []

    @pytest.mark.parametrize(("granter", "role"), [("owner", "owner"), ("sales", "sales")])
    async def test_a_role_up_to_ones_own_is_granted(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        granter: str,
        role: str,
    ) -> None:
        member = await create_member(session, settings, await create_org(session), granter)

        response = await client.post(URL, json={"name": "x", "role": role}, headers=member.headers)

        assert response.status_code == 201, response.text
        assert await count_keys(session) == 1

    async def test_viewer_cannot_make_keys(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        viewer = await create_member(session, settings, await create_org(session), "viewer")

        response = await client.post(
            URL, json={"name": "x", "role": "viewer"}, headers=viewer.headers
        )

        assert response.status_code == 403
        assert await count_keys(session) == 0

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({**SALES, "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
            ({**SALES, "expires_at": "2999-01-01T00:00:00"}, "expires_at"),
            ({**SALES, "expires_at": "9999-12-31T23:00:00-05:00"}, "expires_at"),
            ({"name": "x", "role": "emperor"}, "role"),
            ({"name": "", "role": "sales"}, "name"),
            ({"name": "x" * 121, "role": "sales"}, "name"),
            ({"name": "a\x00b", "role": "sales"}, "name"),
            ({"name": "two\nlines", "role": "sales"}, "name"),
            ({**SALES, "key_hash": "0" * 64}, "key_hash"),
            ({**SALES, "created_by_id": str(uuid.uuid4())}, "created_by_id"),
        ],
        ids=[
            "past-expiry", "expiry-without-offset", "expiry-out-of-range", "unknown-role",
            "empty-name", "long-name", "nul-in-name", "newline-in-name", "key_hash",
            "created_by_id",
        ],
    )  # fmt: skip
    async def test_invalid_input_is_422_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        body: dict[str, str],
        loc: str,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.post(URL, json=body, headers=owner.headers)

        assert response.status_code == 422, response.text
        details = response.json()["error"]["details"]
        assert ["body", loc] in [d["loc"] for d in details]
        assert await count_keys(session) == 0

    async def test_a_key_made_by_a_key_belongs_to_that_keys_person(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        parent = await create_api_key(session, owner.org, owner.user, "admin")

        response = await client.post(
            URL, json={"name": "child", "role": "manager"}, headers=parent.headers
        )

        assert response.status_code == 201, response.text
        data = response.json()["data"]
        assert data["created_by"]["id"] == str(owner.user.id)
        [event] = await events_of(session, "api_key.created")
        assert event.actor_type == "api_key" and event.actor_id == parent.row.id

    async def test_a_key_cannot_grant_more_than_its_role(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        parent = await create_api_key(session, owner.org, owner.user, "admin")

        response = await client.post(
            URL, json={"name": "child", "role": "owner"}, headers=parent.headers
        )

        assert response.status_code == 403
        assert await count_keys(session) == 1

    async def test_a_key_nobody_answers_for_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        orphan = await create_api_key(session, org, None, "owner")

        response = await client.post(
            URL, json={"name": "child", "role": "sales"}, headers=orphan.headers
        )

        assert response.status_code == 401
        assert await count_keys(session) == 1


class TestSidewaysGrant:
    async def test_sales_cannot_make_a_support_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        sales = await create_member(session, settings, await create_org(session), "sales")

        response = await client.post(
            URL, json={"name": "s", "role": "support"}, headers=sales.headers
        )

        assert response.status_code == 403
        assert await count_keys(session) == 0
