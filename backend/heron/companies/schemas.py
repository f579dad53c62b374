"""Companies in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field

from heron.kit.schemas import Input, Schema
from heron.kit.validators import Amount, CurrencyCode, Domain, Phone, Url
from heron.records.merge import FIELDS_DOC, MergeChoice, MergeRequest, merge_examples
from heron.records.schemas import Address, AddressIn, PersonRef, TagRef


class CompanyFields(Input):
    domain: Domain | None = Field(
        None, description="Unique among the organization's companies; `www.` and paths dropped."
    )
    website: Url | None = None
    industry: str | None = Field(None, max_length=120)
    employee_count: int | None = Field(None, ge=0, le=10_000_000)
    annual_revenue: Amount | None = None
    annual_revenue_currency: CurrencyCode | None = None
    phone: Phone | None = None
    address: AddressIn | None = None
    description: str | None = Field(None, max_length=20_000)
    owner_id: uuid.UUID | None = Field(None, description="A member; the creator by default.")
    tag_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    custom: dict[str, Any] | None = Field(None, description="Custom field values by key.")


class CompanyCreate(CompanyFields):
    name: str = Field(min_length=1, max_length=200)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Acme Corporation",
                    "domain": "acme.example",
                    "website": "https://acme.example",
                    "industry": "Manufacturing",
                    "employee_count": 250,
                    "annual_revenue": "12500000.00",
                    "annual_revenue_currency": "EUR",
                    "address": {"city": "Lyon", "country": "FR"},
                    "custom": {"tier": "gold"},
                }
            ]
        }
    )


class CompanyUpdate(CompanyFields):
    name: str | None = Field(None, min_length=1, max_length=200)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"industry": "Software", "custom": {"tier": "silver"}}]}
    )


class CompanyOut(Schema):
    id: uuid.UUID
    name: str
    domain: str | None
    website: str | None
    industry: str | None
    employee_count: int | None
    annual_revenue: str | None = Field(description='Decimal text, e.g. `"12500000.00"`.')
    annual_revenue_currency: str | None
    phone: str | None
    address: Address
    description: str | None
    owner: PersonRef | None
    tags: list[TagRef]
    custom: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime


CompanyMergeField = Literal[
    "name", "domain", "website", "industry", "employee_count", "annual_revenue", "phone",
    "address", "description", "owner_id",
]  # fmt: skip


class CompanyMerge(MergeRequest):
    fields: dict[CompanyMergeField, MergeChoice] = Field(
        default_factory=dict,
        description=FIELDS_DOC
        + " `annual_revenue` carries its currency, `address` all its parts. The other's domain "
        "is freed either way.",
    )

    model_config = merge_examples({"domain": "other", "industry": "other"})
