"""Sign-in with Google and GitHub: the providers (through Authlib) and linking their identities
to Heron accounts.

A provider identity signs in the user it is linked to. Otherwise it is linked to the account with
the same e-mail only when the provider has verified that address, because anyone can open a
GitHub account with someone else's unverified address; with no such account, a new user and
their organization are created.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
from joserfc.errors import JoseError
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import Response

from heron.auth.repository import AuthRepository
from heron.auth.service import AuthService, ClientInfo, IssuedTokens
from heron.config import Settings
from heron.db import Transaction
from heron.kit import tenancy
from heron.kit.errors import (
    Conflict,
    NotFound,
    ServiceUnavailable,
    Unauthenticated,
    ValidationFailed,
)
from heron.kit.schemas import Schema
from heron.models import OAuthAccount, User
from heron.models.base import utcnow
from heron.orgs.service import create_organization

try:  # the HTTP client Authlib talks through: httpx2 when installed, else httpx
    import httpx2 as provider_http
except ImportError:  # pragma: no cover
    import httpx as provider_http  # type: ignore[no-redef]

LABELS = {"google": "Google", "github": "GitHub"}
PROVIDER_TIMEOUT = 10.0


class OAuthProviderOut(Schema):
    name: str
    label: str


@dataclass(frozen=True)
class Identity:
    """A person as a provider describes them."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str


class Providers:
    """The providers whose client ids are configured, as Authlib clients."""

    def __init__(self, settings: Settings) -> None:
        self.oauth = OAuth()
        common = {"code_challenge_method": "S256", "timeout": PROVIDER_TIMEOUT}
        if settings.google_client_id:
            self.oauth.register(
                "google",
                client_id=settings.google_client_id,
                client_secret=settings.google_client_secret,
                server_metadata_url=settings.google_metadata_url,
                client_kwargs={**common, "scope": "openid email profile"},
            )
        if settings.github_client_id:
            self.oauth.register(
                "github",
                client_id=settings.github_client_id,
                client_secret=settings.github_client_secret,
                authorize_url=settings.github_authorize_url,
                access_token_url=settings.github_token_url,
                api_base_url=settings.github_api_url,
                client_kwargs={
                    **common,
                    "scope": "read:user user:email",
                    "token_endpoint_auth_method": "client_secret_post",
                },
            )

    def names(self) -> list[str]:
        return [name for name in LABELS if self.oauth.create_client(name) is not None]

    def client(self, name: str) -> StarletteOAuth2App:
        client = self.oauth.create_client(name) if name in LABELS else None
        if client is None:
            raise NotFound("This sign-in provider is not available.")
        return client

    async def start(self, request: Request, name: str, redirect_uri: str) -> Response:
        """The redirect to the provider; Authlib puts state, nonce and verifier in the session."""
        client = self.client(name)
        try:
            response: Response = await client.authorize_redirect(request, redirect_uri)
        except provider_http.HTTPError:  # Google's discovery document
            raise _unavailable(name) from None
        return response

    async def identity(self, request: Request, name: str) -> Identity:
        """Check the state, exchange the code (with the PKCE verifier) and read who signed in.

        Authlib finds state, nonce and verifier in ``request.session``."""
        client = self.client(name)
        label = LABELS[name]
        try:
            token = await client.authorize_access_token(request)
            if name == "google":
                return _google_identity(token)
            return await _github_identity(client, token)
        except MismatchingStateError:
            raise ValidationFailed.field(
                ("query", "state"), "This sign-in has expired or was not started here. Start again."
            ) from None
        except provider_http.HTTPError:
            raise _unavailable(name) from None
        except (AuthlibBaseError, JoseError, AttributeError, KeyError, TypeError, ValueError):
            raise ValidationFailed.field(
                ("query", "code"), f"{label} did not complete the sign-in. Start again."
            ) from None


def _unavailable(name: str) -> ServiceUnavailable:
    return ServiceUnavailable(f"{LABELS[name]} could not be reached. Try again in a moment.")


