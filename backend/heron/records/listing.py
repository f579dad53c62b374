"""Record lists: keyset pages with a total that is exact, estimated or not counted at all.

Exact counts of big tables are slow on every database; by default a list answers with an
estimate (PostgreSQL's planner estimate; on SQLite an exact count that stops at
``ESTIMATE_CAP`` rows), and ``?count=exact`` asks for the real number.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Column, ColumnElement, Select, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable
from sqlalchemy.sql.util import ClauseAdapter
from sqlalchemy.sql.visitors import InternalTraversal, iterate

from heron.kit.memo import Expiring
from heron.kit.pagination import CursorParams, cursor_params
from heron.kit.sorting import SortKey

ESTIMATE_CAP = 10_000
# When PostgreSQL's planner expects at least this many rows (five times the cap), its estimate
# is the answer and nothing is counted: counting 10,001 rows of a million read thousands of
# pages (100 ms where the page itself took 1 ms). Below it, rows are counted up to the cap.
PLANNER_TRUSTED = 50_000
# The planner's estimate of a list is kept this long: it moves only when PostgreSQL's
# statistics do (ANALYZE), and asking again cost every list request a round trip and a plan
# (docs/performance.md).
ESTIMATE_SECONDS = 30.0
_estimates: Expiring[int] = Expiring(bound=4_096, seconds=ESTIMATE_SECONDS)
# A searched list on PostgreSQL (``searched``): how many rows of the list's order are walked
# looking for the page's matches before they are found through the search's index instead,
# and the planner's estimate of the matches below which its own plan is kept.
WALK_ROWS = 5_000
WALK_FROM = 2_000


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


async def record_list_params(
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


def _counted(stmt: Select[Any]) -> Select[Any]:
    """The rows of ``stmt`` to count: unordered, one narrow column."""
    entity = stmt.column_descriptions[0]["entity"]
    return stmt.order_by(None).with_only_columns(entity.id)


def count_column(stmt: Select[Any], mode: CountMode) -> Any | None:
    """The total ``mode`` asks for as a scalar subquery, to be selected with the page itself
    (one statement for both); None for ``none``. ``estimate`` counts at most
    ``ESTIMATE_CAP + 1`` rows."""
    if mode is CountMode.none:
        return None
    rows = _counted(stmt)
    if mode is CountMode.estimate:
        rows = rows.limit(ESTIMATE_CAP + 1)
    return select(func.count()).select_from(rows.subquery()).scalar_subquery()


async def planned_total(
    session: AsyncSession, stmt: Select[Any], mode: CountMode, key: Hashable | None = None
) -> int | None:
    """For ``estimate`` on PostgreSQL, the planner's estimate of the rows of ``stmt`` (one
    EXPLAIN, no row read); None elsewhere. At or above ``PLANNER_TRUSTED`` it is the total
    and ``count_column`` is not needed. ``key`` names what ``stmt`` selects (the same key, the
    same rows): the estimate is then asked for once per ``ESTIMATE_SECONDS``."""
    if mode is not CountMode.estimate or session.get_bind().dialect.name != "postgresql":
        return None
    planned = _estimates.get(key) if key is not None else None
    if planned is None:
        planned = await _planner_estimate(session, stmt.order_by(None))
        if key is not None:
            _estimates.put(key, planned)
    return planned


async def page_total(
    session: AsyncSession,
    stmt: Select[Any],
    mode: CountMode,
    counted: int | None,
    *,
    first_page: bool,
    planned: int | None = None,
) -> tuple[int | None, Literal["exact", "estimate", "none"]]:
    """The list's total from the value ``count_column`` gave with the page (None when the
    page had no row: 0 on a first page, else counted now), or the planner's ``planned``
    estimate when it was trusted instead."""
    if mode is CountMode.none:
        return None, "none"
    if planned is not None and planned >= PLANNER_TRUSTED:
        return planned, "estimate"
    if counted is None:
        if first_page:
            return 0, "exact"
        return await count_rows(session, stmt, mode)
    return await _estimated(session, stmt, mode, counted, planned)


async def count_rows(
    session: AsyncSession, stmt: Select[Any], mode: CountMode
) -> tuple[int | None, Literal["exact", "estimate", "none"]]:
    """The number of rows ``stmt`` (unordered, unpaged) returns, as ``mode`` asks.

    ``estimate`` counts exactly up to ``ESTIMATE_CAP`` rows (as cheap as estimating); beyond,
    PostgreSQL answers with its planner's estimate and SQLite with the cap, a lower bound.
    """
    column = count_column(stmt, mode)
    if column is None:
        return None, "none"
    counted = int(await session.scalar(select(column)) or 0)
    return await _estimated(session, stmt, mode, counted)


async def _estimated(
    session: AsyncSession,
    stmt: Select[Any],
    mode: CountMode,
    counted: int,
    planned: int | None = None,
) -> tuple[int, Literal["exact", "estimate"]]:
    if mode is CountMode.exact or counted <= ESTIMATE_CAP:
        return counted, "exact"
    if session.get_bind().dialect.name == "postgresql":
        if planned is None:
            planned = await _planner_estimate(session, stmt.order_by(None))
        return max(planned, counted), "estimate"
    return ESTIMATE_CAP, "estimate"


class Explain(Executable, ClauseElement):
    """``EXPLAIN (FORMAT JSON) <statement>``, compiled by SQLAlchemy so that every parameter
    goes through its type's conversion (a JSON filter value is a dict in Python)."""

    inherit_cache = True
    _traverse_internals = [("statement", InternalTraversal.dp_clauseelement)]

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement

    @property
    def _all_selected_columns(self) -> list[Any]:
        # Its one result column (the plan) is not a column of any table: the cached result
        # metadata is matched by position (SQLAlchemy asks when it reuses the compiled SQL).
        return []


