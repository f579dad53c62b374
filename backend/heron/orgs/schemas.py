"""What the organization endpoints take and give."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from heron.kit.schemas import Input, Schema, Version, not_nullable, refuse_null, with_examples
from heron.kit.validators import Locale, TimeZone

# The currencies Heron offers (ISO 4217). Kept short on purpose: adding one is a one-line change.
CURRENCIES = frozenset(
    {
        "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK",
        "DKK", "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS", "INR", "JPY",
        "KES", "KRW", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP",
        "PLN", "RON", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD",
        "VND", "ZAR",
    }
)  # fmt: skip
_CURRENCY_SHAPE = re.compile(r"^[A-Z]{3}$")


def _currency(value: str) -> str:
    if not _CURRENCY_SHAPE.match(value):
        raise ValueError("use a three-letter ISO 4217 code in capitals, e.g. EUR")
    if value not in CURRENCIES:
        raise ValueError(
            f"{value} is not a supported currency; use one of {', '.join(sorted(CURRENCIES))}"
        )
    return value


OrgName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Currency = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_currency),
    Field(
        description="An ISO 4217 code, e.g. `EUR`.", json_schema_extra={"enum": sorted(CURRENCIES)}
    ),
]
Month = Annotated[int, Field(ge=1, le=12, description="1 (January) to 12 (December).")]


class _NoNulls(Input):
    """Fields may be left out, but not set to null: none of them can be empty."""

    model_config = ConfigDict(**Input.model_config, json_schema_extra=not_nullable())

    _required = refuse_null("*")


class OrgCreate(_NoNulls):
    # Pydantic merges this with _NoNulls' configuration.
    model_config = ConfigDict(
        json_schema_extra=with_examples(
            {"name": "Northwind Traders"},
            {
                "name": "Northwind Traders GmbH",
                "default_currency": "EUR",
                "time_zone": "Europe/Berlin",
                "locale": "de-DE",
                "fiscal_year_start_month": 4,
            },
            then=not_nullable(),
        ),
    )

    name: OrgName
    default_currency: Currency | None = None
    time_zone: TimeZone | None = None
    locale: Locale | None = None
    fiscal_year_start_month: Month | None = None


class OrgUpdate(_NoNulls):
    # Pydantic merges this with _NoNulls' configuration.
    model_config = ConfigDict(
        json_schema_extra=with_examples(
            {"name": "Northwind Traders Europe"},
            {"default_currency": "GBP", "time_zone": "Europe/London", "fiscal_year_start_month": 4},
            then=not_nullable(),
        ),
    )

    name: OrgName | None = None
    default_currency: Currency | None = None
    time_zone: TimeZone | None = None
    locale: Locale | None = None
    fiscal_year_start_month: Month | None = None


class OrgOut(Schema):
    id: uuid.UUID
    name: str
    default_currency: str
    time_zone: str
    locale: str
    fiscal_year_start_month: int
    version: Version
    created_at: datetime
    updated_at: datetime
