"""What the invitation endpoints take and give."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from heron.auth.schemas import Email, Name, NewPassword, Token
from heron.kit.schemas import Input, Schema
from heron.members.schemas import PersonOut
from heron.roles.matrix import Role

InvitationStatus = Literal["pending", "accepted", "revoked", "expired"]
StatusFilter = Literal["pending", "accepted", "revoked", "expired", "all"]


class InvitationCreate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={"examples": [{"email": "grace@example.com", "role": "sales"}]},
    )

    email: Email
    role: Role = Field(description="Up to your own role; only an Owner invites Owners.")


class InvitationOut(Schema):
    id: uuid.UUID
    email: str
    role: Role
    status: InvitationStatus
    invited_by: PersonOut | None
    expires_at: datetime
    sent_count: int
    last_sent_at: datetime | None
    accepted_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime


class InvitationLookup(Schema):
    """What the invited person sees before accepting."""

    organization_name: str
    inviter_name: str | None
    email: str
    role: Role
    expires_at: datetime
    account_exists: bool = Field(
        description="Whether an account uses this e-mail: sign in to accept, or choose a password."
    )


class AcceptIn(Input):
    # The first example is for a signed-in caller, the second creates the account.
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {"token": "Xq3vN8bL1sK7pR2mT9wZ4yC6dH0fJ5gA8eU1iO3kW7q"},
                {
                    "token": "Xq3vN8bL1sK7pR2mT9wZ4yC6dH0fJ5gA8eU1iO3kW7q",
                    "full_name": "Grace Hopper",
                    "password": "a long passphrase",
                },
            ]
        },
    )

    token: Token
    full_name: Name | None = Field(default=None, description="Required when creating an account.")
    password: NewPassword | None = Field(
        default=None, description="Required when creating an account."
    )
    refresh_in_body: bool = Field(
        default=False,
        description="Also return the refresh token in the body (non-browser clients).",
    )
