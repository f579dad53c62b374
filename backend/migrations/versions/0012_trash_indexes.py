"""records: index the trash only, not every row's deleted_at

Each record table had an index of ``deleted_at`` for every row. Live rows are read through the
partial ``live`` indexes (0009); this one served only the trash. And it misled SQLite: once the
planner had statistics (ANALYZE, which a served process now runs at start), it read the index's
"100 rows a value" as selective for ``deleted_at IS NULL``, which nearly every row is, and a
deep contact page read and sorted every live contact (1.4 -> 7.6 ms on the small bench data
set) instead of seeking the name index. Now each table indexes its deleted rows only,
by organization and deletion time: the trash's own order.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("activities", "companies", "contacts", "deals", "leads")
TRASH = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
        op.create_index(
            f"ix_{table}_trash",
            table,
            ["org_id", "deleted_at"],
            postgresql_where=TRASH,
            sqlite_where=TRASH,
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_trash", table_name=table)
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"])
