"""What the tag endpoints take and give, and how a record shows its tags (``TagOut``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema, Version, not_nullable, refuse_null, with_examples

DEFAULT_COLOR = "#64748b"
# How many tags one request may put on or take off records (a record's own list, a bulk action).
MAX_TAGS_AT_ONCE = 50

TagName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
    Field(description="Unique in the organization, ignoring case.", examples=["Key account"]),
]
Color = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"),
    AfterValidator(str.lower),
    Field(description="`#rrggbb`; stored in lower case.", examples=["#f59e0b"]),
]
TagIds = Annotated[
    list[uuid.UUID],
    Field(
        max_length=MAX_TAGS_AT_ONCE,
        description=f"Tags of the organization, at most {MAX_TAGS_AT_ONCE}.",
    ),
]


class TagCreate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra={"examples": [{"name": "Key account", "color": "#f59e0b"}]},
    )

    name: TagName
    color: Color = Field(
        default=DEFAULT_COLOR, description=f"`#rrggbb`; {DEFAULT_COLOR} when left out."
    )


class TagUpdate(Input):
    model_config = ConfigDict(
        **Input.model_config,
        json_schema_extra=with_examples(
            {"name": "Strategic account"}, {"color": "#10b981"}, then=not_nullable()
        ),
    )

    name: TagName | None = None
    color: Color | None = None

    _required = refuse_null("*")


class TagOut(Schema):
    """A tag as records show it."""

    id: uuid.UUID
    name: str
    color: str


class TagDetail(TagOut):
    usage_count: int | None = Field(
        description="How many of the records you may see carry the tag; null in a list asked "
        "for with `usage=false`."
    )
    version: Version
    created_at: datetime
    updated_at: datetime
