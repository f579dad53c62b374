"""filter_fields / sort_fields: finding and ordering records by custom values, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import ClauseElement, Executable, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from starlette.datastructures import QueryParams

from heron.custom_fields.values import filter_fields, sort_fields
from heron.db import create_engine
from heron.kit.errors import ValidationFailed
from heron.kit.filtering import parse_filters
from heron.kit.sorting import parse_sort
from heron.models import Company, CustomField, Organization
from tests.helpers.factories import create_org
from tests.helpers.fields import create_company, field, options

pytestmark = pytest.mark.anyio

DEFS: list[CustomField] = [
    field("tier", "select", options=options("gold", "silver", "bronze")),
    field("labels", "multi_select", options=options("eu", "us", "apac")),
    field("seats", "number"),
    field("budget", "money"),
    field("renews_on", "date"),
    field("signed_at", "datetime"),
    field("active", "boolean"),
    field("motto", "text"),
    field("owner_user", "user"),
]
ALLOWED = filter_fields(Company, DEFS)
USER = "0190c7a0-0000-7000-8000-000000000001"

ROWS: dict[str, dict[str, Any]] = {
    "acme": {
        "tier": "gold", "labels": ["eu", "us"], "seats": 120, "budget": 1250.5,
        "renews_on": "2026-03-01", "signed_at": "2025-12-31T23:00:00Z", "active": True,
        "motto": "Build Better", "owner_user": USER,
    },
    "globex": {
        "tier": "silver", "labels": ["us"], "seats": 8, "budget": 99,
        "renews_on": "2026-01-15", "signed_at": "2026-01-02T08:00:00Z", "active": False,
        "motto": "better together",
    },
    "initech": {"tier": "gold", "labels": ["apac"], "seats": 45.5},
    "hooli": {},
}  # fmt: skip


async def arrange(session: AsyncSession) -> Organization:
    org = await create_org(session)
    for name, custom in ROWS.items():
        await create_company(session, org, name=name, custom=custom)
    # Another organization's record with the same values never shows.
    await create_company(session, await create_org(session), name="stranger", custom=ROWS["acme"])
    return org


async def names(session: AsyncSession, org: Organization, query: str) -> set[str]:
    where = parse_filters(QueryParams(query), ALLOWED)
    stmt = select(Company.name).where(Company.org_id == org.id)
    if where is not None:
        stmt = stmt.where(where)
    return set(await session.scalars(stmt))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("filter[custom.tier][eq]=gold", {"acme", "initech"}),
        ("filter[custom.tier][ne]=gold", {"globex"}),
        ("filter[custom.tier][in]=silver,bronze", {"globex"}),
        ("filter[custom.tier][nin]=silver", {"acme", "initech"}),
        ("filter[custom.tier][isnull]=true", {"hooli"}),
        ("filter[custom.labels][eq]=us", {"acme", "globex"}),
        ("filter[custom.labels][in]=apac,eu", {"acme", "initech"}),
        ("filter[custom.labels][ne]=us", {"initech", "hooli"}),
        ("filter[custom.labels][nin]=us,apac", {"hooli"}),
        ("filter[custom.labels][isnull]=false", {"acme", "globex", "initech"}),
        ("filter[custom.seats][gt]=10", {"acme", "initech"}),
        ("filter[custom.seats][eq]=120", {"acme"}),
        ("filter[custom.seats][eq]=45.5", {"initech"}),
        ("filter[custom.seats][between]=8,45.5", {"globex", "initech"}),
        ("filter[custom.seats][isnull]=true", {"hooli"}),
        ("filter[custom.budget][lte]=1000", {"globex"}),
        ("filter[custom.budget][eq]=1250.50", {"acme"}),
        ("filter[custom.renews_on][lt]=2026-02-01", {"globex"}),
        ("filter[custom.renews_on][eq]=2026-03-01", {"acme"}),
        ("filter[custom.signed_at][gte]=2026-01-01T00:30:00%2B01:00", {"globex"}),
        ("filter[custom.signed_at][eq]=2026-01-01T00:00:00%2B01:00", {"acme"}),
        ("filter[custom.active][eq]=true", {"acme"}),
        ("filter[custom.active][eq]=false", {"globex"}),
        ("filter[custom.active][isnull]=true", {"initech", "hooli"}),
        ("filter[custom.motto][eq]=Build Better", {"acme"}),
        ("filter[custom.motto][contains]=Better", {"acme"}),
        ("filter[custom.motto][icontains]=BETTER", {"acme", "globex"}),
        ("filter[custom.motto][startswith]=better", {"globex"}),
        (f"filter[custom.owner_user][eq]={USER}", {"acme"}),
        (f"filter[custom.owner_user][in]={USER.upper()}", {"acme"}),
        ("filter[custom.tier][eq]=gold&filter[custom.labels][eq]=eu", {"acme"}),
    ],
)
async def test_filters(session: AsyncSession, query: str, expected: set[str]) -> None:
    org = await arrange(session)

    assert await names(session, org, query) == expected


class TestFilterRefusals:
    @pytest.mark.parametrize(
        "query",
        [
            "filter[custom.tier][eq]=platinum",
            "filter[custom.labels][eq]=mars",
            "filter[custom.tier][gt]=gold",
            "filter[custom.active][in]=true",
            "filter[custom.seats][eq]=lots",
            "filter[custom.renews_on][eq]=soon",
            "filter[custom.signed_at][eq]=2026-01-01T00:00:00",
            "filter[custom.owner_user][eq]=nobody",
            "filter[custom.nope][eq]=1",
        ],
    )
    def test_bad_filters_are_422(self, query: str) -> None:
        with pytest.raises(ValidationFailed):
            parse_filters(QueryParams(query), ALLOWED)


class TestSorts:
    async def _sorted(self, session: AsyncSession, org: Organization, sort: str) -> list[str]:
        keys = parse_sort(sort, sort_fields(Company, DEFS), "id", Company.id)
        stmt = select(Company.name).where(Company.org_id == org.id)
        return list(await session.scalars(stmt.order_by(*(k.order_by() for k in keys))))

    async def test_numbers_sort_by_value_and_missing_values_last(
        self, session: AsyncSession
    ) -> None:
        org = await arrange(session)

        assert await self._sorted(session, org, "custom.seats") == [
            "globex",
            "initech",
            "acme",
            "hooli",
        ]
        assert await self._sorted(session, org, "-custom.seats") == [
            "hooli",
            "acme",
            "initech",
            "globex",
        ]

    async def test_dates_and_text_sort_as_text(self, session: AsyncSession) -> None:
        org = await arrange(session)

        assert (await self._sorted(session, org, "custom.renews_on"))[:2] == ["globex", "acme"]
        assert (await self._sorted(session, org, "custom.tier,custom.seats"))[:3] == [
            "initech",
            "acme",
            "globex",
        ]

    def test_multi_selects_are_not_sortable(self) -> None:
        assert "custom.labels" not in sort_fields(Company, DEFS)
        assert "custom.seats" in sort_fields(Company, DEFS)


class Explain(Executable, ClauseElement):
    inherit_cache = False

    def __init__(self, statement: Any) -> None:
        self.statement = statement


@compiles(Explain, "postgresql")
def _explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN " + compiler.process(element.statement, **kw)


INDEXED = [
    "filter[custom.tier][eq]=gold",
    "filter[custom.seats][eq]=120",
    "filter[custom.active][eq]=true",
    "filter[custom.motto][eq]=Build Better",
    "filter[custom.renews_on][eq]=2026-03-01",
    "filter[custom.labels][eq]=eu",
]


async def plan_of(conn: Any, query: str) -> str:
    """EXPLAIN of a filter on companies with sequential scans priced out."""
    await conn.execute(text("SET LOCAL enable_seqscan = off"))
    where = parse_filters(QueryParams(query), ALLOWED)
    return "\n".join(r[0] for r in await conn.execute(Explain(select(Company.id).where(where))))


def postgresql_only(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the GIN index is PostgreSQL's")


@pytest.mark.parametrize("query", INDEXED)
async def test_equality_uses_the_gin_index_on_postgresql(db_url: str, query: str) -> None:
    """As a role that row-level security does not restrict (the migrations' superuser)."""
    postgresql_only(db_url)
    engine = create_engine(db_url, pool=False)
    try:
        async with engine.connect() as conn, conn.begin() as tx:
            plan = await plan_of(conn, query)
            await tx.rollback()
    finally:
        await engine.dispose()

    assert "Bitmap Index Scan on ix_companies_custom" in plan, plan


# Under row-level security PostgreSQL evaluates the policy before any condition whose function is
# not LEAKPROOF; migration 0005 marks jsonb_contains (@>) LEAKPROOF so the index can serve it.
async def test_equality_uses_the_gin_index_under_row_level_security(
    session: AsyncSession, db_url: str
) -> None:
    postgresql_only(db_url)

    plan = await plan_of(session, INDEXED[0])

    assert "ix_companies_custom" in plan, plan
