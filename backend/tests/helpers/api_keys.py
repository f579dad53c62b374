"""API keys for tests: a row in the database and the secret that opens it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from heron.auth.secrets import API_KEY_PREFIX, hash_secret, new_secret
from heron.models import ApiKey, Organization, User


@dataclass
class Key:
    row: ApiKey
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


async def create_api_key(
    session: AsyncSession,
    org: Organization,
    creator: User | None,
    role: str = "owner",
    **overrides: object,
) -> Key:
    """A key of ``org`` made by ``creator`` with ``role`` (``overrides`` set any column)."""
    secret = new_secret(API_KEY_PREFIX)
    values: dict[str, object] = {
        "org_id": org.id,
        "name": f"{role} key",
        "prefix": secret[:12],
        "key_hash": hash_secret(secret),
        "role": role,
        "created_by_id": creator.id if creator else None,
    }
    values.update(overrides)
    row = ApiKey(**values)
    session.add(row)
    await session.flush()
    return Key(row=row, secret=secret)
