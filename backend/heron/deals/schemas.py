"""Deals in and out of the API: the record, its move on the board, and the board itself."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from heron.kit.schemas import Input, Schema
from heron.kit.validators import Amount, CurrencyCode
from heron.records.schemas import PersonRef, TagRef

MAX_CONTACTS = 50

_EXAMPLE_ID = "0190f5a4-1111-7000-8000-000000000001"


class DealContactIn(Input):
    contact_id: uuid.UUID
    primary: bool = Field(False, description="The deal's main contact (at most one).")


class DealFields(Input):
    amount: Amount | None = None
    currency: CurrencyCode | None = Field(
        None, description="ISO 4217, e.g. `EUR`; the pipeline's currency by default."
    )
    pipeline_id: uuid.UUID | None = Field(
        None, description="The organization's default pipeline when not given."
    )
    stage_id: uuid.UUID | None = Field(
        None,
        description="A stage of the deal's pipeline; the pipeline's first open stage when not "
        "given. Changing it moves the deal to the end of that stage's column.",
    )
    probability: int | None = Field(
        None, ge=0, le=100, description="Percent; null follows the stage's probability."
    )
    expected_close_date: date | None = None
    lost_reason: str | None = Field(None, max_length=2000)
    company_id: uuid.UUID | None = Field(None, description="A company you can see.")
    contacts: list[DealContactIn] | None = Field(
        None,
        max_length=MAX_CONTACTS,
        description="Contacts you can see; the first is primary when none is marked. On "
        "update the list replaces the deal's contacts.",
    )
    owner_id: uuid.UUID | None = Field(None, description="A member; the creator by default.")
    tag_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    custom: dict[str, Any] | None = Field(None, description="Custom field values by key.")


class DealCreate(DealFields):
    name: str = Field(min_length=1, max_length=200)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Acme: 40 seats",
                    "amount": "12000.00",
                    "currency": "EUR",
                    "expected_close_date": "2026-03-31",
                    "company_id": _EXAMPLE_ID,
                    "contacts": [{"contact_id": _EXAMPLE_ID, "primary": True}],
                }
            ]
        }
    )


class DealUpdate(DealFields):
    name: str | None = Field(None, min_length=1, max_length=200)

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"amount": "15000.00", "probability": 60}]}
    )


class DealMove(Input):
    stage_id: uuid.UUID = Field(description="A stage of the deal's pipeline (or its own).")
    before_id: uuid.UUID | None = Field(
        None, description="Put the deal just before this card of the target column."
    )
    after_id: uuid.UUID | None = Field(
        None, description="Put the deal just after this card of the target column."
    )

    @model_validator(mode="after")
    def _one_neighbour(self) -> DealMove:
        if self.before_id is not None and self.after_id is not None:
            raise ValueError("give `before_id` or `after_id`, not both")
        return self

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"stage_id": _EXAMPLE_ID, "after_id": "0190f5a4-2222-7000-8000-000000000002"},
                {"stage_id": _EXAMPLE_ID},
            ]
        }
    )


class StageRef(Schema):
    id: uuid.UUID
    name: str
    kind: Literal["open", "won", "lost"]


class CompanyRef(Schema):
    id: uuid.UUID
    name: str


class DealContactOut(Schema):
    id: uuid.UUID
    full_name: str
    primary: bool


class DealOut(Schema):
    id: uuid.UUID
    name: str
    amount: str | None = Field(description='Decimal text, e.g. `"12000.00"`.')
    currency: str
    pipeline_id: uuid.UUID
    stage: StageRef
    probability: int = Field(description="The deal's own probability, or its stage's.")
    probability_overridden: bool
    weighted_amount: str | None = Field(description="amount x probability, in the currency.")
    expected_close_date: date | None
    status: Literal["open", "won", "lost"]
    lost_reason: str | None
    closed_at: datetime | None
    company: CompanyRef | None
    contacts: list[DealContactOut]
    owner: PersonRef | None
    position: float = Field(description="Order of the card in its stage's column.")
    stage_entered_at: datetime
    is_stale: bool = Field(
        description="Open and in its stage longer than the stage's `rotting_days`."
    )
    tags: list[TagRef]
    custom: dict[str, Any]
    version: int
    created_at: datetime
    updated_at: datetime


class BoardStage(Schema):
    id: uuid.UUID
    name: str
    kind: Literal["open", "won", "lost"]
    probability: int
    rotting_days: int | None
    position: int


class BoardColumn(Schema):
    stage: BoardStage
    count: int = Field(description="Deals in the column that you may see and that match.")
    amount_sum: str = Field(description="Sum of their amounts, in the pipeline's currency.")
    weighted_sum: str = Field(description="Sum of amount x probability.")
    other_currency_count: int = Field(
        description="Deals counted in the sums although their currency is not the pipeline's."
    )
    cards: list[DealOut]
    next_cursor: str | None = Field(
        description="For `GET /deals/board/columns/{stage_id}` when the column has more cards."
    )


class Board(Schema):
    pipeline_id: uuid.UUID
    currency: str
    columns: list[BoardColumn]
