"""Leads in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from heron.kit.schemas import Input, Schema
from heron.kit.validators import Email, Phone, Url
from heron.records.schemas import PersonRef, TagRef

# Every status a lead can have; "converted" is set only by the conversion.
STATUSES = ("new", "contacted", "qualified", "unqualified", "converted")
CONVERTED = "converted"
EditableStatus = Literal["new", "contacted", "qualified", "unqualified"]
STATUS_DOC = (
    "`new`, `contacted`, `qualified` or `unqualified`. A lead becomes `converted` only "
    "through `POST /leads/{lead_id}/convert`."
)


class LeadFields(Input):
    email: Email | None = None
    phone: Phone | None = None
    company_name: str | None = Field(None, max_length=200)
    website: Url | None = None
    title: str | None = Field(None, max_length=200, description="Their job title.")
    source: str | None = Field(
        None, max_length=100, description="Where the lead came from, e.g. `web form`."
    )
    status: EditableStatus | None = Field(None, description=STATUS_DOC)
    score: int | None = Field(None, ge=0, le=100, description="0 to 100; higher is warmer.")
    owner_id: uuid.UUID | None = Field(None, description="A member; the creator by default.")
    tag_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    custom: dict[str, Any] | None = Field(None, description="Custom field values by key.")

    @field_validator("status", mode="before")
    @classmethod
    def _not_converted(cls, value: Any) -> Any:
        # Checked before the choice itself, so the client learns where conversion lives
        # instead of reading a bare list of allowed values.
        if value == CONVERTED:
            raise ValueError(
                "a lead becomes converted only through POST /leads/{lead_id}/convert, "
                "which also makes its contact, company and deal"
            )
        return value


class LeadCreate(LeadFields):
    name: str = Field(min_length=1, max_length=200, description="The person's full name.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Ada Lovelace",
                    "email": "ada@analytical.example",
                    "phone": "+44 20 7946 0958",
                    "company_name": "Analytical Engines Ltd",
                    "website": "https://analytical.example",
                    "title": "Head of Research",
                    "source": "web form",
                    "status": "new",
                    "score": 40,
                    "custom": {"budget": 5000},
                }
            ]
        }
    )


class LeadUpdate(LeadFields):
    name: str | None = Field(None, min_length=1, max_length=200)

    @field_validator("name", "status")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Both columns are required: null is refused here rather than failing in the database.
        if value is None:
            raise ValueError("cannot be null")
        return value

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "qualified", "score": 80}]}
    )


class LeadConversion(Schema):
    """What the lead became when it was converted (each may have been deleted since)."""

    contact_id: uuid.UUID | None
    company_id: uuid.UUID | None
    deal_id: uuid.UUID | None


class LeadOut(Schema):
    id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    company_name: str | None
    website: str | None
    title: str | None
    source: str | None
    status: Literal["new", "contacted", "qualified", "unqualified", "converted"]
    score: int | None
    owner: PersonRef | None
    tags: list[TagRef]
    custom: dict[str, Any]
    converted_at: datetime | None
    converted: LeadConversion | None = Field(
        description="Null until the lead is converted; then the records it became."
    )
    version: int
    created_at: datetime
    updated_at: datetime
