"""The imports API: upload, map, dry run, run (a job), results, error file and undo."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Contact, DataImport, Event
from tests.helpers.factories import create_member, create_org
from tests.helpers.orgs import count

pytestmark = pytest.mark.anyio

IMPORTS = "/api/v1/imports"
GOOD = (
    "First Name,Last Name,E-mail Address,Company Name\n"
    "Ada,Lovelace,ada@example.com,Analytical\nAlan,Turing,alan@example.com,Bletchley\n"
)
BAD = GOOD + "Grace,Hopper,not-an-email,Navy\n"


async def upload(
    client: httpx.AsyncClient,
    member,
    data: str | bytes,
    kind: str = "contact",
    name: str = "people.csv",
) -> httpx.Response:
    raw = data.encode() if isinstance(data, str) else data
    return await client.post(
        IMPORTS,
        headers=member.headers,
        data={"kind": kind},
        files={"file": (name, raw, "text/csv")},
    )


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings):
    return await create_member(session, settings, await create_org(session), "owner")


class TestUpload:
    async def test_preview_and_automatic_mapping(self, client: httpx.AsyncClient, owner) -> None:
        response = await upload(client, owner, "\ufeff" + GOOD.replace(",", ";"))
        assert response.status_code == 201, response.text
        data = response.json()["data"]
        assert data["state"] == "uploaded"
        assert data["source"] == {
            "format": "csv",
            "encoding": "utf-8-sig",
            "delimiter": ";",
            "header_row": 0,
            "sheet": None,
            "headers": ["First Name", "Last Name", "E-mail Address", "Company Name"],
        }
        assert data["preview"][0] == ["Ada", "Lovelace", "ada@example.com", "Analytical"]
        assert data["mapping"] == ["first_name", "last_name", "email", "company"]
        assert data["options"]["match_on"] == "email" and data["options"]["on_error"] == "abort"
        assert any(t["key"] == "owner_email" for t in data["targets"])

    @pytest.mark.parametrize(
        ("data", "code"),
        [
            (b"", "empty_file"),
            (b"First Name,Last Name\n", "no_rows"),
            (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary_file"),
            (b"PK\x03\x04garbage", "bad_xlsx"),
        ],
    )
    async def test_unreadable_files_are_a_422_on_file(
        self, client: httpx.AsyncClient, session: AsyncSession, owner, data: bytes, code: str
    ) -> None:
        response = await upload(client, owner, data)
        assert response.status_code == 422
        detail = response.json()["error"]["details"][0]
        assert (detail["loc"], detail["type"]) == (["body", "file"], code)
        assert await count(session, DataImport, DataImport.org_id == owner.org.id) == 0

    async def test_support_may_not_import(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner
    ) -> None:
        support = await create_member(session, settings, owner.org, "support")
        assert (await upload(client, support, GOOD)).status_code == 403

    async def test_a_file_over_the_limit_is_a_413(
        self, client: httpx.AsyncClient, settings: Settings, owner
    ) -> None:
        settings.import_max_bytes = 2048
        response = await upload(client, owner, GOOD + "x,y,z@example.com,w\n" * 500)
        assert response.status_code == 413


class TestMappingAndRun:
    async def test_bad_mapping_names_the_column(self, client: httpx.AsyncClient, owner) -> None:
        created = (await upload(client, owner, GOOD)).json()["data"]
        response = await client.patch(
            f"{IMPORTS}/{created['id']}",
            headers=owner.headers,
            json={"mapping": ["first_name", "first_name", "email", "nope"]},
        )
        assert response.status_code == 422
        assert [d["loc"] for d in response.json()["error"]["details"]] == [
            ["body", "mapping", 1],
            ["body", "mapping", 3],
        ]

    async def test_dry_run_reports_and_writes_nothing_then_run_all_or_nothing(
        self, client: httpx.AsyncClient, session: AsyncSession, owner
    ) -> None:
        created = (await upload(client, owner, BAD)).json()["data"]
        url = f"{IMPORTS}/{created['id']}"
        checked = await client.post(f"{url}/validate", headers=owner.headers)
        assert checked.status_code == 202, checked.text
        after = (await client.get(url, headers=owner.headers)).json()["data"]
        assert after["last_pass"] == "validate" and after["state"] == "uploaded"
        assert (after["counts"]["created"], after["counts"]["failed"]) == (2, 1)
        assert after["problems"] == [
            {
                "row": 4,
                "column": "E-mail Address",
                "value": "not-an-email",
                "reason": after["problems"][0]["reason"],
            }
        ]
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 0

        ran = await client.post(f"{url}/run", headers=owner.headers)
        assert ran.status_code == 202
        failed = (await client.get(url, headers=owner.headers)).json()["data"]
        assert failed["state"] == "failed" and "nothing was imported" in failed["error"]
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 0
        errors = await client.get(f"{url}/errors", headers=owner.headers)
        assert errors.status_code == 200 and errors.headers["content-type"].startswith("text/csv")
        assert (
            errors.text.splitlines()[0]
            == "Row,First Name,Last Name,E-mail Address,Company Name,Reason"
        )
        assert errors.text.splitlines()[1].startswith(
            "4,Grace,Hopper,not-an-email,Navy,E-mail Address: "
        )

        await client.patch(url, headers=owner.headers, json={"on_error": "skip"})
        await client.post(f"{url}/run", headers=owner.headers)
        done = (await client.get(url, headers=owner.headers)).json()["data"]
        assert done["state"] == "completed"
        assert (
            done["counts"]["created"],
            done["counts"]["failed"],
            done["counts"]["companies_created"],
        ) == (2, 1, 2)
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 2
        event = await session.scalar(
            select(Event).where(Event.org_id == owner.org.id, Event.type == "import.completed")
        )
        assert event is not None and event.changes["created"] == 2
        assert (await client.post(f"{url}/run", headers=owner.headers)).status_code == 409

        undone = await client.post(f"{url}/undo", headers=owner.headers)
        assert undone.status_code == 202, undone.text
        final = (await client.get(url, headers=owner.headers)).json()["data"]
        assert final["state"] == "undone" and final["counts"]["undo_removed"] == 4
        assert await count(session, Contact, Contact.org_id == owner.org.id) == 0

    async def test_others_imports_are_not_found_for_sales(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner
    ) -> None:
        created = (await upload(client, owner, GOOD)).json()["data"]
        sales = await create_member(session, settings, owner.org, "sales")
        assert (
            await client.get(f"{IMPORTS}/{created['id']}", headers=sales.headers)
        ).status_code == 404
        listed = (await client.get(IMPORTS, headers=sales.headers)).json()["data"]
        assert listed == []
