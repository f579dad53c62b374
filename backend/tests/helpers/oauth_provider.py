"""A real OAuth 2 / OpenID Connect provider on loopback, for sign-in tests.

It speaks both dialects Heron uses: Google's (OIDC discovery, an RS256 ID token checked against
the published JWKS) and GitHub's (``/user`` and ``/user/emails``). Codes are single-use and bound
to the client, the redirect URI and the PKCE challenge, as a real provider binds them.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "heron-test-client"
CLIENT_SECRET = "heron-test-client-secret"


@dataclass
class Person:
    """Who signs in at the provider."""

    subject: str = "10001"
    email: str | None = "ada@example.com"
    email_verified: bool = True
    name: str = "Ada Lovelace"
    login: str = "ada"


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    scope: str
    person: Person


@dataclass
class OAuthProvider:
    base_url: str = ""
    person: Person = field(default_factory=Person)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    _grants: dict[str, Grant] = field(default_factory=dict)
    _tokens: dict[str, Person] = field(default_factory=dict)

    def reset(self) -> None:
        self.person = Person()
        self.authorize_requests.clear()
        self.token_requests.clear()
        self._grants.clear()
        self._tokens.clear()

    # The endpoints
    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.base_url,
                "authorization_endpoint": f"{self.base_url}/authorize",
                "token_endpoint": f"{self.base_url}/token",
                "userinfo_endpoint": f"{self.base_url}/userinfo",
                "jwks_uri": f"{self.base_url}/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        """Signs ``person`` in at once and sends the browser back with a code."""
        q = dict(request.query_params)
        self.authorize_requests.append(q)
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE"}, 400)
        code = secrets.token_urlsafe(16)
        self._grants[code] = Grant(
            CLIENT_ID,
            q["redirect_uri"],
            q["code_challenge"],
            q.get("nonce"),
            q.get("scope", ""),
            self.person,
        )
        back = {"code": code, **({"state": q["state"]} if "state" in q else {})}
        return RedirectResponse(f"{q['redirect_uri']}?{urlencode(back)}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        client_id, client_secret = _client_credentials(request, form)
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self._grants.pop(form.get("code", ""), None)
        if grant is None or grant.redirect_uri != form.get("redirect_uri"):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if _s256(form.get("code_verifier", "")) != grant.code_challenge:
            return JSONResponse({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        access = secrets.token_urlsafe(16)
        self._tokens[access] = grant.person
        body: dict[str, Any] = {"access_token": access, "token_type": "Bearer", "expires_in": 3600}
        if "openid" in grant.scope.split():
            body["id_token"] = self._id_token(grant)
        return JSONResponse(body)

    async def userinfo(self, request: Request) -> Response:
        person = self._bearer(request)
        return JSONResponse(_claims(person)) if person else _unauthorized()

    async def github_user(self, request: Request) -> Response:
        person = self._bearer(request)
        if person is None:
            return _unauthorized()
        return JSONResponse({"id": int(person.subject), "login": person.login, "name": person.name})

    async def github_emails(self, request: Request) -> Response:
        person = self._bearer(request)
        if person is None:
            return _unauthorized()
        emails = [{"email": "old-address@example.org", "primary": False, "verified": True}]
        if person.email:
            emails.append(
                {"email": person.email, "primary": True, "verified": person.email_verified}
            )
        return JSONResponse(emails)

    # Helpers
    def _id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            **_claims(grant.person),
            "iss": self.base_url,
            "aud": grant.client_id,
            "iat": now,
            "exp": now + 300,
            **({"nonce": grant.nonce} if grant.nonce else {}),
        }
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)

    def _bearer(self, request: Request) -> Person | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return self._tokens.get(token) if scheme.lower() == "bearer" else None

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/userinfo", self.userinfo),
                Route("/user", self.github_user),
                Route("/user/emails", self.github_emails),
            ]
        )


def _claims(person: Person) -> dict[str, Any]:
    return {
        "sub": person.subject,
        "email": person.email,
        "email_verified": person.email_verified,
        "name": person.name,
    }


def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str | None, str | None]:
    """client_secret_basic or client_secret_post, as real providers accept both."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        client_id, _, secret = base64.b64decode(value).decode().partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _unauthorized() -> Response:
    return JSONResponse({"message": "Bad credentials"}, status_code=401)


class RunningProvider:
    """The provider served by uvicorn in a background thread on 127.0.0.1 (a free port)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.provider = OAuthProvider(base_url=f"http://127.0.0.1:{self.sock.getsockname()[1]}")
        config = uvicorn.Config(self.provider.app(), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> OAuthProvider:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test OAuth provider did not start")
            time.sleep(0.01)
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
