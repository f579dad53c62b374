"""Contacts in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from heron.kit.schemas import Input, Schema
from heron.kit.validators import Email, Phone, Url
from heron.records.merge import FIELDS_DOC, MergeChoice, MergeRequest, merge_examples
from heron.records.schemas import Address, AddressIn, PersonRef, TagRef

MAX_ADDRESSES = 20
LIFECYCLE_STATUSES = ("subscriber", "lead", "opportunity", "customer", "evangelist", "other")
LifecycleStatus = Literal["subscriber", "lead", "opportunity", "customer", "evangelist", "other"]


class EmailIn(Input):
    email: Email = Field(description="Stored lower-cased.", examples=["ada@example.com"])
    label: str | None = Field(None, max_length=40, examples=["work"])
    primary: bool = Field(False, description="At most one; the first address when none is.")


class PhoneIn(Input):
    number: Phone = Field(
        description="With its country code; stored in E.164.", examples=["+33 1 42 68 53 00"]
    )
    label: str | None = Field(None, max_length=40, examples=["mobile"])
    primary: bool = Field(False, description="At most one; the first number when none is.")


def _one_primary(items: list[Any], key: str, what: str) -> list[Any]:
    """No duplicates (after normalisation), at most one primary; none marked: the first."""
    seen: set[str] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise ValueError(f"the {what} {value} is listed twice")
        seen.add(value)
    if sum(1 for item in items if item.primary) > 1:
        raise ValueError(f"mark at most one {what} as primary")
    if items and not any(item.primary for item in items):
        items[0] = items[0].model_copy(update={"primary": True})
    return items


def _emails(items: list[EmailIn]) -> list[EmailIn]:
    return _one_primary(items, "email", "e-mail address")


def _phones(items: list[PhoneIn]) -> list[PhoneIn]:
    return _one_primary(items, "number", "phone number")


EmailList = Annotated[list[EmailIn], Field(max_length=MAX_ADDRESSES), AfterValidator(_emails)]
PhoneList = Annotated[list[PhoneIn], Field(max_length=MAX_ADDRESSES), AfterValidator(_phones)]


class SocialIn(Input):
    """Profiles on the web; on update only the parts sent change (null clears one)."""

    linkedin: Url | None = None
    twitter: Url | None = None
    facebook: Url | None = None
    github: Url | None = None
    website: Url | None = None


class ContactFields(Input):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    emails: EmailList | None = Field(
        None, description=f"At most {MAX_ADDRESSES}; on update the whole list is replaced."
    )
    phones: PhoneList | None = Field(
        None, description=f"At most {MAX_ADDRESSES}; on update the whole list is replaced."
    )
    job_title: str | None = Field(None, max_length=200)
    company_id: uuid.UUID | None = Field(None, description="A company of your organization.")
    owner_id: uuid.UUID | None = Field(None, description="A member; the creator by default.")
    lifecycle_status: LifecycleStatus | None = None
    source: str | None = Field(None, max_length=100, examples=["website"])
    address: AddressIn | None = None
    social: SocialIn | None = None
    tag_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    custom: dict[str, Any] | None = Field(None, description="Custom field values by key.")


class ContactCreate(ContactFields):
    @model_validator(mode="after")
    def _named(self) -> ContactCreate:
        if not (self.first_name or self.last_name or self.emails):
            raise ValueError("give at least a first name, a last name or an e-mail address")
        return self

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "first_name": "Ada",
                    "last_name": "Lovelace",
                    "emails": [
                        {"email": "ada@acme.example", "label": "work", "primary": True},
                        {"email": "ada@home.example", "label": "home"},
                    ],
                    "phones": [{"number": "+44 20 7946 0958", "label": "mobile"}],
                    "job_title": "Chief Analyst",
                    "lifecycle_status": "lead",
                    "source": "website",
                    "address": {"city": "London", "country": "GB"},
                    "social": {"linkedin": "https://www.linkedin.com/in/ada"},
                }
            ]
        }
    )


class ContactUpdate(ContactFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"job_title": "CTO", "emails": [{"email": "ada@acme.example", "primary": True}]}
            ]
        }
    )


class ContactEmailOut(Schema):
    email: str
    label: str | None
    primary: bool


class ContactPhoneOut(Schema):
    number: str
    label: str | None
    primary: bool


class CompanyRef(Schema):
    id: uuid.UUID
    name: str


class Social(Schema):
    linkedin: str | None
    twitter: str | None
    facebook: str | None
    github: str | None
    website: str | None


class ContactOut(Schema):
    id: uuid.UUID
    first_name: str | None
    last_name: str | None
    full_name: str
    email: str | None = Field(description="The primary e-mail address.")
    phone: str | None = Field(description="The primary phone number.")
    emails: list[ContactEmailOut]
    phones: list[ContactPhoneOut]
    job_title: str | None
    company: CompanyRef | None
    owner: PersonRef | None
    lifecycle_status: str | None
    source: str | None
    address: Address
    social: Social
    tags: list[TagRef]
    custom: dict[str, Any]
    last_activity_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


ContactMergeField = Literal[
    "first_name", "last_name", "email", "phone", "job_title", "company_id", "lifecycle_status",
    "source", "social", "address", "owner_id",
]  # fmt: skip


class ContactMerge(MergeRequest):
    fields: dict[ContactMergeField, MergeChoice] = Field(
        default_factory=dict,
        description=FIELDS_DOC
        + " E-mail addresses and phone numbers are always united; `email`/`phone` choose "
        "whose primary stays primary.",
    )

    model_config = merge_examples({"job_title": "other", "email": "other"})
