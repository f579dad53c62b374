"""Field types shared by schemas of several domains: time zones and locales."""

from __future__ import annotations

from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, StringConstraints


@cache
def _known_time_zones() -> frozenset[str]:
    # Listing the zones walks the tz database on disk (~0.1 s): once per process, not per request.
    return frozenset(available_timezones())


def _time_zone(value: str) -> str:
    # Checked against the list, never opened by name: the value reaches no file path or SQL.
    if value not in _known_time_zones():
        raise ValueError("not a known IANA time zone, e.g. Europe/Paris")
    return value


TimeZone = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(_time_zone)
]
Locale = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35),
    Field(description="A BCP 47 language tag, e.g. `en`, `fr-CA`."),
]
