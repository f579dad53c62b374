"""One file row -> the values of one record, checked with the validators the API uses.

``RowPreparer(plan, ...).prepare(row)`` returns a ``Prepared`` row or the list of its
``Problem``s (row, column, value, reason), every problem of the row at once. Built-in fields
are checked by the same Pydantic types as the kind's PATCH body (``ContactUpdate``, ...: max
lengths, e-mail normalisation, E.164 phones, country codes, web addresses, choices), taken field
by field so that a problem names its column; custom fields by ``custom_fields.values.coerce``.
What needs the database (matching, the custom-field defaults and required fields, tags,
companies) is the writer's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any

import annotated_types
from pydantic import TypeAdapter, ValidationError

from heron.companies.schemas import CompanyUpdate
from heron.contacts.schemas import ContactUpdate, EmailIn, PhoneIn, SocialIn
from heron.custom_fields.values import Invalid, coerce
from heron.imports import cells
from heron.imports.plan import Plan
from heron.imports.reader import SourceRow
from heron.imports.targets import CUSTOM_PREFIX, IGNORE, OWNER_EMAIL, TAGS
from heron.leads.schemas import LeadUpdate
from heron.leads.service import split_name
from heron.models import CustomField, FieldType
from heron.records.schemas import AddressIn
from heron.tags.schemas import TagName

MAX_TAGS_PER_ROW = 50
SHOWN_VALUE_CHARS = 200


@dataclass
class Problem:
    line: int
    column: str | None
    value: str | None
    reason: str


@dataclass
class Prepared:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str | None]] = field(default_factory=list)
    social: dict[str, str] = field(default_factory=dict)
    custom: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    owner_id: uuid.UUID | None = None
    company_name: str | None = None
    company_domain: str | None = None
    # The match key's value (normalised), None when empty.
    key: str | None = None


@cache
def _adapter(model: type, name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]  # type: ignore[attr-defined]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    annotated: Any = Annotated[info.annotation, *info.metadata]
    return TypeAdapter(annotated)


@cache
def _plain_text(model: type, name: str) -> tuple[int | None, int | None] | None:
    """(min, max) length when ``model.name`` is plain optional text with length limits only:
    checked without a TypeAdapter (a third of an import's time), with pydantic's own words."""
    info = model.model_fields[name]  # type: ignore[attr-defined]
    if info.annotation not in (str, str | None):
        return None
    low = high = None
    for item in info.metadata:
        if isinstance(item, annotated_types.MaxLen):
            high = item.max_length
        elif isinstance(item, annotated_types.MinLen):
            low = item.min_length
        else:
            return None
    return low, high


def _check(model: type, name: str, value: Any) -> Any:
    """``value`` through the API's type of ``model.name``; ValueError with pydantic's message."""
    limits = _plain_text(model, name) if isinstance(value, str) else None
    if limits is not None:
        low, high = limits
        if high is not None and len(value) > high:
            raise ValueError(f"String should have at most {high} character{'s' * (high != 1)}")
        if low is not None and len(value) < low:
            raise ValueError(f"String should have at least {low} character{'s' * (low != 1)}")
        return value
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError as exc:
        raise ValueError(exc.errors(include_url=False)[0]["msg"]) from None


_SCHEMA = {"contact": ContactUpdate, "company": CompanyUpdate, "lead": LeadUpdate}
_TAG = TypeAdapter(TagName)
# Built-in targets that take a number typed by people (thousands separators).
_INTEGERS = frozenset({"employee_count", "score"})
_AMOUNTS = frozenset({"annual_revenue"})
_LOWERED = frozenset({"lifecycle_status", "status"})
_URLS = frozenset({"website", "linkedin", "twitter"})
_ADDRESS_PARTS = ("street", "city", "region", "postal_code", "country")


class RowPreparer:
    def __init__(
        self,
        plan: Plan,
        headers: Sequence[str],
        custom: Sequence[CustomField],
        members: Mapping[str, uuid.UUID],
        may_own: Callable[[uuid.UUID], bool],
    ) -> None:
        self.plan = plan
        self.kind = plan.kind
        self.headers = list(headers)
        self.custom = {f.key: f for f in custom}
        self.members = members  # lower-cased e-mail -> user id
        self.member_ids = set(members.values())
        self.may_own = may_own
        self.schema = _SCHEMA[plan.kind]
        self.columns = [(i, t) for i, t in enumerate(plan.mapping) if t != IGNORE]

    def prepare(self, row: SourceRow) -> Prepared | list[Problem]:
        problems: list[Problem] = []
        if row.problem:
            problems.append(Problem(row.line, None, None, row.problem))
        out = Prepared(row.line)
        for index, target in self.columns:
            text = row.cells[index].strip() if index < len(row.cells) else ""
            if not text:
                continue
            try:
                self._apply(out, target, text)
            except (ValueError, cells.CellError) as exc:
                problems.append(
                    Problem(row.line, self.headers[index], _shown(text), _reason(target, exc))
                )
        if not problems:
            self._finish(out, problems)
        return problems or out

    # One cell
    def _apply(self, out: Prepared, target: str, text: str) -> None:
        if "\x00" in text:
            raise ValueError("contains the NUL character, which cannot be stored")
        if cells.looks_like_formula(text):
            raise ValueError(
                "looks like a spreadsheet formula; Heron imports values, not formulas "
                "(paste the values into the file instead)"
            )
        if target.startswith(CUSTOM_PREFIX):
            key = target[len(CUSTOM_PREFIX) :]
            out.custom[key] = self._custom(self.custom[key], text)
        elif target == TAGS:
            out.tags.extend(_check_tag(t) for t in cells.split_list(text))
            if len(out.tags) > MAX_TAGS_PER_ROW:
                raise ValueError(f"at most {MAX_TAGS_PER_ROW} tags on one record")
        elif target == OWNER_EMAIL:
            out.owner_id = self._owner(text)
        else:
            self._builtin(out, target, text)

    def _builtin(self, out: Prepared, target: str, text: str) -> None:
        kind = self.kind
        if target == "full_name":
            first, last = split_name(text)
            out.values.setdefault("first_name", first)
            out.values.setdefault("last_name", last)
        elif kind == "contact" and target in ("email", "email_other"):
            address = _check(EmailIn, "email", text)
            if address not in out.emails:
                out.emails.insert(0, address) if target == "email" else out.emails.append(address)
        elif kind == "contact" and target in ("phone", "phone_other"):
            number = _check(PhoneIn, "number", text)
            if number not in (p for p, _ in out.phones):
                label = "work" if target == "phone" else "mobile"
                item = (number, label)
                out.phones.insert(0, item) if target == "phone" else out.phones.append(item)
        elif kind == "contact" and target in _URLS:
            out.social[target] = _check(SocialIn, target, cells.with_scheme(text))
        elif kind == "contact" and target == "company":
            out.company_name = _check(CompanyUpdate, "name", text)
        elif kind == "contact" and target == "company_domain":
            out.company_domain = _check(CompanyUpdate, "domain", text)
        elif target.startswith("address_"):
            part = target.removeprefix("address_")
            if part == "country":
                text = cells.parse_country(text)
            out.values[target] = _check(AddressIn, part, text)
        elif kind == "lead" and target in ("first_name", "last_name"):
            out.values[f"_{target}"] = text
        else:
            out.values[target] = _check(self.schema, target, self._typed(target, text))

    def _typed(self, target: str, text: str) -> Any:
        if target in _INTEGERS:
            return cells.parse_int(text, self.plan.decimal_separator)
        if target in _AMOUNTS:
            return cells.parse_number(text, self.plan.decimal_separator)
        if target in _LOWERED:
            return text.lower()
        if target == "website":
            return cells.with_scheme(text)
        return text

    def _custom(self, field_: CustomField, text: str) -> Any:
        value: Any = text
        plan = self.plan
        if field_.type in (FieldType.number, FieldType.money):
            value = str(cells.parse_number(text, plan.decimal_separator))
        elif field_.type == FieldType.date:
            value = cells.parse_date(text, plan.date_order)
        elif field_.type == FieldType.datetime:
            value = cells.parse_datetime(text, plan.date_order)
        elif field_.type == FieldType.boolean:
            value = cells.parse_bool(text)
        elif field_.type == FieldType.select:
            value = _option(field_, text)
        elif field_.type == FieldType.multi_select:
            value = [_option(field_, part) for part in cells.split_list(text)]
        elif field_.type == FieldType.user:
            value = str(self.members.get(text.lower(), text))
        try:
            return coerce(field_, value, self.member_ids)
        except Invalid as exc:
            raise ValueError(f"'{field_.label}' expects {exc}") from None

    def _owner(self, text: str) -> uuid.UUID:
        owner = self.members.get(text.lower())
        if owner is None:
            raise ValueError(f"{text} is not a member of your organization")
        if not self.may_own(owner):
            raise ValueError(f"your role may not give records to {text}")
        return owner

    # The whole row
    def _finish(self, out: Prepared, problems: list[Problem]) -> None:
        if self.kind == "lead":
            first, last = out.values.pop("_first_name", None), out.values.pop("_last_name", None)
            if "name" not in out.values and (first or last):
                joined = " ".join(p for p in (first, last) if p)
                try:
                    out.values["name"] = _check(LeadUpdate, "name", joined)
                except ValueError as exc:
                    problems.append(Problem(out.line, None, _shown(joined), str(exc)))
        if self.kind == "contact":
            out.values["email"] = out.emails[0] if out.emails else None
            out.values["phone"] = out.phones[0][0] if out.phones else None
            if not out.emails:
                out.values.pop("email")
            if not out.phones:
                out.values.pop("phone")
        out.key = self.key_of(out)
        out.tags = list(dict.fromkeys(out.tags))

    def key_of(self, out: Prepared) -> str | None:
        match_on = self.plan.match_on
        if match_on is None:
            return None
        if match_on == "email":
            return out.emails[0] if out.emails else out.values.get("email")
        if match_on.startswith(CUSTOM_PREFIX):
            value = out.custom.get(match_on[len(CUSTOM_PREFIX) :])
            return None if value is None else str(value)
        value = out.values.get(match_on)
        return value.lower() if isinstance(value, str) else None


def _check_tag(name: str) -> str:
    try:
        return str(_TAG.validate_python(name))
    except ValidationError:
        raise ValueError(f"the tag '{_shown(name)}' is longer than 60 characters") from None


def _option(field_: CustomField, text: str) -> str:
    wanted = text.strip().lower()
    for option in field_.options or []:
        if wanted in (str(option["value"]).lower(), str(option.get("label", "")).lower()):
            return str(option["value"])
    return text  # coerce() reports it with the list of choices


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE_CHARS else text[:SHOWN_VALUE_CHARS] + "…"


def _reason(target: str, exc: Exception) -> str:
    message = str(exc)
    if isinstance(exc, cells.CellError):
        return f"Expected {message}."
    message = message.removeprefix("Value error, ")
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
