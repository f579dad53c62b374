"""Leads in and out of the API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from heron.companies.schemas import CompanyOut
from heron.contacts.schemas import ContactOut
from heron.deals.schemas import DealOut
from heron.kit.schemas import Input, Schema, refuse_null
from heron.kit.validators import Amount, CurrencyCode, Email, Phone, Url
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

    # Both columns are required: null is refused here rather than failing in the database.
    _required = refuse_null("name", "status")

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


# The conversion: POST /leads/{lead_id}/convert
_EXAMPLE_ID = "0190f5a4-1111-7000-8000-000000000001"


class ConvertCompany(Input):
    mode: Literal["auto", "existing", "new", "none"] = Field(
        "auto",
        description="`auto`: a company you can see with the lead's web domain (from its website, "
        "else its e-mail unless a free-mail provider), else one named like its `company_name`, "
        "else a new one; no company when the lead has neither. `existing`: `company_id`. "
        "`new`: always a new company (named `name`, else the lead's `company_name`). `none`.",
    )
    company_id: uuid.UUID | None = Field(None, description="For `existing`: a company you can see.")
    name: str | None = Field(
        None, min_length=1, max_length=200, description="For `new`: the new company's name."
    )

    @model_validator(mode="after")
    def _fits_mode(self) -> ConvertCompany:
        if (self.mode == "existing") != (self.company_id is not None):
            raise ValueError("`company_id` goes with mode `existing`, and only with it")
        if self.name is not None and self.mode != "new":
            raise ValueError("`name` goes only with mode `new`")
        return self


class ConvertContact(Input):
    mode: Literal["auto", "existing", "new"] = Field(
        "auto",
        description="`auto`: a contact you can see with the lead's e-mail (any of their "
        "addresses), else a new one made from the lead. `existing`: `contact_id`. `new`: always "
        "a new contact.",
    )
    contact_id: uuid.UUID | None = Field(None, description="For `existing`: a contact you can see.")

    @model_validator(mode="after")
    def _fits_mode(self) -> ConvertContact:
        if (self.mode == "existing") != (self.contact_id is not None):
            raise ValueError("`contact_id` goes with mode `existing`, and only with it")
        return self


class ConvertDeal(Input):
    name: str | None = Field(
        None, min_length=1, max_length=200, description='"<company or lead name> deal" by default.'
    )
    pipeline_id: uuid.UUID | None = Field(None, description="The default pipeline when not given.")
    stage_id: uuid.UUID | None = Field(
        None, description="A stage of that pipeline; its first open stage when not given."
    )
    amount: Amount | None = None
    currency: CurrencyCode | None = Field(None, description="The pipeline's currency by default.")
    expected_close_date: date | None = None


class LeadConvert(Input):
    company: ConvertCompany = Field(default_factory=ConvertCompany)
    contact: ConvertContact = Field(default_factory=ConvertContact)
    deal: ConvertDeal | None = Field(None, description="A deal to open too; none when null.")
    owner_id: uuid.UUID | None = Field(
        None, description="Owner of the records made; the lead's owner by default."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "company": {"mode": "auto"},
                    "contact": {"mode": "auto"},
                    "deal": {"amount": "12000.00", "currency": "EUR",
                             "expected_close_date": "2026-03-31"},
                },
                {
                    "company": {"mode": "existing", "company_id": _EXAMPLE_ID},
                    "contact": {"mode": "new"},
                    "deal": None,
                },
            ]
        }
    )  # fmt: skip


class ConversionCreated(Schema):
    """Which of the records were made by the conversion (the others already existed)."""

    contact: bool
    company: bool
    deal: bool


class ConversionResult(Schema):
    lead: LeadOut
    contact: ContactOut
    company: CompanyOut | None
    deal: DealOut | None
    created: ConversionCreated
