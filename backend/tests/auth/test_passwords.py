"""Forgotten, reset and changed passwords."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import RefreshToken, UserToken
from heron.models.base import utcnow
from tests.helpers.auth import ME, bearer, login, login_ok, refresh_with, reload_user
from tests.helpers.factories import PASSWORD, Member, create_member, create_org
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

FORGOT = "/api/v1/auth/password/forgot"
RESET = "/api/v1/auth/password/reset"
CHANGE = "/api/v1/auth/password/change"
NEW_PASSWORD = "a brand new passphrase"


async def _member(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session))


async def _reset_token(client: httpx.AsyncClient, mailbox: Mailbox, email: str) -> str:
    response = await client.post(FORGOT, json={"email": email})
    assert response.status_code == 202
    return mailbox.token_sent_to(email, "/reset-password")


class TestForgotPassword:
    async def test_same_answer_for_known_and_unknown_addresses(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)

        known = await client.post(FORGOT, json={"email": member.user.email.upper()})
        unknown = await client.post(FORGOT, json={"email": "nobody@example.com"})

        assert known.status_code == unknown.status_code == 202
        assert known.json() == unknown.json()
        assert len(mailbox.to(member.user.email)) == 1
        assert mailbox.to("nobody@example.com") == []
        assert len(mailbox.messages) == 1

    async def test_disabled_account_gets_no_mail(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await create_member(session, settings, await create_org(session), is_active=False)

        response = await client.post(FORGOT, json={"email": member.user.email})

        assert response.status_code == 202
        assert mailbox.messages == []


class TestResetPassword:
    async def test_new_password_works_and_old_one_does_not(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        token = await _reset_token(client, mailbox, member.user.email)

        response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})

        assert response.status_code == 200, response.text
        assert (await login(client, member.user.email, NEW_PASSWORD)).status_code == 200
        assert (await login(client, member.user.email, PASSWORD)).status_code == 401

    async def test_reset_ends_every_session(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        signed_in = await login_ok(client, member.user.email)
        token = await _reset_token(client, mailbox, member.user.email)

        await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})

        assert (await client.get(ME, headers=member.headers)).status_code == 401
        assert (await client.get(ME, headers=bearer(signed_in["access_token"]))).status_code == 401
        assert (await refresh_with(client, signed_in["refresh_token"])).status_code == 401
        fresh = await login_ok(client, member.user.email, password=NEW_PASSWORD)
        assert (await client.get(ME, headers=bearer(fresh["access_token"]))).status_code == 200

    async def test_token_works_only_once(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        token = await _reset_token(client, mailbox, member.user.email)
        await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
        hash_after_first = (await reload_user(session, member.user.id)).password_hash

        again = await client.post(
            RESET, json={"token": token, "new_password": "yet another passphrase"}
        )

        assert again.status_code == 422
        assert again.json()["error"]["code"] == "validation_error"
        assert again.json()["error"]["details"][0]["loc"] == ["body", "token"]
        assert (await reload_user(session, member.user.id)).password_hash == hash_after_first
        assert (await login(client, member.user.email, NEW_PASSWORD)).status_code == 200

    async def test_expired_token_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        token = await _reset_token(client, mailbox, member.user.email)
        await session.execute(
            update(UserToken)
            .where(UserToken.user_id == member.user.id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

        response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})

        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"
        assert (await login(client, member.user.email, PASSWORD)).status_code == 200
        assert (await client.get(ME, headers=member.headers)).status_code == 200

    async def test_a_newer_link_voids_the_older_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        older = await _reset_token(client, mailbox, member.user.email)
        newer = await _reset_token(client, mailbox, member.user.email)

        refused = await client.post(RESET, json={"token": older, "new_password": NEW_PASSWORD})
        accepted = await client.post(RESET, json={"token": newer, "new_password": NEW_PASSWORD})

        assert refused.status_code == 422 and accepted.status_code == 200

    async def test_verification_token_is_not_a_reset_token(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        signup = {
            "email": "grace@example.com",
            "password": "a long enough password",
            "full_name": "Grace Hopper",
            "organization_name": "Compilers",
        }
        await client.post("/api/v1/auth/register", json=signup)
        token = mailbox.token_sent_to("grace@example.com", "/verify-email")

        response = await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})

        assert response.status_code == 422
        assert (
            await login(client, "grace@example.com", "a long enough password")
        ).status_code == 200

    async def test_short_new_password_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, mailbox: Mailbox
    ) -> None:
        member = await _member(session, settings)
        token = await _reset_token(client, mailbox, member.user.email)

        response = await client.post(RESET, json={"token": token, "new_password": "short"})

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["body", "new_password"]
        assert (
            await client.post(RESET, json={"token": token, "new_password": NEW_PASSWORD})
        ).status_code == 200


class TestChangePassword:
    async def test_wrong_current_password_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        before = member.user.password_hash

        response = await client.post(
            CHANGE,
            json={"current_password": "not my password", "new_password": NEW_PASSWORD},
            headers=member.headers,
        )

        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert [d["loc"] for d in error["details"]] == [["body", "current_password"]]
        assert (await reload_user(session, member.user.id)).password_hash == before

    async def test_other_sessions_end_and_this_one_stays(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        other = await login_ok(client, member.user.email)
        current = await login_ok(client, member.user.email)

        response = await client.post(
            CHANGE,
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            headers=bearer(current["access_token"]),
        )

        assert response.status_code == 200, response.text
        assert (await client.get(ME, headers=bearer(current["access_token"]))).status_code == 200
        assert (await refresh_with(client, current["refresh_token"])).status_code == 200
        assert (await client.get(ME, headers=bearer(other["access_token"]))).status_code == 401
        assert (await client.get(ME, headers=member.headers)).status_code == 401
        assert (await refresh_with(client, other["refresh_token"])).status_code == 401
        assert (await login(client, member.user.email, NEW_PASSWORD)).status_code == 200
        assert (await login(client, member.user.email, PASSWORD)).status_code == 401

    async def test_nothing_changes_without_sign_in(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await client.post(
            CHANGE, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        )

        assert response.status_code == 401
        assert await session.scalar(select(func.count()).select_from(RefreshToken)) == 0
