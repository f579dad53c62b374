"""The items of a record's timeline."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from heron.activities.schemas import ActivityOut
from heron.kit.schemas import Schema
from heron.records.schemas import PersonRef


class TimelineItem(Schema):
    """An activity linked to the record, or an event of the record itself (a change)."""

    type: Literal["activity", "event"]
    id: uuid.UUID = Field(description="The activity's or the event's id.")
    at: datetime = Field(description="When the activity was logged or the change was made.")
    actor: PersonRef | None = Field(
        description="Who did it: the person, or for an API key the member who made the key; "
        "null for the system."
    )
    actor_type: Literal["user", "api_key", "system"]
    event_type: str | None = Field(
        description='For events, e.g. `"company.updated"`; null for activities.'
    )
    changes: dict[str, Any] | None = Field(
        description="For events, what changed as stored: for updates "
        '`{"field": {"before": ..., "after": ...}}`, for creations the values set. Null for '
        "activities."
    )
    activity: ActivityOut | None = Field(description="For activities, the activity itself.")
