"""Activities (notes, calls, meetings, e-mails, tasks) in and out of the API."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field

from heron.kit.schemas import Input, Schema, refuse_null
from heron.models.record import RecordKind
from heron.records.schemas import PersonRef

MAX_BODY = 100_000
MAX_LINKS = 20

Kind = Literal["note", "call", "meeting", "email", "task"]
# Kinds that record something that happened (a contact's "last activity"), unlike a task to do.
LOGGED_KINDS = frozenset({"note", "call", "meeting", "email"})


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:00:00-05:00 is past year 9999 in UTC
        raise ValueError("the time is out of range") from None


# A time with its offset, kept in UTC (the API answers in UTC, shared/API.md).
UtcTime = Annotated[AwareDatetime, AfterValidator(_in_utc)]


class LinkIn(Input):
    record_kind: RecordKind = Field(description="company, contact, lead or deal.")
    record_id: uuid.UUID = Field(description="A record of that kind you may see.")


class ActivityFields(Input):
    body: str | None = Field(
        None,
        max_length=MAX_BODY,
        description="Markdown text. Stored and returned as written: never turned into HTML, "
        "so clients must render it escaped.",
    )
    due_at: UtcTime | None = Field(None, description="When a task is due (with offset).")
    done_at: UtcTime | None = Field(None, description="When it was done; null keeps a task open.")
    duration_minutes: int | None = Field(None, ge=0, le=10_080)
    outcome: str | None = Field(None, max_length=200, description='e.g. "Left a voicemail".')
    owner_id: uuid.UUID | None = Field(None, description="A member; the caller by default.")
    assignee_id: uuid.UUID | None = Field(
        None, description="A member who should do it; for tasks, the owner by default."
    )


class ActivityCreate(ActivityFields):
    kind: Kind
    subject: str = Field(min_length=1, max_length=300)
    links: list[LinkIn] | None = Field(
        None,
        min_length=1,
        max_length=MAX_LINKS,
        description=f"The records it is about (1 to {MAX_LINKS}), each visible to you.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "task",
                    "subject": "Send the revised quote",
                    "body": "Include the **volume discount** we discussed.",
                    "due_at": "2026-03-02T09:00:00+01:00",
                    "links": [
                        {
                            "record_kind": "company",
                            "record_id": "0190f5a4-1111-7000-8000-000000000001",
                        }
                    ],
                },
                {
                    "kind": "call",
                    "subject": "Discovery call",
                    "done_at": "2026-02-27T15:30:00Z",
                    "duration_minutes": 25,
                    "outcome": "Interested; wants a demo",
                },
            ]
        }
    )


class ActivityUpdate(ActivityFields):
    kind: Kind | None = None
    subject: str | None = Field(None, min_length=1, max_length=300)
    links: list[LinkIn] | None = Field(
        None,
        max_length=MAX_LINKS,
        description="Replaces the links (an empty list removes them all).",
    )
    _required = refuse_null("kind", "subject")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"subject": "Send the revised quote (v2)", "due_at": "2026-03-03T09:00:00Z"}
            ]
        }
    )


class LinkOut(Schema):
    record_kind: str
    record_id: uuid.UUID


class ActivityOut(Schema):
    id: uuid.UUID
    kind: str
    subject: str
    body: str | None = Field(description="Markdown text, exactly as written (never HTML).")
    due_at: datetime | None
    done_at: datetime | None
    duration_minutes: int | None
    outcome: str | None
    owner: PersonRef | None
    assignee: PersonRef | None
    created_by: PersonRef | None
    links: list[LinkOut]
    version: int
    created_at: datetime
    updated_at: datetime


class TaskDue(StrEnum):
    """Buckets of due times, in the organization's time zone; they do not overlap."""

    overdue = "overdue"  # due before now
    today = "today"  # due from now until midnight tonight
    week = "week"  # due after today and within the next 7 days
    later = "later"  # due after that
    none = "none"  # no due time
    all = "all"


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    all = "all"
