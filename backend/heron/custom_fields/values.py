"""Custom-field values: checking what a client sends, and filtering and sorting records by them.

Record domains (companies, contacts, leads, deals) call:

- ``definitions(session, org_id, kind)``: the organization's fields of a kind, by position;
- ``validate_values(defs, incoming, existing=..., member_ids=...)``: the new ``custom`` dict to
  store, or one 422 listing every bad value at ``["body", "custom", <key>]``;
- ``filter_fields(model, defs)`` / ``sort_fields(model, defs)``: ``custom.<key>`` entries for the
  kind's filter and sort allow-lists (``heron.kit.filtering`` / ``heron.kit.sorting``).

Values are stored as JSON: text as strings, numbers and money as numbers, dates as
``YYYY-MM-DD``, times as UTC ``YYYY-MM-DDTHH:MM:SSZ`` (so text order is time order), booleans,
option values (a list for multi-select), e-mails lower-cased, phones in E.164, users as ids.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Integer, cast

from heron.custom_fields.expressions import CustomValue, OptionsValue
from heron.custom_fields.repository import definitions
from heron.kit.errors import ValidationFailed
from heron.kit.filtering import EQUALITY, ORDERED, TEXT, FilterField, Op
from heron.models import CustomField, FieldType

__all__ = ["coerce", "definitions", "filter_fields", "sort_fields", "validate_values"]

TEXT_MAX = 2_000
LONG_TEXT_MAX = 100_000
URL_MAX = 2_000
# JSON numbers are read back as doubles: 15 significant digits survive the round trip exactly.
NUMBER_MAX = Decimal(10) ** 15
NUMBER_DIGITS = 15
MONEY_DECIMALS = 4
PLURAL = {"company": "companies", "contact": "contacts", "lead": "leads", "deal": "deals"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$"
)


class Invalid(ValueError):
    """A value that does not fit its field; the message ends the sentence "'Label' expects"."""


def _text(limit: int) -> Callable[[Any], Any]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid("text")
        if "\x00" in value:
            raise Invalid("text without the NUL character")
        if len(value) > limit:
            raise Invalid(f"text of at most {limit:,} characters")
        return value

    return check


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(what)
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(what) from None
    if not number.is_finite():
        raise Invalid(f"{what} (not infinity or NaN)")
    if abs(number) >= NUMBER_MAX:
        raise Invalid(f"{what} below {NUMBER_MAX:,}")
    return number


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _number(value: Any) -> int | float:
    return _json_number(_decimal(value, "a number, e.g. 42 or 3.5"))


def _money(value: Any) -> int | float:
    what = 'an amount with at most 4 decimals, e.g. "1250.50"'
    number = _decimal(value, what).normalize()
    exponent = int(number.as_tuple().exponent)
    if -exponent > MONEY_DECIMALS:
        raise Invalid(what)
    if len(number.as_tuple().digits) > NUMBER_DIGITS:
        raise Invalid(f"{what}, with at most {NUMBER_DIGITS} digits in all")
    return _json_number(number)


def _date(value: Any) -> str:
    what = "a date written YYYY-MM-DD, e.g. 2026-01-31"
    if not isinstance(value, str) or not _DATE.match(value):
        raise Invalid(what)
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise Invalid(what) from None


def utc_text(moment: datetime) -> str:
    """The stored form of a time: UTC to the second, ``2026-01-31T08:00:00Z``."""
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _datetime(value: Any) -> str:
    what = "a time with its UTC offset (RFC 3339), e.g. 2026-01-31T09:00:00+01:00"
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise Invalid(what)
    try:
        return utc_text(datetime.fromisoformat(value.upper().replace("Z", "+00:00")))
    except (ValueError, OverflowError):
        raise Invalid(what) from None


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("true or false")
    return value


def _url(value: Any) -> str:
    what = "a web address starting with http:// or https://"
    if not isinstance(value, str) or len(value) > URL_MAX:
        raise Invalid(f"{what}, at most {URL_MAX:,} characters")
    if any(c.isspace() or ord(c) < 32 for c in value):
        raise Invalid(f"{what}, without spaces")
    try:
        parts = urlsplit(value)
    except ValueError:
        raise Invalid(what) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Invalid(what)
    return value


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("an e-mail address")
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise Invalid(f"an e-mail address ({exc})") from None


def _phone(value: Any) -> str:
    if not isinstance(value, str) or not value.startswith("+"):
        raise Invalid(
            "a phone number in international form: + then the country code, e.g. +33 1 23 45 67 89"
        )
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid("a valid phone number, e.g. +33 1 23 45 67 89")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _option_values(field: CustomField) -> list[str]:
    return [str(o["value"]) for o in field.options or []]


def _choices(field: CustomField) -> str:
    values = _option_values(field)
    shown = ", ".join(values[:20]) + (", ..." if len(values) > 20 else "")
    return f"one of: {shown}"


def _select(field: CustomField, value: Any) -> str:
    if not isinstance(value, str) or value not in _option_values(field):
        raise Invalid(_choices(field))
    return value


def _multi_select(field: CustomField, value: Any) -> list[str]:
    what = f"a list of options, each {_choices(field)}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(what)
    if any(v not in _option_values(field) for v in value):
        raise Invalid(what)
    if len(set(value)) != len(value):
        raise Invalid(f"{what}, each at most once")
    return list(value)


def _user(value: Any, member_ids: Collection[uuid.UUID]) -> str:
    what = "the id of a member of your organization"
    try:
        user_id = uuid.UUID(str(value)) if isinstance(value, str | uuid.UUID) else None
    except ValueError:
        user_id = None
    if user_id is None or user_id not in member_ids:
        raise Invalid(what)
    return str(user_id)


_SIMPLE: dict[str, Callable[[Any], Any]] = {
    FieldType.text: _text(TEXT_MAX),
    FieldType.long_text: _text(LONG_TEXT_MAX),
    FieldType.number: _number,
    FieldType.money: _money,
    FieldType.date: _date,
    FieldType.datetime: _datetime,
    FieldType.boolean: _boolean,
    FieldType.url: _url,
    FieldType.email: _email,
    FieldType.phone: _phone,
}


def is_empty(value: Any) -> bool:
    """Null, blank text and an empty list all mean "no value"."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def coerce(field: CustomField, value: Any, member_ids: Collection[uuid.UUID]) -> Any:
    """The stored form of a non-empty ``value`` for ``field``; ``Invalid`` when it does not fit."""
    if isinstance(value, str) and field.type not in (FieldType.long_text,):
        value = value.strip()
    if field.type == FieldType.select:
        return _select(field, value)
    if field.type == FieldType.multi_select:
        return _multi_select(field, value)
    if field.type == FieldType.user:
        return _user(value, member_ids)
    return _SIMPLE[field.type](value)


