"""Likely duplicates by name (a company's, a contact's or a lead's create, and a contact's
duplicates): the records called the same, ignoring case and spacing, and on PostgreSQL those
whose name is the same but for a typo in a word (``RecordRepository.similar_named``). Each name
is looked up through the name-key index of migration 0015, under row-level security, so the
check reads a few rows however many records the organization has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.db import Database
from tests.helpers.databases import statements_run
from tests.helpers.factories import Member, create_member, create_org

pytestmark = pytest.mark.anyio

KINDS = {
    "companies": lambda name: {"name": name},
    "leads": lambda name: {"name": name},
    "contacts": lambda name: dict(
        zip(("first_name", "last_name"), name.split(" ", 1), strict=True)
    ),
}


@pytest.fixture
async def owner(session: AsyncSession, settings: Settings) -> Member:
    return await create_member(session, settings, await create_org(session), "owner")


async def _create(client: httpx.AsyncClient, who: Member, plural: str, name: str) -> Any:
    response = await client.post(f"/api/v1/{plural}", json=KINDS[plural](name), headers=who.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _named(created: Any) -> set[str]:
    return {d["name"] for d in created["meta"]["duplicates"] if d["reason"] == "similar_name"}


def _postgresql(db: Database) -> bool:
    return db.engine.dialect.name == "postgresql"


@pytest.mark.parametrize("plural", list(KINDS))
async def test_the_same_name_ignoring_case_and_spacing(
    client: httpx.AsyncClient, owner: Member, plural: str
) -> None:
    await _create(client, owner, plural, "Ada Lovelace")
    await _create(client, owner, plural, "Grace Hopper")
    created = await _create(client, owner, plural, "ada  LOVELACE")
    assert _named(created) == {"Ada Lovelace"}
    # Another organization's record of the same name is never one.
    other = await _create(client, owner, plural, "Grace Hopper")
    assert _named(other) == {"Grace Hopper"}


@pytest.mark.parametrize("plural", list(KINDS))
async def test_a_typo_in_a_word_is_forgiven_on_postgresql(
    client: httpx.AsyncClient, owner: Member, db: Database, plural: str
) -> None:
    await _create(client, owner, plural, "Ada Lovelace")
    await _create(client, owner, plural, "Ada Lovelock")  # another word: not similar enough
    created = await _create(client, owner, plural, "Ada Lovelaec")
    assert _named(created) == ({"Ada Lovelace"} if _postgresql(db) else set())


async def test_a_renamed_record_is_found_by_its_new_name(
    client: httpx.AsyncClient, owner: Member
) -> None:
    first = (await _create(client, owner, "companies", "Initech"))["data"]
    response = await client.patch(
        f"/api/v1/companies/{first['id']}", json={"name": "Globex"},
        headers=owner.headers | {"If-Match": f'"{first["version"]}"'},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert _named(await _create(client, owner, "companies", "Initech")) == set()
    assert _named(await _create(client, owner, "companies", "globex")) == {"Globex"}


async def test_many_namesakes_give_the_first_created_ten(
    client: httpx.AsyncClient, owner: Member
) -> None:
    made = []
    for _ in range(12):
        made.append((await _create(client, owner, "contacts", "John Smith"))["data"]["id"])
    response = await client.get(f"/api/v1/contacts/{made[-1]}/duplicates", headers=owner.headers)
    assert response.status_code == 200, response.text
    assert [d["id"] for d in response.json()["data"]] == made[:10]


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "Scan" in plan["Node Type"]:
        yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


@pytest.mark.parametrize("plural", list(KINDS))
async def test_names_are_looked_up_through_the_name_key_index(
    client: httpx.AsyncClient, session: AsyncSession, owner: Member, db: Database, plural: str
) -> None:
    """With table and bitmap scans priced out, the check compares name keys in the name-key
    index, for the app's role (row-level security on): it fails when the check compares an
    expression of the name (not LEAKPROOF: a filter on every row instead), or the index is
    missing."""
    if not _postgresql(db):
        pytest.skip("plans are PostgreSQL's")
    await _create(client, owner, plural, "Ada Lovelace")
    with statements_run(db.engine) as runs:
        await _create(client, owner, plural, "Ada Lovelaec")
    reads = [r for r in runs if r.sql.lstrip().startswith(("SELECT", "WITH"))]
    checks = [r for r in reads if "name_key" in r.sql]
    assert len(checks) == 1, [r.sql for r in runs]
    connection = await session.connection()
    await connection.execute(text("SET LOCAL enable_seqscan = off"))
    await connection.execute(text("SET LOCAL enable_bitmapscan = off"))
    explained = await connection.exec_driver_sql(
        "EXPLAIN (FORMAT JSON) " + checks[0].sql, checks[0].parameters
    )
    plan = explained.scalar_one()[0]["Plan"]
    # Every scan of the kind's table that compares name keys does so in the index.
    named = [
        s for s in _scans(plan)
        if s.get("Relation Name") == plural
        and "name_key" in f"{s.get('Index Cond')}{s.get('Filter')}"
    ]  # fmt: skip
    assert named, plan
    for scan in named:
        assert scan.get("Index Name") == f"ix_{plural}_live_name_key", scan
        assert "name_key" in scan["Index Cond"] and "name_key" not in scan.get("Filter", ""), scan
