"""What the pipeline and stage endpoints take and give."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from functools import cache
from typing import Annotated

from babel.numbers import list_currencies
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema, not_nullable, refuse_null, with_examples
from heron.models.pipeline import StageKind

MAX_STAGES = 50
_CURRENCY_SHAPE = re.compile(r"^[A-Z]{3}$")


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _currency(value: str) -> str:
    if not _CURRENCY_SHAPE.match(value) or value not in _currencies():
        raise ValueError("not an ISO 4217 currency code; use three capitals, e.g. EUR")
    return value


PipelineName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)
]
StageName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Currency = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_currency),
    Field(description="An ISO 4217 code, e.g. `EUR`.", examples=["EUR"]),
]
Probability = Annotated[
    int, Field(ge=0, le=100, description="Chance of winning a deal in this stage, in percent.")
]
RottingDays = Annotated[
    int,
    Field(
        ge=1,
        le=3650,
        description="Days a deal may stay in this stage before it is flagged as stale.",
    ),
]


class StageIn(Input):
    """A stage given with its pipeline (in order: the list order is the board order)."""

    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={"examples": [{"name": "Qualified", "probability": 25, "kind": "open"}]},
    )

    name: StageName
    probability: Probability = 0
    kind: StageKind = StageKind.open
    rotting_days: RottingDays | None = None


class StageCreate(StageIn):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [{"name": "Demo", "probability": 40, "kind": "open", "position": 2}]
        },
    )

    position: int | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="Where the stage goes, 0 for first; left out or past the end: last.",
    )


class StageUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"name": "Demo done", "probability": 60},
            then=not_nullable("name", "probability", "kind"),
        ),
    )

    name: StageName | None = None
    probability: Probability | None = None
    kind: StageKind | None = None
    rotting_days: RottingDays | None = Field(default=None, description="Null: never stale.")

    _required = refuse_null("name", "probability", "kind")


class StageOrder(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={
            "examples": [
                {
                    "stage_ids": [
                        "0190c5a0-0000-7000-8000-000000000002",
                        "0190c5a0-0000-7000-8000-000000000001",
                    ]
                }
            ]
        },
    )

    stage_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=MAX_STAGES,
        description="Every stage of the pipeline, each once, in the new order.",
    )


class PipelineCreate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"name": "Renewals", "currency": "EUR"},
            {
                "name": "Partnerships",
                "currency": "USD",
                "is_default": False,
                "stages": [
                    {"name": "Intro", "probability": 10},
                    {"name": "Signed", "probability": 100, "kind": "won"},
                    {"name": "Dropped", "probability": 0, "kind": "lost"},
                ],
            },
            then=not_nullable("currency", "stages"),
        ),
    )

    name: PipelineName
    currency: Currency | None = Field(
        default=None, description="ISO 4217; left out: the organization's default currency."
    )
    is_default: bool = Field(
        default=False,
        description="Make it the organization's default pipeline (the others stop being it).",
    )
    stages: list[StageIn] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_STAGES,
        description="Its stages in board order; left out: Prospect, Qualified, Proposal, "
        "Negotiation, Closed Won and Closed Lost.",
    )

    _required = refuse_null("currency", "stages")


class PipelineUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"name": "New business", "is_default": True}, then=not_nullable()
        ),
    )

    name: PipelineName | None = None
    currency: Currency | None = None
    is_default: bool | None = Field(
        default=None,
        description="true makes it the default (the previous default stops being it); a "
        "default cannot be set to false: make another pipeline the default instead.",
    )

    _required = refuse_null("*")


class StageOut(Schema):
    id: uuid.UUID
    pipeline_id: uuid.UUID
    name: str
    position: int
    probability: int
    kind: StageKind
    rotting_days: int | None
    version: int = Field(description="The value to send in If-Match to change this stage.")
    created_at: datetime
    updated_at: datetime


class PipelineOut(Schema):
    id: uuid.UUID
    name: str
    currency: str
    is_default: bool
    position: int
    version: int = Field(description="The value to send in If-Match to change this pipeline.")
    stages: list[StageOut] = Field(description="Its stages in board order.")
    created_at: datetime
    updated_at: datetime
