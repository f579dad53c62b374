"""Sign-up, sign-in, sessions, passwords and e-mail verification."""

from __future__ import annotations

from fastapi import Depends, Request, Response, status

from heron.auth.access import Public, SignedIn
from heron.auth.cookies import REFRESH_COOKIE, check_csrf, clear_refresh_cookie, set_refresh_cookie
from heron.auth.schemas import (
    ChangePasswordIn,
    ForgotPasswordIn,
    LoginIn,
    LogoutIn,
    Message,
    RefreshIn,
    RegisterIn,
    ResetPasswordIn,
    SwitchIn,
    TokenOut,
    VerifyEmailIn,
)
from heron.auth.service import AuthService, ClientInfo, IssuedTokens
from heron.config import Settings
from heron.db import Transaction
from heron.kit.envelope import Envelope
from heron.kit.errors import Unauthenticated
from heron.kit.ratelimit import RateLimiter
from heron.kit.routing import domain_router, get_tx
from heron.kit.subject import UserSubject
from heron.users.schemas import UserOut

router = domain_router("/auth", "auth")


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_settings_dep(request: Request) -> Settings:
    return settings_of(request)


async def get_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.limiter
    return limiter


async def get_service(request: Request, tx: Transaction = Depends(get_tx)) -> AuthService:
    return AuthService(tx, request.app.state.settings)


def client_info(request: Request) -> ClientInfo:
    """The device a session is started from, shown in the list of sessions."""
    return ClientInfo(
        user_agent=request.headers.get("user-agent"),
        ip=request.client.host if request.client else None,
    )


def _ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def token_answer(
    issued: IssuedTokens, response: Response, settings: Settings, in_body: bool
) -> Envelope[TokenOut]:
    """The answer of every sign-in: refresh cookie set, refresh token also in the body if asked."""
    if issued.refresh_token:
        set_refresh_cookie(response, settings, issued.refresh_token)
    return Envelope[TokenOut](
        data=TokenOut(
            access_token=issued.access_token,
            token_type="bearer",
            expires_in=issued.expires_in,
            refresh_token=issued.refresh_token if in_body and issued.refresh_token else None,
            organization_id=issued.org_id,
            user=UserOut.model_validate(issued.user),
        )
    )


@router.post(
    "/register",
    response_model=Envelope[TokenOut],
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(Public())],
)
async def register(
    body: RegisterIn,
    request: Request,
    response: Response,
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
    limiter: RateLimiter = Depends(get_limiter),
) -> Envelope[TokenOut]:
    """Sign up: creates the person, their organization (they become its Owner) and a session.
    A confirmation link is e-mailed. 409 when an account already uses the address."""
    await limiter.hit(settings.rate_limit_register_ip, "register-ip", _ip(request))
    issued = await service.register(
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        organization_name=body.organization_name,
        client=client_info(request),
    )
    return token_answer(issued, response, settings, body.refresh_in_body)


@router.post("/login", response_model=Envelope[TokenOut], dependencies=[Depends(Public())])
async def login(
    body: LoginIn,
    request: Request,
    response: Response,
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
    limiter: RateLimiter = Depends(get_limiter),
) -> Envelope[TokenOut]:
    """Sign in with e-mail and password. The access token (15 minutes) is in the body; the
    refresh token is set as an HttpOnly cookie (and in the body with `refresh_in_body`). 401
    for a wrong e-mail or password (one answer for both) or a disabled account; 403 when
    `organization_id` names an organization you are not a member of."""
    await limiter.hit(settings.rate_limit_login_ip, "login-ip", _ip(request))
    await limiter.hit(settings.rate_limit_login_account, "login-account", body.email)
    issued = await service.login(
        email=body.email,
        password=body.password,
        organization_id=body.organization_id,
        client=client_info(request),
    )
    return token_answer(issued, response, settings, body.refresh_in_body)


@router.post("/refresh", response_model=Envelope[TokenOut], dependencies=[Depends(Public())])
async def refresh(
    request: Request,
    response: Response,
    body: RefreshIn | None = None,
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
) -> Envelope[TokenOut]:
    """Exchange a refresh token (the cookie, or `refresh_token` in the body) for a new access
    token and a new refresh token (rotation). 401 when the token is unknown, expired or
    revoked; a refresh token presented twice ends its whole session (401 too)."""
    in_body = body is not None and body.refresh_token is not None
    if in_body:
        secret = body.refresh_token if body else None
    else:
        secret = request.cookies.get(REFRESH_COOKIE)
        if secret:
            check_csrf(request, settings)
    if not secret:
        raise Unauthenticated("No refresh token was sent.")
    issued = await service.refresh(secret, client_info(request))
    return token_answer(issued, response, settings, in_body)


