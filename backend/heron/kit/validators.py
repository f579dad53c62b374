"""Field types shared by schemas of several domains: time zones, locales, e-mail addresses,
phone numbers (E.164), web addresses, domains, currencies and amounts."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import phonenumbers
from babel.numbers import get_currency_precision, list_currencies
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, StringConstraints


@cache
def _known_time_zones() -> frozenset[str]:
    # Listing the zones walks the tz database on disk (~0.1 s): once per process, not per request.
    return frozenset(available_timezones())


def _time_zone(value: str) -> str:
    # Checked against the list, never opened by name: the value reaches no file path or SQL.
    if value not in _known_time_zones():
        raise ValueError("not a known IANA time zone, e.g. Europe/Paris")
    return value


TimeZone = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(_time_zone)
]
Locale = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", max_length=35),
    Field(description="A BCP 47 language tag, e.g. `en`, `fr-CA`."),
]


# Contact details and money (shared/API.md: money is a decimal string with a currency code).


# The common shape of an address (ASCII dot-atom local part, plain ASCII host names, a
# letter TLD) whose normal form is simply its lower case: checked without email-validator,
# which costs ~40 µs an address (imports check a million). tests/kit/test_validators.py
# proves both paths agree on every address this pattern lets through.
_PLAIN_EMAIL = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    re.IGNORECASE,
)
_SPECIAL_USE_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def _plain_email(value: str) -> str | None:
    """The normal form of ``value`` when it has the plain shape, else None (unknown)."""
    if len(value) > 254 or not _PLAIN_EMAIL.match(value):
        return None
    local, _, domain = value.lower().rpartition("@")
    if len(local) > 64 or len(domain) > 253 or "--" in domain:
        return None  # lengths and IDNA rules: leave them to email-validator
    if domain.rsplit(".", 1)[-1] in _SPECIAL_USE_TLDS:
        return None
    return f"{local}@{domain}"


def _email(value: str) -> str:
    plain = _plain_email(value)
    if plain is not None:
        return plain
    try:
        result = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    return result.normalized.lower()


def _phone(value: str) -> str:
    text = value.strip()
    if not text.startswith("+") and not text.startswith("00"):
        raise ValueError("write the number with its country code, e.g. +33 1 42 68 53 00")
    try:
        number = phonenumbers.parse("+" + text[2:] if text.startswith("00") else text, None)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number for its country code")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def _currency(value: str) -> str:
    code = value.upper()
    if code not in currency_codes():
        raise ValueError("not an ISO 4217 currency code, e.g. EUR, USD, JPY")
    return code


def _url(value: str) -> str:
    parsed = urlsplit(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("give a full web address starting with https:// or http://")
    return value


_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalize_domain(value: str) -> str:
    """``https://www.Example.com/about`` -> ``example.com``."""
    text = value.strip().lower()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    text = text.split("/")[0].split(":")[0].rstrip(".")
    text = text.removeprefix("www.")
    if not _HOSTNAME.match(text):
        raise ValueError("not a domain name, e.g. example.com")
    return text


def _amount(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a number")
    if value.as_tuple().exponent < -MONEY_DECIMALS:  # type: ignore[operator]
        raise ValueError(f"use at most {MONEY_DECIMALS} decimals")
    if abs(value) >= Decimal(10) ** (20 - MONEY_DECIMALS):
        raise ValueError("is too large")
    return value


MONEY_DECIMALS = 4

Email = Annotated[str, StringConstraints(max_length=320), AfterValidator(_email)]
Phone = Annotated[str, StringConstraints(min_length=3, max_length=40), AfterValidator(_phone)]
CurrencyCode = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(_currency),
    Field(description="ISO 4217, e.g. `EUR`.", examples=["EUR"]),
]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_url)]
Domain = Annotated[str, StringConstraints(max_length=300), AfterValidator(normalize_domain)]
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2}$", to_upper=True),
    Field(description="ISO 3166-1 alpha-2, e.g. `FR`."),
]
Amount = Annotated[
    Decimal,
    AfterValidator(_amount),
    Field(description='A decimal amount, e.g. `"1250.00"`.', examples=["1250.00"]),
]


@lru_cache(maxsize=512)
def currency_places(currency: str) -> int:
    """The usual number of decimals of a currency (2 for EUR, 0 for JPY), from babel's data,
    looked up once per currency (a board formats three amounts a card)."""
    return int(get_currency_precision(currency))


def money_text(value: Decimal | None, currency: str | None = None) -> str | None:
    """An amount as API text, with the currency's usual decimals (``1250.0000`` EUR ->
    ``"1250.00"``, JPY -> ``"1250"``), never dropping a digit that is there."""
    if value is None:
        return None
    places = currency_places(currency) if currency else 2
    exponent = value.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:.{max(places, needed)}f}"
