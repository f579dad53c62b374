"""Sign-in with Google and GitHub, against a real OAuth provider on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.cookies import REFRESH_COOKIE
from heron.config import Settings
from heron.db import Database
from heron.models import Membership, OAuthAccount, Organization, RefreshToken, User
from tests.helpers.auth import CSRF, REFRESH, client_for
from tests.helpers.factories import create_member, create_org, create_user
from tests.helpers.oauth_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    OAuthProvider,
    Person,
    RunningProvider,
)

pytestmark = pytest.mark.anyio

OAUTH = "/api/v1/auth/oauth"
HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="session")
def oauth_server() -> Iterator[OAuthProvider]:
    with RunningProvider() as provider:
        yield provider


@pytest.fixture
def provider(oauth_server: OAuthProvider) -> OAuthProvider:
    oauth_server.reset()
    return oauth_server


@pytest.fixture
def settings(settings: Settings, provider: OAuthProvider) -> Settings:
    base = provider.base_url
    return settings.model_copy(
        update={
            "public_url": "https://testserver",
            "google_client_id": CLIENT_ID,
            "google_client_secret": CLIENT_SECRET,
            "google_metadata_url": f"{base}/.well-known/openid-configuration",
            "github_client_id": CLIENT_ID,
            "github_client_secret": CLIENT_SECRET,
            "github_authorize_url": f"{base}/authorize",
            "github_token_url": f"{base}/token",
            "github_api_url": f"{base}/",
        }
    )


async def start(client: httpx.AsyncClient, name: str = "google") -> httpx.Response:
    response = await client.get(f"{OAUTH}/{name}")
    assert response.status_code == 302, response.text
    return response


async def consent(authorize_url: str) -> str:
    """The browser at the provider: it answers with a redirect back to Heron's callback."""
    async with httpx.AsyncClient() as browser:
        response = await browser.get(authorize_url)
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in(
    client: httpx.AsyncClient, name: str = "google", **headers: str
) -> httpx.Response:
    callback = await consent((await start(client, name)).headers["location"])
    return await client.get(callback, headers=headers)


async def count(session: AsyncSession, model: type) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def assert_nothing_written(session: AsyncSession) -> None:
    assert await count(session, OAuthAccount) == 0
    assert await count(session, RefreshToken) == 0
    assert await count(session, Organization) <= 1  # the one a test arranged, if any


