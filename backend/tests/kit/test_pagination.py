"""Offset pages (/api-keys) and keyset pages (/events, and keyset_paginate itself)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from heron.config import Settings
from heron.kit.pagination import CursorParams, PageParams, encode_cursor, keyset_paginate, paginate
from heron.kit.sorting import parse_sort
from heron.models import ApiKey, Contact, Event, Organization
from heron.models.base import utcnow
from tests.helpers.api_keys import create_api_key
from tests.helpers.factories import Member, create_member, create_org
from tests.helpers.records import create_contact

pytestmark = pytest.mark.anyio

KEYS = "/api/v1/api-keys"
EVENTS = "/api/v1/events"


async def add_events(
    session: AsyncSession, org: Organization, times: list[datetime], type_: str = "thing.done"
) -> list[Event]:
    rows = [
        Event(org_id=org.id, type=type_, entity="thing", actor_type="system", created_at=t)
        for t in times
    ]
    session.add_all(rows)
    await session.flush()
    return rows


async def owner_with_events(
    session: AsyncSession, settings: Settings
) -> tuple[Member, list[Event]]:
    owner = await create_member(session, settings, await create_org(session), "owner")
    base = utcnow().replace(microsecond=0) - timedelta(hours=1)
    # Three events share one instant: only the id can order them.
    times = [base + timedelta(minutes=m) for m in (5, 1, 3, 3, 3, 0, 9)]
    return owner, await add_events(session, owner.org, times)


async def walk(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, **query: str
) -> tuple[list[str], int]:
    ids: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str] = {**query, "limit": "2"}
        if cursor:
            params["cursor"] = cursor
        response = await client.get(url, params=params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["meta"]["limit"] == 2 and len(body["data"]) <= 2
        ids += [e["id"] for e in body["data"]]
        pages += 1
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            return ids, pages


def b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_of(*values: object) -> str:
    return b64(json.dumps(list(values)))


AN_ID = {"u": str(uuid.uuid4())}


class TestOffsetPages:
    async def test_meta_counts_every_row_and_pages_cover_them_once(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        made = {
            str((await create_api_key(session, owner.org, owner.user)).row.id) for _ in range(5)
        }

        pages = [
            (
                await client.get(KEYS, params={"page": n, "page_size": 2}, headers=owner.headers)
            ).json()
            for n in (1, 2, 3, 4)
        ]

        assert [p["meta"] for p in pages] == [
            {"page": n, "page_size": 2, "total": 5, "total_pages": 3} for n in (1, 2, 3, 4)
        ]
        assert [len(p["data"]) for p in pages] == [2, 2, 1, 0]
        seen = [k["id"] for p in pages for k in p["data"]]
        assert sorted(seen) == sorted(made)

    async def test_an_empty_list_has_one_empty_page(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(KEYS, headers=owner.headers)

        assert response.json()["meta"] == {"page": 1, "page_size": 50, "total": 0, "total_pages": 1}

    async def test_totals_count_only_what_the_caller_sees(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        org = await create_org(session)
        owner = await create_member(session, settings, org, "owner")
        sales = await create_member(session, settings, org, "sales")
        await create_api_key(session, org, owner.user)
        await create_api_key(session, org, sales.user, "sales")
        other = await create_member(session, settings, await create_org(session), "owner")
        await create_api_key(session, other.org, other.user)

        owners = await client.get(KEYS, headers=owner.headers)
        sales_view = await client.get(KEYS, headers=sales.headers)

        assert owners.json()["meta"]["total"] == 2
        assert sales_view.json()["meta"]["total"] == 1

    @pytest.mark.parametrize(
        ("query", "loc"),
        [
            ({"page_size": 201}, ["query", "page_size"]),
            ({"page_size": 0}, ["query", "page_size"]),
            ({"page": 0}, ["query", "page"]),
            ({"page": "two"}, ["query", "page"]),
        ],
    )
    async def test_out_of_bounds_paging_is_422_in_the_envelope(
        self,
        client: httpx.AsyncClient,
        session: AsyncSession,
        settings: Settings,
        query: dict[str, Any],
        loc: list[str],
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(KEYS, params=query, headers=owner.headers)

        assert response.status_code == 422
        body = response.json()
        assert body["success"] is False and body["data"] is None
        assert body["error"]["code"] == "validation_error"
        assert body["error"]["details"][0]["loc"] == loc

    async def test_page_size_200_is_allowed(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")

        response = await client.get(KEYS, params={"page_size": 200}, headers=owner.headers)

        assert response.status_code == 200


class TestKeysetPages:
    async def test_walking_the_events_visits_each_once_newest_first(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, events = await owner_with_events(session, settings)
        other = await create_org(session)
        await add_events(session, other, [utcnow()])
        expected = [
            str(e.id) for e in sorted(events, key=lambda e: (e.created_at, e.id), reverse=True)
        ]

        ids, pages = await walk(client, owner.headers, EVENTS)

        assert ids == expected
        assert pages == 4

    async def test_walking_oldest_first(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, events = await owner_with_events(session, settings)
        expected = [str(e.id) for e in sorted(events, key=lambda e: (e.created_at, e.id))]

        ids, _ = await walk(client, owner.headers, EVENTS, sort="created_at")

        assert ids == expected

    async def test_an_exact_last_page_has_no_next_cursor(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, _ = await owner_with_events(session, settings)

        response = await client.get(EVENTS, params={"limit": 7}, headers=owner.headers)

        assert len(response.json()["data"]) == 7
        assert response.json()["meta"] == {"next_cursor": None, "limit": 7}

    async def test_a_limit_over_200_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings
    ) -> None:
        owner, _ = await owner_with_events(session, settings)

        response = await client.get(EVENTS, params={"limit": 201}, headers=owner.headers)

        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["loc"] == ["query", "limit"]

    @pytest.mark.parametrize(
        "cursor",
        [
            "garbage!",
            "bm90IGpzb24",  # "not json"
            b64('{"a": 1}'),
            b64("[1]"),
            b64('["a", "b"]'),
            cursor_of({"t": "2026-01-01T00:00:00"}, AN_ID),
            cursor_of({"t": "0001-01-01T00:00:00+01:00"}, AN_ID),
            cursor_of({"t": "2026-01-01T00:00:00+00:00"}, {"u": "nope"}),
            cursor_of({"t": "2026-01-01T00:00:00+00:00"}, 12),
            cursor_of({"x": 1}, AN_ID),
            cursor_of(None, AN_ID),
            cursor_of({"d": "NaN"}, AN_ID),
            b64("[" * 1000 + "]" * 1000),
        ],
        ids=[
            "not-base64", "not-json", "not-a-list", "wrong-width", "wrong-types", "naive-time",
            "time-out-of-range", "bad-uuid", "number-for-uuid", "unknown-tag", "null-for-non-null",
            "nan", "deep-nesting",
        ],
    )  # fmt: skip
    async def test_a_cursor_that_is_not_ours_is_422(
        self, client: httpx.AsyncClient, session: AsyncSession, settings: Settings, cursor: str
    ) -> None:
        owner, _ = await owner_with_events(session, settings)

        response = await client.get(EVENTS, params={"cursor": cursor}, headers=owner.headers)

        assert response.status_code == 422, response.text
        assert response.json()["error"]["details"][0]["loc"] == ["query", "cursor"]


class TestKeysetOnNullableColumns:
    """NULLs sort as the greatest value on both databases, and keyset pages step over them."""

    @pytest.mark.parametrize("sort", ["last_used_at", "-last_used_at"])
    async def test_every_row_is_visited_once_in_the_offset_order(
        self, session: AsyncSession, settings: Settings, sort: str
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        base = utcnow().replace(microsecond=0)
        used = [None, base, None, base - timedelta(days=1), base, None, base + timedelta(days=1)]
        for when in used:
            await create_api_key(session, owner.org, owner.user, last_used_at=when)
        keys = parse_sort(sort, {"last_used_at": ApiKey.last_used_at}, "", ApiKey.id)
        stmt = select(ApiKey).where(ApiKey.org_id == owner.org.id)
        far = datetime.max.replace(tzinfo=base.tzinfo)

        def order(k: ApiKey) -> tuple[datetime, uuid.UUID]:
            return (k.last_used_at or far, k.id)

        expected = sorted(await session.scalars(stmt), key=order, reverse=sort.startswith("-"))
        offset_rows, _ = await paginate(
            session, stmt.order_by(*(k.order_by() for k in keys)), PageParams(1, 50)
        )

        seen: list[ApiKey] = []
        cursor = None
        while True:
            rows, meta = await keyset_paginate(session, stmt, keys, CursorParams(cursor, 2))
            seen += rows
            cursor = meta.next_cursor
            if cursor is None:
                break

        assert [k.id for k in seen] == [k.id for k in expected]
        assert [k.id for k in offset_rows] == [k.id for k in expected]

    @pytest.mark.parametrize(
        "sort", ["last_name", "last_name,first_name", "-last_name,first_name", "first_name"]
    )
    async def test_pages_seek_past_duplicates_and_nulls_of_several_keys(
        self, session: AsyncSession, sort: str
    ) -> None:
        """The pages seek with a bound on the first keys and read the NULLs of the first one
        last (kit/pagination.py ``_seek``): every row once, in the order of one sorted query."""
        org = await create_org(session)
        names = [("Ada", "Smith"), (None, "Smith"), ("Bob", "Smith"), ("Ada", None),
                 (None, None), ("Cy", "Jones"), ("Ada", "Smith"), ("Bob", None),
                 (None, "Jones"), ("Dee", "Adams"), ("Ada", "Jones")]  # fmt: skip
        for first, last in names:
            await create_contact(session, org, first_name=first, last_name=last)
        allowed = {"last_name": Contact.last_name, "first_name": Contact.first_name}
        keys = parse_sort(sort, allowed, "", Contact.id)
        stmt = select(Contact).where(Contact.org_id == org.id)
        expected = list(await session.scalars(stmt.order_by(*(k.order_by() for k in keys))))

        for size in (1, 2, 3):
            seen: list[Contact] = []
            cursor = None
            while True:
                rows, meta = await keyset_paginate(session, stmt, keys, CursorParams(cursor, size))
                seen += rows
                cursor = meta.next_cursor
                if cursor is None:
                    break
            assert [c.id for c in seen] == [c.id for c in expected], (sort, size)

    async def test_a_null_in_the_cursor_is_accepted_on_a_nullable_column(
        self, session: AsyncSession, settings: Settings
    ) -> None:
        owner = await create_member(session, settings, await create_org(session), "owner")
        for _ in range(2):
            await create_api_key(session, owner.org, owner.user)
        keys = parse_sort("last_used_at", {"last_used_at": ApiKey.last_used_at}, "", ApiKey.id)
        stmt = select(ApiKey).where(ApiKey.org_id == owner.org.id)
        first, meta = await keyset_paginate(session, stmt, keys, CursorParams(None, 1))

        rest, _ = await keyset_paginate(session, stmt, keys, CursorParams(meta.next_cursor, 5))

        assert json.loads(base64.urlsafe_b64decode(meta.next_cursor + "=="))[0] is None  # type: ignore[operator]
        assert len(first) == len(rest) == 1 and first[0].id != rest[0].id
        assert encode_cursor([None, first[0].id]) == meta.next_cursor
