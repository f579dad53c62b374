"""The refresh-token cookie, and the CSRF defence for requests that it authenticates."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request, Response

from heron.config import Settings
from heron.kit.errors import PermissionDenied

REFRESH_COOKIE = "heron_refresh"
COOKIE_PATH = "/api/v1/auth"
CSRF_HEADER = "X-Heron-CSRF"


def set_refresh_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        token,
        max_age=settings.refresh_token_days * 86400,
        path=COOKIE_PATH,
        httponly=True,
        secure=True,
        samesite="strict",
    )


def clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(
        REFRESH_COOKIE, path=COOKIE_PATH, httponly=True, secure=True, samesite="strict"
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_csrf(request: Request, settings: Settings) -> None:
    """A cookie-authenticated request must carry ``X-Heron-CSRF`` (a header other sites cannot
    send without a CORS preflight we refuse) and, if the browser says where it comes from, come
    from Heron's own origin or a configured one."""
    if request.headers.get(CSRF_HEADER) is None:
        raise PermissionDenied(f"Requests authenticated by cookie need the {CSRF_HEADER} header.")
    origin = request.headers.get("origin")
    if origin is None:
        return
    allowed = {_origin(settings.public_url), *(_origin(o) for o in settings.cors_origins)}
    allowed.add(_origin(str(request.base_url)))
    if origin.lower() not in allowed:
        raise PermissionDenied("This request comes from an origin Heron does not trust.")
