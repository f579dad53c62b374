"""The GIN indexes keep short pending lists (migration 0010): a long one makes the planner
leave the index for a sequential scan (a search 10 times slower, docs/performance.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from heron.db import create_engine

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
    engine = create_engine(db_url, pool=False)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names)"),
                {"names": INDEXES},
            )
            options = {name: opts for name, opts in rows}
    finally:
        await engine.dispose()

    assert sorted(options) == sorted(INDEXES)
    assert all(opts == ["gin_pending_list_limit=256"] for opts in options.values()), options
