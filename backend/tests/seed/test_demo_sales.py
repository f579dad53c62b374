"""The demo's sales records, seen through the API by its members: a first look that shows
something in every place (conftest.py seeds the demo once per module)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.models import Activity, Company, Contact, Deal, Event, Lead, User
from heron.orgs.service import create_organization
from heron.seed.demo import DEMO_ORG, DemoFound, seed_demo
from tests.helpers.seed import demo_headers, demo_org
from tests.seed.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.anyio

OWNER, SALES, MANAGER = "demo@example.com", "sales@example.com", "manager@example.com"


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def _headers(client: httpx.AsyncClient, session: AsyncSession, email: str) -> dict[str, str]:
    return await demo_headers(client, session, email, DEMO_PASSWORD)


async def _count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


class TestPipelines:
    async def test_both_pipelines_have_a_deal_in_every_stage(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, OWNER)

        pipelines = await _get(client, "/api/v1/pipelines", headers)

        assert {p["name"] for p in pipelines} == {"Sales pipeline", "Renewals"}
        for pipeline in pipelines:
            board = await _get(client, f"/api/v1/deals/board?pipeline_id={pipeline['id']}", headers)
            empty = [c["stage"]["name"] for c in board["columns"] if c["count"] == 0]
            assert not empty, f"{pipeline['name']}: no deal in {empty}"
            assert len(board["columns"]) == len(pipeline["stages"])

    async def test_some_open_deals_are_stale(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, OWNER)

        deals = await _get(client, "/api/v1/deals?limit=100", headers)

        stale = {d["name"] for d in deals if d["is_stale"]}
        assert "Orchid renewal" in stale
        assert 2 <= len(stale) < len(deals)


class TestTasks:
    async def test_the_owner_and_a_sales_member_have_tasks_due_overdue_today_and_this_week(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        for email in (OWNER, SALES):
            headers = await _headers(client, session, email)
            assert await _get(client, "/api/v1/tasks?due=all", headers), email
            for due in ("overdue", "today", "week"):
                tasks = await _get(client, f"/api/v1/tasks?due={due}", headers)
                assert tasks, f"{email} has no task due {due}"
                assert {t["assignee"]["email"] for t in tasks} == {email}


class TestSearch:
    async def test_finds_a_demo_company_by_name_and_a_contact_by_address(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, SALES)

        companies = await _get(client, "/api/v1/search?q=northwind", headers)
        people = await _get(client, "/api/v1/search?q=priya.natarajan", headers)

        assert ("company", "Northwind Trading") in {(h["kind"], h["title"]) for h in companies}
        assert "Priya Natarajan" in {h["title"] for h in people if h["kind"] == "contact"}


class TestVisibility:
    async def test_a_sales_member_sees_only_their_own_deals_on_the_board(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, SALES)
        sales = await session.scalar(select(User).where(User.email == SALES))
        assert sales is not None

        for pipeline in await _get(client, "/api/v1/pipelines", headers):
            board = await _get(client, f"/api/v1/deals/board?pipeline_id={pipeline['id']}", headers)
            cards = [card for column in board["columns"] for card in column["cards"]]
            in_pipeline = Deal.pipeline_id == uuid.UUID(pipeline["id"])
            owned = await _count(session, Deal, in_pipeline, Deal.owner_id == sales.id)
            total = await _count(session, Deal, in_pipeline)
            assert {c["owner"]["email"] for c in cards} == {SALES}
            assert sum(c["count"] for c in board["columns"]) == len(cards) == owned
            assert 0 < owned < total

    async def test_the_manager_sees_their_team_deals_but_not_the_owners(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, MANAGER)

        deals = await _get(client, "/api/v1/deals?limit=100", headers)

        owners = {d["owner"]["email"] for d in deals}
        assert owners == {MANAGER, SALES, "sales2@example.com"}


class TestRecords:
    async def test_made_through_the_services_with_an_event_each(
        self, session: AsyncSession
    ) -> None:
        org = await demo_org(session)
        in_org = (Event.org_id == org.id,)

        for model, kind, expected in (
            (Company, "company", 8),
            (Contact, "contact", 20),
            (Lead, "lead", 10),
            (Deal, "deal", 20),
            (Activity, "activity", 18),
        ):
            assert await _count(session, model, model.org_id == org.id) == expected
            created = await _count(session, Event, *in_org, Event.type == f"{kind}.created")
            assert created == expected, kind
        leads = await session.scalars(select(Lead.status).where(Lead.org_id == org.id))
        assert set(leads) == {"new", "contacted", "qualified", "unqualified"}

    async def test_companies_carry_custom_fields_and_tags(
        self, client: httpx.AsyncClient, session: AsyncSession
    ) -> None:
        headers = await _headers(client, session, OWNER)

        companies = await _get(client, "/api/v1/companies?limit=100", headers)

        northwind = next(c for c in companies if c["name"] == "Northwind Trading")
        assert northwind["custom"]["tier"] == "gold"
        assert "renewal_date" in northwind["custom"]
        assert [t["name"] for t in northwind["tags"]] == ["VIP"]
        tags = await _get(client, "/api/v1/tags", headers)
        assert {t["name"]: t["usage_count"] > 0 for t in tags} == {
            "VIP": True,
            "Partner": True,
            "Churn risk": True,
        }


class TestSeedingAgain:
    async def test_adds_nothing(self, session: AsyncSession) -> None:
        before = [await _count(session, m) for m in (User, Company, Contact, Lead, Deal, Event)]

        result = await seed_demo(session, DEMO_PASSWORD)

        assert isinstance(result, DemoFound)
        assert result.records_added is False
        after = [await _count(session, m) for m in (User, Company, Contact, Lead, Deal, Event)]
        assert after == before

    async def test_a_demo_organization_without_sales_records_gets_them(
        self, session: AsyncSession
    ) -> None:
        # As seeded by an earlier version: the Owner alone, no records.
        (await demo_org(session)).name = "Demo Company (old)"
        owner = await session.scalar(select(User).where(User.email == OWNER))
        assert owner is not None
        org, _ = await create_organization(session, owner, DEMO_ORG)

        result = await seed_demo(session, DEMO_PASSWORD)

        assert result == DemoFound(org_id=str(org.id), records_added=True)
        assert await _count(session, Company, Company.org_id == org.id) == 8
        # The Owner stands in for the members the organization lacks.
        owners = await session.scalars(select(Deal.owner_id).where(Deal.org_id == org.id))
        assert set(owners) == {owner.id}
