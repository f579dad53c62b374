"""Helpers for tests of sign-in, sessions and the security baseline."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.cookies import CSRF_HEADER, REFRESH_COOKIE
from heron.auth.secrets import ACCESS_AUDIENCE, ACCESS_ISSUER
from heron.config import Settings
from heron.db import Database
from heron.main import create_app
from heron.models import RefreshToken, User
from heron.models.base import utcnow
from tests.helpers.factories import PASSWORD

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/me"
EVENTS = "/api/v1/events"
CSRF = {CSRF_HEADER: "1"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, **extra: Any
) -> httpx.Response:
    return await client.post(LOGIN, json={"email": email, "password": password, **extra})


async def login_ok(client: httpx.AsyncClient, email: str, **extra: Any) -> dict[str, Any]:
    """Sign in (refresh token in the body) and return the token answer's data."""
    response = await login(client, email, refresh_in_body=True, **extra)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def refresh_with(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await client.post(REFRESH, json={"refresh_token": refresh_token})


def refresh_cookie(response: httpx.Response) -> str:
    value = response.cookies.get(REFRESH_COOKIE)
    assert value, "no refresh cookie was set"
    return value


def access_claims(
    settings: Settings, user_id: uuid.UUID, session_id: uuid.UUID, **overrides: Any
) -> dict[str, Any]:
    """Claims of a valid access token, to be tampered with by the tests."""
    now = utcnow()
    claims: dict[str, Any] = {
        "iss": ACCESS_ISSUER,
        "aud": ACCESS_AUDIENCE,
        "typ": "access",
        "sub": str(user_id),
        "sid": str(session_id),
        "org": None,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "t",
    }
    claims.update(overrides)
    return claims


def sign(claims: dict[str, Any], key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


async def reload_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    session.expire_all()
    user = await session.get(User, user_id)
    assert user is not None
    return user


async def family_tokens(session: AsyncSession, family_id: uuid.UUID) -> list[RefreshToken]:
    session.expire_all()
    rows = await session.scalars(select(RefreshToken).where(RefreshToken.family_id == family_id))
    return list(rows)


@asynccontextmanager
async def client_for(
    settings: Settings, db: Database, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A client on an app built with ``overrides`` applied to ``settings``."""
    app = create_app(settings.model_copy(update=overrides), database=db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        yield client
