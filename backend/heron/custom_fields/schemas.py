"""What the custom-field endpoints take and give."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema, Version, not_nullable, refuse_null, with_examples
from heron.models import FieldType, RecordKind
from heron.tags.schemas import Color

MAX_OPTIONS = 200
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
HelpText = Annotated[str, StringConstraints(max_length=1000)]
Position = Annotated[int, Field(ge=0, le=10_000, description="Display order, smallest first.")]


class OptionIn(Input):
    value: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ] = Field(description="What records store; unique within the field.", examples=["gold"])
    label: Label = Field(examples=["Gold"])
    color: Color | None = None


Options = Annotated[
    list[OptionIn],
    Field(
        max_length=MAX_OPTIONS,
        description=f"For `select` and `multi_select` only: 1 to {MAX_OPTIONS} options with "
        "distinct values.",
    ),
]

EXAMPLE: dict[str, Any] = {
    "record_kind": "company",
    "key": "tier",
    "label": "Tier",
    "type": "select",
    "required": False,
    "default": "silver",
    "options": [
        {"value": "gold", "label": "Gold", "color": "#f59e0b"},
        {"value": "silver", "label": "Silver", "color": "#94a3b8"},
    ],
    "help_text": "The support tier in the contract.",
    "position": 1,
}


class CustomFieldCreate(Input):
    model_config = ConfigDict(**Input.model_config, json_schema_extra={"examples": [EXAMPLE]})

    record_kind: RecordKind
    key: str = Field(
        pattern=KEY_PATTERN,
        description="The field's name in the API (`custom.<key>`): lower-case letters, digits "
        "and `_`, starting with a letter, at most 40. Fixed once made; unique per record kind.",
        examples=["tier"],
    )
    label: Label = Field(examples=["Tier"])
    type: FieldType = Field(description="Fixed once made.")
    required: bool = False
    default: Any = Field(
        default=None, description="Given to new records that leave the field out; a valid value."
    )
    options: Options = Field(default_factory=list)
    help_text: HelpText | None = None
    position: Position = 0


class CustomFieldUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"label": "Support tier", "help_text": "From the signed contract."},
            {
                "options": [
                    {"value": "gold", "label": "Gold", "color": "#f59e0b"},
                    {"value": "silver", "label": "Silver", "color": "#94a3b8"},
                    {"value": "bronze", "label": "Bronze", "color": "#b45309"},
                ],
                "default": "bronze",
            },
            then=not_nullable("label", "required", "options", "position"),
        ),
    )

    label: Label | None = None
    required: bool | None = None
    default: Any = Field(default=None, description="A valid value, or null for none.")
    options: Options | None = Field(
        default=None,
        description="The full new list. Removing an option that records still hold is a 409.",
    )
    help_text: HelpText | None = None
    position: Position | None = None
    # Accepted only unchanged, so that a client sending the whole field back is not refused;
    # a different value is a 422 saying what to do instead.
    key: str | None = Field(default=None, description="Cannot change.")
    type: FieldType | None = Field(default=None, description="Cannot change.")

    _required = refuse_null("label", "required", "options", "position")


class OptionOut(Schema):
    value: str
    label: str
    color: str | None


class CustomFieldOut(Schema):
    id: uuid.UUID
    record_kind: RecordKind
    key: str
    label: str
    type: FieldType
    required: bool
    default: Any
    options: list[OptionOut]
    help_text: str | None
    position: int
    version: Version
    created_at: datetime
    updated_at: datetime
