"""Sign-in with Google and GitHub (OAuth 2 authorization code flow with PKCE).

Authlib keeps each flow's state, nonce and PKCE verifier in ``request.session``. Heron has no
session middleware, so here that session is a signed, HttpOnly cookie that lives only for one
sign-in (ten minutes) and is sent only to these routes. It is ``SameSite=Lax`` because the
provider sends the browser back with a cross-site navigation.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request, Response, status
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from heron.auth.access import Public
from heron.auth.cookies import set_refresh_cookie
from heron.auth.endpoints import client_info, get_settings_dep
from heron.auth.oauth import LABELS, OAuthProviderOut, OAuthService, Providers
from heron.config import Settings
from heron.db import Transaction
from heron.kit.envelope import Envelope, ErrorEnvelope
from heron.kit.errors import HeronError
from heron.kit.routing import domain_router, get_tx, writes

router = domain_router("/auth/oauth", "auth")

FLOW_COOKIE = "heron_oauth"
FLOW_PATH = "/api/v1/auth/oauth"
FLOW_MAX_AGE = 600

_REDIRECT: dict[int | str, dict[str, Any]] = {
    302: {"description": "Redirects the browser (see the description)."}
}
_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorEnvelope, "description": "The provider could not be reached."}
}


async def get_providers(request: Request) -> Providers:
    """Built once per app, so the discovery document and signing keys are fetched once."""
    providers: Providers | None = getattr(request.app.state, "oauth_providers", None)
    if providers is None:
        providers = Providers(request.app.state.settings)
        request.app.state.oauth_providers = providers
    return providers


def _flow_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="heron.oauth-flow")


def _open_flow(request: Request, settings: Settings) -> None:
    data: Any = {}
    raw = request.cookies.get(FLOW_COOKIE)
    if raw:
        try:
            data = _flow_serializer(settings).loads(raw, max_age=FLOW_MAX_AGE)
        except BadSignature:  # also an expired one
            data = {}
    request.scope["session"] = data if isinstance(data, dict) else {}


def _save_flow(request: Request, response: Response, settings: Settings) -> None:
    response.set_cookie(
        FLOW_COOKIE,
        _flow_serializer(settings).dumps(request.session),
        max_age=FLOW_MAX_AGE,
        path=FLOW_PATH,
        httponly=True,
        secure=True,
        samesite="lax",
    )


def _web_url(settings: Settings, path: str) -> str:
    return settings.public_url.rstrip("/") + path


@router.get(
    "/providers", response_model=Envelope[list[OAuthProviderOut]], dependencies=[Depends(Public())]
)
async def list_oauth_providers(
    providers: Providers = Depends(get_providers),
) -> Envelope[list[OAuthProviderOut]]:
    """The providers you can sign in with on this server: those whose client ids are
    configured (`google`, `github`)."""
    return Envelope[list[OAuthProviderOut]](
        data=[OAuthProviderOut(name=name, label=LABELS[name]) for name in providers.names()]
    )


@router.get(
    "/{provider}",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses={**_REDIRECT, **_UNAVAILABLE},
    dependencies=[Depends(Public())],
)
async def start_oauth(
    provider: str,
    request: Request,
    providers: Providers = Depends(get_providers),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    """Sign in with `google` or `github`: redirects the browser to the provider with a state
    and a PKCE challenge (S256), which a short-lived HttpOnly cookie remembers. A provider that
    is not configured is 404."""
    _open_flow(request, settings)
    redirect_uri = _web_url(settings, f"{FLOW_PATH}/{provider}/callback")
    response = await providers.start(request, provider, redirect_uri)
    _save_flow(request, response, settings)
    return response


@router.get(
    "/{provider}/callback",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses={**_REDIRECT, **_UNAVAILABLE},
    dependencies=[Depends(Public())],
)
@writes
async def finish_oauth(
    provider: str,
    request: Request,
    providers: Providers = Depends(get_providers),
    settings: Settings = Depends(get_settings_dep),
    tx: Transaction = Depends(get_tx),
) -> Response:
    """Where the provider sends the browser back. The state and PKCE verifier are checked, then
    the identity signs in its linked account, is linked to the account with the same e-mail
    (only when the provider has verified that address), or becomes a new account with its own
    organization. On success the refresh cookie is set and the browser goes to
    `{public_url}/auth/callback`, where the web app calls `POST /auth/refresh` for its access
    token: no token travels in a URL. On failure a browser (`Accept: text/html`) goes to
    `{public_url}/sign-in?error=<code>` with the code other clients get in the error envelope:
    `validation_error` (expired or foreign state, the provider refused), `conflict` (the e-mail
    belongs to an account the provider cannot vouch for), `unauthenticated` (account disabled),
    `service_unavailable`, `not_found`."""
    _open_flow(request, settings)
    try:
        identity = await providers.identity(request, provider)
        issued = await OAuthService(tx, settings).sign_in(identity, client_info(request))
    except HeronError as exc:
        if "text/html" not in request.headers.get("accept", ""):
            raise
        # Every refusal comes before any write, so nothing is stored with this answer.
        response = RedirectResponse(_web_url(settings, f"/sign-in?error={exc.code}"), 302)
    else:
        response = RedirectResponse(_web_url(settings, "/auth/callback"), 302)
        set_refresh_cookie(response, settings, issued.refresh_token)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH, secure=True, httponly=True, samesite="lax")
    return response
