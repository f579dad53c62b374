"""Idempotency-Key on creating requests, proven on POST /api-keys (shared/API.md "Writes")."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.kit.idempotency import purge_expired
from heron.models import ApiKey, Event, IdempotencyKey, Membership
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

URL = "/api/v1/api-keys"
BODY = {"name": "Nightly import", "role": "sales"}


async def count(session: AsyncSession, model: type) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def post(
    client: httpx.AsyncClient, member_headers: dict[str, str], key: str, body: object = BODY
) -> httpx.Response:
    return await client.post(URL, json=body, headers={**member_headers, "Idempotency-Key": key})


async def owner_of_new_org(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "owner")


class TestReplay:
    async def test_a_replay_returns_the_first_answer_and_creates_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        first = await post(client, owner.headers, "create-1")
        second = await post(client, owner.headers, "create-1")

        assert first.status_code == second.status_code == 201
        assert "idempotent-replayed" not in first.headers
        assert second.headers["idempotent-replayed"] == "true"
        assert second.json()["data"]["id"] == first.json()["data"]["id"]
        # Secrets are never stored with an answer: the replay names the same key without it.
        assert first.json()["data"]["secret"].startswith("hrn_")
        assert second.json()["data"]["secret"] is None
        assert {**second.json()["data"], "secret": "x"} == {**first.json()["data"], "secret": "x"}
        stored = await session.scalar(select(IdempotencyKey.response_body))
        assert first.json()["data"]["secret"] not in json.dumps(stored)
        assert await count(session, ApiKey) == 1
        assert (
            await session.scalar(
                select(func.count()).select_from(Event).where(Event.type == "api_key.created")
            )
            == 1
        )

    async def test_without_a_key_each_request_creates(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        await client.post(URL, json=BODY, headers=owner.headers)
        await client.post(URL, json=BODY, headers=owner.headers)

        assert await count(session, ApiKey) == 2

    async def test_the_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)
        await post(client, owner.headers, "k")

        response = await post(client, owner.headers, "k", {**BODY, "name": "Another"})

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]
        assert await count(session, ApiKey) == 1

    async def test_the_same_key_of_another_caller_is_independent(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        alice = await create_member(session, settings, org, "owner")
        bob = await create_member(session, settings, org, "admin")
        bobs_key = await create_api_key(session, org, bob.user, "admin")

        answers = [
            await post(client, alice.headers, "shared"),
            await post(client, bob.headers, "shared"),
            await post(client, bobs_key.headers, "shared"),
        ]

        assert [a.status_code for a in answers] == [201, 201, 201]
        assert all("idempotent-replayed" not in a.headers for a in answers)
        assert len({a.json()["data"]["id"] for a in answers}) == 3
        assert await count(session, ApiKey) == 1 + 3

    async def test_the_same_caller_in_another_organization_is_independent(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)
        second_org = await create_org(session)
        session.add(Membership(org_id=second_org.id, user_id=owner.user.id, role="owner"))
        await session.flush()

        first = await post(client, owner.headers, "k")
        other = await post(client, {**owner.headers, "X-Heron-Org": str(second_org.id)}, "k")

        assert first.status_code == other.status_code == 201
        assert "idempotent-replayed" not in other.headers

    async def test_an_expired_key_is_a_new_request(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)
        first = await post(client, owner.headers, "old")
        await session.execute(
            update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=25))
        )
        await session.flush()

        again = await post(client, owner.headers, "old")

        assert again.status_code == 201
        assert "idempotent-replayed" not in again.headers
        assert again.json()["data"]["id"] != first.json()["data"]["id"]


class TestKeyRules:
    async def test_a_key_over_255_characters_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        response = await post(client, owner.headers, "k" * 256)
        fits = await post(client, owner.headers, "k" * 255)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["header", "Idempotency-Key"]
        assert fits.status_code == 201
        assert await count(session, ApiKey) == 1

    async def test_an_empty_key_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        response = await post(client, owner.headers, "")

        assert response.status_code == 422
        assert await count(session, ApiKey) == 0

    async def test_a_failed_request_does_not_burn_the_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        invalid = await post(client, owner.headers, "retry-me", {"name": "", "role": "sales"})
        assert invalid.status_code == 422
        assert await count(session, IdempotencyKey) == 0
        # The client fixes the body and retries with the same key: it is a new request.
        response = await post(client, owner.headers, "retry-me")

        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers
        assert await count(session, ApiKey) == 1

    async def test_a_refused_request_does_not_burn_the_key(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, "sales")

        refused = await post(client, sales.headers, "k", {"name": "x", "role": "owner"})
        allowed = await post(client, sales.headers, "k", {"name": "x", "role": "owner"})

        assert refused.status_code == allowed.status_code == 403
        assert await count(session, IdempotencyKey) == 0

    async def test_a_duplicate_of_a_request_still_running_is_409(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)
        path = URL
        body = json.dumps(BODY).encode()
        # The first request has claimed the key but not answered yet (status_code is NULL).
        fingerprint = hashlib.sha256(b"POST" + path.encode() + b"" + body).hexdigest()
        session.add(
            IdempotencyKey(
                scope=f"user:{owner.user.id}:{owner.org.id}",
                key="busy",
                request_hash=fingerprint,
                method="POST",
                path=path,
            )
        )
        await session.flush()

        response = await client.post(
            URL,
            content=body,
            headers={
                **owner.headers,
                "Idempotency-Key": "busy",
                "Content-Type": "application/json",
            },
        )

        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert await count(session, ApiKey) == 0

    async def test_the_key_is_ignored_on_reads(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await owner_of_new_org(session, settings)

        response = await client.get(URL, headers={**owner.headers, "Idempotency-Key": "k" * 300})

        assert response.status_code == 200
        assert await count(session, IdempotencyKey) == 0


class TestPurge:
    async def test_answers_older_than_a_day_are_deleted(self, session: AsyncSession) -> None:
        old = IdempotencyKey(
            scope="user:x",
            key="old",
            request_hash="h",
            method="POST",
            path="/p",
            created_at=utcnow() - timedelta(hours=25),
        )
        recent = IdempotencyKey(
            scope="user:x",
            key="recent",
            request_hash="h",
            method="POST",
            path="/p",
            created_at=utcnow() - timedelta(hours=23),
        )
        session.add_all([old, recent])
        await session.flush()

        assert await purge_expired(session) == 1

        assert list(await session.scalars(select(IdempotencyKey.key))) == ["recent"]
