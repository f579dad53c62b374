"""Heron's own SQL constructs keep a statement cacheable: SQLAlchemy compiles a statement once
per shape and reuses the SQL with new values. A construct without a cache key makes every
statement that holds it compile anew on every request (a seventh of a list request's time
before this was fixed, bench/api); one whose value is not in its cache key would reuse another
request's value, so both halves are checked."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from heron.custom_fields.expressions import HasKey, JsonContains, WithoutKey, has_option
from heron.kit.filtering import CaseSensitiveMatch
from heron.models import Contact
from heron.records.listing import Explain

BUILDERS = {
    "json_contains": lambda v: JsonContains(Contact.custom, {"tier": v}, Contact.last_name == v),
    "has_option": lambda v: has_option(Contact.custom, "tags", v),
    "has_key": lambda v: HasKey(Contact.custom, v),
    "without_key": lambda v: WithoutKey(Contact.custom, v) == {},
    "contains": lambda v: CaseSensitiveMatch(Contact.last_name, v, prefix=False),
    "startswith": lambda v: CaseSensitiveMatch(Contact.last_name, v, prefix=True),
}


def statement(name: str, value: str) -> Any:
    return select(Contact.id).where(Contact.org_id.is_not(None), BUILDERS[name](value))


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_construct_has_a_cache_key_that_carries_its_values(name: str) -> None:
    first = statement(name, "gold")._generate_cache_key()
    second = statement(name, "silver")._generate_cache_key()
    assert first is not None and second is not None, f"{name} makes statements uncacheable"
    assert first == second  # one shape, one compiled statement
    values = [[p.effective_value for p in key.bindparams] for key in (first, second)]
    assert values[0] != values[1]  # each request's own values go with it


@pytest.mark.parametrize("dialect", [postgresql.dialect(), sqlite.dialect()], ids=["pg", "sqlite"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_cached_sql_binds_each_requests_values(name: str, dialect: Any) -> None:
    """The SQL compiled for "gold" and run for "silver" binds "silver"."""
    gold = statement(name, "gold")
    compiled = gold.compile(dialect=dialect, cache_key=gold._generate_cache_key())
    key = statement(name, "silver")._generate_cache_key()
    params = compiled.construct_params(extracted_parameters=key.bindparams)
    assert "gold" not in str(params) and "silver" in str(params)


def test_explain_of_a_list_query_is_cacheable() -> None:
    keys = [Explain(statement("json_contains", v))._generate_cache_key() for v in ("a", "b")]
    assert keys[0] is not None and keys[0] == keys[1]
