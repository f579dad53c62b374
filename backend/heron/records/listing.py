"""Record lists: keyset pages with a total that is exact, estimated or not counted at all.

Exact counts of big tables are slow on every database; by default a list answers with an
estimate (PostgreSQL's planner estimate; on SQLite an exact count that stops at
``ESTIMATE_CAP`` rows), and ``?count=exact`` asks for the real number.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

from heron.kit.pagination import CursorParams, cursor_params

ESTIMATE_CAP = 10_000


class CountMode(StrEnum):
    exact = "exact"
    estimate = "estimate"
    none = "none"


class ListMeta(BaseModel):
    next_cursor: str | None
    limit: int
    total: int | None
    total_kind: Literal["exact", "estimate", "none"]


@dataclass(frozen=True)
class ListParams:
    page: CursorParams
    sort: str | None
    q: str | None
    count: CountMode
    view_id: uuid.UUID | None


def record_list_params(
    page: CursorParams = Depends(cursor_params),
    sort: str | None = Query(
        None,
        max_length=300,
        description="Comma-separated fields, `-` for descending, e.g. `-created_at,name`; "
        "custom fields as `custom.<key>`.",
    ),
    q: str | None = Query(
        None,
        max_length=200,
        description="Search text: every word matches as a prefix (typo-tolerant on PostgreSQL).",
    ),
    count: CountMode = Query(
        CountMode.estimate,
        description="`exact` counts every row; `estimate` (default) stays fast on big tables; "
        "`none` skips counting.",
    ),
    view: uuid.UUID | None = Query(
        None, description="A saved view whose filters apply (and its sort, unless `sort` is given)."
    ),
) -> ListParams:
    return ListParams(page=page, sort=sort, q=q or None, count=count, view_id=view)


async def count_rows(
    session: AsyncSession, stmt: Select[Any], mode: CountMode
) -> tuple[int | None, Literal["exact", "estimate", "none"]]:
    """The number of rows ``stmt`` (unordered, unpaged) returns, as ``mode`` asks.

    ``estimate`` counts exactly up to ``ESTIMATE_CAP`` rows (as cheap as estimating); beyond,
    PostgreSQL answers with its planner's estimate and SQLite with the cap, a lower bound.
    """
    if mode is CountMode.none:
        return None, "none"
    stmt = stmt.order_by(None)
    if mode is CountMode.exact:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
        return int(total or 0), "exact"
    capped = stmt.limit(ESTIMATE_CAP + 1).subquery()
    total = int(await session.scalar(select(func.count()).select_from(capped)) or 0)
    if total <= ESTIMATE_CAP:
        return total, "exact"
    if session.get_bind().dialect.name == "postgresql":
        return max(await _planner_estimate(session, stmt), total), "estimate"
    return ESTIMATE_CAP, "estimate"


class Explain(Executable, ClauseElement):
    """``EXPLAIN (FORMAT JSON) <statement>``, compiled by SQLAlchemy so that every parameter
    goes through its type's conversion (a JSON filter value is a dict in Python)."""

    inherit_cache = False

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement


@compiles(Explain, "postgresql")
def _explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


async def _planner_estimate(session: AsyncSession, stmt: Select[Any]) -> int:
    """PostgreSQL's own estimate of the rows, from EXPLAIN: instant whatever the table size."""
    plan = (await session.execute(Explain(stmt))).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])
