"""What an export of each record kind may contain: its columns, their labels and types, and
the SQL that reads them.

Column keys are those of the web app's lists (``full_name``, ``owner``, ``company``, ``stage``,
...) so that "export what I see" is the list's visible columns as they are; custom fields are
``custom.<key>``. Names of related rows (owner, company, stage, pipeline) come from outer joins
and tags from one aggregate per row, so a million rows are read in one streamed query and never
as ORM objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, DateTime, String, func, literal, select, type_coerce
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from heron.contacts.repository import full_name_expression
from heron.custom_fields.expressions import json_path
from heron.kit.errors import ValidationFailed
from heron.models import Company, Contact, CustomField, Deal, Lead, Pipeline, Stage, Tag, Tagging
from heron.models import User as _User

MAX_COLUMNS = 200
CUSTOM_PREFIX = "custom."


class ValueType(StrEnum):
    text = "text"
    number = "number"
    date = "date"
    datetime = "datetime"
    boolean = "boolean"
    # A custom field: its value is read out of the record's ``custom`` JSON.
    custom = "custom"


Owner = aliased(_User, name="export_owner")
RelatedCompany = aliased(Company, name="export_company")
DealStage = aliased(Stage, name="export_stage")
DealPipeline = aliased(Pipeline, name="export_pipeline")

# The SQL of a column, given the record model and the dialect's name.
Sql = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: ValueType
    # The SQL expression, given the record model and the dialect's name.
    sql: Sql
    # The outer joins it needs (keys of ``joins_for``).
    joins: tuple[str, ...] = ()
    # Custom fields only: the definition (its key and type decide how values are written).
    field: CustomField | None = field(default=None, compare=False)


def _attr(name: str) -> Sql:
    return lambda model, _dialect: getattr(model, name)


def _tags(kind: str) -> Sql:
    """The record's tag names, alphabetical, comma-separated (NULL when it has none)."""

    def sql(model: Any, dialect: str) -> ColumnElement[Any]:
        of_record = (Tagging.record_kind == kind, Tagging.record_id == model.id)
        if dialect == "postgresql":
            names = func.string_agg(Tag.name, aggregate_order_by(literal(", "), Tag.name))
            stmt = select(names).join(Tagging, Tagging.tag_id == Tag.id).where(*of_record)
            return stmt.correlate(model).scalar_subquery()
        # SQLite before 3.44 has no ORDER BY inside group_concat: it concatenates the rows of
        # a sorted subquery in their order.
        ordered = (
            select(Tag.name.label("name"))
            .join(Tagging, Tagging.tag_id == Tag.id)
            .where(*of_record)
            .order_by(Tag.name)
            .correlate(model)
            .subquery()
        )
        return select(func.group_concat(ordered.c.name, ", ")).scalar_subquery()

    return sql


def _shared(kind: str) -> list[Column]:
    return [
        Column("owner", "Owner", ValueType.text, lambda m, d: Owner.full_name, ("owner",)),
        Column("owner_email", "Owner e-mail", ValueType.text, lambda m, d: Owner.email, ("owner",)),
        Column("tags", "Tags", ValueType.text, _tags(kind)),
        Column("created_at", "Created", ValueType.datetime, _attr("created_at")),
        Column("updated_at", "Updated", ValueType.datetime, _attr("updated_at")),
        Column("id", "Id", ValueType.text, _attr("id")),
    ]


def _text(key: str, label: str) -> Column:
    return Column(key, label, ValueType.text, _attr(key))


def _address() -> list[Column]:
    return [
        _text("address_street", "Street"),
        _text("address_city", "City"),
        _text("address_region", "Region"),
        _text("address_postal_code", "Postal code"),
        _text("address_country", "Country"),
    ]


def _company_name(_model: Any, _dialect: str) -> Any:
    return RelatedCompany.name


COLUMNS: dict[str, list[Column]] = {
    "company": [
        _text("name", "Name"),
        _text("domain", "Domain"),
        _text("website", "Website"),
        _text("industry", "Industry"),
        Column("employee_count", "Employees", ValueType.number, _attr("employee_count")),
        Column("annual_revenue", "Revenue", ValueType.number, _attr("annual_revenue")),
        _text("annual_revenue_currency", "Revenue currency"),
        _text("phone", "Phone"),
        _text("description", "Description"),
        *_address(),
        *_shared("company"),
    ],
    "contact": [
        Column("full_name", "Name", ValueType.text, lambda m, d: full_name_expression()),
        _text("first_name", "First name"),
        _text("last_name", "Last name"),
        _text("email", "E-mail"),
        _text("phone", "Phone"),
        Column("company", "Company", ValueType.text, _company_name, ("company",)),
        _text("job_title", "Job title"),
        _text("lifecycle_status", "Lifecycle"),
        _text("source", "Source"),
        Column("last_activity_at", "Last activity", ValueType.datetime, _attr("last_activity_at")),
        *_address(),
        *_shared("contact"),
    ],
    "lead": [
        _text("name", "Name"),
        _text("email", "E-mail"),
        _text("phone", "Phone"),
        _text("company_name", "Company"),
        _text("website", "Website"),
        _text("title", "Title"),
        _text("source", "Source"),
        _text("status", "Status"),
        Column("score", "Score", ValueType.number, _attr("score")),
        Column("converted_at", "Converted", ValueType.datetime, _attr("converted_at")),
        *_shared("lead"),
    ],
    "deal": [
        _text("name", "Name"),
        Column("amount", "Amount", ValueType.number, _attr("amount")),
        _text("currency", "Currency"),
        Column("pipeline", "Pipeline", ValueType.text, lambda m, d: DealPipeline.name,
               ("pipeline",)),
        Column("stage", "Stage", ValueType.text, lambda m, d: DealStage.name, ("stage",)),
        _text("status", "Status"),
        Column(
            "probability",
            "Probability",
            ValueType.number,
            lambda m, d: func.coalesce(Deal.probability, DealStage.probability),
            ("stage",),
        ),
        Column("expected_close_date", "Expected close", ValueType.date,
               _attr("expected_close_date")),
        Column("closed_at", "Closed", ValueType.datetime, _attr("closed_at")),
        _text("lost_reason", "Lost reason"),
        Column("company", "Company", ValueType.text, _company_name, ("company",)),
        *_shared("deal"),
    ],
}  # fmt: skip

