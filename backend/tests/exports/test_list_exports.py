"""List exports: the rows and columns the caller's list shows, as CSV and XLSX, streamed."""

from __future__ import annotations

import asyncio
import csv
import io
from decimal import Decimal
from typing import Any

import httpx
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import CustomField, SavedView
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.records import (
    create_company,
    create_contact,
    create_deal,
    create_lead,
    create_pipeline,
    create_tag,
    tag_record,
)

pytestmark = pytest.mark.anyio

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "a byte-order mark, so spreadsheets read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows: list[list[Any]] = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows += sheet if not rows else sheet[1:]
    return rows


async def export(
    client: httpx.AsyncClient, member: Member, plural: str, **params: Any
) -> httpx.Response:
    return await client.get(f"/api/v1/{plural}/export", params=params, headers=member.headers)


class TestCsv:
    async def test_the_chosen_columns_of_every_row_in_the_list_order(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, full_name="Olive Owner")
        acme = await create_company(session, org, name="Acme")
        await create_contact(
            session, org, owner=owner, first_name="Ada", last_name="Lovelace",
            emails=["ada@acme.example"], company_id=acme.id, job_title="Engineer",
        )  # fmt: skip
        await create_contact(session, org, first_name="Bob", last_name="Babbage", emails=[])

        response = await export(
            client, owner, "contacts", columns="full_name,email,company,owner,job_title"
        )

        rows = read_csv(response)
        assert rows == [
            ["Name", "E-mail", "Company", "Owner", "Job title"],
            ["Bob Babbage", "", "", "", ""],
            ["Ada Lovelace", "ada@acme.example", "Acme", "Olive Owner", "Engineer"],
        ]
        disposition = response.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="contacts-')
        assert disposition.endswith('.csv"')

    async def test_filters_search_and_sort_are_the_lists(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for name, industry in (("Beta", "Software"), ("Alpha", "Software"), ("Gamma", "Retail")):
            await create_company(session, org, name=name, industry=industry)

        rows = read_csv(
            await export(
                client, owner, "companies", columns="name",
                **{"filter[industry][eq]": "Software", "sort": "-name"},
            )
        )  # fmt: skip
        assert rows == [["Name"], ["Beta"], ["Alpha"]]
        rows = read_csv(await export(client, owner, "companies", columns="name", q="gam"))
        assert rows == [["Name"], ["Gamma"]]

    async def test_custom_fields_tags_and_numbers(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        session.add_all(
            [
                CustomField(org_id=org.id, record_kind="company", key="tier", label="Tier",
                            type="select", options=[{"value": "gold", "label": "Gold"}]),
                CustomField(org_id=org.id, record_kind="company", key="seats", label="Seats",
                            type="number"),
                CustomField(org_id=org.id, record_kind="company", key="langs", label="Languages",
                            type="multi_select",
                            options=[{"value": "en", "label": "EN"},
                                     {"value": "fr", "label": "FR"}]),
            ]
        )  # fmt: skip
        company = await create_company(
            session, org, name="Acme", employee_count=-3, annual_revenue=Decimal("1250.5000"),
            custom={"tier": "gold", "seats": 12.5, "langs": ["fr", "en"]},
        )  # fmt: skip
        for name in ("VIP", "Partner"):
            await tag_record(session, await create_tag(session, org, name=name), "company", company)

        rows = read_csv(
            await export(
                client, owner, "companies",
                columns="name,employee_count,annual_revenue,custom.tier,custom.seats,custom.langs,tags",
            )
        )  # fmt: skip

        assert rows == [
            ["Name", "Employees", "Revenue", "Tier", "Seats", "Languages", "Tags"],
            ["Acme", "-3", "1250.5", "gold", "12.5", "fr, en", "Partner, VIP"],
        ]

    async def test_every_column_by_default(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        session.add(
            CustomField(org_id=org.id, record_kind="lead", key="budget", label="Budget",
                        type="money")
        )  # fmt: skip
        lead = await create_lead(session, org, name="Lena", score=40, custom={"budget": 99.5})

        rows = read_csv(await export(client, owner, "leads"))

        header, row = rows[0], rows[1]
        assert header[:3] == ["Name", "E-mail", "Phone"]
        assert header[-1] == "Budget" and row[-1] == "99.5"
        assert row[header.index("Id")] == str(lead.id)
        assert row[header.index("Score")] == "40"

    async def test_an_unknown_column_is_422_naming_it(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await export(client, owner, "contacts", columns="email,password_hash")

        assert response.status_code == 422
        error = response.json()["error"]
        assert error["details"][0]["loc"] == ["query", "columns"]
        assert "password_hash" in error["message"]

    async def test_a_saved_views_filters_sort_and_columns(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        _, stages = await create_pipeline(session, org, stages=2)
        await create_deal(session, org, name="Small", amount=Decimal(100), stage=stages[0])
        await create_deal(session, org, name="Big", amount=Decimal("2500.75"), stage=stages[1])
        await create_deal(session, org, name="Tiny", amount=Decimal(5), stage=stages[0])
        view = SavedView(
            org_id=org.id, record_kind="deal", name="Real deals", owner_id=owner.user.id,
            filters={"op": "and", "conditions": [{"field": "amount", "op": "gte", "value": 50}]},
            sort="-amount", columns=["name", "amount", "stage", "probability"],
        )  # fmt: skip
        session.add(view)
        await session.flush()

        rows = read_csv(await export(client, owner, "deals", view=str(view.id)))

        assert rows == [
            ["Name", "Amount", "Stage", "Probability"],
            ["Big", "2500.75", "Stage 2", "20"],
            ["Small", "100", "Stage 1", "10"],
        ]


class TestVisibility:
    async def test_a_sales_member_exports_only_their_own_deals(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, role="sales")
        colleague = await create_member(session, settings, org, role="sales")
        await create_deal(session, org, owner=sales, name="Mine")
        await create_deal(session, org, owner=colleague, name="Theirs")

        rows = read_csv(await export(client, sales, "deals", columns="name"))

        assert rows == [["Name"], ["Mine"]]

    async def test_another_organizations_rows_never_appear(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org, other = await create_org(session), await create_org(session)
        owner = await create_member(session, settings, org)
        await create_company(session, org, name="Ours")
        await create_company(session, other, name="Theirs")

        rows = read_csv(await export(client, owner, "companies", columns="name"))

        assert rows == [["Name"], ["Ours"]]

    async def test_deleted_rows_are_not_exported(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        from heron.models.base import utcnow

        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_company(session, org, name="Live")
        await create_company(session, org, name="Gone", deleted_at=utcnow())

        rows = read_csv(await export(client, owner, "companies", columns="name"))

        assert rows == [["Name"], ["Live"]]

    async def test_a_viewer_may_not_export(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        viewer = await create_member(session, settings, await create_org(session), role="viewer")

        response = await export(client, viewer, "contacts")

        assert response.status_code == 403


class TestFormulaNeutralisation:
    PAYLOADS = (
        "=1+2",
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(1)",
        "\tTAB",
        "\rCR",
        '=HYPERLINK("http://evil.example","x")',
        "=cmd|' /C calc'!A0",
        "  =1+1",
    )

    async def _company_per_payload(self, session: AsyncSession, org: Any) -> None:
        for i, payload in enumerate(self.PAYLOADS):
            await create_company(
                session, org, name=f"{i:02d}", industry=payload, employee_count=-(i + 1)
            )

    async def test_csv_cells_that_would_run_start_with_a_quote_and_numbers_stay(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await self._company_per_payload(session, org)
        await create_company(session, org, name="99", industry="-42", phone="+33142685300")

        rows = read_csv(
            await export(
                client, owner, "companies", columns="name,industry,employee_count,phone",
                sort="name",
            )
        )  # fmt: skip

        for row, payload in zip(rows[1:], self.PAYLOADS, strict=False):
            assert row[1] == "'" + payload, row
        assert [row[2] for row in rows[1:10]] == [str(-(i + 1)) for i in range(9)]
        assert rows[-1][1:] == ["-42", "", "+33142685300"]

    async def test_xlsx_cells_are_text_with_a_quote_and_numbers_are_numbers(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await self._company_per_payload(session, org)

        response = await export(
            client, owner, "companies", format="xlsx", columns="name,industry,employee_count",
            sort="name",
        )  # fmt: skip

        rows = read_xlsx(response)
        assert rows[0] == ["Name", "Industry", "Employees"]
        for row, payload in zip(rows[1:], self.PAYLOADS, strict=True):
            assert row[1] == "'" + payload
        assert [row[2] for row in rows[1:]] == [float(-(i + 1)) for i in range(9)]
        assert b"<f>" not in _sheet_xml(response.content), "no formula cell at all"

    async def test_a_custom_field_label_in_the_header_is_neutralised_too(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        session.add(
            CustomField(org_id=org.id, record_kind="contact", key="evil", label="=1+1",
                        type="text")
        )  # fmt: skip
        await create_contact(session, org, custom={"evil": "@cmd"})

        rows = read_csv(await export(client, owner, "contacts", columns="custom.evil"))

        assert rows == [["'=1+1"], ["'@cmd"]]


def _sheet_xml(content: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))


class TestXlsx:
    async def test_typed_cells_and_a_header(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        from datetime import date

        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_deal(
            session, org, name="Renewal", amount=Decimal("1200.50"),
            expected_close_date=date(2030, 3, 31),
        )  # fmt: skip

        rows = read_xlsx(
            await export(
                client, owner, "deals", format="xlsx",
                columns="name,amount,expected_close_date,currency",
            )
        )  # fmt: skip

        assert rows[0] == ["Name", "Amount", "Expected close", "Currency"]
        assert rows[1][:2] == ["Renewal", 1200.5]
        assert rows[1][2] == date(2030, 3, 31)
        assert rows[1][3] == "USD"


class TestLimits:
    async def test_above_the_direct_limit_the_export_is_refused_with_a_hint(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        settings.export_direct_max_rows = 2
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for _ in range(3):
            await create_company(session, org)

        response = await export(client, owner, "companies")

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["type"] == "too_many_rows"
        assert "job" in response.json()["error"]["message"]


class TestStreaming:
    async def test_the_file_is_sent_in_chunks_as_rows_are_read(
        self,
        app: Any,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from heron.exports import repository

        monkeypatch.setattr(repository, "CHUNK_ROWS", 2)
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for n in range(5):
            await create_company(session, org, name=f"C{n}")

        messages = await _asgi_get(app, "/api/v1/companies/export?columns=name&sort=name", owner)

        start = messages[0]
        headers = dict(start["headers"])
        assert start["status"] == 200
        assert b"content-length" not in headers, "streamed, so no length up front"
        bodies = [m["body"] for m in messages[1:] if m["body"]]
        assert len(bodies) == 4, "the header, then one chunk per 2 rows"
        text = b"".join(bodies).decode("utf-8-sig")
        assert text.split("\r\n")[:-1] == ["Name", "C0", "C1", "C2", "C3", "C4"]


async def _asgi_get(app: Any, target: str, member: Member) -> list[dict[str, Any]]:
    """Call the app as a server would and keep every message it sends."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "https", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "server": ("testserver", 443), "client": ("127.0.0.1", 1),
        "headers": [(k.lower().encode(), v.encode()) for k, v in member.headers.items()]
        + [(b"host", b"testserver")],
    }  # fmt: skip
    sent: list[dict[str, Any]] = []
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if requested:  # the client stays connected until the response is complete
            await asyncio.Event().wait()
        requested = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


class TestCustomFieldTypes:
    FIELDS = (
        ("n", "number", 12.5), ("m", "money", 1250), ("b", "boolean", True),
        ("d", "date", "2030-01-31"), ("t", "datetime", "2030-01-31T08:00:00Z"),
        ("o", "multi_select", ["x", "y"]), ("u", "user", None), ("s", "text", "-dash"),
    )  # fmt: skip

    async def _arrange(self, session: AsyncSession, settings: Settings) -> Member:
        org = await create_org(session)
        owner = await create_member(session, settings, org, full_name="Una User")
        for key, type_, _ in self.FIELDS:
            options = [{"value": "x"}, {"value": "y"}] if type_ == "multi_select" else []
            session.add(CustomField(org_id=org.id, record_kind="lead", key=key, label=key,
                                    type=type_, options=options))  # fmt: skip
        values = {k: v for k, _, v in self.FIELDS}
        values["u"] = str(owner.user.id)
        await create_lead(session, org, custom=values)
        return owner

    async def test_csv(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await self._arrange(session, settings)
        columns = ",".join(f"custom.{k}" for k, _, _ in self.FIELDS)

        rows = read_csv(await export(client, owner, "leads", columns=columns))

        assert rows[1] == ["12.5", "1250", "true", "2030-01-31", "2030-01-31T08:00:00Z", "x, y",
                           "Una User", "'-dash"]  # fmt: skip

    async def test_xlsx(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        from datetime import date, datetime

        owner = await self._arrange(session, settings)
        columns = ",".join(f"custom.{k}" for k, _, _ in self.FIELDS)

        rows = read_xlsx(await export(client, owner, "leads", format="xlsx", columns=columns))

        assert rows[1] == [12.5, 1250.0, True, date(2030, 1, 31), datetime(2030, 1, 31, 8, 0),
                           "x, y", "Una User", "'-dash"]  # fmt: skip
