"""validate_values: what a record may store in ``custom`` (pure, no database)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from heron.custom_fields.values import validate_values
from heron.kit.errors import ValidationFailed
from tests.helpers.fields import field, options

MEMBER = uuid.uuid4()


def check(
    defs: list[Any], incoming: dict[str, Any], existing: dict[str, Any] | None = None
) -> dict[str, Any]:
    return validate_values(
        defs, incoming, existing=existing if existing is not None else {}, member_ids={MEMBER}
    )


def refused(
    defs: list[Any], incoming: dict[str, Any], existing: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    with pytest.raises(ValidationFailed) as caught:
        validate_values(defs, incoming, existing=existing, member_ids={MEMBER})
    assert caught.value.status_code == 422
    return caught.value.details


def stored(type_: str, value: Any, **overrides: Any) -> Any:
    return check([field("f", type_, **overrides)], {"f": value})["f"]


def refusal(type_: str, value: Any, **overrides: Any) -> str:
    [detail] = refused([field("f", type_, **overrides)], {"f": value}, existing={})
    assert detail["loc"] == ["body", "custom", "f"]
    return str(detail["msg"])


class TestKeys:
    def test_an_unknown_key_is_refused_naming_the_kind(self) -> None:
        [detail] = refused([field("tier", "text")], {"tierr": "x"}, existing={})
        assert detail == {
            "loc": ["body", "custom", "tierr"],
            "msg": "No custom field 'tierr' on companies.",
            "type": "value_error",
        }

    def test_every_problem_is_reported_at_once(self) -> None:
        defs = [field("n", "number"), field("d", "date"), field("req", "text", required=True)]
        details = refused(defs, {"n": "many", "d": "31/01/2026", "zzz": 1}, existing=None)
        assert [d["loc"][-1] for d in details] == ["n", "d", "zzz", "req"]

    def test_other_values_are_kept_on_update(self) -> None:
        defs = [field("a", "text"), field("b", "number")]
        assert check(defs, {"b": 2}, existing={"a": "kept", "b": 1}) == {"a": "kept", "b": 2}

    def test_null_and_blank_clear_a_value(self) -> None:
        defs = [field("a", "text"), field("b", "multi_select", options=options("x"))]
        assert check(defs, {"a": "  ", "b": []}, existing={"a": "old", "b": ["x"]}) == {}
        assert check(defs, {"a": None}, existing={"a": "old"}) == {}


class TestRequiredAndDefaults:
    def test_creating_applies_defaults_for_missing_keys(self) -> None:
        defs = [
            field("tier", "select", options=options("gold", "silver"), default="silver"),
            field("score", "number", default=10),
        ]
        assert validate_values(defs, {"score": 3}, existing=None, member_ids=set()) == {
            "tier": "silver",
            "score": 3,
        }

    def test_creating_without_a_required_field_is_refused_by_name(self) -> None:
        [detail] = refused(
            [field("region", "text", required=True, label="Region")], {}, existing=None
        )
        assert detail["loc"] == ["body", "custom", "region"]
        assert detail["msg"] == "'Region' is required."

    def test_a_required_field_with_a_default_is_satisfied_by_it(self) -> None:
        defs = [field("region", "text", required=True, default="EU")]
        assert validate_values(defs, {}, existing=None, member_ids=set()) == {"region": "EU"}

    def test_a_required_field_cannot_be_cleared(self) -> None:
        [detail] = refused(
            [field("region", "text", required=True)], {"region": None}, existing={"region": "EU"}
        )
        assert "cannot be empty" in detail["msg"]

    def test_updates_do_not_demand_fields_made_required_later(self) -> None:
        defs = [field("region", "text", required=True), field("note", "text")]
        assert check(defs, {"note": "hi"}, existing={}) == {"note": "hi"}


class TestTypes:
    def test_text_is_stripped_and_bounded(self) -> None:
        assert stored("text", "  Hello ") == "Hello"
        assert "2,000" in refusal("text", "x" * 2001)
        assert refusal("text", 12).startswith("'F' expects text")

    def test_long_text_allows_100000_characters(self) -> None:
        assert stored("long_text", "y" * 100_000) == "y" * 100_000
        assert "100,000" in refusal("long_text", "y" * 100_001)

    @pytest.mark.parametrize(
        ("value", "expected"), [(42, 42), (3.5, 3.5), ("2.50", 2.5), ("-7", -7), ("1e3", 1000)]
    )
    def test_numbers(self, value: Any, expected: Any) -> None:
        assert stored("number", value) == expected

    @pytest.mark.parametrize("value", ["many", "NaN", "Infinity", True, [1], "1e20"])
    def test_not_numbers(self, value: Any) -> None:
        assert "number" in refusal("number", value)

    @pytest.mark.parametrize(
        ("value", "expected"), [("1250.50", 1250.5), (99, 99), ("0.0001", 0.0001)]
    )
    def test_money(self, value: Any, expected: Any) -> None:
        assert stored("money", value) == expected

    @pytest.mark.parametrize("value", ["1.23456", "abc", False])
    def test_not_money(self, value: Any) -> None:
        assert "at most 4 decimals" in refusal("money", value)

    def test_dates(self) -> None:
        assert stored("date", "2026-01-31") == "2026-01-31"
        assert "YYYY-MM-DD" in refusal("date", "2026-02-30")
        assert "YYYY-MM-DD" in refusal("date", "31/01/2026")

    def test_times_are_stored_in_utc_to_the_second(self) -> None:
        assert stored("datetime", "2026-01-31T09:30:15.5+01:00") == "2026-01-31T08:30:15Z"
        assert stored("datetime", "2026-01-31t23:00:00z") == "2026-01-31T23:00:00Z"
        assert "UTC offset" in refusal("datetime", "2026-01-31T09:00:00")
        assert "UTC offset" in refusal("datetime", "0001-01-01T00:00:00+01:00")

    def test_booleans_are_only_true_or_false(self) -> None:
        assert stored("boolean", False) is False
        assert "true or false" in refusal("boolean", "true")
        assert "true or false" in refusal("boolean", 1)

    def test_select_takes_one_of_its_options(self) -> None:
        opts = options("gold", "silver")
        assert stored("select", "gold", options=opts) == "gold"
        assert refusal("select", "bronze", options=opts) == "'F' expects one of: gold, silver."

    def test_multi_select_takes_distinct_options(self) -> None:
        opts = options("a", "b", "c")
        assert stored("multi_select", ["c", "a"], options=opts) == ["c", "a"]
        assert "each at most once" in refusal("multi_select", ["a", "a"], options=opts)
        assert "one of: a, b, c" in refusal("multi_select", ["a", "z"], options=opts)
        assert "a list" in refusal("multi_select", "a", options=opts)

    def test_urls_are_http_or_https(self) -> None:
        assert stored("url", "https://example.com/a?b=c") == "https://example.com/a?b=c"
        for bad in ("javascript:alert(1)", "ftp://example.com", "https://", "https://exa mple.com"):
            assert "http" in refusal("url", bad)
        assert "2,000" in refusal("url", "https://example.com/" + "a" * 2000)

    def test_emails_are_checked_and_lower_cased(self) -> None:
        assert stored("email", "Ada@Example.COM") == "ada@example.com"
        assert "e-mail" in refusal("email", "not an address")

    def test_phones_are_stored_in_e164(self) -> None:
        assert stored("phone", "+33 1 23 45 67 89") == "+33123456789"
        assert "international form" in refusal("phone", "01 23 45 67 89")
        assert "valid phone" in refusal("phone", "+33 12")

    def test_users_are_members_of_the_organization(self) -> None:
        assert stored("user", str(MEMBER)) == str(MEMBER)
        assert "member" in refusal("user", str(uuid.uuid4()))
        assert "member" in refusal("user", "not-an-id")

    def test_nul_characters_are_refused(self) -> None:
        assert "NUL" in refusal("text", "a\x00b")
