"""Read and input models shared by every record kind."""

from __future__ import annotations

import uuid
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from heron.kit.schemas import Input, Schema
from heron.kit.validators import CountryCode
from heron.records.listing import ListMeta

T = TypeVar("T")

MAX_BULK = 500


class PersonRef(Schema):
    """A member shown on a record (owner, assignee)."""

    id: uuid.UUID
    full_name: str
    email: str


class TagRef(Schema):
    id: uuid.UUID
    name: str
    color: str


class BulkFields(Input):
    """Fields a bulk update may set on every chosen record (those of the kind's update schema
    that make sense in bulk)."""

    owner_id: uuid.UUID | None = None


class BulkRequest(Input):
    action: Literal["update", "assign", "tag", "untag", "delete"] = Field(
        description="`update` sets `fields`; `assign` sets the owner (`owner_id`); `tag` and "
        "`untag` add or remove `tag_ids`; `delete` moves the records to the trash."
    )
    ids: list[uuid.UUID] | None = Field(
        None, max_length=MAX_BULK, description=f"The records, at most {MAX_BULK}."
    )
    filter: dict[str, Any] | None = Field(
        None,
        description="Instead of ids: a filter group as saved views store it "
        '(`{"op": "and", "conditions": [{"field": "status", "op": "eq", "value": "new"}]}`); '
        f"at most {MAX_BULK} records may match.",
    )
    fields: dict[str, Any] | None = Field(None, description="For `update`: field -> value.")
    owner_id: uuid.UUID | None = Field(None, description="For `assign`.")
    tag_ids: list[uuid.UUID] | None = Field(None, max_length=50, description="For tag/untag.")

    @model_validator(mode="after")
    def _one_selection(self) -> BulkRequest:
        if (self.ids is None) == (self.filter is None):
            raise ValueError("give either `ids` or `filter`")
        if self.action == "update" and not self.fields:
            raise ValueError("`update` needs `fields`")
        if self.action in ("tag", "untag") and not self.tag_ids:
            raise ValueError(f"`{self.action}` needs `tag_ids`")
        return self

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"action": "assign", "ids": ["0190f5a4-1111-7000-8000-000000000001"],
                 "owner_id": "0190f5a4-2222-7000-8000-000000000002"},
                {"action": "tag", "filter": {"op": "and", "conditions": [
                    {"field": "industry", "op": "eq", "value": "Software"}]},
                 "tag_ids": ["0190f5a4-3333-7000-8000-000000000003"]},
            ]
        }
    )  # fmt: skip


class BulkItem(Schema):
    id: uuid.UUID
    result: Literal["updated", "unchanged", "deleted"]


class BulkResult(Schema):
    action: str
    count: int
    items: list[BulkItem]


class DuplicateRef(Schema):
    """A record that looks like the one just written."""

    id: uuid.UUID
    # Which kind the id belongs to: a lead's duplicates include contacts.
    kind: Literal["company", "contact", "lead", "deal"]
    name: str
    reason: Literal["same_email", "same_domain", "similar_name", "same_phone"]


class CreatedMeta(BaseModel):
    duplicates: list[DuplicateRef] = Field(
        description="Likely duplicates of the new record (same e-mail, same domain, similar "
        "name). The record was created anyway; merge them if they are the same."
    )


class CreatedEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: T
    meta: CreatedMeta
    error: None = None


class ListEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    meta: ListMeta
    error: None = None


ADDRESS_PARTS = ("street", "city", "region", "postal_code", "country")


class AddressIn(Input):
    street: str | None = Field(None, max_length=300)
    city: str | None = Field(None, max_length=120)
    region: str | None = Field(None, max_length=120)
    postal_code: str | None = Field(None, max_length=20)
    country: CountryCode | None = None


class Address(Schema):
    street: str | None
    city: str | None
    region: str | None
    postal_code: str | None
    country: str | None


def address_columns(address: dict[str, Any] | None) -> dict[str, Any]:
    """``{"city": "Lyon"}`` -> ``{"address_city": "Lyon"}`` (only the parts sent)."""
    return {f"address_{part}": value for part, value in (address or {}).items()}


def address_fields(row: Any) -> dict[str, Any]:
    """The ``address_*`` columns of ``row`` as the fields of an ``Address``."""
    return {part: getattr(row, f"address_{part}") for part in ADDRESS_PARTS}