@router.post("/logout", response_model=Envelope[Message])
async def logout(
    response: Response,
    body: LogoutIn | None = None,
    me: UserSubject = Depends(SignedIn()),
    service: AuthService = Depends(get_service),
) -> Envelope[Message]:
    """Sign out this session, or every session with `all_devices`. Takes effect on the next
    request made with any of their tokens."""
    await service.logout(me, all_devices=bool(body and body.all_devices))
    clear_refresh_cookie(response)
    return Envelope[Message](data=Message(message="Signed out."))


@router.post("/switch", response_model=Envelope[TokenOut])
async def switch_organization(
    body: SwitchIn,
    response: Response,
    me: UserSubject = Depends(SignedIn()),
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
) -> Envelope[TokenOut]:
    """Work in another of your organizations: a new access token for it, same session.
    (Sending `X-Heron-Org` on each request does the same without a new token.) 403 when you
    are not a member of that organization."""
    issued = await service.switch_organization(me, body.organization_id)
    return token_answer(issued, response, settings, False)


@router.post(
    "/password/forgot",
    response_model=Envelope[Message],
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Depends(Public())],
)
async def forgot_password(
    body: ForgotPasswordIn,
    request: Request,
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
    limiter: RateLimiter = Depends(get_limiter),
) -> Envelope[Message]:
    """E-mail a password-reset link. The answer is the same whether the address has an account."""
    await limiter.hit(settings.rate_limit_reset_ip, "reset-ip", _ip(request))
    await limiter.hit(settings.rate_limit_reset_account, "reset-account", body.email)
    await service.forgot_password(body.email)
    return Envelope[Message](
        data=Message(message="If an account uses this address, a reset link is on its way.")
    )


@router.post("/password/reset", response_model=Envelope[Message], dependencies=[Depends(Public())])
async def reset_password(
    body: ResetPasswordIn,
    request: Request,
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
    limiter: RateLimiter = Depends(get_limiter),
) -> Envelope[Message]:
    """Choose a new password with the e-mailed token. Every session of the account ends.
    422 at `token` when the link is unknown, used or expired."""
    await limiter.hit(settings.rate_limit_reset_ip, "reset-ip", _ip(request))
    await service.reset_password(body.token, body.new_password)
    return Envelope[Message](data=Message(message="Your password was changed. Sign in with it."))


@router.post("/password/change", response_model=Envelope[Message])
async def change_password(
    body: ChangePasswordIn,
    me: UserSubject = Depends(SignedIn()),
    service: AuthService = Depends(get_service),
    settings: Settings = Depends(get_settings_dep),
    limiter: RateLimiter = Depends(get_limiter),
) -> Envelope[Message]:
    """Change your password; your other sessions are signed out. 422 at `current_password`
    when it is wrong."""
    # Limited like sign-in: a stolen access token must not become a password-guessing oracle.
    await limiter.hit(settings.rate_limit_login_account, "password-change", str(me.user_id))
    await service.change_password(me, body.current_password, body.new_password)
    return Envelope[Message](data=Message(message="Your password was changed."))


@router.post("/verify-email", response_model=Envelope[UserOut], dependencies=[Depends(Public())])
async def verify_email(
    body: VerifyEmailIn, service: AuthService = Depends(get_service)
) -> Envelope[UserOut]:
    """Confirm an e-mail address with the token from the confirmation link. 422 at `token`
    when the link is unknown, used or expired."""
    user = await service.verify_email(body.token)
    return Envelope[UserOut](data=UserOut.model_validate(user))


@router.post(
    "/verify-email/resend", response_model=Envelope[Message], status_code=status.HTTP_202_ACCEPTED
)
async def resend_verification(
    me: UserSubject = Depends(SignedIn()), service: AuthService = Depends(get_service)
) -> Envelope[Message]:
    """Send the confirmation link again (nothing happens once the address is confirmed)."""
    await service.resend_verification(me)
    return Envelope[Message](
        data=Message(message="If your address is not yet confirmed, a new link is on its way.")
    )
