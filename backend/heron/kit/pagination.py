"""Offset pages (``page``/``page_size``) and keyset pages (``cursor``/``limit``), shared/API.md."""

from __future__ import annotations

import base64
import json
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fastapi import Query
from sqlalchemy import (
    Integer,
    Select,
    TypeDecorator,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from heron.kit.envelope import CursorMeta, PageMeta
from heron.kit.errors import ValidationFailed
from heron.kit.sorting import SortKey

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int


async def page_params(
    page: int = Query(1, ge=1, le=1_000_000, description="Page number, from 1."),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 200."),
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


@dataclass(frozen=True)
class CursorParams:
    cursor: str | None
    limit: int


async def cursor_params(
    cursor: str | None = Query(
        None, max_length=2000, description="`meta.next_cursor` of the previous page."
    ),
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 200."),
) -> CursorParams:
    return CursorParams(cursor=cursor, limit=limit)


async def paginate(
    session: AsyncSession, stmt: Select[Any], params: PageParams
) -> tuple[list[Any], PageMeta]:
    """One offset page of ``stmt`` (already sorted) and its meta with the exact total."""
    total = (
        await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )
    rows = await session.scalars(
        stmt.limit(params.page_size).offset((params.page - 1) * params.page_size)
    )
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
            moment = datetime.fromisoformat(value["t"])
            return moment.astimezone(UTC) if moment.tzinfo is not None else moment
        if "u" in value:
            return uuid.UUID(value["u"])
        if "d" in value:
            number = Decimal(value["d"])
            if not number.is_finite():
                raise ValueError("not a finite number")
            return number
        raise ValueError("unknown cursor value")
    if isinstance(value, list):
        raise ValueError("unknown cursor value")
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _invalid_cursor() -> ValidationFailed:
    return ValidationFailed.field(("query", "cursor"), "This cursor is not valid for this list.")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError):
        # ArithmeticError covers decimal's InvalidOperation and a time beyond year 1..9999.
        raise _invalid_cursor() from None


def _python_type(column: Any) -> type | None:
    col_type = getattr(column, "type", None)
    if isinstance(col_type, TypeDecorator):
        col_type = col_type.impl_instance
    try:
        python_type = col_type.python_type if col_type is not None else None
    except NotImplementedError:
        return None
    return None if python_type in (None, object) else python_type


def _fits(key: SortKey, value: Any) -> bool:
    """Whether a decoded cursor value can be bound against ``key``'s column.

    A cursor is client input: a value of the wrong type would otherwise fail inside the
    database driver (a 500) instead of being refused as a 422.
    """
    if value is None:
        return key.nullable
    if isinstance(value, datetime) and value.tzinfo is None:
        return False
    if isinstance(value, str) and "\x00" in value:  # PostgreSQL refuses NUL in text
        return False
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return False  # beyond what a database integer (or a float comparison) accepts
    if isinstance(value, float) and not math.isfinite(value):
        return False
    expected = _python_type(key.column)
    if expected is None:
        return isinstance(value, str | int | float | bool | datetime | uuid.UUID | Decimal)
    if isinstance(value, bool) and expected is not bool:
        return False
    if expected is float:
        return isinstance(value, int | float)
    if expected is Decimal:
        return isinstance(value, Decimal | int)
    if expected is int and isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, expected)


def _row_value(row: Any, key: SortKey) -> Any:
    if key.attribute.startswith("custom."):  # a custom field: a value in the JSON column
        value = (getattr(row, "custom", None) or {}).get(key.attribute.removeprefix("custom."))
        return int(value) if isinstance(value, bool) else value  # yes/no sort as 0/1
    # The allow-list name may differ from the mapped attribute (``name`` -> ``last_name``).
    name = getattr(key.column, "key", None)
    if isinstance(name, str) and hasattr(row, name):
        return getattr(row, name)
    return getattr(row, key.attribute)


async def keyset_paginate(
    session: AsyncSession, stmt: Select[Any], sort: Sequence[SortKey], params: CursorParams
) -> tuple[list[Any], CursorMeta]:
    """One keyset page: rows after the cursor in ``sort`` order (which must end on a unique key).

    Deep pages cost the same as the first: the database seeks instead of skipping rows.
    NULLs of nullable sort columns sort as greater than every value on both databases.
    """
    rows, meta = await keyset_rows(session, stmt, sort, params)
    return [row[0] for row in rows], meta


