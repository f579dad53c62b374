"""Rate limits on sign-in, sign-up and password reset (shared/SECURITY.md "passwords").

Over ASGI every request comes from one address, so the per-account limit is proved with a per-IP
limit set high enough not to interfere, and the per-IP limits with a different account each time.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.models import User
from tests.helpers.auth import client_for, login, reload_user
from tests.helpers.factories import PASSWORD, create_member, create_org
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

GENEROUS = "1000/minute"
CHANGE = "/api/v1/auth/password/change"


def _assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "rate_limited"
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 3600


class TestLoginPerAccount:
    @pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
    async def test_sixth_attempt_is_limited(
        self, settings: Settings, db: Database, session: AsyncSession, known: bool
    ) -> None:
        email = "nobody@example.com"
        if known:
            email = (await create_member(session, settings, await create_org(session))).user.email
        async with client_for(
            settings, db, rate_limit_login_account="5/minute", rate_limit_login_ip=GENEROUS
        ) as client:
            answers = [(await login(client, email, "wrong password")).status_code for _ in range(5)]
            sixth = await login(client, email, PASSWORD)

            assert answers == [401] * 5
            _assert_limited(sixth)
            assert (await login(client, email.upper(), PASSWORD)).status_code == 429
            other = await create_member(session, settings, await create_org(session))
            assert (await login(client, other.user.email)).status_code == 200

    async def test_known_and_unknown_addresses_are_limited_alike(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        known = (await create_member(session, settings, await create_org(session))).user.email
        async with client_for(
            settings, db, rate_limit_login_account="2/minute", rate_limit_login_ip=GENEROUS
        ) as client:
            for email in (known, "nobody@example.com"):
                for _ in range(2):
                    await login(client, email, "wrong password")
            known_answer = await login(client, known, "wrong password")
            unknown_answer = await login(client, "nobody@example.com", "wrong password")

        _assert_limited(known_answer)
        _assert_limited(unknown_answer)
        assert known_answer.json()["error"]["message"] == unknown_answer.json()["error"]["message"]


class TestPerIp:
    async def test_login_is_limited_per_ip(self, settings: Settings, db: Database) -> None:
        async with client_for(
            settings, db, rate_limit_login_ip="3/minute", rate_limit_login_account=GENEROUS
        ) as client:
            answers = [
                (await login(client, f"someone-{n}@example.com")).status_code for n in range(3)
            ]
            fourth = await login(client, "someone-else@example.com")

        assert answers == [401] * 3
        _assert_limited(fourth)

    async def test_register_is_limited_per_ip(
        self, settings: Settings, db: Database, session: AsyncSession, mailbox: Mailbox
    ) -> None:
        async with client_for(settings, db, rate_limit_register_ip="2/hour") as client:
            answers = [
                (await client.post("/api/v1/auth/register", json=_signup(n))).status_code
                for n in range(2)
            ]
            third = await client.post("/api/v1/auth/register", json=_signup(2))

        assert answers == [201, 201]
        _assert_limited(third)
        assert await session.scalar(select(func.count()).select_from(User)) == 2

    async def test_forgot_is_limited_per_ip(
        self, settings: Settings, db: Database, mailbox: Mailbox
    ) -> None:
        async with client_for(
            settings, db, rate_limit_reset_ip="2/hour", rate_limit_reset_account=GENEROUS
        ) as client:
            answers = [
                (
                    await client.post(
                        "/api/v1/auth/password/forgot", json={"email": f"p{n}@example.com"}
                    )
                ).status_code
                for n in range(2)
            ]
            third = await client.post(
                "/api/v1/auth/password/forgot", json={"email": "p3@example.com"}
            )

        assert answers == [202, 202]
        _assert_limited(third)

    async def test_forgot_is_limited_per_account(
        self, settings: Settings, db: Database, session: AsyncSession, mailbox: Mailbox
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        async with client_for(
            settings, db, rate_limit_reset_account="2/hour", rate_limit_reset_ip=GENEROUS
        ) as client:
            for _ in range(2):
                await client.post("/api/v1/auth/password/forgot", json={"email": member.user.email})
            third = await client.post(
                "/api/v1/auth/password/forgot", json={"email": member.user.email}
            )

        _assert_limited(third)
        assert len(mailbox.to(member.user.email)) == 2

    async def test_reset_is_limited_per_ip(self, settings: Settings, db: Database) -> None:
        body = {"token": "x" * 43, "new_password": "a brand new passphrase"}
        async with client_for(settings, db, rate_limit_reset_ip="2/hour") as client:
            answers = [
                (await client.post("/api/v1/auth/password/reset", json=body)).status_code
                for _ in range(2)
            ]
            third = await client.post("/api/v1/auth/password/reset", json=body)

        assert answers == [422, 422]
        _assert_limited(third)


class TestChangePassword:
    async def test_guessing_the_current_password_is_limited(
        self, settings: Settings, db: Database, session: AsyncSession
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        before = member.user.password_hash
        body = {"current_password": "a wrong guess", "new_password": "a brand new passphrase"}
        async with client_for(settings, db, rate_limit_login_account="2/minute") as client:
            answers = [
                (await client.post(CHANGE, json=body, headers=member.headers)).status_code
                for _ in range(2)
            ]
            third = await client.post(
                CHANGE, json={**body, "current_password": PASSWORD}, headers=member.headers
            )

        assert answers == [422, 422]
        _assert_limited(third)
        assert (await reload_user(session, member.user.id)).password_hash == before


def _signup(n: int) -> dict[str, Any]:
    return {
        "email": f"founder-{n}@example.com",
        "password": "a long enough password",
        "full_name": f"Founder {n}",
        "organization_name": f"Company {n}",
    }
