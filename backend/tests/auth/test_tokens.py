"""Access tokens (shared/SECURITY.md "tokens"): only a valid, live one is accepted."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth import secrets
from heron.auth.secrets import create_access_token, decode_access_token
from heron.config import Settings
from heron.models import Membership, User
from heron.models.base import utcnow
from tests.helpers.auth import EVENTS, ME, access_claims, bearer, login_ok, sign
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio


def _b64(part: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part, default=str).encode()).rstrip(b"=").decode()


def _unsigned(claims: dict[str, Any]) -> str:
    payload = {
        **claims,
        "iat": int(claims["iat"].timestamp()),
        "exp": int(claims["exp"].timestamp()),
    }
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}."


def _rsa_private_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


async def _member(session: AsyncSession, settings: Settings, role: str = "owner") -> Member:
    return await create_member(session, settings, await create_org(session), role)


async def _assert_refused(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get(ME, headers=bearer(token))
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


class TestForgedTokens:
    async def test_the_valid_token_is_accepted(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        token = sign(
            access_claims(settings, member.user.id, member.session_id), settings.secret_key
        )

        assert (await client.get(ME, headers=bearer(token))).status_code == 200

    async def test_alg_none_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)

        await _assert_refused(
            client, _unsigned(access_claims(settings, member.user.id, member.session_id))
        )

    async def test_another_key_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id)

        await _assert_refused(
            client, sign(claims, "another-secret-key-that-is-long-enough-9876543210")
        )

    @pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
    async def test_another_algorithm_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id)

        await _assert_refused(client, sign(claims, settings.secret_key, "HS512"))
        await _assert_refused(client, sign(claims, _rsa_private_pem().decode(), "RS256"))

    async def test_wrong_audience_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id, aud="another-api")

        await _assert_refused(client, sign(claims, settings.secret_key))

    async def test_wrong_issuer_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id, iss="someone-else")

        await _assert_refused(client, sign(claims, settings.secret_key))

    async def test_expired_token_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        past = utcnow() - timedelta(minutes=20)
        claims = access_claims(
            settings, member.user.id, member.session_id, iat=past, exp=past + timedelta(minutes=15)
        )

        await _assert_refused(client, sign(claims, settings.secret_key))

    async def test_token_of_another_type_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id, typ="refresh")

        await _assert_refused(client, sign(claims, settings.secret_key))

    async def test_token_without_a_session_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        claims = access_claims(settings, member.user.id, member.session_id)
        del claims["sid"]

        await _assert_refused(client, sign(claims, settings.secret_key))

    async def test_refresh_token_is_not_an_access_token(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        data = await login_ok(client, member.user.email)

        await _assert_refused(client, data["refresh_token"])

    @pytest.mark.parametrize(
        "token", ["garbage", "a.b.c", "Bearer", "eyJhbGciOiJIUzI1NiJ9..", "x" * 5000]
    )
    async def test_garbage_is_refused(self, client: httpx.AsyncClient, token: str) -> None:
        await _assert_refused(client, token)

    async def test_missing_or_other_scheme_is_refused(self, client: httpx.AsyncClient) -> None:
        for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
            response = await client.get(ME, headers=headers)
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "unauthenticated"


class TestRevocationTakesEffect:
    async def test_disabled_user_is_refused_on_the_next_request(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        assert (await client.get(ME, headers=member.headers)).status_code == 200

        await session.execute(update(User).where(User.id == member.user.id).values(is_active=False))

        await _assert_refused(client, member.token)
        assert (await client.get(EVENTS, headers=member.headers)).status_code == 401

    async def test_lowered_role_acts_on_the_next_request(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings, "admin")
        assert (await client.get(EVENTS, headers=member.headers)).status_code == 200

        await session.execute(
            update(Membership)
            .where(Membership.user_id == member.user.id, Membership.org_id == member.org.id)
            .values(role="sales")
        )

        response = await client.get(EVENTS, headers=member.headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    async def test_removed_member_is_refused_in_the_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await _member(session, settings)
        await session.execute(
            delete(Membership).where(
                Membership.user_id == member.user.id, Membership.org_id == member.org.id
            )
        )

        response = await client.get(EVENTS, headers=member.headers)

        assert response.status_code == 403


class TestVerifiedTokensKept:
    """A verified token is kept (heron/auth/secrets.py) and still refused once it expires;
    a token that fails verification is never kept."""

    def test_a_kept_token_expires_as_it_would_unkept(
        self, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        user_id = uuid.uuid4()
        token, lifetime = create_access_token(
            settings, user_id=user_id, session_id=uuid.uuid4(), org_id=None
        )
        first = decode_access_token(settings, token)
        assert first is not None and first.user_id == user_id
        assert decode_access_token(settings, token) is first  # kept, not verified again

        later = time.time() + lifetime + 1
        monkeypatch.setattr(secrets, "time", SimpleNamespace(time=lambda: later))
        assert decode_access_token(settings, token) is None
        assert (settings.secret_key, token) not in secrets._verified

    def test_a_token_that_fails_is_never_kept(self, settings: Settings) -> None:
        claims = access_claims(settings, uuid.uuid4(), uuid.uuid4())
        forged = sign(claims, "another-secret-key-that-is-long-enough-9876543210")
        before = dict(secrets._verified)

        assert decode_access_token(settings, forged) is None
        assert decode_access_token(settings, forged) is None
        assert secrets._verified == before
        # The same claims signed with the right key are accepted: the refusal was the key's.
        assert decode_access_token(settings, sign(claims, settings.secret_key)) is not None
