"""search: keep the GIN indexes' pending lists short, so the planner keeps using them

A GIN index with ``fastupdate`` (PostgreSQL's default) files new entries in a pending list
that every search reads in full until a vacuum (or the list reaching
``gin_pending_list_limit``, 4 MB by default) merges it into the index. The planner counts those
pages: on the benchmark's 10,000 contacts, 1,300 contacts created through the API left 166
pending pages in ``ix_contacts_search_trgm``, the planner turned from the index to a
sequential scan computing a word similarity for every row, and a search took 136 ms instead of
14 ms (bench/api, docs/performance.md). Autovacuum would not come for another 700 inserts.

A limit of 256 kB keeps what a search may have to read small (with the list merged, the same
search used the index even with sequential scans allowed), while bulk writes (imports) still
file their entries in batches.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_LIST_KB = 256
# The GIN indexes of migration 0004: search text (trigrams) and custom-field values.
INDEXES = tuple(
    f"ix_{table}_{kind}"
    for table in ("companies", "contacts", "leads", "deals")
    for kind in ("search_trgm", "custom")
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = {PENDING_LIST_KB})")
        # The limit applies from the next insert: merge what is pending now.
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
