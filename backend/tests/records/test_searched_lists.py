"""A list searched with ``q`` on PostgreSQL walks a bounded stretch of the list's order for its
page and, when that stretch holds too few matches, sorts the matches found through the search's
index (heron.records.listing.searched). Either way its pages are the list's order of the
matches, NULLs last, through every cursor; SQLite reads them as before, to the same answer."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from heron.records import listing
from tests.helpers.databases import statements_run
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

# (first name, last name): "quokka" is the searched word, in either name or in neither.
PEOPLE = [
    ("Ann", "Aardvark"), ("Bob", "Aardvark"), ("Cy", "Abbott"),  # first in order, no match
    ("Quokka", "Baker"), ("Dee", "Quokka"), ("Eve", "Quokka"), ("Quokka", None),
    ("Fay", "Young"), ("Quokka", "Zane"), (None, "Quokkason"), ("Quokkas", None),
]  # fmt: skip


@pytest.fixture
async def owner(client: httpx.AsyncClient, session: AsyncSession, settings: Settings) -> Member:
    member = await create_member(session, settings, await create_org(session), "owner")
    for first, last in PEOPLE:
        body = {"first_name": first, "last_name": last}
        response = await client.post("/api/v1/contacts", json=body, headers=member.headers)
        assert response.status_code == 201, response.text
    return member


async def _pages(
    client: httpx.AsyncClient, owner: Member, params: dict[str, str]
) -> list[tuple[str | None, str | None]]:
    seen: list[tuple[str | None, str | None]] = []
    cursor = None
    for _ in range(20):
        page = params | ({"cursor": cursor} if cursor else {})
        response = await client.get("/api/v1/contacts", params=page, headers=owner.headers)
        assert response.status_code == 200, response.text
        seen += [(c["first_name"], c["last_name"]) for c in response.json()["data"]]
        cursor = response.json()["meta"]["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize("walk_rows", [3, 1_000], ids=["sorted-out", "walked"])
@pytest.mark.parametrize("sort", ["last_name,first_name", "-last_name"])
async def test_pages_are_the_matches_in_order_whichever_way_they_are_found(
    client: httpx.AsyncClient,
    db: Database,
    owner: Member,
    monkeypatch: pytest.MonkeyPatch,
    walk_rows: int,
    sort: str,
) -> None:
    # Three rows come before the first match: a walk of three finds none and the matches
    # are sorted out; a walk of a thousand holds every page.
    monkeypatch.setattr(listing, "WALK_ROWS", walk_rows)
    monkeypatch.setattr(listing, "WALK_FROM", 0)
    # The list's own order, unsearched, of the rows that match.
    everyone = await _pages(client, owner, {"limit": "50", "sort": sort})
    expected = [p for p in everyone if "quokka" in f"{p[0]} {p[1]}".lower()]
    assert len(expected) == 7

    with statements_run(db.engine) as runs:
        seen = await _pages(client, owner, {"q": "quokka", "limit": "2", "sort": sort})

    assert seen == expected
    walked = any("hits" in run.sql and "found" in run.sql for run in runs)
    assert walked == (db.engine.dialect.name == "postgresql")


async def test_a_walk_is_not_taken_where_the_order_has_no_index(
    client: httpx.AsyncClient, db: Database, owner: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Walking an order no index keeps would sort the whole table first.
    monkeypatch.setattr(listing, "WALK_FROM", 0)
    with statements_run(db.engine) as runs:
        seen = await _pages(client, owner, {"q": "quokka", "limit": "2", "sort": "first_name"})

    assert len(seen) == 7
    assert not any("hits" in run.sql for run in runs)
