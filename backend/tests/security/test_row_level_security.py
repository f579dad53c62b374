"""The second line of tenant isolation: PostgreSQL row-level security (migration 0002).

The application connects as a role that is neither owner nor superuser (the ``db`` fixture does
too), so a query that forgets its organization filter still finds nothing of another
organization. SQLite has no row-level security: these tests run on PostgreSQL only.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database, create_engine
from heron.kit import tenancy
from heron.models import Base, Company, Membership, Team
from tests.conftest import app_role_url
from tests.helpers.factories import create_member, create_org, create_user

pytestmark = pytest.mark.anyio

# refresh_tokens.org_id is the organization a session last worked in, not an owner: a session
# belongs to its person, and sign-in reads it before any organization is known.
NOT_TENANT_TABLES = {"refresh_tokens"}
# Tenant tables the models do not describe, made by hand on PostgreSQL (migration 0014).
HAND_MADE_TENANT_TABLES = {"search_words"}


def tenant_tables() -> set[str]:
    return HAND_MADE_TENANT_TABLES | {
        table.name
        for table in Base.metadata.sorted_tables
        if "org_id" in table.c and table.name not in NOT_TENANT_TABLES
    }


@pytest.fixture
async def pg(database_urls: dict[str, str | None]) -> AsyncIterator[Database]:
    """Like ``db``, on PostgreSQL only (as the application's role): no SQLite half to skip."""
    url = database_urls["postgresql"]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (it is required in CI)")
    engine = create_engine(app_role_url(url), pool=False)
    async with engine.connect() as conn:
        outer = await conn.begin()
        yield Database(engine, bind=conn)
        await outer.rollback()
    await engine.dispose()


@pytest.fixture
async def session(pg: Database) -> AsyncIterator[AsyncSession]:
    """The system's session (row-level security bypassed), for arranging and checking."""
    async with pg.transaction() as tx, tenancy.bypass(tx.session):
        yield tx.session


async def _arrange(session: AsyncSession) -> tuple[uuid.UUID, uuid.UUID]:
    """Two organizations, each with a member, a team and a company (whose name's words
    ``search_words`` keeps)."""
    ids = []
    for _ in range(2):
        org = await create_org(session)
        user = await create_user(session)
        session.add(Membership(org_id=org.id, user_id=user.id, role="admin"))
        session.add(Team(org_id=org.id, name="Sales"))
        session.add(Company(org_id=org.id, name="Acme Rockets"))
        await session.flush()
        ids.append(org.id)
    return ids[0], ids[1]


async def _count(session: AsyncSession, table: str, where: str = "") -> int:
    return int(await session.scalar(text(f"SELECT count(*) FROM {table} {where}")) or 0)


class TestWithoutSettings:
    async def test_raw_sql_finds_no_rows_of_any_tenant_table(
        self, pg: Database, session: AsyncSession
    ) -> None:
        await _arrange(session)
        assert await _count(session, "memberships") >= 2  # the system (bypass) sees them

        async with pg.transaction() as tx:
            counts = {t: await _count(tx.session, t) for t in [*tenant_tables(), "organizations"]}

        assert counts == dict.fromkeys(counts, 0)

    async def test_the_app_role_is_neither_superuser_nor_exempt(self, pg: Database) -> None:
        async with pg.transaction() as tx:
            row = (
                await tx.session.execute(
                    text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                )
            ).one()

        assert tuple(row) == (False, False)


class TestInOneOrganization:
    async def test_only_its_rows_are_seen(self, pg: Database, session: AsyncSession) -> None:
        a, _ = await _arrange(session)

        async with pg.transaction() as tx:
            await tenancy.enter(tx.session, a, None)
            orgs = set(await tx.session.scalars(text("SELECT id FROM organizations")))
            members = set(await tx.session.scalars(text("SELECT org_id FROM memberships")))
            teams = set(await tx.session.scalars(text("SELECT org_id FROM teams")))
            words = set(await tx.session.scalars(text("SELECT org_id FROM search_words")))

        assert orgs == {a}
        assert members == {a}
        assert teams == {a}
        assert words == {a}

    async def test_a_row_for_another_organization_is_refused(
        self, pg: Database, session: AsyncSession
    ) -> None:
        a, b = await _arrange(session)

        with pytest.raises(DBAPIError, match="row-level security"):
            async with pg.transaction() as tx:
                await tenancy.enter(tx.session, a, None)
                await tx.session.execute(
                    text(
                        "INSERT INTO teams (id, org_id, name, version, created_at, updated_at)"
                        " VALUES (:id, :org, 'Smuggled', 1, now(), now())"
                    ),
                    {"id": uuid.uuid4(), "org": b},
                )

        assert await _count(session, "teams", "WHERE name = 'Smuggled'") == 0

    async def test_rows_of_another_organization_cannot_be_changed(
        self, pg: Database, session: AsyncSession
    ) -> None:
        a, b = await _arrange(session)

        async with pg.transaction() as tx:
            await tenancy.enter(tx.session, a, None)
            await tx.session.execute(text("UPDATE teams SET name = 'Taken'"))
            await tx.session.execute(text("DELETE FROM memberships"))

        assert await _count(session, "teams", f"WHERE org_id = '{b}' AND name = 'Sales'") == 1
        assert await _count(session, "memberships", f"WHERE org_id = '{b}'") == 1


class TestAsAPerson:
    async def test_their_memberships_and_organizations_are_seen_across_organizations(
        self, pg: Database, session: AsyncSession, settings: Settings
    ) -> None:
        a, _ = await _arrange(session)
        member = await create_member(session, settings, await create_org(session))
        session.add(Membership(org_id=a, user_id=member.user.id, role="viewer"))
        await session.flush()

        async with pg.transaction() as tx:
            await tenancy.enter(tx.session, None, member.user.id)
            orgs = set(await tx.session.scalars(text("SELECT id FROM organizations")))
            users = set(await tx.session.scalars(text("SELECT user_id FROM memberships")))
            teams = await _count(tx.session, "teams")

        assert orgs == {a, member.org.id}
        assert users == {member.user.id}
        assert teams == 0


class TestPolicies:
    async def test_every_tenant_table_has_a_forced_policy(self, pg: Database) -> None:
        async with pg.transaction() as tx:
            policies = set(
                await tx.session.scalars(
                    text("SELECT tablename FROM pg_policies WHERE policyname = 'tenant_isolation'")
                )
            )
            forced = set(
                await tx.session.scalars(
                    text(
                        "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity"
                    )
                )
            )

        expected = tenant_tables() | {"organizations"}
        assert expected - policies == set(), "tenant tables without a row-level security policy"
        assert expected - forced == set(), "tenant tables whose row-level security is not forced"
