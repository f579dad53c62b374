"""The e-mail validator's fast path agrees with email-validator on every address it takes."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from heron.kit.validators import _email, _plain_email


def slow(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


ATOM = st.text(alphabet="abcXYZ019.-_+!#'=`~{}|", min_size=0, max_size=70)
LABEL = st.text(alphabet="abzAZ09-", min_size=0, max_size=66)
TLD = st.sampled_from(["com", "io", "TEST", "local", "onion", "x", "c0m", "org", "Example"])
ADDRESS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join([*labels, tld])}",
    ATOM,
    st.lists(LABEL, min_size=0, max_size=4),
    TLD,
)


class TestPlainEmail:
    @settings(max_examples=3000, deadline=None)
    @given(ADDRESS)
    def test_fast_path_agrees_with_email_validator(self, value: str) -> None:
        fast = _plain_email(value)
        if fast is not None:
            assert fast == slow(value), value

    @pytest.mark.parametrize(
        "value",
        [
            "Ada.Lovelace@Example.COM", "a+tag@sub.example.co.uk", "x@xn--bcher-kva.example",
            "a..b@example.com", ".a@example.com", "a@example", "a@-x.com", "a@x-.com",
            "a@ab--cd.com", "a@foo.local", "a@foo.test", "a@localhost", "a" * 65 + "@x.com",
            "a@" + "b" * 64 + ".com", "a@" + ("b" * 60 + ".") * 5 + "com", "a@1.2.3.4",
            "ada@bücher.example", "\"quoted\"@example.com", "a@b.c0m",
        ],
    )  # fmt: skip
    def test_tricky_addresses_agree(self, value: str) -> None:
        try:
            result: str | None = _email(value)
        except ValueError:
            result = None
        assert result == slow(value)