async def keyset_rows(
    session: AsyncSession,
    stmt: Select[Any],
    sort: Sequence[SortKey],
    params: CursorParams,
    columns: Sequence[Any] = (),
    narrow: Callable[[Select[Any], Sequence[SortKey], int], Select[Any]] | None = None,
) -> tuple[list[Any], CursorMeta]:
    """``keyset_paginate`` with ``columns`` added to each row: rows are tuples whose first
    item is the entity of ``stmt``, then the columns' values (related data that comes back
    with the page, in the same statement).

    ``narrow(stmt, sort, n)``, when given, turns the statement of the rows after the
    cursor into one of the first ``n`` of them in that order that the page then reads (a
    searched list finds its matches its own way: ``heron.records.listing.searched``)."""
    tail = None
    if params.cursor:
        after = decode_cursor(params.cursor, len(sort))
        if not all(_fits(key, value) for key, value in zip(sort, after, strict=True)):
            raise _invalid_cursor()
        bound, nulls = _seek(sort, after)
        stmt = stmt.where(_after(sort, after))
        if nulls is not None:
            tail = stmt.where(nulls)
        stmt = stmt.where(*bound)
    ordered = [key.order_by() for key in sort]
    if narrow is not None:
        stmt = narrow(stmt, sort, params.limit + 1)
        tail = None if tail is None else narrow(tail, sort, params.limit + 1)
    stmt = stmt.add_columns(*columns).order_by(*ordered)
    rows = list(await session.execute(stmt.limit(params.limit + 1)))
    if tail is not None and len(rows) <= params.limit:
        # The page reaches the end of the non-null values: the NULLs come last.
        tail_page = tail.add_columns(*columns).order_by(*ordered)
        rows += list(await session.execute(tail_page.limit(params.limit + 1 - len(rows))))
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last = rows[-1][0]
        next_cursor = encode_cursor([_row_value(last, key) for key in sort])
    return rows, CursorMeta(next_cursor=next_cursor, limit=params.limit)


def _seek(sort: Sequence[SortKey], values: Sequence[Any]) -> tuple[list[Any], Any | None]:
    """A redundant bound an index can seek to, implied by the rows after the cursor (the OR
    of ``_after`` alone makes the database walk the index from its start: 10,000 rows deep, it
    read 100,000 entries), and the condition of the rows the bound leaves out (NULLs of the
    first key, which come last ascending), to be read only when the page reaches them.

    The bound is a row comparison over the first key and the non-nullable keys that follow it
    in the same direction ((last_name, id) >= ('Smith', <id>)); a nullable key after the first
    would make the comparison unknown for its NULLs, which the page must keep."""
    first = sort[0]
    if values[0] is None:
        return [], None
    columns, bounds = [first.column], [values[0]]
    for key, value in zip(sort[1:], values[1:], strict=True):
        if key.descending != first.descending or key.nullable or value is None:
            break
        columns.append(key.column)
        bounds.append(value)
    # The cursor's values bound with their columns' types (a time as the column stores it).
    typed = [
        literal(value, type_=getattr(c, "type", None))
        for c, value in zip(columns, bounds, strict=True)
    ]
    if len(columns) == 1:
        bound = columns[0] <= typed[0] if first.descending else columns[0] >= typed[0]
    else:
        row, cursor = tuple_(*columns), tuple_(*typed)
        bound = row <= cursor if first.descending else row >= cursor
    # Descending, NULLs come first: those after a non-null value are never NULL.
    tail = first.column.is_(None) if first.nullable and not first.descending else None
    return [bound], tail


def _equal(key: SortKey, value: Any) -> Any:
    return key.column.is_(None) if value is None else key.column == value


def _beyond(key: SortKey, value: Any) -> Any | None:
    """Rows strictly after ``value`` on this key alone; None when no row can be."""
    col = key.column
    if value is None:
        # NULLs are the greatest values: after a NULL come the non-NULLs when descending.
        return col.is_not(None) if key.descending else None
    if key.descending:
        return col < value
    return or_(col > value, col.is_(None)) if key.nullable else col > value


def _after(sort: Sequence[SortKey], values: Sequence[Any]) -> Any:
    """(a, b, c) strictly after (va, vb, vc) in mixed directions, as an OR of ANDs."""
    clauses = []
    for i, key in enumerate(sort):
        beyond = _beyond(key, values[i])
        if beyond is None:
            continue
        equal = [_equal(sort[j], values[j]) for j in range(i)]
        clauses.append(and_(*equal, beyond))
    return or_(false(), *clauses)


# Newest-first pages of a statement built once (a record's timeline): the page's limit and the
# cursor's (created_at, id) are parameters, bound on each request.
Bound = tuple[datetime, uuid.UUID]


def newest_first(stmt: Select[Any], model: Any, *, paged: bool) -> Select[Any]:
    """``stmt`` newest first by (``created_at``, ``id``) of ``model``, ``limit`` rows, and,
    when ``paged``, only rows strictly older than the bound ``after_at``/``after_id``."""
    if paged:
        at = bindparam("after_at", type_=model.created_at.type)
        id_ = bindparam("after_id", type_=model.id.type)
        stmt = stmt.where(or_(model.created_at < at, and_(model.created_at == at, model.id < id_)))
    return stmt.order_by(model.created_at.desc(), model.id.desc()).limit(
        bindparam("limit", type_=Integer)
    )


def newest_first_params(after: Bound | None, limit: int) -> dict[str, Any]:
    """The parameters of a ``newest_first`` statement for one page."""
    params: dict[str, Any] = {"limit": limit}
    if after is not None:
        params |= {"after_at": after[0], "after_id": after[1]}
    return params
