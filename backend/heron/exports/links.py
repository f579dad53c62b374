"""Download links of export files: signed, expiring, for one person in one organization.

A link is a JWT (HS256, the server's secret, its own audience, so it is never taken for an
access token) naming the file inside the organization, the person it was made for, the right
it needs (the export right of a record kind, or the organization's) and when it expires. It is
the credential itself, so browsers can follow it; when followed, the person must still be a
member whose role holds that right, and the file must still be there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from heron.config import Settings
from heron.models.base import utcnow

AUDIENCE = "heron-download"
ISSUER = "heron"
EXPIRED = "This download link has expired: ask for a new one where you started the export."
INVALID = "This download link is not valid."


@dataclass(frozen=True)
class Link:
    org_id: uuid.UUID
    user_id: uuid.UUID
    file: str  # the file's name inside the organization (file store)
    filename: str  # what the browser saves it as
    media_type: str
    resource: str  # whose export right the person needs: "contact", "organization", ...
    expires_at: datetime


class LinkRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sign(settings: Settings, link: Link) -> str:
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "typ": "download",
        "sub": str(link.user_id),
        "org": str(link.org_id),
        "file": link.file,
        "name": link.filename,
        "mt": link.media_type,
        "res": link.resource,
        "iat": utcnow(),
        "exp": link.expires_at,
    }
    return jwt.encode(claims, settings.secret_key, algorithm="HS256")


def make(
    settings: Settings,
    *,
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    file: str,
    filename: str,
    media_type: str,
    resource: str,
) -> tuple[str, datetime]:
    """A new link's token and its expiry (``download_link_minutes`` from now)."""
    expires = utcnow() + timedelta(minutes=settings.download_link_minutes)
    link = Link(
        org_id, user_id, file, filename, media_type, resource, expires.replace(microsecond=0)
    )
    return sign(settings, link), link.expires_at


def url(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/downloads/{token}"


def verify(settings: Settings, token: str) -> Link:
    """The link ``token`` stands for; ``LinkRefused`` when it expired or is not genuine."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "org", "aud", "iss", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        raise LinkRefused(EXPIRED) from None
    except jwt.PyJWTError:
        raise LinkRefused(INVALID) from None
    try:
        if claims["typ"] != "download":
            raise LinkRefused(INVALID)
        return Link(
            org_id=uuid.UUID(claims["org"]),
            user_id=uuid.UUID(claims["sub"]),
            file=str(claims["file"]),
            filename=str(claims["name"]),
            media_type=str(claims["mt"]),
            resource=str(claims["res"]),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
        )
    except (KeyError, ValueError, TypeError):
        raise LinkRefused(INVALID) from None
