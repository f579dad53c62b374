"""Saved views in and out of the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from heron.kit.schemas import Input, Schema, refuse_null
from heron.models.record import RecordKind

FILTER_DOC = (
    'Nested AND/OR groups: `{"op": "and", "conditions": [{"field": "status", "op": "eq", '
    '"value": "new"}, {"op": "or", "conditions": [...]}]}`. Fields and operators are those of '
    "the kind's `filter[...]` parameters (custom fields as `custom.<key>`, tags as `tag`)."
)


class ViewFields(Input):
    filters: dict[str, Any] | None = Field(None, description=FILTER_DOC)
    sort: str | None = Field(None, max_length=300, examples=["-created_at"])
    columns: list[str] | None = Field(None, max_length=60, description="Visible columns.")
    group_by: str | None = Field(None, max_length=60)
    kanban: dict[str, Any] | None = Field(
        None, description='Board settings, e.g. `{"pipeline_id": "...", "card_fields": [...]}`.'
    )
    shared: bool | None = Field(
        None, description="Shared with the whole organization (Managers and above)."
    )


class ViewCreate(ViewFields):
    record_kind: RecordKind
    name: str = Field(min_length=1, max_length=120)

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "record_kind": "lead",
                    "name": "Hot leads",
                    "filters": {
                        "op": "and",
                        "conditions": [
                            {"field": "status", "op": "in", "value": ["new", "contacted"]},
                            {"field": "score", "op": "gte", "value": 70},
                        ],
                    },
                    "sort": "-score",
                    "columns": ["name", "email", "status", "score"],
                    "shared": True,
                }
            ]
        }
    )


class ViewUpdate(ViewFields):
    _required = refuse_null("name", "shared")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "Hot leads (EMEA)", "sort": "-created_at"},
                {"columns": ["name", "company_name", "status", "score"], "shared": False},
            ]
        }
    )

    name: str | None = Field(None, min_length=1, max_length=120)


class ViewOut(Schema):
    id: uuid.UUID
    record_kind: str
    name: str
    owner_id: uuid.UUID | None
    shared: bool
    filters: dict[str, Any] | None
    sort: str | None
    columns: list[str]
    group_by: str | None
    kanban: dict[str, Any] | None
    version: int
    created_at: datetime
    updated_at: datetime