def _google_identity(token: dict[str, Any]) -> Identity:
    # Authlib has checked the ID token's signature (JWKS), issuer, audience, expiry and nonce.
    claims = token["userinfo"]
    email = claims.get("email")
    return Identity(
        provider="google",
        subject=str(claims["sub"]),
        email=email.lower() if email else None,
        email_verified=claims.get("email_verified") is True,
        name=claims.get("name") or "",
    )


async def _github_identity(client: StarletteOAuth2App, token: dict[str, Any]) -> Identity:
    profile = (await client.get("user", token=token)).raise_for_status().json()
    emails = (await client.get("user/emails", token=token)).raise_for_status().json()
    primary = next((e for e in emails if e.get("primary")), None)
    return Identity(
        provider="github",
        subject=str(profile["id"]),
        email=primary["email"].lower() if primary else None,
        email_verified=bool(primary and primary.get("verified") is True),
        name=profile.get("name") or profile.get("login") or "",
    )


class OAuthService:
    def __init__(self, tx: Transaction, settings: Settings) -> None:
        self.session = tx.session
        self.repo = AuthRepository(tx.session)
        self.auth = AuthService(tx, settings)

    async def sign_in(self, identity: Identity, client: ClientInfo) -> IssuedTokens:
        """Start a session for the person behind ``identity``, linking or creating their account.

        Every refusal happens before anything is written."""
        account = await self.repo.get_oauth_account(identity.provider, identity.subject)
        if account is not None:
            user = await self.repo.get_user(account.user_id)
        else:
            user = await self._user_to_link(identity)
        if user is None:
            return await self._sign_up(identity, client)
        if not user.is_active:
            raise Unauthenticated(
                "This account is disabled. Ask an administrator of your organization."
            )
        if account is None:
            await self._link(user, identity)
        user.last_login_at = utcnow()
        await tenancy.enter(self.session, None, user.id)
        first = await self.repo.first_membership(user.id)
        return await self.auth.start_session(user, first.org_id if first else None, client)

    async def _user_to_link(self, identity: Identity) -> User | None:
        label = LABELS[identity.provider]
        if not identity.email:
            raise ValidationFailed.field(
                ("query", "code"), f"{label} did not share an e-mail address with Heron."
            )
        user = await self.repo.get_user_by_email(identity.email)
        if user is not None and not identity.email_verified:
            raise Conflict(
                f"An account already uses {identity.email}, and {label} has not verified that "
                f"this address is yours. Sign in with your password, or verify the address at "
                f"{label} and try again."
            )
        if user is not None and user.email_verified_at is None:
            # Someone may have registered this address without owning it: linking would hand
            # the real owner an account another person holds the password of.
            raise Conflict(
                f"An account already uses {identity.email} but has not confirmed it. Reset its "
                f"password from the sign-in page, then sign in with {label}."
            )
        return user

    async def _link(self, user: User, identity: Identity) -> None:
        await self.repo.add(
            OAuthAccount(
                user_id=user.id,
                provider=identity.provider,
                subject=identity.subject,
                email=identity.email,
            )
        )

    async def _sign_up(self, identity: Identity, client: ClientInfo) -> IssuedTokens:
        assert identity.email is not None  # _user_to_link refused identities without one
        if not identity.email_verified:
            # An account made from an unverified address would let its maker keep signing in
            # with the provider after the address's real owner claims it.
            label = LABELS[identity.provider]
            raise ValidationFailed.field(
                ("query", "code"),
                f"{label} has not verified {identity.email}. Verify it at {label}, or sign up "
                "with your e-mail and a password.",
            )
        name = (identity.name or identity.email.split("@")[0])[:180]
        try:
            # A savepoint, so a concurrent first sign-in leaves this transaction usable.
            async with self.session.begin_nested():
                user = User(
                    email=identity.email,
                    full_name=name,
                    password_hash=None,
                    email_verified_at=utcnow() if identity.email_verified else None,
                    last_login_at=utcnow(),
                )
                await self.repo.add(user)
                org, _ = await create_organization(self.session, user, f"{name}'s organization")
                await self._link(user, identity)
        except IntegrityError:
            raise Conflict("This account was just created by another sign-in. Try again.") from None
        if not identity.email_verified:
            await self.auth.send_verification(user)
        return await self.auth.start_session(user, org.id, client)
