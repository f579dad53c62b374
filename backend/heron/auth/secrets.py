"""Passwords, opaque secrets and access tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from heron.config import Settings
from heron.models.base import utcnow

ACCESS_AUDIENCE = "heron-api"
ACCESS_ISSUER = "heron"
API_KEY_PREFIX = "hrn_"

# argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane): strong, and quick enough
# that sign-ins on a 2-core server do not queue. Stored hashes with other parameters are
# re-hashed at the next sign-in.
_password_hash = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19456, parallelism=1),))
# Verifying against this when no user matches keeps the answer time the same either way.
_DUMMY_HASH = _password_hash.hash("heron-dummy-password")


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Check a password; also return a new hash when the stored one uses older parameters."""
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False, None
    return _password_hash.verify_and_update(password, password_hash)


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """Secrets with 256 bits of entropy need no salt or stretching: SHA-256 is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    org_id: uuid.UUID | None
    issued_at: datetime


def create_access_token(
    settings: Settings, *, user_id: uuid.UUID, session_id: uuid.UUID, org_id: uuid.UUID | None
) -> tuple[str, int]:
    now = utcnow()
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims = {
        "iss": ACCESS_ISSUER,
        "aud": ACCESS_AUDIENCE,
        "typ": "access",
        "sub": str(user_id),
        "sid": str(session_id),
        "org": str(org_id) if org_id else None,
        "iat": now,
        "exp": now + lifetime,
        "jti": secrets.token_hex(8),
    }
    token = jwt.encode(claims, settings.secret_key, algorithm="HS256")
    return token, int(lifetime.total_seconds())


# Tokens already verified (signature, audience, issuer, type), by key and token: a client sends
# the same token on every request until it refreshes it, and verifying it again (HMAC, base64,
# JSON) was 0.2-0.3 ms of a request's CPU in a served process. A kept token is still refused
# once it expires; only valid tokens are kept; past MAX_VERIFIED the memo starts again.
MAX_VERIFIED = 10_000
_verified: dict[tuple[str, str], tuple[AccessClaims, float]] = {}


def decode_access_token(settings: Settings, token: str) -> AccessClaims | None:
    """The claims of a valid access token, or None for anything else (expired, tampered, ...)."""
    key = (settings.secret_key, token)
    kept = _verified.get(key)
    if kept is not None:
        claims, expires = kept
        if time.time() < expires:
            return claims
        _verified.pop(key, None)
        return None
    found = _verified_claims(settings, token)
    if found is None:
        return None
    if len(_verified) >= MAX_VERIFIED:
        _verified.clear()
    _verified[key] = found
    return found[0]


def _verified_claims(settings: Settings, token: str) -> tuple[AccessClaims, float] | None:
    """The claims of a valid token and when it expires (seconds since the epoch)."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=["HS256"],
            audience=ACCESS_AUDIENCE,
            issuer=ACCESS_ISSUER,
            options={"require": ["exp", "iat", "sub", "sid", "aud", "iss", "typ"]},
        )
        if claims.get("typ") != "access":
            return None
        org = claims.get("org")
        found = AccessClaims(
            user_id=uuid.UUID(claims["sub"]),
            session_id=uuid.UUID(claims["sid"]),
            org_id=uuid.UUID(org) if org else None,
            issued_at=datetime.fromtimestamp(claims["iat"], tz=UTC),
        )
        return found, float(claims["exp"])
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None
