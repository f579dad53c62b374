"""``?filter[<field>][<op>]=<value>``: filters from an entity's allow-list, as bound parameters.

Fields and operators outside the allow-list are a 422 naming the parameter; values are parsed
to the field's type before they reach SQL, and always as bound parameters.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, ColumnElement, String, and_, func, literal, not_, or_, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from starlette.datastructures import QueryParams

from heron.kit.errors import ValidationFailed

_PARAM = re.compile(r"^filter\[([A-Za-z0-9_.]+)\]\[([a-z]+)\]$")
MAX_LIST_VALUES = 200
MAX_DECIMAL_EXPONENT = 38


class Op(StrEnum):
    eq = "eq"
    ne = "ne"
    lt = "lt"
    lte = "lte"
    gt = "gt"
    gte = "gte"
    in_ = "in"
    nin = "nin"
    contains = "contains"
    icontains = "icontains"
    startswith = "startswith"  # type: ignore[assignment]  # shadows str.startswith on members
    isnull = "isnull"
    between = "between"


EQUALITY = frozenset({Op.eq, Op.ne, Op.in_, Op.nin, Op.isnull})
ORDERED = EQUALITY | {Op.lt, Op.lte, Op.gt, Op.gte, Op.between}
TEXT = EQUALITY | {Op.contains, Op.icontains, Op.startswith}


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ValueError("expected true or false")


def _parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("a time needs a UTC offset, e.g. 2026-01-31T09:00:00Z")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:00:00-05:00 is past year 9999 in UTC
        raise ValueError("the time is out of range") from None


def _parse_int(text: str) -> int:
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise ValueError("the number is out of range")
    return value


def _parse_decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite() or abs(value.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise ValueError("expected a finite number")
    return value


PARSERS: dict[str, Callable[[str], Any]] = {
    "str": str,
    "int": _parse_int,
    "decimal": _parse_decimal,
    "bool": _parse_bool,
    "date": date.fromisoformat,
    "datetime": _parse_datetime,
    "uuid": uuid.UUID,
}


@dataclass(frozen=True)
class FilterField:
    column: Any
    type: str = "str"
    ops: frozenset[Op] = EQUALITY
    choices: frozenset[str] | None = None
    # For fields that are not a column (tags, a JSON array): builds the clause from the
    # operator and the parsed value (a list for in/nin/between), instead of comparing ``column``.
    build: Callable[[Op, Any], Any] | None = None

    def parse(self, text: str) -> Any:
        if "\x00" in text:  # PostgreSQL refuses NUL in text; it is never meaningful here
            raise ValueError("a value cannot contain a NUL character")
        value = PARSERS[self.type](text)
        if self.choices is not None and value not in self.choices:
            raise ValueError("expected one of " + ", ".join(sorted(self.choices)))
        return value


def text_field(column: Any) -> FilterField:
    return FilterField(column, "str", TEXT)


def ordered_field(column: Any, type_: str) -> FilterField:
    return FilterField(column, type_, ORDERED)


def choice_field(column: Any, choices: Sequence[str]) -> FilterField:
    return FilterField(column, "str", EQUALITY, frozenset(choices))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class CaseSensitiveMatch(ColumnElement[bool]):
    """``contains`` / ``startswith`` that respect case on every database: SQLite's LIKE
    ignores ASCII case, so there it is written with ``instr`` / ``substr`` instead.

    Both spellings are built here with the text as a bound parameter, so a statement using
    it keeps its cache key (SQLAlchemy compiles it once)."""

    inherit_cache = True
    _traverse_internals = [
        ("like_test", InternalTraversal.dp_clauseelement),
        ("on_sqlite", InternalTraversal.dp_clauseelement),
    ]
    type = Boolean()

    def __init__(self, column: Any, text: str, *, prefix: bool) -> None:
        pattern = _escape_like(text)
        self.like_test = column.like(f"{pattern}%" if prefix else f"%{pattern}%", escape="\\")
        bound = literal(text, String())
        if prefix:
            self.on_sqlite = func.substr(column, 1, func.length(bound)) == bound
        else:
            self.on_sqlite = func.instr(column, bound) > 0


@compiles(CaseSensitiveMatch)
def _match_with_like(element: CaseSensitiveMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.like_test, **kw)


@compiles(CaseSensitiveMatch, "sqlite")
def _match_on_sqlite(element: CaseSensitiveMatch, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.on_sqlite, **kw)


def _value(field: FilterField, op: Op, raw: str) -> Any:
    """The operand of ``op`` parsed to the field's type (a list for in/nin/between)."""
    if op is Op.isnull:
        return _parse_bool(raw)
    if op in (Op.in_, Op.nin):
        values = [field.parse(v) for v in raw.split(",") if v != ""]
        if not values or len(values) > MAX_LIST_VALUES:
            raise ValueError(f"give 1 to {MAX_LIST_VALUES} comma-separated values")
        return values
    if op is Op.between:
        parts = raw.split(",")
        if len(parts) != 2:
            raise ValueError("give two comma-separated values: low,high")
        return [field.parse(parts[0]), field.parse(parts[1])]
    return field.parse(raw)