MODELS: dict[str, Any] = {"company": Company, "contact": Contact, "lead": Lead, "deal": Deal}


def joins_for(model: Any) -> dict[str, tuple[Any, ColumnElement[bool]]]:
    """The outer joins columns may ask for, as (target, on clause)."""
    joins: dict[str, tuple[Any, ColumnElement[bool]]] = {
        "owner": (Owner, Owner.id == model.owner_id),
    }
    if hasattr(model, "company_id"):
        # A deleted company is no longer shown on its records (as the record pages do).
        on = (RelatedCompany.id == model.company_id) & RelatedCompany.deleted_at.is_(None)
        joins["company"] = (RelatedCompany, on)
    if model is Deal:
        joins["stage"] = (DealStage, DealStage.id == Deal.stage_id)
        joins["pipeline"] = (DealPipeline, DealPipeline.id == Deal.pipeline_id)
    return joins


def custom_column(definition: CustomField) -> Column:
    return Column(
        CUSTOM_PREFIX + definition.key,
        definition.label,
        ValueType.custom,
        _attr("custom"),
        field=definition,
    )


def catalog(kind: str, definitions: Sequence[CustomField]) -> dict[str, Column]:
    """Every column an export of ``kind`` may have, by key, in their default order."""
    columns = {c.key: c for c in COLUMNS[kind]}
    columns.update({c.key: c for c in map(custom_column, definitions)})
    return columns


def choose(available: Mapping[str, Column], keys: Sequence[str] | None) -> list[Column]:
    """The columns named by ``keys`` (all of them when None), in that order; 422 naming the
    unknown ones."""
    if not keys:
        return list(available.values())
    unknown = [k for k in keys if k not in available]
    if unknown:
        choices = ", ".join(available)
        raise ValidationFailed.field(
            ("query", "columns"),
            f"Unknown column(s): {', '.join(unknown)}. Columns of this kind: {choices}.",
        )
    if len(keys) > MAX_COLUMNS:
        raise ValidationFailed.field(("query", "columns"), f"At most {MAX_COLUMNS} columns.")
    seen: dict[str, Column] = {}
    for key in keys:
        seen.setdefault(key, available[key])
    return list(seen.values())


def custom_value(custom: Any, key: str, dialect: str) -> Any:
    """One custom field's value out of the ``custom`` JSON, without reading the whole document
    into Python: text on PostgreSQL (``->>``: numbers as JSON text, booleans as true/false,
    lists as JSON), the value itself on SQLite (``json_extract``: booleans as 1/0, lists as
    JSON)."""
    if dialect == "postgresql":
        return custom.op("->>", return_type=String())(literal(key, String()))
    return func.json_extract(custom, literal(json_path(key), String()))


def utc_text_sql(expression: Any, dialect: str) -> Any:
    """A time as ``2026-01-31T08:00:00Z`` text, formatted by the database."""
    if dialect == "postgresql":
        utc = func.timezone("UTC", expression)
        return func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    # SQLite keeps times as UTC text ("2026-01-31 08:00:00.000000").
    return func.strftime("%Y-%m-%dT%H:%M:%SZ", type_coerce(expression, String()))


def date_text_sql(expression: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return func.to_char(expression, "YYYY-MM-DD")
    return type_coerce(expression, String())


def expression(column: Column, model: Any, dialect: str, *, as_text: bool) -> Any:
    """The SQL that reads ``column``. ``as_text`` (CSV): times and dates come formatted by the
    database, so no Python date object is made per row; otherwise (XLSX) they come typed."""
    if column.type is ValueType.custom:
        assert column.field is not None
        return custom_value(model.custom, column.field.key, dialect)
    sql = column.sql(model, dialect)
    if column.type is ValueType.datetime:
        if as_text:
            return utc_text_sql(sql, dialect)
        if dialect == "postgresql":
            # psycopg gives aware datetimes already: skip the UTC decorator's per-value call.
            return type_coerce(sql, DateTime(timezone=True))
    if column.type is ValueType.date and as_text:
        return date_text_sql(sql, dialect)
    return sql