class TestProviders:
    async def test_lists_the_configured_providers(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{OAUTH}/providers")
        assert response.status_code == 200
        assert response.json()["data"] == [
            {"name": "google", "label": "Google"},
            {"name": "github", "label": "GitHub"},
        ]

    async def test_a_provider_without_client_id_is_not_offered(
        self, settings: Settings, db: Database
    ) -> None:
        async with client_for(settings, db, github_client_id=None) as client:
            listed = await client.get(f"{OAUTH}/providers")
            started = await client.get(f"{OAUTH}/github")
        assert [p["name"] for p in listed.json()["data"]] == ["google"]
        assert started.status_code == 404
        assert started.json()["error"]["code"] == "not_found"


class TestStart:
    async def test_redirects_to_the_provider_with_state_and_pkce(
        self, client: httpx.AsyncClient, provider: OAuthProvider
    ) -> None:
        response = await start(client)

        url = urlsplit(response.headers["location"])
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{provider.base_url}/authorize"
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert query["redirect_uri"] == f"https://testserver{OAUTH}/google/callback"
        assert query["scope"] == "openid email profile"
        assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
        assert query["state"] and query["nonce"]
        cookie = response.headers["set-cookie"]
        for part in (
            "heron_oauth=",
            "HttpOnly",
            "Secure",
            "SameSite=lax",
            f"Path={OAUTH}",
            "Max-Age=600",
        ):
            assert part in cookie

    async def test_unknown_provider_is_404(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{OAUTH}/myspace")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    async def test_unreachable_provider_is_503(self, settings: Settings, db: Database) -> None:
        dead = "http://127.0.0.1:9/.well-known/openid-configuration"
        async with client_for(settings, db, google_metadata_url=dead) as client:
            response = await client.get(f"{OAUTH}/google")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "service_unavailable"


class TestGoogleSignUp:
    async def test_creates_user_and_organization_and_the_cookie_refreshes(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        response = await sign_in(client)

        assert response.status_code == 302, response.text
        assert response.headers["location"] == "https://testserver/auth/callback"
        assert client.cookies.get(REFRESH_COOKIE)
        user = await session.scalar(select(User).where(User.email == "ada@example.com"))
        assert user is not None and user.full_name == "Ada Lovelace"
        assert user.email_verified_at is not None and user.password_hash is None
        org = await session.scalar(
            select(Organization).where(Organization.created_by_id == user.id)
        )
        assert org is not None and org.name == "Ada Lovelace's organization"
        membership = await session.scalar(select(Membership).where(Membership.user_id == user.id))
        assert membership is not None and membership.role == "owner"
        account = await session.scalar(select(OAuthAccount))
        assert account is not None and (account.provider, account.subject) == ("google", "10001")
        assert account.user_id == user.id

        refreshed = await client.post(REFRESH, headers=CSRF)
        assert refreshed.status_code == 200, refreshed.text
        data = refreshed.json()["data"]
        assert data["access_token"] and data["user"]["email"] == "ada@example.com"
        assert data["organization_id"] == str(org.id)

    async def test_second_sign_in_is_the_same_user(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        await sign_in(client)
        client.cookies.clear()

        response = await sign_in(client)

        assert response.status_code == 302 and client.cookies.get(REFRESH_COOKIE)
        assert await count(session, User) == 1
        assert await count(session, Organization) == 1
        assert await count(session, OAuthAccount) == 1
        assert await count(session, RefreshToken) == 2


class TestLinking:
    async def test_verified_email_links_the_existing_account(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        member = await create_member(
            session, settings, await create_org(session), email="ada@example.com"
        )

        response = await sign_in(client)

        assert response.status_code == 302, response.text
        account = await session.scalar(select(OAuthAccount))
        assert account is not None and account.user_id == member.user.id
        assert await count(session, User) == 1 and await count(session, Organization) == 1
        data = (await client.post(REFRESH, headers=CSRF)).json()["data"]
        assert data["user"]["id"] == str(member.user.id)
        assert data["organization_id"] == str(member.org.id)

    async def test_unverified_provider_email_never_takes_over_an_account(
        self, client: httpx.AsyncClient, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        await create_user(session, email="ada@example.com")
        provider.person = Person(email_verified=False)

        response = await sign_in(client)

        assert response.status_code == 409
        assert response.json()["error"]["code"] == "conflict"
        assert "has not verified" in response.json()["error"]["message"]
        assert client.cookies.get(REFRESH_COOKIE) is None
        assert await count(session, User) == 1
        await assert_nothing_written(session)

    async def test_a_browser_is_sent_back_to_sign_in_with_the_error(
        self, client: httpx.AsyncClient, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        await create_user(session, email="ada@example.com")
        provider.person = Person(email_verified=False)

        response = await sign_in(client, **HTML)

        assert response.status_code == 302
        assert response.headers["location"] == "https://testserver/sign-in?error=conflict"
        assert REFRESH_COOKIE not in response.headers.get("set-cookie", "")
        await assert_nothing_written(session)

    async def test_an_unconfirmed_heron_account_is_not_linked(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        # Whoever registered the address never proved it; linking would let them in too.
        await create_user(session, email="ada@example.com", email_verified_at=None)

        response = await sign_in(client)

        assert response.status_code == 409
        assert "Reset its password" in response.json()["error"]["message"]
        await assert_nothing_written(session)

    async def test_a_disabled_account_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        await create_user(session, email="ada@example.com", is_active=False)

        response = await sign_in(client)

        assert response.status_code == 401
        await assert_nothing_written(session)


class TestStateAndPkce:
    async def test_callback_without_the_flow_cookie_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        callback = await consent((await start(client)).headers["location"])
        client.cookies.clear()

        response = await client.get(callback)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "state"]
        assert provider.token_requests == []  # the code was never even exchanged
        assert await count(session, User) == 0

    async def test_tampered_state_is_refused(
        self, client: httpx.AsyncClient, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        callback = httpx.URL(await consent((await start(client)).headers["location"]))

        response = await client.get(callback.copy_set_param("state", "forged"), headers=HTML)

        assert response.status_code == 302
        assert response.headers["location"] == "https://testserver/sign-in?error=validation_error"
        assert provider.token_requests == []
        assert await count(session, User) == 0

    async def test_an_injected_code_fails_pkce_at_the_provider(
        self, client: httpx.AsyncClient, app: object, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        # The attacker's own code (bound to their PKCE challenge) pasted into the victim's flow.
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(
            transport=transport, base_url="https://testserver"
        ) as attacker:
            stolen = httpx.URL(await consent((await start(attacker)).headers["location"]))
        victims = httpx.URL(await consent((await start(client)).headers["location"]))

        response = await client.get(victims.copy_set_param("code", stolen.params["code"]))

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["query", "code"]
        assert len(provider.token_requests) == 1 and provider.token_requests[0]["code_verifier"]
        assert await count(session, User) == 0
        await assert_nothing_written(session)


class TestGitHub:
    async def test_signs_up_with_the_primary_verified_email(
        self, client: httpx.AsyncClient, session: AsyncSession, provider: OAuthProvider
    ) -> None:
        provider.person = Person(subject="424242", email="grace@example.com", name="Grace Hopper")

        response = await sign_in(client, "github")

        assert response.status_code == 302, response.text
        assert provider.authorize_requests[0]["scope"] == "read:user user:email"
        assert provider.token_requests[0]["client_secret"] == CLIENT_SECRET
        user = await session.scalar(select(User))
        assert user is not None and user.email == "grace@example.com" and user.email_verified
        account = await session.scalar(select(OAuthAccount))
        assert account is not None and (account.provider, account.subject) == ("github", "424242")
        assert (await client.post(REFRESH, headers=CSRF)).status_code == 200

    async def test_unverified_primary_email_creates_no_account(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        provider: OAuthProvider,
    ) -> None:
        """Otherwise its maker could keep signing in with GitHub after the real owner of the
        address claims it with a password reset."""
        provider.person = Person(subject="7", email="linus@example.com", email_verified=False)

        response = await sign_in(client, "github")

        assert response.status_code == 422, response.text
        assert "has not verified linus@example.com" in response.json()["error"]["message"]
        assert await count(session, User) == 0
        assert await count(session, OAuthAccount) == 0
