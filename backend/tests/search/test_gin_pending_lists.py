"""The GIN indexes keep short pending lists (migration 0010): a long one makes the planner
leave the index for a sequential scan (a search 10 times slower, docs/performance.md)."""

from __future__ import annotations

import pytest

from tests.helpers.databases import rows_of

pytestmark = pytest.mark.anyio

INDEXES = [
    f"ix_{table}_{kind}"
    for table in ("companies", "contacts", "leads", "deals")
    for kind in ("search_trgm", "custom")
]


async def test_every_gin_index_of_the_records_has_a_small_pending_list_limit(
    db_url: str,
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("GIN indexes are PostgreSQL's")
    rows = await rows_of(
        db_url, "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names)",
        {"names": INDEXES},
    )  # fmt: skip
    options = {name: opts for name, opts in rows}

    assert sorted(options) == sorted(INDEXES)
    assert all(opts == ["gin_pending_list_limit=256"] for opts in options.values()), options
