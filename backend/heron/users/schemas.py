"""The signed-in person's own profile."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, StringConstraints

from heron.kit.schemas import Input, Schema


@cache
def _known_time_zones() -> frozenset[str]:
    # Listing the zones walks the tz database on disk (~0.1 s): once per process, not per request.
    return frozenset(available_timezones())


def _time_zone(value: str | None) -> str | None:
    if value is not None and value not in _known_time_zones():
        raise ValueError("not a known IANA time zone, e.g. Europe/Paris")
    if value is not None:
        ZoneInfo(value)
    return value


TimeZone = Annotated[str | None, AfterValidator(_time_zone)]
Locale = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35)
]


class UserOut(Schema):
    id: uuid.UUID
    email: str
    full_name: str
    email_verified: bool
    locale: str | None
    time_zone: str | None
    created_at: datetime


class MeUpdate(Input):
    full_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    locale: Locale | None = None
    time_zone: TimeZone = None


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
