"""A calendar feed as the API shows it (the secret URL only when it is made)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from heron.kit.schemas import Schema


class CalendarFeedOut(Schema):
    active: bool = Field(description="Whether you have a feed URL that works.")
    created_at: datetime | None = Field(description="When the current URL was made.")
    last_used_at: datetime | None = Field(
        description="When a calendar app last fetched it (to the minute)."
    )


class CalendarFeedCreated(Schema):
    url: str = Field(
        description="The private address to subscribe to in a calendar app. Shown only now: "
        "it is stored hashed. Anyone with it can read your meetings and tasks."
    )
    created_at: datetime
