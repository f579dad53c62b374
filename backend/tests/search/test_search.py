from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.models import Company
from heron.models.base import utcnow
from heron.records import search
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.leads import create_lead

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


def is_postgres(db_url: str) -> bool:
    return db_url.startswith("postgresql")


class TestTiers:
    """What a search finds first, and which words forgive a typo (heron/records/search.py)."""

    async def test_what_was_typed_comes_before_what_is_close_to_it(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member, db_url: str
    ) -> None:
        close = await company(session, owner, "Hamilten Works")
        typed = await company(session, owner, "Hamilton Works")

        hits = (await client.get(SEARCH, params={"q": "hamilton"}, headers=owner.headers)).json()

        expected = [typed.id, close.id] if is_postgres(db_url) else [typed.id]
        assert [h["id"] for h in hits["data"]] == [str(i) for i in expected]

    async def test_a_swapped_letter_is_forgiven_in_a_long_word(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member, db_url: str
    ) -> None:
        target = await company(session, owner, "Hamilton Works")

        hits = (await client.get(SEARCH, params={"q": "hamitlon"}, headers=owner.headers)).json()

        expected = [str(target.id)] if is_postgres(db_url) else []
        assert [h["id"] for h in hits["data"]] == expected

    async def test_a_short_word_is_not_forgiven_a_typo_and_matches_at_a_word_start(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        await company(session, owner, "Acme Rockets")
        starts = await company(session, owner, "Jones Brothers")
        await company(session, owner, "Major Systems")  # "jo" inside a word

        wrong = (await client.get(SEARCH, params={"q": "acn"}, headers=owner.headers)).json()
        short = (await client.get(SEARCH, params={"q": "jo"}, headers=owner.headers)).json()

        assert wrong["data"] == []
        assert [h["id"] for h in short["data"]] == [str(starts.id)]

    async def test_the_first_word_at_a_word_start_ranks_first(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member, db_url: str
    ) -> None:
        inside = await company(session, owner, "Megacorp Shipping")
        start = await company(session, owner, "Corporate Shipping")

        hits = (await client.get(SEARCH, params={"q": "corp"}, headers=owner.headers)).json()

        assert {h["id"] for h in hits["data"]} == (
            {str(start.id), str(inside.id)} if is_postgres(db_url) else {str(start.id)}
        )
        assert hits["data"][0]["id"] == str(start.id)

    async def test_searches_of_the_same_shape_find_their_own_words(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        acme = await company(session, owner, "Acme Rockets")
        globex = await company(session, owner, "Globex Rockets")

        # The same shape (one word of four letters or more): one statement, bound to each.
        first = (await client.get(SEARCH, params={"q": "acme"}, headers=owner.headers)).json()
        second = (await client.get(SEARCH, params={"q": "globex"}, headers=owner.headers)).json()
        limited = await client.get(
            SEARCH, params={"q": "rockets", "limit": 1}, headers=owner.headers
        )

        assert [h["id"] for h in first["data"]] == [str(acme.id)]
        assert [h["id"] for h in second["data"]] == [str(globex.id)]
        assert len(limited.json()["data"]) == 1

    async def test_each_caller_finds_only_the_records_they_may_see(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, owner: Member
    ) -> None:
        sales = await create_member(session, settings, owner.org, "sales")
        await create_lead(session, owner.org, owner.user.id, name="Acme Owned")
        mine = await create_lead(session, owner.org, sales.user.id, name="Acme Mine")

        # The same statement shape for both callers; Sales see only their own leads.
        everyone = (await client.get(SEARCH, params={"q": "acme"}, headers=owner.headers)).json()
        own = (await client.get(SEARCH, params={"q": "acme"}, headers=sales.headers)).json()

        assert len(everyone["data"]) == 2
        assert [h["id"] for h in own["data"]] == [str(mine.id)]

    async def test_more_matches_than_are_ranked_still_answer_the_best_few(
        self, client: httpx.AsyncClient, session: AsyncSession, owner: Member
    ) -> None:
        session.add_all(
            Company(org_id=owner.org.id, name=f"Umbrella Branch {i}", owner_id=owner.user.id)
            for i in range(search.RANK_WINDOW + 20)
        )
        await session.flush()

        hits = await client.get(SEARCH, params={"q": "umbrella", "limit": 7}, headers=owner.headers)

        assert hits.status_code == 200, hits.text
        assert len(hits.json()["data"]) == 7
        assert all(h["title"].startswith("Umbrella Branch") for h in hits.json()["data"])


@pytest.mark.parametrize(
    ("q", "threshold"),
    [("jo", 0.3), ("acne", 0.3), ("rockets", 0.36), ("hamilton", 0.43), ("acme hamilton", 0.3)],
)
def test_the_similarity_threshold_forgives_about_one_typo_in_the_shortest_word(
    q: str, threshold: float
) -> None:
    assert search.threshold_for(q) == threshold
