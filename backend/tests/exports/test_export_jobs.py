"""Exports as jobs: a list of any size, the organization's whole data, and the signed,
expiring, personal links that download their files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.exports import links
from heron.models import Company, Contact, ContactEmail, Event, Job, Membership
from heron.models.base import utcnow
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.records import create_company, create_contact, create_deal

pytestmark = pytest.mark.anyio


async def start(client: httpx.AsyncClient, member: Member, path: str, **params: Any) -> str:
    response = await client.post(path, params=params, headers=member.headers)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["data"]["id"]
    return job_id


async def finished(client: httpx.AsyncClient, member: Member, job_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/jobs/{job_id}", headers=member.headers)
    assert response.status_code == 200, response.text
    job: dict[str, Any] = response.json()["data"]
    assert job["state"] == "succeeded", job
    return job


async def link(client: httpx.AsyncClient, member: Member, job_id: str) -> httpx.Response:
    return await client.get(f"/api/v1/exports/{job_id}/link", headers=member.headers)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


async def download(client: httpx.AsyncClient, url: str) -> httpx.Response:
    return await client.get(path_of(url))  # no credentials: the link is one


class TestListExportJob:
    async def test_the_file_holds_the_list_and_downloads_through_the_link(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        for name in ("Beta", "Alpha", "=EVIL()"):
            await create_company(session, org, name=name, industry="Software")
        await create_company(session, org, name="Other", industry="Retail")

        job_id = await start(
            client, owner, "/api/v1/companies/export",
            columns="name,industry", sort="name", **{"filter[industry][eq]": "Software"},
        )  # fmt: skip
        job = await finished(client, owner, job_id)
        response = await link(client, owner, job_id)

        assert job["kind"] == "export.list"
        assert job["progress_done"] == job["progress_total"] == 3
        assert job["result"]["rows"] == 3 and "url" not in json.dumps(job["result"])
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert data["filename"].startswith("companies-") and data["filename"].endswith(".csv")
        file = await download(client, data["url"])
        assert file.status_code == 200, file.text
        assert file.headers["content-disposition"] == f'attachment; filename="{data["filename"]}"'
        rows = list(csv.reader(io.StringIO(file.content.decode("utf-8-sig"))))
        assert rows == [["Name", "Industry"], ["'=EVIL()", "Software"], ["Alpha", "Software"],
                        ["Beta", "Software"]]  # fmt: skip

    async def test_xlsx_as_a_job(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        from python_calamine import CalamineWorkbook

        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_deal(session, org, name="+cmd", amount=-5)

        job_id = await start(
            client, owner, "/api/v1/deals/export", format="xlsx", columns="name,amount"
        )
        await finished(client, owner, job_id)
        file = await download(client, (await link(client, owner, job_id)).json()["data"]["url"])

        book = CalamineWorkbook.from_filelike(io.BytesIO(file.content))
        rows = book.get_sheet_by_index(0).to_python()
        assert rows == [["Name", "Amount"], ["'+cmd", -5.0]]

    async def test_bad_columns_are_refused_before_any_job_starts(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))

        response = await client.post(
            "/api/v1/contacts/export", params={"columns": "nope"}, headers=owner.headers
        )

        assert response.status_code == 422
        jobs = await client.get("/api/v1/jobs", headers=owner.headers)
        assert jobs.json()["data"] == []

    async def test_the_job_exports_only_what_its_starter_may_see(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        sales = await create_member(session, settings, org, role="sales")
        await create_deal(session, org, owner=sales, name="Mine")
        await create_deal(session, org, name="Not mine")

        job_id = await start(client, sales, "/api/v1/deals/export", columns="name")
        await finished(client, sales, job_id)
        file = await download(client, (await link(client, sales, job_id)).json()["data"]["url"])

        assert file.content.decode("utf-8-sig").split("\r\n")[:-1] == ["Name", "Mine"]


class TestLinks:
    async def _export(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> tuple[Member, str, dict[str, Any]]:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        await create_contact(session, org, first_name="Ada")
        job_id = await start(client, owner, "/api/v1/contacts/export", columns="first_name")
        await finished(client, owner, job_id)
        return owner, job_id, (await link(client, owner, job_id)).json()["data"]

    async def test_an_expired_link_is_404_and_says_so(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        _, _, data = await self._export(client, session, settings)
        claims = links.verify(settings, path_of(data["url"]).rsplit("/", 1)[1])
        past = utcnow() - timedelta(seconds=1)
        expired = links.sign(settings, links.Link(**{**claims.__dict__, "expires_at": past}))

        response = await client.get(f"/api/v1/downloads/{expired}")

        assert response.status_code == 404
        assert "expired" in response.json()["error"]["message"]
        assert (await download(client, data["url"])).status_code == 200

    async def test_the_link_expires_after_the_configured_minutes(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        settings.download_link_minutes = 5
        _, _, data = await self._export(client, session, settings)

        lifetime = _parse(data["expires_at"]) - utcnow()

        assert timedelta(minutes=4) < lifetime <= timedelta(minutes=5)

    async def test_a_tampered_or_foreign_token_is_404(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        _, _, data = await self._export(client, session, settings)
        token = path_of(data["url"]).rsplit("/", 1)[1]
        forged = Settings(**{**settings.model_dump(), "secret_key": "another-secret-" + "x" * 40})
        claims = links.verify(settings, token)

        for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
                    links.sign(forged, claims), "not-a-token"):  # fmt: skip
            response = await client.get(f"/api/v1/downloads/{bad}")
            assert response.status_code == 404, bad

    async def test_a_link_stops_working_when_its_person_may_no_longer_export(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, _, data = await self._export(client, session, settings)
        await session.execute(
            update(Membership)
            .where(Membership.user_id == owner.user.id)
            .values(role="viewer", version=Membership.version + 1)
        )

        assert (await download(client, data["url"])).status_code == 404

    async def test_only_the_starter_gets_a_link(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, job_id, _ = await self._export(client, session, settings)
        admin = await create_member(session, settings, owner.org, role="admin")
        stranger = await create_member(session, settings, await create_org(session))

        for other in (admin, stranger):
            assert (await link(client, other, job_id)).status_code == 404

    async def test_a_job_that_is_not_an_export_has_no_link(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        job = Job(
            org_id=owner.org.id, kind="import.run", state="succeeded", params={},
            created_by_id=owner.user.id, result={"file": "exports/x.csv", "filename": "x.csv",
            "media_type": "text/csv", "resource": "contact"},
        )  # fmt: skip
        session.add(job)
        await session.flush()

        assert (await link(client, owner, str(job.id))).status_code == 404


def _parse(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class TestOrganizationExport:
    async def test_a_zip_with_jsonl_csv_and_a_manifest_of_every_kind(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        acme = await create_company(session, org, name="=Acme", custom={"tier": "gold"})
        await create_contact(session, org, first_name="Ada", company_id=acme.id)
        await create_contact(session, org, first_name="Gone", deleted_at=utcnow())
        await create_deal(session, org, name="Renewal", amount=1250)
        other = await create_org(session)
        await create_company(session, other, name="Not ours")

        job_id = await start(client, owner, "/api/v1/org/export")
        job = await finished(client, owner, job_id)
        data = (await link(client, owner, job_id)).json()["data"]
        file = await download(client, data["url"])

        assert job["kind"] == "export.organization"
        assert file.headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(file.content))
        manifest = json.loads(archive.read("manifest.json"))
        kinds = {f["kind"]: f for f in manifest["files"]}
        assert {"organization", "members", "companies", "contacts", "contact_emails", "deals",
                "pipelines", "stages", "activities", "tags", "custom_fields", "events",
                "saved_views", "teams"} <= set(kinds)  # fmt: skip
        for name, expected in (
            ("companies", await _count(session, Company, org.id)),
            ("contacts", await _count(session, Contact, org.id)),
            ("contact_emails", await _count(session, ContactEmail, org.id)),
            ("events", await _count(session, Event, org.id)),
        ):
            assert kinds[name]["rows"] == expected, name
            lines = archive.read(f"{name}.jsonl").decode().splitlines()
            assert len(lines) == expected
            rows = list(csv.reader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8-sig"))))
            assert len(rows) == expected + 1
        companies = [json.loads(line) for line in archive.read("companies.jsonl").splitlines()]
        assert companies == [_without_search(companies[0])] and companies[0]["name"] == "=Acme"
        assert companies[0]["custom"] == {"tier": "gold"}
        csv_rows = list(csv.reader(io.StringIO(archive.read("companies.csv").decode("utf-8-sig"))))
        assert csv_rows[1][csv_rows[0].index("name")] == "'=Acme"
        contacts = [json.loads(x) for x in archive.read("contacts.jsonl").splitlines()]
        assert {c["first_name"] for c in contacts} == {"Ada", "Gone"}
        import hashlib

        for entry in manifest["files"]:
            for part in ("jsonl", "csv"):
                content = archive.read(entry[part]["name"])
                assert hashlib.sha256(content).hexdigest() == entry[part]["sha256"]
        everything = b"".join(archive.read(n) for n in archive.namelist())
        assert b"Not ours" not in everything
        assert b"password_hash" not in everything and b"token_hash" not in everything
        assert owner.user.password_hash.encode() not in everything

    async def test_only_the_owner_may_export_the_organization(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org)
        admin = await create_member(session, settings, org, role="admin")

        refused = await client.post("/api/v1/org/export", headers=admin.headers)
        job_id = await start(client, owner, "/api/v1/org/export")

        assert refused.status_code == 403
        seen_by_admin = await client.get(f"/api/v1/jobs/{job_id}", headers=admin.headers)
        assert seen_by_admin.status_code == 200, "Admins see every job..."
        assert (await link(client, admin, job_id)).status_code == 404, "...but get no link"


def _without_search(row: dict[str, Any]) -> dict[str, Any]:
    assert "search_text" not in row
    return row


async def _count(session: AsyncSession, model: Any, org_id: Any) -> int:
    return int(
        await session.scalar(select(func.count()).select_from(model).where(model.org_id == org_id))
        or 0
    )
