"""Base classes for API schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    """A read model: built from ORM rows; every field required, so generated types are exact."""

    model_config = ConfigDict(from_attributes=True)


class Input(BaseModel):
    """An input model: unknown fields are refused (no mass assignment), strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
