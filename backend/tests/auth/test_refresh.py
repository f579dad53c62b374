"""Refresh tokens: rotation, reuse detection, the cookie and its CSRF defence."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.cookies import REFRESH_COOKIE
from heron.auth.repository import AuthRepository
from heron.auth.secrets import hash_secret
from heron.config import Settings
from heron.models import RefreshToken, User
from heron.models.base import utcnow
from tests.helpers.auth import (
    CSRF,
    ME,
    REFRESH,
    bearer,
    family_tokens,
    login,
    login_ok,
    refresh_cookie,
    refresh_with,
)
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio


async def _signed_in(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings
) -> dict[str, str]:
    member = await create_member(session, settings, await create_org(session))
    return await login_ok(client, member.user.email)


async def _row(session: AsyncSession, secret: str) -> RefreshToken:
    session.expire_all()
    row = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_secret(secret))
    )
    assert row is not None
    return row


def _assert_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "unauthenticated"


class TestRotation:
    async def test_refresh_gives_new_tokens_and_refuses_the_old_one(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        first = await _signed_in(client, session, settings)

        response = await refresh_with(client, first["refresh_token"])

        assert response.status_code == 200, response.text
        second = response.json()["data"]
        assert second["refresh_token"] and second["refresh_token"] != first["refresh_token"]
        assert second["expires_in"] == 900
        assert refresh_cookie(response) == second["refresh_token"]
        assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 200
        old = await _row(session, first["refresh_token"])
        rotated_at, family = old.rotated_at, old.family_id
        new = await _row(session, second["refresh_token"])
        assert rotated_at is not None and new.family_id == family and new.rotated_at is None
        third = await refresh_with(client, second["refresh_token"])
        assert third.status_code == 200

    async def test_reuse_revokes_the_whole_family(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        first = await _signed_in(client, session, settings)
        second = (await refresh_with(client, first["refresh_token"])).json()["data"]

        reuse = await refresh_with(client, first["refresh_token"])

        _assert_401(reuse)
        # The revocation was stored although the request failed.
        family = (await _row(session, first["refresh_token"])).family_id
        assert all(row.revoked_at is not None for row in await family_tokens(session, family))
        _assert_401(await refresh_with(client, second["refresh_token"]))
        _assert_401(await client.get(ME, headers=bearer(second["access_token"])))
        _assert_401(await client.get(ME, headers=bearer(first["access_token"])))

    async def test_losing_a_race_with_the_same_token_counts_as_reuse(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        data = await _signed_in(client, session, settings)
        read = AuthRepository.get_refresh_token

        async def read_then_lose_the_race(
            repo: AuthRepository, token_hash: str
        ) -> RefreshToken | None:
            row = await read(repo, token_hash)
            assert row is not None
            # Another request with the same token rotates it between this one's read and write.
            await repo.session.execute(
                update(RefreshToken)
                .where(RefreshToken.id == row.id)
                .values(rotated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return row

        monkeypatch.setattr(AuthRepository, "get_refresh_token", read_then_lose_the_race)
        response = await refresh_with(client, data["refresh_token"])
        monkeypatch.undo()

        _assert_401(response)
        family = (await _row(session, data["refresh_token"])).family_id
        rows = await family_tokens(session, family)
        assert len(rows) == 1 and rows[0].revoked_at is not None
        _assert_401(await client.get(ME, headers=bearer(data["access_token"])))

    async def test_reuse_leaves_other_sessions_alone(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(session, settings, await create_org(session))
        stolen = await login_ok(client, member.user.email)
        other = await login_ok(client, member.user.email)
        await refresh_with(client, stolen["refresh_token"])

        _assert_401(await refresh_with(client, stolen["refresh_token"]))

        assert (await client.get(ME, headers=bearer(other["access_token"]))).status_code == 200
        assert (await refresh_with(client, other["refresh_token"])).status_code == 200

    async def test_expired_refresh_token_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        data = await _signed_in(client, session, settings)
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.token_hash == hash_secret(data["refresh_token"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

        _assert_401(await refresh_with(client, data["refresh_token"]))

        assert (await _row(session, data["refresh_token"])).rotated_at is None

    async def test_unknown_refresh_token_is_refused(self, client: httpx.AsyncClient) -> None:
        _assert_401(await refresh_with(client, "x" * 43))

    async def test_no_refresh_token_is_refused(self, client: httpx.AsyncClient) -> None:
        _assert_401(await client.post(REFRESH))
        _assert_401(await client.post(REFRESH, json={}))

    async def test_disabled_user_cannot_refresh(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        data = await _signed_in(client, session, settings)
        row = await _row(session, data["refresh_token"])
        await session.execute(update(User).where(User.id == row.user_id).values(is_active=False))

        _assert_401(await refresh_with(client, data["refresh_token"]))


class TestCookieRefresh:
    async def _cookie_client(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> str:
        member = await create_member(session, settings, await create_org(session))
        response = await login(client, member.user.email)
        assert response.status_code == 200
        return refresh_cookie(response)

    async def test_cookie_with_csrf_header_rotates(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        old = await self._cookie_client(client, session, settings)

        response = await client.post(REFRESH, headers=CSRF)

        assert response.status_code == 200, response.text
        assert response.json()["data"]["refresh_token"] is None
        new = refresh_cookie(response)
        assert new != old
        assert client.cookies.get(REFRESH_COOKIE) == new
        assert (await client.post(REFRESH, headers=CSRF)).status_code == 200

    async def test_cookie_without_csrf_header_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        old = await self._cookie_client(client, session, settings)

        response = await client.post(REFRESH)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert (await _row(session, old)).rotated_at is None

    async def test_cookie_from_an_untrusted_origin_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        old = await self._cookie_client(client, session, settings)

        response = await client.post(REFRESH, headers={**CSRF, "Origin": "https://evil.example"})

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert (await _row(session, old)).rotated_at is None

    async def test_cookie_from_the_own_origin_is_accepted(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        await self._cookie_client(client, session, settings)

        for origin in ("https://testserver", settings.public_url):
            response = await client.post(REFRESH, headers={**CSRF, "Origin": origin})
            assert response.status_code == 200, (origin, response.text)

    async def test_body_token_needs_no_csrf_header(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        data = await _signed_in(client, session, settings)
        client.cookies.clear()

        response = await client.post(REFRESH, json={"refresh_token": data["refresh_token"]})

        assert response.status_code == 200
        assert response.json()["data"]["refresh_token"]
