from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Event, Membership, Organization, User
from tests.helpers.mail import Mailbox

pytestmark = pytest.mark.anyio

SIGNUP = {
    "email": "Ada@Example.com",
    "password": "a long enough password",
    "full_name": "Ada Lovelace",
    "organization_name": "Analytical Engines",
}


class TestRegister:
    async def test_creates_user_organization_and_owner(self, client: httpx.AsyncClient, session: AsyncSession, mailbox: Mailbox) -> None:
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
        assert await session.scalar(select(func.count()).select_from(Event).where(Event.org_id == org_id)) == 2
        assert mailbox.token_sent_to("ada@example.com", "/verify-email")

    async def test_duplicate_email_is_rejected(self, client: httpx.AsyncClient, session: AsyncSession) -> None:
        await client.post("/api/v1/auth/register", json=SIGNUP)
        response = await client.post("/api/v1/auth/register", json={**SIGNUP, "email": "ADA@example.com"})
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert await session.scalar(select(func.count()).select_from(Organization)) == 1

    async def test_unknown_fields_are_refused_and_nothing_is_written(self, client: httpx.AsyncClient, session: AsyncSession) -> None:
        response = await client.post("/api/v1/auth/register", json={**SIGNUP, "role": "owner", "id": "x"})
        assert response.status_code == 422
        body = response.json()
        assert body["error"]["code"] == "validation_error"
        assert {tuple(d["loc"]) for d in body["error"]["details"]} == {("body", "role"), ("body", "id")}
        assert await session.scalar(select(func.count()).select_from(User)) == 0

    async def test_malformed_json_is_a_validation_error(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/auth/register", content=b"{not json", headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422
        assert response.json()["error"]["message"] == "The request body is not valid JSON."
