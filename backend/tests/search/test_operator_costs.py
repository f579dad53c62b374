"""pg_trgm's word-similarity operators are priced as the work they are (migration 0011): at
pg_trgm's default cost the planner scanned a small table computing a similarity for every row
instead of using the trigram index (a search's second tier 7.7 ms instead of 0.2 ms on 1,000
companies, docs/performance.md)."""

from __future__ import annotations

import pytest

from tests.helpers.databases import rows_of

pytestmark = pytest.mark.anyio

FUNCTIONS = ["word_similarity_op", "word_similarity_commutator_op"]


async def test_the_word_similarity_operators_cost_what_they_do(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("pg_trgm is PostgreSQL's")
    rows = await rows_of(
        db_url, "SELECT proname, procost FROM pg_proc WHERE proname = ANY(:names)",
        {"names": FUNCTIONS},
    )  # fmt: skip
    costs = {name: cost for name, cost in rows}

    assert costs == dict.fromkeys(FUNCTIONS, 100), costs
