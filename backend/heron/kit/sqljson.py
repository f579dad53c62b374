"""JSON built by the database, the same on PostgreSQL and SQLite: what a page of records needs
besides its own columns (owner, tags, e-mail addresses, ...) comes back in the page's own
statement as JSON columns, instead of one query per relation.

``json_object("id", User.id, "name", User.full_name)`` is ``json_build_object`` on PostgreSQL
and ``json_object`` on SQLite; ``json_list(json_object(...))`` aggregates rows into a JSON
array (``json_agg`` / ``json_group_array``; NULL or ``[]`` for no rows, both read as ``[]``).
Arrays come back unordered: callers sort them (``sorted_by``), which is cheaper than an ordered
aggregate and works on SQLite before 3.44.

Values arrive as JSON does: ids as strings (SQLite stores them as 32 hex digits, which
``uuid.UUID`` reads too), booleans as true/false or 1/0.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class json_object(FunctionElement[Any]):
    """A JSON object from alternating keys (str) and SQL values."""

    type = JSON()
    inherit_cache = True
    name = "json_object"

    def __init__(self, *pairs: Any) -> None:
        from sqlalchemy import literal

        args = [literal(p) if isinstance(p, str) else p for p in pairs]
        super().__init__(*args)


@compiles(json_object, "postgresql")
def _json_object_pg(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


@compiles(json_object)
def _json_object(element: json_object, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


class json_list_agg(FunctionElement[Any]):
    """The aggregate of JSON values into an array."""

    type = JSON()
    inherit_cache = True
    name = "json_list_agg"


@compiles(json_list_agg, "postgresql")
def _json_agg_pg(element: json_list_agg, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg({compiler.process(element.clauses, **kw)})"


@compiles(json_list_agg)
def _json_agg(element: json_list_agg, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


def json_one(stmt: Select[Any]) -> ColumnElement[Any]:
    """A correlated scalar subquery returning one JSON object (or NULL), as a JSON column."""
    return type_coerce(stmt.limit(1).scalar_subquery(), JSON())


def json_list(stmt: Select[Any]) -> ColumnElement[Any]:
    """A correlated scalar subquery whose only column is an aggregated JSON array."""
    return type_coerce(stmt.scalar_subquery(), JSON())


def as_list(value: Any) -> list[dict[str, Any]]:
    """A ``json_list`` value as a list (no rows: NULL on PostgreSQL, ``[]`` on SQLite)."""
    if value is None:
        return []
    return list(value)


def as_uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def sorted_by(items: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Any]) -> list[Any]:
    return sorted(items, key=key)
