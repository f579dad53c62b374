"""Offset pages (``page``/``page_size``) and keyset pages (``cursor``/``limit``) of shared/API.md."""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import Query
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.envelope import CursorMeta, PageMeta
from heron.kit.errors import ValidationFailed
from heron.kit.sorting import SortKey

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int


def page_params(
    page: int = Query(1, ge=1, le=1_000_000, description="Page number, from 1."),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 200."),
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


@dataclass(frozen=True)
class CursorParams:
    cursor: str | None
    limit: int


def cursor_params(
    cursor: str | None = Query(None, max_length=2000, description="`meta.next_cursor` of the previous page."),
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 200."),
) -> CursorParams:
    return CursorParams(cursor=cursor, limit=limit)


async def paginate(session: AsyncSession, stmt: Select[Any], params: PageParams) -> tuple[list[Any], PageMeta]:
    """One offset page of ``stmt`` (already sorted) and its meta with the exact total."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = await session.scalars(stmt.limit(params.page_size).offset((params.page - 1) * params.page_size))
    meta = PageMeta(
        page=params.page,
        page_size=params.page_size,
        total=total,
        total_pages=max(1, math.ceil(total / params.page_size)),
    )
    return list(rows), meta


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    if isinstance(value, Decimal):
        return {"d": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return datetime.fromisoformat(value["t"])
        if "u" in value:
            return uuid.UUID(value["u"])
        if "d" in value:
            return Decimal(value["d"])
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, json.JSONDecodeError):
        raise ValidationFailed.field(("query", "cursor"), "This cursor is not valid for this list.") from None


async def keyset_paginate(
    session: AsyncSession, stmt: Select[Any], sort: Sequence[SortKey], params: CursorParams
) -> tuple[list[Any], CursorMeta]:
    """One keyset page: rows after the cursor in ``sort`` order (which must end on a unique key).

    Deep pages cost the same as the first: the database seeks instead of skipping rows.
    """
    if params.cursor:
        after = decode_cursor(params.cursor, len(sort))
        stmt = stmt.where(_after(sort, after))
    stmt = stmt.order_by(*(key.order_by() for key in sort)).limit(params.limit + 1)
    rows = list(await session.scalars(stmt))
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, key.attribute) for key in sort])
    return rows, CursorMeta(next_cursor=next_cursor, limit=params.limit)


def _after(sort: Sequence[SortKey], values: Sequence[Any]) -> Any:
    """(a, b, c) strictly after (va, vb, vc) in mixed directions, as an OR of ANDs."""
    clauses = []
    for i, key in enumerate(sort):
        equal = [sort[j].column == values[j] for j in range(i)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)
