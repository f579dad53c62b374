"""The response envelope of shared/API.md: ``{success, data, meta, error}``."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
M = TypeVar("M")


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(description='Where the problem is, e.g. ["body", "email"].')
    msg: str
    type: str


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable code, e.g. `validation_error`.")
    message: str = Field(description="A sentence a person can read.")
    details: list[dict[str, Any]] = Field(default_factory=list)
    request_id: str | None = None


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    data: None = None
    meta: None = None
    error: ErrorBody


class PageMeta(BaseModel):
    page: int
    page_size: int
    total: int
    total_pages: int


class CursorMeta(BaseModel):
    next_cursor: str | None
    limit: int


class Envelope(BaseModel, Generic[T]):
    model_config = ConfigDict(arbitrary_types_allowed=False)

    success: Literal[True] = True
    data: T
    meta: None = None
    error: None = None


class PageEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    meta: PageMeta
    error: None = None


class CursorEnvelope(BaseModel, Generic[T]):
    success: Literal[True] = True
    data: list[T]
    meta: CursorMeta
    error: None = None
