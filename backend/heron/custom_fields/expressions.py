"""SQL for reading custom-field values out of a record's ``custom`` JSON, alike on both databases.

Each construct keeps its values as bound parameters made when it is built and lists its parts in
``_traverse_internals``, so a statement using it has a cache key: SQLAlchemy compiles it once and
reuses the SQL with the new values (compiling every list query anew was a seventh of a list
request's time, bench/api).

Equality on PostgreSQL is written ``custom @> '{"key": value}'`` so the GIN index
``ix_<table>_custom`` (jsonb_path_ops, migration 0004) serves it; SQLite compares the extracted
value. "Has this option" of a multi-select is ``@>`` with a one-element array on PostgreSQL and
an EXISTS over ``json_each`` on SQLite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, String, literal, not_, or_
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType


def json_path(key: str) -> str:
    return f'$."{key}"'  # keys match ^[a-z][a-z0-9_]*$: nothing to escape


class JsonContains(ColumnElement[Any]):
    """``custom @> document`` on PostgreSQL; ``fallback`` (the same test, spelled without the
    operator) on other databases."""

    inherit_cache = True
    _traverse_internals = [
        ("custom", InternalTraversal.dp_clauseelement),
        ("document", InternalTraversal.dp_clauseelement),
        ("fallback", InternalTraversal.dp_clauseelement),
    ]
    type = NullType()  # not Boolean: SQLite would compare the test with 1

    def __init__(self, custom: Any, document: dict[str, Any], fallback: Any) -> None:
        self.custom = custom
        self.document = literal(document, JSONB())
        self.fallback = fallback


@compiles(JsonContains)
def _contains_elsewhere(element: JsonContains, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.fallback, **kw)


@compiles(JsonContains, "postgresql")
def _contains_on_postgresql(element: JsonContains, compiler: SQLCompiler, **kw: Any) -> str:
    test = element.custom.op("@>", return_type=Boolean())(element.document)
    return f"({compiler.process(test, **kw)})"


class JsonArrayHas(ColumnElement[Any]):
    """The JSON array at ``custom -> key`` holds ``value`` (SQLite: ``json_each``)."""

    inherit_cache = True
    _traverse_internals = [
        ("custom", InternalTraversal.dp_clauseelement),
        ("path", InternalTraversal.dp_clauseelement),
        ("value", InternalTraversal.dp_clauseelement),
    ]
    type = NullType()  # not Boolean: SQLite would compare the test with 1

    def __init__(self, custom: Any, key: str, value: str) -> None:
        self.custom = custom
        self.path = literal(json_path(key), String())
        self.value = literal(value, String())


@compiles(JsonArrayHas)
def _array_has_with_json_each(element: JsonArrayHas, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.custom, **kw)
    path = compiler.process(element.path, **kw)
    value = compiler.process(element.value, **kw)
    # Every part is a compiled column or bound parameter: no value is written into the SQL.
    return f"EXISTS (SELECT 1 FROM json_each({column}, {path}) WHERE json_each.value = {value})"  # noqa: S608


def has_option(custom: Any, key: str, value: str) -> JsonContains:
    return JsonContains(custom, {key: [value]}, JsonArrayHas(custom, key, value))


class CustomValue:
    """A custom field's extracted value, usable wherever ``parse_filters`` uses a column.

    ``==`` becomes the index-friendly containment test on PostgreSQL when ``indexed`` (types
    whose JSON value equals the filter value exactly); every other operator works on the
    extracted, typed value (``__clause_element__`` lets SQLAlchemy take it as an expression).
    """

    def __init__(self, custom: Any, key: str, extracted: Any, *, indexed: bool) -> None:
        self.custom = custom
        self.key = key
        self.extracted = extracted
        self.indexed = indexed

    def __clause_element__(self) -> Any:
        return self.extracted

    # The operators parse_filters and kit.sorting use; anything else is the extracted value's.
    def in_(self, values: Any) -> Any:
        return self.extracted.in_(values)

    def is_(self, value: Any) -> Any:
        return self.extracted.is_(value)

    def is_not(self, value: Any) -> Any:
        return self.extracted.is_not(value)

    def between(self, low: Any, high: Any) -> Any:
        return self.extracted.between(low, high)

    def like(self, pattern: str, escape: str | None = None) -> Any:
        return self.extracted.like(pattern, escape=escape)

    def ilike(self, pattern: str, escape: str | None = None) -> Any:
        return self.extracted.ilike(pattern, escape=escape)

    def __eq__(self, value: object) -> Any:
        if self.indexed and value is not None:
            return JsonContains(self.custom, {self.key: value}, self.extracted == value)
        return self.extracted == value

    def __ne__(self, value: object) -> Any:
        return self.extracted != value

    def __lt__(self, value: object) -> Any:
        return self.extracted < value

    def __le__(self, value: object) -> Any:
        return self.extracted <= value

    def __gt__(self, value: object) -> Any:
        return self.extracted > value

    def __ge__(self, value: object) -> Any:
        return self.extracted >= value

    __hash__ = object.__hash__


class OptionsValue(CustomValue):
    """A multi-select: ``eq`` is "has this option", ``in`` "has any of them", ``ne``/``nin``
    their opposites (records without a value included)."""

    def __eq__(self, value: object) -> Any:
        return has_option(self.custom, self.key, str(value))

    def __ne__(self, value: object) -> Any:
        return not_(self == value)

    def in_(self, values: list[str]) -> Any:
        return or_(*(has_option(self.custom, self.key, v) for v in values))

    __hash__ = object.__hash__


class WithoutKey(ColumnElement[Any]):
    """``custom`` with ``key`` removed: ``custom - 'key'`` on PostgreSQL, ``json_remove`` on
    SQLite. The key is a bound parameter on both."""

    inherit_cache = True
    _traverse_internals = [
        ("custom", InternalTraversal.dp_clauseelement),
        ("path", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, custom: Any, key: str) -> None:
        self.custom = custom
        self.path = literal(json_path(key), String())  # SQLite's
        self.name = literal(key, String())  # PostgreSQL's
        self.type = custom.type


@compiles(WithoutKey)
def _without_key_sqlite(element: WithoutKey, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.custom, **kw)
    path = compiler.process(element.path, **kw)
    return f"json_remove({column}, {path})"


@compiles(WithoutKey, "postgresql")
def _without_key_postgresql(element: WithoutKey, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.custom, **kw)
    key = compiler.process(element.name, **kw)
    return f"({column} - CAST({key} AS TEXT))"


class HasKey(ColumnElement[Any]):
    """``custom`` holds ``key`` (``?`` on PostgreSQL, ``json_type`` on SQLite)."""

    inherit_cache = True
    _traverse_internals = WithoutKey._traverse_internals
    type = NullType()  # not Boolean: SQLite would compare the test with 1

    def __init__(self, custom: Any, key: str) -> None:
        self.custom = custom
        self.path = literal(json_path(key), String())  # SQLite's
        self.name = literal(key, String())  # PostgreSQL's


@compiles(HasKey)
def _has_key_sqlite(element: HasKey, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.custom, **kw)
    path = compiler.process(element.path, **kw)
    return f"(json_type({column}, {path}) IS NOT NULL)"


@compiles(HasKey, "postgresql")
def _has_key_postgresql(element: HasKey, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.custom, **kw)
    key = compiler.process(element.name, **kw)
    # jsonb_exists() is the function behind "?", which psycopg would read as a placeholder.
    return f"jsonb_exists({column}, CAST({key} AS TEXT))"
