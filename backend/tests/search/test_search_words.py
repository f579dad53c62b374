"""PostgreSQL's table of search words (migration 0014): each organization's words of each kind,
kept in step by triggers, through which a search forgives a typo (heron/records/search.py).
SQLite forgives no typo and has no such table: these tests run on PostgreSQL only."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company, Contact
from heron.records.search import CLOSE_WORDS
from tests.helpers.factories import Member, create_member, create_org
from tests.search.test_search import company, is_postgres

pytestmark = pytest.mark.anyio

SEARCH = "/api/v1/search"


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings, db_url: str) -> Member:
    if not is_postgres(db_url):
        pytest.skip("SQLite forgives no typo: it keeps no search words")
    return await create_member(session, settings, await create_org(session), "owner")


async def words(session: AsyncSession, org_id: uuid.UUID, kind: str) -> set[str]:
    found = await session.scalars(
        text("SELECT word FROM search_words WHERE org_id = :org AND kind = :kind"),
        {"org": org_id, "kind": kind},
    )
    return set(found)


async def found(client: httpx.AsyncClient, member: Member, q: str, kind: str) -> list[str]:
    params = {"q": q, "kinds": kind}
    response = await client.get(SEARCH, params=params, headers=member.headers)
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["data"]]


class TestKeptInStep:
    async def test_an_insert_adds_its_words_of_four_letters_or_more_without_digits(
        self, session: AsyncSession, owner: Member
    ) -> None:
        await company(session, owner, "Acme Rockets-Shipping Co 2024", domain="acme.example")
        # One statement of several rows (as an import's batch): its rows' words in one go.
        await session.execute(
            insert(Company),
            [
                {"org_id": owner.org.id, "name": name, "search_text": name.lower()}
                for name in ("Zanzibar Freight", "Östersund Ångbåt", "B2B4 Ltd")
            ],
        )

        assert await words(session, owner.org.id, "company") == {
            "acme", "rockets", "shipping", "example", "zanzibar", "freight", "östersund", "ångbåt",
        }  # fmt: skip
        assert await words(session, owner.org.id, "contact") == set()

    async def test_an_edit_adds_the_new_words_and_a_typo_of_them_finds_the_record(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        target = await company(session, owner, "Acme Rockets")

        response = await client.patch(
            f"/api/v1/companies/{target.id}",
            json={"name": "Zanzibar Freight"},
            headers=owner.headers | {"If-Match": f'"{target.version}"'},
        )

        assert response.status_code == 200, response.text
        assert {"zanzibar", "freight"} <= await words(session, owner.org.id, "company")
        assert await found(client, owner, "zanzibr", "company") == [str(target.id)]
        listed = await client.get(
            "/api/v1/companies", params={"q": "zanzibr"}, headers=owner.headers
        )
        assert [row["id"] for row in listed.json()["data"]] == [str(target.id)]


class TestWhoseWords:
    async def test_closer_words_of_another_organization_or_kind_do_not_push_a_records_out(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        owner: Member,
    ) -> None:
        # More words closer to "hamiltn" than "hamilton" is ("hamiltna", "hamiltnb", ...) than
        # a search looks at, in another organization's companies and this one's contacts.
        closer = [f"Hamiltn{chr(ord('a') + i)}" for i in range(CLOSE_WORDS + 2)]
        other = await create_member(session, settings, await create_org(session), "owner")
        for name in closer:
            await company(session, other, name)
            session.add(Contact(org_id=owner.org.id, first_name="Ann", last_name=name))
        target = await company(session, owner, "Hamilton Works")
        await session.flush()

        assert await found(client, owner, "hamiltn", "company") == [str(target.id)]
        assert len(await found(client, owner, "hamiltn", "contact")) == 5  # the default limit


class TestListsSearched:
    async def test_a_word_found_as_typed_is_not_forgiven_in_a_list(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        # "knight" is close enough to "wright" to be forgiven for it; a list searched for
        # "wright", which records hold, shows the Wrights alone.
        wright = await company(session, owner, "Wright Tooling")
        knight = await company(session, owner, "Knight Tooling")

        async def listed(q: str) -> set[str]:
            response = await client.get("/api/v1/companies", params={"q": q}, headers=owner.headers)
            assert response.status_code == 200, response.text
            return {row["id"] for row in response.json()["data"]}

        assert await listed("wright") == {str(wright.id)}
        assert str(wright.id) in await listed("wrigth")
        # Search ranks the words as typed first and still offers the close ones after them.
        assert await found(client, owner, "wright", "company") == [str(wright.id), str(knight.id)]
