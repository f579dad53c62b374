"""API keys: what a client sends to make one, and what it reads back (never the hash)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema
from heron.models import ApiKey
from heron.models.base import utcnow
from heron.roles.matrix import Role


def _future_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is out of range") from None
    if value <= utcnow():
        raise ValueError("must be in the future")
    return value


class KeyStatus(StrEnum):
    active = "active"
    revoked = "revoked"
    expired = "expired"
    all = "all"


class ApiKeyCreate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {"name": "Zapier sync", "role": "sales"},
                {
                    "name": "Quarterly export",
                    "role": "viewer",
                    "expires_at": "2099-03-31T23:59:59Z",
                },
            ]
        },
    )

    # No control characters: a NUL would fail inside PostgreSQL instead of here.
    name: Annotated[
        str, StringConstraints(min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")
    ] = Field(description="What the key is for, e.g. `Zapier sync`.")
    role: Role = Field(description="The role the key acts with; at most your own.")
    expires_at: Annotated[AwareDatetime | None, AfterValidator(_future_utc)] = Field(
        None,
        description="When the key stops working (a future time with an offset); never if absent.",
    )


class ApiKeyCreator(Schema):
    id: uuid.UUID
    name: str


class ApiKeyOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The first characters of the secret, to tell keys apart.")
    role: str
    created_by: ApiKeyCreator | None
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    status: Literal["active", "revoked", "expired"]


class ApiKeyCreated(ApiKeyOut):
    secret: str = Field(description="The key itself (`hrn_...`). Shown only in this answer.")


def api_key_out(key: ApiKey, now: datetime | None = None) -> ApiKeyOut:
    """The read model of ``key``; its ``created_by`` must be loaded."""
    creator = key.created_by
    return ApiKeyOut(
        id=key.id,
        name=key.name,
        prefix=key.prefix,
        role=key.role,
        created_by=ApiKeyCreator(id=creator.id, name=creator.full_name) if creator else None,
        created_at=key.created_at,
        expires_at=key.expires_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        status=key.status_at(now or utcnow()),
    )