@compiles(Explain, "postgresql")
def _explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.statement, **kw)


async def _planner_estimate(session: AsyncSession, stmt: Select[Any]) -> int:
    """PostgreSQL's own estimate of the rows, from EXPLAIN: instant whatever the table size."""
    plan = (await session.execute(Explain(stmt))).scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def walks(model: Any, sort: Sequence[SortKey], dialect: str, planned: int | None) -> bool:
    """Whether a searched list of ``model`` in the order ``sort`` is read as ``searched``
    says: on PostgreSQL, sorted by the table's own columns, the first of them indexed after
    the organization (a walk in any other order sorts the whole table first), unless the
    planner expects so few matches that it finds them first itself."""
    if dialect != "postgresql" or (planned is not None and planned < WALK_FROM):
        return False
    table = model.__table__
    columns = [getattr(key.column, "expression", key.column) for key in sort]
    if not all(isinstance(c, Column) and c.table is table for c in columns):
        return False
    return any(list(index.columns)[:2] == [table.c.org_id, columns[0]] for index in table.indexes)


def searched(
    match: ColumnElement[bool], page: Select[Any]
) -> Callable[[Select[Any], Sequence[SortKey], int], Select[Any]]:
    """How a list searched with ``match`` finds its page (``keyset_rows``'s ``narrow``): the
    first rows of ``page`` (its entity, loader options and organization) whose ids one
    statement picks two ways, the second only when the first falls short.

    PostgreSQL's planner expects a search's matches spread evenly through the list's order:
    sorted by last name, it walks the last-name index until it has a page. Matches of a name
    sit together ("smith" under S), and the walk read 760,000 contacts before the first
    (2.3 s at a million). So the walk is bounded: the first ``WALK_ROWS`` rows in order, whose
    matches are the page when there are enough of them (a word spread through the list).
    Otherwise every match is read through the search's trigram index and the first are
    sorted out of them (``MATERIALIZED``: left inline, the planner would walk again). The
    ids are then read with the page's columns (docs/performance.md)."""

    def narrow(stmt: Select[Any], sort: Sequence[SortKey], n: int) -> Select[Any]:
        entity = stmt.column_descriptions[0]["entity"]
        columns = list(dict.fromkeys([entity.id, *(key.column for key in sort)]))
        walk = (
            stmt.with_only_columns(*dict.fromkeys([*columns, *_search_columns(match)]))
            .order_by(*(key.order_by() for key in sort))
            .limit(WALK_ROWS)
            .subquery("walk")
        )
        on_walk = ClauseAdapter(walk)
        hits = (
            select(walk.c.id)
            .where(on_walk.traverse(match))
            .order_by(*(on_walk.traverse(key.order_by()) for key in sort))
            .limit(n)
            .cte("hits")
        )
        found = (
            stmt.where(match).with_only_columns(*columns).cte("found").prefix_with("MATERIALIZED")
        )
        on_found = ClauseAdapter(found)
        short = select(func.count()).select_from(hits).scalar_subquery() < n
        sorted_out = (
            select(found.c.id)
            .where(short)
            .order_by(*(on_found.traverse(key.order_by()) for key in sort))
            .limit(n)
        )
        return page.where(entity.id.in_(union_all(select(hits.c.id), sorted_out)))

    return narrow


def _search_columns(match: ColumnElement[bool]) -> list[Any]:
    """The table columns ``match`` reads, to be selected where it is applied to a subquery."""
    return [c for c in iterate(match) if isinstance(c, Column)]
