from __future__ import annotations

import uuid

import httpx
import jwt
import pytest
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.cookies import REFRESH_COOKIE
from heron.config import Settings
from heron.events.service import record
from heron.models import Event, Membership, Organization, RefreshToken, User
from tests.helpers.auth import (
    EVENTS,
    ME,
    bearer,
    family_tokens,
    login,
    login_ok,
    refresh_cookie,
    refresh_with,
    reload_user,
)
from tests.helpers.factories import PASSWORD, create_member, create_org
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

SIGNUP = {
    "email": "Ada@Example.com",
    "password": "a long enough password",
    "full_name": "Ada Lovelace",
    "organization_name": "Analytical Engines",
}


class TestRegister:
    async def test_creates_user_organization_and_owner(
        self, client: httpx.AsyncClient, session: AsyncSession, mailbox: Mailbox
    ) -> None:
        response = await client.post("/api/v1/auth/register", json=SIGNUP)

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["success"] is True and body["error"] is None
        assert body["data"]["user"]["email"] == "ada@example.com"
        assert body["data"]["user"]["email_verified"] is False
        assert body["data"]["refresh_token"] is None
        assert "heron_refresh" in response.headers["set-cookie"]
        assert "HttpOnly" in response.headers["set-cookie"]
        org_id = uuid.UUID(body["data"]["organization_id"])
        membership = await session.scalar(select(Membership).where(Membership.org_id == org_id))
        assert membership is not None and membership.role == "owner"
        types = await session.scalars(select(Event.type).where(Event.org_id == org_id))
        assert sorted(types) == ["member.added", "organization.created", "pipeline.created"]
        assert mailbox.token_sent_to("ada@example.com", "/verify-email")

    async def test_duplicate_email_is_rejected(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        await client.post("/api/v1/auth/register", json=SIGNUP)
        response = await client.post(
            "/api/v1/auth/register", json={**SIGNUP, "email": "ADA@example.com"}
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert await session.scalar(select(func.count()).select_from(Organization)) == 1

    async def test_unknown_fields_are_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await client.post(
            "/api/v1/auth/register", json={**SIGNUP, "role": "owner", "id": "x"}
        )
        assert response.status_code == 422
        body = response.json()
        assert body["error"]["code"] == "validation_error"
        assert {tuple(d["loc"]) for d in body["error"]["details"]} == {
            ("body", "role"),
            ("body", "id"),
        }
        assert await session.scalar(select(func.count()).select_from(User)) == 0

    async def test_malformed_json_is_a_validation_error(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/auth/register",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["error"]["message"] == "The request body is not valid JSON."


class TestLogin:
    async def test_right_password_gives_access_token_and_refresh_cookie(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        member = await create_member(session, settings, org)

        response = await login(client, member.user.email)

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["token_type"] == "bearer" and data["expires_in"] == 900
        assert data["refresh_token"] is None
        assert data["organization_id"] == str(org.id)
        claims = jwt.decode(data["access_token"], options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == 900
        assert claims["sub"] == str(member.user.id)
        cookie = response.headers["set-cookie"]
        attributes = {
            part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")
        }
        assert cookie.startswith(f"{REFRESH_COOKIE}=")
        assert "httponly" in attributes and "secure" in attributes
        assert attributes["samesite"].lower() == "samesite=strict"
        assert attributes["path"] == "Path=/api/v1/auth"
        me = await client.get(ME, headers=bearer(data["access_token"]))
        assert me.status_code == 200 and me.json()["data"]["id"] == str(member.user.id)

    async def test_refresh_in_body_returns_the_refresh_token(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        response = await login(client, member.user.email, refresh_in_body=True)

        assert response.status_code == 200
        token = response.json()["data"]["refresh_token"]
        assert token and token == refresh_cookie(response)

    async def test_wrong_password_and_unknown_email_answer_alike(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        wrong = await login(client, member.user.email, "not the password at all")
        unknown = await login(client, "nobody@example.com")

        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json()["error"] == unknown.json()["error"] | {
            "request_id": wrong.json()["error"]["request_id"]
        }
        assert wrong.json()["error"]["code"] == "unauthenticated"
        assert "set-cookie" not in wrong.headers and "set-cookie" not in unknown.headers

    async def test_disabled_user_cannot_sign_in(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session), is_active=False)

        response = await login(client, member.user.email)

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
        assert "set-cookie" not in response.headers
        assert await _session_count(session, member.user.id) == 1  # only the factory's

    async def test_weaker_hash_is_upgraded(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        weak = Argon2Hasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
        member = await create_member(
            session, settings, await create_org(session), password_hash=weak
        )

        response = await login(client, member.user.email)

        assert response.status_code == 200
        user = await reload_user(session, member.user.id)
        assert user.password_hash is not None and user.password_hash != weak
        assert "m=8192" not in user.password_hash and "t=1," not in user.password_hash
        assert (await login(client, member.user.email)).status_code == 200

    async def test_current_hash_is_kept(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        before = member.user.password_hash

        await login(client, member.user.email)

        assert (await reload_user(session, member.user.id)).password_hash == before

    async def test_organization_of_someone_else_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        other = await create_org(session)

        response = await login(client, member.user.email, organization_id=str(other.id))

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert await _session_count(session, member.user.id) == 1

    async def test_organization_of_the_user_is_started_in(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        second = await create_org(session)
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="viewer"))
        await session.flush()

        response = await login(client, member.user.email, organization_id=str(second.id))

        assert response.status_code == 200
        assert response.json()["data"]["organization_id"] == str(second.id)


class TestLogout:
    async def test_access_token_of_the_session_ends(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        data = await login_ok(client, member.user.email)

        response = await client.post("/api/v1/auth/logout", headers=bearer(data["access_token"]))

        assert response.status_code == 200
        assert (await client.get(ME, headers=bearer(data["access_token"]))).status_code == 401
        assert (await refresh_with(client, data["refresh_token"])).status_code == 401
        assert (await client.get(ME, headers=member.headers)).status_code == 200  # other session

    async def test_all_devices_ends_every_session(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        first = await login_ok(client, member.user.email)
        second = await login_ok(client, member.user.email)

        response = await client.post(
            "/api/v1/auth/logout", json={"all_devices": True}, headers=bearer(first["access_token"])
        )

        assert response.status_code == 200
        for data in (first, second):
            me = await client.get(ME, headers=bearer(data["access_token"]))
            assert me.status_code == 401 and me.json()["error"]["code"] == "unauthenticated"
            assert (await refresh_with(client, data["refresh_token"])).status_code == 401
        assert (await client.get(ME, headers=member.headers)).status_code == 401
        assert await _session_count(session, member.user.id, active=True) == 0

    async def test_signing_in_again_right_after_works(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        await client.post("/api/v1/auth/logout", json={"all_devices": True}, headers=member.headers)

        data = await login_ok(client, member.user.email)

        assert (await client.get(ME, headers=bearer(data["access_token"]))).status_code == 200


class TestSwitchOrganization:
    async def test_new_token_acts_in_the_chosen_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        second = await create_org(session)
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="admin"))
        first_event = await record(
            session, org_id=member.org.id, type="t.first", entity="t", entity_id=None
        )
        second_event = await record(
            session, org_id=second.id, type="t.second", entity="t", entity_id=None
        )
        token = bearer(member.token)

        response = await client.post(
            "/api/v1/auth/switch", json={"organization_id": str(second.id)}, headers=token
        )

        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["organization_id"] == str(second.id) and data["refresh_token"] is None
        listed = await client.get(EVENTS, headers=bearer(data["access_token"]))
        assert [e["id"] for e in listed.json()["data"]] == [str(second_event.id)]
        before = await client.get(EVENTS, headers=token)
        assert [e["id"] for e in before.json()["data"]] == [str(first_event.id)]

    async def test_organization_of_someone_else_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        other = await create_org(session)

        response = await client.post(
            "/api/v1/auth/switch",
            json={"organization_id": str(other.id)},
            headers=bearer(member.token),
        )

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        org_id = member.org.id
        rows = await family_tokens(session, member.session_id)
        assert {r.org_id for r in rows} == {org_id}


class TestOrganizationHeader:
    async def test_header_chooses_among_own_organizations(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        second = await create_org(session)
        session.add(Membership(org_id=second.id, user_id=member.user.id, role="owner"))
        event = await record(session, org_id=second.id, type="t.second", entity="t", entity_id=None)
        headers = {**bearer(member.token), "X-Heron-Org": str(second.id)}

        response = await client.get(EVENTS, headers=headers)

        assert response.status_code == 200
        assert [e["id"] for e in response.json()["data"]] == [str(event.id)]

    async def test_organization_of_someone_else_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        other = await create_org(session)
        await create_member(session, settings, other)

        response = await client.get(
            EVENTS, headers={**bearer(member.token), "X-Heron-Org": str(other.id)}
        )

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    @pytest.mark.parametrize(
        "value", ["not-a-uuid", "", "1' OR '1'='1", "1289de95-46a1-40b3-b205-57222487aad"]
    )
    async def test_malformed_header_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, value: str
    ) -> None:
        member = await create_member(session, settings, await create_org(session))

        response = await client.get(EVENTS, headers={**bearer(member.token), "X-Heron-Org": value})

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


async def _session_count(session: AsyncSession, user_id: uuid.UUID, *, active: bool = False) -> int:
    session.expire_all()
    query = select(func.count()).select_from(RefreshToken).where(RefreshToken.user_id == user_id)
    if active:
        query = query.where(RefreshToken.revoked_at.is_(None))
    return int(await session.scalar(query) or 0)
