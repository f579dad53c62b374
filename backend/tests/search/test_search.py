from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company
from heron.models.base import utcnow
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

SEARCH = "/api/v1/search"


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "owner")


async def company(session: AsyncSession, member: Member, name: str, **values: object) -> Company:
    row = Company(org_id=member.org.id, name=name, owner_id=member.user.id, **values)
    session.add(row)
    await session.flush()
    return row


class TestSearch:
    async def test_finds_records_by_word_prefix_best_first(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        acme = await company(session, owner, "Acme Rockets", domain="acme.example")
        await company(session, owner, "Globex")

        response = await client.get(SEARCH, params={"q": "acm"}, headers=owner.headers)

        assert response.status_code == 200, response.text
        hits = response.json()["data"]
        assert [(h["kind"], h["id"], h["title"], h["subtitle"]) for h in hits] == [
            ("company", str(acme.id), "Acme Rockets", "acme.example")
        ]

    async def test_every_word_must_match(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        await company(session, owner, "Acme Rockets")
        both = await company(session, owner, "Acme Shipping")

        hits = (await client.get(SEARCH, params={"q": "acme ship"}, headers=owner.headers)).json()

        assert [h["id"] for h in hits["data"]] == [str(both.id)]

    async def test_a_typo_is_forgiven_on_postgresql_only(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member, db_url: str
    ) -> None:
        target = await company(session, owner, "Acme Rockets")

        hits = (await client.get(SEARCH, params={"q": "rockest"}, headers=owner.headers)).json()

        # pg_trgm's word similarity forgives the typo; SQLite's FTS5 matches prefixes only.
        expected = [str(target.id)] if db_url.startswith("postgresql") else []
        assert [h["id"] for h in hits["data"]] == expected

    async def test_only_the_callers_organization_is_searched(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        other = await create_member(session, settings, await create_org(session), "owner")
        await company(session, other, "Acme Elsewhere")

        hits = (await client.get(SEARCH, params={"q": "acme"}, headers=owner.headers)).json()

        assert hits["data"] == []

    async def test_deleted_records_are_not_found(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        await company(session, owner, "Acme Gone", deleted_at=utcnow())

        hits = (await client.get(SEARCH, params={"q": "acme"}, headers=owner.headers)).json()

        assert hits["data"] == []

    @pytest.mark.parametrize("params", [{"q": "!!!"}, {"q": "a", "kinds": "planet"}, {}])
    async def test_bad_queries_are_422(
        self, client: httpx.AsyncClient, owner: Member, params: dict[str, str]
    ) -> None:
        response = await client.get(SEARCH, params=params, headers=owner.headers)

        assert response.status_code == 422
