"""Base classes for API schemas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Schema(BaseModel):
    """A read model: built from ORM rows; every field required, so generated types are exact."""

    model_config = ConfigDict(from_attributes=True)


Version = Annotated[
    int,
    Field(
        description="The record's version, also its `ETag`: send it in `If-Match` to change or "
        "delete the record; a write made by someone else meanwhile makes that a 412.",
        examples=[1],
    ),
]


class Input(BaseModel):
    """An input model: unknown fields are refused (no mass assignment), strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """PostgreSQL cannot store NUL in text; refuse it as a validation error, not a 500."""
        if _has_nul(value):
            raise ValueError("must not contain the NUL character")
        return value


def with_examples(
    *examples: dict[str, Any], then: Callable[[dict[str, Any]], None] | None = None
) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` giving a request model its OpenAPI examples, for models whose
    schema is also adjusted by a function (``then``, e.g. ``not_nullable`` below): a
    model has one ``json_schema_extra``, so both go in one callable."""

    def extra(schema: dict[str, Any]) -> None:
        if then is not None:
            then(schema)
        schema["examples"] = list(examples)

    return extra


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


def refuse_null(*fields: str) -> Any:
    """A validator for an update model (``_required = refuse_null("name")`` in its body;
    ``"*"`` for every field): ``fields`` may be left out but not set to null, as their columns
    are required. Pair it with ``not_nullable`` so the document says so too."""

    def check(cls: type, value: Any) -> Any:
        if value is None:
            raise ValueError("may be left out, but not null")
        return value

    return field_validator(*fields, mode="before")(check)


def not_nullable(*fields: str) -> Callable[[dict[str, Any]], None]:
    """A ``json_schema_extra`` that documents ``fields`` (all when none are named) as optional
    but not nullable, as their validators enforce, so generated clients never send null."""

    def drop_null(schema: dict[str, Any]) -> None:
        for name, prop in schema.get("properties", {}).items():
            options = prop.get("anyOf")
            if (fields and name not in fields) or not options or {"type": "null"} not in options:
                continue
            rest = [o for o in options if o != {"type": "null"}]
            del prop["anyOf"]
            if prop.get("default", "") is None:
                del prop["default"]
            if len(rest) == 1:
                prop.update(rest[0])
            else:
                prop["anyOf"] = rest

    return drop_null
