"""Row preparation: the API's validators, cell formats, problems per column (no database)."""

from __future__ import annotations

import uuid

import pytest

from heron.imports import cells
from heron.imports.mapping import auto_map, check_mapping
from heron.imports.plan import Plan
from heron.imports.reader import SourceRow
from heron.imports.rows import Prepared, Problem, RowPreparer
from heron.models import CustomField

OWNER = uuid.uuid4()
OTHER = uuid.uuid4()


def field(key: str, type_: str, **kw: object) -> CustomField:
    return CustomField(
        key=key,
        label=kw.pop("label", key.title()),
        type=type_,
        record_kind="contact",
        required=False,
        options=kw.pop("options", []),
        **kw,
    )


def preparer(
    kind: str,
    headers: list[str],
    mapping: list[str],
    custom: list[CustomField] | None = None,
    **plan: object,
) -> RowPreparer:
    return RowPreparer(
        Plan(kind=kind, mapping=mapping, **plan),  # type: ignore[arg-type]
        headers,
        custom or [],
        {"me@heron.example": OWNER, "other@heron.example": OTHER},
        lambda owner: owner == OWNER,
    )


def one(p: RowPreparer, *cells_: str) -> Prepared | list[Problem]:
    return p.prepare(SourceRow(2, list(cells_)))


class TestAutoMapping:
    def test_exports_of_other_crms(self) -> None:
        headers = ["First Name", "Last Name", "E-mail Address", "E-mail 2 Address", "Mobile Phone",
                   "Business Phone", "Company Name", "Job Title", "Business City", "Tags",
                   "Contact owner", "Favourite colour", "Email (2)"]  # fmt: skip
        colour = field("favourite_colour", "text", label="Favourite colour")
        assert auto_map("contact", headers, [colour]) == [
            "first_name", "last_name", "email", "email_other", "phone_other", "phone", "company",
            "job_title", "address_city", "tags", "owner_email", "custom:favourite_colour",
            "email_other",
        ]  # fmt: skip

    def test_a_second_name_column_is_ignored(self) -> None:
        assert auto_map("company", ["Company Name", "Name", "Website"], []) == [
            "name",
            "ignore",
            "website",
        ]

    def test_mapping_check(self) -> None:
        assert check_mapping("contact", ["email", "email"], 2, [])[0]["loc"] == [
            "body",
            "mapping",
            1,
        ]
        assert check_mapping("contact", ["email_other", "email_other", "first_name"], 3, []) == []
        assert "custom field 'nope'" in check_mapping("contact", ["custom:nope"], 1, [])[0]["msg"]
        assert "first name" in check_mapping("contact", ["job_title"], 1, [])[0]["msg"]
        assert "3 columns" in check_mapping("contact", ["email"], 3, [])[0]["msg"]


class TestContactRow:
    HEADERS = [
        "Name",
        "Email",
        "Email 2",
        "Phone",
        "Company",
        "Country",
        "LinkedIn",
        "Owner",
        "Tags",
    ]
    MAPPING = [
        "full_name",
        "email",
        "email_other",
        "phone",
        "company",
        "address_country",
        "linkedin",
        "owner_email",
        "tags",
    ]

    def test_a_good_row(self) -> None:
        p = preparer("contact", self.HEADERS, self.MAPPING, match_on="email")
        out = one(
            p,
            " Ada King Lovelace ",
            "Ada@Example.COM",
            "ada@home.example",
            "+44 20 7946 0958",
            "Analytical",
            "United Kingdom",
            "linkedin.com/in/ada",
            "ME@heron.example",
            "vip; London,vip",
        )
        assert isinstance(out, Prepared)
        assert out.values == {
            "first_name": "Ada King",
            "last_name": "Lovelace",
            "address_country": "GB",
            "email": "ada@example.com",
            "phone": "+442079460958",
        }
        assert out.emails == ["ada@example.com", "ada@home.example"]
        assert out.phones == [("+442079460958", "work")]
        assert out.social == {"linkedin": "https://linkedin.com/in/ada"}
        assert (out.company_name, out.owner_id, out.tags, out.key) == (
            "Analytical",
            OWNER,
            ["vip", "London"],
            "ada@example.com",
        )

    def test_every_problem_of_a_row_is_reported_with_its_column(self) -> None:
        p = preparer("contact", self.HEADERS, self.MAPPING)
        out = one(
            p, "Ada", "not-an-email", "", "0142", "Acme", "Atlantis", "", "other@heron.example", ""
        )
        assert isinstance(out, list)
        assert [(x.column, x.value) for x in out] == [
            ("Email", "not-an-email"),
            ("Phone", "0142"),
            ("Country", "Atlantis"),
            ("Owner", "other@heron.example"),
        ]
        assert "may not give records" in out[3].reason
        assert all(x.line == 2 and x.reason.endswith(".") for x in out)

    def test_owner_not_a_member(self) -> None:
        out = one(
            preparer("contact", self.HEADERS, self.MAPPING),
            "Ada",
            "",
            "",
            "",
            "",
            "",
            "",
            "ghost@example.com",
            "",
        )
        assert isinstance(out, list) and "not a member" in out[0].reason

    def test_formula_nul_and_long_cells(self) -> None:
        p = preparer("contact", ["First", "Title"], ["first_name", "job_title"])
        out = one(p, '=HYPERLINK("http://evil.example","Ada")', "x" * 10_000)
        assert isinstance(out, list)
        assert "formula" in out[0].reason and "200 characters" in out[1].reason
        assert out[1].value is not None and len(out[1].value) == 201
        nul = one(p, "A\x00da", "CTO")
        assert isinstance(nul, list) and "NUL" in nul[0].reason

    def test_reader_problem_is_kept(self) -> None:
        p = preparer("contact", ["First"], ["first_name"])
        out = p.prepare(SourceRow(7, ["Ada"], "This row is not in the file's encoding."))
        assert isinstance(out, list) and out[0].line == 7 and out[0].column is None


