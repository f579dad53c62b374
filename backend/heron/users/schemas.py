"""The signed-in person's own profile."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from heron.kit.schemas import Input, Schema
from heron.kit.validators import Locale, TimeZone


class UserOut(Schema):
    id: uuid.UUID
    email: str
    full_name: str
    email_verified: bool
    locale: str | None
    time_zone: str | None
    created_at: datetime


class MeUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {"full_name": "Ada King", "locale": "en-GB", "time_zone": "Europe/London"},
                {"time_zone": "America/New_York"},
            ]
        },
    )

    full_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    locale: Locale | None = None
    time_zone: TimeZone | None = None


class MyOrganization(Schema):
    id: uuid.UUID
    name: str
    role: str
    current: bool


class SessionOut(Schema):
    id: uuid.UUID
    created_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool
