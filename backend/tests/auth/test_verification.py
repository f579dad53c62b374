"""Confirming an e-mail address with the link sent at sign-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import UserToken
from heron.models.base import utcnow
from tests.helpers.auth import ME, bearer
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

VERIFY = "/api/v1/auth/verify-email"
RESEND = "/api/v1/auth/verify-email/resend"
EMAIL = "ada@example.com"
SIGNUP = {
    "email": EMAIL,
    "password": "a long enough password",
    "full_name": "Ada Lovelace",
    "organization_name": "Analytical Engines",
}


async def _sign_up(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/register", json=SIGNUP)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def _verified(client: httpx.AsyncClient, access_token: str) -> bool:
    return bool(
        (await client.get(ME, headers=bearer(access_token))).json()["data"]["email_verified"]
    )


class TestVerifyEmail:
    async def test_link_from_the_sign_up_mail_verifies(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        data = await _sign_up(client)
        token = mailbox.token_sent_to(EMAIL, "/verify-email")

        response = await client.post(VERIFY, json={"token": token})

        assert response.status_code == 200, response.text
        assert response.json()["data"]["email_verified"] is True
        assert await _verified(client, data["access_token"])

    async def test_second_use_is_refused(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        await _sign_up(client)
        token = mailbox.token_sent_to(EMAIL, "/verify-email")
        await client.post(VERIFY, json={"token": token})

        again = await client.post(VERIFY, json={"token": token})

        assert again.status_code == 422
        assert again.json()["error"]["code"] == "validation_error"
        assert again.json()["error"]["details"][0]["loc"] == ["body", "token"]

    async def test_expired_link_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, mailbox: Mailbox
    ) -> None:
        data = await _sign_up(client)
        token = mailbox.token_sent_to(EMAIL, "/verify-email")
        await session.execute(update(UserToken).values(expires_at=utcnow() - timedelta(seconds=1)))

        response = await client.post(VERIFY, json={"token": token})

        assert response.status_code == 422
        assert not await _verified(client, data["access_token"])

    async def test_unknown_token_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(VERIFY, json={"token": "x" * 43})

        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_error"


class TestResendVerification:
    async def test_resend_sends_a_new_link_and_voids_the_old_one(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        data = await _sign_up(client)
        old = mailbox.token_sent_to(EMAIL, "/verify-email")

        response = await client.post(RESEND, headers=bearer(data["access_token"]))

        assert response.status_code == 202
        assert len(mailbox.to(EMAIL)) == 2
        new = mailbox.token_sent_to(EMAIL, "/verify-email")
        assert new != old
        refused = await client.post(VERIFY, json={"token": old})
        assert refused.status_code == 422
        assert not await _verified(client, data["access_token"])
        assert (await client.post(VERIFY, json={"token": new})).status_code == 200
        assert await _verified(client, data["access_token"])

    async def test_nothing_is_sent_once_verified(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        data = await _sign_up(client)
        await client.post(VERIFY, json={"token": mailbox.token_sent_to(EMAIL, "/verify-email")})

        response = await client.post(RESEND, headers=bearer(data["access_token"]))

        assert response.status_code == 202
        assert len(mailbox.to(EMAIL)) == 1

    async def test_resend_needs_sign_in(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        response = await client.post(RESEND)

        assert response.status_code == 401
        assert mailbox.messages == []