class TestCustomAndTypedCells:
    def test_dates_in_three_formats(self) -> None:
        custom = [field("born", "date")]
        p = preparer(
            "contact", ["First", "Born"], ["first_name", "custom:born"], custom, date_order="DMY"
        )
        for text in ("2026-01-31", "31/01/2026", "31.01.26", "31 Jan 2026", "Jan 31, 2026"):
            out = one(p, "Ada", text)
            assert isinstance(out, Prepared) and out.custom == {"born": "2026-01-31"}, text
        us = preparer(
            "contact", ["First", "Born"], ["first_name", "custom:born"], custom, date_order="MDY"
        )
        out = one(us, "Ada", "01/31/2026")
        assert isinstance(out, Prepared) and out.custom == {"born": "2026-01-31"}
        bad = one(p, "Ada", "01/31/2026")
        assert isinstance(bad, list) and "DD/MM/YYYY" in bad[0].reason

    @pytest.mark.parametrize(
        ("text", "decimal", "expected"),
        [("1,234,567.89", ".", "1234567.89"), ("1.234.567,89", ",", "1234567.89"),
         ("$1,250", ".", "1250"), ("1 234,5", ",", "1234.5"), ("(12.50)", ".", "-12.50"),
         ("1'000", ".", "1000"), ("EUR 99.9", ".", "99.9")],
    )  # fmt: skip
    def test_amounts_with_thousands_separators(
        self, text: str, decimal: str, expected: str
    ) -> None:
        assert str(cells.parse_number(text, decimal)) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize("text", ["1,5", "12,34,567", "1.2.3", "abc"])
    def test_numbers_that_are_not(self, text: str) -> None:
        with pytest.raises(cells.CellError):
            cells.parse_number(text, ".")

    def test_select_boolean_money_user(self) -> None:
        custom = [
            field("tier", "select", options=[{"value": "gold", "label": "Gold"}]),
            field("vip", "boolean"), field("budget", "money"), field("rep", "user"),
            field("areas", "multi_select",
                  options=[{"value": "eu", "label": "Europe"}, {"value": "us", "label": "USA"}]),
        ]  # fmt: skip
        p = preparer(
            "contact",
            ["F", "T", "V", "B", "R", "A"],
            [
                "first_name",
                "custom:tier",
                "custom:vip",
                "custom:budget",
                "custom:rep",
                "custom:areas",
            ],
            custom,
        )
        out = one(p, "Ada", "GOLD", "yes", "12,500.50", "me@heron.example", "Europe; us")
        assert isinstance(out, Prepared)
        assert out.custom == {
            "tier": "gold",
            "vip": True,
            "budget": 12500.5,
            "rep": str(OWNER),
            "areas": ["eu", "us"],
        }
        bad = one(p, "Ada", "platinum", "perhaps", "12.34567", "ghost@example.com", "")
        assert isinstance(bad, list) and [x.column for x in bad] == ["T", "V", "B", "R"]

    def test_company_and_lead_rows(self) -> None:
        c = preparer(
            "company",
            ["Name", "Domain", "Employees", "Revenue", "Currency"],
            ["name", "domain", "employee_count", "annual_revenue", "annual_revenue_currency"],
            match_on="domain",
        )
        out = one(c, "Acme", "https://www.Acme.example/about", "1,200", "2,500,000.00", "eur")
        assert isinstance(out, Prepared)
        assert out.values == {
            "name": "Acme",
            "domain": "acme.example",
            "employee_count": 1200,
            "annual_revenue": cells.parse_number("2500000.00", "."),
            "annual_revenue_currency": "EUR",
        }
        assert out.key == "acme.example"
        lead = preparer(
            "lead",
            ["First", "Last", "Status", "Score"],
            ["first_name", "last_name", "status", "score"],
        )
        got = one(lead, "Ada", "Lovelace", "Qualified", "80")
        assert isinstance(got, Prepared) and got.values == {
            "name": "Ada Lovelace",
            "status": "qualified",
            "score": 80,
        }
        bad = one(lead, "Ada", "L", "converted", "101")
        assert isinstance(bad, list) and [x.column for x in bad] == ["Status", "Score"]


class TestPlainTextFastPath:
    @pytest.mark.parametrize(
        ("model", "name", "text"),
        [("ContactUpdate", "job_title", "x" * 201), ("ContactUpdate", "job_title", "CTO"),
         ("CompanyUpdate", "name", ""), ("CompanyUpdate", "name", "y" * 201),
         ("LeadUpdate", "title", "z" * 300), ("AddressIn", "city", "c" * 121)],
    )  # fmt: skip
    def test_same_answer_as_the_api_type(self, model: str, name: str, text: str) -> None:
        from pydantic import ValidationError

        from heron.companies import schemas as companies
        from heron.contacts import schemas as contacts
        from heron.imports.rows import _adapter, _check
        from heron.leads import schemas as leads
        from heron.records import schemas as records

        cls = {"ContactUpdate": contacts.ContactUpdate, "CompanyUpdate": companies.CompanyUpdate,
               "LeadUpdate": leads.LeadUpdate, "AddressIn": records.AddressIn}[model]  # fmt: skip
        try:
            expected: object = _adapter(cls, name).validate_python(text)
        except ValidationError as exc:
            expected = exc.errors(include_url=False)[0]["msg"]
        try:
            got: object = _check(cls, name, text)
        except ValueError as exc:
            got = str(exc)
        assert got == expected