def _clause(field: FilterField, op: Op, raw: str, loc: tuple[str | int, ...]) -> Any:
    col = field.column
    try:
        value = _value(field, op, raw)
    except (ValueError, InvalidOperation, TypeError) as exc:
        reason = str(exc) if str(exc) else f"not a valid {field.type}"
        raise ValidationFailed.field(loc, f"Invalid value for {loc[-1]}: {reason}.") from None
    if field.build is not None:
        return field.build(op, value)
    if op is Op.isnull:
        return col.is_(None) if value else col.is_not(None)
    if op is Op.in_:
        return col.in_(value)
    if op is Op.nin:
        return not_(col.in_(value))
    if op is Op.between:
        return col.between(value[0], value[1])
    if op is Op.icontains:
        return col.ilike(f"%{_escape_like(str(value))}%", escape="\\")
    if op in (Op.contains, Op.startswith):
        return CaseSensitiveMatch(col, str(value), prefix=op is Op.startswith)
    comparisons = {
        Op.eq: lambda: col == value,
        Op.ne: lambda: col != value,
        Op.lt: lambda: col < value,
        Op.lte: lambda: col <= value,
        Op.gt: lambda: col > value,
        Op.gte: lambda: col >= value,
    }
    return comparisons[op]()


def parse_filters(query: QueryParams, allowed: Mapping[str, FilterField]) -> Any | None:
    """The AND of every ``filter[field][op]`` in ``query``, or None when there is none."""
    clauses = []
    for name, raw in query.multi_items():
        if not name.startswith("filter"):
            continue
        loc = ("query", name)
        match = _PARAM.match(name)
        if match is None:
            raise ValidationFailed.field(loc, "Filters are written filter[<field>][<op>]=<value>.")
        field_name, op_name = match.groups()
        field, op = _lookup(allowed, field_name, op_name, loc)
        clauses.append(_clause(field, op, raw, loc))
    return and_(*clauses) if clauses else None


def _lookup(
    allowed: Mapping[str, FilterField], field_name: str, op_name: str, loc: Sequence[str | int]
) -> tuple[FilterField, Op]:
    field = allowed.get(field_name)
    if field is None:
        choices = ", ".join(sorted(allowed)) or "none"
        raise ValidationFailed.field(
            loc, f"Cannot filter by '{field_name}'. Filterable: {choices}."
        )
    try:
        op = Op(op_name)
    except ValueError:
        op = None
    if op is None or op not in field.ops:
        ops = ", ".join(sorted(o.value for o in field.ops))
        raise ValidationFailed.field(
            loc, f"'{op_name}' does not apply to '{field_name}'. Use one of: {ops}."
        )
    return field, op


MAX_TREE_DEPTH = 5
MAX_TREE_CONDITIONS = 100


def _raw(value: Any) -> str:
    """A JSON operand written as the query-string text the parsers expect."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_raw(v) for v in value)
    if value is None:
        raise ValueError("a value is required")
    return str(value)


def parse_filter_tree(
    tree: Mapping[str, Any], allowed: Mapping[str, FilterField], loc: Sequence[str | int]
) -> Any:
    """The clause of a saved view's filter: nested groups
    ``{"op": "and"|"or", "conditions": [{"field", "op", "value"} | group, ...]}``, checked
    against the same allow-list as ``filter[...]`` parameters."""
    count = [0]

    def group(node: Any, where: tuple[str | int, ...], depth: int) -> Any:
        if not isinstance(node, Mapping) or node.get("op") not in ("and", "or"):
            raise ValidationFailed.field(
                where, 'A group is {"op": "and" or "or", "conditions": [...]}.'
            )
        if depth > MAX_TREE_DEPTH:
            raise ValidationFailed.field(where, f"Groups nest at most {MAX_TREE_DEPTH} deep.")
        conditions = node.get("conditions")
        if not isinstance(conditions, list):
            raise ValidationFailed.field(where, "A group needs a list of conditions.")
        clauses = []
        for index, item in enumerate(conditions):
            here = (*where, "conditions", index)
            if isinstance(item, Mapping) and "conditions" in item:
                clauses.append(group(item, here, depth + 1))
                continue
            count[0] += 1
            if count[0] > MAX_TREE_CONDITIONS:
                raise ValidationFailed.field(here, f"At most {MAX_TREE_CONDITIONS} conditions.")
            clauses.append(condition(item, here))
        if not clauses:
            return true()
        return and_(*clauses) if node["op"] == "and" else or_(*clauses)

    def condition(item: Any, where: tuple[str | int, ...]) -> Any:
        if not isinstance(item, Mapping) or not isinstance(item.get("field"), str):
            raise ValidationFailed.field(where, 'A condition is {"field", "op", "value"}.')
        field, op = _lookup(allowed, item["field"], str(item.get("op")), where)
        try:
            raw = _raw(item.get("value"))
        except ValueError as exc:
            raise ValidationFailed.field((*where, "value"), f"{exc}.") from None
        return _clause(field, op, raw, (*where, item["field"]))

    return group(tree, tuple(loc), 1)
