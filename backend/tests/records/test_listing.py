from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.kit.memo import Expiring
from heron.models import Company
from heron.records import listing
from heron.records.listing import CountMode, count_rows
from tests.helpers.databases import statements_run
from tests.helpers.factories import create_member, create_org

pytestmark = pytest.mark.anyio


class TestCountRows:
    async def test_each_mode(self, session: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> None:
        org = await create_org(session)
        session.add_all([Company(org_id=org.id, name=f"C{n}") for n in range(5)])
        await session.flush()
        stmt = select(Company).where(Company.org_id == org.id)
        monkeypatch.setattr(listing, "ESTIMATE_CAP", 3)

        exact = await count_rows(session, stmt, CountMode.exact)
        none = await count_rows(session, stmt, CountMode.none)
        total, kind = await count_rows(session, stmt, CountMode.estimate)

        assert exact == (5, "exact")
        assert none == (None, "none")
        assert kind == "estimate"
        # PostgreSQL answers with its planner's figure, at least what was counted; SQLite with
        # the cap, a lower bound.
        assert total is not None and total >= 3

    async def test_small_lists_are_counted_exactly(self, session: AsyncSession) -> None:
        org = await create_org(session)
        session.add_all([Company(org_id=org.id, name=f"C{n}") for n in range(2)])
        await session.flush()

        counted = await count_rows(
            session, select(Company).where(Company.org_id == org.id), CountMode.estimate
        )

        assert counted == (2, "exact")


class TestEstimateWithJsonFilters:
    async def test_a_custom_field_filter_can_be_estimated(
        self, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from starlette.datastructures import QueryParams

        from heron.custom_fields.values import filter_fields
        from heron.kit.filtering import parse_filters
        from heron.models import CustomField

        org = await create_org(session)
        field = CustomField(
            org_id=org.id, record_kind="company", key="tier", label="Tier", type="select",
            options=[{"value": "gold", "label": "Gold"}],
        )  # fmt: skip
        session.add(field)
        session.add_all(
            [Company(org_id=org.id, name=f"C{n}", custom={"tier": "gold"}) for n in range(5)]
        )
        await session.flush()
        where = parse_filters(
            QueryParams("filter[custom.tier][eq]=gold"), filter_fields(Company, [field])
        )
        # An equality on a custom field is a JSON containment on PostgreSQL (a dict parameter).
        monkeypatch.setattr(listing, "ESTIMATE_CAP", 3)

        total, kind = await count_rows(
            session, select(Company).where(Company.org_id == org.id, where), CountMode.estimate
        )

        assert kind == "estimate"
        assert total is not None and total >= 3


class TestPlannerFirst:
    """On PostgreSQL a first page asks the planner before counting: a list it expects to hold
    at least ``PLANNER_TRUSTED`` rows answers with its estimate and counts nothing."""

    async def test_a_list_the_planner_finds_big_is_not_counted(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        session.add_all([Company(org_id=owner.org.id, name=f"C{n}") for n in range(5)])
        await session.flush()
        monkeypatch.setattr(listing, "PLANNER_TRUSTED", 1)

        response = await client.get("/api/v1/companies", headers=owner.headers)

        meta = response.json()["meta"]
        if session.get_bind().dialect.name == "postgresql":
            assert meta["total_kind"] == "estimate" and meta["total"] >= 1
        else:  # no planner to ask: counted as before
            assert (meta["total"], meta["total_kind"]) == (5, "exact")

    async def test_below_the_trusted_figure_rows_are_counted(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
    ) -> None:
        owner = await create_member(session, settings, await create_org(session))
        session.add_all([Company(org_id=owner.org.id, name=f"C{n}") for n in range(5)])
        await session.flush()

        response = await client.get("/api/v1/companies", headers=owner.headers)

        assert (response.json()["meta"]["total"], response.json()["meta"]["total_kind"]) == (
            5, "exact",
        )  # fmt: skip


class TestPlannerEstimates:
    """PostgreSQL's estimate of a list is asked once per list for ``ESTIMATE_SECONDS``: it
    moves only with the statistics, and asking cost each request a round trip and a plan."""

    async def _explains(
        self, client: httpx.AsyncClient, db: Database, headers: dict[str, str], *paths: str
    ) -> int:
        with statements_run(db.engine) as runs:
            for path in paths:
                response = await client.get(path, headers=headers)
                assert response.status_code == 200, response.text
        return sum(run.sql.startswith("EXPLAIN") for run in runs)

    async def test_one_estimate_per_list_for_a_while(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        db: Database,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no planner estimate to ask for")
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        sales = await create_member(session, settings, org, "sales")
        session.add_all([Company(org_id=org.id, name=f"C{n}") for n in range(5)])
        await session.flush()
        monkeypatch.setattr(listing, "_estimates", Expiring(bound=64, seconds=60))
        companies, named = "/api/v1/companies", "/api/v1/companies?filter[name][eq]=C1"

        # The same list three times (pages and sorts are the same rows), another filter, and
        # a caller who sees other rows: one EXPLAIN for each list.
        paths = (companies, companies + "?sort=name", companies + "?limit=2", named)
        assert await self._explains(client, db, owner.headers, *paths) == 2
        assert await self._explains(client, db, sales.headers, companies) == 1
        assert await self._explains(client, db, owner.headers, companies, named) == 0

        # Once the time is up, it is asked again.
        monkeypatch.setattr(listing, "_estimates", Expiring(bound=64, seconds=0))
        assert await self._explains(client, db, owner.headers, companies, companies) == 2