def _detail(key: str, msg: str) -> dict[str, Any]:
    return {"loc": ["body", "custom", key], "msg": msg, "type": "value_error"}


def validate_values(
    defs: Sequence[CustomField],
    incoming: Mapping[str, Any],
    *,
    existing: Mapping[str, Any] | None,
    member_ids: Collection[uuid.UUID],
    kind: str | None = None,
) -> dict[str, Any]:
    """The record's new ``custom`` dict: ``existing`` (None when creating) changed by
    ``incoming``. Null (or blank) clears a value; creating applies defaults and requires the
    required fields. Every problem is reported at once, in one 422."""
    by_key = {f.key: f for f in defs}
    kind = kind or (defs[0].record_kind if defs else None)
    result = {k: v for k, v in (existing or {}).items() if k in by_key}
    errors: list[dict[str, Any]] = []
    for key, value in incoming.items():
        field = by_key.get(key)
        if field is None:
            where = PLURAL.get(kind or "", "this kind of record")
            errors.append(_detail(key, f"No custom field '{key}' on {where}."))
        elif is_empty(value):
            if field.required:
                errors.append(_detail(key, f"'{field.label}' is required; it cannot be empty."))
            result.pop(key, None)
        else:
            try:
                result[key] = coerce(field, value, member_ids)
            except Invalid as exc:
                errors.append(_detail(key, f"'{field.label}' expects {exc}."))
    if existing is None:
        for field in defs:
            if field.key in incoming:
                continue
            default = _default(field, member_ids)
            if default is not None:
                result[field.key] = default
            elif field.required:
                errors.append(_detail(field.key, f"'{field.label}' is required."))
    if errors:
        message = (
            errors[0]["msg"] if len(errors) == 1 else "Some custom field values are not valid."
        )
        raise ValidationFailed(message, details=errors)
    return result


def _default(field: CustomField, member_ids: Collection[uuid.UUID]) -> Any:
    """The field's default in its stored form; None when it has none or it no longer fits
    (a default member who has left)."""
    if is_empty(field.default):
        return None
    try:
        return coerce(field, field.default, member_ids)
    except Invalid:
        return None


# Querying


@dataclass(frozen=True)
class CustomFilter(FilterField):
    """A ``FilterField`` whose parsed value is turned into the stored JSON form."""

    to_json: Callable[[Any], Any] = lambda v: v

    def parse(self, text: str) -> Any:
        return self.to_json(super().parse(text))


_NUMERIC = (FieldType.number, FieldType.money)
_INDEXED = frozenset(
    {FieldType.text, FieldType.select, FieldType.boolean, FieldType.url, FieldType.email,
     FieldType.phone, FieldType.user, FieldType.date, FieldType.datetime, *_NUMERIC}
)  # fmt: skip


def _extracted(model: Any, field: CustomField) -> Any:
    value = model.custom[field.key]
    if field.type in _NUMERIC:
        return value.as_float()
    if field.type == FieldType.boolean:
        return value.as_boolean()
    return value.as_string()


def _filter(model: Any, field: CustomField) -> FilterField:
    custom = model.custom
    column = (
        OptionsValue(custom, field.key, _extracted(model, field), indexed=False)
        if field.type == FieldType.multi_select
        else CustomValue(
            custom, field.key, _extracted(model, field), indexed=field.type in _INDEXED
        )
    )
    ftype = FieldType(field.type)
    if ftype in _NUMERIC:
        return CustomFilter(column, "decimal", ORDERED, to_json=float)
    if ftype == FieldType.date:
        return CustomFilter(column, "date", ORDERED, to_json=date.isoformat)
    if ftype == FieldType.datetime:
        return CustomFilter(column, "datetime", ORDERED, to_json=utc_text)
    if ftype == FieldType.boolean:
        return CustomFilter(column, "bool", frozenset({Op.eq, Op.ne, Op.isnull}))
    if ftype in (FieldType.select, FieldType.multi_select):
        choices = frozenset(_option_values(field))
        return CustomFilter(column, "str", EQUALITY, choices)
    if ftype == FieldType.user:
        return CustomFilter(column, "uuid", EQUALITY, to_json=str)
    return CustomFilter(column, "str", TEXT)


def filter_fields(model: Any, defs: Sequence[CustomField]) -> dict[str, FilterField]:
    """``custom.<key>`` entries for ``parse_filters``, one per field of ``defs``."""
    return {f"custom.{f.key}": _filter(model, f) for f in defs}


def sort_fields(model: Any, defs: Sequence[CustomField]) -> dict[str, Any]:
    """``custom.<key>`` sort expressions: numbers and money by value, others as text (dates and
    times are stored so that text order is time order); multi-selects are not sortable."""
    return {
        f"custom.{f.key}": _sort_expression(model, f)
        for f in defs
        if f.type != FieldType.multi_select
    }


def _sort_expression(model: Any, field: CustomField) -> Any:
    if field.type in _NUMERIC:
        return _extracted(model, field)
    if field.type == FieldType.boolean:
        # As 0/1: SQL compares numbers, not true/false, after a page's cursor.
        return cast(model.custom[field.key].as_boolean(), Integer)
    return model.custom[field.key].as_string()
